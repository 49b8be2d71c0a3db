"""The content model (scripts/digitaltforst/model.py), the Swedish formatting
helpers and the lesson scaffold.

Small projects in tmp_path check what loading does with valid and broken
front matter; the real courses in docs/kurser are then held to the model's
promises (length, structure, translations, handouts).
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from digitaltforst import cli, l10n as swedish
from digitaltforst.content import scaffold
from digitaltforst.content.findings import ERROR, WARNING
from digitaltforst.content.site import load_site
from digitaltforst.content.vocabulary import AREAS, HANDOUT_KINDS, LEVELS
from digitaltforst.validate.rules import SECTIONS

from contentfixtures import COURSE_INDEX, lesson, write_files

ROOT = Path(__file__).resolve().parent.parent

COURSE = COURSE_INDEX

COURSE_EN = """\
---
title: Test course
description: A short course about fraud.
area: 4
competences: ["4.2"]
level: grundläggande
goals:
  - recognise a fraud.
authors: [Regionbibliotek Västernorrland]
reviewed: 2026-11-25
---

The course has a few lessons.
"""


make = write_files


def base_files() -> dict[str, str]:
    return {
        "docs/index.md": "---\ntitle: Start\n---\n\nVälkommen.\n",
        "docs/kurser/testkurs/index.md": COURSE,
        "docs/kurser/testkurs/01-a.md": lesson("Första", "test-forsta", 20),
        "docs/kurser/testkurs/02-b.md": lesson("Andra", "test-andra", 35),
    }


def load(tmp_path: Path, **changes: str | bytes):
    """Load a small project; keyword arguments replace files (rel with / as __)."""
    files = base_files()
    files.update({k.replace("__", "/"): v for k, v in changes.items()})
    return load_site(make(tmp_path, files))


def only(findings, rule: str):
    hits = [f for f in findings if f.rule == rule]
    assert len(hits) == 1, [(f.rule, f.file, f.line, f.message) for f in findings]
    return hits[0]


def line_in(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# -- loading: the clean case ---------------------------------------------------

def test_clean_project_loads_without_findings(tmp_path):
    site = load(tmp_path)
    assert site.findings == []
    course = site.course("sv", "testkurs")
    assert course is not None
    assert [x.id for x in course.lessons] == ["test-forsta", "test-andra"]
    assert course.total_minutes == 55
    assert course.reviewed == dt.date(2026, 11, 25)
    assert course.license == "CC BY 4.0"  # the default


def test_lessons_load_in_number_order(tmp_path):
    files = base_files()
    del files["docs/kurser/testkurs/02-b.md"]
    files["docs/kurser/testkurs/10-tio.md"] = lesson("Tionde", "test-tio", 15)
    files["docs/kurser/testkurs/03-tre.md"] = lesson("Tredje", "test-tre", 25)
    files["docs/kurser/testkurs/02-tva.md"] = lesson("Andra", "test-tva", 40)
    site = load_site(make(tmp_path, files))
    assert site.findings == []
    course = site.course("sv", "testkurs")
    assert [x.number for x in course.lessons] == [1, 2, 3, 10]
    assert [x.title for x in course.lessons] == ["Första", "Andra", "Tredje", "Tionde"]
    assert course.total_minutes == 20 + 40 + 25 + 15 == sum(x.minutes for x in course.lessons)
    assert [course.lesson_index(x) for x in course.lessons] == [0, 1, 2, 3]


# -- loading: broken front matter -------------------------------------------------

LESSON_A = "docs/kurser/testkurs/01-a.md"
COURSE_REL = "docs/kurser/testkurs/index.md"


def _replace(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


@pytest.mark.parametrize("rel, old, new, rule, key, words", [
    (LESSON_A, "minutes: 20\n", "", "front-matter-missing", None, ["minutes", "saknar"]),
    (LESSON_A, "id: test-forsta\n", "", "front-matter-missing", None, ["id", "saknar"]),
    (COURSE_REL, "reviewed: 2026-11-25\n", "", "front-matter-missing", None, ["reviewed"]),
    (LESSON_A, "minutes: 20", 'minutes: "tjugo"', "front-matter-invalid", "minutes:",
     ["minutes", "heltal", "tjugo"]),
    (LESSON_A, "id: test-forsta", "id: Test Första", "front-matter-invalid", "id:",
     ["id", "små bokstäver"]),
    (LESSON_A, "goals:\n  - förklara vad ett bedrägeri är.", "goals: förklara",
     "front-matter-invalid", "goals:", ["goals", "lista"]),
    (COURSE_REL, "level: grundläggande", "level: medel", "front-matter-invalid", "level:",
     ["level", "grundläggande", "bred", "utvecklad", "medel"]),
    (COURSE_REL, "area: 4", "area: 6", "front-matter-invalid", "area:", ["area", "1–5"]),
    (COURSE_REL, "area: 4", "area: 4.0", "front-matter-invalid", "area:", ["area", "heltal"]),
    (COURSE_REL, 'competences: ["4.2"]', 'competences: ["4.9"]', "front-matter-invalid",
     "competences:", ["competences", "4.9", "DigComp"]),
    (COURSE_REL, 'competences: ["4.2"]', 'competences: ["1.6"]', "front-matter-invalid",
     "competences:", ["1.6"]),
    (COURSE_REL, "reviewed: 2026-11-25", "reviewed: 25 november 2026", "front-matter-invalid",
     "reviewed:", ["reviewed", "ÅÅÅÅ-MM-DD"]),
    (COURSE_REL, "reviewed: 2026-11-25", "reviewed: 2026-11-25 10:00:00",
     "front-matter-invalid", "reviewed:", ["reviewed", "datum"]),
])
def test_invalid_front_matter_gives_swedish_finding_with_line(tmp_path, rel, old, new, rule,
                                                             key, words):
    files = base_files()
    files[rel] = _replace(files[rel], old, new)
    site = load_site(make(tmp_path, files))
    finding = only(site.findings, rule)
    assert finding.severity == ERROR
    assert finding.file == rel
    expected = line_in(files[rel], key) if key else 1
    assert finding.line == expected
    for word in words:
        assert word in finding.message
    # The broken item is left out of the model rather than half-loaded.
    course = site.course("sv", "testkurs")
    if rel == COURSE_REL:
        assert course is None
    else:
        assert [x.id for x in course.lessons] == ["test-andra"]


def test_unknown_key_suggests_the_close_one(tmp_path):
    text = _replace(lesson("Första", "test-forsta"), "minutes: 20\n", "minutes: 20\nminuter: 20\n")
    site = load(tmp_path, **{"docs__kurser__testkurs__01-a.md": text})
    finding = only(site.findings, "front-matter-unknown-key")
    assert finding.severity == WARNING
    assert (finding.file, finding.line) == (LESSON_A, line_in(text, "minuter:"))
    assert "Okänd nyckel `minuter`" in finding.message
    assert "Menade du `minutes`?" in finding.message
    # A warning only: the lesson still loads.
    assert len(site.course("sv", "testkurs").lessons) == 2


def test_unknown_key_without_close_match_lists_known_keys(tmp_path):
    text = _replace(COURSE, "level: grundläggande\n", "level: grundläggande\nfärg: blå\n")
    site = load(tmp_path, **{"docs__kurser__testkurs__index.md": text})
    finding = only(site.findings, "front-matter-unknown-key")
    assert finding.line == line_in(text, "färg:")
    assert "Kända nycklar:" in finding.message and "reviewed" in finding.message


@pytest.mark.parametrize("old, new, needle", [
    ("title: Första", "title: Första: en början", "title:"),  # colon in a plain value
    ("goals:\n  - förklara", "goals:\n\t- förklara", "\t- förklara"),  # tab indentation
    # An unclosed quote is noticed at the end; reported where it opened.
    ("minutes: 20", 'minutes: "20', 'minutes: "20'),
    ("goals:\n  - förklara vad ett bedrägeri är.", "goals:\n  - 'förklara vad ett bedrägeri är.",
     "  - 'förklara"),
])
def test_yaml_syntax_error_reports_the_right_line(tmp_path, old, new, needle):
    text = _replace(lesson("Första", "test-forsta"), old, new)
    site = load(tmp_path, **{"docs__kurser__testkurs__01-a.md": text})
    finding = only(site.findings, "front-matter-yaml")
    assert finding.severity == ERROR and finding.file == LESSON_A
    assert "YAML" in finding.message and "Kontrollera" in finding.message
    assert finding.line == line_in(text, needle)


@pytest.mark.parametrize("content", [
    b"\x00\x01\x02binary",
    "---\ntitle: Första\n".encode("utf-8"),  # front matter never closed
    "---\ntitle: Första\n---\n".encode("latin-1"),  # not UTF-8
    b"---\n---\n\nTomt sidhuvud.\n",
    b"---\n- en\n- lista\n---\n\nText.\n",
    b"---\nreviewed: 2026-02-30\n---\n\nText.\n",
    b"---\ntitle: [\n---\n",
    b"",
    b"\xef\xbb\xbf---\ntitle: Med BOM\nid: test-forsta\nminutes: 5\ngoals: [a]\n---\n",
])
def test_broken_files_never_raise(tmp_path, content):
    site = load(tmp_path, **{"docs__kurser__testkurs__01-a.md": content})
    assert all(f.file and f.message for f in site.findings)
    assert all(f.severity in (ERROR, WARNING) for f in site.findings)
    course = site.course("sv", "testkurs")
    assert course is not None and "test-andra" in [x.id for x in course.lessons]


def test_course_without_index_is_reported(tmp_path):
    files = base_files()
    del files["docs/kurser/testkurs/index.md"]
    site = load_site(make(tmp_path, files))
    finding = only(site.findings, "course-index-missing")
    assert "index.md" in finding.message and site.courses["sv"] == []


def test_lesson_filename_must_be_numbered(tmp_path):
    site = load(tmp_path, **{"docs__kurser__testkurs__tre.md": lesson("Tre", "test-tre")})
    finding = only(site.findings, "lesson-filename")
    assert finding.file == "docs/kurser/testkurs/tre.md" and "NN-namn.md" in finding.message


# -- English ------------------------------------------------------------------------

def test_english_titles_where_translated_swedish_fallback_elsewhere(tmp_path):
    en_lesson = lesson("First", "test-forsta").replace("## Vid disken", "## At the desk")
    site = load(tmp_path, **{"docs__kurser__testkurs__index.en.md": COURSE_EN,
                             "docs__kurser__testkurs__01-a.en.md": en_lesson})
    assert site.findings == []
    sv, en = site.course("sv", "testkurs"), site.course("en", "testkurs")
    assert (sv.title, en.title) == ("Testkurs", "Test course")
    assert en.source.rel == "kurser/testkurs/index.en.md"
    assert [x.title for x in en.lessons] == ["First", "Andra"]
    assert [x.source.lang for x in en.lessons] == ["en", "sv"]
    assert [x.id for x in en.lessons] == [x.id for x in sv.lessons]
    assert [x.title for x in sv.lessons] == ["Första", "Andra"]
    assert en.total_minutes == sv.total_minutes
    assert site.title_of("en", "kurser/testkurs/02-b.md") == "Andra"
    assert site.lesson_by_rel("en", "kurser/testkurs/01-a.en.md")[1].title == "First"


def test_untranslated_course_falls_back_to_swedish(tmp_path):
    site = load(tmp_path)
    en = site.course("en", "testkurs")
    assert en.title == "Testkurs" and en.source.lang == "sv"
    assert [x.title for x in en.lessons] == ["Första", "Andra"]


# -- the real courses ---------------------------------------------------------------

FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")


def body_words(body: str) -> int:
    """Words of prose: no front matter (already cut), no code or quiz fences."""
    kept, fence = [], None
    for line in body.splitlines():
        match = FENCE.match(line)
        if fence is None and match:
            fence = match.group(2)
            continue
        if fence is not None:
            if line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
                fence = None
            continue
        kept.append(line)
    text = re.sub(r"<[^>]+>", " ", "\n".join(kept))
    return len(re.findall(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", text))


def test_body_words_skips_fences():
    body = "Ett två tre.\n\n```quiz\nquestion: Fyra fem?\n```\n\n~~~\nkod kod\n~~~\nsex\n"
    assert body_words(body) == 4


@pytest.fixture(scope="module")
def real_site():
    return load_site(ROOT)


def test_real_content_loads_without_findings(real_site):
    assert [(f.file, f.line, f.message) for f in real_site.findings] == []


def test_real_catalogue_size_and_coverage(real_site):
    courses = real_site.courses["sv"]
    assert len(courses) >= 8
    assert sum(len(c.lessons) for c in courses) >= 32
    assert {c.area for c in courses} == set(AREAS)
    assert {c.level for c in courses} <= set(LEVELS)
    folders = sorted(p.name for p in (ROOT / "docs" / "kurser").iterdir() if p.is_dir())
    assert sorted(c.slug for c in courses) == folders  # every folder is a course
    ids = [x.id for c in courses for x in c.lessons]
    assert len(ids) == len(set(ids))


def test_real_courses_each_have_lessons_and_a_quiz(real_site):
    for course in real_site.courses["sv"]:
        assert course.lessons, course.slug
        assert [x.number for x in course.lessons] == sorted(x.number for x in course.lessons)
        assert course.total_minutes == sum(x.minutes for x in course.lessons)
        assert any(re.search(r"^\s*```+\s*quiz\b", x.source.body, re.M) for x in course.lessons), \
            f"{course.slug}: ingen kunskapskoll (```quiz) i någon lektion"


def _h2(body: str) -> list[str]:
    out, fence = [], False
    for line in body.splitlines():
        if FENCE.match(line):
            fence = not fence
        elif not fence and line.startswith("## "):
            out.append(line[3:].strip())
    return out


def test_real_lessons_are_long_enough_and_structured(real_site):
    short, broken = [], []
    for lang in ("sv", "en"):
        names = SECTIONS[lang]
        for course in real_site.courses[lang]:
            for x in course.lessons:
                if x.source.lang != lang:
                    continue  # a Swedish fallback: checked as Swedish
                words = body_words(x.source.body)
                if words < 500:
                    short.append((x.rel, words))
                h2 = _h2(x.source.body)
                ok = (h2 and h2[0] == names["desk"]
                      and any(h.startswith(names["exercise"]) for h in h2)
                      and names["reflection"] in h2 and names["summary"] in h2)
                if not ok:
                    broken.append((x.rel, h2))
    assert short == [], "lektioner med färre än 500 ord"
    assert broken == [], "lektioner som saknar obligatoriska avsnitt"


def test_at_least_two_courses_fully_translated(real_site):
    full = [c.slug for c in real_site.courses["en"]
            if c.source.lang == "en" and all(x.source.lang == "en" for x in c.lessons)]
    assert len(full) >= 2, full
    for slug in full:
        sv, en = real_site.course("sv", slug), real_site.course("en", slug)
        assert [x.id for x in en.lessons] == [x.id for x in sv.lessons]
        assert [x.minutes for x in en.lessons] == [x.minutes for x in sv.lessons]
        assert en.title != sv.title


def test_real_handouts(real_site):
    handouts = real_site.handouts["sv"]
    assert len(handouts) >= 6
    assert {h.kind for h in handouts} == set(HANDOUT_KINDS)
    slugs = {c.slug for c in real_site.courses["sv"]}
    for h in handouts:
        assert h.course in slugs, h.rel
        if h.lesson:
            assert h.lesson in real_site.lesson_ids(), h.rel


# -- Swedish formatting ---------------------------------------------------------------

def test_format_date():
    assert swedish.format_date(dt.date(2026, 5, 12)) == "12 maj 2026"
    assert swedish.format_date(dt.date(2026, 5, 12), weekday=True) == "tisdag 12 maj 2026"
    assert swedish.format_date(dt.date(2027, 1, 3)) == "3 januari 2027"
    assert swedish.format_date(dt.date(2026, 5, 12), "en", weekday=True) == "Tuesday 12 May 2026"


@pytest.mark.parametrize("minutes, text", [
    (75, "1 h 15 min"), (45, "45 min"), (60, "1 h"), (135, "2 h 15 min"), (120, "2 h"),
    (5, "5 min"),
])
def test_format_minutes(minutes, text):
    assert swedish.format_minutes(minutes) == text


def test_lessons_word():
    assert swedish.counted("sv", "lessons_count", 1) == "1 lektion"
    assert swedish.counted("sv", "lessons_count", 4) == "4 lektioner"
    assert swedish.counted("en", "lessons_count", 4) == "4 lessons"


# -- the scaffold ---------------------------------------------------------------------

@pytest.fixture()
def project_copy(tmp_path) -> Path:
    root = tmp_path / "projekt"
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "overrides", root / "overrides")  # MkDocs checks the theme folder
    return root


def test_new_lesson_scaffold(project_copy):
    from digitaltforst.build.settings import load
    from digitaltforst.validate.main import validate

    before = load_site(project_copy)
    course = before.course("sv", "natfiske")
    last = max(x.number for x in course.lessons)
    path = scaffold.new_lesson(project_copy, "natfiske", "Falska fakturor")
    assert path.parent == project_copy / "docs" / "kurser" / "natfiske"
    assert path.name == f"{last + 1:02d}-falska-fakturor.md"

    again = scaffold.new_lesson(project_copy, "natfiske", "Falska fakturor")
    assert again.name == f"{last + 2:02d}-falska-fakturor.md"

    after = load_site(project_copy)
    lessons = after.course("sv", "natfiske").lessons
    assert [x.number for x in lessons][-2:] == [last + 1, last + 2]
    ids = [x.id for c in after.courses["sv"] for x in c.lessons]
    assert len(ids) == len(set(ids))
    assert lessons[-1].id != lessons[-2].id
    assert lessons[-2].title == "Falska fakturor"

    findings = validate(project_copy, load(project_copy))
    created = {p.relative_to(project_copy).as_posix() for p in (path, again)}
    errors = [(f.file, f.rule) for f in findings if f.file in created and f.severity == ERROR]
    # The only thing left for the author: the sources the lesson builds on.
    assert sorted(errors) == sorted((rel, "lesson-sources") for rel in created)
    assert not [f for f in findings if f.severity == ERROR and f.file not in created]


@pytest.mark.parametrize("title, expected", [
    ("Bluff: falska fakturor", "Bluff – falska fakturor"),
    ('"Vinst" i lotteriet', '"Vinst" i lotteriet'),
    ("Sms #2 om paket", "Sms #2 om paket"),
    ("1177", "1177"),
])
def test_new_lesson_title_survives_yaml(project_copy, title, expected):
    path = scaffold.new_lesson(project_copy, "losenord", title)
    site = load_site(project_copy)
    assert not [f for f in site.findings if f.file.endswith(path.name)]
    lesson_ = site.lesson_by_rel("sv", path.relative_to(project_copy / "docs").as_posix())[1]
    assert lesson_.title == expected


def test_new_lesson_unknown_course(project_copy):
    with pytest.raises(ValueError) as exc:
        scaffold.new_lesson(project_copy, "finns-inte", "Något")
    message = str(exc.value)
    assert "finns-inte" in message and "finns inte" in message and "natfiske" in message
    assert not (project_copy / "docs" / "kurser" / "finns-inte").exists()


def test_new_lesson_cli_main(project_copy, capsys):
    assert cli.main(["new-lesson", "natfiske", "Ny lektion", "--root", str(project_copy)]) == 0
    assert "Skapade docs/kurser/natfiske/" in capsys.readouterr().out
    assert cli.main(["new-lesson", "natfiske", "  ", "--root", str(project_copy)]) == 2
