// Presentation mode's loader, started by app.js on a lesson (the page has
// the "Visa som presentation" link). It does nothing until the address asks
// for a slide (#presentation-3); the link sets that address. Only then are
// present.js and the page's disabled present.css (main.html) loaded.
// A reload keeps the address, so the same slide opens again.
const LINK = "[data-dfs-present]";
const STYLES = "link[data-dfs-present-css]";
export const SLIDE_HASH = /^#presentation-(\d+)$/;

let loading = null;

function requested() {
  const match = SLIDE_HASH.exec(location.hash);
  return match ? Number(match[1]) : null;
}

// Enable the stylesheet and wait until it applies (or failed: the slides
// still open, unstyled, rather than not at all).
function styles() {
  const sheet = document.querySelector(STYLES);
  if (!sheet || !sheet.hasAttribute("disabled")) return Promise.resolve();
  return new Promise((resolve) => {
    sheet.addEventListener("load", resolve, { once: true });
    sheet.addEventListener("error", resolve, { once: true });
    sheet.removeAttribute("disabled");
  });
}

async function sync() {
  const link = document.querySelector(LINK);
  if (!link) return;
  const n = requested();
  if (n === null && !loading) return;
  loading ||= Promise.all([import("./present.js"), styles()]).then(([present]) => present);
  const present = await loading;
  if (n === null) present.close();
  else present.open(link, n);
}

let listening = false;

export function start() {
  if (!document.querySelector(LINK)) return;
  if (!listening) window.addEventListener("hashchange", sync);
  listening = true;
  sync();
}
