import { test } from "node:test";
import assert from "node:assert/strict";
import {
  FACTOR, cachedLoader, compoundSplits, debounced, decodeStarts, editDistance, groupByPage, highlight,
  idf, lookupWord, matchKeys, maxEdits, nearestWords, normalizeQuery, pageOf, pickDocs, rankPages,
  shardFile, shardFor, shardsToFetch, suggestionItem,
} from "../../overrides/assets/js/search-core.js";

// Split prefixes as meta.json lists them: "b" and "be" and "bes" were too big.
const split = new Set(["b", "be", "bes", "ö"]);

test("a word's shard is the longest split prefix plus one letter", () => {
  assert.equal(shardFor("besökare", split), "besö");
  assert.equal(shardFor("bank", split), "ba");
  assert.equal(shardFor("lösenord", split), "l");
  assert.equal(shardFor("över", split), "öv");
});

test("a word shorter than its shard stops at the split prefix", () => {
  assert.equal(shardFor("be", split), "be");
  assert.equal(shardFor("bes", split), "bes");
});

test("shard file names match search_index.file_name", () => {
  // The same table is asserted in tests/test_search_i18n.py.
  assert.equal(shardFile("besö"), "bes_f6_");
  assert.equal(shardFile("e-"), "e_2d_");
  assert.equal(shardFile("ä1"), "_e4_1");
  assert.notEqual(shardFile("ä1"), shardFile("\u0e41"));
});

// A split shard: its own key "be" and the frequent completions under it.
const beShard = {
  p: { be: [5, [1], [2]], besökare: [90, [3, 4], [9, 8]], behöver: [40, [5], [3]] },
  f: { be: ["be"] },
};

test("typing a short prefix completes from the split shard's frequent keys", () => {
  const keys = matchKeys("be", beShard, true);
  assert.deepEqual(keys, [["be", true], ["besökare", false], ["behöver", false]]);
});

test("a finished word does not complete when it matched exactly", () => {
  assert.deepEqual(matchKeys("be", beShard, false), [["be", true]]);
});

test("exact keys in other shards are fetched, completions are not", () => {
  const keys = [["gå", true], ["gick", true], ["gammal", false]];
  assert.deepEqual(shardsToFetch(keys, "gi", new Set(["g"])), ["gå"]);
  assert.deepEqual(shardsToFetch([["gammal", false]], "gi", new Set(["g"])), []);
});

test("query words are lower-cased, deduplicated and at least two letters", () => {
  assert.deepEqual(normalizeQuery("Besökare i E-legitimation besökare"), ["besökare", "e-legitimation"]);
});

test("sections are grouped under their page, headed by its title", () => {
  const docs = new Map([
    [7, ["a/#x", "Avsnitt X", "text x", "Sidan A"]],
    [8, ["b/", "Sidan B", "text b"]],
    [9, ["b/#y", "Avsnitt Y", "text y", "Sidan B"]],
    [3, ["a/#z", "Avsnitt Z", "text z", "Sidan A"]],
    [4, ["c/#w", "Utan sida", "text w"]],
  ]);
  const ranked = [[7, 5], [9, 4], [8, 3], [3, 2], [4, 1]];
  const groups = groupByPage(ranked, docs);
  assert.deepEqual(groups.map((g) => g.map((d) => d.location)), [
    ["a/", "a/#x", "a/#z"], // page header added, not a hit
    ["b/", "b/#y"], // the page is a hit: first, with its score
    ["c/#w"], // a section without a page entry stays alone
  ]);
  assert.equal(groups[0][0].title, "Sidan A");
  assert.equal(groups[0][0].page, true);
  assert.equal(groups[1][0].score, 3);
});

test("only the newest of quick queries runs; older ones are dropped", async () => {
  const ticks = [];
  const wait = () => new Promise((resolve) => ticks.push(resolve));
  const run = debounced(150, wait);
  const ran = [];
  const first = run(async () => { ran.push("be"); return "be"; });
  const second = run(async () => { ran.push("bes"); return "bes"; });
  ticks.forEach((resolve) => resolve());
  assert.equal(await first, undefined);
  assert.equal(await second, "bes");
  assert.deepEqual(ran, ["bes"]);
});

