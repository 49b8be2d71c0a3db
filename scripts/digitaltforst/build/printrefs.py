"""Where a link leads, for paper: ``data-dfs-print-ref`` on internal links.

print.css prints it after the link text: "se lektion 3" for a lesson of the
same course, "se lektion 2 i kursen e-legitimation" for another course's
(its folder name: course titles are navigation labels, which the PDFs leave
out), and the page's short address (no https://) for anything else. A link
whose text is the target's own title (a course, a handout) needs nothing
more: the title is how it is found. External links print their ``href``.
"""
from __future__ import annotations

import html as htmlmod
import posixpath
import re

from ..content.paths import page_path
from ..content.site import Site
from ..l10n import t
from . import htmledit
from .htmledit import Attrs, has_class

SKIP = ("http:", "https:", "#", "mailto:", "tel:", "data:", "javascript:")


_TARGETS: dict[str, tuple[Site, dict]] = {}  # lang -> (the site it was made from, _targets)


def _targets(site: Site, lang: str) -> dict[str, tuple[str, object, int | None, str]]:
    """Built page folder -> (kind, course, lesson number, title); made once per
    site and language (every page asks, and at 1000 lessons making it per page
    was a twentieth of the build)."""
    made = _TARGETS.get(lang)
    if made is None or made[0] is not site:
        _TARGETS[lang] = made = (site, _make_targets(site, lang))
    return made[1]


def _make_targets(site: Site, lang: str) -> dict[str, tuple[str, object, int | None, str]]:
    found: dict[str, tuple[str, object, int | None, str]] = {}
    for course in site.courses[lang]:
        found[page_path(course.source.base_rel, lang)] = ("course", course, None, course.title)
        for n, lesson in enumerate(course.lessons, 1):
            found[page_path(lesson.source.base_rel, lang)] = ("lesson", course, n, lesson.title)
    for handout in site.handouts[lang]:
        found[page_path(handout.source.base_rel, lang)] = ("handout", None, None, handout.title)
    return found


def annotate(html: str, site: Site, lang: str, page_url: str, site_url: str,
             own_course: str | None) -> str:
    targets = _targets(site, lang)
    here = posixpath.dirname(("/" + page_url).rstrip("/") + "/x")  # the page's folder
    short = site_url.split("://", 1)[-1].rstrip("/") + "/"

    toks = htmledit.tokens(html)  # one tokenizing for the link texts and the edits
    texts = _link_texts(html, toks)

    def edit(tag: str, attrs: Attrs, start: int):
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
        text = texts.get(start, "")
        if kind and kind[0] == "lesson":
            course, n = kind[1], kind[2]
            ref = t(lang, "print_see_lesson", n=n) if course.slug == own_course else \
                t(lang, "print_see_lesson_in", n=n, course=course.slug)
        elif kind and (text == kind[3] or kind[3].startswith(text) and ":" in text):
            return None  # the link names its target
        else:
            ref = short + folder
        return tag, [*attrs, ("data-dfs-print-ref", ref)]

    return _rewrite_with_offsets(html, toks, edit)


def _link_texts(html_text: str, toks: list) -> dict[int, str]:
    """Offset of each <a> start tag -> its text (whitespace collapsed)."""
    out: dict[int, str] = {}
    open_: list[tuple[int, int]] = []  # (start of <a>, end of <a …>)
    for kind, tag, _attrs, start, end in toks:
        if tag != "a":
            continue
        if kind == "start":
            open_.append((start, end))
        elif kind == "end" and open_:
            a_start, a_end = open_.pop()
            inner = re.sub(r"<[^>]+>", "", html_text[a_end:start])
            out[a_start] = " ".join(htmlmod.unescape(inner).split())
    return out


def _rewrite_with_offsets(text: str, toks: list, fn) -> str:
    """htmledit.rewrite of text's tokens, but the callback also gets the start tag's offset."""
    out: list[str] = []
    pos = 0
    for kind, tag, attrs, start, end in toks:
        if kind == "end":
            continue
        result = fn(tag, attrs, start)
        if result is None:
            continue
        out.append(text[pos:start])
        out.append(htmledit.start_tag(result[0], result[1], kind == "empty"))
        pos = end
    out.append(text[pos:])
    return "".join(out)
