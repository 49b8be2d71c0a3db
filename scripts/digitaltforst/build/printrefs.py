"""Where a link leads, for paper: ``data-dfs-print-ref`` on every internal link.

print.css prints it after the link text: "se lektion 3" for a lesson of the
same course, "se lektion 2 i Kursen" for another course's lesson, "se kursen
…" for a course, and the page's short address (no https://) for anything
else. External links print their own address (``href``).
"""
from __future__ import annotations

import posixpath

from ..content.paths import page_path
from ..content.site import Site
from ..l10n import t
from . import htmledit
from .htmledit import Attrs, has_class

SKIP = ("http:", "https:", "#", "mailto:", "tel:", "data:", "javascript:")


def _targets(site: Site, lang: str) -> dict[str, tuple[str, object, int | None]]:
    """Built page folder -> ("lesson", course, n) or ("course", course, None)."""
    found: dict[str, tuple[str, object, int | None]] = {}
    for course in site.courses[lang]:
        found[page_path(course.source.base_rel, lang)] = ("course", course, None)
        for n, lesson in enumerate(course.lessons, 1):
            found[page_path(lesson.source.base_rel, lang)] = ("lesson", course, n)
    return found


def annotate(html: str, site: Site, lang: str, page_url: str, site_url: str,
             own_course: str | None) -> str:
    targets = _targets(site, lang)
    here = posixpath.dirname(("/" + page_url).rstrip("/") + "/x")  # the page's folder
    short = site_url.split("://", 1)[-1].rstrip("/") + "/"

    def edit(tag: str, attrs: Attrs):
        if tag != "a" or has_class(attrs, "md-button") or has_class(attrs, "headerlink"):
            return None
        href = dict(attrs).get("href")
        if not href or href.startswith(SKIP) or any(n == "data-dfs-print-ref" for n, _ in attrs):
            return None
        path = href.split("#", 1)[0].split("?", 1)[0]
        if not path:
            return None
        target = posixpath.normpath(posixpath.join(here, path)).lstrip("/")
        if target == ".":
            target = ""
        folder = target.rstrip("/") + "/" if target and not posixpath.splitext(target)[1] else target
        kind = targets.get(folder)
        if kind and kind[0] == "lesson":
            course, n = kind[1], kind[2]
            ref = t(lang, "print_see_lesson", n=n) if course.slug == own_course else \
                t(lang, "print_see_lesson_in", n=n, course=course.title)
        elif kind:
            ref = t(lang, "print_see_course", course=kind[1].title)
        else:
            ref = short + folder
        return tag, [*attrs, ("data-dfs-print-ref", ref)]

    return htmledit.rewrite(html, edit)
