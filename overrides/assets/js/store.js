// The reader's own data, in this browser only: one localStorage key, one
// versioned schema, migrations for older versions. Pure functions on top,
// a thin storage wrapper below; nothing here touches the network.

export const PREFIX = "digitaltforst:";
export const KEY = PREFIX + "data";
export const VERSION = 2;
export const APP = "digitaltforst";

export function emptyData() {
  return { version: VERSION, progress: {}, assessments: [], profile: { name: "", municipality: "" } };
}

// version -> function turning that version into the next one.
const MIGRATIONS = {
  // v1 (first release): progress was a list of lesson ids, one assessment.
  1: (old) => ({
    version: 2,
    progress: Object.fromEntries((old.progress || []).map((id) => [id, old.updated || null])),
    assessments: old.assessment ? [old.assessment] : [],
    profile: { name: old.name || "", municipality: "" },
  }),
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
const isDateText = (v) => v === null || (typeof v === "string" && !Number.isNaN(Date.parse(v)));

// Check a parsed object; returns { ok: true, data } or { ok: false, error } with
// a Swedish message. Never throws.
export function checkData(raw) {
  if (!isObject(raw) || !Number.isInteger(raw.version)) {
    return { ok: false, error: "Filen innehåller inga uppgifter från den här webbplatsen." };
  }
  if (raw.version > VERSION) {
    return { ok: false, error: "Filen kommer från en nyare version av webbplatsen. Ladda om sidan och försök igen." };
  }
  let data;
  try {
    data = migrate(raw);
  } catch {
    return { ok: false, error: "Filen har ett format som inte går att läsa." };
  }
  if (!isObject(data.progress) || !Array.isArray(data.assessments) || !isObject(data.profile)) {
    return { ok: false, error: "Filen saknar delar som ska finnas (framsteg, självskattningar)." };
  }
  for (const [id, date] of Object.entries(data.progress)) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id) || !isDateText(date)) {
      return { ok: false, error: `Filen har en ogiltig lektionsmarkering (${String(id).slice(0, 40)}).` };
    }
  }
  for (const a of data.assessments) {
    if (!isObject(a) || !isDateText(a.date) || !isObject(a.answers) || !isObject(a.scores)) {
      return { ok: false, error: "Filen har en självskattning som inte går att läsa." };
    }
    for (const value of Object.values(a.answers)) {
      if (!Number.isInteger(value) || value < 1 || value > 7) {
        return { ok: false, error: "Filen har ett svar utanför skalan 1–7." };
      }
    }
  }
  if (typeof data.profile.name !== "string" || typeof data.profile.municipality !== "string") {
    return { ok: false, error: "Filen har en ogiltig profil." };
  }
  return { ok: true, data };
}

// Text of an exported file -> { ok, data } | { ok: false, error }.
export function parseImport(text) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, error: "Filen är inte en giltig exportfil (den går inte att läsa som JSON)." };
  }
  if (!isObject(parsed) || parsed.app !== APP || !isObject(parsed.data)) {
    return { ok: false, error: "Filen kommer inte från Digitalt först. Välj filen du sparade med ”Spara mina uppgifter”." };
  }
  return checkData(parsed.data);
}

export function exportText(data, now = new Date()) {
  return JSON.stringify({ app: APP, exported: now.toISOString(), data }, null, 2);
}

// -- storage ---------------------------------------------------------------

export function load(storage = globalThis.localStorage) {
  const text = storage.getItem(KEY);
  if (text === null) return emptyData();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  const checked = checkData(parsed);
  if (checked.ok) {
    if (parsed.version !== VERSION) storage.setItem(KEY, JSON.stringify(checked.data));
    return checked.data;
  }
  // Never throw the reader's data away: keep the unreadable copy aside.
  storage.setItem(`${PREFIX}backup-${Date.now()}`, text);
  storage.removeItem(KEY);
  return emptyData();
}

export function save(data, storage = globalThis.localStorage) {
  storage.setItem(KEY, JSON.stringify(data));
}

export function clearAll(storage = globalThis.localStorage) {
  const keys = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key && key.startsWith(PREFIX)) keys.push(key);
  }
  keys.forEach((key) => storage.removeItem(key));
}

// -- progress ----------------------------------------------------------------

export function setDone(data, lessonId, done, now = new Date()) {
  const progress = { ...data.progress };
  if (done) progress[lessonId] = now.toISOString();
  else delete progress[lessonId];
  return { ...data, progress };
}

export function courseProgress(data, lessonIds) {
  const done = lessonIds.filter((id) => id in data.progress);
  const dates = done.map((id) => data.progress[id]).filter(Boolean).sort();
  return { done: done.length, total: lessonIds.length, finished: done.length === lessonIds.length && lessonIds.length > 0, lastDate: dates.at(-1) || null };
}
