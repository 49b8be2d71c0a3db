// The reader's own data, in this browser only: one localStorage key, one
// versioned schema, migrations for older versions. Pure functions on top,
// reading and writing a Storage-like object below (see storage.js for the
// wrapper that survives a blocked or full localStorage); nothing here
// touches the network, and nothing here throws at the caller.
//
// Problems are reported as codes ({ code, values }); the UI turns them into
// text with the strings catalogue (js.data_error.<code>).

export const PREFIX = "digitaltforst:";
export const KEY = PREFIX + "data";
export const BACKUP_PREFIX = PREFIX + "backup-";
export const VERSION = 3;
export const APP = "digitaltforst";
export const MAX_ASSESSMENTS = 10;

export function emptyData() {
  return { version: VERSION, progress: {}, assessments: [], profile: { name: "", municipality: "" }, quiz: {} };
}

// version -> function turning that version into the next one.
const MIGRATIONS = {
  // v1 (first release): progress was a list of lesson ids, one assessment.
  // Its `scores` may cover only some areas; they are kept as they are (the
  // views show an area without a score as unanswered) and checked below.
  1: (old) => ({
    version: 2,
    progress: Object.fromEntries((old.progress || []).map((id) => [id, old.updated || null])),
    assessments: old.assessment ? [old.assessment] : [],
    profile: { name: old.name || "", municipality: "" },
  }),
  // v2 -> v3 (issue 21): the reader's latest answer per knowledge check,
  // { [checkId]: { answer, correct, date } }; nothing answered yet.
  2: (old) => ({ ...old, version: 3, quiz: {} }),
};

export function migrate(data) {
  let current = data;
  while (current.version < VERSION) {
    const step = MIGRATIONS[current.version];
    if (!step) throw new Error(`no migration from version ${current.version}`);
    current = step(current);
  }
  return current;
}

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const isDateText = (v) => typeof v === "string" && !Number.isNaN(Date.parse(v));
const ID = /^[a-z0-9][a-z0-9-]*$/;
const AREA = /^[1-9][0-9]*$/;

// A scale the browser code accepts: two integers, min < max. The build's
// validator checks data/sjalvskattning.yml against the same rule.
export function isScale(scale) {
  return Array.isArray(scale) && scale.length === 2 && Number.isInteger(scale[0])
    && Number.isInteger(scale[1]) && scale[0] >= 0 && scale[0] < scale[1];
}

const fail = (code, values = {}) => ({ ok: false, code, values });

// Check one assessment; null when it is fine, else the failure.
function checkAssessment(a, scale) {
  if (!isObject(a) || !isDateText(a.date) || !isObject(a.answers) || !isObject(a.scores)) {
    return fail("assessment");
  }
  if (a.municipality !== undefined && typeof a.municipality !== "string") return fail("assessment");
  const [lo, hi] = scale || [-Infinity, Infinity];
  for (const [id, value] of Object.entries(a.answers)) {
    if (!ID.test(id) || !Number.isInteger(value)) return fail("assessment");
    if (value < lo || value > hi) return fail("scale", { min: lo, max: hi });
  }
  for (const [area, score] of Object.entries(a.scores)) {
    if (!AREA.test(area) || typeof score !== "number" || !Number.isFinite(score)) {
      return fail("score", { area: String(area).slice(0, 10) });
    }
    if (score < lo || score > hi) return fail("scale", { min: lo, max: hi });
  }
  return null;
}

// Check a parsed object against the schema, migrating older versions first.
// options.scale: [min, max] of the self-assessment scale when the page knows
// it (answers outside it are rejected); without it any integer answer passes.
// Returns { ok: true, data } or { ok: false, code, values }. Never throws.
export function checkData(raw, { scale = null } = {}) {
  if (!isObject(raw) || !Number.isInteger(raw.version) || raw.version < 1) return fail("not_ours");
  if (raw.version > VERSION) return fail("newer");
  let data;
  try {
    data = migrate(raw);
  } catch {
    return fail("format");
  }
  if (!isObject(data.progress) || !Array.isArray(data.assessments) || !isObject(data.profile)) return fail("parts");
  for (const [id, date] of Object.entries(data.progress)) {
    if (!ID.test(id) || !(date === null || isDateText(date))) return fail("lesson", { id: String(id).slice(0, 40) });
  }
  for (const a of data.assessments) {
    const problem = checkAssessment(a, isScale(scale) ? scale : null);
    if (problem) return problem;
  }
  if (typeof data.profile.name !== "string" || typeof data.profile.municipality !== "string") return fail("profile");
  if (!isObject(data.quiz)) return fail("parts");
  for (const [id, entry] of Object.entries(data.quiz)) {
    if (!ID.test(id) || !isObject(entry) || !Number.isInteger(entry.answer) || entry.answer < 0
      || typeof entry.correct !== "boolean" || !isDateText(entry.date)) {
      return fail("quiz", { id: String(id).slice(0, 40) });
    }
  }
  return { ok: true, data };
}

// Text of an exported file -> { ok, data } | { ok: false, code, values }.
export function parseImport(text, options = {}) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail("json");
  }
  if (!isObject(parsed) || parsed.app !== APP || !isObject(parsed.data)) return fail("foreign");
  return checkData(parsed.data, options);
}

export function exportText(data, now = new Date()) {
  return JSON.stringify({ app: APP, exported: now.toISOString(), data }, null, 2);
}

// -- storage ---------------------------------------------------------------

function backupKey(storage, now) {
  let ms = now.getTime();
  while (storage.getItem(BACKUP_PREFIX + ms) !== null) ms += 1;
  return BACKUP_PREFIX + ms;
}

