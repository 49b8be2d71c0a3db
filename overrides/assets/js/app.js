// Digitalt först: progress, self-assessment, my courses, knowledge checks,
// filters and print buttons. Plain ES module, no framework, no network:
// everything the reader does stays in this browser (see store.js).
import * as store from "./store.js";
import { areaScores, band, change, recommend } from "./scoring.js";

const LANG = document.documentElement.lang === "en" ? "en" : "sv";
const T = {
  sv: {
    markDone: "Markera som klar", marked: "Klar – ångra", savedDone: "Lektionen är markerad som klar.",
    savedUndone: "Markeringen är borttagen.", progress: (d, t) => `${d} av ${t} lektioner klara`,
    quizRight: "Rätt!", quizWrong: "Inte riktigt.", quizChoose: "Välj ett svar först.",
    missing: (n) => `${n} påståenden saknar svar. Svara på alla för att se resultatet.`,
    area: "Område", score: "Medelvärde", previous: "Förra gången", diff: "Förändring",
    chart: (list) => `Stapeldiagram över dina medelvärden per område: ${list}.`,
    recommended: "Kurser för dina två svagaste områden", noCourses: "Inga kurser i området ännu.",
    resultFrom: (d) => `Resultat från ${d}.`, savedLocally: "Resultatet är sparat i den här webbläsaren.",
    started: "Påbörjade kurser", finished: "Avslutade kurser", none: "Inga ännu.",
    lastResult: "Senaste självskattning", noResult: "Du har inte gjort självskattningen ännu.",
    certificate: "Kursbevis", yourName: "Ditt namn (sparas bara här)", printCert: "Skriv ut kursbeviset",
    certText: (name, course, date, time) => `${name || "…"} har genomfört kursen ${course} den ${date}. Kursens omfattning: ${time}.`,
    selfDeclared: "Egen bekräftelse – ingen prövning har gjorts av utfärdaren.",
    exportBtn: "Spara mina uppgifter till en fil", importBtn: "Läs in uppgifter från en fil",
    deleteBtn: "Radera mina uppgifter", deleteConfirm: "Vill du radera alla dina framsteg och resultat från den här webbläsaren?",
    deleted: "Dina uppgifter är raderade från den här webbläsaren.", imported: "Dina uppgifter är inlästa.",
    importFailed: (e) => `Filen lästes inte in: ${e} Dina tidigare uppgifter är kvar.`,
    dataTitle: "Dina uppgifter", filter: (n, t) => `Visar ${n} av ${t} kurser`, openCourse: "Gå till kursen",
    lessonsDone: "lektioner klara", bandText: { low: "osäker", mid: "ganska säker", high: "säker" },
  },
  en: {
    markDone: "Mark as done", marked: "Done – undo", savedDone: "The lesson is marked as done.",
    savedUndone: "The mark is removed.", progress: (d, t) => `${d} of ${t} lessons done`,
    quizRight: "Right!", quizWrong: "Not quite.", quizChoose: "Choose an answer first.",
    missing: (n) => `${n} statements have no answer. Answer all of them to see your result.`,
    area: "Area", score: "Average", previous: "Last time", diff: "Change",
    chart: (list) => `Bar chart of your average per area: ${list}.`,
    recommended: "Courses for your two weakest areas", noCourses: "No courses in this area yet.",
    resultFrom: (d) => `Result from ${d}.`, savedLocally: "The result is saved in this browser.",
    started: "Started courses", finished: "Finished courses", none: "None yet.",
    lastResult: "Latest self-assessment", noResult: "You have not taken the self-assessment yet.",
    certificate: "Course certificate", yourName: "Your name (stored only here)", printCert: "Print the certificate",
    certText: (name, course, date, time) => `${name || "…"} completed the course ${course} on ${date}. Course length: ${time}.`,
    selfDeclared: "Self-declared – not assessed by the issuer.",
    exportBtn: "Save my data to a file", importBtn: "Load data from a file",
    deleteBtn: "Delete my data", deleteConfirm: "Delete all your progress and results from this browser?",
    deleted: "Your data has been deleted from this browser.", imported: "Your data has been loaded.",
    importFailed: (e) => `The file was not loaded: ${e} Your earlier data is unchanged.`,
    dataTitle: "Your data", filter: (n, t) => `Showing ${n} of ${t} courses`, openCourse: "Go to the course",
    lessonsDone: "lessons done", bandText: { low: "unsure", mid: "fairly confident", high: "confident" },
  },
}[LANG];

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v;
    else if (v !== false && v !== null && v !== undefined) node.setAttribute(k, v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
};
const fmtDate = (iso) => new Date(iso).toLocaleDateString(LANG === "sv" ? "sv-SE" : "en-GB", { day: "numeric", month: "long", year: "numeric" });
const fmtNumber = (n) => n.toLocaleString(LANG === "sv" ? "sv-SE" : "en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const fmtMinutes = (m) => (m < 60 ? `${m} min` : `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ""}`);
const readJson = (id) => { const node = document.getElementById(id); return node ? JSON.parse(node.textContent) : null; };

let data;
function reload() { data = store.load(); }
function commit(next) { data = next; store.save(data); }

// -- lessons: "Markera som klar" ----------------------------------------------
function setupDone() {
  for (const box of $$("[data-dfs-done]")) {
    const id = box.dataset.dfsDone;
    const button = el("button", { type: "button", class: "md-button", "aria-pressed": "false" });
    const status = el("p", { role: "status", class: "dfs-done__status" });
    const paint = () => {
      const done = id in data.progress;
      button.setAttribute("aria-pressed", String(done));
      button.textContent = done ? `✓ ${T.marked}` : T.markDone;
      button.classList.toggle("md-button--primary", !done);
    };
    button.addEventListener("click", () => {
      const done = !(id in data.progress);
      commit(store.setDone(data, id, done));
      status.textContent = done ? T.savedDone : T.savedUndone;
      paint();
    });
    box.replaceChildren(button, status);
    box.hidden = false;
    paint();
  }
}

// -- course pages and catalogue: x av y -----------------------------------------
function setupProgress() {
  for (const holder of $$("[data-dfs-lessons]")) {
    const ids = holder.dataset.dfsLessons.split(" ").filter(Boolean);
    const p = store.courseProgress(data, ids);
    const slug = holder.dataset.dfsCoursePage || holder.dataset.dfsCourseCard;
    const line = $("[data-dfs-progress]", holder) || $(`[data-dfs-progress="${slug}"]`);
    if (line && p.done > 0) { line.textContent = T.progress(p.done, p.total); line.hidden = false; }
    for (const item of $$("[data-dfs-lesson-item]", holder)) {
      item.dataset.done = String(item.dataset.dfsLessonItem in data.progress);
    }
  }
}

// -- knowledge checks ------------------------------------------------------------
function setupQuizzes() {
  for (const quiz of $$("[data-dfs-quiz]")) {
    const button = $("[data-dfs-quiz-check]", quiz);
    const feedback = $(".dfs-quiz__feedback", quiz);
    button.hidden = false;
    $(".dfs-quiz__answers", quiz).hidden = true;
    button.addEventListener("click", () => {
      const chosen = $("input:checked", quiz);
      $$(".dfs-quiz__why", quiz).forEach((p) => { p.hidden = true; });
      if (!chosen) { feedback.textContent = T.quizChoose; feedback.dataset.result = ""; return; }
      const right = chosen.dataset.correct === "true";
      const why = $(`[data-why="${chosen.value}"]`, quiz);
      why.hidden = false;
      feedback.textContent = `${right ? T.quizRight : T.quizWrong} ${why.textContent}`;
      feedback.dataset.result = right ? "right" : "wrong";
    });
  }
}

// -- filters ------------------------------------------------------------------------
function setupCatalogueFilter() {
  const form = $("[data-dfs-filter]");
  if (!form) return;
  form.hidden = false;
  const count = $("[data-dfs-filter-count]", form);
  const apply = () => {
    const area = form.elements.area.value;
    const level = form.elements.level.value;
    const cards = $$(".dfs-card[data-area]");
    let shown = 0;
    for (const card of cards) {
      const ok = (!area || card.dataset.area === area) && (!level || card.dataset.level === level);
      card.hidden = !ok;
      shown += ok ? 1 : 0;
    }
    for (const section of $$(".dfs-area")) {
      section.hidden = area !== "" && section.dataset.dfsArea !== area;
    }
    count.textContent = T.filter(shown, cards.length);
  };
  form.addEventListener("change", apply);
  form.addEventListener("submit", (e) => e.preventDefault());
  apply();
}

function setupEventFilter() {
  const form = $("[data-dfs-event-filter]");
  if (!form) return;
  form.hidden = false;
  form.addEventListener("change", () => {
    const value = form.elements.municipality.value;
    for (const item of $$(".dfs-event")) item.hidden = value !== "" && item.dataset.municipality !== value;
  });
}

function setupPrint() {
  for (const button of $$("[data-dfs-print]")) button.addEventListener("click", () => window.print());
}

// -- self-assessment ------------------------------------------------------------------
function chart(rows) {
  const width = 560, barHeight = 26, gap = 14, left = 230, max = 7;
  const height = rows.length * (barHeight + gap) + 30;
  const scale = (v) => ((width - left - 50) * v) / max;
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("class", "dfs-chart");
  svg.setAttribute("role", "img");
  const label = T.chart(rows.map((r) => `${r.name} ${fmtNumber(r.score)}`).join(", "));
  svg.setAttribute("aria-label", label);
  const title = document.createElementNS(ns, "title");
  title.textContent = label;
  svg.append(title);
  rows.forEach((r, i) => {
    const y = i * (barHeight + gap) + 10;
    const add = (tag, attrs, text) => {
      const node = document.createElementNS(ns, tag);
      for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
      if (text) node.textContent = text;
      svg.append(node);
    };
    add("text", { x: 0, y: y + barHeight * 0.7 }, `${r.area}. ${r.name}`);
    add("rect", { class: "bar", x: left, y, width: scale(r.score), height: barHeight });
    if (r.previous != null) add("rect", { class: "bar-prev", x: left, y: y + 2, width: scale(r.previous), height: barHeight - 4 });
    add("text", { x: left + scale(r.score) + 6, y: y + barHeight * 0.7 }, fmtNumber(r.score));
  });
  return svg;
}

function renderResult(container, config, assessment, previous) {
  const rows = Object.entries(config.areas).map(([area, name]) => ({
    area: Number(area), name, score: assessment.scores[area],
    previous: previous ? previous.scores[area] : null,
  }));
  const table = el("table", {},
    el("caption", { text: T.resultFrom(fmtDate(assessment.date)) }),
    el("thead", {}, el("tr", {}, ...[T.area, T.score, ...(previous ? [T.previous, T.diff] : [])].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, ...rows.map((r) => {
      const diff = change(r.score, r.previous);
      return el("tr", {}, el("th", { scope: "row", text: `${r.area}. ${r.name}` }),
        el("td", { text: `${fmtNumber(r.score)} (${T.bandText[band(r.score)]})` }),
        ...(previous ? [el("td", { text: fmtNumber(r.previous) }), el("td", { text: diff > 0 ? `+${fmtNumber(diff)}` : fmtNumber(diff) })] : []));
    })));
  const interpretation = el("dl", { class: "dfs-sa-interpretation" }, ...rows.flatMap((r) => [
    el("dt", { text: `${r.area}. ${r.name}` }),
    el("dd", { text: (config.interpretation[r.area] || {})[band(r.score)] || "" }),
  ]));
  const recs = recommend(assessment.scores, config.courses).map((group) => el("li", {},
    el("strong", { text: `${group.area}. ${config.areas[group.area]} (${fmtNumber(group.score)})` }),
    group.courses.length
      ? el("ul", {}, ...group.courses.map((c) => el("li", {}, el("a", { href: c.url, text: c.title }), ` (${fmtMinutes(c.minutes)})`)))
      : el("p", { text: T.noCourses })));
  container.replaceChildren(
    el("p", { text: T.savedLocally }), chart(rows), table, interpretation,
    el("h3", { text: T.recommended }), el("ul", { class: "dfs-recommendations" }, ...recs));
}

function setupSelfAssessment() {
  const form = $("[data-dfs-self-assessment]");
  if (!form) return;
  const config = readJson("dfs-sa-data");
  const areaOf = Object.fromEntries(config.statements.map((id, i) => [id, config.statement_areas[i]]));
  const result = $("[data-dfs-sa-result]");
  const status = $("[data-dfs-sa-status]", form);
  const last = data.assessments.at(-1);
  if (last) {
    for (const [id, value] of Object.entries(last.answers)) {
      const input = form.querySelector(`input[name="${CSS.escape(id)}"][value="${value}"]`);
      if (input) input.checked = true;
    }
    form.elements.municipality.value = data.profile.municipality || "";
    renderResult($("[data-dfs-sa-result-body]"), config, last, data.assessments.at(-2));
    result.hidden = false;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const answers = {};
    const missing = [];
    for (const id of config.statements) {
      const checked = form.querySelector(`input[name="${CSS.escape(id)}"]:checked`);
      const item = form.querySelector(`[data-statement="${CSS.escape(id)}"]`);
      item.dataset.missing = String(!checked);
      if (checked) answers[id] = Number(checked.value); else missing.push(item);
    }
    if (missing.length) {
      status.textContent = T.missing(missing.length);
      $("input", missing[0]).focus();
      return;
    }
    status.textContent = "";
    const assessment = { date: new Date().toISOString(), answers, scores: areaScores(answers, areaOf),
      municipality: form.elements.municipality.value };
    const previous = data.assessments.at(-1);
    commit({ ...data, assessments: [...data.assessments, assessment].slice(-10),
      profile: { ...data.profile, municipality: form.elements.municipality.value } });
    renderResult($("[data-dfs-sa-result-body]"), config, assessment, previous);
    result.hidden = false;
    result.focus();
  });
}

// -- my courses ---------------------------------------------------------------------------
function certificate(course, p) {
  const name = el("input", { type: "text", id: `dfs-name-${course.slug}`, value: data.profile.name, autocomplete: "name" });
  const text = el("p", { class: "dfs-certificate__text" });
  const paint = () => { text.textContent = T.certText(name.value.trim(), course.title, fmtDate(p.lastDate || new Date().toISOString()), fmtMinutes(course.minutes)); };
  name.addEventListener("input", () => { commit({ ...data, profile: { ...data.profile, name: name.value } }); paint(); });
  paint();
  const print = el("button", { type: "button", class: "md-button", text: T.printCert });
  print.addEventListener("click", () => {
    const card = print.closest(".dfs-certificate-wrap");
    document.documentElement.classList.add("dfs-printing-certificate");
    card.classList.add("dfs-print-this");
    window.print();
    card.classList.remove("dfs-print-this");
    document.documentElement.classList.remove("dfs-printing-certificate");
  });
  return el("div", { class: "dfs-certificate-wrap" },
    el("p", {}, el("label", { for: name.id, text: T.yourName }), el("br"), name),
    el("div", { class: "dfs-certificate", "data-dfs-certificate": course.slug },
      el("h3", { text: T.certificate }), text, el("p", { class: "dfs-muted", text: T.selfDeclared })),
    print);
}

function setupMyCourses() {
  const root = $("[data-dfs-my-courses]");
  if (!root) return;
  const config = readJson("dfs-courses-data");
  const body = $("[data-dfs-my-body]", root);
  const message = el("p", { role: "status", class: "dfs-my__message" });
  const paint = () => {
    const rows = config.courses.map((c) => ({ course: c, p: store.courseProgress(data, c.lessons) }));
    const started = rows.filter((r) => r.p.done > 0 && !r.p.finished);
    const finished = rows.filter((r) => r.p.finished);
    const list = (items) => items.length
      ? el("ul", {}, ...items.map((r) => el("li", {}, el("a", { href: r.course.url, text: r.course.title }), ` – ${T.progress(r.p.done, r.p.total)}`)))
      : el("p", { text: T.none });
    const last = data.assessments.at(-1);
    const result = last
      ? el("table", {}, el("caption", { text: T.resultFrom(fmtDate(last.date)) }),
        el("tbody", {}, ...Object.entries(config.areas).map(([area, name]) => el("tr", {},
          el("th", { scope: "row", text: `${area}. ${name}` }), el("td", { text: fmtNumber(last.scores[area]) })))))
      : el("p", { text: T.noResult });
    const exportBtn = el("button", { type: "button", class: "md-button", text: T.exportBtn });
    exportBtn.addEventListener("click", () => {
      const blob = new Blob([store.exportText(data)], { type: "application/json" });
      const link = el("a", { href: URL.createObjectURL(blob), download: `digitaltforst-${new Date().toISOString().slice(0, 10)}.json` });
      document.body.append(link);
      link.click();
      link.remove();
    });
    const file = el("input", { type: "file", accept: "application/json,.json", hidden: "" });
    const importBtn = el("button", { type: "button", class: "md-button", text: T.importBtn });
    importBtn.addEventListener("click", () => file.click());
    file.addEventListener("change", async () => {
      const chosen = file.files[0];
      if (!chosen) return;
      const checked = store.parseImport(await chosen.text());
      file.value = "";
      if (!checked.ok) { message.textContent = T.importFailed(checked.error); return; }
      commit(checked.data);
      paint();
      message.textContent = T.imported;
    });
    const deleteBtn = el("button", { type: "button", class: "md-button", text: T.deleteBtn });
    deleteBtn.addEventListener("click", () => {
      if (!window.confirm(T.deleteConfirm)) return;
      store.clearAll();
      reload();
      paint();
      message.textContent = T.deleted;
    });
    body.replaceChildren(
      el("h2", { id: "pagborjade", text: T.started }), list(started),
      el("h2", { id: "avslutade", text: T.finished }), list(finished),
      ...finished.map((r) => certificate(r.course, r.p)),
      el("h2", { id: "sjalvskattning", text: T.lastResult }), result,
      el("h2", { id: "dina-uppgifter", text: T.dataTitle }),
      el("div", { class: "dfs-print-tools" }, exportBtn, importBtn, file, deleteBtn), message);
  };
  paint();
}

function init() {
  reload();
  setupDone();
  setupProgress();
  setupQuizzes();
  setupCatalogueFilter();
  setupEventFilter();
  setupPrint();
  setupSelfAssessment();
  setupMyCourses();
}

// Material's document$ emits on every page, also with instant navigation.
if (window.document$) window.document$.subscribe(init); else init();