test("a query overtaken while it runs is not answered", async () => {
  const run = debounced(0, () => Promise.resolve());
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  const slow = run(async (stale) => { await gate; return stale() ? "stopped" : "answer"; });
  await new Promise((resolve) => setTimeout(resolve, 0));
  const fast = run(async () => "newest");
  release();
  assert.equal(await slow, undefined);
  assert.equal(await fast, "newest");
});

// -- Highlighting ----------------------------------------------------------------

const marksOf = (html) => [...html.matchAll(/<mark data-md-highlight>(.*?)<\/mark>/g)].map((m) => m[1]);

test("a later term never matches inside the markup of an earlier one", () => {
  // "lösenord ma" on the way to "mail": "ma" must not touch <mark ...>.
  const html = highlight("Starka lösenord och dataläckor", ["lösenord", "ma", "mark", "data", "highlight"]);
  assert.equal(html, "Starka <mark data-md-highlight>lösenord</mark> och <mark data-md-highlight>dataläckor</mark>");
});

test("text is escaped: < and & show as themselves and never open a tag", () => {
  const html = highlight("Skriv <b> & tryck på lt-knappen", ["lt", "b", "amp"]);
  assert.equal(html, "Skriv &lt;<mark data-md-highlight>b</mark>&gt; &amp; tryck på <mark data-md-highlight>lt-knappen</mark>");
  assert.equal(highlight("a < b && c", []), "a &lt; b &amp;&amp; c");
});

test("of terms that are prefixes of each other, each word is marked once", () => {
  const html = highlight("Lösen, lösenord och lösenordshanterare", ["lösen", "lösenord", "lösenordshanterare"]);
  assert.deepEqual(marksOf(html), ["Lösen", "lösenord", "lösenordshanterare"]);
  assert.doesNotMatch(html, /<mark[^>]*><mark/);
});

test("overlapping terms mark the whole word, from its start only", () => {
  const html = highlight("Tvåstegsverifiering, verifiering", ["steg", "verifiering", "två"]);
  assert.deepEqual(marksOf(html), ["Tvåstegsverifiering", "verifiering"]);
});

test("Swedish letters match in any case; words start at letters, not inside them", () => {
  const html = highlight("ÄLDRE besökare, Åsa och änglar; läsa", ["äldre", "åsa", "äng", "sa"]);
  assert.deepEqual(marksOf(html), ["ÄLDRE", "Åsa", "änglar"]);
});

test("terms with regular-expression characters are taken literally", () => {
  assert.equal(highlight("axb a.b aaa", ["a.b", "a*"]), "axb <mark data-md-highlight>a.b</mark> aaa");
});

// -- Typos and compounds ---------------------------------------------------------

test("edit distance counts a swap of neighbours as one edit and stops early", () => {
  assert.equal(editDistance("lösenrod", "lösenord", 2), 1);
  assert.equal(editDistance("källkritk", "källkritik", 2), 1);
  assert.equal(editDistance("desinfomation", "desinformation", 2), 1);
  assert.equal(editDistance("skrivare", "skrivare", 1), 0);
  assert.equal(editDistance("abcdef", "uvwxyz", 2), 3);
  assert.equal(editDistance("kort", "mycketlängre", 2), 3);
});

test("typo tolerance starts at five letters and allows two edits from eight", () => {
  assert.deepEqual(["bok", "lösen", "skrivre", "lösenrod"].map(maxEdits), [0, 1, 1, 2]);
});

test("nearest words come nearest first, frequent first among equals", () => {
  const near = nearestWords("lösenrod", ["lösenordet", "lösenorde", "lösenord", "lösen", "lösenrods"], 2);
  assert.deepEqual(near, [["lösenord", 1], ["lösenrods", 1], ["lösenorde", 2]]);
});

