// Search worker speaking Material's worker protocol (SETUP 0 -> READY 1,
// QUERY 2 -> RESULT 3), so Material's search UI, shortcuts and ?q= links stay.
// It loads only the files a query needs (see search_index.py): meta.json once,
// one term shard per query word, and one small file per document shown.
// Material starts a classic worker, so the shared logic comes in by import().
const core = import("./search-core.js");

const params = new URL(self.location.href).searchParams;
const LANG = params.get("lang") === "en" ? "en" : "sv";
const ROOT = new URL(`../../search/${LANG}/`, self.location.href);
// Wait this long after a keystroke: a query typed past is never fetched.
const DEBOUNCE_MS = 150;
// Documents fetched per query: the first screens of Material's result list.
const TOP = 24;
const cache = new Map();
let meta = null;
let split = new Set();
let schedule = null;

function load(path) {
  if (!cache.has(path)) {
    cache.set(path, fetch(new URL(path, ROOT)).then((r) => (r.ok ? r.json() : null)).catch(() => null));
  }
  return cache.get(path);
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

async function search(lib, query, stale) {
  const { shardFor, shardFile, matchKeys, shardsToFetch, normalizeQuery, rankDocs, groupByPage } = lib;
  const shard = (prefix) => load(`t/${shardFile(prefix)}.json`);
  const words = normalizeQuery(query);
  if (!words.length) return { items: [] };
  if (!meta) {
    meta = await load("meta.json");
    split = new Set(meta?.split || []);
  }
  if (!meta) return { items: [] };
  // Words to mark in results and on the page opened (Material's ?h=): what
  // was typed plus the index words it is a form of ("säkerheten" -> "säkerhet").
  const marks = new Set(words);
  const perWord = await Promise.all(words.map(async (word, i) => {
    const own = shardFor(word, split);
    const first = await shard(own);
    const keys = matchKeys(word, first, i === words.length - 1);
    const others = new Map(await Promise.all(
      shardsToFetch(keys, own, split).map(async (prefix) => [prefix, await shard(prefix)])));
    const postings = [];
    for (const [key, exact] of keys) {
      const home = shardFor(key, split);
      const holder = home === own || !exact ? first : others.get(home);
      const entry = holder && holder.p[key];
      if (entry) postings.push({ exact, df: entry[0], ids: entry[1], weights: entry[2] });
      if (entry && exact && [...key].length >= 3) marks.add(key);
    }
    return postings;
  }));
  const ranked = rankDocs(perWord, meta.docs);
  if (!ranked.length) return { items: [] };
  if (stale()) return undefined; // a newer query came: fetch no documents for this one
  const top = ranked.slice(0, TOP);
  const loaded = await Promise.all(top.map(([id]) => load(`d/${id}.json`)));
  const docs = new Map(top.map(([id], i) => [id, loaded[i]]).filter(([, doc]) => doc));
  const terms = Object.fromEntries([
    ...words.map((w, i) => [w, perWord[i].length > 0]),
    ...[...marks].filter((m) => !words.includes(m)).map((m) => [m, true])]);
  const shown = [...marks];
  const items = groupByPage(top, docs).map((list) => list.map((doc) => ({
    location: doc.location,
    title: highlight(doc.title, shown),
    text: highlight(doc.text, shown),
    score: doc.score,
    terms, // also on a group's page entry: Material highlights them (?h=) on arrival
  })));
  return { items };
}

self.addEventListener("message", async (event) => {
  const message = event.data;
  if (message.type === 0) {
    self.postMessage({ type: 1 });
  } else if (message.type === 2) {
    const lib = await core;
    schedule ??= lib.debounced(DEBOUNCE_MS);
    // Typing sends a query per key: only the newest one is searched and answered.
    const data = await schedule((stale) => search(lib, String(message.data || ""), stale));
    if (data) self.postMessage({ type: 3, data });
  }
});
