// The reader's data in a hostile browser (issue 22): one test per fault.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as store from "../../overrides/assets/js/store.js";
import { MemoryStorage, openStorage } from "../../overrides/assets/js/storage.js";
import { createSession } from "../../overrides/assets/js/session.js";
import { band, recommend } from "../../overrides/assets/js/scoring.js";
import { fmtNumber, useStrings } from "../../overrides/assets/js/strings.js";

const quotaError = () => Object.assign(new Error("The quota has been exceeded."), { name: "QuotaExceededError" });

// A storage with a size limit, counted like browsers do (key + value characters).
class QuotaStorage extends MemoryStorage {
  constructor(quota, entries = {}) { super(entries); this.quota = quota; }
  used(except) { let n = 0; for (const [k, v] of this.map) if (k !== except) n += k.length + v.length; return n; }
  setItem(k, v) {
    if (this.used(k) + k.length + String(v).length > this.quota) throw quotaError();
    super.setItem(k, v);
  }
}

const day = new Date("2026-11-20T10:00:00Z");
const stored = (storage) => JSON.parse(storage.getItem(store.KEY));
const backups = (storage) => [...storage.map.keys()].filter((k) => k.startsWith(store.BACKUP_PREFIX));

test("blocked storage: reading localStorage throws, the reader still gets a working page", () => {
  const opened = openStorage(() => { throw Object.assign(new Error("The operation is insecure."), { name: "SecurityError" }); });
  assert.equal(opened.persistent, false);
  assert.equal(opened.reason, "blocked");
  const session = createSession(opened);
  assert.deepEqual(session.update((d) => store.setDone(d, "natfiske-1", true, day)), { ok: true });
  assert.ok("natfiske-1" in session.data.progress);
  // A storage whose getItem throws later: loading never throws either.
  const broken = { getItem() { throw new Error("gone"); }, setItem() { throw new Error("gone"); }, removeItem() {}, key() { return null; }, length: 0 };
  assert.deepEqual(store.load(broken).progress, {});
});

test("storage that refuses every write and holds nothing of ours falls back to memory", () => {
  class Zero extends MemoryStorage { setItem() { throw quotaError(); } }
  const opened = openStorage(() => new Zero());
  assert.equal(opened.persistent, false);
  assert.equal(opened.reason, "no-quota");
});

test("quota full: save reports it, and memory goes back to what is stored", () => {
  const storage = new QuotaStorage(2000);
  const session = createSession({ storage });
  assert.equal(session.update((d) => store.setDone(d, "natfiske-1", true, day)).ok, true);
  storage.setItem("another-site", "x".repeat(2000 - storage.used() - 20)); // the origin fills up
  assert.deepEqual(store.save(store.setDone(session.data, "x", true), storage).ok, false); // never throws
  const result = session.update((d) => store.setDone(d, "natfiske-2", true, day));
  assert.equal(result.ok, false);
  assert.equal(result.reason, "quota");
  assert.deepEqual(session.data, stored(storage)); // memory and storage agree
  assert.deepEqual(Object.keys(session.data.progress), ["natfiske-1"]);
});

test("corrupt data is set aside, listed for download, and the page starts empty", () => {
  const storage = new MemoryStorage({ [store.KEY]: "{not json" });
  const session = createSession({ storage, now: () => day });
  assert.deepEqual(session.data.progress, {});
  assert.equal(storage.getItem(store.KEY), null);
  assert.deepEqual(session.setAsideNow, [store.BACKUP_PREFIX + day.getTime()]);
  const listed = session.listSetAside();
  assert.equal(listed.length, 1);
  assert.equal(listed[0].reason, "corrupt");
  assert.equal(listed[0].date, day.toISOString());
  assert.equal(session.readSetAside(listed[0].key), "{not json");
  // Two loads in the same millisecond never overwrite a backup.
  storage.setItem(store.KEY, "{also broken");
  createSession({ storage, now: () => day });
  assert.deepEqual(backups(storage).map((k) => storage.getItem(k)).sort(), ["{also broken", "{not json"]);
});

test("a corrupt value too big to copy is still moved aside, never blocks the page", () => {
  const huge = "{" + "x".repeat(3_000_000);
  const storage = new QuotaStorage(5_000_000, { [store.KEY]: huge });
  const opened = store.open(storage, { now: day });
  assert.equal(opened.held, false);
  assert.equal(storage.getItem(store.KEY), null);
  assert.equal(storage.getItem(opened.setAside[0]), huge);
  assert.equal(store.save(store.setDone(opened.data, "natfiske-1", true), storage).ok, true);
});

test("unreadable data that cannot be moved at all is kept where it is and not overwritten", () => {
  // Full to the last character: the backup's longer key does not fit even
  // after the value is removed, putting the value back does.
  const storage = new QuotaStorage(store.KEY.length + "{broken".length, { [store.KEY]: "{broken" });
  const session = createSession({ storage, now: () => day });
  assert.equal(session.held, true);
  assert.equal(session.heldText, "{broken");
  const result = session.update((d) => store.setDone(d, "natfiske-1", true, day));
  assert.deepEqual(result, { ok: false, reason: "held" });
  assert.equal(storage.getItem(store.KEY), "{broken"); // the reader's data is still there
  assert.equal(session.clear().ok, true); // "Radera mina uppgifter" frees it
  assert.equal(session.held, false);
});

