// The way back in (issue 21): the course page's button says where to go on
// ("Fortsätt: Lektion 2", or the kursbevis when the course is done), and the
// start page offers "Fortsätt där du slutade": the next unfinished lesson of
// the course the reader worked on last. Without JavaScript, or for a new
// reader, both stay the plain page the build wrote.
import { $, $$, el, readJson } from "../dom.js";
import { courseProgress, nextLesson, resumeCourse } from "../store.js";
import { counted, t } from "../strings.js";

function coursePage(session) {
  const painters = [];
  for (const button of $$("[data-dfs-continue]")) {
    const holder = button.closest("[data-dfs-lessons]");
    if (!holder) continue;
    const ids = holder.dataset.dfsLessons.split(" ").filter(Boolean);
    const first = { href: button.getAttribute("href"), text: button.textContent };
    const paint = () => {
      const p = courseProgress(session.data, ids);
      if (p.finished) {
        button.textContent = t("course_finished");
        button.setAttribute("href", button.dataset.dfsContinue);
      } else if (p.done > 0) {
        const next = nextLesson(session.data, ids);
        const link = $(`[data-dfs-lesson-item="${CSS.escape(next)}"] a`, holder);
        button.textContent = t("continue_lesson", { n: ids.indexOf(next) + 1 });
        button.setAttribute("href", link ? link.getAttribute("href") : first.href);
      } else {
        button.textContent = first.text;
        button.setAttribute("href", first.href);
      }
    };
    paint();
    painters.push(paint);
  }
  return painters;
}

function startPage(session) {
  const box = $(".dfs-resume");
  const config = readJson("dfs-journey-data");
  if (!box || !config) return [];
  const courses = config.courses.map((c) => ({ ...c, ids: c.lessons.map((x) => x.id) }));
  const paint = () => {
    const found = resumeCourse(session.data, courses.map((c) => ({ ...c, lessons: c.ids })));
    if (!found) { box.hidden = true; box.replaceChildren(); return; }
    const course = courses.find((c) => c.slug === found.course.slug);
    const lesson = course.lessons.find((x) => x.id === found.next);
    const p = courseProgress(session.data, course.ids);
    box.replaceChildren(
      el("h2", { id: "fortsatt", text: t("resume_title") }),
      el("p", {}, el("a", { href: course.url, text: course.title }),
        `: ${counted("progress", p.total, { done: p.done, total: p.total })}.`),
      el("p", { text: t("next_lesson", { n: lesson.n, title: lesson.title }) }),
      el("p", {}, el("a", { class: "md-button md-button--primary", href: lesson.url,
        text: t("continue_lesson", { n: lesson.n }) })));
    box.hidden = false;
  };
  paint();
  return [paint];
}

export function start({ session }) {
  const painters = [...coursePage(session), ...startPage(session)];
  return () => painters.forEach((paint) => paint());
}
