// Digitalt först: "Spara kursen för offline" on course pages, the saved
// courses on Mina kurser and on the offline page; app.js loads it only on
// those pages. The service worker (sw.js at the site's root) is registered
// only when the reader presses the button; before that this module stores
// nothing and requests nothing.
import { hasStrings, t } from "./strings.js";

const ROOT = new URL("../../", import.meta.url);
const META = "dfs-offline-meta";
const SAVED = new URL("offline/saved.json", ROOT).href;

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v;
    else if (v !== false && v !== null && v !== undefined) node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
};

// The catalogue's `js.offline_*` strings, named without the prefix: T("saved", { date }).
const T = (key, values) => t(`offline_${key}`, values);

// The language of the build this page belongs to (an untranslated page under
// en/ belongs to the English site).
const rel = location.href.startsWith(ROOT.href) ? location.href.slice(ROOT.href.length) : "";
const LANG = rel.startsWith("en/") ? "en" : "sv";
const LOCALE = LANG === "en" ? "en-GB" : "sv-SE";
const fmtDate = (iso) => new Date(iso).toLocaleDateString(LOCALE, { day: "numeric", month: "long", year: "numeric" });
const fmtMB = (bytes) => (bytes / 1048576).toLocaleString(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

const supported = () => "serviceWorker" in navigator && "caches" in window && window.isSecureContext;

async function registration() {
  return navigator.serviceWorker.getRegistration(ROOT.href);
}

async function readSaved() {
  // caches.open would create a cache: look only if one exists.
  if (!supported() || !(await registration()) || !(await caches.has(META))) return {};
  const hit = await (await caches.open(META)).match(SAVED);
  return hit ? hit.json() : {};
}

async function worker() {
  const reg = (await registration())
    || await navigator.serviceWorker.register(new URL("sw.js", ROOT).href, { scope: ROOT.href, updateViaCache: "none" });
  if (reg.active) return reg.active;
  const pending = reg.installing || reg.waiting;
  await new Promise((resolve) => {
    const check = () => { if (reg.active) resolve(); };
    pending.addEventListener("statechange", check);
    check();
  });
  return reg.active;
}

// Send a message to the service worker; onMessage gets every reply until done.
async function ask(message, onMessage) {
  const sw = await worker();
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => {
      const data = event.data;
      if (data.type === "progress") { onMessage && onMessage(data); return; }
      channel.port1.close();
      resolve(data);
    };
    sw.postMessage(message, [channel.port2]);
  });
}

async function noteUpdate(status) {
  const reg = await registration();
  if (reg && reg.waiting && !status.textContent) status.textContent = T("update");
}

// -- course pages --------------------------------------------------------------
async function setupCourse(box) {
  const slug = box.dataset.dfsOffline;
  const title = box.dataset.dfsOfflineTitle;
  const button = $("[data-dfs-offline-save]", box);
  const bar = $("[data-dfs-offline-progress]", box);
  const status = $("[data-dfs-offline-status]", box);
  box.hidden = false;
  if (location.protocol === "file:") {
    button.parentElement.hidden = true;
    status.textContent = T("file_copy");
    return;
  }
  if (!supported()) {
    button.disabled = true;
    status.textContent = T("unsupported");
    return;
  }
  const myCourses = new URL(LANG === "en" ? "en/mina-kurser/" : "mina-kurser/", ROOT).href;
  const paint = (entry) => {
    // The paragraph, not the button: Material's .md-button display wins over [hidden].
    button.parentElement.hidden = Boolean(entry);
    if (entry) {
      status.replaceChildren(`${T("saved", { date: fmtDate(entry.date) })} (${T("size", { size: fmtMB(entry.bytes) })}). `,
        el("a", { href: myCourses, text: T("manage") }));
    }
  };
  paint((await readSaved())[`${LANG}/${slug}`]);
  noteUpdate(status);
  button.addEventListener("click", async () => {
    button.disabled = true;
    bar.hidden = false;
    bar.removeAttribute("value");
    status.textContent = T("saving", { done: 0, total: "…" });
    const result = await ask({ type: "save", lang: LANG, slug, title }, ({ done, total }) => {
      bar.max = total;
      bar.value = done;
      status.textContent = T("saving", { done, total });
    }).catch((error) => ({ type: "error", message: String(error.message || error) }));
    bar.hidden = true;
    button.disabled = false;
    if (result.type === "saved") {
      paint(result.entry);
    } else {
      status.textContent = T("failed", { error: result.message });
    }
  });
}

// -- Mina kurser and the offline page --------------------------------------------
async function setupList(box) {
  const body = $("[data-dfs-offline-list-body]", box);
  const status = $("[data-dfs-offline-status]", box);
  const offlinePage = box.hasAttribute("data-dfs-offline-page");
  if (offlinePage) {
    const back = new URLSearchParams(location.search).get("sida");
    const retry = $("[data-dfs-offline-retry]");
    if (back && retry && /^[\w\-./]*$/.test(back) && !back.includes("..")) {
      $("[data-dfs-offline-retry-link]").href = new URL(back, ROOT).href;
      retry.hidden = false;
    }
  }
  if (!supported() && !offlinePage) return;
  box.hidden = false;
  const paint = async () => {
    const entries = Object.values(await readSaved())
      .sort((a, b) => a.title.localeCompare(b.title, LOCALE));
    if (!entries.length) { body.replaceChildren(el("p", { text: T("none") })); return; }
    body.replaceChildren(el("ul", { class: "dfs-offline-list__items" }, ...entries.map((entry) => {
      const remove = el("button", { type: "button", class: "md-button dfs-offline-list__remove",
        "aria-label": T("remove_label", { title: entry.title }), text: T("remove") });
      remove.addEventListener("click", async () => {
        remove.disabled = true;
        const result = await ask({ type: "remove", lang: entry.lang, slug: entry.slug });
        status.textContent = result.type === "removed" ? T("removed") : T("failed", { error: result.message });
        await paint();
      });
      const language = entry.lang !== LANG ? ` (${entry.lang === "en" ? "English" : "svenska"})` : "";
      return el("li", { "data-dfs-offline-saved": `${entry.lang}/${entry.slug}` },
        el("a", { href: new URL(entry.url, ROOT).href, text: entry.title }), language,
        el("span", { class: "dfs-muted", text: ` – ${T("saved", { date: fmtDate(entry.date) })}, ${T("size", { size: fmtMB(entry.bytes) })} ` }),
        offlinePage ? null : remove);
    })));
  };
  await paint();
  noteUpdate(status);
}

export function start() {
  if (!hasStrings()) return;
  for (const box of $$("[data-dfs-offline]")) setupCourse(box);
  for (const box of $$("[data-dfs-offline-list]")) setupList(box);
}
