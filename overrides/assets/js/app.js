// Digitalt först in the browser: each feature is its own module, loaded only
// on a page that has the element it works on, and started on its own, so one
// that fails (reported to the console) never stops the others. Plain ES
// modules, no framework, no network: everything the reader does stays in
// this browser (see store.js and session.js).
import { KEY } from "./store.js";
import { openStorage, MemoryStorage } from "./storage.js";
import { createSession } from "./session.js";

// [name, the elements it needs (null: every page), its module]. Keep each
// import() a literal string: the offline manifest and the file:// copy follow
// them (offline/refs.py, offline/jsbundle.py), and the build reads this table
// to give each page the UI strings of the features it loads (build/pagejs.py).
// Order matters only for what the reader sees first; none depends on another.
const FEATURES = [
  // First: it stops the form from being sent.
  ["self-assessment", "[data-dfs-self-assessment]", () => import("./features/self-assessment.js")],
  ["quiz", "[data-dfs-quiz]", () => import("./features/quiz.js")],
  ["catalogue-filter", "[data-dfs-filter]", () => import("./features/catalogue-filter.js")],
  ["event-filter", "[data-dfs-event-filter]", () => import("./features/event-filter.js")],
  ["print", "[data-dfs-print]", () => import("./features/print.js")],
  ["notices", null, () => import("./features/notices.js")],
  ["done", "[data-dfs-done]", () => import("./features/done.js")],
  ["progress", "[data-dfs-lessons]", () => import("./features/progress.js")],
  ["my-courses", "[data-dfs-my-courses]", () => import("./features/my-courses.js")],
  // Issue 21: the course page's button and the start page's "Fortsätt där du slutade".
  ["continue", "[data-dfs-continue], .dfs-resume", () => import("./features/continue.js")],
  // Issue 21: an upcoming event opened after its end.
  ["event-past", "[data-dfs-ends]", () => import("./features/event-past.js")],
  // Issue 20 (sjalvskattning/grupp/); first thing it does: stops its form from being sent.
  ["group-summary", "[data-dfs-group]", () => import("./features/group-summary.js")],
  // "Spara kursen för offline", and the saved courses on Mina kurser and the offline page.
  ["offline", "[data-dfs-offline], [data-dfs-offline-list]", () => import("./offline.js")],
  // "Visa som presentation": present.js and present.css load only when a slide is asked for.
  ["present", "[data-dfs-present]", () => import("./present-loader.js")],
];

const report = (name, error) => console.error(`[digitaltforst] ${name} failed:`, error);

function openSession() {
  try {
    const opened = openStorage();
    return createSession({ storage: opened.storage, persistent: opened.persistent });
  } catch (error) {
    report("storage", error);
    return createSession({ storage: new MemoryStorage(), persistent: false });
  }
}

let refreshers = [];
let session = null;
let shown = 0; // the page init() last ran for (Material can emit document$ again)

async function init() {
  const page = ++shown;
  session = openSession();
  refreshers = [];
  // All of the page's modules are requested at once, then started in order.
  const needed = FEATURES.filter(([, selector]) => selector === null || document.querySelector(selector))
    .map(([name, , load]) => {
      const loading = load();
      loading.catch(() => {}); // reported below, in its turn
      return [name, loading];
    });
  for (const [name, loading] of needed) {
    try {
      const feature = await loading;
      if (page !== shown) return;
      const refresh = feature.start({ session });
      if (typeof refresh === "function") refreshers.push([name, refresh]);
    } catch (error) {
      report(name, error);
    }
  }
}

// Another tab changed the data: read it again and repaint what shows it.
window.addEventListener("storage", (event) => {
  if (!session || !session.persistent || (event.key !== null && event.key !== KEY)) return;
  try {
    session.reload();
  } catch (error) {
    report("storage event", error);
    return;
  }
  for (const [name, refresh] of refreshers) {
    try { refresh(); } catch (error) { report(name, error); }
  }
});

// Material's document$ emits on every page, also with instant navigation.
if (window.document$) window.document$.subscribe(init); else init();
