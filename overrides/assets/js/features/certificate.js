// Kursbevis for a finished course on Mina kurser: the reader's name (stored
// only here), the course, the date, and a print button for just the card.
import { el } from "../dom.js";
import { setName } from "../store.js";
import { fmtDate, fmtMinutes, t } from "../strings.js";
import { saveProblem } from "./save-result.js";

export function certificate(session, course, progress) {
  const name = el("input", { type: "text", id: `dfs-name-${course.slug}`, value: session.data.profile.name, autocomplete: "name" });
  const text = el("p", { class: "dfs-certificate__text" });
  const status = el("p", { class: "dfs-certificate__status", role: "status" });
  const paint = () => {
    text.textContent = t("cert_text", {
      name: name.value.trim() || t("no_name"), course: course.title,
      date: fmtDate(progress.lastDate || new Date().toISOString()), time: fmtMinutes(course.minutes),
    });
  };
  name.addEventListener("input", () => {
    const saved = session.update((data) => setName(data, name.value));
    status.textContent = saveProblem(saved);
    paint();
  });
  paint();
  const print = el("button", { type: "button", class: "md-button", text: t("print_cert") });
  print.addEventListener("click", () => {
    const card = print.closest(".dfs-certificate-wrap");
    document.documentElement.classList.add("dfs-printing-certificate");
    card.classList.add("dfs-print-this");
    try {
      window.print();
    } finally {
      card.classList.remove("dfs-print-this");
      document.documentElement.classList.remove("dfs-printing-certificate");
    }
  });
  return el("div", { class: "dfs-certificate-wrap" },
    el("p", {}, el("label", { for: name.id, text: t("your_name") }), el("br"), name),
    el("div", { class: "dfs-certificate", "data-dfs-certificate": course.slug },
      el("h3", { text: t("certificate") }), text, el("p", { class: "dfs-muted", text: t("self_declared") })),
    status, print);
}
