// Course pages and the catalogue: "x av y lektioner klara", ticks in lesson lists.
import { $, $$ } from "../dom.js";
import { courseProgress } from "../store.js";
import { counted } from "../strings.js";

export function start({ session }) {
  const holders = $$("[data-dfs-lessons]");
  const paint = () => {
    for (const holder of holders) {
      const ids = holder.dataset.dfsLessons.split(" ").filter(Boolean);
      const p = courseProgress(session.data, ids);
      const slug = holder.dataset.dfsCoursePage || holder.dataset.dfsCourseCard;
      const line = $("[data-dfs-progress]", holder) || $(`[data-dfs-progress="${CSS.escape(slug || "")}"]`);
      if (line) {
        line.textContent = p.done > 0 ? counted("progress", p.total, { done: p.done, total: p.total }) : "";
        line.hidden = p.done === 0;
      }
      for (const item of $$("[data-dfs-lesson-item]", holder)) {
        item.dataset.done = String(item.dataset.dfsLessonItem in session.data.progress);
      }
    }
  };
  paint();
  return paint;
}
