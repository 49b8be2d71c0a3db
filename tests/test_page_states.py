"""States axe does not see (issue 22): pages without JavaScript, every button
and link hovered and keyboard-focused in both colour schemes, and a feature
that fails without taking the others with it."""
from __future__ import annotations

import pytest

from digitaltforst.content.site import load_site
from conftest import ROOT

pytestmark = pytest.mark.browser
MIN_CONTRAST = 4.5

# Text colour against the background really behind it: the element's own and
# its ancestors' background colours composited (alpha included) over the
# canvas, the text colour composited over that. Running colour transitions
# (Material fades hover colours in) are finished first: the end state is
# measured, without waiting for it.
CONTRAST_JS = """(el) => {
  document.getAnimations().filter((a) => a instanceof CSSTransition).forEach((a) => a.finish());
  const parse = (text) => {
    const m = text.match(/^rgba?\\(([^)]+)\\)$/);
    if (m) {
      const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
      return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
    }
    const c = text.match(/^color\\(srgb ([^)]+)\\)$/);
    if (c) {
      const p = c[1].split(/[\\s\\/]+/).filter(Boolean).map(Number);
      return [p[0] * 255, p[1] * 255, p[2] * 255, p.length > 3 ? p[3] : 1];
    }
    throw new Error("colour not understood: " + text);
  };
  const over = (top, under) => top.slice(0, 3).map((v, i) => v * top[3] + under[i] * (1 - top[3])).concat(1);
  const lum = (rgb) => {
    const [r, g, b] = rgb.slice(0, 3).map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = (node) => {
    const layers = [];
    for (let n = node; n; n = n.parentElement) {
      const bg = parse(getComputedStyle(n).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] === 1) break;
    }
    return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]);
  };
  const texts = [el, ...el.querySelectorAll("*")].filter((n) => [...n.childNodes]
    .some((c) => c.nodeType === 3 && c.textContent.trim()) && n.getClientRects().length
    && getComputedStyle(n).visibility !== "hidden" && !n.closest(".md-visually-hidden"));
  return texts.map((n) => {
    const bg = background(n);
    const fg = over(parse(getComputedStyle(n).color), bg);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    return { text: n.textContent.trim().slice(0, 40), ratio: (a + 0.05) / (b + 0.05),
             fg: getComputedStyle(n).color, bg: "rgb(" + bg.slice(0, 3).map(Math.round).join(",") + ")" };
  });
}"""

TARGETS = "a[href], button, summary, [role=button]"
# What makes two controls look the same: where they sit, their classes, their text.
SIGNATURE_JS = """(el) => [el.closest("header, nav, footer, .md-sidebar, article")?.className || "",
  el.tagName, el.className, el.getAttribute("aria-pressed") || "", el.textContent.trim().slice(0, 80)].join("|")"""
VISIBLE_TARGETS_JS = """([sel, signature]) => [...document.querySelectorAll(sel)].map((el, i) => {
  const r = el.getBoundingClientRect();
  const visible = r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden"
    && el.textContent.trim() !== "" && !el.closest("[hidden], .md-visually-hidden, .md-skip");
  if (visible) el.setAttribute("data-contrast-probe", String(i));
  return visible ? [String(i), (new Function("return " + signature))()(el)] : null;
}).filter(Boolean)"""
# Scroll a control into view; its centre, or null when something covers it.
CENTRE_JS = """(el) => { el.scrollIntoView({ block: "center" }); const r = el.getBoundingClientRect();
  const x = r.left + Math.min(r.width / 2, 8), y = r.top + r.height / 2;
  const top = document.elementFromPoint(x, y);
  return top && (top === el || el.contains(top)) ? [x, y] : null; }"""

FOCUSED_JS = """() => { const el = document.activeElement;
  return el && el !== document.body ? el.closest("a[href], button, summary, [role=button], input, select, textarea") : null; }"""


@pytest.fixture(scope="module")
def model():
    return load_site(ROOT)


def key_pages(model) -> list[str]:
    first = next(c for c in model.courses["sv"] if c.slug == "natfiske")
    return ["", "kurser/", "kurser/natfiske/", f"kurser/natfiske/{first.lessons[0].stem}/",
            "kurser/natfiske/02-vanliga-bedragerier/", "sjalvskattning/", "mina-kurser/",
            "workshops/natfiske-deltagarblad/", "program/utbildningsdagar/"]


def reader_data(model) -> dict:
    """A reader with one lesson done and one course finished (so the certificate shows)."""
    natfiske = model.course("sv", "natfiske")
    losenord = model.course("sv", "losenord")
    progress = {lesson.id: "2026-11-20T10:00:00.000Z" for lesson in losenord.lessons}
    progress[natfiske.lessons[0].id] = "2026-11-20T10:00:00.000Z"
    answers = {s.id: 4 for s in model.data.self_assessment.statements}
    scores = {str(s.area): 4 for s in model.data.self_assessment.statements}
    return {"version": 2, "progress": progress, "profile": {"name": "Kim", "municipality": ""},
            "assessments": [{"date": "2026-11-20T10:00:00.000Z", "answers": answers, "scores": scores}]}


