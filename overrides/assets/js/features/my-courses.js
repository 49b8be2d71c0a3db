// Mina kurser: started and finished courses, certificates, the latest
// self-assessment, export/import/delete of the reader's data, and data that
// had to be set aside (unreadable, or from a newer version) to download.
import { $, download, el, readJson } from "../dom.js";
import { courseProgress, exportText, isScale, nextLesson, parseImport, quizScore } from "../store.js";
import { counted, fmtDate, fmtNumber, t } from "../strings.js";
import { certificate } from "./certificate.js";
import { saveProblem } from "./save-result.js";

const today = () => new Date().toISOString().slice(0, 10);

function setAsideSection(session, message, repaint) {
  const items = session.listSetAside();
  if (session.held && session.heldText !== null) items.unshift({ key: null, date: null, reason: "held" });
  if (!items.length) return [];
  return [
    el("h2", { id: "undanlagda", text: t("set_aside_title") }),
    el("p", { class: "dfs-set-aside__text", text: t("set_aside_text") }),
    el("ul", { class: "dfs-set-aside" }, ...items.map((item, i) => {
      const labelId = `dfs-set-aside-${i}`;
      const label = item.reason === "newer" ? t("set_aside_newer", { date: fmtDate(item.date) })
        : item.reason === "held" ? t("set_aside_held") : t("set_aside_corrupt", { date: fmtDate(item.date) });
      const get = el("button", { type: "button", class: "md-button", text: t("set_aside_download"), "aria-describedby": labelId });
      get.addEventListener("click", () => {
        const text = item.key ? session.readSetAside(item.key) : session.heldText;
        if (text !== null) download(text, `digitaltforst-undanlagt-${(item.date || today()).slice(0, 10)}.txt`);
      });
      const remove = el("button", { type: "button", class: "md-button", text: t("set_aside_remove"), "aria-describedby": labelId });
      remove.addEventListener("click", () => {
        if (!window.confirm(t("set_aside_remove_confirm"))) return;
        session.removeSetAside(item.key ?? "digitaltforst:data");
        repaint();
        message.textContent = t("set_aside_removed");
      });
      return el("li", {}, el("span", { id: labelId, text: label }), " ", get, " ", remove);
    })),
  ];
}

export function start({ session }) {
  const root = $("[data-dfs-my-courses]");
  if (!root) return;
  const config = readJson("dfs-courses-data");
  if (!config) throw new Error("#dfs-courses-data is missing");
  const scale = isScale(readJson("dfs-scale")) ? readJson("dfs-scale") : null;
  // Lesson titles and links, knowledge checks, the kursbevis' details (issue 21).
  const journey = readJson("dfs-journey-data") || { courses: [], issuer: "" };
  const details = Object.fromEntries(journey.courses.map((c) => [c.slug, c]));
  const body = $("[data-dfs-my-body]", root);
  const message = el("p", { role: "status", class: "dfs-my__message" });
  const paint = () => {
    const data = session.data;
    const rows = config.courses.map((c) => ({ course: c, p: courseProgress(data, c.lessons) }));
    // Started: a lesson marked done or a knowledge check answered.
    const answered = (slug) => details[slug] && quizScore(data, details[slug].checks).answered > 0;
    const started = rows.filter((r) => (r.p.done > 0 || answered(r.course.slug)) && !r.p.finished);
    const finished = rows.filter((r) => r.p.finished);
    // Per course: progress, the next lesson (a link), the knowledge checks.
    const item = (r) => {
      const more = details[r.course.slug];
      const parts = [el("a", { href: r.course.url, text: r.course.title }),
        ` – ${counted("progress", r.p.total, { done: r.p.done, total: r.p.total })}`];
      if (more && more.checks.length) {
        const q = quizScore(data, more.checks);
        parts.push(el("span", { class: "dfs-my__checks", "data-dfs-checks": r.course.slug,
          text: ` · ${counted("checks_score", q.total, { right: q.right })}` }));
      }
      const next = more && !r.p.finished ? more.lessons.find((x) => x.id === nextLesson(data, r.course.lessons)) : null;
      if (next) parts.push(el("br"), el("a", { href: next.url, "data-dfs-next": r.course.slug, text: t("next_lesson", { n: next.n, title: next.title }) }));
      return el("li", {}, ...parts);
    };
    const list = (items) => items.length ? el("ul", { class: "dfs-my__list" }, ...items.map(item)) : el("p", { text: t("none") });
    const last = data.assessments.at(-1);
    const result = last
      ? el("table", {}, el("caption", { text: t("result_from", { date: fmtDate(last.date) }) }),
        el("tbody", {}, ...Object.entries(config.areas).map(([area, name]) => el("tr", {},
          el("th", { scope: "row", text: `${area}. ${name}` }), el("td", { text: fmtNumber(last.scores[area]) })))))
      : el("p", { text: t("no_result") });
    const exportBtn = el("button", { type: "button", class: "md-button", text: t("export") });
    exportBtn.addEventListener("click", () => download(exportText(session.data), `digitaltforst-${today()}.json`));
    const file = el("input", { type: "file", accept: "application/json,.json", hidden: "" });
    const importBtn = el("button", { type: "button", class: "md-button", text: t("import") });
    importBtn.addEventListener("click", () => file.click());
    file.addEventListener("change", async () => {
      const chosen = file.files[0];
      if (!chosen) return;
      const checked = parseImport(await chosen.text(), { scale });
      file.value = "";
      if (!checked.ok) {
        message.textContent = t("import_failed", { error: t(`data_error_${checked.code}`, checked.values) });
        return;
      }
      const saved = session.update(() => checked.data);
      paint();
      message.textContent = saved.ok ? t("imported") : saveProblem(saved);
    });
    const deleteBtn = el("button", { type: "button", class: "md-button", text: t("delete") });
    deleteBtn.addEventListener("click", () => {
      if (!window.confirm(t("delete_confirm"))) return;
      const done = session.clear();
      paint();
      message.textContent = done.ok ? t("deleted") : t("delete_failed");
    });
    body.replaceChildren(
      el("h2", { id: "pagborjade", text: t("started") }), list(started),
      el("h2", { id: "avslutade", text: t("finished") }), list(finished),
      ...finished.map((r) => certificate(session, { ...r.course, ...(details[r.course.slug] || {}), lessons: r.course.lessons }, r.p, journey.issuer)),
      el("h2", { id: "sjalvskattning", text: t("last_result") }), result,
      ...setAsideSection(session, message, paint),
      el("h2", { id: "dina-uppgifter", text: t("data_title") }),
      el("div", { class: "dfs-print-tools" }, exportBtn, importBtn, file, deleteBtn), message);
  };
  paint();
  // "Kursen är klar – hämta kursbevis" links to #kursbevis-<course>: the card
  // exists only now, after the browser looked for the fragment.
  const target = location.hash.startsWith("#kursbevis-") ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  if (target) target.scrollIntoView();
  return paint;
}
