// "Gruppens resultat" (sjalvskattning/grupp/): a facilitator pastes the
// group codes of the participants (groupcode.js) and sees, per area, how
// many, the median and the spread, the group's weakest areas and courses to
// start with. No server and no individual answers: the codes hold only
// rounded area results, nothing is stored, and nothing is shown for fewer
// than `min_codes` codes. The summary can be saved as a small file (without
// the codes) and loaded again at the next round to see the change.
import { $, download, el, readJson, svgEl } from "../dom.js";
import { AREAS, parseLines } from "../groupcode.js";
import { coursesForArea, groupSummary, weakestAreas } from "../scoring.js";
import { counted, fmtDate, fmtMinutes, fmtNumber, t } from "../strings.js";

export const APP = "digitaltforst";
export const KIND = "group-summary";
export const FILE_VERSION = 1;

// The summary as a file: date, n and the five areas' figures. No codes.
export function summaryText(summary, date = new Date()) {
  const areas = Object.fromEntries(summary.areas.map(({ area, ...figures }) => [area, figures]));
  return JSON.stringify({ app: APP, kind: KIND, version: FILE_VERSION, date: date.toISOString(), n: summary.n, areas }, null, 2);
}

const isNumber = (v) => typeof v === "number" && Number.isFinite(v);

// A saved summary -> { ok: true, summary } or { ok: false } (anything else).
export function readSummary(text, [min, max], minCodes = 3) {
  let raw;
  try { raw = JSON.parse(text); } catch { return { ok: false }; }
  if (!raw || raw.app !== APP || raw.kind !== KIND || raw.version !== FILE_VERSION) return { ok: false };
  if (typeof raw.date !== "string" || Number.isNaN(Date.parse(raw.date))) return { ok: false };
  if (!Number.isInteger(raw.n) || raw.n < minCodes || !raw.areas || typeof raw.areas !== "object") return { ok: false };
  const areas = [];
  for (const area of AREAS) {
    const a = raw.areas[area];
    if (!a || !Number.isInteger(a.n) || a.n > raw.n) return { ok: false };
    for (const key of ["median", "min", "max", "q1", "q3"]) {
      if (!isNumber(a[key]) || a[key] < min || a[key] > max) return { ok: false };
    }
    areas.push({ area, n: a.n, median: a.median, min: a.min, max: a.max, q1: a.q1, q3: a.q3 });
  }
  return { ok: true, summary: { date: raw.date, n: raw.n, areas } };
}

// The codes in a text -> { summary: { n, areas } | null, codes, problems }.
export function summarize(text, scale, minCodes = 3, options = {}) {
  const { codes, problems } = parseLines(text, scale, options);
  const summary = codes.length >= minCodes
    ? { n: codes.length, areas: groupSummary(codes.map((c) => c.scores), AREAS) } : null;
  return { summary, codes, problems };
}

// One row per area: the scale, the lowest–highest line, the middle half as
// a box, the median as a filled dot (and last round's median as a hollow
// diamond). Black on white, shapes not colours; 14-unit text in a 340-wide
// viewBox stays at least 12 px on a phone. The table next to it carries the
// same figures for screen readers.
export function groupChart(rows, [min, max], labelText) {
  const width = 340, left = 12, right = 328, rowHeight = 58, axis = 34;
  const height = rows.length * rowHeight + axis;
  const x = (v) => left + ((right - left) * (v - min)) / (max - min);
  const svg = svgEl("svg", { viewBox: `0 0 ${width} ${height}`, class: "dfs-chart dfs-group-chart",
    role: "img", "aria-label": labelText });
  const add = (tag, attrs, text) => svgEl(tag, attrs, text, svg);
  add("title", {}, labelText);
  rows.forEach((r, i) => {
    const y = i * rowHeight;
    const mid = y + 36;
    add("text", { x: 0, y: y + 16, class: "label" }, `${r.area}. ${r.name}`);
    add("line", { x1: x(min), x2: x(max), y1: mid, y2: mid, class: "track" });
    if (r.n) {
      add("line", { x1: x(r.min), x2: x(r.max), y1: mid, y2: mid, class: "range" });
      for (const v of [r.min, r.max]) add("line", { x1: x(v), x2: x(v), y1: mid - 7, y2: mid + 7, class: "range" });
      add("rect", { x: x(r.q1), y: mid - 6, width: Math.max(2, x(r.q3) - x(r.q1)), height: 12, class: "box" });
      if (isNumber(r.previous)) {
        const px = x(r.previous);
        add("path", { d: `M${px} ${mid - 8}l7 8l-7 8l-7 -8z`, class: "previous" });
      }
      add("circle", { cx: x(r.median), cy: mid, r: 5.5, class: "median" });
    }
  });
  const base = rows.length * rowHeight + 6;
  add("line", { x1: x(min), x2: x(max), y1: base, y2: base, class: "axis" });
  for (let v = min; v <= max; v += 1) {
    add("line", { x1: x(v), x2: x(v), y1: base, y2: base + 5, class: "axis" });
    add("text", { x: x(v), y: base + 22, "text-anchor": "middle" }, String(v));
  }
  return svg;
}

const clip = (text) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

export function problemText(p) {
  const values = { line: p.line, text: clip(p.text), first: p.first };
  return t(`group_problem_${p.reason}`, values);
}

const signed = (d) => (d > 0 ? `+${fmtNumber(d)}` : fmtNumber(d));

