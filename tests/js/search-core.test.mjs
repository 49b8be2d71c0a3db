import { test } from "node:test";
import assert from "node:assert/strict";
import {
  debounced, groupByPage, matchKeys, normalizeQuery, shardFile, shardFor, shardsToFetch,
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
