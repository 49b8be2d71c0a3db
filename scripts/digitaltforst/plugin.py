"""MkDocs plugin: renders the content model into the site.

The model is loaded once per build (and again in `mkdocs serve` only when a
Markdown or data file changed); every page then only looks things up.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import re
from html import escape
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from . import calendar, printpages, quiz, render, search_index
from .findings import ERROR
from .model import AREAS, DEFAULT_LANG, Site, load_site

log = logging.getLogger("mkdocs.plugins.digitaltforst")


class PluginConfig(Config):
    nav_order = c.ListOfItems(c.Type(str), default=[])
    iframe_allowlist = c.ListOfItems(c.Type(str), default=[])
    pdf = c.Type(bool, default=True)
    # Pages whose body gets generated content appended (path -> generator).
    generated = c.Type(dict, default={
        "kurser/index.md": "catalogue",
        "workshops/index.md": "handouts",
        "sjalvskattning/index.md": "self_assessment",
        "mina-kurser.md": "my_courses",
        "program/utbildningsdagar.md": "events",
        "program/workshopturne.md": "tour",
    })
    # Build date for the event archive; empty means today (tests fix it).
    today = c.Type(str, default="")


def _signature(root: Path) -> tuple:
    """Cheap change detector for `mkdocs serve`: names, sizes, mtimes."""
    items = []
    for folder in ("docs", "data"):
        for path in (root / folder).rglob("*"):
            if path.suffix in (".md", ".yml", ".yaml"):
                st = path.stat()
                items.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(sorted(items))


class DigitaltForstPlugin(BasePlugin[PluginConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: Site | None = None
        self._sig: tuple | None = None
        self.lang = DEFAULT_LANG
        self._not_found: dict[str, bytes] = {}

    # -- loading ---------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        i18n = config.plugins.get("i18n")
        self.lang = getattr(i18n, "current_language", None) or config.theme.get("language") or "sv"
        root = Path(config.config_file_path).parent
        sig = _signature(root)
        if self.site is None or sig != self._sig:
            self.site = load_site(root, Path(config.docs_dir))
            self._sig = sig
            errors = [f for f in self.site.findings if f.severity == ERROR]
            if errors:
                lines = "\n".join(f"  {f.file}:{f.line or 1}: {f.message}" for f in errors[:20])
                raise PluginError(f"Innehållet har {len(errors)} fel:\n{lines}\n"
                                  "Kör `make validate` för hela listan.")
        self.today = dt.date.fromisoformat(self.config.today) if self.config.today \
            else dt.date.today()
        return config

    @property
    def pdf_enabled(self) -> bool:
        return self.config.pdf and os.environ.get("DIGITALTFORST_PDF", "1") != "0"

    # -- navigation ------------------------------------------------------

    @event_priority(-50)  # after i18n has localised the navigation
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        order = {name: i for i, name in enumerate(self.config.nav_order)}

        def key(item) -> int:
            name = _nav_name(item)
            return order.get(name, len(order))

        nav.items.sort(key=key)
        for section in _sections(nav.items):
            if _nav_name(section) == "kurser":
                self._group_courses_by_area(section)
                break
        for section in _sections(nav.items):
            index = next((p for p in section.children if isinstance(p, Page)
                          and p.file.src_uri.rsplit("/", 1)[-1].startswith("index.")), None)
            if index is not None:
                title = self.site.title_of(self.lang, _norm(index.file.src_uri))
                if title:
                    section.title = title
        return nav

    def _group_courses_by_area(self, kurser: Section) -> None:
        """Kurser > DigComp area > course > lessons, like the catalogue.

        With navigation.prune a page lists only its own area's courses instead
        of every course: at 130 courses that halves a lesson page's HTML and
        the time Material spends rendering navigation.
        """
        area_of = {c.source.base_rel.rsplit("/", 1)[0]: c.area for c in self.site.courses[self.lang]}
        loose, by_area = [], {}
        for child in kurser.children:
            pages = child.children if isinstance(child, Section) else []
            index = next((p for p in pages if isinstance(p, Page)), None)
            area = area_of.get(_norm(index.file.src_uri).rsplit("/", 1)[0]) if index else None
            if area is None:
                loose.append(child)
            else:
                by_area.setdefault(area, []).append(child)
        groups = []
        for area, name in AREAS[self.lang].items():
            if area in by_area:
                group = Section(title=name, children=by_area[area])
                group.parent = kurser
                for child in group.children:
                    child.parent = group
                groups.append(group)
        kurser.children = loose + groups

    # -- pages -----------------------------------------------------------

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        quiz.CURRENT_LANG = self.lang
        rel = _norm(page.file.src_uri)
        ctx = render.Context(site=self.site, lang=self.lang, page=page, files=files,
                             config=config, today=self.today, pdf=self.pdf_enabled)
        page.meta.setdefault("dfs", {})
        if self._is_fallback(page):
            # It belongs to the Swedish index only (static-i18n's own removal of
            # such copies, `reconfigure_search`, was O(n²)): Material skips it.
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        found = self.site.lesson_by_rel(self.lang, rel)
        if found:
            course, lesson = found
            page.meta["dfs"] = {"kind": "lesson", "course": course.slug, "lesson": lesson.id}
            return render.lesson_header(ctx, course, lesson) + markdown + \
                render.lesson_footer(ctx, course, lesson)
        course = self.site.course_by_rel(self.lang, rel)
        if course:
            page.meta["dfs"] = {"kind": "course", "course": course.slug}
            return render.course_header(ctx, course) + markdown + render.course_body(ctx, course)
        handout = next((h for h in self.site.handouts[self.lang] if _norm(h.rel) == rel), None)
        if handout:
            page.meta["dfs"] = {"kind": "handout"}
            return render.handout_header(ctx, handout) + markdown
        generator = self.config.generated.get(rel)
        if generator:
            return markdown + getattr(render, generator)(ctx)
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return label_task_checkboxes(html)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return squeeze_whitespace(output)

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        context["dfs_fallback"] = self._is_fallback(page)  # the notice in main.html
        context["dfs_lang"] = self.lang
        dfs = page.meta.get("dfs") or {}
        if dfs.get("kind") == "lesson":
            # Material's footer (and <link rel=prev/next>) follows the whole
            # navigation: keep a lesson's neighbours inside its own course.
            prefix = f"kurser/{dfs['course']}/"
            for attr in ("previous_page", "next_page"):
                other = getattr(page, attr, None)
                if other is not None and not _norm(other.file.src_uri).startswith(prefix):
                    setattr(page, attr, None)
        return context

    def _is_fallback(self, page: Page) -> bool:
        """A Swedish page copied into another language's build (untranslated)."""
        src = self.site.sources.get(page.file.src_uri)
        return self.lang != DEFAULT_LANG and src is not None and src.lang == DEFAULT_LANG

    def _post_build_pages(self, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        printpages.compose_all(self.site, self.lang, site_dir)
        if self.lang == DEFAULT_LANG:
            calendar.write_calendars(self.site, site_dir, config.site_url or "", self.today)
        # Every language build writes the root 404.html; keep each one.
        if (site_dir / "404.html").is_file():
            self._not_found[self.lang] = (site_dir / "404.html").read_bytes()

    @event_priority(-110)  # after i18n has built every language and merged the index
    def _post_build_search(self, config: MkDocsConfig) -> None:
        i18n = config.plugins.get("i18n")
        if getattr(i18n, "building", False):
            return  # an inner language build: the combined index is not ready yet
        langs = [lang.locale for lang in i18n.config.languages if lang.build] if i18n \
            else [self.lang]
        site_dir = Path(config.site_dir)
        for lang, page in self._not_found.items():
            target = site_dir / ("404.html" if lang == DEFAULT_LANG else f"{lang}/404.html")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page)
        stats = search_index.rewrite_site_index(site_dir, langs)
        for lang, counts in stats.items():
            log.info("Sökindex %s: %s", lang, counts)

    on_post_build = CombinedEvent(_post_build_pages, _post_build_search)


