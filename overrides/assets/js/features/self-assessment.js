// The self-assessment: answers -> area means, a chart, a table, advice and
// recommended courses; the result is saved in this browser. Answers are read
// from each statement's fieldset (data-statement), never from input names,
// and the scale comes from the page (data/sjalvskattning.yml).
import { $, $$, el, readJson, svgEl } from "../dom.js";
import { areaScores, band, change, recommend, recommendCourses } from "../scoring.js";
import { addAssessment, courseProgress, isScale } from "../store.js";
import { counted, fmtDate, fmtMinutes, fmtNumber, t } from "../strings.js";
import { saveProblem } from "./save-result.js";
import { shareBlock } from "./share-code.js";

const statementOf = (fieldset) => fieldset.dataset.dfsStatement ?? fieldset.dataset.statement;

// A bar per area. The viewBox is narrow (340) and the labels sit above the
// bars, so that 14-unit text stays at least 12 px on a 360 px phone.
export const CHART_WIDTH = 340;
export function chart(rows, [, max]) {
  const width = CHART_WIDTH, barHeight = 18, rowHeight = 50, valueRoom = 44;
  const height = rows.length * rowHeight + 4;
  const scale = (v) => (typeof v === "number" ? ((width - valueRoom) * Math.max(0, v)) / max : 0);
  const label = t("chart", { list: rows.map((r) => `${r.name} ${fmtNumber(r.score)}`).join(", ") });
  const svg = svgEl("svg", { viewBox: `0 0 ${width} ${height}`, class: "dfs-chart", role: "img", "aria-label": label });
  svgEl("title", {}, label, svg);
  const add = (tag, attrs, text) => svgEl(tag, attrs, text, svg);
  rows.forEach((r, i) => {
    const y = i * rowHeight;
    add("text", { x: 0, y: y + 16 }, `${r.area}. ${r.name}`);
    add("rect", { class: "bar", x: 0, y: y + 24, width: scale(r.score), height: barHeight });
    if (typeof r.previous === "number") add("rect", { class: "bar-prev", x: 0, y: y + 26, width: scale(r.previous), height: barHeight - 4 });
    add("text", { x: scale(r.score) + 6, y: y + 38 }, fmtNumber(r.score));
  });
  return svg;
}