test("two tabs: each change is read-modify-write, so tabs add up instead of overwriting", () => {
  const storage = new MemoryStorage();
  const tabA = createSession({ storage });
  const tabB = createSession({ storage }); // opened before A changes anything
  tabA.update((d) => store.setDone(d, "natfiske-1", true, day));
  tabB.update((d) => store.setDone(d, "natfiske-2", true, day));
  tabB.update((d) => store.setName(d, "Kim"));
  assert.deepEqual(Object.keys(stored(storage).progress).sort(), ["natfiske-1", "natfiske-2"]);
  let seen = null;
  tabA.onChange((data) => { seen = data; });
  tabA.reload(); // what the storage event does
  assert.deepEqual(Object.keys(seen.progress).sort(), ["natfiske-1", "natfiske-2"]);
  assert.equal(tabA.data.profile.name, "Kim");
});

test("partial scores from version 1 are migrated and shown as unanswered areas", () => {
  const v1 = { version: 1, progress: ["eleg-1"], updated: "2026-05-01T08:00:00Z", name: "",
    assessment: { date: "2026-05-02T08:00:00Z", answers: { "info-sok": 5 }, scores: { 1: 5 } } };
  const storage = new MemoryStorage({ [store.KEY]: JSON.stringify(v1) });
  const data = store.load(storage);
  assert.deepEqual(data.assessments[0].scores, { 1: 5 });
  assert.deepEqual(backups(storage), []);
  const scores = data.assessments[0].scores;
  assert.deepEqual(recommend(scores, []).map((g) => g.area), [1]); // no area without a score
  useStrings({ "js.no_score": "–" });
  assert.equal(fmtNumber(scores[2]), "–"); // used to throw on undefined
});

test("scores must be finite numbers per area, also in an imported file", () => {
  const file = (scores, answers = { "info-sok": 5 }) => JSON.stringify({ app: store.APP, data: { version: 2, progress: {},
    assessments: [{ date: "2026-05-02T08:00:00Z", answers, scores }], profile: { name: "", municipality: "" } } });
  assert.equal(store.parseImport(file({ 1: 5, 2: 4.5 }), { scale: [1, 7] }).ok, true);
  for (const [scores, code] of [[{ 1: "5" }, "score"], [{ 1: null }, "score"], [{ x: 5 }, "score"], [{ 1: 9 }, "scale"]]) {
    const result = store.parseImport(file(scores), { scale: [1, 7] });
    assert.equal(result.ok, false, JSON.stringify(scores));
    assert.equal(result.code, code, JSON.stringify(scores));
  }
  assert.equal(store.parseImport(file({ 1: 5 }, { "info-sok": 5.5 })).code, "assessment");
  // Stored data with a broken score is set aside, not shown as a blank page.
  const storage = new MemoryStorage({ [store.KEY]: JSON.parse(file({ 1: "5" })).data && JSON.stringify(JSON.parse(file({ 1: "5" })).data) });
  assert.deepEqual(store.load(storage).assessments, []);
  assert.equal(backups(storage).length, 1);
});

test("data from a newer version is set aside and named as such", () => {
  const newer = JSON.stringify({ version: store.VERSION + 1, progress: {}, things: [] });
  const storage = new MemoryStorage({ [store.KEY]: newer });
  const session = createSession({ storage, now: () => day });
  assert.deepEqual(session.data.progress, {});
  const [item] = session.listSetAside();
  assert.equal(item.reason, "newer");
  assert.equal(session.readSetAside(item.key), newer);
  assert.equal(store.parseImport(JSON.stringify({ app: store.APP, data: JSON.parse(newer) })).code, "newer");
});

test("the scale comes from the page: 9 on a 1–10 scale is kept, on import and on load", () => {
  const data = { version: 2, progress: { "natfiske-1": null }, assessments: [{ date: "2026-05-02T08:00:00Z", answers: { "info-sok": 9 }, scores: { 1: 9 } }], profile: { name: "", municipality: "" } };
  assert.equal(store.parseImport(JSON.stringify({ app: store.APP, data }), { scale: [1, 10] }).ok, true);
  assert.deepEqual(store.parseImport(JSON.stringify({ app: store.APP, data }), { scale: [1, 7] }).values, { min: 1, max: 7 });
  const storage = new MemoryStorage({ [store.KEY]: JSON.stringify(data) });
  assert.ok("natfiske-1" in store.load(storage).progress); // progress never goes to a backup over the scale
  assert.equal(band(9, [1, 10]), "high");
  assert.equal(band(5, [1, 10]), "mid");
  assert.equal(band(3.4, [1, 10]), "low");
  assert.equal(store.isScale([1, 10]), true);
  assert.equal(store.isScale([5, 5]), false);
});
