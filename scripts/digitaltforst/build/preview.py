"""`make serve`: a preview that rebuilds only what a saved edit touches.

`mkdocs serve` builds the whole site again after every save: both languages,
the search index, every course's print page (15-20 s on the real site, more
on a loaded machine). Here the server builds the site once (as `make site`
does, without PDFs and the offline zip), keeps MkDocs' state of each
language (configuration, files, navigation, templates) and after a save:

- an existing Markdown page whose front matter is unchanged: only that page
  is rendered again, in every language it appears in (a Swedish page also as
  the English copy when it has no translation); the browser reloads then;
- front matter changed (title, goals, minutes …): also the other pages of
  its folder (a course's page and lessons) and the generated pages (the
  catalogue, "Mina kurser", the workshop and event lists …), since they show
  those values;
- after the reload, in the background: the course's print page and the
  search index of the page's language, so search finds the new text a
  moment later;
- anything else (a new, renamed or deleted page, data/, overrides/,
  mkdocs.yml): the whole site, as `mkdocs serve` would.

What a preview may show stale until the next full build (`make site`, or any
structural change while serving) is listed in STALE; the server prints it at
start and names the pages it rebuilt after each save.

The browser reloads through MkDocs' live-reload protocol, but with an
external script (/.preview/livereload.js): the site's Content-Security-Policy
refuses the inline script `mkdocs serve` injects, so its pages never reloaded.
"""
from __future__ import annotations

import json
import logging
import multiprocessing
import os
import queue
import shutil
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs import utils
from mkdocs.commands.build import _build_page, _populate_page, build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer, _serve_url
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import InclusionLevel

from ..content import sources
from ..content.paths import DEFAULT_LANG, base_rel, lang_of
from . import i18n_state
from .plugin import search_documents

log = logging.getLogger("mkdocs.plugins.digitaltforst.preview")

STALE = (
    "Förhandsvisningen bygger bara om det en ändring påverkar. Tills nästa hela "
    "bygge (`make site`, eller en ny, flyttad eller borttagen sida medan servern kör) "
    "kan detta visa det gamla: menyn och grannlänkarna på sidor i andra mappar om en "
    "titel ändrats, de engelska sidornas länkar till en ändrad svensk sida, och under "
    "några sekunder efter omladdningen sökningen och kursens utskriftssida."
)

LIVERELOAD_JS = """\
// `make serve`: reload the page when the preview has rebuilt (MkDocs' protocol).
(function () {
  var me = document.currentScript;
  var epoch = me.dataset.epoch, requestId = me.dataset.request, req, timer;
  function poll() {
    req = new XMLHttpRequest();
    req.onloadend = function () {
      if (parseFloat(this.responseText) > epoch) {
        location.reload();
      } else {
        timer = setTimeout(poll, this.status === 200 ? 0 : 3000);
      }
    };
    req.open("GET", "/livereload/" + epoch + "/" + requestId);
    req.send();
  }
  function stop() {
    if (req) req.abort();
    if (timer) clearTimeout(timer);
    req = timer = undefined;
  }
  window.addEventListener("load", function () {
    if (document.visibilityState === "visible") poll();
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") poll(); else stop();
  });
  window.addEventListener("beforeunload", stop);
})();
"""
LIVERELOAD_PATH = "/.preview/livereload.js"


def _watched(root: Path, docs: Path) -> dict[str, tuple[int, int]]:
    """path -> (size, mtime) of everything whose change needs a rebuild."""
    found: dict[str, tuple[int, int]] = {}
    for folder in (docs, root / "data", root / "overrides"):
        if folder.is_dir():
            for dirpath, dirs, names in os.walk(folder):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for name in names:
                    if _scratch(name):
                        continue
                    path = os.path.join(dirpath, name)
                    try:
                        st = os.stat(path)
                    except OSError:
                        continue
                    found[path] = (st.st_size, st.st_mtime_ns)
    cfg = root / "mkdocs.yml"
    if cfg.is_file():
        st = cfg.stat()
        found[str(cfg)] = (st.st_size, st.st_mtime_ns)
    return found


def _scratch(name: str) -> bool:
    """An editor's swap, backup or lock file (MkDocs ignores dot files, too)."""
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp"))


