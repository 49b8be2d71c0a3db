"""What the build renders from the content model: the catalogue, course and
lesson pages, quizzes, English pages, the self-assessment and "Mina kurser".

Most tests read the real built site/ and compare it with the model loaded
from docs/; one small two-course project is built to check that lesson
navigation never crosses a course boundary.
"""
from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, build_project
from contentfixtures import QUIZ, in_english, lesson as lesson_page
from digitaltforst import l10n as swedish
from digitaltforst.content.paths import LANGS
from digitaltforst.content.site import load_site
from digitaltforst.content.vocabulary import AREAS as AREA_KEYS, LEVELS
from digitaltforst.l10n import label

AREAS = {lang: {a: label(lang, "area", a) for a in AREA_KEYS} for lang in LANGS}
LEVEL_LABELS = {lang: {v: label(lang, "level", v) for v in LEVELS} for lang in LANGS}

# -- a small HTML tree (the standard library only) ------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: "Node | None"):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def get(self, name: str, default=None):
        value = self.attrs.get(name, default)
        return "" if value is None and name in self.attrs else value

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str | bool):
        out = []
        for node in self.iter():
            if node is self or (tag and node.tag != tag) or (cls and cls not in node.classes):
                continue
            ok = True
            for name, value in attrs.items():
                name = name.rstrip("_").replace("_", "-")
                if value is True:
                    ok = ok and name in node.attrs
                elif value is False:
                    ok = ok and name not in node.attrs
                else:
                    ok = ok and node.get(name) == value
            if ok:
                out.append(node)
        return out

    def find(self, tag: str | None = None, cls: str | None = None, **attrs):
        found = self.find_all(tag, cls, **attrs)
        return found[0] if found else None

    def one(self, tag: str | None = None, cls: str | None = None, **attrs) -> "Node":
        found = self.find_all(tag, cls, **attrs)
        assert len(found) == 1, f"{len(found)} träffar för {tag}.{cls} {attrs}"
        return found[0]

    def child(self, tag: str) -> "Node":
        """The first direct child with this tag."""
        return next(c for c in self.children if isinstance(c, Node) and c.tag == tag)

    def raw_text(self) -> str:
        return "".join(c if isinstance(c, str) else c.raw_text() for c in self.children)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", self.raw_text()).strip()

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, dict(attrs), self.stack[-1]))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


_PAGES: dict[Path, Node] = {}


def parse(path: Path) -> Node:
    if path not in _PAGES:
        builder = TreeBuilder()
        builder.feed(path.read_text(encoding="utf-8"))
        builder.close()
        _PAGES[path] = builder.root
    return _PAGES[path]


# -- the site and the model ------------------------------------------------------------

@pytest.fixture(scope="module")
def model():
    return load_site(ROOT)


def page_dir(base_rel: str, lang: str = "sv") -> str:
    """The built folder of a docs/ page, relative to the site root ('' for the start)."""
    stem = base_rel[:-3]
    stem = stem[: -len("index")] if stem.endswith("index") else stem + "/"
    return ("" if lang == "sv" else f"{lang}/") + stem


def page(site: Path, base_rel: str, lang: str = "sv") -> Node:
    return parse(site / page_dir(base_rel, lang) / "index.html")


def resolve(from_dir: str, href: str) -> str:
    """The site-relative folder an href on a page in ``from_dir`` points at."""
    href = href.split("#", 1)[0]
    target = posixpath.normpath(posixpath.join(from_dir or ".", href or "."))
    return "" if target == "." else target.rstrip("/") + "/"


def content(doc: Node) -> Node:
    return doc.one("article", cls="md-content__inner")


# -- the catalogue ------------------------------------------------------------------

