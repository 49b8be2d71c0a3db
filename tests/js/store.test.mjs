import { test } from "node:test";
import assert from "node:assert/strict";
import * as store from "../../overrides/assets/js/store.js";
import { MemoryStorage } from "../../overrides/assets/js/storage.js";

test("empty storage gives empty current-version data", () => {
  const data = store.load(new MemoryStorage());
  assert.equal(data.version, store.VERSION);
  assert.deepEqual(data.progress, {});
});

test("progress round-trips through storage", () => {
  const storage = new MemoryStorage();
  let data = store.load(storage);
  data = store.setDone(data, "natfiske-vad-ar", true, new Date("2026-11-20T10:00:00Z"));
  store.save(data, storage);
  const again = store.load(storage);
  assert.equal(again.progress["natfiske-vad-ar"], "2026-11-20T10:00:00.000Z");
  assert.deepEqual(store.courseProgress(again, ["natfiske-vad-ar", "natfiske-2"]),
    { done: 1, total: 2, finished: false, lastDate: "2026-11-20T10:00:00.000Z" });
  const undone = store.setDone(again, "natfiske-vad-ar", false);
  assert.equal("natfiske-vad-ar" in undone.progress, false);
});

test("version 1 data migrates to the current version and is rewritten", () => {
  const v1 = { version: 1, progress: ["eleg-vad-ar", "eleg-skaffa"], updated: "2026-05-01T08:00:00Z", name: "Anna",
    assessment: { date: "2026-05-02T08:00:00Z", answers: { "info-sok": 5 }, scores: { 1: 5 } } };
  const storage = new MemoryStorage({ [store.KEY]: JSON.stringify(v1) });
  const data = store.load(storage);
  assert.equal(data.version, store.VERSION);
  assert.deepEqual(Object.keys(data.progress).sort(), ["eleg-skaffa", "eleg-vad-ar"]);
  assert.equal(data.assessments.length, 1);
  assert.equal(data.profile.name, "Anna");
  assert.deepEqual(data.quiz, {});
  assert.equal(JSON.parse(storage.getItem(store.KEY)).version, store.VERSION);
});

test("corrupt stored data is kept aside, never silently lost", () => {
  const storage = new MemoryStorage({ [store.KEY]: "{not json" });
  const data = store.load(storage);
  assert.deepEqual(data.progress, {});
  const backups = [...storage.map.keys()].filter((k) => k.startsWith(store.PREFIX + "backup-"));
  assert.equal(backups.length, 1);
  assert.equal(storage.getItem(backups[0]), "{not json");
});

test("export then import gives back the same data", () => {
  let data = store.setDone(store.emptyData(), "losen-starka", true, new Date("2026-11-01T00:00:00Z"));
  data = { ...data, assessments: [{ date: "2026-11-02T00:00:00Z", answers: { "sak-sms": 6 }, scores: { 4: 6 } }] };
  const back = store.parseImport(store.exportText(data));
  assert.equal(back.ok, true);
  assert.deepEqual(back.data, data);
});

test("foreign, corrupt and future files are rejected with a reason the page can name", () => {
  // The Swedish wording for each code is checked in the browser
  // (test_progress.py::test_rejected_import_files_say_why).
  for (const [text, code] of [
    ["not json at all", "json"],
    [JSON.stringify({ hello: "world" }), "foreign"],
    [JSON.stringify({ app: "digitaltforst", data: { version: 99 } }), "newer"],
    [JSON.stringify({ app: "digitaltforst", data: { version: 2, progress: { "../x": null }, assessments: [], profile: { name: "", municipality: "" } } }), "lesson"],
    [JSON.stringify({ app: "digitaltforst", data: { version: 2, progress: {}, assessments: [{ date: "2026-01-01", answers: { a: 9 }, scores: {} }], profile: { name: "", municipality: "" } } }), "scale"],
  ]) {
    const result = store.parseImport(text, { scale: [1, 7] });
    assert.equal(result.ok, false, text);
    assert.equal(result.code, code, text);
  }
  const outside = store.parseImport(JSON.stringify({ app: "digitaltforst", data: { version: 2, progress: {}, assessments: [{ date: "2026-01-01", answers: { a: 9 }, scores: {} }], profile: { name: "", municipality: "" } } }), { scale: [1, 7] });
  assert.deepEqual(outside.values, { min: 1, max: 7 });
});

