// Knowledge checks: "Kontrollera svaret" gives feedback at once. Without
// JavaScript the button stays hidden and the answers show as a list.
import { $, $$ } from "../dom.js";
import { t } from "../strings.js";

export function start() {
  for (const quiz of $$("[data-dfs-quiz]")) {
    const button = $("[data-dfs-quiz-check]", quiz);
    const feedback = $(".dfs-quiz__feedback", quiz);
    if (!button || !feedback) continue;
    button.addEventListener("click", () => {
      const chosen = $("input:checked", quiz);
      $$(".dfs-quiz__why", quiz).forEach((p) => { p.hidden = true; });
      if (!chosen) { feedback.textContent = t("quiz_choose"); feedback.dataset.result = ""; return; }
      const right = chosen.dataset.correct === "true";
      const why = $(`[data-why="${CSS.escape(chosen.value)}"]`, quiz);
      if (why) why.hidden = false;
      feedback.textContent = `${t(right ? "quiz_right" : "quiz_wrong")} ${why ? why.textContent : ""}`.trim();
      feedback.dataset.result = right ? "right" : "wrong";
    });
    button.hidden = false;
    const answers = $(".dfs-quiz__answers", quiz);
    if (answers) answers.hidden = true;
  }
}