def test_catalogue_groups_courses_by_area(site_dir, model):
    doc = page(site_dir, "kurser/index.md")
    sections = doc.find_all("section", cls="dfs-area")
    assert [s.get("data-dfs-area") for s in sections] == ["1", "2", "3", "4", "5"]
    for section, (area, name) in zip(sections, AREAS["sv"].items()):
        assert section.one("h2").text == f"{area}. {name}"
        expected = [c.slug for c in model.courses["sv"] if c.area == area]
        cards = section.find_all("li", cls="dfs-card")
        assert [c.get("data-dfs-course-card") for c in cards] == expected
        assert all(c.get("data-area") == str(area) for c in cards)
    assert len(doc.find_all("li", cls="dfs-card")) == len(model.courses["sv"])


def _menu_links(menu: Node) -> list[tuple[str, str]]:
    """(label, href) of every menu entry, without the page's own headings."""
    toc = set(id(n) for nav in menu.find_all("nav", cls="md-nav--secondary") for n in nav.iter())
    return [(a.text, a.get("href")) for a in menu.find_all("a", cls="md-nav__link")
            if id(a) not in toc]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_course_and_lesson_menus_list_only_their_course_and_all_courses(site_dir, model, lang):
    """A course page and its lessons: Kurser > "Alla kurser", this course > its
    lessons; no other course, no area list. Other pages keep Kurser > areas."""
    all_courses = swedish.t(lang, "nav_all_courses")
    for course in model.courses[lang]:
        for source in (course.source, course.lessons[0].source, course.lessons[-1].source):
            here = page_dir(source.base_rel, lang)
            menu = page(site_dir, source.base_rel, lang).one("nav", cls="md-nav--primary")
            links = _menu_links(menu)
            labels = [label for label, _ in links]
            assert all_courses in labels, (here, labels)
            href = dict(links)[all_courses]
            assert resolve(here, href) == page_dir("kurser/index.md", lang), (here, href)
            assert [x.title for x in course.lessons] == \
                [label for label, _ in links if label in {x.title for x in course.lessons}]
            assert course.title in labels
            for other in model.courses[lang]:
                if other.slug != course.slug:
                    assert other.title not in labels, (here, other.slug)
            assert not set(AREAS[lang].values()) & set(labels), (here, labels)
            active = [li.find("span", cls="md-ellipsis").text
                      for li in menu.find_all("li", cls="md-nav__item--active")]
            assert active[-1] == (course.title if source is course.source else
                                  next(x.title for x in course.lessons if x.source is source))
    doc = page(site_dir, "kurser/index.md", lang)
    labels = [label for label, _ in _menu_links(doc.one("nav", cls="md-nav--primary"))]
    assert set(AREAS[lang].values()) <= set(labels) and all_courses not in labels


def test_catalogue_cards_show_level_time_lessons_description(site_dir, model):
    doc = page(site_dir, "kurser/index.md")
    here = page_dir("kurser/index.md")
    for course in model.courses["sv"]:
        card = doc.one("li", cls="dfs-card", data_dfs_course_card=course.slug)
        link = card.one("h3").one("a")
        assert link.text == course.title
        assert resolve(here, link.get("href")) == page_dir(course.source.base_rel)
        assert card.one("p", cls="dfs-card__desc").text == course.description.strip()
        badges = [b.text for b in card.one("p", cls="dfs-card__facts").find_all(cls="dfs-badge")]
        assert badges == [LEVEL_LABELS["sv"][course.level],
                          swedish.format_minutes(course.total_minutes),
                          f"{len(course.lessons)} lektioner"]
        assert re.fullmatch(r"(\d+ h( \d+ min)?|\d+ min)", badges[1])
        assert card.get("data-dfs-lessons").split() == [x.id for x in course.lessons]
    # The hours-and-minutes style really occurs.
    assert any(" h " in swedish.format_minutes(c.total_minutes) for c in model.courses["sv"])


# -- course pages ---------------------------------------------------------------------

