// Digitalt först in the browser: each feature is its own module and is
// started on its own, so one that fails (reported to the console) never
// stops the others. Plain ES modules, no framework, no network: everything
// the reader does stays in this browser (see store.js and session.js).
import { KEY } from "./store.js";
import { openStorage, MemoryStorage } from "./storage.js";
import { createSession } from "./session.js";
import * as notices from "./features/notices.js";
import * as done from "./features/done.js";
import * as progress from "./features/progress.js";
import * as quiz from "./features/quiz.js";
import * as catalogueFilter from "./features/catalogue-filter.js";
import * as eventFilter from "./features/event-filter.js";
import * as print from "./features/print.js";
import * as selfAssessment from "./features/self-assessment.js";
import * as myCourses from "./features/my-courses.js";
import * as continueReading from "./features/continue.js";
import * as eventPast from "./features/event-past.js";
import * as groupSummary from "./features/group-summary.js"; // issue 20: sjalvskattning/grupp/

// Order matters only for what the reader sees first; none depends on another.
const FEATURES = {
  "self-assessment": selfAssessment, // first: it stops the form from being sent
  quiz, "catalogue-filter": catalogueFilter, "event-filter": eventFilter, print,
  notices, done, progress, "my-courses": myCourses,
  continue: continueReading, // issue 21: course page button, "Fortsätt där du slutade"
  "event-past": eventPast, // issue 21: an upcoming event opened after its end
  "group-summary": groupSummary, // first thing it does: stops its form from being sent
};

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

function init() {
  session = openSession();
  refreshers = [];
  for (const [name, feature] of Object.entries(FEATURES)) {
    try {
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
