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

export function shardOf(key) {
  return [...key].slice(0, 2).join("");
}

export function shardFile(prefix) {
  return [...prefix].map((c) => (/^[a-z0-9]$/i.test(c) ? c : `_${c.codePointAt(0).toString(16)}`)).join("");
}

// Index keys for one query word: [key, exact] pairs. Exact: the word itself,
// or a stem it is a form of. Prefix (search as you type): keys and forms that
// start with the word, for the word being typed or when nothing else matched.
export function matchKeys(word, shard, typing) {
  if (!shard) return [];
  const keys = new Map();
  if (shard.p[word]) keys.set(word, true);
  for (const key of shard.f[word] || []) keys.set(key, true);
  // Genitive of a word the dictionary does not know: "Kivras" -> "kivra".
  if (!keys.size && word.endsWith("s") && shard.p[word.slice(0, -1)]) keys.set(word.slice(0, -1), true);
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