def test_course_pages(site_dir, model):
    for course in model.courses["sv"]:
        here = page_dir(course.source.base_rel)
        main = content(page(site_dir, course.source.base_rel))
        box = main.one("div", cls="dfs-course")
        badges = [li.text for li in main.one("div", cls="dfs-course-header")
                  .one("ul", cls="dfs-badges").find_all("li")]
        assert badges == [
            f"Kompetensområde {course.area}: {AREAS['sv'][course.area]}",
            f"Nivå: {LEVEL_LABELS['sv'][course.level]}",
            f"Total tid: {swedish.format_minutes(course.total_minutes)}",
            f"{len(course.lessons)} lektioner",
        ], course.slug
        goals_heading = box.one("h2", id="malen")
        assert goals_heading.text == "Efter kursen kan du"
        goals_list = box.children[box.children.index(goals_heading) + 1:]
        goals_ul = next(c for c in goals_list if isinstance(c, Node) and c.tag == "ul")
        assert [li.text for li in goals_ul.find_all("li")] == [g.strip() for g in course.goals]

        items = box.one("ol", cls="dfs-lesson-list").find_all("li")
        assert [li.get("data-dfs-lesson-item") for li in items] == [x.id for x in course.lessons]
        for li, lesson in zip(items, course.lessons):
            link = li.one("a")
            assert link.text == lesson.title
            assert resolve(here, link.get("href")) == page_dir(lesson.source.base_rel)
            assert li.one("span", cls="dfs-muted").text == f"({swedish.format_minutes(lesson.minutes)})"

        start = [a for a in box.find_all("a") if a.text == "Börja kursen"]
        assert len(start) == 1
        assert resolve(here, start[0].get("href")) == page_dir(course.lessons[0].source.base_rel)
        facts = box.one("p", cls="dfs-course__facts")
        assert facts.one("time").text == swedish.format_date(course.reviewed)


# -- lesson pages ---------------------------------------------------------------------

def _lesson_nav(doc: Node) -> Node:
    return content(doc).one("nav", cls="dfs-lesson-nav")


def test_lesson_pages_header_and_navigation(site_dir, model):
    for course in model.courses["sv"]:
        total = len(course.lessons)
        course_dir = page_dir(course.source.base_rel)
        for i, lesson in enumerate(course.lessons):
            here = page_dir(lesson.source.base_rel)
            doc = page(site_dir, lesson.source.base_rel)
            meta = content(doc).one("div", cls="dfs-lesson-meta")
            assert meta.get("data-dfs-lesson") == lesson.id
            where = meta.one("p", cls="dfs-lesson-meta__where")
            assert where.one("span", cls="dfs-badge").text == f"Lektion {i + 1} av {total}"
            course_link = where.one("a")
            assert course_link.text == course.title
            assert resolve(here, course_link.get("href")) == course_dir
            facts = meta.one("p", cls="dfs-lesson-meta__facts").text
            assert f"Tid: {swedish.format_minutes(lesson.minutes)}" in facts
            assert f"Senast granskad: {swedish.format_date(course.reviewed)}" in facts
            assert re.search(r"Senast granskad: \d{1,2} (januari|februari|mars|april|maj|juni|juli|"
                             r"augusti|september|oktober|november|december) \d{4}", facts)
            goals = meta.one("div", cls="dfs-goals")
            assert "Efter lektionen kan du" in goals.text
            assert [li.text for li in goals.find_all("li")] == [g.strip() for g in lesson.goals]

            nav = _lesson_nav(doc)
            prev, nxt = nav.find(cls="dfs-lesson-nav__prev"), nav.find(cls="dfs-lesson-nav__next")
            if i == 0:
                assert prev is None, lesson.rel
            else:
                assert "Föregående lektion" in prev.text
                assert course.lessons[i - 1].title in prev.text
                assert resolve(here, prev.get("href")) == \
                    page_dir(course.lessons[i - 1].source.base_rel)
            if i == total - 1:
                assert nxt is None, lesson.rel
                assert nav.find(cls="dfs-lesson-nav__end") is not None
            else:
                assert "Nästa lektion" in nxt.text
                assert resolve(here, nxt.get("href")) == \
                    page_dir(course.lessons[i + 1].source.base_rel)
            for a in nav.find_all("a"):  # the lesson's own navigation stays in the course
                if i == total - 1 and a in nav.one(cls="dfs-lesson-nav__end").find_all("a"):
                    # ... except the last lesson's way to the kursbevis (issue 21)
                    assert resolve(here, a.get("href")) == "mina-kurser/"
                    assert a.get("href").endswith(f"#kursbevis-{course.slug}")
                    continue
                assert resolve(here, a.get("href")).startswith(course_dir), (lesson.rel, a.attrs)


