"""Course print pages: the whole course, all lessons in order, on one page.

Composed from the built HTML after each language's build, so they look
exactly like the lessons; `kurser/<kurs>/utskrift/` is what readers print
from the browser and what pdf.py turns into the course PDFs.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from .model import Course, Site
from .render import page_path

ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">)(.*?)(</article>)', re.S)
TITLE = re.compile(r"<title>.*?</title>", re.S)
HEADING = re.compile(r"<(/?)h([1-5])\b")
ID_ATTR = re.compile(r'\b(id|for|aria-labelledby|aria-describedby)="([^"]+)"')
LOCAL_HREF = re.compile(r'\b(href|src)="(?!https?:|#|/|data:|mailto:|tel:)([^"]*)"')
LESSON_NAV = re.compile(r'<nav class="dfs-lesson-nav".*?</nav>', re.S)
SKIP_LINK = re.compile(r'(<a href=")#[^"]*(" class="md-skip">)')
TOC_SIDEBAR = re.compile(r'<div class="md-sidebar md-sidebar--secondary".*?</nav>\s*</div>\s*</div>\s*</div>', re.S)
QR_BLOCK = re.compile(r'<div class="dfs-qr">.*?</div>', re.S)
H1_END = re.compile(r"</h1>")


def print_page_path(course: Course, lang: str) -> str:
    return page_path(course.source.base_rel, lang) + "utskrift/"


def _article(path: Path) -> str:
    match = ARTICLE.search(path.read_text(encoding="utf-8"))
    return match.group(2) if match else ""


def _demote(fragment: str, prefix: str) -> str:
    """Lesson content inside the course page: h1 -> h2 …, ids made unique."""
    fragment = HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", fragment)
    fragment = ID_ATTR.sub(lambda m: f'{m.group(1)}="{prefix}-{m.group(2)}"', fragment)
    fragment = fragment.replace('href="#', f'href="#{prefix}-')
    return LESSON_NAV.sub("", fragment)


def compose_course_print_page(site_dir: Path, site: Site, lang: str, course) -> str | None:
    """Write kurser/<kurs>/utskrift/index.html; return its page folder."""
    if not course.lessons:
        return None
    course_dir = page_path(course.source.base_rel, lang)
    lesson_dirs = [page_path(x.source.base_rel, lang) for x in course.lessons]
    # Lesson pages sit at the same depth as the print page, so their relative
    # links work unchanged; the course page's links need one more "../".
    shell = (site_dir / lesson_dirs[0] / "index.html").read_text(encoding="utf-8")
    head = LOCAL_HREF.sub(lambda m: f'{m.group(1)}="../{m.group(2)}"',
                          _article(site_dir / course_dir / "index.html"))
    # On paper the QR code to the course online belongs on the first page, under
    # the title, not after the introduction (which often runs onto page two).
    qr = QR_BLOCK.search(head)
    if qr and H1_END.search(head):
        head = head[: qr.start()] + head[qr.end():]
        head = H1_END.sub(lambda m: m.group(0) + qr.group(0), head, count=1)
    parts = [f'<div class="dfs-print-course" id="kursen">{head}</div>']
    for n, lesson_dir in enumerate(lesson_dirs, 1):
        body = _demote(_article(site_dir / lesson_dir / "index.html"), f"l{n}")
        parts.append(f'<section class="dfs-print-lesson" aria-label="{html.escape(course.lessons[n - 1].title)}">'
                     f"{body}</section>")
    page = ARTICLE.sub(lambda m: m.group(1) + "".join(parts) + m.group(3), shell, count=1)
    page = TITLE.sub(f"<title>{html.escape(course.title)}</title>", page, count=1)
    # The shell's skip link and table of contents point at lesson 1's anchors,
    # which the print page renamed: skip to the course, drop that contents list.
    page = SKIP_LINK.sub(r'\1#kursen\2', page, count=1)
    page = TOC_SIDEBAR.sub("", page, count=1)
    target = print_page_path(course, lang)
    (site_dir / target).mkdir(parents=True, exist_ok=True)
    (site_dir / target / "index.html").write_text(page, encoding="utf-8")
    return target


def compose_all(site: Site, lang: str, site_dir: Path) -> list[str]:
    written = [compose_course_print_page(site_dir, site, lang, c) for c in site.courses[lang]]
    return [w for w in written if w]
