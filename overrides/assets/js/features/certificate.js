// Kursbevis for a finished course on Mina kurser, a page a manager can file:
// the issuer (mkdocs.yml, extra.issuer), the reader's name (stored only
// here), the course, its goals, area, level and length, the date finished.
// "Skriv ut kursbeviset" prints just this card, on one A4 page.
import { el } from "../dom.js";
import { setName } from "../store.js";
import { fmtDate, fmtMinutes, t } from "../strings.js";
import { saveProblem } from "./save-result.js";

const PRINTING = "dfs-printing-certificate";

// Print one card alone: a copy at the top of <body>, everything else hidden
// (print.css), until the print dialog closes.
function printAlone(card) {
  document.querySelectorAll(".dfs-certificate-print").forEach((old) => old.remove());
  const copy = card.cloneNode(true);
  copy.removeAttribute("data-dfs-certificate");
  copy.classList.add("dfs-certificate-print");
  copy.removeAttribute("id");
  document.body.prepend(copy);
  document.documentElement.classList.add(PRINTING);
  window.addEventListener("afterprint", () => {
    copy.remove();
    document.documentElement.classList.remove(PRINTING);
  }, { once: true });
  window.print();
}

export function certificate(session, course, progress, issuer = "") {
  const name = el("input", { type: "text", id: `dfs-name-${course.slug}`, value: session.data.profile.name, autocomplete: "name" });
  const lead = el("p", { class: "dfs-certificate__lead" });
  const status = el("p", { class: "dfs-certificate__status", role: "status" });
  const date = fmtDate(progress.lastDate || new Date().toISOString());
  const paint = () => {
    lead.textContent = t("cert_lead", { name: name.value.trim() || t("no_name") });
  };
  name.addEventListener("input", () => {
    const saved = session.update((data) => setName(data, name.value));
    status.textContent = saveProblem(saved);
    paint();
  });
  paint();
  const fact = (label, value) => value ? [el("dt", { text: label }), el("dd", { text: value })] : [];
  const goals = course.goals && course.goals.length
    ? [el("p", { class: "dfs-certificate__goals-title", text: t("cert_goals") }),
      el("ul", { class: "dfs-certificate__goals" }, ...course.goals.map((g) => el("li", { text: g })))]
    : [];
  const card = el("div", { class: "dfs-certificate", "data-dfs-certificate": course.slug },
    el("h3", { text: t("certificate") }), lead,
    el("p", { class: "dfs-certificate__course", text: course.title }),
    ...goals,
    el("dl", { class: "dfs-certificate__facts" },
      ...fact(t("cert_area"), course.area ? String(course.area) : ""),
      ...fact(t("cert_level"), course.level || ""),
      ...fact(t("cert_time"), fmtMinutes(course.minutes)),
      ...fact(t("cert_date"), date),
      ...fact(t("cert_issuer"), issuer)),
    el("p", { class: "dfs-certificate__note", text: t("self_declared") }));
  const print = el("button", { type: "button", class: "md-button", text: t("print_cert") });
  print.addEventListener("click", () => printAlone(card));
  return el("div", { class: "dfs-certificate-wrap", id: `kursbevis-${course.slug}` },
    el("p", {}, el("label", { for: name.id, text: t("your_name") }), el("br"), name),
    card, status, print);
}
