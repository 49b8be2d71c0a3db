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
import hashlib
import os
import html
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..content.paths import DEFAULT_LANG, LANGS, page_path, pdf_path, print_page_path
from ..content.site import Site
from ..l10n import format_date
from . import localserver
from .browser import find_chromium, install_chromium, launch_args

CACHE = Path(".cache/pdf")
# Bumped when the printing itself changes (browser setup, fonts, footer), which
# the page's own bytes do not show.
CACHE_VERSION = "3: fontconfig with TrueType copies of the shipped font"


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
            target = print_page_path(course.source.base_rel, lang)
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


FONT_FAMILY = "Atkinson Hyperlegible Next"
FONT_DIR = "assets/fonts"  # in the built site (from overrides/)


def _truetype_copies(site_dir: Path, folder: Path) -> Path:
    """The shipped WOFF2 files as TrueType: Chromium draws no text at all from
    a WOFF2 (or WOFF) font that fontconfig offers as a system font."""
    from fontTools.ttLib import TTFont

    folder.mkdir(parents=True, exist_ok=True)
    for woff2 in sorted((site_dir / FONT_DIR).glob("*.woff2")):
        target = folder / (woff2.stem + ".ttf")
        if not target.is_file() or target.stat().st_mtime < woff2.stat().st_mtime:
            font = TTFont(woff2)
            font.flavor = None
            font.save(target)
    return folder


def fontconfig_file(site_dir: Path) -> Path:
    """A fontconfig setup for the printing Chromium: the shipped font first for
    every generic family. The page's print.css names the font itself; this
    covers what CSS cannot reach: SVG images (rendered on their own, with
    `font-family="sans-serif"`) and the PDF footer."""
    cache = (CACHE.parent / "fontconfig").resolve()
    cache.mkdir(parents=True, exist_ok=True)
    fonts = _truetype_copies(site_dir, cache / "fonts")
    aliases = "".join(
        f'<alias binding="strong"><family>{generic}</family><prefer><family>{FONT_FAMILY}</family>'
        "</prefer></alias>" for generic in ("sans-serif", "serif", "monospace", "system-ui"))
    conf = cache / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{html.escape(str(fonts))}</dir>"
        f"<cachedir>{html.escape(str(cache))}</cachedir>{aliases}</fontconfig>", encoding="utf-8")
    return conf


def _footer(job: Job, lang: str, today: dt.date) -> str:
    licence = "CC BY 4.0"
    return (
        f'<div style="font-family: \'{FONT_FAMILY}\', sans-serif; font-size: 7.5pt; '
        'font-variant-ligatures: none; color: #000; width: 100%; '
        'margin: 0 16mm; display: flex; justify-content: space-between; gap: 8mm;">'
        f"<span>{html.escape(job.title)} · {html.escape(job.online)} · {licence} · "
        f"{format_date(today, lang)}</span>"
        '<span style="white-space: nowrap;"><span class="pageNumber"></span> / '
        '<span class="totalPages"></span></span></div>')


def _cache_key(site_dir: Path, job: Job, today: dt.date) -> str:
    digest = hashlib.sha256(CACHE_VERSION.encode())
    digest.update((site_dir / job.page / "index.html").read_bytes())
    # The print styles and the fonts they use decide the layout as much as the page.
    for asset in sorted((site_dir / "assets").rglob("*")):
        if asset.suffix in (".css", ".woff2"):
            digest.update(asset.read_bytes())
    digest.update(f"{job.learner}|{job.title}|{job.online}|{today}".encode())
    return digest.hexdigest()


def build_pdfs(site: Site, site_dir: Path, site_url: str, today: dt.date) -> int:
    """Print every course and handout; 0 on success (the plugin calls this last)."""
    jobs = plan(site, site_dir, site_url)
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

    env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(site_dir))}
    started = time.perf_counter()
    with localserver.serve(site_dir) as root:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=launch_args(), env=env)
            page = browser.new_page()
            page.emulate_media(media="print")
            for job, cached, out in todo:
                page.goto(root + job.page, wait_until="load")
                page.evaluate("document.fonts.ready.then(() => true)")
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
    seconds = time.perf_counter() - started
    print(f"PDF: {len(todo)} av {len(jobs)} filer skrivna på {seconds:.1f} s "
          f"({seconds / len(todo):.2f} s per fil).")
    return 0