function renderSummary(body, config, summary, previous, date) {
  const scale = config.scale;
  const prevOf = (area) => previous?.areas.find((a) => a.area === area) || null;
  const rows = summary.areas.map((a) => ({ ...a, name: config.areas[a.area], previous: prevOf(a.area)?.median ?? null }));
  const head = [t("area"), t("group_count"), t("group_median"), t("group_range"), t("group_middle"),
    ...(previous ? [t("group_previous_median"), t("diff")] : [])];
  const table = el("table", {},
    el("caption", { text: t("group_table_caption", { date: fmtDate(date.toISOString()), n: counted("group_participants", summary.n) }) }),
    el("thead", {}, el("tr", {}, ...head.map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, ...rows.map((r) => el("tr", {},
      el("th", { scope: "row", text: `${r.area}. ${r.name}` }),
      el("td", { text: String(r.n) }),
      el("td", { text: fmtNumber(r.median) }),
      el("td", { text: `${fmtNumber(r.min)}–${fmtNumber(r.max)}` }),
      el("td", { text: `${fmtNumber(r.q1)}–${fmtNumber(r.q3)}` }),
      ...(previous ? [el("td", { text: fmtNumber(r.previous) }),
        el("td", { text: isNumber(r.previous) ? signed(Math.round((r.median - r.previous) * 10) / 10) : t("no_score") })] : [])))));
  const medians = Object.fromEntries(rows.map((r) => [r.area, r.median]));
  const weakest = weakestAreas(medians, 2);
  const courses = weakest.map((area) => el("li", {},
    el("strong", { text: `${area}. ${config.areas[area]} (${t("group_median").toLowerCase()} ${fmtNumber(medians[area])})` }),
    el("ul", {}, ...coursesForArea(area, medians[area], config.statements, config.courses, { scale }).map((c) =>
      el("li", {}, el("a", { href: c.url, text: c.title }), ` (${config.levels[c.level] || c.level}, ${fmtMinutes(c.minutes)})`)))));
  const chartLabel = t("group_chart_label", { list: rows.map((r) => `${r.name} ${fmtNumber(r.median)}`).join(", ") });
  body.replaceChildren(...[
    el("p", { class: "dfs-group-meta", text: t("group_meta", { date: fmtDate(date.toISOString()), n: counted("group_participants", summary.n) }) }),
    previous ? el("p", { class: "dfs-group-compare", text: t("group_compared", { date: fmtDate(previous.date), n: counted("group_participants", previous.n) }) }) : null,
    el("figure", { class: "dfs-group-figure" }, groupChart(rows, scale, chartLabel),
      el("figcaption", { text: t(previous ? "group_chart_caption_previous" : "group_chart_caption") })),
    el("div", { class: "dfs-table-scroll" }, table),
    el("h3", { text: t("group_weakest") }),
    el("p", { text: t("group_weakest_text") }),
    el("ul", { class: "dfs-group-courses" }, ...courses),
    el("p", { class: "dfs-group-scale-note", text: t("group_scale_note") })].filter(Boolean));
}

export function start() {
  const root = $("[data-dfs-group]");
  if (!root) return;
  const form = $("[data-dfs-group-form]", root);
  let submit = () => {};
  form.addEventListener("submit", (event) => { event.preventDefault(); submit(); });
  const config = readJson("dfs-group-data");
  if (!config || !Array.isArray(config.scale)) throw new Error("#dfs-group-data is missing");
  form.hidden = false; // without JavaScript the form could do nothing: it stays hidden
  const minCodes = config.min_codes || 3;
  const field = $("#dfs-group-codes", root);
  const status = $("[data-dfs-group-status]", root);
  const result = $("[data-dfs-group-result]", root);
  const body = $("[data-dfs-group-body]", root);
  const fileStatus = $("[data-dfs-group-file-status]", root);
  const load = $("[data-dfs-group-load]", root);
  // Only in this tab's memory: closing the tab forgets everything.
  let current = null;
  let previous = null;
  let date = new Date();

  const show = () => {
    if (!current) return;
    renderSummary(body, config, current, previous, date);
  };

  submit = () => {
    const countDuplicates = Boolean($("[data-dfs-group-duplicates]", root)?.checked);
    const { summary, codes, problems } = summarize(field.value, config.scale, minCodes, { countDuplicates });
    const messages = problems.map((p) => el("li", { text: problemText(p) }));
    const parts = [];
    if (summary) parts.push(el("p", { text: counted("group_counted", codes.length) }));
    else parts.push(el("p", { class: "dfs-group-refusal", text: t("group_too_few", { min: minCodes, n: counted("group_valid_codes", codes.length) }) }));
    if (messages.length) parts.push(el("p", { text: counted("group_rejected", problems.length) }), el("ul", { class: "dfs-group-problems" }, ...messages));
    status.replaceChildren(...parts);
    current = summary;
    date = new Date();
    if (!summary) {
      body.replaceChildren();
      result.hidden = true;
      return;
    }
    show();
    result.hidden = false;
    if (!messages.length) result.focus();
  };

  $("[data-dfs-group-save]", root).addEventListener("click", () => {
    if (!current) return;
    download(summaryText(current, date), `gruppens-resultat-${date.toISOString().slice(0, 10)}.json`);
    fileStatus.textContent = t("group_saved");
  });

  load.addEventListener("change", async () => {
    const file = load.files && load.files[0];
    if (!file) return;
    const read = readSummary(await file.text(), config.scale, minCodes);
    load.value = "";
    if (!read.ok) {
      fileStatus.textContent = t("group_load_failed");
      return;
    }
    previous = read.summary;
    fileStatus.textContent = t("group_loaded", { date: fmtDate(previous.date), n: counted("group_participants", previous.n) });
    show();
  });
}
