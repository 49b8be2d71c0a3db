// Search worker speaking Material's worker protocol (SETUP 0 -> READY 1,
// QUERY 2 -> RESULT 3), so Material's search UI, shortcuts and ?q= links stay.
// It loads only the index shards a query needs (see search_index.py).
// Material starts a classic worker, so the shared logic comes in by import().
const core = import("./search-core.js");

const params = new URL(self.location.href).searchParams;
const LANG = params.get("lang") === "en" ? "en" : "sv";
const ROOT = new URL(`../../search/${LANG}/`, self.location.href);
const cache = new Map();
let meta = null;
let latest = 0;

function load(path) {
  if (!cache.has(path)) {
    cache.set(path, fetch(new URL(path, ROOT)).then((r) => (r.ok ? r.json() : null)).catch(() => null));
  }
  return cache.get(path);
}

let shardOf, shardFile, matchKeys, normalizeQuery, rankDocs;
const shard = (prefix) => load(`t/${shardFile(prefix)}.json`);

async function docs(ids) {
  const per = meta.perShard;
  const files = [...new Set(ids.map((id) => Math.floor(id / per)))];
  const loaded = await Promise.all(files.map((n) => load(`d/${n}.json`)));
  const out = new Map();
  files.forEach((n, i) => (loaded[i] || []).forEach((doc, j) => out.set(n * per + j, doc)));
  return out;
}

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
}

function highlight(text, words) {
  let html = escapeHtml(text);
  for (const word of words) {
    const re = new RegExp(`(^|[^\\p{L}\\p{N}])(${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[\\p{L}\\p{N}-]*)`, "giu");
    html = html.replace(re, "$1<mark data-md-highlight>$2</mark>");
  }
  return html;
}

async function search(query) {
  ({ shardOf, shardFile, matchKeys, normalizeQuery, rankDocs } = await core);
  const words = normalizeQuery(query);
  if (!words.length) return { items: [] };
  meta ??= await load("meta.json");
  if (!meta) return { items: [] };
  const perWord = [];
  for (const [i, word] of words.entries()) {
    const first = await shard(shardOf(word));
    // A form like "gick" may map to a stem ("gå") that lives in another shard.
    const keys = matchKeys(word, first, i === words.length - 1);
    const postings = [];
    for (const [key, exact] of keys) {
      const holder = shardOf(key) === shardOf(word) ? first : await shard(shardOf(key));
      const entry = holder && holder.p[key];
      if (entry) postings.push({ exact, df: entry[0], ids: entry[1], weights: entry[2] });
    }
    perWord.push(postings);
  }
  const ranked = rankDocs(perWord, meta.docs);
  if (!ranked.length) return { items: [] };
  // Only what the first screen of results shows: each document costs a shard fetch.
  const top = ranked.slice(0, 24);
  const found = await docs(top.map(([id]) => id));
  // Parents (pages) of matching sections, for grouping.
  const parents = [...new Set(top.map(([id]) => found.get(id)?.[3]).filter((p) => p >= 0 && !found.has(p)))];
  for (const [id, doc] of await docs(parents)) if (!found.has(id)) found.set(id, doc);
  const groups = new Map();
  for (const [id, score] of top) {
    const doc = found.get(id);
    if (!doc) continue;
    const pageId = doc[3] >= 0 ? doc[3] : id;
    if (!groups.has(pageId)) groups.set(pageId, []);
    groups.get(pageId).push({ id, score });
  }
  const terms = Object.fromEntries(words.map((w, i) => [w, perWord[i].length > 0]));
  const items = [];
  for (const [pageId, hits] of groups) {
    const list = hits.map(({ id, score }) => {
      const [location, title, text] = found.get(id);
      return { location, title: highlight(title, words), text: highlight(text, words), score, terms };
    });
    if (!hits.some((h) => h.id === pageId)) {
      const page = found.get(pageId);
      if (page) list.unshift({ location: page[0], title: highlight(page[1], words), text: highlight(page[2], words), score: 0, terms: {} });
    } else {
      list.sort((a, b) => (a.location.includes("#") ? 1 : 0) - (b.location.includes("#") ? 1 : 0));
    }
    items.push(list);
  }
  return { items };
}

self.addEventListener("message", async (event) => {
  const message = event.data;
  if (message.type === 0) {
    self.postMessage({ type: 1 });
  } else if (message.type === 2) {
    const ticket = ++latest;
    const data = await search(String(message.data || ""));
    // Typing sends a query per key: only answer the newest one.
    if (ticket === latest) self.postMessage({ type: 3, data });
  }
});
