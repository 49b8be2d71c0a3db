"""MkDocs plugin: renders the content model into the site.

The model is loaded once per build (and again in `mkdocs serve` only when a
Markdown or data file changed); every page then only looks things up.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import logging
import re
import secrets
import time
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup, escape as escape_html
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from ..content.findings import ERROR
from ..content.paths import DEFAULT_LANG, LANGS, base_rel, lang_of
from ..content.site import Site, load_site
from ..content.sources import find_symlinks
from ..content.vocabulary import AREAS
from ..l10n import label, t
from ..search import background as search_background
from ..search import cache as search_cache
from ..search import index as search_index
from . import coursenav, csp, i18n_state, langfork, pagejs, printrefs, quiz, sanitize, sitemap
from .config import PluginConfig
from .tasklist import TaskLabelsExtension

# What only a build runs is imported where it runs: MkDocs imports this module
# to read mkdocs.yml, and so does the validator (build/settings.py), which
# needs none of it (calendar files, page rendering, print pages, slides, the
# offline steps: a tenth of its start-up).
if TYPE_CHECKING:
    from ..offline import steps as offline_steps

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


NOT_TEXT = re.compile(r"\S*(?:https?:|mailto:|www\.)\S*|<[^>]*>|\]\([^)]*\)|\{[^}]*\}")
_PREFETCHED: dict[str, tuple[int, int]] = {}  # per process: `mkdocs serve` rebuilds


def _changed_texts(docs: Path, langs: list[str]) -> dict[str, str]:
    """lang -> the Markdown of the pages changed since the last call (all at first)."""
    texts: dict[str, list[str]] = {lang: [] for lang in langs}
    for path in docs.rglob("*.md"):
        st = path.stat()
        key = str(path)
        if _PREFETCHED.get(key) == (st.st_size, st.st_mtime_ns):
            continue
        lang = lang_of(path.name)
        if lang in texts:
            try:
                # Words only: URLs and tags are not indexed text.
                texts[lang].append(NOT_TEXT.sub(" ", path.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError):
                continue
            _PREFETCHED[key] = (st.st_size, st.st_mtime_ns)
    return {lang: "\n".join(parts) for lang, parts in texts.items()}


class DigitaltForstPlugin(BasePlugin[PluginConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: Site | None = None
        self._sig: tuple | None = None
        self.lang = DEFAULT_LANG
        self._not_found: dict[str, bytes] = {}
        # Generated HTML goes into the Markdown as an unguessable placeholder
        # paragraph and replaces it after the page's content was sanitised.
        self._slot_token = "dfsslot" + secrets.token_hex(8)
        self._slots: dict[str, list[str]] = {}  # page src_uri -> its generated blocks
        self._nav_names: dict[str, str] = {}
        self.page_js: pagejs.PageJs | None = None  # the browser code, read in on_config
        # lang -> the process writing its search index (_start_search_index)
        self._search_started: dict[str, search_index.StartedIndex] = {}
        self._copying: offline_steps.sitecopy.Started | None = None  # until copy_pages() took it
        self._forked: langfork.Forked | None = None  # the other languages' builds (on_files)
        self._sitemaps: dict[str, str] = {}  # lang -> its build's sitemap.xml (sitemap.py)

    # -- loading ---------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        # Before MkDocs lists (and later copies) a single file: a symlink to
        # outside the project would publish whatever it points at.
        self._frame_hosts = list(self.config.iframe_allowlist)
        problems = [f for f in find_symlinks(root, [Path(config.docs_dir), Path(config.theme.custom_dir)])
                    if f.severity == ERROR]
        if problems:
            lines = "\n".join(f"  {f.file}: {f.message}" for f in problems[:20])
            raise PluginError(f"Bygget avbröts: {len(problems)} symboliska länkar går inte att "
                              f"publicera:\n{lines}")
        self.lang = i18n_state.current_language(config)
        languages = i18n_state.configured_languages(config)
        if i18n_state.enabled(config) and tuple(languages) != LANGS:
            raise PluginError(f"mkdocs.yml listar språken {', '.join(languages)}, men innehållsmodellen "
                              f"känner {', '.join(LANGS)} (content/paths.py). Ändra på båda ställena.")
        if not any(isinstance(ext, TaskLabelsExtension) for ext in config.markdown_extensions):
            config.markdown_extensions.append(TaskLabelsExtension())
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
        try:
            self.page_js = pagejs.for_theme(config.theme.custom_dir)
        except pagejs.FeatureTableError as exc:
            raise PluginError(str(exc)) from None
        if not i18n_state.inner_build(config):
            # Opt-in: the search lexicon of the sources' words on the other core
            # while MkDocs renders (see search/cache.py for why it is off).
            search_cache.prefetch(_changed_texts(Path(config.docs_dir),
                                                 i18n_state.built_languages(config)),
                                  search_index.build)
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
            section.title = sanitize.clean_text(section.title) if section.title else section.title
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

    @event_priority(-1000)  # last: the child starts from the files every plugin made
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """The first event after MkDocs cleaned the site folder: from here on
        the other languages are built in a forked process, while this one
        builds the Swedish pages (langfork.py)."""
        i18n_state.forget_page_alternates(config)  # before 404.html is rendered
        if (self.config.parallel_languages and langfork.available()
                and not i18n_state.inner_build(config) and i18n_state.other_languages(config)):
            self._forked = langfork.Forked(config, self._export_languages)
        return files

    def _export_languages(self, languages: list[str]) -> dict:
        """In the forked child, after its builds: what _post_build_site needs of them."""
        search = {}
        for lang in languages:
            job = self._search_started.pop(lang, None)
            if job is not None:
                try:
                    result = job.result()  # first: a forked job knows its docs after it
                    search[lang] = (job.docs, result, None)
                except RuntimeError as exc:
                    search[lang] = (job.docs, None, str(exc))
        return {"not_found": {lang: self._not_found[lang] for lang in languages
                              if lang in self._not_found},
                "sitemaps": {lang: self._sitemaps[lang] for lang in languages
                             if lang in self._sitemaps},
                "search": search}

    def _adopt_languages(self, config: MkDocsConfig) -> None:
        forked, self._forked = self._forked, None
        try:
            payload = forked.result()
        except RuntimeError as exc:
            raise PluginError(f"Bygget av språken {', '.join(forked.languages)} misslyckades: {exc}")
        self._not_found.update(payload["not_found"])
        self._sitemaps.update(payload["sitemaps"])
        for lang, (docs, result, error) in payload["search"].items():
            self._search_started[lang] = search_background.Finished(docs, result, error)
        i18n_state.adopt_other_languages(config, forked.languages, payload["search_entries"])

    # -- pages -----------------------------------------------------------

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        from . import render

        slot = self._slotter(page)
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
            return slot(render.lesson_header(ctx, course, lesson)) + markdown + \
                self._sources(ctx, lesson.sources, slot) + slot(render.lesson_footer(ctx, course, lesson))
        course = self.site.course_by_rel(self.lang, rel)
        if course:
            page.meta["dfs"] = {"kind": "course", "course": course.slug}
            return slot(render.course_header(ctx, course)) + markdown + slot(render.course_body(ctx, course))
        handout = next((h for h in self.site.handouts[self.lang] if _norm(h.rel) == rel), None)
        if handout:
            page.meta["dfs"] = {"kind": "handout", "course": handout.course}
            return slot(render.handout_header(ctx, handout)) + markdown + \
                self._sources(ctx, handout.sources, slot) + slot(render.handout_footer(ctx, handout))
        generator = self.config.generated.get(rel)
        if generator:
            return markdown + slot(render.GENERATORS[generator](ctx))
        return markdown

    @staticmethod
    def _sources(ctx, sources, slot) -> str:
        """The "Källor" heading goes through Markdown (the table of contents and
        the search see it); the list is the build's own HTML."""
        from . import render

        heading = render.sources_heading(ctx, sources)
        return heading + slot(render.sources_list(ctx, sources)) if heading else ""

    def _slotter(self, page: Page):
        blocks = self._slots[page.file.src_uri] = []

        def slot(block: str) -> str:
            blocks.append(block.strip("\n"))
            return f"\n\n{self._slot_token}n{len(blocks) - 1}\n\n"
        return slot

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Sanitise what the page's Markdown rendered, then put in the blocks the
        build rendered itself (from autoescaping templates); titles and other
        front-matter strings Material prints without escaping become plain text."""
        cleaned = sanitize.clean_html(html)
        lost = sanitize.removed(html, cleaned)
        if lost:
            # The validator names file and line; a strict build (ours) stops here,
            # `--no-strict` publishes the page without them.
            message = (f"{page.file.src_path}: innehåll som inte är tillåtet togs bort från sidan "
                       f"({', '.join(lost[:8])}). Kör `make validate` för rad och förklaring.")
            if config.strict:
                raise PluginError(message)
            log.warning(message)
        blocks = self._slots.pop(page.file.src_uri, [])
        if blocks:
            cleaned = re.sub(f"<p>{self._slot_token}n(\\d+)</p>",
                             lambda m: blocks[int(m.group(1))], cleaned)
        self._clean_page_strings(page, config)
        if page.meta.get("dfs_own_h1"):
            # Material would put the translated title inside the Swedish <div lang="sv">.
            cleaned = f'<h1 lang="{self.lang}">{escape_html(page.title)}</h1>\n{cleaned}'
        dfs = page.meta.get("dfs") or {}
        # On paper a link shows where it leads ("se lektion 3", a short address).
        cleaned = printrefs.annotate(cleaned, self.site, self.lang, page.url, config.site_url or "",
                                     dfs.get("course"))
        if dfs.get("kind") == "lesson":
            from . import slides

            cleaned = slides.annotate(cleaned)  # presentation mode's slide plan
        return cleaned

    def _clean_page_strings(self, page: Page, config: MkDocsConfig) -> None:
        template = page.meta.get("template")
        if template is not None and template not in ALLOWED_TEMPLATES:
            log.warning("%s: mallen `%s` används inte; bara %s är tillåtna.", page.file.src_path,
                        template, ", ".join(sorted(ALLOWED_TEMPLATES)))
            page.meta.pop("template")
        # Markup: the text is escaped once here; Material's own `| e` (footer,
        # toc) must not escape it a second time ("library&amp;#x27;s").
        for key, value in list(page.meta.items()):
            if isinstance(value, str):
                page.meta[key] = Markup(sanitize.clean_text(value))
                if page.meta[key] != html.escape(html.unescape(value), quote=True):
                    message = (f"{page.file.src_path}: HTML i sidhuvudets `{key}` togs bort; "
                               "värdet visas som ren text. Kör `make validate`.")
                    if config.strict:
                        raise PluginError(message)
                    log.warning(message)
            elif isinstance(value, list):
                page.meta[key] = [Markup(sanitize.clean_text(v)) if isinstance(v, str) else v
                                  for v in value]
        if "title" not in page.meta and page._title_from_render:
            page._title_from_render = Markup(sanitize.clean_text(page._title_from_render))
        _clean_toc(page.toc)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        output = self.page_js.finish(squeeze_whitespace(output), self.lang)
        return self._with_policy(output, page.file.src_path, config)

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        if template_name == "sitemap.xml":
            # Written once for all languages, at the end (sitemap.py).
            self._sitemaps[self.lang] = output
            return ""
        output = self._with_policy(output, template_name, config)
        if template_name == "404.html":
            # Every language build writes the root 404.html (MkDocs writes the
            # output as UTF-8); each one is kept and written to its place last.
            self._not_found[self.lang] = output.encode("utf-8")
        return output

    def _with_policy(self, output: str, name: str, config: MkDocsConfig) -> str:
        """The page's Content-Security-Policy, last: it hashes the final inline scripts."""
        try:
            return csp.apply(output, config.theme.custom_dir, self._frame_hosts)
        except csp.UnknownScript as exc:
            raise PluginError(f"{name}: {exc}") from None

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        context["dfs_fallback"] = self._is_fallback(page)  # the notice in main.html
        context["dfs_lang"] = self.lang
        context["dfs_t"] = lambda key, **values: t(self.lang, key, **values)
        # The browser code's strings: main.html emits the element, on_post_page
        # fills in those of the features the page loads (pagejs.py).
        context["dfs_strings"] = True
        sa = self.site.data.self_assessment
        context["dfs_scale"] = [sa.scale_min, sa.scale_max] if sa else None
        dfs = page.meta.get("dfs") or {}
        course = coursenav.course_section(page) if dfs.get("kind") in ("lesson", "course") else None
        if course is not None:
            # The menu lists this course and "Alla kurser", not every course.
            context["nav"] = coursenav.course_menu(nav, course, t(self.lang, "nav_all_courses"))
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
        from . import calendar, printpages, render

        site_dir = Path(config.site_dir)
        self._start_search_index(config, site_dir)
        printpages.compose_all(self.site, self.lang, site_dir, self.page_js)
        if self.lang == DEFAULT_LANG:
            calendar.write_calendars(self.site, site_dir, config.site_url or "", self.today,
                                     contact=render.contact(config))
        if self._forked is not None:
            i18n_state.skip_other_languages(config)  # the forked child builds them

    def on_env(self, env, config: MkDocsConfig, files: Files):
        """Every page's HTML is final here, before the templates are rendered:
        with the languages forked (langfork.py) this language's search index
        is begun now, in a forked copy of the build that collects the search
        documents with Material's code (search/background.py: Forked). The
        templates are compiled once, not every build (_template_cache)."""
        env.bytecode_cache = env.bytecode_cache or _template_cache(config)
        if self.lang == DEFAULT_LANG and not i18n_state.inner_build(config):
            self._search_started = {}  # a new build
        if (self.config.parallel_languages and langfork.available()
                and len(i18n_state.built_languages(config)) >= 2
                and _search_plugin(config) is not None):
            self._search_started[self.lang] = search_background.Forked(
                lambda: collect_search_documents(config, files), self.lang,
                Path(config.site_dir) / "search" / self.lang)
        return env

    def _start_search_index(self, config: MkDocsConfig, site_dir: Path) -> None:
        """A language's search documents are final once its pages are built:
        its index is made in another process while static-i18n builds the
        next language and the offline copy is made (_post_build_site checks
        the documents are unchanged). Begun in on_env already, with the fork."""
        if self.lang in self._search_started:
            return
        if len(i18n_state.built_languages(config)) < 2:
            return  # one language: nothing to overlap with, made at the end
        docs = search_documents(config)
        if docs is None:
            return
        self._search_started[self.lang] = search_background.Started(
            docs, self.lang, site_dir / "search" / self.lang)

    @event_priority(-110)  # after i18n has built every language and merged the index
    def _post_build_site(self, config: MkDocsConfig) -> None:
        if self._forked is not None:
            self._adopt_languages(config)
        if i18n_state.inner_build(config):
            return  # an inner language build: the whole site is not ready yet
        from ..offline import steps as offline_steps

        langs = i18n_state.built_languages(config)
        site_dir = Path(config.site_dir)
        for lang, page in self._not_found.items():
            target = site_dir / ("404.html" if lang == DEFAULT_LANG else f"{lang}/404.html")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(page)
        sitemap.write(site_dir, [self._sitemaps[lang] for lang in langs if lang in self._sitemaps])
        self._sitemaps = {}
        # The pages are final here (the PDFs only add files): the offline
        # copy's pages (or, without a zip, the manifest's scans) are made,
        # half in a helper process, while the search indexes are still being
        # written by theirs.
        self._copying = offline_steps.start(site_dir, self.config.offline_zip)
        copies = offline_steps.copy_pages(site_dir, self._copying, self.config.offline_zip)
        self._copying = None
        stats = search_index.rewrite_site_index(site_dir, langs, self._search_started)
        self._search_started = {}
        for lang, counts in stats.items():
            log.info("Sökindex %s: %s", lang, counts)
        if self.pdf_enabled:
            # Last: the PDFs print the finished pages (print pages included).
            from ..pdf.writer import build_pdfs
            if build_pdfs(self.site, site_dir, config.site_url or "", self.today) != 0:
                raise PluginError("PDF:erna kunde inte skrivas (se ovan). Bygg utan PDF med "
                                  "`make site PDF=0`.")
        # After the PDFs: the whole-site copy holds them, and the manifest
        # hashes the finished files.
        courses = {lang: [{"slug": c.slug, "title": c.title} for c in self.site.courses[lang]]
                   for lang in langs}
        started = time.perf_counter()
        try:
            stats = offline_steps.finish(site_dir, courses, DEFAULT_LANG, self.config.offline_zip,
                                         copies)
        except (OSError, ValueError) as exc:
            raise PluginError(f"Offlinestegen misslyckades: {exc}")
        if "zip_bytes" in stats:
            per_course = sorted(stats["course_bytes"].values()) or [0]
            log.info("Offline: %s %d byte, en sparad kurs %d–%d byte, på %.1f s",
                     offline_steps.ZIP_PATH, stats["zip_bytes"], per_course[0], per_course[-1],
                     time.perf_counter() - started)

    on_post_build = CombinedEvent(_post_build_pages, _post_build_site)

    def on_build_error(self, error: Exception) -> None:
        """A failed build leaves no helper process running."""
        for job in [*self._search_started.values(), self._copying, self._forked]:
            if job is not None:
                job.cancel()
        self._search_started, self._copying, self._forked = {}, None, None