test("a compound splits where its modifier is a known word", () => {
  const shard = { p: { skrivare: [3, [1], [9]], skriva: [9, [2], [9]] }, f: {} };
  assert.deepEqual(compoundSplits("skrivarproblem", "s", shard, new Set())[0], ["skrivare", "problem"]);
  const los = { p: { lösenord: [5, [1], [9]] }, f: {} };
  // With a linking -s first: the longer modifier is tried first.
  assert.deepEqual(compoundSplits("lösenordsbyte", "l", los, new Set()), [["lösenord", "byte"], ["lösenord", "sbyte"]]);
});

// Files of a small index, as the worker would fetch them.
function fakeIndex() {
  const shards = {
    l: { p: { lösenord: [2, [0, 5], [200, 80]], lösen: [1, [9], [50]] }, f: { lösenorden: ["lösenord"] } },
    s: { p: { skrivare: [1, [3], [255]] }, f: { skrivaren: ["skrivare"] } },
    p: { p: { problem: [2, [3, 7], [40, 90]] }, f: {} },
    d: { p: { desinformation: [1, [8], [255]] }, f: {} },
  };
  const buckets = { 12: [], 13: [], 14: ["desinformation"], 15: [] };
  const fetched = [];
  return {
    fetched,
    ctx: {
      split: new Set(),
      typing: false,
      lengths: new Set([12, 13, 14, 15]),
      shard: async (prefix) => { fetched.push(`t/${prefix}`); return shards[prefix] || null; },
      bucket: async (len) => { fetched.push(`w/${len}`); return buckets[len] || null; },
    },
  };
}

test("a typo after the first letters is corrected from the word's own shard", async () => {
  const { ctx, fetched } = fakeIndex();
  const found = await lookupWord("lösenrod", ctx);
  assert.equal(found.correction, "lösenord");
  assert.deepEqual(found.slots[0].postings.map((p) => [p.key, p.factor]), [["lösenord", FACTOR.typo1]]);
  assert.deepEqual(fetched, ["t/l"]); // no typo vocabulary needed
});

test("other typos are corrected from the typo vocabulary of nearby lengths", async () => {
  const { ctx, fetched } = fakeIndex();
  const found = await lookupWord("tesinformation", ctx); // 14 letters: two edits
  assert.equal(found.correction, "desinformation");
  assert.ok(found.slots[0].postings.length);
  assert.deepEqual(fetched.filter((f) => f.startsWith("w/")), ["w/12", "w/13", "w/14", "w/15"]);
});

test("exact words, short words and nonsense get no correction", async () => {
  const { ctx } = fakeIndex();
  assert.equal((await lookupWord("lösenorden", ctx)).correction, null);
  assert.equal((await lookupWord("lösx", ctx)).correction, null);
  assert.equal((await lookupWord("desinfomation", ctx)).correction, "desinformation");
  const nonsense = await lookupWord("blorptifax", ctx);
  assert.equal(nonsense.correction, null);
  assert.deepEqual(nonsense.slots[0].postings, []);
});

test("a compound the index lacks is searched as its two parts", async () => {
  const { ctx } = fakeIndex();
  const found = await lookupWord("skrivarproblem", ctx);
  assert.deepEqual(found.slots.map((s) => s.word), ["skrivare", "problem"]);
  assert.equal(found.correction, null);
});

// -- Ranking ---------------------------------------------------------------------

const slot = (word, postings) => ({ word, postings: postings.map(([df, ids, weights, factor = 1]) => ({ key: word, factor, df, ids, weights })) });

test("pages are ranked, not sections: a page's sections add up", () => {
  // Pages start at documents 0 and 10. Page 10 has "skrivare" in its title
  // (doc 10) and "fungera" in a section (doc 12); page 0 has both in one
  // section but weakly.
  const ranked = rankPages([
    slot("skrivare", [[2, [10, 3], [255, 40]]]),
    slot("fungera", [[2, [12, 3], [120, 40]]]),
  ], 20, [0, 10]);
  assert.deepEqual(ranked.map((p) => p.page), [10, 0]);
  assert.deepEqual(ranked[0].docs.map(([id]) => id), [10, 12]);
});