def front_matter(path: Path) -> str | None:
    """The front-matter block of a Markdown file (None: unreadable)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    if not text.startswith("---"):
        return ""
    end = text.find("\n---", 3)
    return text[: end + 4] if end >= 0 else text


class _Recorder(BasePlugin):
    """Keeps each language's files, navigation and templates of a full build,
    and the search documents before our plugin splits them into shards."""

    def __init__(self) -> None:
        self.state: dict[str, dict] = {}
        self.search_docs: dict | None = None

    @event_priority(-1000)
    def on_nav(self, nav, config, files):
        self.state.setdefault(i18n_state.current_language(config), {})["nav"] = nav
        return nav

    @event_priority(-1000)
    def on_env(self, env, config, files):
        self.state.setdefault(i18n_state.current_language(config), {}).update(env=env, files=files)
        return env

    @event_priority(-105)  # after static-i18n built every language, before the index split
    def on_post_build(self, config):
        if i18n_state.inner_build(config):
            return
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file():
            self.search_docs = json.loads(index.read_text(encoding="utf-8"))


class Preview:
    """The site in a temporary folder and what is needed to rebuild part of it."""

    def __init__(self, config_file: str, site_dir: str, serve_url: str | None) -> None:
        self.config_file = config_file
        self.site_dir = site_dir
        self.serve_url = serve_url
        self.config: MkDocsConfig | None = None
        self.recorder = _Recorder()
        self.seen: dict[str, tuple[int, int]] = {}
        self.fronts: dict[str, str | None] = {}
        self.search_jobs: dict[str, list[dict]] = {}  # lang -> documents to index
        self.search_running = False
        self.search_cond = threading.Condition()
        self.pool: ProcessPoolExecutor | None = None
        self.after_jobs: queue.Queue = queue.Queue()
        self.after: threading.Thread | None = None

    # -- full build ------------------------------------------------------

    def load(self) -> MkDocsConfig:
        sources.reuse_unchanged_files()  # each save reloads the content model
        config = load_config(config_file=self.config_file, site_dir=self.site_dir)
        # The recorder keeps each language's navigation in this process.
        config.plugins["digitaltforst"].config.parallel_languages = False
        if self.serve_url:
            config.site_url = self.serve_url
        return config

    def full(self, config: MkDocsConfig | None = None) -> None:
        self.after_jobs.join()
        with self.search_cond:
            self.search_jobs.clear()  # a full build writes the whole index itself
        self.wait_search()
        started = time.perf_counter()
        config = config or self.load()
        recorder = _Recorder()
        config.plugins["digitaltforst-preview"] = recorder
        build(config, serve_url=self.serve_url)  # an error leaves the last good state
        self.config, self.recorder = config, recorder
        self.root = Path(config.config_file_path).parent
        self.docs = Path(config.docs_dir)
        self.seen = _watched(self.root, self.docs)
        self.fronts = {str(p): front_matter(p) for p in self.docs.rglob("*.md")}
        log.info("Förhandsvisning: hela webbplatsen byggd på %.1f s. %s",
                 time.perf_counter() - started, STALE)

    # -- after a save ----------------------------------------------------

    def rebuild(self) -> None:
        """The server's builder: called after files under the watched folders changed."""
        now = _watched(self.root, self.docs)
        changed = sorted(p for p, v in now.items() if self.seen.get(p) != v)
        removed = sorted(set(self.seen) - set(now))
        if not changed and not removed:
            return
        pages = [p for p in changed if self._known_page(p)]
        if removed or len(pages) != len(changed):
            why = removed[0] if removed else next(p for p in changed if p not in pages)
            log.info("Förhandsvisning: %s ändrades – bygger hela webbplatsen.",
                     os.path.relpath(why, self.root))
            self.full()
            return
        self.incremental(pages)
        self.seen = now

    def _known_page(self, path: str) -> bool:
        if not path.endswith(".md") or not path.startswith(str(self.docs) + os.sep):
            return False
        uri = Path(path).relative_to(self.docs).as_posix()
        state = self.recorder.state.get(lang_of(uri))
        return bool(state) and state["files"].get_file_from_path(uri) is not None

    def incremental(self, paths: list[str]) -> None:
        started = time.perf_counter()
        config = self.config
        langs = i18n_state.built_languages(config)
        # docs/ path (the Swedish base) -> the languages to render it in: an
        # edited translation is only its own language's page; a Swedish page is
        # also the other languages' copy where they have no translation.
        targets: dict[str, set[str]] = {}
        structural = False
        fronts = {}
        for path in paths:
            uri = Path(path).relative_to(self.docs).as_posix()
            fronts[path] = front_matter(Path(path))
            lang = lang_of(uri)
            targets.setdefault(base_rel(uri), set()).update(
                langs if lang == DEFAULT_LANG else [lang])
            if fronts[path] != self.fronts.get(path):
                structural = True
                folder = uri.rsplit("/", 1)[0] if "/" in uri else ""
                for state in self.recorder.state.values():
                    for f in state["files"].documentation_pages():
                        if (f.src_uri.rsplit("/", 1)[0] if "/" in f.src_uri else "") == folder:
                            targets.setdefault(base_rel(f.src_uri), set()).update(langs)
        plugin = config.plugins["digitaltforst"]
        if structural:
            for rel in plugin.config.generated:
                targets.setdefault(rel, set()).update(langs)
        written: list[str] = []
        config_seconds = 0.0
        search_entries: dict[str, list[dict]] = {}
        counter = utils.CountHandler()
        counter.setLevel(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(counter)
        quiet = _Quiet()
        logging.getLogger("mkdocs.plugins.mkdocs_static_i18n").addFilter(quiet)
        try:
            for lang in langs:
                if not any(lang in only for only in targets.values()):
                    continue
                i18n_state.build_language(config, lang)
                t_config = time.perf_counter()
                config = config.plugins.on_config(config)
                config_seconds += time.perf_counter() - t_config
                state = self.recorder.state[lang]
                files, nav, env = state["files"], state["nav"], state["env"]
                doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
                for base in sorted(b for b, only in targets.items() if lang in only):
                    uri = base if lang == DEFAULT_LANG else base[:-3] + f".{lang}.md"
                    file = files.get_file_from_path(uri) or files.get_file_from_path(base)
                    if file is None or file.page is None:
                        continue
                    _populate_page(file.page, config, files)
                    _build_page(file.page, config, doc_files, nav, env)
                    written.append(file.dest_uri)
                docs = search_documents(config)
                if docs is not None:
                    search_entries[lang] = docs
        finally:
            logging.getLogger("mkdocs").removeHandler(counter)
            logging.getLogger("mkdocs.plugins.mkdocs_static_i18n").removeFilter(quiet)
            i18n_state.build_language(config, None)
        self.config = config
        self.fronts.update(fronts)  # only now: a failed rebuild compares again next time
        seconds = time.perf_counter() - started
        log.info("Förhandsvisning: %d sidor byggda på %.2f s (varav inställningar och "
                 "innehållsmodell %.2f s: %s); sökindex och utskriftssida uppdateras strax.%s",
                 len(written), seconds, config_seconds, ", ".join(written[:6]) +
                 (" …" if len(written) > 6 else ""),
                 "" if not counter.get_counts() else
                 f" Varningar: {counter.get_counts()} – `make site` stoppar på dem.")
        # The rest after the reload, in order: one worker thread, jobs in sequence.
        if self.after is None or not self.after.is_alive():
            self.after = threading.Thread(target=self._after_loop, daemon=True)
            self.after.start()
        self.after_jobs.put((sorted(targets), search_entries, written))

    def _after_loop(self) -> None:
        while True:
            job = self.after_jobs.get()
            try:
                self._after_reload(*job)
            except Exception as exc:  # the preview goes on; the next full build redoes it
                log.error("Förhandsvisning: utskriftssida eller sökindex kunde inte uppdateras: %s",
                          exc)
            finally:
                self.after_jobs.task_done()

    def _after_reload(self, targets: list[str], entries: dict[str, list[dict]],
                      written: list[str]) -> None:
        """The course print pages (they read the pages just written) and the
        search documents; the search index itself in a worker process (seconds
        of pure Python: the next save need not wait)."""
        from . import printpages

        started = time.perf_counter()
        plugin = self.config.plugins["digitaltforst"]
        site = plugin.site
        site_dir = Path(self.site_dir)
        langs = i18n_state.built_languages(self.config)
        slugs = {t.split("/")[1] for t in targets if t.startswith("kurser/") and t.count("/") >= 2}
        for lang in langs:
            for course in site.courses[lang]:
                if course.slug in slugs:
                    printpages.compose_course_print_page(site_dir, site, lang, course, plugin.page_js)
        data = self.recorder.search_docs
        if data is None:
            return
        locations = {w[:-len("index.html")] for w in written if w.endswith("index.html")}
        fresh: dict[str, list[dict]] = {}
        for lang in langs:
            for doc in entries.get(lang, []):
                fresh.setdefault(doc["location"].split("#", 1)[0], []).append(doc)
        old_docs = data.get("docs", [])
        docs, placed = [], set()
        for doc in old_docs:  # each page's documents where they were: the same ids
            page = doc["location"].split("#", 1)[0]
            if page not in locations:
                docs.append(doc)
            elif page not in placed:
                placed.add(page)
                docs.extend(fresh.get(page, []))
        docs.extend(d for page, found in fresh.items() if page not in placed for d in found)
        data["docs"] = docs
        with self.search_cond:
            for lang in langs:
                before = [d for d in old_docs if _lang_of(d["location"], langs) == lang]
                mine = [d for d in docs if _lang_of(d["location"], langs) == lang]
                if before != mine:
                    self.search_jobs[lang] = mine
            if self.search_jobs and not self.search_running:
                self.search_running = True
                threading.Thread(target=self._search_loop, daemon=True).start()
        log.debug("print pages after %.2f s", time.perf_counter() - started)

    def _search_loop(self) -> None:
        """Rebuild each language's index from its latest documents, newest wins."""
        lang = None
        try:
            while True:
                with self.search_cond:
                    if not self.search_jobs:
                        return
                    lang, docs = self.search_jobs.popitem()
                if self.pool is None:
                    # A process of its own: indexing is seconds of pure Python, which
                    # in a thread would hold the GIL against the next save's rebuild.
                    self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
                seconds = self.pool.submit(_index_language, docs, lang, self.site_dir).result()
                log.info("Förhandsvisning: sökindexet (%s) uppdaterat på %.1f s.", lang, seconds)
        except Exception as exc:  # the preview goes on; the next full build writes it
            log.error("Förhandsvisning: sökindexet (%s) kunde inte uppdateras: %s", lang, exc)
            self.pool = None
        finally:
            with self.search_cond:
                self.search_running = False
                self.search_cond.notify_all()

    def wait_search(self, timeout: float | None = None) -> bool:
        """Until the print pages and the search index have caught up."""
        self.after_jobs.join()
        with self.search_cond:
            return self.search_cond.wait_for(lambda: not self.search_running, timeout)


def _lang_of(location: str, langs: list[str]) -> str:
    """The language of a search document: the other languages live under lang/."""
    return next((o for o in langs[1:] if location.startswith(f"{o}/")), langs[0])


def _index_language(docs: list[dict], lang: str, site_dir: str) -> float:
    """One language's search index from its documents, swapped in whole."""
    from ..search import index as search_index

    started = time.perf_counter()
    folder = Path(site_dir) / "search" / lang
    # Written beside the served index and swapped in; the index it replaces is
    # kept as the next one's folder, so that a write changes only the files
    # two saves changed (search_index.write), not all of them (16 000 at
    # 1000 lessons).
    spare = folder.with_name(f".{lang}-preview")
    search_index.write(search_index.build(docs, lang), spare)
    old = folder.with_name(f".{lang}-old")
    shutil.rmtree(old, ignore_errors=True)  # left by a swap that was cut short
    if folder.exists():
        folder.rename(old)
    spare.rename(folder)
    if old.exists():
        old.rename(spare)
    return time.perf_counter() - started


class _Quiet(logging.Filter):
    """static-i18n announces every language build; a page rebuild is not one."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.INFO


class _Server(LiveReloadServer):
    """MkDocs' live-reload server with a script the site's CSP allows."""

    def _inject_js_into_html(self, content, epoch):
        try:
            body_end = content.rindex(b"</body>")
        except ValueError:
            body_end = len(content)
        tag = (f'<script src="{LIVERELOAD_PATH}" data-epoch="{epoch}" '
               f'data-request="{time.monotonic_ns()}"></script>').encode()
        return content[:body_end] + tag + content[body_end:]

    def _serve_request(self, environ, start_response):
        if environ.get("PATH_INFO") == LIVERELOAD_PATH:
            body = LIVERELOAD_JS.encode()
            start_response("200 OK", [("Content-Type", "application/javascript"),
                                      ("Content-Length", str(len(body)))])
            return [body]
        return super()._serve_request(environ, start_response)


def serve(config_file: str = "mkdocs.yml", dev_addr: str = "127.0.0.1:8000",
          polling_interval: float = 0.25) -> int:
    """Build once, serve, rebuild what each save touches; Ctrl-C stops."""
    site_dir = tempfile.mkdtemp(prefix="dfs-preview-")
    host, port = dev_addr.rsplit(":", 1)
    port = int(port)
    preview = Preview(config_file, site_dir, None)
    config = preview.load()
    mount_path = urlsplit(config.site_url or "/").path
    preview.serve_url = _serve_url(host, port, mount_path)
    config.site_url = preview.serve_url
    config.plugins.on_startup(command="serve", dirty=False)
    server = _Server(builder=preview.rebuild, host=host, port=port, root=site_dir,
                     mount_path=mount_path, polling_interval=polling_interval)

    def error_page(code: int) -> bytes | None:
        page = Path(site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    try:
        preview.full(config)
        server.watch(config.docs_dir)
        server.watch(config.config_file_path)
        root = Path(config.config_file_path).parent
        for extra in ("data", "overrides"):
            if (root / extra).is_dir():
                server.watch(str(root / extra))
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Avslutar förhandsvisningen.")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        if preview.pool is not None:
            preview.pool.shutdown(cancel_futures=True)
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0
