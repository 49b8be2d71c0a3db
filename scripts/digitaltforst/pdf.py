"""Course print pages and PDFs, after the HTML build.

Engine: headless Chromium through Playwright (`page.pdf()`), so a PDF looks
exactly like what a reader gets from the browser's own print dialog: the same
print.css, the same fonts. WeasyPrint would need no browser but runs no
JavaScript and lays pages out differently from what readers print.

Each course's print page (`kurser/<kurs>/utskrift/`, see printpages.py) is
printed twice: a participant edition without the facilitator
notes and a facilitator edition with them. Each handout is printed once.
PDFs are cached by the hash of their input in `.cache/pdf/`, so a rebuild
only prints pages that changed.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import http.server
import shutil
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from .browser import find_chromium, install_chromium, launch_args
from .model import DEFAULT_LANG, LANGS, Site
from .printpages import print_page_path
from .render import page_path, pdf_path
from .swedish import format_date

CACHE = Path(".cache/pdf")


@dataclass
class Job:
    page: str  # page folder under the site root, e.g. "kurser/natfiske/utskrift/"
    pdf: str  # PDF path under the site root
    title: str
    online: str
    learner: bool  # hide facilitator notes


def plan(site: Site, site_dir: Path, site_url: str) -> list[Job]:
    jobs: list[Job] = []
    base = site_url.rstrip("/") + "/"
    for lang in LANGS:
        for course in site.courses[lang]:
            translated = lang == DEFAULT_LANG or course.source.lang == lang
            if not course.lessons or not translated:
                continue  # untranslated pages link to the Swedish PDF
            target = print_page_path(course, lang)
            online = base + page_path(course.source.base_rel, lang)
            for learner in (True, False):
                jobs.append(Job(target, pdf_path(course.source.base_rel, lang, not learner),
                                course.title, online, learner))
        for handout in site.handouts[lang]:
            if lang != DEFAULT_LANG and handout.source.lang != lang:
                continue
            folder = page_path(handout.source.base_rel, lang)
            jobs.append(Job(folder, pdf_path(handout.source.base_rel, lang), handout.title,
                            base + folder, True))
    return jobs


def _footer(job: Job, lang: str, today: dt.date) -> str:
    licence = "CC BY 4.0"
    return (
        '<div style="font-family: sans-serif; font-size: 7.5pt; color: #000; width: 100%; '
        'margin: 0 16mm; display: flex; justify-content: space-between; gap: 8mm;">'
        f"<span>{html.escape(job.title)} · {html.escape(job.online)} · {licence} · "
        f"{format_date(today, lang)}</span>"
        '<span style="white-space: nowrap;"><span class="pageNumber"></span> / '
        '<span class="totalPages"></span></span></div>')


def _cache_key(site_dir: Path, job: Job, today: dt.date) -> str:
    digest = hashlib.sha256()
    digest.update((site_dir / job.page / "index.html").read_bytes())
    for css in sorted((site_dir / "assets").rglob("*.css")):
        digest.update(css.read_bytes())
    digest.update(f"{job.learner}|{job.title}|{job.online}|{today}".encode())
    return digest.hexdigest()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def build_pdfs(config, site_dir: Path, today: dt.date | None = None) -> int:
    plugin = config.plugins["digitaltforst"]
    site: Site = plugin.site
    today = today or plugin.today
    jobs = plan(site, site_dir, config.site_url or "")
    CACHE.mkdir(parents=True, exist_ok=True)
    todo = []
    for job in jobs:
        key = _cache_key(site_dir, job, today)
        cached = CACHE / f"{key}.pdf"
        out = site_dir / job.pdf
        out.parent.mkdir(parents=True, exist_ok=True)
        if cached.is_file():
            shutil.copyfile(cached, out)
        else:
            todo.append((job, cached, out))
    if not todo:
        print(f"PDF: {len(jobs)} filer, alla oförändrade (från cachen).")
        return 0
    chromium = find_chromium()
    if chromium is None:
        install_chromium()
        chromium = find_chromium()
    if chromium is None:
        print("PDF: hittar ingen Chromium. Installera paketet chromium, sätt CHROMIUM_PATH "
              "eller bygg utan PDF med `make site PDF=0`.", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{httpd.server_address[1]}/"
    started = time.perf_counter()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=launch_args())
            page = browser.new_page()
            page.emulate_media(media="print")
            for job, cached, out in todo:
                page.goto(root + job.page, wait_until="load")
                page.evaluate("""learner => {
                    document.documentElement.classList.toggle('dfs-learner', learner);
                    document.querySelectorAll('details').forEach(d => d.open = true);
                }""", job.learner)
                lang = "en" if job.page.startswith("en/") else DEFAULT_LANG
                page.pdf(path=str(cached), prefer_css_page_size=True, print_background=True,
                         display_header_footer=True, header_template="<span></span>",
                         footer_template=_footer(job, lang, today), outline=True, tagged=True)
                shutil.copyfile(cached, out)
            browser.close()
    finally:
        httpd.shutdown()
    seconds = time.perf_counter() - started
    print(f"PDF: {len(todo)} av {len(jobs)} filer skrivna på {seconds:.1f} s "
          f"({seconds / len(todo):.2f} s per fil).")
    return 0
