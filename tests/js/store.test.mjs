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
  assert.equal(data.version, 2);
  assert.deepEqual(Object.keys(data.progress).sort(), ["eleg-skaffa", "eleg-vad-ar"]);
  assert.equal(data.assessments.length, 1);
  assert.equal(data.profile.name, "Anna");
  assert.equal(JSON.parse(storage.getItem(store.KEY)).version, 2);
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
