// Search worker speaking Material's worker protocol (SETUP 0 -> READY 1,
// QUERY 2 -> RESULT 3), so Material's search UI, shortcuts and ?q= links stay.
// It loads only the files a query needs (see search/index.py): meta.json once,
// one term shard per query word, the typo vocabulary only for a word that
// matched nothing, and one small file per document shown.
// Material starts a classic worker on every page, so the shared logic comes
// in by import(), and only with the first query: a page whose reader never
// searches does not download it.
let core = null;

const params = new URL(self.location.href).searchParams;
const LANG = params.get("lang") === "en" ? "en" : "sv";
const ROOT = new URL(`../../search/${LANG}/`, self.location.href);
// Wait this long after a keystroke: a query typed past is never fetched.
const DEBOUNCE_MS = 150;
// Documents fetched per query: the first screens of Material's result list.
const TOP = 24;
const SCHEMA = 3;
let load = null;
let meta = null;
let schedule = null;

// A missing file (404) is an answer and kept; any other failure is not, so
// the next query tries again (one lost request on a slow link must not end
// the search until the page is reloaded).
async function getJson(path) {
  const response = await fetch(new URL(path, ROOT));
  if (response.ok) return response.json();
  if (response.status === 404) return null;
  throw new Error(`${path}: HTTP ${response.status}`);
}

async function search(lib, query, stale) {
  const { shardFile, normalizeQuery, lookupWord, decodeStarts, rankPages, pickDocs, groupByPage,
    highlight, suggestionItem } = lib;
  const words = normalizeQuery(query);
  if (!words.length) return { items: [] };
  if (!meta) {
    const loaded = await load("meta.json");
    if (!loaded || loaded.schema !== SCHEMA) return { items: [] };
    meta = { ...loaded, split: new Set(loaded.split), starts: decodeStarts(loaded.pages),
      lengths: new Set(loaded.words || []) };
  }
  const ctx = {
    split: meta.split,
    lengths: meta.lengths,
    shard: (prefix) => load(`t/${shardFile(prefix)}.json`),
    bucket: (length) => load(`w/${length}.json`),
  };
  const found = await Promise.all(words.map((word, i) =>
    lookupWord(word, { ...ctx, typing: i === words.length - 1 })));
  // Words to mark in results and on the page opened (Material's ?h=): what
  // was typed plus the index words it matched ("säkerheten" -> "säkerhet").
  const marks = [...new Set([...words, ...found.flatMap((f) => f.marks)])];
  const slots = [];
  const slotsOf = found.map((f) => f.slots.map((slot) => slots.push(slot) - 1));
  const corrected = found.some((f) => f.correction);
  const suggestion = corrected
    ? words.map((word, i) => found[i].correction || word).join(" ") : null;
  const ranked = rankPages(slots, meta.docs, meta.starts);
  if (stale()) return undefined; // a newer query came: fetch no documents for this one
  const top = pickDocs(ranked, TOP);
  const loaded = await Promise.all(top.map(([id]) => load(`d/${id}.json`)));
  const docs = new Map(top.map(([id], i) => [id, loaded[i]]).filter(([, doc]) => doc));
  const pageOfDoc = new Map(ranked.flatMap((p) => p.docs.map(([id]) => [id, p])));
  const items = groupByPage(top, docs).map((list) => {
    // Per page: which of the typed words it has (Material lists the others
    // as missing), plus the words to mark.
    const page = pageOfDoc.get(list.find((d) => d.id !== null).id);
    const terms = Object.fromEntries([
      ...words.map((word, i) => [word, slotsOf[i].every((s) => !page.missing.includes(s))
        && slotsOf[i].some((s) => slots[s].postings.length)]),
      ...marks.filter((m) => !words.includes(m)).map((m) => [m, true])]);
    return list.map((doc) => ({
      location: doc.location,
      title: highlight(doc.title, marks),
      text: highlight(doc.text, marks),
      score: doc.score,
      terms, // also on a group's page entry: Material highlights them (?h=) on arrival
    }));
  });
  if (suggestion) items.unshift([suggestionItem(suggestion, LANG)]);
  return { items };
}

self.addEventListener("message", async (event) => {
  const message = event.data;
  if (message.type === 0) {
    self.postMessage({ type: 1 });
  } else if (message.type === 2) {
    const query = String(message.data || "");
    if (!core && !/[\p{L}\p{N}]/u.test(query)) {
      // Material's first, empty query on every page: no words, no results,
      // and no query before it that this answer could overtake.
      self.postMessage({ type: 3, data: { items: [] } });
      return;
    }
    // A failed download is tried again with the next query.
    core ??= import("./search-core.js").catch((error) => { core = null; throw error; });
    const lib = await core;
    load ??= lib.cachedLoader(getJson);
    schedule ??= lib.debounced(DEBOUNCE_MS);
    // Typing sends a query per key: only the newest one is searched and answered.
    const data = await schedule((stale) => search(lib, query, stale));
    if (data) self.postMessage({ type: 3, data });
  }
});
