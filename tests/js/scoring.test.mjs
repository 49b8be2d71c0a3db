import { test } from "node:test";
import assert from "node:assert/strict";
import { areaScores, band, levelFor, recommend, weakestAreas, change } from "../../overrides/assets/js/scoring.js";

const areaOf = { a1: 1, a2: 1, b1: 2, b2: 2, c1: 3, d1: 4, d2: 4, e1: 5 };

test("area averages are means per area, one decimal", () => {
  const scores = areaScores({ a1: 2, a2: 3, b1: 7, b2: 6, c1: 4, d1: 1, d2: 2, e1: 5 }, areaOf);
  assert.deepEqual(scores, { 1: 2.5, 2: 6.5, 3: 4, 4: 1.5, 5: 5 });
});

test("bands and levels follow the score", () => {
  assert.equal(band(3.4), "low");
  assert.equal(band(3.5), "mid");
  assert.equal(band(5.5), "high");
  assert.equal(levelFor(2), "grundläggande");
  assert.equal(levelFor(4), "bred");
  assert.equal(levelFor(6.2), "utvecklad");
});

test("the two weakest areas get courses of the matching level first", () => {
  const scores = { 1: 2.5, 2: 6.5, 3: 4, 4: 1.5, 5: 5 };
  assert.deepEqual(weakestAreas(scores), [4, 1]);
  const courses = [
    { slug: "gdpr", title: "Bemötande", area: 4, level: "bred" },
    { slug: "natfiske", title: "Nätfiske", area: 4, level: "grundläggande" },
    { slug: "losenord", title: "Lösenord", area: 4, level: "grundläggande" },
    { slug: "kallkritik", title: "Källkritik", area: 1, level: "bred" },
    { slug: "ai", title: "AI", area: 5, level: "utvecklad" },
  ];
  const recs = recommend(scores, courses);
  assert.deepEqual(recs.map((r) => r.area), [4, 1]);
  assert.deepEqual(recs[0].courses.map((c) => c.slug), ["losenord", "natfiske"]);
  assert.deepEqual(recs[1].courses.map((c) => c.slug), ["kallkritik"]);
});

test("change since last time", () => {
  assert.equal(change(5.5, 4), 1.5);
  assert.equal(change(3, null), null);
});
