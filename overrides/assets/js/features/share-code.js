// "Dela med gruppen" on the self-assessment result: the anonymous group code
// (groupcode.js) as text to copy and as a QR code (qrcode.js), shown only
// when the reader asks for it. Nothing is sent: the reader copies the code,
// or a facilitator scans it with a phone's camera.
import { el, svgEl } from "../dom.js";
import { encode } from "../groupcode.js";
import { qrMatrix, qrPath } from "../qrcode.js";
import { t } from "../strings.js";

let counter = 0;

export function qrSvg(text, label) {
  const { size, d } = qrPath(qrMatrix(text));
  const svg = svgEl("svg", { viewBox: `0 0 ${size} ${size}`, class: "dfs-share-qr", role: "img",
    "aria-label": label, "shape-rendering": "crispEdges" });
  svgEl("rect", { width: size, height: size, fill: "#fff" }, undefined, svg);
  svgEl("path", { d, fill: "#000" }, undefined, svg);
  return svg;
}

async function copy(text, field) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    field.select(); // the reader can copy it by hand
    return false;
  }
}

export function shareBlock(scores, scale, groupUrl) {
  const code = encode(scores, scale);
  const id = `dfs-share-${(counter += 1)}`;
  const section = el("section", { class: "dfs-share", "aria-labelledby": `${id}-title` },
    el("h3", { id: `${id}-title`, text: t("share_title") }));
  if (!code) {
    section.append(el("p", { text: t("share_incomplete") }));
    return section;
  }
  const toggle = el("button", { type: "button", class: "md-button", "aria-expanded": "false", "aria-controls": id, text: t("share_show") });
  const field = el("input", { type: "text", readonly: "", value: code, class: "dfs-share__code", id: `${id}-code`, "aria-describedby": `${id}-what`, spellcheck: "false", autocomplete: "off" });
  const status = el("p", { class: "dfs-share__status", role: "status", "aria-live": "polite" });
  const copyButton = el("button", { type: "button", class: "md-button", text: t("share_copy") });
  copyButton.addEventListener("click", async () => {
    status.textContent = (await copy(code, field)) ? t("share_copied") : t("share_copy_by_hand");
  });
  const panel = el("div", { id, class: "dfs-share__panel", hidden: "" },
    el("p", {}, el("label", { for: `${id}-code`, text: t("share_code_label") })),
    el("p", { class: "dfs-share__row" }, field, " ", copyButton),
    status,
    el("figure", { class: "dfs-share__qr" }, qrSvg(code, t("share_qr_label", { code })),
      el("figcaption", { text: t("share_qr_caption") })),
    groupUrl ? el("p", {}, t("share_where"), " ", el("a", { href: groupUrl, text: t("share_group_page") }), ".") : null);
  toggle.addEventListener("click", () => {
    const open = panel.hidden;
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (open) field.focus();
  });
  section.append(el("p", { id: `${id}-what`, text: t("share_what") }), el("p", {}, toggle), panel);
  return section;
}
