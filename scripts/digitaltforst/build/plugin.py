"""MkDocs plugin: renders the content model into the site.

The model is loaded once per build (and again in `mkdocs serve` only when a
Markdown or data file changed); every page then only looks things up.
"""
from __future__ import annotations

import datetime as dt
import logging
from html import escape
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ..content.findings import ERROR
from ..content.paths import DEFAULT_LANG, LANGS, base_rel
from ..content.site import Site, load_site
from ..content.vocabulary import AREAS
from ..l10n import js_strings, label, t
from ..search import index as search_index
from . import calendar, i18n_state, printpages, quiz, render
from .config import PluginConfig
from .tasklist import TaskLabelsExtension

log = logging.getLogger("mkdocs.plugins.digitaltforst")


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
        self._nav_names: dict[str, str] = {}

    # -- loading ---------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.lang = i18n_state.current_language(config)
        languages = i18n_state.configured_languages(config)
        if i18n_state.enabled(config) and tuple(languages) != LANGS:
            raise PluginError(f"mkdocs.yml listar språken {', '.join(languages)}, men innehållsmodellen "
                              f"känner {', '.join(LANGS)} (content/paths.py). Ändra på båda ställena.")
        if not any(isinstance(ext, TaskLabelsExtension) for ext in config.markdown_extensions):
            config.markdown_extensions.append(TaskLabelsExtension())
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
        self.today = self.config.today or dt.date.today()
        return config

    @property
    def pdf_enabled(self) -> bool:
        return self.config.pdf

    # -- navigation ------------------------------------------------------

    @event_priority(-50)  # after i18n has localised the navigation
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        order = {name: i for i, name in enumerate(self.config.nav_order)}
        # static-i18n translates labels before our section titles are set: apply
        # its nav_translations again (issue 21: every menu label in English).
        self._nav_names = i18n_state.nav_translations(config)

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
                    section.title = self._nav_names.get(title, title)
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
        for area in AREAS:
            if area in by_area:
                group = Section(title=label(self.lang, "area", area), children=by_area[area])
                group.parent = kurser
                for child in group.children:
                    child.parent = group
                groups.append(group)
        kurser.children = loose + groups

    # -- pages -----------------------------------------------------------

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        rel = _norm(page.file.src_uri)
        found = self.site.lesson_by_rel(self.lang, rel)
        quiz.start_page(self.lang, found[1].id if found else None)
        ctx = render.Context(site=self.site, lang=self.lang, page=page, files=files,
                             config=config, today=self.today, pdf=self.pdf_enabled)
        page.meta.setdefault("dfs", {})
        if self._is_fallback(page) and page.title in self._nav_names:
            # An untranslated page's menu label (and heading) in this language;
            # the Swedish body is marked lang="sv" by main.html.
            page.title = self._nav_names[page.title]
            page.meta["dfs_own_h1"] = True
        if self._is_fallback(page):
            # It belongs to the Swedish index only (static-i18n's own removal of
            # such copies, `reconfigure_search`, was O(n²)): Material skips it.
            page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
        if found:
            course, lesson = found
            page.meta["dfs"] = {"kind": "lesson", "course": course.slug, "lesson": lesson.id}
            # One previous/next block per lesson (issue 21): ours, with the
            # course and the titles; Material's footer links stay hidden.
            hide = page.meta.get("hide") or []
            page.meta["hide"] = [*hide, "footer"] if "footer" not in hide else hide
            return render.lesson_header(ctx, course, lesson) + markdown + \
                render.lesson_footer(ctx, course, lesson)
        course = self.site.course_by_rel(self.lang, rel)
        if course:
            page.meta["dfs"] = {"kind": "course", "course": course.slug}
            return render.course_header(ctx, course) + markdown + render.course_body(ctx, course)
        handout = next((h for h in self.site.handouts[self.lang] if _norm(h.rel) == rel), None)
        if handout:
            page.meta["dfs"] = {"kind": "handout"}
            return render.handout_header(ctx, handout) + markdown + render.handout_footer(ctx, handout)
        generator = self.config.generated.get(rel)
        if generator:
            return markdown + render.GENERATORS[generator](ctx)
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.meta.get("dfs_own_h1"):
            # Material would put the translated title inside the Swedish <div lang="sv">.
            return f'<h1 lang="{self.lang}">{escape(page.title)}</h1>\n{html}'
        return html

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return squeeze_whitespace(output)

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        context["dfs_fallback"] = self._is_fallback(page)  # the notice in main.html
        context["dfs_lang"] = self.lang
        context["dfs_t"] = lambda key, **values: t(self.lang, key, **values)
        # For the browser code (main.html emits them as JSON).
        context["dfs_js_strings"] = js_strings(self.lang)
        sa = self.site.data.self_assessment
        context["dfs_scale"] = [sa.scale_min, sa.scale_max] if sa else None
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

    def on_template_context(self, context, template_name: str, config: MkDocsConfig):
        # Static templates (404.html) show the contact too (issue 21).
        context.setdefault("dfs_t", lambda key, **values: t(self.lang, key, **values))
        context.setdefault("dfs_lang", self.lang)
        return context

    def _is_fallback(self, page: Page) -> bool:
        """A Swedish page copied into another language's build (untranslated)."""
        src = self.site.sources.get(page.file.src_uri)
        return self.lang != DEFAULT_LANG and src is not None and src.lang == DEFAULT_LANG

    def _post_build_pages(self, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        printpages.compose_all(self.site, self.lang, site_dir)
        if self.lang == DEFAULT_LANG:
            calendar.write_calendars(self.site, site_dir, config.site_url or "", self.today,
                                     contact=render.contact(config))
        # Every language build writes the root 404.html; keep each one.
        if (site_dir / "404.html").is_file():
            self._not_found[self.lang] = (site_dir / "404.html").read_bytes()

    @event_priority(-110)  # after i18n has built every language and merged the index
    def _post_build_site(self, config: MkDocsConfig) -> None:
        if i18n_state.inner_build(config):
            return  # an inner language build: the whole site is not ready yet
        langs = i18n_state.built_languages(config)
        site_dir = Path(config.site_dir)
        for lang, page in self._not_found.items():
            target = site_dir / ("404.html" if lang == DEFAULT_LANG else f"{lang}/404.html")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page)
        stats = search_index.rewrite_site_index(site_dir, langs)
        for lang, counts in stats.items():
            log.info("Sökindex %s: %s", lang, counts)
        if self.pdf_enabled:
            # Last: the PDFs print the finished pages (print pages included).
            from ..pdf.writer import build_pdfs
            if build_pdfs(self.site, site_dir, config.site_url or "", self.today) != 0:
                raise PluginError("PDF:erna kunde inte skrivas (se ovan). Bygg utan PDF med "
                                  "`make site PDF=0`.")

    on_post_build = CombinedEvent(_post_build_pages, _post_build_site)


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
    return base_rel(src_uri)


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
