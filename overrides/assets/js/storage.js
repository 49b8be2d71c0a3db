// localStorage as the browser really offers it: it may be blocked (privacy
// settings, kiosk PCs: even reading `localStorage` throws), or refuse every
// write (no quota at all). openStorage() gives a Storage-like object that
// always works; `persistent` says whether what is written outlives the page.
import { PREFIX } from "./store.js";

// Storage interface in memory: the fallback, and a test double.
export class MemoryStorage {
  constructor(entries = {}) { this.map = new Map(Object.entries(entries)); }
  get length() { return this.map.size; }
  key(i) { return [...this.map.keys()][i] ?? null; }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) { this.map.set(k, String(v)); }
  removeItem(k) { this.map.delete(k); }
  clear() { this.map.clear(); }
}

function hasOurKeys(storage) {
  for (let i = 0; i < storage.length; i++) {
    if ((storage.key(i) || "").startsWith(PREFIX)) return true;
  }
  return false;
}

// -> { storage, persistent, reason }; reason: null | "blocked" | "no-quota".
// A storage that can be read but whose probe write fails while it holds our
// data is kept: it is full, and each save reports that itself.
export function openStorage(get = () => globalThis.localStorage) {
  let real;
  try {
    real = get();
    if (!real) throw new Error("no localStorage");
    real.getItem(PREFIX + "data");
  } catch {
    return { storage: new MemoryStorage(), persistent: false, reason: "blocked" };
  }
  try {
    real.setItem(PREFIX + "probe", "1");
    real.removeItem(PREFIX + "probe");
  } catch {
    try {
      if (hasOurKeys(real)) return { storage: real, persistent: true, reason: null };
    } catch { /* fall through */ }
    return { storage: new MemoryStorage(), persistent: false, reason: "no-quota" };
  }
  return { storage: real, persistent: true, reason: null };
}
