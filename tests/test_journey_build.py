"""The reader's journey (issue 21) in the built pages: the contact from
mkdocs.yml wherever a reader needs it (footer, Om projektet, events and their
.ics, the 404 page), knowledge check ids the course can count, the English
layer's menu labels and "in Swedish" marks."""
from __future__ import annotations

import json
import re

import pytest
import yaml
from icalendar import Calendar

from conftest import ROOT
from digitaltforst.build.render import lesson_checks
from digitaltforst.content.quiz import count_blocks
from digitaltforst.content.site import load_site
from test_render import content, page, parse, resolve, page_dir


@pytest.fixture(scope="module")
def model():
    return load_site(ROOT)


@pytest.fixture(scope="module")
def config() -> dict:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"!!python/name:\S+", "null", text).replace("!ENV", "")
    return yaml.safe_load(text)


@pytest.fixture(scope="module")
def contact(config) -> dict:
    return config["extra"]["contact"]


def test_contact_is_set_once_with_a_verified_organisation_address(contact, config):
    assert contact["name"].startswith("Regionbibliotek Västernorrland")
    assert config["extra"]["issuer"] == "Regionbibliotek Västernorrland"
    # Only an organisation-level address, with the page it was verified on.
    assert contact["email"] == "biblioteksutveckling@rvn.se"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "https://www.rvn.se/sv/Utveckling/Kultur-och-bibliotek/regionbibliotek-vasternorrland/" in text
    assert contact["signup"].strip()


@pytest.mark.parametrize("rel", ["index.html", "kurser/natfiske/index.html", "en/index.html",
                                 "om/index.html", "404.html", "en/404.html"])
def test_footer_of_every_kind_of_page_has_the_contact(site_dir, contact, rel):
    html = (site_dir / rel).read_text(encoding="utf-8")
    footer = html[html.index('<footer class="md-footer">'):]
    assert f'href="mailto:{contact["email"]}"' in footer, rel
    assert contact["name"] in footer


def test_404_page_names_whom_to_contact(site_dir, contact):
    for rel, heading in (("404.html", "Kontakt"), ("en/404.html", "Contact")):
        doc = parse(site_dir / rel)
        block = content(doc).one("div", cls="dfs-contact")
        assert block.one("h2").text == heading
        assert block.one("a").get("href") == f"mailto:{contact['email']}"


def test_about_page_has_the_whole_contact(site_dir, contact):
    doc = page(site_dir, "om/index.md")
    body = content(doc)
    heads = [h.text for h in body.find_all("h2")]
    assert heads[-1].startswith("Kontakt")
    block = body.one("div", cls="dfs-contact")
    text = block.text
    assert contact["name"] in text and contact["signup"] in text
    assert block.one("a").get("href") == f"mailto:{contact['email']}"
    for key, label in (("phone", "Telefon"), ("address", "Adress")):
        assert label in text
        if not contact[key]:
            assert "uppgiften saknas ännu" in text  # said, not hidden, until it is filled in


def test_every_upcoming_event_and_its_calendar_file_name_the_contact(site_dir, model, contact):
    doc = page(site_dir, "program/utbildningsdagar.md")
    upcoming = [li for li in content(doc).find_all("li", cls="dfs-event") if li.get("data-dfs-ends")]
    assert len(upcoming) >= 3
    for item in upcoming:
        line = item.one("p", cls="dfs-event__contact")
        assert contact["name"] in line.text
        assert line.one("a").get("href").startswith(f"mailto:{contact['email']}?subject=")
    files = sorted((site_dir / "kalender").glob("*.ics"))
    assert len(files) == len([li for li in upcoming if li.find("p", cls="dfs-event__ics")]) + 1
    for path in files:
        for vevent in Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            organizer = vevent["organizer"]
            assert str(organizer) == f"mailto:{contact['email']}", path.name
            assert organizer.params["CN"] == contact["name"]
            assert contact["email"] in str(vevent["contact"])
            assert contact["email"] in str(vevent["description"])


def test_every_lesson_has_counted_knowledge_checks_with_stable_ids(site_dir, model):
    for course in model.courses["sv"]:
        for lesson in course.lessons:
            ids = lesson_checks(lesson)
            assert ids, lesson.rel
            doc = page(site_dir, lesson.source.base_rel)
            shown = [q.get("data-dfs-quiz") for q in content(doc).find_all("div", cls="dfs-quiz")]
            assert shown == ids, lesson.rel


def test_count_blocks_sees_fences_in_boxes_but_not_other_code():
    body = "```quiz\nq\n```\n\n!!! note\n\n    ```quiz\n    q\n    ```\n\n```text\nquiz\n```\n~~~~quiz\n~~~~\n"
    assert count_blocks(body) == 3


def test_my_courses_and_start_page_carry_the_journey_data(site_dir, model):
    for rel in ("mina-kurser.md", "index.md"):
        doc = page(site_dir, rel)
        data = json.loads(doc.one("script", id="dfs-journey-data").raw_text())
        assert data["issuer"] == "Regionbibliotek Västernorrland"
        assert [c["slug"] for c in data["courses"]] == [c.slug for c in model.courses["sv"]]
        for entry, course in zip(data["courses"], model.courses["sv"]):
            assert entry["goals"] == course.goals
            assert entry["checks"] == [c for x in course.lessons for c in lesson_checks(x)]
            assert [x["id"] for x in entry["lessons"]] == [x.id for x in course.lessons]
            for item, lesson in zip(entry["lessons"], course.lessons):
                assert resolve(page_dir(rel), item["url"]) == page_dir(lesson.source.base_rel)


def test_english_catalogue_marks_swedish_only_courses(site_dir, model):
    doc = page(site_dir, "kurser/index.md", "en")
    for card in doc.find_all("li", cls="dfs-card"):
        course = model.course("en", card.get("data-dfs-course-card"))
        marked = card.find("span", data_dfs_swedish_only=True) is not None
        assert marked is (course.source.lang == "sv"), course.slug
        if marked:
            assert card.one("h3").get("lang") == "sv"
    assert page(site_dir, "kurser/index.md").find("span", data_dfs_swedish_only=True) is None


def test_every_english_menu_label_is_english(site_dir, config):
    translations = next(lang for lang in config["plugins"][1]["i18n"]["languages"]
                        if lang["locale"] == "en")["nav_translations"]
    for rel in ("en/index.html", "en/program/index.html", "en/om/index.html", "en/workshops/index.html"):
        html = (site_dir / rel).read_text(encoding="utf-8")
        primary = html[html.index("md-nav--primary"):html.index("md-sidebar--secondary")]
        # Menu entries only (a page's own headings, nested under it, are its content).
        primary = re.sub(r'<nav class="md-nav md-nav--secondary".*?</nav>', "", primary, flags=re.S)
        labels = {t.strip() for t in re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', primary)}
        assert not labels & set(translations), (rel, labels & set(translations))
        for english in ("Workshops and facilitation", "The programme", "About the project"):
            assert english in labels, (rel, english)
    doc = parse(site_dir / "en/om/index.html")
    h1 = content(doc).one("h1")
    assert h1.text == "About the project" and h1.get("lang") == "en"
