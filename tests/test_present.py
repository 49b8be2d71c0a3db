"""Presentation mode ("Visa som presentation") in a real Chromium at 1920×1080:
every lesson opens as a title slide plus its `##` sections (long sections
split, as the build planned), nothing needs scrolling, body text is at least
32 px, the keys a clicker sends move back and forth, the slide number
survives a reload, facilitator tips stay off the slides (notes panel, N),
Esc returns to the lesson, and axe finds nothing in either colour scheme."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from digitaltforst.content.paths import DEFAULT_LANG, LANGS, page_path
from digitaltforst.content.site import load_site
from digitaltforst.l10n import t
from test_accessibility import axe

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)
H2 = re.compile(r"^##[ \t]+(.+?)[ \t#]*$", re.M)
SLIDE = re.compile(r'data-dfs-slide="(\d+)"')
VIEWPORT = {"width": 1920, "height": 1080}

SITE = load_site(ROOT)
LESSONS = [(lang, course, lesson) for lang in LANGS for course in SITE.courses[lang]
           for lesson in course.lessons]
SAMPLE = "kurser/natfiske/03-kontrollera-meddelanden/"


def _h2_titles(markdown: str) -> list[str]:
    """The lesson's `##` headings, from its Markdown (code fences left out)."""
    body = markdown.split("\n---\n", 1)[-1]
    return [re.sub(r"[*_`]", "", m.group(1)).strip() for m in H2.finditer(FENCE.sub("", body))]


@pytest.fixture()
def big(browser, server):
    ctx = browser.new_context(base_url=server, locale="sv-SE", viewport=VIEWPORT,
                              reduced_motion="reduce")
    tab = ctx.new_page()
    tab.set_default_timeout(15000)
    yield tab
    tab.close()
    ctx.close()


SLIDE_STATE = """() => {
  const slide = document.querySelector('.dfs-present .dfs-slide:not([hidden])');
  const stage = document.querySelector('.dfs-present__stage').getBoundingClientRect();
  const body = slide.querySelector('.dfs-slide__body');
  const texts = [...body.querySelectorAll('p, li, td, label, legend')]
    .filter(e => e.offsetParent !== null && e.textContent.trim());
  return {
    count: document.querySelectorAll('.dfs-present .dfs-slide').length,
    label: slide.getAttribute('aria-label'),
    heading: (slide.querySelector('h2:not(.dfs-slide__continued)')?.textContent || '').replace(/#$/, '').trim(),
    continued: slide.querySelector('h2.dfs-slide__continued')?.textContent.trim() || null,
    h1: slide.querySelector('h1')?.textContent.trim() || null,
    text: body.innerText,
    overflow: Math.max(...[...body.querySelectorAll('*')].map(e => e.getBoundingClientRect().bottom),
                       body.getBoundingClientRect().bottom) - stage.bottom,
    wider: body.scrollWidth - body.clientWidth,
    smallest: Math.min(...texts.map(e => parseFloat(getComputedStyle(e).fontSize))),
    notesOnSlide: slide.querySelectorAll('.handledare').length,
    hash: location.hash,
  };
}"""


def _state(page) -> dict:
    return page.evaluate(SLIDE_STATE)


def _all_states(page) -> list[dict]:
    """Each slide's state, stepping with the → key (one round trip per lesson)."""
    return page.evaluate("""state => {
      const read = new Function('return (' + state + ')()');
      const out = [];
      const total = document.querySelectorAll('.dfs-present .dfs-slide').length;
      for (let i = 0; i < total; i++) {
        out.push(read());
        document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
      }
      return out;
    }""", SLIDE_STATE)


def _open(page, rel: str) -> None:
    page.goto(rel)
    page.click("[data-dfs-present]")
    page.wait_for_selector(".dfs-present .dfs-slide:not([hidden])")


