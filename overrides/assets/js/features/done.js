// Lessons: the "Markera som klar" button.
import { $$, el } from "../dom.js";
import { setDone } from "../store.js";
import { t } from "../strings.js";
import { saveProblem } from "./save-result.js";

export function start({ session }) {
  const painters = [];
  for (const box of $$("[data-dfs-done]")) {
    const id = box.dataset.dfsDone;
    const button = el("button", { type: "button", class: "md-button", "aria-pressed": "false" });
    const status = el("p", { role: "status", class: "dfs-done__status" });
    const paint = () => {
      const done = id in session.data.progress;
      button.setAttribute("aria-pressed", String(done));
      button.textContent = done ? `✓ ${t("marked")}` : t("mark_done");
      button.classList.toggle("md-button--primary", !done);
    };
    button.addEventListener("click", () => {
      const done = !(id in session.data.progress);
      const result = session.update((data) => setDone(data, id, done));
      status.textContent = result.ok ? t(done ? "saved_done" : "saved_undone") : saveProblem(result);
      status.dataset.result = result.ok ? "ok" : "failed";
      paint();
    });
    box.replaceChildren(button, status);
    box.hidden = false;
    paint();
    painters.push(paint);
  }
  return () => painters.forEach((paint) => paint());
}
