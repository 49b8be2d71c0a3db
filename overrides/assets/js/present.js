// Presentation mode: the lesson on a projector, one slide at a time.
// Loaded by present-loader.js only when a slide is asked for. Which element
// goes on which slide the build has decided (data-dfs-slide, see
// build/slides.py); this module moves those elements into full-screen slides
// and back again, so nothing is copied (ids, labels and the knowledge checks'
// own behaviour stay intact). No inline styles or handlers: CSP-safe.
import { t } from "./strings.js";

const HASH = (n) => `#presentation-${n}`;
// The catalogue's js.present_* strings (one catalogue, as for every feature).
const PRESENT_KEYS = ["slide", "of", "previous", "next", "notes", "no_notes", "exit", "continued",
  "reveal", "revealed", "keys"];
const NOTES = ".handledare";
let state = null;

const el = (tag, attrs = {}, text = null) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== null) node.textContent = text;
  return node;
};

function kindOf(nodes, index) {
  if (index === 0) return "title";
  if (nodes.some((n) => n.matches(".dfs-quiz"))) return "quiz";
  const content = nodes.filter((n) => !n.matches("h2, " + NOTES));
  if (content.length && content.every((n) => n.querySelector("img, svg") && !n.textContent.trim())) {
    return "image";
  }
  return "section";
}