TASK_ITEM = re.compile(r'(<li class="task-list-item">\s*<label class="task-list-control">'
                       r'<input type="checkbox")([^>]*>.*?</label>)(.*?)(?=<ul|<ol|</li>)', re.S)


def label_task_checkboxes(html: str) -> str:
    """Task-list checkboxes get the item's text as their accessible name."""
    def add(match: re.Match) -> str:
        text = re.sub(r"<[^>]+>", "", match.group(3)).strip()
        return f'{match.group(1)} aria-label="{escape(text[:120], quote=True)}"{match.group(2)}{match.group(3)}'
    return TASK_ITEM.sub(add, html) if "task-list-item" in html else html


LINE_BREAK_RUN = re.compile(r"\n\s+")
VERBATIM = re.compile(r"(<(pre|textarea)\b.*?</\2>)", re.S | re.I)


def squeeze_whitespace(html: str) -> str:
    """Collapse each run of white space that holds a line break into one "\n".

    Material's templates indent every navigation item: a third of a lesson
    page was blank lines and indentation. Outside <pre> and <textarea> a
    browser renders any white-space run like a single space, so nothing
    changes on screen. (minify-html saved only 4 % more and rewrites
    attributes, which our post-build steps and tests read.)
    """
    if "<pre" not in html and "<textarea" not in html:
        return LINE_BREAK_RUN.sub("\n", html)
    parts = VERBATIM.split(html)  # text, verbatim block, tag name, text, …
    return "".join(LINE_BREAK_RUN.sub("\n", part) if i % 3 == 0 else part
                   for i, part in enumerate(parts) if i % 3 != 2)


def _norm(src_uri: str) -> str:
    return src_uri[: -len(".en.md")] + ".md" if src_uri.endswith(".en.md") else src_uri


def _nav_name(item) -> str:
    if isinstance(item, Page):
        return _norm(item.file.src_uri)
    if isinstance(item, Section):
        for child in item.children:
            if isinstance(child, Page):
                return _norm(child.file.src_uri).split("/", 1)[0]
            if isinstance(child, Section):
                return _nav_name(child)
    return ""


def _sections(items):
    for item in items:
        if isinstance(item, Section):
            yield item
            yield from _sections(item.children)
