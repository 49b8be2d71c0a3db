"""`make serve` (build/preview.py): a saved edit reaches the open page in the
browser by itself, and the menu, the catalogue and search still show the page.

The server runs on a copy of the project, as `make serve` runs it. No timings
here (the benchmark measures them): every wait is for the thing itself, with
a generous limit for a loaded machine.
"""
from __future__ import annotations

import os
import random
import re
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest

from digitaltforst.build.preview import LIVERELOAD_PATH, front_matter

from conftest import PREFIX, ROOT

START_LIMIT = 900  # s: the first full build, on a busy 2-core machine
SEEN_LIMIT = 120_000  # ms: an edit reaching the page (normally about a second)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def _untranslated_lesson(docs: Path) -> Path:
    """A lesson without an English translation (its English page is a copy)."""
    for path in sorted((docs / "kurser").glob("*/[0-9][0-9]-*.md")):
        if not path.name.endswith(".en.md") and not path.with_suffix(".en.md").exists():
            return path
    raise AssertionError("no untranslated lesson in docs/kurser")


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    root = tmp_path_factory.mktemp("preview")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("docs", "data", "overrides"):
        shutil.copytree(ROOT / name, root / name)
    port = _free_port()
    log = root / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("DIGITALTFORST_LOCALE", None)
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "digitaltforst.cli", "serve",
                                 "--dev-addr", f"127.0.0.1:{port}"], cwd=root, env=env,
                                stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}{PREFIX}"
    lesson = _untranslated_lesson(root / "docs")
    url = base + lesson.relative_to(root / "docs").with_suffix("").as_posix() + "/"
    deadline = time.monotonic() + START_LIMIT
    try:
        while _get(url) is None:  # until the first build is served
            if proc.poll() is not None:
                pytest.fail(f"make serve ended ({proc.returncode}):\n{log.read_text()[-3000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"make serve did not answer in {START_LIMIT} s:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield {"root": root, "base": base, "lesson": lesson, "url": url, "log": log}
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture()
def tab(browser):
    # The site's own CSP applies; wide enough for the menu beside the page.
    context = browser.new_context(locale="sv-SE", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    page.close()
    context.close()


def _word() -> str:
    return "zq" + "".join(random.choice(string.ascii_lowercase) for _ in range(8))


def _append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(f"\n\n{text}\n")


def _title(path: Path) -> str:
    return re.search(r"^title:\s*(.+)$", path.read_text(encoding="utf-8"), re.M).group(1).strip()


@pytest.mark.browser
def test_a_saved_edit_shows_in_the_open_page_with_its_menu(preview, tab):
    from playwright.sync_api import expect

    refused = []
    tab.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    tab.goto(preview["url"])
    lesson = preview["lesson"]
    marker = f"Förhandsvisningen visar {_word()} direkt."
    _append(lesson, marker)
    # Nobody reloads the page here: only the preview's live reload can show it.
    expect(tab.get_by_text(marker)).to_be_visible(timeout=SEEN_LIMIT)
    assert not refused, refused  # the reload script is one the site's CSP allows
    # The marker shows while the reloaded page is still parsed; the script is last in <body>.
    expect(tab.locator(f'script[src="{LIVERELOAD_PATH}"]')).to_have_count(1)
    # The menu: the page is the active entry, among all lessons of its course.
    title = _title(lesson)
    active = tab.locator("nav.md-nav--primary a.md-nav__link--active")
    expect(active.filter(has_text=title)).to_be_visible()
    course = lesson.parent
    for other in sorted(course.glob("[0-9][0-9]-*.md")):
        if other.name.endswith(".en.md"):
            continue
        expect(tab.locator("nav.md-nav--primary").get_by_role("link", name=_title(other), exact=True)
               .first).to_be_attached()
    # The English copy of the untranslated lesson was rebuilt too.
    rel = lesson.relative_to(preview["root"] / "docs").with_suffix("").as_posix()
    tab.goto(preview["base"] + f"en/{rel}/")
    expect(tab.get_by_text(marker)).to_be_visible()
    expect(tab.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.browser
def test_search_finds_the_new_words_once_the_index_caught_up(preview, tab):
    word = _word()
    _append(preview["lesson"], f"Ett nytt ord: {word}.")
    rel = preview["lesson"].relative_to(preview["root"] / "docs").with_suffix("").as_posix()
    tab.goto(preview["url"])
    from playwright.sync_api import expect

    expect(tab.get_by_text(word)).to_be_visible(timeout=SEEN_LIMIT)
    # The index follows in the background: search until it answers with the page.
    deadline = time.monotonic() + SEEN_LIMIT / 1000
    while True:
        tab.goto(preview["base"] + f"kurser/?q={quote(word)}")
        result = tab.locator(".md-search-result__item").or_(
            tab.locator(".md-search-result__meta", has_text="Inga sökresultat")).first
        result.wait_for()
        links = [a.get_attribute("href") or "" for a in tab.locator(".md-search-result__link").all()]
        if any(rel in link for link in links):
            break
        assert time.monotonic() < deadline, f"search never found {word}: {links}"
        tab.wait_for_timeout(1000)  # between retries: the index is being written
    # The rest of the site is still in the index.
    tab.goto(preview["base"] + "kurser/?q=" + quote("lösenord"))
    expect(tab.locator(".md-search-result__item").first).to_be_visible()


@pytest.mark.browser
def test_a_new_title_reaches_the_course_page_and_the_catalogue(preview, tab):
    from playwright.sync_api import expect

    lesson = preview["lesson"]
    text = lesson.read_text(encoding="utf-8")
    old = _title(lesson)
    new = f"Ny rubrik {_word()}"
    minutes = int(re.search(r"^minutes:\s*(\d+)", text, re.M).group(1))
    before = front_matter(lesson)
    text = text.replace(f"title: {old}", f"title: {new}", 1)
    text = re.sub(r"^minutes:\s*\d+", f"minutes: {minutes + 60}", text, count=1, flags=re.M)
    lesson.write_text(text, encoding="utf-8")
    assert front_matter(lesson) != before
    course = lesson.parent.name
    tab.goto(preview["base"] + f"kurser/{course}/")
    # The course page lists the lesson under its new title (after the reload).
    expect(tab.locator(".dfs-lesson-list").get_by_role("link", name=new)).to_be_visible(
        timeout=SEEN_LIMIT)
    # A sibling lesson's menu has the new title too.
    sibling = next(p for p in sorted(lesson.parent.glob("[0-9][0-9]-*.md"))
                   if p != lesson and not p.name.endswith(".en.md"))
    tab.goto(preview["base"] + f"kurser/{course}/{sibling.stem}/")
    expect(tab.locator("nav.md-nav--primary").get_by_role("link", name=new)).to_be_attached()
    # The catalogue still lists the lesson in its course's card, with the new total.
    tab.goto(preview["base"] + "kurser/")
    card = tab.locator(f'[data-dfs-course-card="{course}"]')
    expect(card).to_be_visible()
    lesson_id = re.search(r"^id:\s*(\S+)", text, re.M).group(1)
    assert lesson_id in (card.get_attribute("data-dfs-lessons") or "").split()
    course_page = _get(preview["base"] + f"kurser/{course}/")
    assert course_page is not None and new in course_page
    # The log says what the preview may show stale.
    assert "Tills nästa hela bygge" in preview["log"].read_text(encoding="utf-8")