function build(link) {
  const labels = Object.fromEntries(PRESENT_KEYS.map((key) => [key, t(`present_${key}`)]));
  labels.dialog = t("present_dialog", { title: link.dataset.dfsPresentTitle || document.title });
  // The planned elements are the siblings of the link's paragraph: in the
  // article, or in its <div lang="sv"> on an untranslated page.
  const article = link.parentElement.parentElement;
  const lang = article.closest("[lang]")?.getAttribute("lang") || document.documentElement.lang;
  const groups = new Map();
  // Top-level elements of the lesson (Material may have wrapped a table since).
  const planned = [...article.querySelectorAll("[data-dfs-slide]:not(li)")]
    .filter((node) => !node.parentElement.closest("[data-dfs-slide]"));
  for (const node of planned) {
    const n = Number(node.dataset.dfsSlide);
    if (!groups.has(n)) groups.set(n, []);
    groups.get(n).push(node);
  }
  // A list too long for one slide continues on the next: its items carry
  // their own slide number and go into a shallow copy of the list there.
  const clones = new Map(); // copy of a list or table -> its items
  const copies = new Map(); // original -> (slide number -> copy)
  for (const item of article.querySelectorAll("[data-dfs-slide] > li[data-dfs-slide], [data-dfs-slide] tbody > tr[data-dfs-slide]")) {
    const list = item.closest("ul, ol, table");
    const n = Number(item.dataset.dfsSlide);
    if (n === Number(list.dataset.dfsSlide)) continue;
    if (!copies.has(list)) copies.set(list, new Map());
    let copy = copies.get(list).get(n);
    if (!copy) {
      copy = list.cloneNode(false);
      copy.removeAttribute("id");
      if (copy.tagName === "OL") copy.start = [...list.children].indexOf(item) + (list.start || 1);
      if (copy.tagName === "TABLE") {
        if (list.tHead) copy.append(list.tHead.cloneNode(true));
        copy.append(document.createElement("tbody"));
      }
      copies.get(list).set(n, copy);
      clones.set(copy, []);
      if (!groups.has(n)) groups.set(n, []);
      groups.get(n).unshift(copy);
    }
    clones.get(copy).push(item);
  }
  // Material writes the page's <h1> itself, outside the planned content.
  const h1 = article.querySelector(":scope > h1:not([data-dfs-slide])");
  if (h1) groups.set(0, [h1, ...(groups.get(0) || [])]);
  const numbers = [...groups.keys()].sort((a, b) => a - b);
  const total = numbers.length;

  const root = el("div", { class: "dfs-present", role: "dialog", "aria-modal": "true",
    "aria-label": labels.dialog, lang });
  const stage = el("div", { class: "dfs-present__stage", tabindex: "-1" });
  const notes = el("aside", { class: "dfs-present__notes", "aria-label": labels.notes, hidden: "" });
  const bar = el("div", { class: "dfs-present__bar" });
  const prev = el("button", { type: "button", class: "dfs-present__prev", "aria-label": labels.previous }, "←");
  const counter = el("p", { class: "dfs-present__counter", "aria-live": "polite" });
  const next = el("button", { type: "button", class: "dfs-present__next", "aria-label": labels.next }, "→");
  const notesButton = el("button", { type: "button", class: "dfs-present__notes-toggle",
    "aria-pressed": "false" }, labels.notes);
  const exit = el("button", { type: "button", class: "dfs-present__exit" }, labels.exit);
  const keys = el("p", { class: "dfs-present__keys" }, labels.keys);
  bar.append(prev, counter, next, notesButton, exit, keys);
  root.append(stage, notes, bar);

  const moved = []; // [placeholder, node] to put back on close
  const opened = []; // <details> opened for the slides
  const added = []; // nodes this module added inside moved content
  const slides = [];
  let heading = "";
  numbers.forEach((number, index) => {
    const nodes = groups.get(number);
    const kind = kindOf(nodes, index);
    const slide = el("section", { class: `dfs-slide dfs-slide--${kind}`, role: "group",
      "aria-roledescription": labels.slide, "aria-label": `${labels.slide} ${index + 1} ${labels.of} ${total}`,
      hidden: "" });
    const body = el("div", { class: "dfs-slide__body md-typeset" });
    const slideNotes = el("div", { class: "dfs-present__notes-body md-typeset", hidden: "" });
    const h2 = nodes.find((n) => n.matches("h2"));
    if (h2) heading = h2.textContent.replace(/#$/, "").trim();
    else if (index > 0 && heading) {
      body.append(el("h2", { class: "dfs-slide__continued" }, `${heading} (${labels.continued})`));
    }
    for (const node of nodes) {
      if (clones.has(node)) {
        for (const li of clones.get(node)) {
          const placeholder = document.createComment("dfs-slide");
          li.before(placeholder);
          moved.push([placeholder, li]);
          (node.tBodies?.[0] || node).append(li);
        }
        body.append(node);
        continue;
      }
      const placeholder = document.createComment("dfs-slide");
      node.before(placeholder);
      moved.push([placeholder, node]);
      if (node.matches(NOTES)) {
        if (node.matches("details") && !node.open) { node.open = true; opened.push(node); }
        slideNotes.append(node);
      } else {
        body.append(node);
      }
    }
    for (const quiz of body.querySelectorAll(".dfs-quiz")) added.push(...revealer(quiz, labels));
    if (!slideNotes.childElementCount) slideNotes.append(el("p", {}, labels.no_notes));
    slide.append(body);
    stage.append(slide);
    notes.append(slideNotes);
    slides.push({ slide, notes: slideNotes });
  });

  const go = (i) => {
    const index = Math.max(0, Math.min(total - 1, i));
    slides.forEach((s, k) => { s.slide.hidden = k !== index; s.notes.hidden = k !== index; });
    state.index = index;
    counter.textContent = `${labels.slide} ${index + 1} ${labels.of} ${total}`;
    prev.disabled = index === 0;
    next.disabled = index === total - 1;
    if (location.hash !== HASH(index + 1)) history.replaceState(history.state, "", HASH(index + 1));
  };
  const toggleNotes = () => {
    notes.hidden = !notes.hidden;
    notesButton.setAttribute("aria-pressed", String(!notes.hidden));
    root.classList.toggle("dfs-present--notes", !notes.hidden);
  };
  prev.addEventListener("click", () => go(state.index - 1));
  next.addEventListener("click", () => go(state.index + 1));
  notesButton.addEventListener("click", toggleNotes);
  exit.addEventListener("click", () => leave());
  return { link, root, stage, slides, total, index: 0, go, toggleNotes, moved, opened, added };
}

// A knowledge check run with the room: the question first, then the answer.
function revealer(quiz, labels) {
  const button = el("button", { type: "button", class: "md-button dfs-present__reveal" }, labels.reveal);
  const status = el("p", { class: "dfs-present__answer", role: "status" });
  button.addEventListener("click", () => {
    quiz.classList.add("dfs-quiz--revealed");
    const right = [...quiz.querySelectorAll(".dfs-quiz__option")]
      .filter((o) => o.querySelector("input[data-correct='true']"));
    for (const option of right) option.classList.add("dfs-quiz__option--right");
    status.textContent = `${labels.revealed} ` + right.map((o) => [o.querySelector("label").textContent,
      o.querySelector(".dfs-quiz__why")?.textContent].filter(Boolean).join(" – ")).join(" ");
    button.hidden = true;
  });
  quiz.querySelector("fieldset").after(button, status);
  return [button, status];
}

const NAV = {
  ArrowRight: 1, ArrowDown: 1, PageDown: 1, " ": 1, Spacebar: 1,
  ArrowLeft: -1, ArrowUp: -1, PageUp: -1,
};

function onKey(event) {
  if (!state || event.ctrlKey || event.metaKey || event.altKey) return;
  // While presenting, the site's own shortcuts (search, n/p for pages) stay quiet.
  event.stopPropagation();
  const target = event.target;
  const control = target instanceof Element && target.closest("input, select, textarea, button, summary, a");
  const formField = target instanceof Element && target.closest("input, select, textarea");
  if (event.key === "Escape") { event.preventDefault(); leave(); return; }
  if (event.key === "n" || event.key === "N") { event.preventDefault(); state.toggleNotes(); return; }
  if (event.key === "Home") { event.preventDefault(); state.go(0); return; }
  if (event.key === "End") { event.preventDefault(); state.go(state.total - 1); return; }
  const step = NAV[event.key];
  if (!step) return;
  if (formField && event.key.startsWith("Arrow")) return; // radio buttons use the arrows
  if (control && (event.key === " " || event.key === "Spacebar")) return; // Space presses the button
  event.preventDefault();
  state.go(state.index + step);
}

export function open(link, n) {
  if (!state) {
    state = build(link);
    document.body.append(state.root);
    document.documentElement.classList.add("dfs-presenting");
    window.addEventListener("keydown", onKey, true);
    state.go(n - 1);
    state.stage.focus();
  } else {
    state.go(n - 1);
  }
}

export function close() {
  if (!state) return;
  const { root, moved, opened, added, link } = state;
  window.removeEventListener("keydown", onKey, true);
  for (const node of added) node.remove();
  for (const [placeholder, node] of moved) placeholder.replaceWith(node);
  for (const details of opened) details.open = false;
  for (const quiz of document.querySelectorAll(".dfs-quiz--revealed")) quiz.classList.remove("dfs-quiz--revealed");
  for (const option of document.querySelectorAll(".dfs-quiz__option--right")) option.classList.remove("dfs-quiz__option--right");
  root.remove();
  document.documentElement.classList.remove("dfs-presenting");
  state = null;
  link.focus({ preventScroll: true });
  link.scrollIntoView({ block: "center" });
}

// Esc or the exit button: back to the lesson, at the button that started it.
function leave() {
  history.replaceState(history.state, "", location.pathname + location.search);
  close();
}
