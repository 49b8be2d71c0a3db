// Pure search logic shared by the worker and the unit tests. Tokens, shard
// names and key rules mirror scripts/digitaltforst/search/index.py. Files are
// read through the functions passed in (shard, bucket), so everything here
// runs in Node as well.

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

// -- What one query word matches ---------------------------------------------

// How much a match counts, by how the word was found. A typo correction
// ranks below every exact match of the same word.
export const FACTOR = { exact: 1, prefix: 0.6, part: 0.8, typo1: 0.5, typo2: 0.35 };
// Typo tolerance: none below five letters, one edit up to seven, then two.
export function maxEdits(word) {
  const n = [...word].length;
  return n < 5 ? 0 : n < 8 ? 1 : 2;
}

// Optimal string alignment distance (a swap of neighbours is one edit), or
// max + 1 as soon as the distance must exceed max.
export function editDistance(a, b, max) {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > max) return max + 1;
  let prev2 = null;
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i += 1) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= t.length; j += 1) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (prev2 && i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        d = Math.min(d, prev2[j - 2] + 1);
      }
      row.push(d);
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return Math.min(prev[t.length], max + 1);
}

const has = (shard, name) => Boolean(shard && (shard.p[name] || shard.f[name]));

// A word the index does not know, read as a compound of two it does:
// "skrivarproblem" -> "skrivare" + "problem", "lösenordsbyte" -> "lösenord" +
// "byte". The modifier must live in the word's own shard (already loaded):
// as it is, without a linking -s, or with the -e/-a a modifier drops. Returns
// [modifier, head] candidates, longest modifier first; the caller checks the head.
export function compoundSplits(word, own, ownShard, split) {
  const chars = [...word];
  const out = [];
  for (let i = chars.length - 3; i >= 3; i -= 1) {
    const modifier = chars.slice(0, i).join("");
    if (shardFor(modifier, split) !== own) continue;
    const head = chars.slice(i).join("");
    const known = [modifier, `${modifier}e`, `${modifier}a`].find((m) => has(ownShard, m))
      ?? (modifier.endsWith("s") && has(ownShard, modifier.slice(0, -1)) ? modifier.slice(0, -1) : null);
    if (known) out.push([known, head]);
  }
  return out;
}

// Index words within maxEdits of a word: [name, distance], nearest first,
// then in the order given (the typo vocabulary lists frequent words first).
export function nearestWords(word, names, max) {
  const found = [];
  for (const name of names) {
    if (name === word) continue;
    const d = editDistance(word, name, max);
    if (d <= max) found.push([name, d]);
  }
  return found.sort((a, b) => a[1] - b[1]);
}

