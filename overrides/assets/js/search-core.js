// Pure search logic shared by the worker and the unit tests. Tokens, shard
// names and key rules mirror scripts/digitaltforst/search_index.py.

const WORD = /[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu;
const MAX_PREFIX_KEYS = 40;

export function normalizeQuery(query) {
  const words = [];
  for (const match of String(query).toLowerCase().matchAll(WORD)) {
    const word = match[0];
    if ([...word].length >= 2 && !words.includes(word)) words.push(word);
  }
  return words;
}

// The term shard a key or query word lives in: its first letter, one more
// letter for as long as that prefix was split at build time (meta.json lists
// the split prefixes). A word shorter than the shard it would need ends at a
// split prefix, whose shard holds that prefix's own keys and its most
// frequent completions.
export function shardFor(word, split) {
  const chars = [...word];
  let n = 1;
  while (n < chars.length && split.has(chars.slice(0, n).join(""))) n += 1;
  return chars.slice(0, n).join("");
}

export function shardFile(prefix) {
  return [...prefix].map((c) => (/^[a-z0-9]$/i.test(c) ? c : `_${c.codePointAt(0).toString(16)}_`)).join("");
}

// Index keys for one query word: [key, exact] pairs. Exact: the word itself,
// or a stem it is a form of. Prefix (search as you type): keys and forms that
// start with the word, for the word being typed or when nothing else matched.
// (The genitive of a word the dictionaries do not know, "kivras" -> "kivra",
// is a form in the index.)
export function matchKeys(word, shard, typing) {
  if (!shard) return [];
  const keys = new Map();
  if (shard.p[word]) keys.set(word, true);
  for (const key of shard.f[word] || []) keys.set(key, true);
  if (typing || !keys.size) {
    const prefixed = Object.keys(shard.p)
      .filter((k) => k !== word && k.startsWith(word))
      .sort((a, b) => shard.p[b][0] - shard.p[a][0])
      .slice(0, MAX_PREFIX_KEYS);
    for (const key of prefixed) if (!keys.has(key)) keys.set(key, false);
    for (const [form, stems] of Object.entries(shard.f)) {
      if (form.startsWith(word)) for (const key of stems) if (!keys.has(key)) keys.set(key, false);
    }
  }
  return [...keys];
}

// The shards a word's keys need beyond its own: exact keys (a form such as
// "gick" whose stem "gå" lives elsewhere) are fetched; completions are taken
// only from the word's own shard, since a word being typed changes with the
// next key and every fetch for it would be wasted.
export function shardsToFetch(keys, own, split) {
  const needed = new Set();
  for (const [key, exact] of keys) {
    const home = shardFor(key, split);
    if (exact && home !== own) needed.add(home);
  }
  return [...needed];
}

// perWord: for each query word, a list of {exact, df, ids, weights}.
// Returns [[docId, score]] best first: documents with every word if any,
// otherwise documents with any word.
export function rankDocs(perWord, totalDocs) {
  const maps = perWord.map((postings) => {
    const scores = new Map();
    for (const { exact, df, ids, weights } of postings) {
      const idf = Math.log(1 + totalDocs / Math.max(df, 1));
      ids.forEach((id, i) => {
        const s = (exact ? 1 : 0.6) * (1 + Math.log(weights[i])) * idf;
        if (s > (scores.get(id) || 0)) scores.set(id, s);
      });
    }
    return scores;
  });
  if (!maps.length) return [];
  const combine = (ids) => [...ids].map((id) => [id, maps.reduce((sum, m) => sum + (m.get(id) || 0), 0)]);
  let ids = [...maps[0].keys()].filter((id) => maps.every((m) => m.has(id)));
  if (!ids.length) ids = new Set(maps.flatMap((m) => [...m.keys()]));
  return combine(ids).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
}

// Group ranked documents by page for Material's result list. docs: id ->
// [location, title, text, pageTitle?] (pageTitle only on sections). A page
// that is not itself a hit heads its sections with its title (score 0, as
// Material shows it without teaser). Returns lists of
// {id, location, title, text, score, page}, page: true for an added header.
export function groupByPage(ranked, docs) {
  const groups = new Map();
  for (const [id, score] of ranked) {
    const doc = docs.get(id);
    if (!doc) continue;
    const [location, title, text, pageTitle] = doc;
    const page = location.split("#")[0];
    const key = location.includes("#") && pageTitle === undefined ? location : page;
    if (!groups.has(key)) groups.set(key, { page, pageTitle, hits: [] });
    const group = groups.get(key);
    if (pageTitle !== undefined) group.pageTitle = pageTitle;
    group.hits.push({ id, location, title, text, score, page: false });
  }
  return [...groups.values()].map(({ page, pageTitle, hits }) => {
    if (hits.some((h) => h.location === page)) {
      // The page first: Material takes the first item without "#" as the page.
      return [...hits].sort((a, b) => (a.location.includes("#") ? 1 : 0) - (b.location.includes("#") ? 1 : 0));
    }
    if (pageTitle === undefined) return hits;
    return [{ id: null, location: page, title: pageTitle, text: "", score: 0, page: true }, ...hits];
  });
}

// Typing sends a query per key. debounced(ms) returns run(fn): fn runs only
// if no newer run() came within ms, and gets stale(), true once a newer run()
// came, to stop before fetching more. A superseded run resolves to undefined.
export function debounced(ms, wait = (t) => new Promise((resolve) => setTimeout(resolve, t))) {
  let latest = 0;
  return async (fn) => {
    const ticket = ++latest;
    await wait(ms);
    const stale = () => ticket !== latest;
    if (stale()) return undefined;
    const result = await fn(stale);
    return stale() ? undefined : result;
  };
}
