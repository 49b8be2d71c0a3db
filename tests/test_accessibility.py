"""WCAG 2.1 A/AA with axe-core in Chromium, on every page and in the states
readers get into; and keyboard-only walkthroughs."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
pytestmark = pytest.mark.inject_scripts  # axe-core goes in as a <script> tag


def axe(page) -> list[str]:
    if not AXE.is_file():
        pytest.fail("axe-core saknas: kör `npm ci` (make test gör det).")
    # Evaluated through the DevTools protocol: the site's Content-Security-Policy
    # rightly refuses an injected <script> (add_script_tag).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, { runOnly: { type: 'tag', values: tags } })",
                           TAGS)
    return [f"{v['id']}: {v['help']} — {', '.join(n['target'][0] for n in v['nodes'][:3])}"
            for v in result["violations"]]


@pytest.mark.browser
@pytest.mark.timeout(2400)  # every page of the site, one after another
def test_every_page_has_no_axe_violations(page, site_pages):
    extra = [p for p in ("kurser/natfiske/utskrift/", "en/kurser/natfiske/utskrift/")]
    problems = {}
    for rel in site_pages + extra:
        page.goto(rel)
        found = axe(page)
        if found:
            problems[rel] = found
    assert len(site_pages) > 50
    assert not problems, "\n".join(f"{k}: {v}" for k, v in list(problems.items())[:15])


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_colour_schemes_meet_contrast(page, scheme):
    for rel in ("", "kurser/", "kurser/natfiske/", "kurser/natfiske/02-vanliga-bedragerier/"):
        page.goto(rel)
        page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        # Material fades colours in (125–250 ms): wait until those transitions end
        # (a cancelled one rejects: a newer one replaced it).
        page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")
        assert axe(page) == [], (scheme, rel)


@pytest.mark.browser
def test_search_open_with_results(page):
    page.goto("kurser/?q=lösenord")
    page.wait_for_selector(".md-search-result__item")
    assert axe(page) == []


@pytest.mark.browser
def test_self_assessment_answered_and_result(page):
    page.goto("sjalvskattning/")
    for fieldset in page.locator("[data-statement]").all():
        fieldset.locator("input[value='4']").check()
    page.click("[data-dfs-self-assessment] button[type=submit]")
    page.wait_for_selector("[data-dfs-sa-result]:not([hidden])")
    assert axe(page) == []


@pytest.mark.browser
def test_lesson_marked_done_and_print_emulation(page):
    page.goto("kurser/natfiske/01-vad-ar-natfiske/")
    page.click("[data-dfs-done] button")
    assert axe(page) == []
    page.goto("kurser/natfiske/")
    assert axe(page) == []
    page.emulate_media(media="print")
    page.goto("workshops/natfiske-deltagarblad/")
    assert axe(page) == []


FOCUS_JS = """pred => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return { match: (new Function('el', 'return ' + pred))(el), tag: el.tagName,
             text: el.textContent.trim().slice(0, 60),
             outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 };
}"""


def _tab_to(page, predicate_js: str, limit: int = 80) -> dict:
    """Press Tab until the focused element matches (it may match already)."""
    info = page.evaluate(FOCUS_JS, predicate_js)
    for _ in range(limit):
        if info["match"]:
            return info
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUS_JS, predicate_js)
    raise AssertionError(f"Nådde aldrig elementet med Tab: {predicate_js}")


@pytest.mark.browser
def test_keyboard_skip_link_and_visible_focus(page):
    page.goto("kurser/natfiske/")
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.className")
    assert "md-skip" in skip
    page.keyboard.press("Enter")
    assert page.url.endswith("#malen") or "#" in page.url
    info = _tab_to(page, "el.matches('.dfs-lesson-list a')")
    assert info["outline"], "fokus syns inte"


@pytest.mark.browser
def test_keyboard_search_and_language_switcher(page):
    page.goto("kurser/")
    page.keyboard.press("/")
    page.keyboard.type("nätfiske")
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("ArrowDown")
    target = page.evaluate("document.activeElement.href")
    assert target and "md-search-result__link" in page.evaluate("document.activeElement.className")
    page.keyboard.press("Enter")
    page.wait_for_url(target)
    page.goto("kurser/natfiske/")
    _tab_to(page, "el.closest('.md-select') !== null && el.tagName === 'BUTTON'")
    page.keyboard.press("Enter")
    info = _tab_to(page, "el.matches('a.md-select__link[hreflang=en]')", limit=5)
    assert info["match"]
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/kurser/natfiske/")


@pytest.mark.browser
def test_keyboard_quiz_done_and_print_buttons(page):
    page.goto("kurser/natfiske/02-vanliga-bedragerier/")
    _tab_to(page, "el.matches('.dfs-quiz input[type=radio]')", limit=200)
    page.keyboard.press("Space")
    _tab_to(page, "el.matches('[data-dfs-quiz-check]')", limit=10)
    page.keyboard.press("Enter")
    feedback = page.locator(".dfs-quiz__feedback").first.inner_text()
    assert feedback.startswith(("Rätt!", "Inte riktigt."))
    _tab_to(page, "el.matches('[data-dfs-done] button')", limit=200)
    page.keyboard.press("Enter")
    assert page.get_attribute("[data-dfs-done] button", "aria-pressed") == "true"
    page.goto("workshops/natfiske-deltagarblad/")
    info = _tab_to(page, "el.matches('[data-dfs-print]')")
    assert info["outline"]
    pdf = _tab_to(page, "el.matches('a[download][href$=\".pdf\"]')", limit=5)
    assert pdf["match"]


@pytest.mark.browser
def test_keyboard_self_assessment(page):
    page.goto("sjalvskattning/")
    _tab_to(page, "el.matches('[data-statement] input[type=radio]')", limit=150)
    for _ in range(24):
        page.keyboard.press("ArrowRight")  # choose within the scale
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")  # next statement
    _tab_to(page, "el.matches('[data-dfs-self-assessment] button[type=submit]')", limit=10)
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-dfs-sa-result]:not([hidden])")
    assert page.evaluate("document.activeElement.matches('[data-dfs-sa-result]')")
