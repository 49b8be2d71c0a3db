// Knowledge checks: "Kontrollera svaret" gives feedback at once, with the
// chosen answer's explanation (once, in the feedback). The reader's latest
// answer to each check is kept (store.js, `quiz`) and shown again on reload;
// Mina kurser counts the right ones. Without JavaScript the button stays
// hidden and the answers show as a list under "Visa rätt svar".
import { $, $$ } from "../dom.js";
import { setQuizAnswer } from "../store.js";
import { t } from "../strings.js";
import { saveProblem } from "./save-result.js";

function feedbackText(quiz, chosen) {
  const right = chosen.dataset.correct === "true";
  const why = $(`[data-why="${CSS.escape(chosen.value)}"]`, quiz);
  return { right, text: `${t(right ? "quiz_right" : "quiz_wrong")} ${why ? why.textContent : ""}`.trim() };
}

export function start({ session }) {
  const painters = [];
  for (const quiz of $$("[data-dfs-quiz]")) {
    const id = quiz.dataset.dfsQuiz;
    const button = $("[data-dfs-quiz-check]", quiz);
    const feedback = $(".dfs-quiz__feedback", quiz);
    const answers = $(".dfs-quiz__answers", quiz);
    if (!button || !feedback) continue;
    // The key stays out of sight until the reader has answered once; then it
    // is there, closed, for whoever wants every explanation.
    const show = (result, text) => {
      feedback.textContent = text;
      feedback.dataset.result = result;
      if (answers) answers.hidden = result === "";
    };
    button.addEventListener("click", () => {
      const chosen = $("input:checked", quiz);
      if (!chosen) { show("", t("quiz_choose")); return; }
      const { right, text } = feedbackText(quiz, chosen);
      const saved = id ? session.update((data) => setQuizAnswer(data, id, Number(chosen.value), right)) : { ok: true };
      show(right ? "right" : "wrong", saved.ok ? text : `${text} ${saveProblem(saved)}`);
    });
    // Repaint the stored answer (on load, and when another tab answered).
    const paint = () => {
      const kept = id && session.data.quiz ? session.data.quiz[id] : null;
      const input = kept ? $(`input[value="${CSS.escape(String(kept.answer))}"]`, quiz) : null;
      if (!input) { if (answers && !feedback.dataset.result) answers.hidden = true; return; }
      input.checked = true;
      const { right, text } = feedbackText(quiz, input);
      show(right ? "right" : "wrong", text);
    };
    button.hidden = false;
    if (answers) { answers.hidden = true; answers.open = false; }
    paint();
    painters.push(paint);
  }
  return () => painters.forEach((paint) => paint());
}
