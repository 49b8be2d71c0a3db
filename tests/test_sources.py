"""Sources, reviews and error reports: what a reader and an editor see.

Every lesson page ends with its sources; the print page and the course PDF
carry them; "Rapportera ett fel" opens a prefilled issue in the repository
and "Redigera sidan" the file, in both languages, loading nothing until a
click; the editors' page lists every lesson, the oldest review first.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from pypdf import PdfReader

from conftest import ROOT, production_url
from digitaltforst.content.paths import page_path, pdf_path, print_page_path
from digitaltforst.content.site import load_site
from test_render import content, parse

MODEL = load_site(ROOT)
REPO = "https://github.com/regionbibliotek-vasternorrland/digitalt-forst"
HEADING = {"sv": ("kallor", "Källor"), "en": ("sources", "Sources")}


def own_lessons():
    """(lang, course, lesson) for every lesson file in its own language."""
    for lang, courses in MODEL.courses.items():
        for course in courses:
            for lesson in course.lessons:
                if lesson.source.lang == lang:
                    yield lang, course, lesson


LESSONS = list(own_lessons())


def test_every_lesson_cites_at_least_two_https_sources():
    assert LESSONS
    for lang, _course, lesson in LESSONS:
        assert len(lesson.sources) >= 2, lesson.rel
        assert all(s["url"].startswith("https://") for s in lesson.sources), lesson.rel


@pytest.mark.parametrize("lang, course, lesson", LESSONS,
                         ids=[f"{lang}:{lesson.source.rel}" for lang, _, lesson in LESSONS])
def test_lesson_page_ends_with_its_sources(site_dir, lang, course, lesson):
    doc = content(parse(site_dir / page_path(lesson.source.base_rel, lang) / "index.html"))
    anchor, text = HEADING[lang]
    heading = next(h for h in doc.find_all("h2") if h.get("id") == anchor)
    assert heading.text.startswith(text)
    items = doc.one("ul", cls="dfs-sources").find_all("li")
    assert [(li.one("a").get("href"), li.one("a").text) for li in items] == \
        [(s["url"], s["title"]) for s in lesson.sources]
    assert [li.one("time").get("datetime") for li in items] == \
        [s["checked"].isoformat() for s in lesson.sources]
    # The sources are the last section: nothing but the report link and the
    # lesson navigation come after them.
    h2s = [h.get("id") for h in doc.find_all("h2")]
    assert h2s[-1] == anchor


def test_course_print_page_and_pdf_carry_the_sources(site_dir):
    course = MODEL.course("sv", "natfiske")
    page = (site_dir / print_page_path(course.source.base_rel, "sv") / "index.html").read_text()
    for lesson in course.lessons:
        for source in lesson.sources:
            assert f'href="{source["url"]}"' in page.replace("&amp;", "&")
    text = " ".join(p.extract_text() for p in
                    PdfReader(site_dir / pdf_path(course.source.base_rel, "sv")).pages)
    flat = re.sub(r"\s+", " ", text)
    assert flat.count("Källor") >= len(course.lessons)
    for lesson in course.lessons:
        title = re.sub(r"\s+", " ", lesson.sources[0]["title"])
        assert title in flat, f"{title!r} saknas i kursens pdf"


def _report_and_edit(page, path: str):
    page.goto(path)
    report = page.get_by_role("link", name=re.compile("^(Rapportera ett fel|Report an error)$"))
    edit = page.locator('a.md-content__button[rel="edit"]')
    return report.get_attribute("href"), edit.get_attribute("href")


@pytest.mark.browser
@pytest.mark.parametrize("lang, base_rel, title", [
    ("sv", "kurser/natfiske/03-kontrollera-meddelanden.md",
     MODEL.title_of("sv", "kurser/natfiske/03-kontrollera-meddelanden.md")),
    ("en", "kurser/natfiske/03-kontrollera-meddelanden.md",
     MODEL.title_of("en", "kurser/natfiske/03-kontrollera-meddelanden.md")),
    ("sv", "workshops/natfiske-deltagarblad.md", MODEL.title_of("sv", "workshops/natfiske-deltagarblad.md")),
], ids=["lesson-sv", "lesson-en", "handout-sv"])
def test_report_and_edit_links_point_to_the_repository(page, lang, base_rel, title):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    path = page_path(base_rel, lang)
    report, edit = _report_and_edit(page, path)
    # Nothing is loaded from GitHub until the reader clicks.
    assert not [u for u in requests if "github" in u], requests
    parts = urlsplit(report)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO}/issues/new"
    query = parse_qs(parts.query)
    assert title in query["title"][0]
    assert production_url() + path in query["body"][0]  # the page's address under the subpath
    source = base_rel if lang == "sv" else base_rel[:-3] + f".{lang}.md"
    assert edit == f"{REPO}/edit/main/docs/{source}"
    # A click opens exactly that address (answered here: the network is closed).
    opened: list[str] = []
    page.context.route(f"{REPO}/**", lambda route: (opened.append(route.request.url),
                                                    route.fulfill(body="ok")))
    page.get_by_role("link", name=re.compile("^(Rapportera ett fel|Report an error)$")).click()
    page.wait_for_url(f"{REPO}/issues/new**")
    assert opened == [report]


def test_editors_page_lists_every_lesson_oldest_review_first(site_dir):
    doc = content(parse(site_dir / "granskning" / "index.html"))
    rows = doc.one("table").one("tbody").find_all("tr")
    assert len(rows) == len(LESSONS)
    dates = [row.find_all("td")[3].one("time").get("datetime") for row in rows]
    assert dates == sorted(dates)
    links = {row.one("a").get("href") for row in rows}
    assert len(links) == len(LESSONS)


def test_editors_page_is_linked_from_the_author_guide_not_the_menu(site_dir):
    guide = (site_dir / "skriv-kursmaterial" / "index.html").read_text()
    assert 'href="../granskning/"' in guide
    for name in ("index.html", "kurser/index.html",
                 page_path(LESSONS[0][2].source.base_rel, "sv") + "index.html"):
        assert "granskning/" not in (site_dir / name).read_text(), name