# -- quizzes --------------------------------------------------------------------------

def _check_quiz(box: Node, lang: str) -> None:
    fieldset = box.one("fieldset")
    legend = fieldset.one("legend")
    assert legend.one("span", cls="dfs-quiz__label").text == \
        ("Kunskapskoll" if lang == "sv" else "Knowledge check")
    radios = fieldset.find_all("input", type="radio")
    assert len(radios) >= 2
    assert [r.get("data-correct") for r in radios].count("true") == 1
    assert {r.get("data-correct") for r in radios} <= {"true", "false"}
    assert len({r.get("name") for r in radios}) == 1
    for radio in radios:
        assert fieldset.one("label", for_=radio.get("id")).text
    details = box.one("details", cls="dfs-quiz__answers")
    assert details.one("summary").text
    answers = details.find_all("li")
    assert len(answers) == len(radios)
    right = "Rätt svar:" if lang == "sv" else "Right answer:"
    marked = [i for i, li in enumerate(answers) if li.text.startswith(right)]
    correct = [i for i, r in enumerate(radios) if r.get("data-correct") == "true"]
    assert marked == correct
    # The check button is hidden until JavaScript shows it.
    assert "hidden" in box.one("button", data_dfs_quiz_check=True).attrs


def test_quizzes_render_as_fieldsets_with_answers_in_details(site_dir, model):
    seen = 0
    for lang in ("sv", "en"):
        for course in model.courses[lang]:
            for lesson in course.lessons:
                fences = len(re.findall(r"^\s*```+\s*quiz\b", lesson.source.body, re.M))
                doc = page(site_dir, lesson.source.base_rel, lang)
                boxes = content(doc).find_all("div", cls="dfs-quiz")
                assert len(boxes) == fences, lesson.rel
                assert len({b.get("id") for b in boxes}) == len(boxes)
                for box in boxes:
                    _check_quiz(box, lang)
                seen += len(boxes)
    assert seen >= len(model.courses["sv"]) * 2  # every course, both languages
    assert not content(page(site_dir, "kurser/natfiske/02-vanliga-bedragerier.md")).find(
        cls="failure")  # no quiz error box


# -- English ------------------------------------------------------------------------

def test_english_translated_lesson(site_dir, model):
    course = model.course("en", "natfiske")
    assert course.source.lang == "en"
    lesson = course.lessons[1]
    doc = page(site_dir, lesson.source.base_rel, "en")
    assert doc.one("html").get("lang") == "en"
    here = page_dir(lesson.source.base_rel, "en")
    meta = content(doc).one("div", cls="dfs-lesson-meta")
    assert meta.one("span", cls="dfs-badge").text == f"Lesson 2 of {len(course.lessons)}"
    link = meta.one("p", cls="dfs-lesson-meta__where").one("a")
    assert link.text == course.title
    assert resolve(here, link.get("href")) == page_dir(course.source.base_rel, "en")
    facts = meta.one("p", cls="dfs-lesson-meta__facts").text
    assert f"Time: {swedish.format_minutes(lesson.minutes)}" in facts
    assert f"Last reviewed: {swedish.format_date(course.reviewed, 'en')}" in facts
    assert "After this lesson you can" in meta.text
    nav = _lesson_nav(doc)
    assert "Previous lesson" in nav.one(cls="dfs-lesson-nav__prev").text
    assert "Next lesson" in nav.one(cls="dfs-lesson-nav__next").text
    assert content(doc).one("h1").text == lesson.title
    assert content(doc).find(cls="dfs-fallback") is None
    assert "Lektion" not in meta.text and "Senast granskad" not in meta.text