// Everything one query word matches, as "slots" for rankPages: usually one,
// two for a compound read as its parts. ctx: { split, typing, shard(prefix),
// bucket(length), lengths (Set of typo bucket lengths) }; shard and bucket
// resolve to a file's JSON or null. Returns
// { slots: [{ word, postings: [{ key, factor, df, ids, weights }] }],
//   marks: [keys to highlight], correction: the word meant, or null }.
export async function lookupWord(word, ctx) {
  const { split, typing, shard } = ctx;
  const own = shardFor(word, split);
  const first = await shard(own);
  const marks = [];
  const postingsOf = async (keys, holder, holderPrefix, factorOf) => {
    const others = new Map(await Promise.all(
      shardsToFetch(keys, holderPrefix, split).map(async (prefix) => [prefix, await shard(prefix)])));
    const out = [];
    for (const [key, exact] of keys) {
      const home = shardFor(key, split);
      const from = home === holderPrefix || !exact ? holder : others.get(home);
      const entry = from && from.p[key];
      if (!entry) continue;
      out.push({ key, exact, factor: factorOf(exact), df: entry[0], ids: entry[1], weights: entry[2] });
      if (exact && [...key].length >= 3) marks.push(key);
    }
    return out;
  };
  const keys = matchKeys(word, first, typing);
  if (keys.length) {
    const postings = await postingsOf(keys, first, own, (exact) => (exact ? FACTOR.exact : FACTOR.prefix));
    return { slots: [{ word, postings }], marks, correction: null };
  }
  // A typo one edit away within the word's own shard (already loaded) is
  // likelier than a compound; else the word may be a compound the text does
  // not contain, searched as its parts; else a typo further away.
  const max = maxEdits(word);
  const ownNames = max && first ? [...new Set([...Object.keys(first.p), ...Object.keys(first.f)])]
    .sort((x, y) => dfOf(first, y) - dfOf(first, x)) : [];
  let near = nearestWords(word, ownNames, max).map(([name, d]) => [name, d, true]);
  if (!near.length || near[0][1] > 1) {
    for (const [modifier, head] of compoundSplits(word, own, first, split).slice(0, 2)) {
      const headPrefix = shardFor(head, split);
      const headShard = await shard(headPrefix);
      const headKeys = matchKeys(head, headShard, false);
      if (!headKeys.length) continue;
      const [a, b] = await Promise.all([
        postingsOf(matchKeys(modifier, first, false), first, own, () => FACTOR.part),
        postingsOf(headKeys, headShard, headPrefix, () => FACTOR.part),
      ]);
      if (a.length && b.length) {
        return { slots: [{ word: modifier, postings: a }, { word: head, postings: b }], marks, correction: null };
      }
    }
  }
  if (!max) return { slots: [{ word, postings: [] }], marks, correction: null };
  if (!near.length || near[0][1] > 1) {
    const n = [...word].length;
    const lengths = [];
    for (let len = n - max; len <= n + max; len += 1) if (ctx.lengths.has(len)) lengths.push(len);
    const lists = await Promise.all(lengths.map((len) => ctx.bucket(len)));
    const known = new Set(near.map(([name]) => name));
    const more = nearestWords(word, lists.flatMap((list) => list || []), max)
      .filter(([name]) => !known.has(name)).map(([name, d]) => [name, d, false]);
    near = [...near, ...more].sort((x, y) => x[1] - y[1]);
  }
  if (!near.length) return { slots: [{ word, postings: [] }], marks, correction: null };
  const best = near[0][1];
  const chosen = near.filter(([, d]) => d === best).slice(0, 3);
  const factor = best === 1 ? FACTOR.typo1 : FACTOR.typo2;
  const lists = await Promise.all(chosen.map(async ([name, , inOwn]) => {
    const prefix = inOwn ? own : shardFor(name, split);
    const holder = inOwn ? first : await shard(prefix);
    const found = await postingsOf(matchKeys(name, holder, false), holder, prefix, () => factor);
    if (found.length) marks.push(name);
    return found;
  }));
  const postings = lists.flat();
  const correction = postings.length ? chosen.find((c, i) => lists[i].length)[0] : null;
  return { slots: [{ word, postings }], marks, correction };
}

function dfOf(shard, name) {
  if (shard.p[name]) return shard.p[name][0];
  return Math.max(0, ...(shard.f[name] || []).map((key) => (shard.p[key] ? shard.p[key][0] : 0)));
}

// -- Ranking ---------------------------------------------------------------------

// meta.json lists each page's first document as gaps; a page's sections follow it.
export function decodeStarts(gaps) {
  let at = 0;
  return (gaps || []).map((gap) => (at += gap));
}

export function pageOf(id, starts) {
  let lo = 0;
  let hi = starts.length - 1;
  if (hi < 0 || id < starts[0]) return id;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= id) lo = mid; else hi = mid - 1;
  }
  return starts[lo];
}

// BM25's idf: rare keys say more.
export function idf(df, total) {
  return Math.log(1 + (total - df + 0.5) / (df + 0.5));
}

// A section that has several of the query's words together adds this share
// of its own score to its page.
const TOGETHER = 0.5;