@pytest.mark.browser
@pytest.mark.timeout(2400)  # every lesson in both languages, every slide
def test_every_lesson_opens_with_title_and_sections_and_fits(big, site_dir):
    problems = []
    checked = 0
    for lang, course, lesson in LESSONS:
        rel = page_path(lesson.source.base_rel, lang)
        built = (site_dir / rel / "index.html").read_text(encoding="utf-8")
        # Title + one slide per `##` section + the parts the build split off.
        titles = _h2_titles(lesson.source.text)
        planned = len(set(SLIDE.findall(built)))
        assert planned >= 1 + len(titles), rel
        _open(big, rel)
        first = _state(big)
        if first["count"] != planned:
            problems.append(f"{rel}: {first['count']} bilder, planerat {planned}")
            continue
        n = course.lesson_index(lesson) + 1
        expect = [lesson.title, course.title, t(lang, "lesson_of", n=n, total=len(course.lessons)),
                  *lesson.goals]
        missing = [x for x in expect if " ".join(x.split()) not in " ".join(first["text"].split())
                   and x != lesson.title]
        if first["h1"] != lesson.title or missing:
            problems.append(f"{rel}: titelbilden saknar {missing or lesson.title}")
        if f"{t(lang, 'time')}:" not in first["text"]:
            problems.append(f"{rel}: titelbilden saknar tiden")
        headings, last = [], None
        for i, state in enumerate(_all_states(big)):
            if state["overflow"] > 1 or state["wider"] > 1:
                problems.append(f"{rel} bild {i + 1}: går utanför skärmen "
                                f"({state['overflow']:.0f} px nedåt, {state['wider']} px åt sidan)")
            if state["smallest"] < 32:
                problems.append(f"{rel} bild {i + 1}: text i {state['smallest']} px")
            if state["notesOnSlide"]:
                problems.append(f"{rel} bild {i + 1}: handledartips på bilden")
            if state["hash"] != f"#presentation-{i + 1}":
                problems.append(f"{rel} bild {i + 1}: adressen är {state['hash']}")
            if i and state["heading"]:
                headings.append(last := state["heading"])
            elif i and state["continued"] != f"{last} ({t(lang, 'js.present_continued')})":
                problems.append(f"{rel} bild {i + 1}: fortsättningen heter {state['continued']!r}")
        # Every `##` section in order, each starting a slide of its own.
        if headings != titles:
            problems.append(f"{rel}: rubrikerna {headings} i stället för {titles}")
        checked += 1
    assert not problems, "\n".join(problems[:30])
    assert checked == len(LESSONS) >= 60


@pytest.mark.browser
def test_keys_reload_notes_and_escape(big):
    big.goto(SAMPLE)
    h2_before = big.locator("article h2").count()
    button = big.locator("[data-dfs-present]")
    assert button.inner_text() == "Visa som presentation"
    _open(big, SAMPLE)
    assert _state(big)["label"].startswith("Bild 1 av ")
    total = _state(big)["count"]
    steps = [("ArrowRight", 2), ("Space", 3), ("PageDown", 4), ("PageUp", 3), ("ArrowLeft", 2),
             ("End", total), ("ArrowRight", total), ("Home", 1), ("ArrowLeft", 1)]
    for key, expected in steps:
        big.keyboard.press(key)
        state = _state(big)
        assert state["label"] == f"Bild {expected} av {total}", (key, state["label"])
        assert state["hash"] == f"#presentation-{expected}"
        assert big.locator(".dfs-present__counter").inner_text() == f"Bild {expected} av {total}"
    big.keyboard.press("PageDown")
    big.keyboard.press("PageDown")
    big.reload()
    big.wait_for_selector(".dfs-present .dfs-slide:not([hidden])")
    assert _state(big)["label"] == f"Bild 3 av {total}"
    # Facilitator tips: not on any slide, in the notes panel on N.
    notes = big.locator(".dfs-present__notes")
    assert not notes.is_visible()
    big.keyboard.press("End")
    big.keyboard.press("n")
    assert notes.is_visible()
    assert "Handledartips" in notes.inner_text() and "fallgrop" in notes.inner_text()
    assert big.locator(".dfs-present__notes-toggle").get_attribute("aria-pressed") == "true"
    big.keyboard.press("N")
    assert not notes.is_visible()
    # Esc: back to the lesson as it was, at the button, without the slide address.
    big.keyboard.press("Escape")
    assert big.locator(".dfs-present").count() == 0
    assert big.evaluate("location.hash") == ""
    assert big.locator(".md-header").is_visible()
    assert big.locator("article h2").count() == h2_before
    assert big.locator("article details.handledare").count() >= 1
    assert big.evaluate("document.activeElement.matches('[data-dfs-present]')")
    # The browser's Back button also leaves, and Forward comes back.
    _open(big, SAMPLE)
    big.go_back()
    big.wait_for_selector(".dfs-present", state="detached")
    big.go_forward()
    big.wait_for_selector(".dfs-present .dfs-slide:not([hidden])")


