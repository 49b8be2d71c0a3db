// Tell the reader when this browser does not keep their data, or when
// stored data had to be set aside (download it on Mina kurser).
import { el, pageNotice, readJson } from "../dom.js";
import { hasStrings, LANG, t } from "../strings.js";

export function myCoursesUrl() {
  const base = (readJson("__config") || {}).base || ".";
  return new URL(`${base}/${LANG === "en" ? "en/" : ""}mina-kurser/`, location.href).href;
}

const withLink = (text) => [el("p", {}, `${text} `, el("a", { href: myCoursesUrl(), text: t("my_courses_link") }))];

export function start({ session }) {
  if (!hasStrings()) return; // the 404 page: nothing to say it with
  const paint = () => {
    if (!session.persistent) pageNotice("dfs-storage-notice", t("storage_blocked"));
    else if (session.held) pageNotice("dfs-storage-notice", withLink(t("save_held")));
    else if (session.setAsideNow.length && !document.querySelector("[data-dfs-my-courses]")) {
      pageNotice("dfs-storage-notice", withLink(t("set_aside_notice")), "note");
    } else document.getElementById("dfs-storage-notice")?.remove();
  };
  paint();
  return paint;
}