test("a page with every query word comes before a page with some, however strong", () => {
  const ranked = rankPages([
    slot("bankid", [[2, [0, 10], [255, 30]]]),
    slot("skaffa", [[1, [10], [30]]]),
  ], 20, [0, 10]);
  assert.deepEqual(ranked.map((p) => [p.page, p.missing]), [[10, []], [0, [1]]]);
});

test("a very common word whose postings were cut never counts as missing", () => {
  // "inte": in 500 documents, only the best 2 listed.
  const ranked = rankPages([
    slot("skrivare", [[1, [10], [255]]]),
    slot("inte", [[500, [0, 1], [90, 90]]]),
  ], 600, [0, 10]);
  assert.equal(ranked[0].page, 10);
  assert.deepEqual(ranked[0].missing, []);
});

test("a typo match ranks below an exact one of the same strength", () => {
  const ranked = rankPages([slot("lösenord", [[1, [0], [200]], [1, [10], [200, 0], FACTOR.typo1]])], 20, [0, 10]);
  assert.deepEqual(ranked.map((p) => p.page), [0, 10]);
});

test("a rare word counts more than a common one (idf)", () => {
  assert.ok(idf(1, 1000) > idf(100, 1000));
  assert.ok(idf(1000, 1000) >= 0);
});

test("page starts decode from gaps and every document finds its page", () => {
  const starts = decodeStarts([0, 4, 1, 50]);
  assert.deepEqual(starts, [0, 4, 5, 55]);
  assert.deepEqual([0, 3, 4, 5, 54, 55, 99].map((id) => pageOf(id, starts)), [0, 0, 4, 5, 5, 55, 55]);
});

test("documents are picked page by page, a few per page", () => {
  const ranked = [{ docs: [[1, 9], [2, 8], [3, 7]] }, { docs: [[10, 5]] }];
  assert.deepEqual(pickDocs(ranked, 3, 2).map(([id]) => id), [1, 2, 10]);
});

// -- Did you mean, loading -------------------------------------------------------

test("the did-you-mean line searches again for the corrected query, escaped", () => {
  const item = suggestionItem("lösenord <b>", "sv");
  assert.equal(item.location, "?q=l%C3%B6senord+%3Cb%3E");
  assert.equal(item.title, 'Menade du <em class="dfs-did-you-mean">lösenord &lt;b&gt;</em>?');
  assert.match(suggestionItem("password", "en").title, /^Did you mean /);
});

test("a failed load is tried again on the next query; a missing file is kept", async () => {
  let calls = 0;
  const load = cachedLoader(async (path) => {
    calls += 1;
    if (path === "missing.json") return null;
    if (calls === 1) throw new Error("network");
    return { ok: path };
  });
  assert.equal(await load("t/l.json"), null); // the first try failed
  assert.deepEqual(await load("t/l.json"), { ok: "t/l.json" }); // asked again
  assert.deepEqual(await load("t/l.json"), { ok: "t/l.json" }); // now kept
  assert.equal(await load("missing.json"), null);
  assert.equal(await load("missing.json"), null);
  assert.equal(calls, 3);
});

test("completions of a word being typed do not outweigh the word itself", () => {
  // "inte" (common, exact) on page 0; its completion "integritet" (rare) on page 10.
  const typing = { word: "inte", postings: [
    { key: "inte", exact: true, factor: 1, df: 50, ids: [0], weights: [200] },
    { key: "integritet", exact: false, factor: FACTOR.prefix, df: 2, ids: [10], weights: [200] }] };
  const ranked = rankPages([typing], 100, [0, 10]);
  assert.deepEqual(ranked.map((p) => p.page), [0, 10]);
});