test("clearAll removes only this site's keys", () => {
  const storage = new MemoryStorage({ [store.KEY]: "{}", [store.PREFIX + "backup-1"]: "x", "other-site": "keep" });
  store.clearAll(storage);
  assert.deepEqual([...storage.map.keys()], ["other-site"]);
});

// -- version 3 (issue 21): knowledge check answers ------------------------------

const V2 = { version: 2, progress: { "natfiske-1": "2026-11-20T10:00:00.000Z" },
  assessments: [], profile: { name: "Kim", municipality: "" } };

test("version 2 data migrates to version 3 with no answers, keeping everything else", () => {
  const storage = new MemoryStorage({ [store.KEY]: JSON.stringify(V2) });
  const data = store.load(storage);
  assert.equal(store.VERSION, 3);
  assert.equal(data.version, 3);
  assert.deepEqual(data.quiz, {});
  assert.deepEqual(data.progress, V2.progress);
  assert.equal(data.profile.name, "Kim");
  const written = JSON.parse(storage.getItem(store.KEY));
  assert.equal(written.version, 3);
  assert.deepEqual(written.quiz, {});
});

test("the latest answer per check is kept and counted per course", () => {
  const storage = new MemoryStorage();
  let data = store.load(storage);
  data = store.setQuizAnswer(data, "natfiske-1-k1", 0, false, new Date("2026-12-01T09:00:00Z"));
  data = store.setQuizAnswer(data, "natfiske-1-k1", 2, true, new Date("2026-12-01T09:05:00Z"));
  data = store.setQuizAnswer(data, "natfiske-2-k1", 1, false);
  store.save(data, storage);
  const again = store.load(storage);
  assert.deepEqual(again.quiz["natfiske-1-k1"], { answer: 2, correct: true, date: "2026-12-01T09:05:00.000Z" });
  assert.deepEqual(store.quizScore(again, ["natfiske-1-k1", "natfiske-2-k1", "natfiske-3-k1", "natfiske-3-k2"]),
    { answered: 2, right: 1, total: 4 });
});

test("an export with answers imports again; a broken answer is rejected by name", () => {
  const data = store.setQuizAnswer(store.emptyData(), "losen-1-k1", 1, true, new Date("2026-12-01T00:00:00Z"));
  const back = store.parseImport(store.exportText(data));
  assert.equal(back.ok, true);
  assert.deepEqual(back.data, data);
  for (const entry of [{ answer: -1, correct: true, date: "2026-12-01" }, { answer: 1, correct: "yes", date: "2026-12-01" },
    { answer: 1, correct: true, date: "igår" }, "rätt"]) {
    const text = JSON.stringify({ app: store.APP, data: { ...store.emptyData(), quiz: { "losen-1-k1": entry } } });
    const result = store.parseImport(text);
    assert.equal(result.ok, false, JSON.stringify(entry));
    assert.equal(result.code, "quiz");
    assert.deepEqual(result.values, { id: "losen-1-k1" });
  }
  const notAMap = store.parseImport(JSON.stringify({ app: store.APP, data: { ...store.emptyData(), quiz: [] } }));
  assert.equal(notAMap.code, "parts");
});

test("next lesson and the course to resume follow the newest mark", () => {
  let data = store.emptyData();
  assert.equal(store.resumeCourse(data, [{ slug: "a", lessons: ["a-1", "a-2"] }]), null);
  data = store.setDone(data, "a-1", true, new Date("2026-11-01T00:00:00Z"));
  data = store.setDone(data, "b-1", true, new Date("2026-11-05T00:00:00Z"));
  data = store.setDone(data, "b-2", true, new Date("2026-11-06T00:00:00Z"));
  const courses = [{ slug: "a", lessons: ["a-1", "a-2"] }, { slug: "b", lessons: ["b-1", "b-2", "b-3"] },
    { slug: "c", lessons: ["c-1"] }];
  assert.equal(store.nextLesson(data, ["b-1", "b-2", "b-3"]), "b-3");
  assert.deepEqual(store.resumeCourse(data, courses), { course: courses[1], next: "b-3" });
  // A finished course is not one to resume: the older started one is.
  data = store.setDone(data, "b-3", true, new Date("2026-11-07T00:00:00Z"));
  assert.deepEqual(store.resumeCourse(data, courses), { course: courses[0], next: "a-2" });
  assert.equal(store.nextLesson(data, ["b-1", "b-2", "b-3"]), null);
});
