// The reader's data while a page is open. Every change is read-modify-write:
// the stored value is read again, changed and written back, so two tabs add
// to each other's progress instead of overwriting it; a failed write leaves
// both memory and storage as they were, and the caller is told.
import * as store from "./store.js";

// storage: a Storage-like object (see storage.js); persistent: whether it
// outlives the page; scale: [min, max] of the self-assessment when known.
export function createSession({ storage, persistent = true, scale = null, now = () => new Date() }) {
  const options = () => ({ scale, now: now() });
  const first = store.open(storage, options());
  let data = first.data;
  let held = first.held;
  let heldText = first.heldText;
  const listeners = new Set();
  const notify = () => listeners.forEach((fn) => fn(data));

  const session = {
    get data() { return data; },
    persistent,
    // Backups made when this page opened (unreadable or newer data moved away).
    setAsideNow: first.setAside,
    // True while unreadable data sits in the main key and could not be moved:
    // nothing is saved over it until the reader downloads or deletes it.
    get held() { return held; },
    get heldText() { return heldText; },

    // Read storage again (another tab changed it).
    reload() {
      const again = store.open(storage, options());
      data = again.data;
      held = again.held;
      heldText = again.heldText ?? heldText;
      notify();
      return data;
    },

    // change(data) -> new data. Returns { ok: true } or
    // { ok: false, reason: "quota" | "held" }; on failure nothing changed.
    update(change) {
      if (held) return { ok: false, reason: "held" };
      const fresh = store.open(storage, options());
      if (fresh.held) {
        held = true;
        heldText = fresh.heldText;
        data = fresh.data;
        return { ok: false, reason: "held" };
      }
      const next = change(fresh.data);
      const saved = store.save(next, storage);
      data = saved.ok ? next : fresh.data;
      return saved.ok ? { ok: true } : { ok: false, reason: "quota", error: saved.error };
    },

    // Remove everything this site stored (also set-aside data).
    clear() {
      const done = store.clearAll(storage);
      if (done.ok) { held = false; heldText = null; data = store.emptyData(); }
      return done.ok ? { ok: true } : { ok: false, reason: "quota" };
    },

    listSetAside() { return store.listSetAside(storage); },
    readSetAside(key) { try { return storage.getItem(key); } catch { return null; } },
    removeSetAside(key) {
      try { storage.removeItem(key); } catch { return { ok: false }; }
      if (key === store.KEY) { held = false; heldText = null; }
      return { ok: true };
    },

    // fn(data) after reload(): another tab changed the data (not after this
    // page's own update(), whose caller repaints what it changed).
    onChange(fn) { listeners.add(fn); return () => listeners.delete(fn); },
  };
  return session;
}