@pytest.mark.browser
def test_knowledge_check_with_the_room(big):
    _open(big, SAMPLE)
    while big.locator(".dfs-slide:not([hidden]) .dfs-quiz").count() == 0:
        before = _state(big)["label"]
        big.keyboard.press("ArrowRight")
        assert _state(big)["label"] != before, "ingen kunskapskoll i presentationen"
    quiz = big.locator(".dfs-slide:not([hidden]) .dfs-quiz")
    right = quiz.locator(".dfs-quiz__option:has(input[data-correct='true']) label").first.inner_text()
    assert quiz.locator(".dfs-quiz__answers").is_hidden()  # the question first
    assert right not in quiz.locator(".dfs-present__answer").inner_text()
    quiz.get_by_role("button", name="Visa rätt svar").click()
    assert right in quiz.locator(".dfs-present__answer").inner_text()
    assert quiz.locator(".dfs-quiz__option--right").count() >= 1


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_presentation_has_no_axe_violations(big, scheme):
    for rel in (SAMPLE, "en/" + SAMPLE):
        big.goto(rel)
        big.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        big.click("[data-dfs-present]")
        big.wait_for_selector(".dfs-present .dfs-slide:not([hidden])")
        total = _state(big)["count"]
        kinds = set()
        for i in range(total):
            kind = big.evaluate("document.querySelector('.dfs-slide:not([hidden])').className")
            if kind not in kinds:  # title, text, image, knowledge check: each once
                kinds.add(kind)
                if i == 2:
                    big.keyboard.press("n")
                assert axe(big) == [], (rel, scheme, i + 1, kind)
                if i == 2:
                    big.keyboard.press("n")
            big.keyboard.press("ArrowRight")
        assert {"dfs-slide dfs-slide--title", "dfs-slide dfs-slide--section",
                "dfs-slide dfs-slide--image", "dfs-slide dfs-slide--quiz"} <= kinds


@pytest.mark.browser
def test_reduced_motion_has_no_animation_and_motion_has_some(browser, server):
    for motion, animated in (("reduce", False), ("no-preference", True)):
        ctx = browser.new_context(base_url=server, viewport=VIEWPORT, reduced_motion=motion)
        tab = ctx.new_page()
        _open(tab, SAMPLE)
        name = tab.evaluate("getComputedStyle(document.querySelector('.dfs-slide:not([hidden])'))"
                            ".animationName")
        assert (name != "none") == animated, (motion, name)
        tab.close()
        ctx.close()


@pytest.mark.browser
def test_presentation_code_loads_only_when_asked(big):
    requested = []
    big.on("request", lambda r: requested.append(r.url))
    big.goto(SAMPLE, wait_until="networkidle")
    assert any(u.endswith("/present-loader.js") for u in requested)
    assert not any(u.endswith(("/present.js", "/present.css")) for u in requested)
    big.click("[data-dfs-present]")
    big.wait_for_selector(".dfs-present .dfs-slide:not([hidden])")
    assert any(u.endswith("/present.js") for u in requested)
    assert any(u.endswith("/present.css") for u in requested)
    # The slides are styled the moment they show: full screen, not the page's flow.
    assert big.locator(".dfs-present").evaluate("el => getComputedStyle(el).position") == "fixed"
    # English: the button says "Present", the slides speak English.
    big.goto("en/" + SAMPLE)
    assert big.locator("[data-dfs-present]").inner_text() == "Present"
    big.click("[data-dfs-present]")
    assert _state(big)["label"].startswith("Slide 1 of ")


def test_every_lesson_page_has_the_present_button(site_dir):
    for lang, _course, lesson in LESSONS:
        built = (site_dir / page_path(lesson.source.base_rel, lang) / "index.html").read_text("utf-8")
        label = t(lang, "present")
        assert 'href="#presentation-1" data-dfs-present' in built and f">{label}</a>" in built, \
            (lang, lesson.id)
    assert DEFAULT_LANG == "sv"
