// Small DOM helpers shared by the features.
export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v;
    else if (v !== false && v !== null && v !== undefined) node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

// An SVG element with attributes and optional text; `parent` gets it appended.
const SVG_NS = "http://www.w3.org/2000/svg";
export function svgEl(tag, attrs = {}, text = undefined, parent = null) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined && text !== null && text !== "") node.textContent = text;
  if (parent) parent.append(node);
  return node;
}

// The JSON of a <script type="application/json" id=...>; null if absent or unreadable.
export function readJson(id) {
  const node = globalThis.document?.getElementById(id);
  if (!node) return null;
  try {
    return JSON.parse(node.textContent);
  } catch {
    console.warn(`[digitaltforst] #${id} is not valid JSON`);
    return null;
  }
}

// Offer text as a file download.
export function download(text, filename) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = el("a", { href: url, download: filename, hidden: "" });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// A notice at the top of the page's content (storage problems).
export function pageNotice(id, text, kind = "warning") {
  let box = document.getElementById(id);
  if (!box) {
    const where = $(".md-content__inner") || document.body;
    box = el("div", { id, class: `admonition ${kind} dfs-notice`, role: "status" });
    where.prepend(box);
  }
  box.replaceChildren(...(Array.isArray(text) ? text : [el("p", { text })]));
  return box;
}