def test_english_course_page(site_dir, model):
    course = model.course("en", "natfiske")
    main = content(page(site_dir, course.source.base_rel, "en"))
    box = main.one("div", cls="dfs-course")
    badges = [li.text for li in main.one("div", cls="dfs-course-header")
              .one("ul", cls="dfs-badges").find_all("li")]
    assert badges[0] == f"Competence area {course.area}: {AREAS['en'][course.area]}"
    assert badges[1] == f"Level: {LEVEL_LABELS['en'][course.level]}"
    assert badges[3] == f"{len(course.lessons)} lessons"
    assert [a.text for a in box.find_all("a") if a.text == "Start the course"]


def test_untranslated_pages_in_english_show_the_fallback_notice(site_dir, model):
    fallback = [c for c in model.courses["en"] if c.source.lang == "sv"]
    assert fallback
    for course in fallback:
        doc = page(site_dir, course.source.base_rel, "en")
        note = content(doc).one(cls="dfs-fallback")
        assert "not been translated into English" in note.text
        box = content(doc).one("div", cls="dfs-course")
        assert "Start the course" in box.text and "Börja kursen" not in box.text
        lesson = course.lessons[0]
        lesson_doc = page(site_dir, lesson.source.base_rel, "en")
        assert content(lesson_doc).find(cls="dfs-fallback") is not None
        assert f"Lesson 1 of {len(course.lessons)}" in content(lesson_doc).one(
            "div", cls="dfs-lesson-meta").text
    # Translated pages carry no notice.
    for course in model.courses["en"]:
        if course.source.lang == "en":
            assert content(page(site_dir, course.source.base_rel, "en")).find(
                cls="dfs-fallback") is None


def test_english_catalogue_uses_english_area_names(site_dir, model):
    doc = page(site_dir, "kurser/index.md", "en")
    heads = [s.one("h2").text for s in doc.find_all("section", cls="dfs-area")]
    assert heads == [f"{a}. {n}" for a, n in AREAS["en"].items()]
    titles = {c.get("data-dfs-course-card"): c.one("h3").text
              for c in doc.find_all("li", cls="dfs-card")}
    assert titles == {c.slug: c.title for c in model.courses["en"]}


# -- self-assessment and my courses ---------------------------------------------------

@pytest.mark.parametrize("lang", ["sv", "en"])
def test_self_assessment_form(site_dir, model, lang):
    sa = model.data.self_assessment
    doc = page(site_dir, "sjalvskattning/index.md", lang)
    form = content(doc).one("form", cls="dfs-sa")
    areas = [f for f in form.find_all("fieldset", cls="dfs-sa__area")]
    assert len(areas) == 5
    assert [a.child("legend").one("h2").text for a in areas] == \
        [f"{n}. {name}" for n, name in AREAS[lang].items()]
    statements = form.find_all("fieldset", cls="dfs-sa__item")
    assert len(statements) == len(sa.statements) == 24
    for area in areas:
        for item in area.find_all("fieldset", cls="dfs-sa__item"):
            assert next(a for a in item.ancestors() if "dfs-sa__area" in a.classes) is area
    for item, statement in zip(statements, sa.statements):
        assert item.get("data-statement") == statement.id
        assert item.child("legend").text
        radios = item.find_all("input", type="radio")
        assert len(radios) == 7
        assert [r.get("value") for r in radios] == [str(v) for v in range(1, 8)]
        assert {r.get("name") for r in radios} == {statement.id}
    assert form.one("button", type="submit")
    data = json.loads(doc.one("script", id="dfs-sa-data").raw_text())
    assert data["statements"] == [s.id for s in sa.statements]
    assert data["scale"] == [1, 7]
    assert [c["slug"] for c in data["courses"]] == [c.slug for c in model.courses[lang]]
    assert set(data["areas"]) == {str(a) for a in AREAS[lang]}


