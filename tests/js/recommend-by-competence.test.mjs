// Recommendations by competence (issue 20) and the group's figures: pure
// functions of scoring.js on small made-up data. The real statements and
// courses are tested in tests/test_self_assessment_recommendations.py.
import { test } from "node:test";
import assert from "node:assert/strict";
import { coursesForArea, coursesForStatement, groupSummary, median, recommendCourses, weakStatements } from "../../overrides/assets/js/scoring.js";

const courses = [
  { slug: "soka", title: "Söka", area: 1, level: "grundläggande", competences: ["1.1", "1.2"] },
  { slug: "kallkritik", title: "Källkritik", area: 1, level: "bred", competences: ["1.1", "1.2"] },
  { slug: "myndighet", title: "Myndighetstjänster", area: 2, level: "grundläggande", competences: ["2.3", "1.3"] },
  { slug: "ai", title: "AI", area: 5, level: "utvecklad", competences: ["5.2", "1.2"] },
  { slug: "video", title: "Videosamtal", area: 2, level: "grundläggande", competences: ["2.1", "2.2"] },
  { slug: "natfiske", title: "Nätfiske", area: 4, level: "grundläggande", competences: ["4.2", "1.2"] },
  { slug: "gdpr", title: "Bemötande", area: 4, level: "bred", competences: ["4.2", "2.5"] },
];
const statements = [
  { id: "brevlada", area: 2, competences: ["2.3", "1.3"] },
  { id: "ai", area: 3, competences: ["1.2", "5.2"] },
  { id: "video", area: 2, competences: ["2.1"] },
  { id: "granska", area: 1, competences: ["1.2", "1.1"] },
  { id: "sms", area: 4, competences: ["4.2", "1.2"] },
];

test("a statement goes to the courses teaching its competences, not to its area's courses", () => {
  assert.equal(coursesForStatement(statements[0], 1, courses)[0].slug, "myndighet");
  assert.equal(coursesForStatement(statements[1], 2, courses)[0].slug, "ai"); // area 3 statement, area 5 course
  assert.deepEqual(coursesForStatement(statements[2], 2, courses).map((c) => c.slug), ["video"]);
});

test("among equal matches the level fits the answer", () => {
  assert.equal(coursesForStatement(statements[3], 2, courses)[0].slug, "soka"); // unsure: basic
  assert.equal(coursesForStatement(statements[3], 5, courses)[0].slug, "kallkritik"); // fairly sure: broad
});

test("more shared competences win over level", () => {
  // sms probes 4.2 and 1.2: nätfiske teaches both, Bemötande only 4.2
  assert.deepEqual(coursesForStatement(statements[4], 5, courses).map((c) => c.slug).slice(0, 2), ["natfiske", "gdpr"]);
});

test("the weak statements are those in the lowest band answered", () => {
  const answers = { brevlada: 2, ai: 6, video: 3, granska: 5, sms: 7 };
  assert.deepEqual(weakStatements(answers, statements).map((s) => s.id), ["brevlada", "video"]);
  const noLow = { brevlada: 6, ai: 5, video: 6, granska: 4, sms: 7 };
  assert.deepEqual(weakStatements(noLow, statements).map((s) => s.id), ["granska", "ai"]);
});

test("recommendations: lowest answers first, statements sharing a course gathered, done courses skipped", () => {
  const answers = { brevlada: 3, ai: 1, video: 2, granska: 1, sms: 6 };
  const recs = recommendCourses(answers, statements, courses);
  assert.deepEqual(recs.map((r) => r.course.slug), ["ai", "soka", "video", "myndighet"]);
  assert.deepEqual(recs[0].statements.map((s) => s.id), ["ai"]);
  const skipped = recommendCourses(answers, statements, courses, { skip: (c) => c.slug === "soka" });
  assert.ok(!skipped.some((r) => r.course.slug === "soka"));
  assert.ok(skipped.some((r) => r.course.slug === "kallkritik")); // the next best for "granska"
  assert.deepEqual(recommendCourses(answers, statements, courses, { skip: () => true }), []);
});

test("a group's weak area: courses for the area's statements, a level that fits first", () => {
  const got = coursesForArea(2, 2, statements, courses).map((c) => c.slug);
  assert.deepEqual(got.slice(0, 2).sort(), ["myndighet", "video"]);
  // a confident group is not sent to a basic course first when another fits
  assert.equal(coursesForArea(1, 5, statements, courses)[0].slug, "kallkritik");
});

test("median, spread and middle half per area", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  const list = [{ 1: 2, 2: 5 }, { 1: 3, 2: 6 }, { 1: 4, 2: 4 }, { 1: 2.5, 2: 7 }];
  const [a1, a2] = groupSummary(list, [1, 2]);
  assert.deepEqual(a1, { area: 1, n: 4, median: 2.75, min: 2, max: 4, q1: 2.25, q3: 3.5 });
  assert.deepEqual(a2, { area: 2, n: 4, median: 5.5, min: 4, max: 7, q1: 4.5, q3: 6.5 });
  const [three] = groupSummary([{ 1: 1 }, { 1: 4 }, { 1: 6 }], [1]);
  assert.deepEqual([three.q1, three.median, three.q3], [1, 4, 6]);
});
