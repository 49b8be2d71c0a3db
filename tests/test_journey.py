"""The reader's journey (issue 21), in Chromium at a phone's and a desktop's
size: a first step on the start page, "Fortsätt" everywhere, knowledge checks
that are kept and counted, one lesson navigation that wraps between words, a
kursbevis that prints on one A4 page, and events marked past after their end."""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess

import pytest

from digitaltforst.build.render import lesson_checks
from digitaltforst.content.site import load_site
from conftest import ROOT, route_production_to

pytestmark = pytest.mark.browser
KEY = "digitaltforst:data"
SIZES = {"phone": (390, 844), "desktop": (1440, 900)}
COURSE = "natfiske"


@pytest.fixture(scope="module")
def model():
    return load_site(ROOT)


@pytest.fixture(scope="module")
def course(model):
    return model.course("sv", COURSE)


@pytest.fixture(params=list(SIZES))
def tab(request, browser, server):
    width, height = SIZES[request.param]
    ctx = browser.new_context(base_url=server, locale="sv-SE", viewport={"width": width, "height": height})
    page = ctx.new_page()
    page.set_default_timeout(15000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    yield page
    page.close()
    ctx.close()
    assert errors == [], errors


def lesson_url(course, n: int) -> str:
    return f"kurser/{course.slug}/{course.lessons[n - 1].stem}/"


def mark_done(tab, course, n: int) -> None:
    tab.goto(lesson_url(course, n))
    tab.click("[data-dfs-done] button")
    tab.wait_for_selector("[data-dfs-done] button[aria-pressed=true]")


# -- a first step, and a way back in ---------------------------------------------------

def test_start_page_for_a_new_reader_has_three_ways_in(tab):
    tab.goto("")
    lead = tab.locator(".md-content__inner > p").first.inner_text()
    assert "bibliotek" in lead and "besökare" in lead  # who it is for, one sentence
    assert lead.count(". ") == 0
    entries = tab.locator(".dfs-entry li > strong a")
    assert entries.all_inner_texts() == ["Gör självskattningen", "Hitta en kurs", "För handledare"]
    for link in entries.all():
        box = link.bounding_box()
        assert box and box["height"] >= 20
    assert tab.locator(".dfs-resume").is_hidden()  # nothing to continue yet


def test_after_lesson_1_start_page_and_course_page_say_continue_lesson_2(tab, course):
    mark_done(tab, course, 1)
    second = course.lessons[1]
    tab.goto("")
    resume = tab.locator(".dfs-resume")
    resume.wait_for()
    assert "Fortsätt där du slutade" in resume.inner_text()
    assert course.title in resume.inner_text()
    button = resume.locator("a.md-button")
    assert button.inner_text() == "Fortsätt: Lektion 2"
    button.click()
    tab.wait_for_url(f"**/{lesson_url(course, 2)}")
    assert second.title in tab.locator("h1").inner_text()
    tab.goto(f"kurser/{course.slug}/")
    go_on = tab.locator("[data-dfs-continue]")
    assert go_on.inner_text() == "Fortsätt: Lektion 2"
    assert go_on.get_attribute("href").endswith(f"{second.stem}/")
    # Done with every lesson: the button leads to the kursbevis.
    for n in range(2, len(course.lessons) + 1):
        mark_done(tab, course, n)
    tab.goto(f"kurser/{course.slug}/")
    assert go_on.inner_text() == "Kursen är klar – hämta kursbevis"
    go_on.click()
    tab.wait_for_url(f"**/mina-kurser/#kursbevis-{course.slug}")
    card = tab.locator(f"[data-dfs-certificate='{course.slug}']")
    assert card.is_visible()
    top = card.evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top < tab.viewport_size["height"], top  # scrolled to, not below the fold
    # A finished course is nothing to continue: the start page offers nothing.
    tab.goto("")
    assert tab.locator(".dfs-resume").is_hidden()


def test_last_lesson_points_to_the_kursbevis(tab, course):
    tab.goto(lesson_url(course, len(course.lessons)))
    end = tab.locator(".dfs-lesson-nav__end")
    link = end.locator("a")
    assert link.inner_text() == "Mina kurser"
    link.click()
    tab.wait_for_url(f"**/mina-kurser/#kursbevis-{course.slug}")


def test_without_javascript_the_start_page_is_a_plain_page(browser, server):
    ctx = browser.new_context(base_url=server, java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = ctx.new_page()
    page.goto("")
    assert page.locator(".dfs-entry li").count() == 3
    assert page.locator(".dfs-resume").is_hidden()
    ctx.close()


# -- knowledge checks that count ----------------------------------------------------------

def answer(quiz, right: bool) -> None:
    quiz.locator(f"input[data-correct='{'true' if right else 'false'}']").first.check()
    quiz.locator("[data-dfs-quiz-check]").click()


def test_quiz_answers_survive_a_reload_and_count_in_my_courses(tab, course):
    checks = [c for x in course.lessons for c in lesson_checks(x)]
    assert len(checks) >= len(course.lessons)
    tab.goto(lesson_url(course, 2))
    quizzes = tab.locator("[data-dfs-quiz]")
    assert quizzes.count() == len(lesson_checks(course.lessons[1])) >= 2
    answer(quizzes.nth(0), right=True)
    answer(quizzes.nth(1), right=False)
    first_choice = quizzes.nth(1).locator("input:checked").get_attribute("value")
    tab.reload()
    assert quizzes.nth(0).locator(".dfs-quiz__feedback").inner_text().startswith("Rätt!")
    assert quizzes.nth(1).locator(".dfs-quiz__feedback").inner_text().startswith("Inte riktigt.")
    assert quizzes.nth(1).locator("input:checked").get_attribute("value") == first_choice
    stored = json.loads(tab.evaluate(f"localStorage.getItem('{KEY}')"))
    assert stored["version"] == 3
    assert {k: v["correct"] for k, v in stored["quiz"].items()} == {checks_of(course, 2)[0]: True,
                                                                     checks_of(course, 2)[1]: False}
    tab.goto("mina-kurser/")
    line = tab.locator(f"[data-dfs-checks='{course.slug}']")
    assert line.inner_text().strip(" ·") == f"kunskapskoller: 1 av {len(checks)} rätt"
    # Started by answering, no lesson done yet: the next lesson is lesson 1.
    nxt = tab.locator(f"[data-dfs-next='{course.slug}']")
    assert nxt.inner_text() == f"Nästa: Lektion 1 – {course.lessons[0].title}"
    mark_done(tab, course, 1)
    tab.goto("mina-kurser/")
    assert nxt.inner_text() == f"Nästa: Lektion 2 – {course.lessons[1].title}"
    nxt.click()
    tab.wait_for_url(f"**/{lesson_url(course, 2)}")


def checks_of(course, n: int) -> list[str]:
    return lesson_checks(course.lessons[n - 1])


VISIBLE_TEXT = """(root, needle) => {
  // Visible elements whose own text holds the needle (the explanation).
  const hits = [];
  for (const el of root.querySelectorAll('*')) {
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('');
    if (own.includes(needle) && el.checkVisibility() && el.getClientRects().length) hits.push(el.className);
  }
  return hits;
}"""


def test_answer_key_hidden_until_asked_and_the_explanation_shown_once(tab, course):
    tab.goto(lesson_url(course, 2))
    quiz = tab.locator("[data-dfs-quiz]").first
    key = quiz.locator(".dfs-quiz__answers")
    # Material gives <details> display: flow-root; `hidden` must still win.
    assert key.evaluate("el => el.hidden") is True
    assert key.evaluate("el => getComputedStyle(el).display") == "none"
    assert key.bounding_box() is None
    answer(quiz, right=False)
    assert key.is_visible() and key.evaluate("el => el.open") is False
    assert key.locator("ul").is_hidden()
    chosen = quiz.locator("input:checked").get_attribute("value")
    why = quiz.locator(f"[data-why='{chosen}']").text_content()
    assert quiz.evaluate(VISIBLE_TEXT, why) == ["dfs-quiz__feedback"]  # once, in the feedback
    key.locator("summary").click()
    assert key.locator("ul").is_visible()


def test_quiz_targets_are_at_least_24_px(tab, course):
    tab.goto(lesson_url(course, 2))
    quiz = tab.locator("[data-dfs-quiz]").first
    answer(quiz, right=True)  # the key's summary shows once answered
    targets = quiz.locator("input[type=radio], [data-dfs-quiz-check], summary").all()
    assert len(targets) >= 4
    for target in targets:
        target.scroll_into_view_if_needed()
        box = target.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, (target.evaluate("el => el.outerHTML.slice(0, 80)"), box)


# -- phone layout: one previous/next block, titles wrapping between words ------------------

BROKEN_WORDS = """nav => {
  // A word drawn on more than one line box was broken inside the word. A
  // compound may break after its hyphen ("e-|legitimation"), as in print.
  const broken = [];
  const walker = document.createTreeWalker(nav, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent;
    for (const match of text.matchAll(/[^\\s\u2010-]+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""


def test_one_lesson_navigation_and_no_word_broken_mid_word(tab, model):
    lessons = [(c, i) for c in model.courses["sv"] for i in range(1, len(c.lessons) + 1)]
    assert len(lessons) >= 40
    for c, n in lessons:
        tab.goto(lesson_url(c, n))
        nav = tab.locator(".dfs-lesson-nav")
        assert nav.count() == 1 and nav.is_visible()
        assert tab.locator(".md-footer__inner").is_hidden(), "Materials egna föregående/nästa syns också"
        assert nav.evaluate(BROKEN_WORDS) == [], (c.slug, n)
        width = tab.evaluate("document.documentElement.clientWidth")
        for link in nav.locator("a").all():
            box = link.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (c.slug, n)


# -- a kursbevis a manager can file ----------------------------------------------------------

def test_kursbevis_prints_on_one_a4_page_with_issuer_and_goals(browser, server, course, tmp_path):
    from pypdf import PdfReader

    ctx = browser.new_context(base_url=server, locale="sv-SE", viewport={"width": 1440, "height": 900})
    page = ctx.new_page()
    page.goto("")
    done = {x.id: "2026-12-02T10:00:00.000Z" for x in course.lessons}
    data = {"version": 3, "progress": done, "assessments": [], "quiz": {},
            "profile": {"name": "Kim Andersson", "municipality": ""}}
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(data)])
    page.goto("mina-kurser/")
    card = page.locator(f"[data-dfs-certificate='{course.slug}']")
    text = card.inner_text()
    for expected in ("Kim Andersson har genomfört kursen", course.title, "Regionbibliotek Västernorrland",
                     "2 december 2026", "Kompetensområde", "Nivå", *course.goals):
        assert expected in text, expected
    page.evaluate("window.print = () => {}")  # the dialog itself is the browser's
    page.locator(f"#kursbevis-{course.slug} button", has_text="Skriv ut kursbeviset").click()
    pdf = tmp_path / "kursbevis.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True, print_background=True)
    ctx.close()
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    words = " ".join(reader.pages[0].extract_text().split())
    for expected in ("Kursbevis", "Kim Andersson", course.title, "Utfärdare", "Regionbibliotek Västernorrland",
                     "2 december 2026", *course.goals):
        assert " ".join(expected.split()) in words, (expected, words[:400])
    assert "Mina kurser" not in words and "Spara mina uppgifter" not in words  # only the card
    # Black and white: every pixel of the rendered page is a grey.
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "bevis")], check=True)
    raw = next(tmp_path.glob("bevis*.ppm")).read_bytes()
    header = re.match(rb"P6\s+(\d+)\s+(\d+)\s+255\s", raw)
    pixels = raw[header.end():]
    spread = max(max(pixels[i:i + 3]) - min(pixels[i:i + 3]) for i in range(0, len(pixels), 3))
    assert spread <= 12, spread


# -- events: past after their end, in the browser ------------------------------------------

def test_an_upcoming_event_opened_after_its_end_is_marked_past(browser, server, site_dir):
    html = (site_dir / "program" / "utbildningsdagar" / "index.html").read_text(encoding="utf-8")
    ends = sorted(re.findall(r'data-dfs-ends="([^"]+)"', html))
    assert ends, "inga kommande evenemang i bygget"
    first = dt.datetime.fromisoformat(ends[0])
    ctx = browser.new_context(base_url=server, locale="sv-SE")
    page = ctx.new_page()
    page.clock.set_fixed_time(first - dt.timedelta(minutes=1))
    page.goto("program/utbildningsdagar/")
    event = page.locator(f"[data-dfs-ends='{ends[0]}']").first
    assert event.locator(".dfs-event__past").is_hidden()
    assert event.locator(".dfs-event__ics").is_visible()
    page.clock.set_fixed_time(first + dt.timedelta(minutes=1))
    page.reload()
    assert event.get_attribute("data-past") == "true"
    assert event.locator(".dfs-event__past").inner_text() == "Har redan varit"
    assert event.locator(".dfs-event__ics").is_hidden()
    later = page.locator(f"[data-dfs-ends='{ends[-1]}']").first
    if ends[-1] > ends[0]:
        assert later.get_attribute("data-past") == "false"
    ctx.close()


# -- axe on the changed pages, both colour schemes ---------------------------------------------

@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_changed_pages_have_no_axe_violations(browser, server, site_dir, course, scheme):
    from test_accessibility import axe

    ctx = browser.new_context(base_url=server, locale="sv-SE", viewport={"width": 390, "height": 844})
    route_production_to(ctx, site_dir)  # the 404 page links its assets absolutely
    page = ctx.new_page()
    problems = {}

    def check(rel: str, label: str) -> None:
        page.goto(rel)
        page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        # Material fades colours in (125–250 ms): wait until those transitions end
        # (a cancelled one rejects: a newer one replaced it).
        page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")
        found = axe(page)
        if found:
            problems[label] = found

    check("", "start, new reader")
    check("om/", "om projektet")
    check("program/utbildningsdagar/", "events")
    check("en/kurser/", "English catalogue")
    page.goto(lesson_url(course, 1))
    page.click("[data-dfs-done] button")
    answer(page.locator("[data-dfs-quiz]").first, right=False)
    check(lesson_url(course, 1), "lesson, answered")
    check("", "start, returning reader")
    check(f"kurser/{course.slug}/", "course in progress")
    check(lesson_url(course, len(course.lessons)), "last lesson")
    for n in range(2, len(course.lessons) + 1):
        page.goto(lesson_url(course, n))
        page.click("[data-dfs-done] button")
    check("mina-kurser/", "mina kurser with a kursbevis")
    check("finns-inte/", "404")
    ctx.close()
    assert not problems, problems


# -- the store's version 3 in the browser (test_storage_faults.py style) ------------------------

FILL_QUOTA = """() => { Storage.prototype.setItem = function () {
  throw new DOMException("The quota has been exceeded.", "QuotaExceededError"); }; }"""


def test_version_2_data_is_migrated_in_the_browser_and_answers_added(tab, course):
    first = course.lessons[0]
    v2 = {"version": 2, "progress": {first.id: "2026-11-20T10:00:00.000Z"}, "assessments": [],
          "profile": {"name": "Kim", "municipality": ""}}
    tab.goto("")
    tab.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(v2)])
    tab.goto(lesson_url(course, 2))
    migrated = json.loads(tab.evaluate(f"localStorage.getItem('{KEY}')"))
    assert migrated["version"] == 3 and migrated["quiz"] == {}
    assert migrated["progress"] == v2["progress"] and migrated["profile"]["name"] == "Kim"
    answer(tab.locator("[data-dfs-quiz]").first, right=True)
    after = json.loads(tab.evaluate(f"localStorage.getItem('{KEY}')"))
    assert list(after["quiz"]) == [checks_of(course, 2)[0]] and after["progress"] == v2["progress"]
    assert not tab.locator("#dfs-storage-notice").is_visible()


def test_an_answer_that_cannot_be_saved_says_so_and_keeps_the_stored_one(tab, course):
    tab.goto(lesson_url(course, 2))
    quiz = tab.locator("[data-dfs-quiz]").first
    answer(quiz, right=True)
    before = tab.evaluate(f"localStorage.getItem('{KEY}')")
    tab.evaluate(FILL_QUOTA)
    answer(quiz, right=False)
    feedback = quiz.locator(".dfs-quiz__feedback").inner_text()
    assert feedback.startswith("Inte riktigt.") and "lagringsutrymme är fullt" in feedback
    assert tab.evaluate(f"localStorage.getItem('{KEY}')") == before
    tab.reload()
    assert quiz.locator(".dfs-quiz__feedback").inner_text().startswith("Rätt!")  # the stored answer


def test_a_broken_stored_answer_is_set_aside_not_lost(tab, course):
    broken = {"version": 3, "progress": {}, "assessments": [], "profile": {"name": "", "municipality": ""},
              "quiz": {checks_of(course, 2)[0]: {"answer": "b", "correct": True, "date": "2026-12-01"}}}
    tab.goto("")
    tab.evaluate("([k, v]) => localStorage.setItem(k, v)", [KEY, json.dumps(broken)])
    tab.goto(lesson_url(course, 2))
    assert tab.locator("#dfs-storage-notice").is_visible()
    keys = tab.evaluate("Object.keys(localStorage)")
    backups = [k for k in keys if k.startswith("digitaltforst:backup-")]
    assert len(backups) == 1
    assert json.loads(tab.evaluate(f"localStorage.getItem('{backups[0]}')")) == broken