def test_my_courses_page(site_dir, model):
    doc = page(site_dir, "mina-kurser.md")
    box = content(doc).one("div", data_dfs_my_courses=True)
    assert box.one("div", data_dfs_my_body=True) is not None
    assert "JavaScript" in box.one("noscript").raw_text()
    data = json.loads(doc.one("script", id="dfs-courses-data").raw_text())
    assert [c["slug"] for c in data["courses"]] == [c.slug for c in model.courses["sv"]]
    for entry, course in zip(data["courses"], model.courses["sv"]):
        assert entry["lessons"] == [x.id for x in course.lessons]
        assert entry["minutes"] == course.total_minutes
        assert resolve(page_dir("mina-kurser.md"), entry["url"]) == page_dir(course.source.base_rel)


# -- a small two-course build: navigation never crosses a course ----------------------

def _course(title: str, area: int) -> str:
    return f"""\
---
title: {title}
description: En kurs för att prova navigeringen.
area: {area}
competences: ["{area}.1"]
level: grundläggande
goals:
  - prova navigeringen.
authors: [Testbiblioteket]
reviewed: 2026-05-12
---

Kursen har några lektioner.
"""


def _lesson(title: str, lesson_id: str, minutes: int, quiz: bool = False) -> str:
    return lesson_page(title, lesson_id, minutes, extra=QUIZ if quiz else "")


TWO_COURSES = {
    "index.md": "---\ntitle: Start\n---\n\nTill [kurserna](kurser/index.md).\n",
    "kurser/index.md": "---\ntitle: Kurskatalog\n---\n\nAlla kurser.\n",
    "kurser/alfa/index.md": _course("Alfakursen", 4),
    "kurser/alfa/01-ett.md": _lesson("Alfa ett", "alfa-ett", 45, quiz=True),
    "kurser/alfa/02-tva.md": _lesson("Alfa två", "alfa-tva", 45),
    "kurser/alfa/03-tre.md": _lesson("Alfa tre", "alfa-tre", 45),
    "kurser/alfa/index.en.md": _course("Alpha course", 4).replace(
        "Kursen har några lektioner.", "The course has a few lessons."),
    "kurser/alfa/01-ett.en.md": in_english(_lesson("Alpha one", "alfa-ett", 45)),
    "kurser/beta/index.md": _course("Betakursen", 1),
    "kurser/beta/01-ett.md": _lesson("Beta ett", "beta-ett", 20),
    "kurser/beta/02-tva.md": _lesson("Beta två", "beta-tva", 25),
}


@pytest.fixture(scope="module")
def two_courses(tmp_path_factory) -> Path:
    return build_project(tmp_path_factory.mktemp("tva-kurser"), TWO_COURSES)


LESSONS = {"alfa": ["01-ett", "02-tva", "03-tre"], "beta": ["01-ett", "02-tva"]}


def _all_nav_links(doc: Node) -> dict[str, list[str]]:
    """Every previous/next link a reader or browser can follow from a page."""
    links = {"prev": [], "next": []}
    nav = _lesson_nav(doc)
    for key, cls in (("prev", "dfs-lesson-nav__prev"), ("next", "dfs-lesson-nav__next")):
        links[key] += [a.get("href") for a in nav.find_all("a", cls=cls)]
        links[key] += [a.get("href") for a in doc.find_all("a", cls=f"md-footer__link--{key}")]
        links[key] += [x.get("href") for x in doc.find_all("link", rel=key)]
    return links


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_prev_next_never_cross_the_course_boundary(two_courses, lang):
    prefix = "" if lang == "sv" else "en/"
    for slug, stems in LESSONS.items():
        course_dir = f"{prefix}kurser/{slug}/"
        for i, stem in enumerate(stems):
            here = f"{course_dir}{stem}/"
            doc = parse(two_courses / here / "index.html")
            links = _all_nav_links(doc)
            for href in links["prev"] + links["next"]:
                assert resolve(here, href).startswith(course_dir), (here, href)
            nav = _lesson_nav(doc)
            if i == 0:
                assert nav.find(cls="dfs-lesson-nav__prev") is None
            else:
                assert resolve(here, nav.one(cls="dfs-lesson-nav__prev").get("href")) == \
                    f"{course_dir}{stems[i - 1]}/"
            if i == len(stems) - 1:
                assert links["next"] == [], (here, links["next"])
                assert nav.find(cls="dfs-lesson-nav__end") is not None
            else:
                assert resolve(here, nav.one(cls="dfs-lesson-nav__next").get("href")) == \
                    f"{course_dir}{stems[i + 1]}/"
            badge = content(doc).one("div", cls="dfs-lesson-meta").one("span", cls="dfs-badge")
            word = "Lektion" if lang == "sv" else "Lesson"
            of = "av" if lang == "sv" else "of"
            assert badge.text == f"{word} {i + 1} {of} {len(stems)}"


