"""Course print pages: the whole course, all lessons in order, on one page.

Composed from the built HTML after each language's build, so they look
exactly like the lessons; `kurser/<kurs>/utskrift/` is what readers print
from the browser and what the PDF step turns into the course PDFs. The
pages are taken apart and put together with :mod:`.htmledit` (a tokenizer,
not patterns over HTML).
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from ..content.paths import page_path, print_page_path
from ..content.site import Course, Site
from ..l10n import t
from . import htmledit
from .htmledit import Attrs, RawToken, has_class
from .pagejs import PageJs

HEADING = re.compile(r"^h([1-5])$")
ID_ATTRS = {"id", "for", "aria-labelledby", "aria-describedby"}
NOT_LOCAL = ("http:", "https:", "#", "/", "data:", "mailto:", "tel:")


# Where Material's templates start these elements (tokenizer hints, see htmledit.element).
ARTICLE = "<article"  # the page content
SKIP_LINK = '<a href="#'  # the skip link is the first such link in <body>
TOC_SIDEBAR = '<div class="md-sidebar md-sidebar--secondary"'


def _is_article(tag: str, attrs: Attrs) -> bool:
    return tag == "article" and has_class(attrs, "md-content__inner")


def _article(text: str) -> tuple[str, list[RawToken], htmledit.Span | None]:
    """A built page's article (its inner HTML), the article's tokens and its span."""
    found = htmledit.element_tokens(text, _is_article, ARTICLE)
    if found is None:
        return "", [], None
    span, toks = found
    return text[span.inner_start:span.inner_end], toks, span


def _demote(fragment: str, prefix: str, toks: list[RawToken] | None = None) -> str:
    """Lesson content inside the course page: h1 -> h2 …, ids made unique."""
    def edit(tag: str, attrs: Attrs):
        heading = HEADING.match(tag)
        new_tag = f"h{int(heading.group(1)) + 1}" if heading else tag
        new_attrs = []
        for name, value in attrs:
            if value is not None and name in ID_ATTRS:
                value = " ".join(f"{prefix}-{v}" for v in value.split())
            elif value is not None and name == "href" and value.startswith("#"):
                value = f"#{prefix}-{value[1:]}"
            new_attrs.append((name, value))
        return None if (new_tag, new_attrs) == (tag, attrs) else (new_tag, new_attrs)

    # Not on paper: the lesson's own previous/next links, "Visa som presentation".
    return htmledit.rewrite(fragment, edit, drop=lambda tag, attrs: (
        tag == "nav" and has_class(attrs, "dfs-lesson-nav")) or (
        tag == "p" and has_class(attrs, "dfs-present-open")), toks=toks)


def _one_level_deeper(fragment: str, toks: list[RawToken] | None = None) -> str:
    """The course page's relative links, seen from its print page one folder down."""
    def edit(tag: str, attrs: Attrs):
        changed = [(n, f"../{v}" if n in ("href", "src") and v is not None
                    and not v.startswith(NOT_LOCAL) else v) for n, v in attrs]
        return None if changed == attrs else (tag, changed)
    return htmledit.rewrite(fragment, edit, toks=toks)


def _qr_under_title(head: str) -> str:
    """On paper the QR code to the course online belongs on the first page,
    under the title, not after the introduction (which often runs onto page two)."""
    qr = htmledit.element(head, lambda tag, attrs: tag == "div" and has_class(attrs, "dfs-qr"))
    if qr is None:
        return head
    block, rest = head[qr.start:qr.end], head[:qr.start] + head[qr.end:]
    h1 = htmledit.element(rest, lambda tag, attrs: tag == "h1")
    if h1 is None:
        return head
    return rest[:h1.end] + block + rest[h1.end:]