def _template_cache(config: MkDocsConfig) -> FileSystemBytecodeCache | None:
    """Compiled templates kept in `.cache/jinja/` between builds: compiling
    Material's and our templates took about a second a language, every
    build. Jinja checks each template's source (an edited template is compiled
    again) and the Python version; the folder is per Jinja version."""
    root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
    folder = root / ".cache" / "jinja" / metadata.version("jinja2")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only checkout builds without it
    return FileSystemBytecodeCache(str(folder))


def _search_plugin(config: MkDocsConfig):
    """Material's search plugin, if the build has it (and it is on)."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if getattr(search, "search_index", None) is None or not search.config.enabled:
        return None
    return search


def search_documents(config: MkDocsConfig) -> list[dict] | None:
    """The documents Material's search plugin has collected in this (language)
    build, as its search_index.json would list them; None without the plugin."""
    search = _search_plugin(config)
    if search is None:
        return None
    return json.loads(search.search_index.generate_search_index(None)).get("docs", [])


def collect_search_documents(config: MkDocsConfig, files: Files) -> list[dict]:
    """What :func:`search_documents` will return after the pages are built,
    collected before: Material's search plugin indexes each page in its
    on_page_context, from the page's HTML and table of contents (final once
    MkDocs has read every page), in the order MkDocs builds the pages."""
    search = _search_plugin(config)
    index = type(search.search_index)(**search.search_index.config)
    for file in files.documentation_pages():
        if file.page is not None:
            index.add_entry_from_context(file.page)
    return json.loads(index.generate_search_index(None)).get("docs", [])


# Page templates a page may name in `template:` (others, such as Material's
# redirect.html, print front-matter values into scripts).
ALLOWED_TEMPLATES = {"main.html"}


def _clean_toc(items) -> None:
    for item in items:
        item.title = sanitize.clean_text(item.title)
        _clean_toc(item.children)


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