def test_small_build_catalogue_and_pages(two_courses):
    doc = parse(two_courses / "kurser" / "index.html")
    sections = doc.find_all("section", cls="dfs-area")
    assert len(sections) == 5
    cards = {c.get("data-dfs-course-card"): c for c in doc.find_all("li", cls="dfs-card")}
    assert set(cards) == {"alfa", "beta"}
    assert cards["alfa"].one("p", cls="dfs-card__facts").text == "Grundläggande 2 h 15 min 3 lektioner"
    assert cards["beta"].one("p", cls="dfs-card__facts").text == "Grundläggande 45 min 2 lektioner"
    empty = [s for s in sections if not s.find_all("li", cls="dfs-card")]
    assert [s.get("data-dfs-area") for s in empty] == ["2", "3", "5"]
    assert all("Inga kurser i det här området ännu." in s.text for s in empty)

    lesson = parse(two_courses / "kurser" / "alfa" / "01-ett" / "index.html")
    meta = content(lesson).one("div", cls="dfs-lesson-meta")
    # The lesson's own review date (contentfixtures: 2026-11-25), not the course's.
    assert "Senast granskad: 25 november 2026" in meta.text and "Tid: 45 min" in meta.text
    _check_quiz(content(lesson).one("div", cls="dfs-quiz"), "sv")

    en = parse(two_courses / "en" / "kurser" / "alfa" / "02-tva" / "index.html")
    assert content(en).find(cls="dfs-fallback") is not None  # not translated
    en_meta = content(en).one("div", cls="dfs-lesson-meta")
    assert "Lesson 2 of 3" in en_meta.text and "Last reviewed: 25 November 2026" in en_meta.text
    assert en_meta.one("p", cls="dfs-lesson-meta__where").one("a").text == "Alpha course"
    prev = _lesson_nav(en).one(cls="dfs-lesson-nav__prev")
    assert "Alpha one" in prev.text  # the translated neighbour's English title


def test_built_pages_keep_code_blocks_verbatim_and_drop_indentation(site_dir):
    """Material's indentation is gone; <pre> keeps its line breaks and spaces."""
    from digitaltforst.build.plugin import squeeze_whitespace

    html = "<ul>\n    <li>\n      A\n    </li>\n</ul>\n<pre><code>docs/\n    kurser/\n</code></pre>\n  <TEXTAREA>\n  x</TEXTAREA>"
    assert squeeze_whitespace(html) == ("<ul>\n<li>\nA\n</li>\n</ul>\n<pre><code>docs/\n    kurser/\n"
                                        "</code></pre>\n<TEXTAREA>\n  x</TEXTAREA>")
    built = (site_dir / "skriv-kursmaterial" / "index.html").read_text(encoding="utf-8")
    assert "\n  " not in re.sub(r"<pre\b.*?</pre>", "", built, flags=re.S)
    source = (ROOT / "docs" / "skriv-kursmaterial.md").read_text(encoding="utf-8")
    tree_line = next(line for line in source.splitlines() if "└── natfiske/" in line)
    assert tree_line in built  # leading spaces and all (nothing in it needs escaping)