export function renderResult(container, config, scale, assessment, previous, note, options = {}) {
  const rows = Object.entries(config.areas).map(([area, name]) => ({
    area: Number(area), name, score: assessment.scores[area],
    previous: previous ? previous.scores[area] : null,
  }));
  const bandOf = (score) => (typeof score === "number" ? band(score, scale) : null);
  const table = el("table", {},
    el("caption", { text: t("result_from", { date: fmtDate(assessment.date) }) }),
    el("thead", {}, el("tr", {}, ...[t("area"), t("score"), ...(previous ? [t("previous"), t("diff")] : [])].map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, ...rows.map((r) => {
      const diff = change(r.score, r.previous);
      const b = bandOf(r.score);
      return el("tr", {}, el("th", { scope: "row", text: `${r.area}. ${r.name}` }),
        el("td", { text: b ? `${fmtNumber(r.score)} (${t(`band_${b}`)})` : fmtNumber(r.score) }),
        ...(previous ? [el("td", { text: fmtNumber(r.previous) }), el("td", { text: diff > 0 ? `+${fmtNumber(diff)}` : fmtNumber(diff) })] : []));
    })));
  const interpretation = el("dl", { class: "dfs-sa-interpretation" }, ...rows.flatMap((r) => [
    el("dt", { text: `${r.area}. ${r.name}` }),
    el("dd", { text: bandOf(r.score) ? (config.interpretation[r.area] || {})[bandOf(r.score)] || "" : t("no_score_text") }),
  ]));
  container.replaceChildren(
    ...recommendations(config, scale, assessment, options),
    el("p", { class: "dfs-sa-result__note", text: note }), chart(rows, scale), table, interpretation,
    shareBlock(assessment.scores, scale, config.group_url));
}

// Recommendations first: the courses that teach what the weakest answers
// probe (see scoring.js), courses already done left out. An assessment
// without answers (the first version kept only area means) falls back to
// courses for the two weakest areas.
function recommendations(config, scale, assessment, { isDone = () => false, statementText = (s) => s.id } = {}) {
  const heading = el("h3", { text: t("recommended") });
  if (!Object.keys(assessment.answers || {}).length) {
    const groups = recommend(assessment.scores, config.courses.filter((c) => !isDone(c)), 2, 2, scale);
    return [heading, el("ul", { class: "dfs-recommendations" }, ...groups.map((group) => el("li", {},
      el("strong", { text: `${group.area}. ${config.areas[group.area]} (${fmtNumber(group.score)})` }),
      group.courses.length
        ? el("ul", {}, ...group.courses.map((c) => el("li", {}, el("a", { href: c.url, text: c.title }), ` (${fmtMinutes(c.minutes)})`)))
        : el("p", { text: t("no_courses") }))))];
  }
  const recs = recommendCourses(assessment.answers, config.statement_list, config.courses, { scale, skip: isDone });
  if (!recs.length) return [heading, el("p", { class: "dfs-recommendations-none", text: t("rec_all_done") })];
  return [heading, el("p", { text: t("rec_intro") }),
    el("ul", { class: "dfs-recommendations" }, ...recs.map((r) => el("li", { "data-course": r.course.slug },
      el("a", { href: r.course.url, text: r.course.title }),
      ` (${config.levels[r.course.level] || r.course.level}, ${fmtMinutes(r.course.minutes)})`,
      el("details", { class: "dfs-rec-why" },
        el("summary", { text: counted("rec_statements", r.statements.length) }),
        el("ul", {}, ...r.statements.map((s) => el("li", {
          text: t("rec_statement", { text: statementText(s), answer: assessment.answers[s.id] }) }))))))) ];
}

export function start({ session }) {
  const form = $("[data-dfs-self-assessment]");
  if (!form) return;
  let submit = () => {};
  // First of all: the form must never be sent anywhere, even if what follows fails.
  form.addEventListener("submit", (event) => { event.preventDefault(); submit(); });

  const config = readJson("dfs-sa-data");
  if (!config || !isScale(config.scale)) throw new Error("#dfs-sa-data is missing or has no valid scale");
  const scale = config.scale;
  const areaOf = Object.fromEntries(config.statements.map((id, i) => [id, config.statement_areas[i]]));
  const items = Object.fromEntries($$("[data-statement], [data-dfs-statement]", form).map((f) => [statementOf(f), f]));
  config.statement_list ??= config.statements.map((id, i) => ({
    id, area: config.statement_areas[i], competences: (config.statement_competences || [])[i] || [] }));
  // Read-only: the reader's progress decides which courses are done.
  const options = {
    isDone: (course) => courseProgress(session.data, course.lessons || []).finished,
    statementText: (s) => (items[s.id] && $("legend", items[s.id])?.textContent.trim()) || s.id,
  };
  const municipality = $("#dfs-municipality", form) || $("select", form);
  const result = $("[data-dfs-sa-result]");
  const body = $("[data-dfs-sa-result-body]");
  const status = $("[data-dfs-sa-status]", form);
  const savedNote = () => t(session.persistent ? "saved_locally" : "saved_memory");

  const showLast = () => {
    const { assessments, profile } = session.data;
    const last = assessments.at(-1);
    if (!last) return;
    for (const [id, value] of Object.entries(last.answers)) {
      const input = items[id] && $(`input[type=radio][value="${CSS.escape(String(value))}"]`, items[id]);
      if (input) input.checked = true;
    }
    if (municipality) municipality.value = profile.municipality || "";
    renderResult(body, config, scale, last, assessments.at(-2), savedNote(), options);
    result.hidden = false;
  };

  submit = () => {
    const answers = {};
    const missing = [];
    for (const id of config.statements) {
      const item = items[id];
      if (!item) continue;
      const checked = $("input[type=radio]:checked", item);
      const value = checked ? Number(checked.value) : NaN;
      const ok = Number.isInteger(value) && value >= scale[0] && value <= scale[1];
      item.dataset.missing = String(!ok);
      if (ok) answers[id] = value; else missing.push(item);
    }
    if (missing.length) {
      status.textContent = counted("sa_missing", missing.length);
      $("input", missing[0])?.focus();
      return;
    }
    status.textContent = "";
    const place = municipality ? municipality.value : "";
    const assessment = { date: new Date().toISOString(), answers, scores: areaScores(answers, areaOf), municipality: place };
    const before = session.data.assessments.at(-1);
    const saved = session.update((data) => addAssessment(data, assessment));
    const previous = saved.ok ? session.data.assessments.at(-2) : before;
    renderResult(body, config, scale, assessment, previous, saved.ok ? savedNote() : saveProblem(saved), options);
    result.hidden = false;
    result.focus();
  };

  showLast();
  return showLast;
}
