"""Recommendations by competence (issue 20), on the real statements and
courses: every statement is covered, a low answer on a statement recommends
a course that teaches what it probes, and in the browser the
recommendations come first and skip a course the reader has finished."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from digitaltforst.content.site import load_site
from digitaltforst.content.vocabulary import COMPETENCES, LEVELS
from conftest import ROOT


@pytest.fixture(scope="module")
def model():
    return load_site(ROOT)


def test_digcomp_has_21_competences():
    assert len(COMPETENCES) == 21
    assert {c.split(".")[0] for c in COMPETENCES} == {"1", "2", "3", "4", "5"}
    assert {"1.3", "2.6", "3.4", "4.4", "5.4"} <= COMPETENCES and not {"1.4", "2.7", "3.5"} & COMPETENCES


def test_every_statement_probes_competences_some_course_teaches(model):
    statements = model.data.self_assessment.statements
    assert len(statements) == 24
    taught = {c for course in model.courses["sv"] for c in course.competences}
    for s in statements:
        assert s.competences, s.id
        assert set(s.competences) <= COMPETENCES, s.id
        assert set(s.competences) <= taught, s.id


def sa_data(site_dir, lang="sv") -> dict:
    html = (site_dir / ("en/" if lang == "en" else "") / "sjalvskattning/index.html").read_text("utf-8")
    found = re.search(r'<script type="application/json" id="dfs-sa-data">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


SCRIPT = """
import { recommendCourses } from "%s";
const data = JSON.parse(await new Promise((ok) => { let s = ""; process.stdin.on("data", (d) => s += d); process.stdin.on("end", () => ok(s)); }));
const statements = data.statements.map((id, i) => ({ id, area: data.statement_areas[i], competences: data.statement_competences[i] }));
const out = {};
for (const s of statements) {
  // This statement unsure (2), every other one confident (7).
  const answers = Object.fromEntries(statements.map((x) => [x.id, x.id === s.id ? 2 : 7]));
  out[s.id] = recommendCourses(answers, statements, data.courses, { scale: data.scale }).map((r) => r.course.slug);
}
console.log(JSON.stringify(out));
""" % (ROOT / "overrides/assets/js/scoring.js").as_uri()


@pytest.fixture(scope="module")
def per_statement(site_dir, tmp_path_factory):
    node = shutil.which("node")
    if node is None:
        pytest.fail("node saknas (make test behöver Node 20).")
    script = tmp_path_factory.mktemp("recs") / "recs.mjs"
    script.write_text(SCRIPT, encoding="utf-8")
    done = subprocess.run([node, str(script)], input=json.dumps(sa_data(site_dir)),
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_a_low_answer_recommends_a_course_that_teaches_the_statement_s_competence(model, per_statement):
    courses = {c.slug: c for c in model.courses["sv"]}
    for s in model.data.self_assessment.statements:
        recs = per_statement[s.id]
        assert len(recs) == 1, (s.id, recs)  # one unsure statement, one course
        course = courses[recs[0]]
        assert set(course.competences) & set(s.competences), (s.id, course.slug)
        # Best match first: no course shares more of the statement's
        # competences, and none sharing as many fits an unsure answer better.
        shared = {c.slug: len(set(c.competences) & set(s.competences)) for c in courses.values()}
        assert shared[course.slug] == max(shared.values()), (s.id, course.slug)
        rivals = [c for c in courses.values() if shared[c.slug] == shared[course.slug]
                  and c.competences[0] == course.competences[0]]
        assert LEVELS.index(course.level) == min(LEVELS.index(c.level) for c in rivals), (s.id, course.slug)


def test_the_misroutings_named_in_the_issue_are_gone(per_statement):
    # The authority-page statements of area 1 go to the course with the
    # lesson "Myndighetens egen sida", not to source criticism.
    assert per_statement["info-sok"] == ["soka-ratt-information"]
    assert per_statement["info-officiell"] == ["soka-ratt-information"]
    # The AI statement of area 3 reaches the AI course (area 5).
    assert per_statement["skapa-ai"] == ["ai-i-biblioteket"]
    # The video-call statement has its course.
    assert per_statement["komm-videosamtal"] == ["videosamtal-och-vardbesok"]
    assert per_statement["komm-brevlada"] == ["myndighetstjanster"]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_page_carries_competences_for_the_browser(site_dir, model, lang):
    data = sa_data(site_dir, lang)
    assert data["statement_competences"] == [s.competences for s in model.data.self_assessment.statements]
    assert all(c["competences"] for c in data["courses"])
    assert data["group_url"].endswith("grupp/")


# -- in the browser --------------------------------------------------------------------------

def answer(page, model, value_of):
    for s in model.data.self_assessment.statements:
        page.check(f"[data-statement='{s.id}'] input[value='{value_of(s)}']")
    page.click("[data-dfs-self-assessment] button[type=submit]")
    page.locator("[data-dfs-sa-result]:not([hidden])").wait_for()


@pytest.mark.browser
def test_recommendations_come_first_and_name_the_statements(page, model):
    page.goto("sjalvskattning/")
    answer(page, model, lambda s: 1 if s.id == "komm-videosamtal" else 6)
    result = page.locator("[data-dfs-sa-result-body]")
    first = result.locator(":scope > *").first
    assert first.evaluate("e => e.tagName") == "H3" and first.inner_text() == "Börja med de här kurserna"
    items = result.locator(".dfs-recommendations > li")
    assert items.count() == 1
    assert items.first.locator("a").inner_text() == "Videosamtal och digitala vårdbesök"
    assert "Grundläggande" in items.first.inner_text()
    summary = items.first.locator("summary")
    assert summary.inner_text() == "Utifrån 1 påstående"  # singular, not "1 påståenden"
    summary.click()
    assert "videosamtal" in items.first.locator("details li").inner_text()
    # The result's chart and table still follow.
    assert result.locator("svg.dfs-chart").count() == 1 and result.locator("table").count() == 1


@pytest.mark.browser
def test_a_finished_course_is_not_recommended_again(page, model):
    course = next(c for c in model.courses["sv"] if c.slug == "natfiske")
    page.goto("sjalvskattning/")
    low = {"sak-sms", "sak-bedragen"}
    answer(page, model, lambda s: 1 if s.id in low else 7)
    links = page.locator(".dfs-recommendations > li > a")
    assert links.all_inner_texts() == [course.title]
    assert page.locator(".dfs-recommendations summary").inner_text() == "Utifrån 2 påståenden"
    # Finish every lesson of the course (through the page's own buttons), then look again.
    for lesson in course.lessons:
        page.goto(f"kurser/natfiske/{lesson.stem}/")
        page.click("[data-dfs-done] button[aria-pressed='false']")
        page.locator("[data-dfs-done] button[aria-pressed='true']").wait_for()
    page.goto("sjalvskattning/")
    page.locator("[data-dfs-sa-result]:not([hidden])").wait_for()
    shown = page.locator(".dfs-recommendations > li > a").all_inner_texts()
    assert shown and course.title not in shown
    by_title = {c.title: c for c in model.courses["sv"]}
    assert all({"4.2", "1.2"} & set(by_title[t].competences) for t in shown)


@pytest.mark.browser
def test_scale_fits_one_row_and_chart_labels_are_readable_on_a_phone(browser, server, model):
    context = browser.new_context(base_url=server, locale="sv-SE", viewport={"width": 360, "height": 740})
    try:
        page = context.new_page()
        page.goto("sjalvskattning/")
        tops = page.evaluate("""() => [...document.querySelectorAll('.dfs-scale__options')].map(
            (row) => new Set([...row.children].map((o) => Math.round(o.getBoundingClientRect().top))).size)""")
        assert len(tops) == 24 and set(tops) == {1}  # every statement's 1–7 on one row
        small = page.evaluate("""() => [...document.querySelectorAll('.dfs-scale__option')].filter((o) => {
            const r = o.getBoundingClientRect(); return r.width < 24 || r.height < 24; }).length""")
        assert small == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        answer(page, model, lambda s: 3)
        sizes = page.evaluate("""() => [...document.querySelectorAll('svg.dfs-chart text')].map((t) =>
            parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getBoundingClientRect().width
            / t.ownerSVGElement.viewBox.baseVal.width)""")
        assert sizes and min(sizes) >= 12, sizes
    finally:
        context.close()