// slots: from lookupWord. Pages, best first: those that miss none of the
// query's words before those that miss some, then by score. A page's score
// for a word is its best document's (title and headings are in the weights,
// see index.py), summed over the words, plus TOGETHER times its best
// document's own sum. A word whose postings were cut at build time (a very
// common word) cannot tell that a page lacks it, so it never counts as missing.
// Returns [{ page, score, missing: [slot indices], docs: [[id, score]] best first }].
export function rankPages(slots, totalDocs, starts) {
  const pages = new Map();
  const complete = slots.map((slot) => slot.postings.every((p) => p.df <= p.ids.length));
  const matched = slots.map((slot) => slot.postings.some((p) => p.ids.length));
  slots.forEach((slot, i) => {
    const scores = new Map();
    // A word being typed that already is a word ("inte") is not outweighed by
    // its rarer completions ("integritet"): they count at most its own idf.
    const exactIdf = Math.max(0, ...slot.postings.filter((p) => p.exact !== false).map((p) => idf(p.df, totalDocs)));
    for (const { exact, factor, df, ids, weights } of slot.postings) {
      const w = factor * (exact === false && exactIdf ? Math.min(idf(df, totalDocs), exactIdf) : idf(df, totalDocs));
      ids.forEach((id, j) => {
        const s = (w * weights[j]) / 255;
        if (s > (scores.get(id) || 0)) scores.set(id, s);
      });
    }
    for (const [id, s] of scores) {
      const key = pageOf(id, starts);
      if (!pages.has(key)) pages.set(key, { page: key, best: new Array(slots.length).fill(0), docs: new Map() });
      const page = pages.get(key);
      page.best[i] = Math.max(page.best[i], s);
      page.docs.set(id, (page.docs.get(id) || 0) + s);
    }
  });
  const ranked = [...pages.values()].map(({ page, best, docs }) => {
    const sorted = [...docs].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const score = best.reduce((sum, s) => sum + s, 0) + TOGETHER * sorted[0][1];
    const missing = best.flatMap((s, i) => (!s && complete[i] && matched[i] ? [i] : []));
    return { page, score, missing, docs: sorted };
  });
  return ranked.sort((a, b) => a.missing.length - b.missing.length || b.score - a.score || a.page - b.page);
}

// The documents to fetch for the result list, in page order: each page's
// best documents (at most perPage), until there are `top`.
export function pickDocs(ranked, top, perPage = 4) {
  const out = [];
  for (const { docs } of ranked) {
    for (const doc of docs.slice(0, perPage)) {
      if (out.length >= top) return out;
      out.push(doc);
    }
  }
  return out;
}

// -- Showing results -------------------------------------------------------------

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
  }[c]));
}

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// Mark every word of the text that starts with one of the terms, in one pass
// over the raw text with one pattern (longest term first, so of "lösen" and
// "lösenord" the longer wins): no term can match inside markup added for
// another. The text is escaped piece by piece; the result is HTML.
export function highlight(text, terms) {
  const raw = String(text ?? "");
  const list = [...new Set(terms.map((t) => String(t).toLowerCase()).filter(Boolean))]
    .sort((a, b) => b.length - a.length).map(escapeRegExp);
  if (!list.length) return escapeHtml(raw);
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${list.join("|")})[\\p{L}\\p{N}]*(?:-[\\p{L}\\p{N}]+)*`, "giu");
  let html = "";
  let at = 0;
  for (const match of raw.matchAll(pattern)) {
    html += `${escapeHtml(raw.slice(at, match.index))}<mark data-md-highlight>${escapeHtml(match[0])}</mark>`;
    at = match.index + match[0].length;
  }
  return html + escapeHtml(raw.slice(at));
}

// The "did you mean" line: a result of its own, first, that searches again
// for the corrected query (Material opens the search for ?q= on arrival).
const DID_YOU_MEAN = { sv: ["Menade du", "?"], en: ["Did you mean", "?"] };
export function suggestionItem(query, lang) {
  const [before, after] = DID_YOU_MEAN[lang] || DID_YOU_MEAN.sv;
  return {
    location: `?q=${encodeURIComponent(query).replace(/%20/g, "+")}`,
    title: `${before} <em class="dfs-did-you-mean">${escapeHtml(query)}</em>${after}`,
    text: "",
    score: 0,
    terms: {},
  };
}

// -- Loading -----------------------------------------------------------------

// A cache of loads: get(path) resolves to the JSON, or to null for a file
// that does not exist; it rejects when the load failed (network, server).
// A failure is not kept: the next query asks again.
export function cachedLoader(get) {
  const cache = new Map();
  return (path) => {
    if (!cache.has(path)) {
      cache.set(path, Promise.resolve().then(() => get(path)).catch(() => {
        cache.delete(path);
        return null;
      }));
    }
    return cache.get(path);
  };
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
