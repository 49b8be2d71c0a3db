// Presentation mode's loader: on every page, but it does nothing until the
// address asks for a slide (#presentation-3). The lesson's "Visa som
// presentation" link sets that address; only then is present.js fetched.
// A reload keeps the address, so the same slide opens again.
const LINK = "[data-dfs-present]";
export const SLIDE_HASH = /^#presentation-(\d+)$/;

let loading = null;

function requested() {
  const match = SLIDE_HASH.exec(location.hash);
  return match ? Number(match[1]) : null;
}

async function sync() {
  const link = document.querySelector(LINK);
  if (!link) return;
  const n = requested();
  if (n === null && !loading) return;
  loading ||= import(new URL("./present.js", import.meta.url).href);
  const present = await loading;
  if (n === null) present.close();
  else present.open(link, n);
}

if (document.querySelector(LINK)) {
  window.addEventListener("hashchange", sync);
  sync();
}