def low_contrast(tab, element) -> list[str]:
    return [f"'{f['text']}': {f['ratio']:.2f}:1 ({f['fg']} on {f['bg']})"
            for f in tab.evaluate(CONTRAST_JS, element) if f["ratio"] < MIN_CONTRAST]


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_hovered_and_focused_buttons_and_links_keep_contrast(browser, server, model, scheme):
    context = browser.new_context(base_url=server, locale="sv-SE", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15000)
    try:
        tab.goto("")
        tab.evaluate("data => localStorage.setItem('digitaltforst:data', JSON.stringify(data))", reader_data(model))
        problems, measured, done = [], 0, set()
        for rel in key_pages(model):
            tab.goto(rel)
            tab.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
            # Hover every visible button and link (each kind once over all pages).
            for probe, signature in tab.evaluate(VISIBLE_TARGETS_JS, [TARGETS, SIGNATURE_JS]):
                if ("hover", signature) in done:
                    continue
                target = tab.locator(f"[data-contrast-probe='{probe}']").element_handle()
                centre = target.evaluate(CENTRE_JS)
                if centre is None:
                    continue  # covered (e.g. by the sticky header) at this scroll position
                done.add(("hover", signature))
                tab.mouse.move(*centre)
                problems += [f"{rel} hover {line}" for line in low_contrast(tab, target)]
                measured += 1
            tab.mouse.move(0, 0)
            # Focus each of them in turn from the keyboard.
            tab.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
            seen = set()
            for _ in range(500):
                tab.keyboard.press("Tab")
                element = tab.evaluate_handle(FOCUSED_JS).as_element()
                if element is None:
                    continue
                mark = element.evaluate("el => el.dataset.contrastTabbed ??= String(document.querySelectorAll('[data-contrast-tabbed]').length)")
                if mark in seen:
                    break  # round the page once
                seen.add(mark)
                signature = element.evaluate(SIGNATURE_JS)
                if ("focus", signature) in done or element.evaluate("el => el.textContent.trim() === ''"):
                    continue
                done.add(("focus", signature))
                problems += [f"{rel} focus {line}" for line in low_contrast(tab, element)]
                measured += 1
        assert measured > 60, measured  # the pages really were walked
        assert not problems, f"{scheme}:\n" + "\n".join(dict.fromkeys(problems))
    finally:
        tab.close()
        context.close()


@pytest.fixture()
def no_js(browser, server):
    context = browser.new_context(base_url=server, locale="sv-SE", java_script_enabled=False)
    tab = context.new_page()
    tab.set_default_timeout(15000)
    yield tab
    tab.close()
    context.close()


def test_without_javascript_controls_that_need_it_do_not_show(no_js):
    no_js.goto("kurser/natfiske/02-vanliga-bedragerier/")
    quiz = no_js.locator("[data-dfs-quiz]").first
    assert quiz.locator("[data-dfs-quiz-check]").count() == 1
    assert not quiz.locator("[data-dfs-quiz-check]").is_visible()  # "Kontrollera svaret" does nothing here
    assert quiz.locator(".dfs-quiz__answers summary").is_visible()  # the answers instead
    assert not quiz.locator(".dfs-quiz__why").first.is_visible()
    assert not no_js.locator("[data-dfs-done]").is_visible()  # "Markera som klar" needs storage
    no_js.goto("kurser/")
    assert no_js.locator("[data-dfs-filter]").count() == 1
    assert not no_js.locator("[data-dfs-filter]").is_visible()
    assert no_js.locator(".dfs-card").first.is_visible()
    no_js.goto("program/utbildningsdagar/")
    assert no_js.locator("[data-dfs-event-filter]").count() == 1
    assert not no_js.locator("[data-dfs-event-filter]").is_visible()
    no_js.goto("sjalvskattning/")
    assert not no_js.locator("[data-dfs-sa-result]").is_visible()


def watch_errors(tab) -> list[str]:
    errors: list[str] = []
    tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
    tab.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    return errors


def test_a_failing_feature_does_not_stop_the_others(context, page):
    """The quiz cannot start: it is reported, and on the same page
    "Markera som klar" still works."""
    context.add_init_script("""{
      const all = Document.prototype.querySelectorAll;
      Document.prototype.querySelectorAll = function (selector) {
        if (selector === "[data-dfs-quiz]") throw new Error("quiz markup broken");
        return all.call(this, selector);
      };
    }""")
    errors = watch_errors(page)
    page.goto("kurser/natfiske/02-vanliga-bedragerier/")
    button = page.locator("[data-dfs-done] button")
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert page.inner_text(".dfs-done__status") == "Lektionen är markerad som klar."
    assert not page.locator("[data-dfs-quiz-check]").first.is_visible()  # the quiz did not start
    assert any("[digitaltforst] quiz failed" in e for e in errors), errors
    assert not any(e.startswith("uncaught") for e in errors), errors


def test_a_broken_self_assessment_never_sends_the_form(page):
    errors = watch_errors(page)

    def broken(route):
        body = route.fetch().text()
        start = body.index('<script type="application/json" id="dfs-sa-data">')
        end = body.index("</script>", start)
        route.fulfill(body=body[:start] + '<script type="application/json" id="dfs-sa-data">{"broken": ' + body[end:],
                      content_type="text/html; charset=utf-8")

    page.route("**/sjalvskattning/", broken)
    page.goto("sjalvskattning/")
    url = page.url
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.locator("[data-dfs-self-assessment] button[type=submit]").click()
    assert any("[digitaltforst] self-assessment failed" in e for e in errors), errors
    assert page.url == url and not any("sjalvskattning/?" in r for r in requests)  # not sent, not reloaded
    assert not any(e.startswith("uncaught") for e in errors), errors