def _answer_key(article: str, toks: list[RawToken], prefix: str, lang: str) -> str:
    """The lesson's knowledge checks, answered, for the end of the lesson in the
    facilitator edition (print.css leaves it out of the participants' edition,
    and hides the answers under each question in both). From the article's
    tokens; each question's parts are demoted like the lesson (:func:`_demote`)."""
    items = []
    for quiz in htmledit.elements(toks, lambda tag, attrs: tag == "div" and has_class(attrs, "dfs-quiz")):
        block = article[quiz.start:quiz.end]
        legend = htmledit.inner(block, lambda tag, attrs: tag == "legend")
        legend = htmledit.remove(legend, lambda tag, attrs: tag == "span"
                                 and has_class(attrs, "dfs-quiz__label"))
        answers = htmledit.inner(block, lambda tag, attrs: tag == "ul")
        items.append(f"<li><p>{_demote(legend, prefix).strip()}</p><ul>{_demote(answers, prefix)}</ul></li>")
    if not items:
        return ""
    return (f'<div class="dfs-answer-key"><p class="dfs-answer-key__title"><strong>'
            f'{html.escape(t(lang, "answer_key"))}</strong></p><ol>{"".join(items)}</ol></div>')


def compose_course_print_page(site_dir: Path, site: Site, lang: str, course: Course,
                              page_js: PageJs) -> str | None:
    """Write kurser/<kurs>/utskrift/index.html; return its page folder."""
    if not course.lessons:
        return None
    base = course.source.base_rel
    lesson_dirs = [page_path(x.source.base_rel, lang) for x in course.lessons]
    # Lesson pages sit at the same depth as the print page, so their relative
    # links work unchanged; the course page's links need one more "../".
    head, toks, _ = _article((site_dir / page_path(base, lang) / "index.html").read_text(encoding="utf-8"))
    head = _qr_under_title(_one_level_deeper(head, toks))
    parts = [f'<div class="dfs-print-course" id="kursen">{head}</div>']
    shell, shell_article = "", None
    for n, (lesson, lesson_dir) in enumerate(zip(course.lessons, lesson_dirs), 1):
        # Each lesson's article is tokenized once, for its body and its answer key.
        text = (site_dir / lesson_dir / "index.html").read_text(encoding="utf-8")
        article, toks, span = _article(text)
        if n == 1:
            shell, shell_article = text, span
        parts.append(f'<section class="dfs-print-lesson" aria-label="{html.escape(lesson.title)}">'
                     f"{_demote(article, f'l{n}', toks)}{_answer_key(article, toks, f'l{n}', lang)}</section>")
    # The shell's own edits first, on the shell with its article emptied (the
    # lessons are put in last): each edit then tokenizes one page, not the course.
    page = shell[:shell_article.inner_start] + shell[shell_article.inner_end:]
    title = htmledit.element(page, lambda tag, attrs: tag == "title")
    page = page[:title.inner_start] + html.escape(course.title) + page[title.inner_end:]

    # The shell's skip link and table of contents point at lesson 1's anchors,
    # which the print page renamed: skip to the course, drop that contents list.
    # Found from where Material writes them, so the menu (at 1000 lessons most
    # of the page) is not tokenized for two edits.
    def skip_to_course(tag: str, attrs: Attrs):
        return (tag, [(n, "#kursen" if n == "href" else v) for n, v in attrs])

    skip = htmledit.element(page, lambda tag, attrs: tag == "a" and has_class(attrs, "md-skip"),
                            SKIP_LINK)
    if skip is not None:
        page = page[:skip.start] + htmledit.rewrite(page[skip.start:skip.inner_start], skip_to_course) + \
            page[skip.inner_start:]
    toc = htmledit.element(page, lambda tag, attrs: tag == "div" and has_class(attrs, "md-sidebar--secondary"),
                           TOC_SIDEBAR)
    if toc is not None:
        page = page[:toc.start] + page[toc.end:]
    article = htmledit.element(page, _is_article, ARTICLE)
    page = page[:article.inner_start] + "".join(parts) + page[article.inner_end:]
    # The shell had lesson 1's UI strings; the page has every lesson's features.
    page = page_js.finish(page, lang)
    target = print_page_path(base, lang)
    (site_dir / target).mkdir(parents=True, exist_ok=True)
    (site_dir / target / "index.html").write_text(page, encoding="utf-8")
    return target


def compose_all(site: Site, lang: str, site_dir: Path, page_js: PageJs) -> list[str]:
    written = [compose_course_print_page(site_dir, site, lang, c, page_js) for c in site.courses[lang]]
    return [w for w in written if w]