// Move unreadable text out of KEY into a backup key. Removing first frees the
// space the copy needs, so even a value of several MB fits; if the copy still
// fails the text goes back where it was and the caller must not overwrite it.
function setAside(storage, text, now) {
  let key;
  try {
    key = backupKey(storage, now);
    storage.removeItem(KEY);
    storage.setItem(key, text);
    return { moved: true, key };
  } catch {
    try { if (key) storage.removeItem(key); } catch { /* nothing written */ }
    try { storage.setItem(KEY, text); } catch { /* still only in memory */ }
    return { moved: false };
  }
}

// Read the reader's data. Returns
//   { data, setAside: [key], held, heldText }
// setAside: backups made by this call (unreadable or newer data moved away);
// held: the stored value cannot be read and could not be moved aside (or
// storage cannot be read at all) — data is empty and must not be saved over
// it; heldText is that value, for the reader to download. Never throws.
export function open(storage, { scale = null, now = new Date() } = {}) {
  let text;
  try {
    text = storage.getItem(KEY);
  } catch {
    return { data: emptyData(), setAside: [], held: true, heldText: null };
  }
  if (text === null) return { data: emptyData(), setAside: [], held: false, heldText: null };
  let parsed = null;
  try {
    parsed = JSON.parse(text);
  } catch { /* unreadable: set aside below */ }
  const checked = checkData(parsed, { scale });
  if (checked.ok) {
    if (parsed.version !== VERSION) save(checked.data, storage); // if it fails, migrate again next time
    return { data: checked.data, setAside: [], held: false, heldText: null };
  }
  // Never throw the reader's data away: keep the unreadable copy aside.
  const moved = setAside(storage, text, now);
  if (moved.moved) return { data: emptyData(), setAside: [moved.key], held: false, heldText: null };
  return { data: emptyData(), setAside: [], held: true, heldText: text };
}

export function load(storage, options = {}) {
  return open(storage, options).data;
}

// Write data; { ok: true } or { ok: false, error } (quota full, storage gone).
// A failed setItem leaves the stored value as it was.
export function save(data, storage) {
  try {
    storage.setItem(KEY, JSON.stringify(data));
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

// Backups in storage, oldest first:
// [{ key, date, reason: "newer" | "corrupt", size }]. Never throws.
export function listSetAside(storage) {
  const found = [];
  try {
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key && key.startsWith(BACKUP_PREFIX)) found.push(key);
    }
  } catch {
    return [];
  }
  return found.map((key) => {
    let text = "";
    try { text = storage.getItem(key) || ""; } catch { /* listed, not readable */ }
    const ms = Number(key.slice(BACKUP_PREFIX.length));
    return { key, date: Number.isFinite(ms) ? new Date(ms).toISOString() : null, reason: setAsideReason(text), size: text.length };
  }).sort((a, b) => (a.date || "").localeCompare(b.date || ""));
}

// Why a value was set aside: data from a newer version, or unreadable.
export function setAsideReason(text) {
  try {
    const parsed = JSON.parse(text);
    if (isObject(parsed) && Number.isInteger(parsed.version) && parsed.version > VERSION) return "newer";
  } catch { /* corrupt */ }
  return "corrupt";
}

export function clearAll(storage) {
  try {
    const keys = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      if (key && key.startsWith(PREFIX)) keys.push(key);
    }
    keys.forEach((key) => storage.removeItem(key));
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

// -- progress ----------------------------------------------------------------

export function setDone(data, lessonId, done, now = new Date()) {
  const progress = { ...data.progress };
  if (done) progress[lessonId] = progress[lessonId] || now.toISOString();
  else delete progress[lessonId];
  return { ...data, progress };
}

export function courseProgress(data, lessonIds) {
  const done = lessonIds.filter((id) => id in data.progress);
  const dates = done.map((id) => data.progress[id]).filter(Boolean).sort();
  return { done: done.length, total: lessonIds.length, finished: done.length === lessonIds.length && lessonIds.length > 0, lastDate: dates.at(-1) || null };
}

export function addAssessment(data, assessment) {
  return {
    ...data,
    assessments: [...data.assessments, assessment].slice(-MAX_ASSESSMENTS),
    profile: { ...data.profile, municipality: assessment.municipality || "" },
  };
}

export function setName(data, name) {
  return { ...data, profile: { ...data.profile, name } };
}

// -- knowledge checks ----------------------------------------------------------

// Keep the reader's latest answer to one check (the option's index).
export function setQuizAnswer(data, checkId, answer, correct, now = new Date()) {
  return { ...data, quiz: { ...data.quiz, [checkId]: { answer, correct: Boolean(correct), date: now.toISOString() } } };
}

// { answered, right, total } over the given checks (a course's, say).
export function quizScore(data, checkIds) {
  const answers = checkIds.map((id) => data.quiz[id]).filter(Boolean);
  return { answered: answers.length, right: answers.filter((a) => a.correct).length, total: checkIds.length };
}

// The first lesson not marked done, in course order; null when all are done.
export function nextLesson(data, lessonIds) {
  return lessonIds.find((id) => !(id in data.progress)) ?? null;
}

// The course the reader worked on last (the newest lesson mark), started but
// not finished: { course, next } or null. courses: [{ lessons: [id], ... }].
export function resumeCourse(data, courses) {
  let best = null;
  for (const course of courses) {
    const p = courseProgress(data, course.lessons);
    if (p.done === 0 || p.finished) continue;
    const last = p.lastDate || "";
    if (best === null || last > best.last) best = { course, next: nextLesson(data, course.lessons), last };
  }
  return best && { course: best.course, next: best.next };
}
