"""The validator (scripts/validate.py): every rule, its near misses, the output
formats, exit codes and robustness against broken files.

Each test starts from a small project in tmp_path that validates with no
findings at all, changes one thing and expects exactly the finding that
change causes.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from digitaltforst import spelling
from digitaltforst.findings import ERROR, WARNING
from digitaltforst.validate import validate

ROOT = Path(__file__).resolve().parent.parent

INDEX = "docs/index.md"
COURSE = "docs/kurser/testkurs/index.md"
LESSON_A = "docs/kurser/testkurs/01-a.md"
LESSON_B = "docs/kurser/testkurs/02-b.md"
HANDOUT = "docs/workshops/testkurs-deltagarblad.md"
IMAGE = "docs/kurser/testkurs/bilder/bild.svg"
EVENTS = "data/evenemang.yml"
STATEMENTS = "data/sjalvskattning.yml"

PAGE_INDEX = """\
---
title: Startsida
description: En sida om kursen.
---

Välkommen till kursen.

Läs [den första lektionen](kurser/testkurs/01-a.md).
"""

PAGE_COURSE = """\
---
title: Testkurs
description: En kort kurs om bedrägerier.
area: 4
competences: ["4.2"]
level: grundläggande
goals:
  - känna igen ett bedrägeri.
authors: [Regionbibliotek Västernorrland]
reviewed: 2026-11-25
---

Kursen har två lektioner.
"""


def lesson(title: str, lesson_id: str) -> str:
    return f"""\
---
title: {title}
id: {lesson_id}
minutes: 20
goals:
  - förklara vad ett bedrägeri är.
---

## Vid disken

En besökare kommer till disken med mobilen i handen.

## Övning: Prova själv

1. Läs meddelandet tillsammans.

## Reflektionsfrågor

1. Vad gör du om besökaren är stressad?

## Sammanfattning

- Ta det lugnt och läs noga.
"""


PAGE_HANDOUT = """\
---
title: "Deltagarblad: Testkurs"
kind: deltagarblad
course: testkurs
lesson: testkurs-forsta
minutes: 30
group_size: 4
---

Öva i par.
"""

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>\n'

DATA_EVENTS = """\
events:
  - id: 2027-01-21-harnosand-workshop
    kind: workshop
    title: "Workshop om bedrägerier"
    date: 2027-01-21
    start: "13:00"
    end: "15:00"
    place: Härnösands bibliotek
    library: Härnösands bibliotek
    municipality: Härnösand
    topic: "Vi går igenom kursen."
    course: testkurs
    handout: workshops/testkurs-deltagarblad.md
  - id: 2019-11-ange-filialbesok
    kind: filialbesok
    title: "Filialbesök i Ånge"
    month: 2019-11
    place: Ånge bibliotek
    library: Ånge bibliotek
    municipality: Ånge
    topic: "Ett besök."
"""


def _statements() -> str:
    lines = ["scale:", "  min: 1", "  max: 7", "areas:"]
    lines += [f"  - area: {a}\n    interpretation:\n      low: Låg\n      mid: Mellan\n"
              f"      high: Hög" for a in range(1, 6)]
    lines.append("statements:")
    for area in range(1, 6):
        for n in (1, 2):
            lines += [f"  - id: omrade-{area}-{n}", f"    area: {area}",
                      f"    text: Jag kan hjälpa en besökare {n}."]
    return "\n".join(lines) + "\n"


DATA_STATEMENTS = _statements()

FILES = {
    "mkdocs.yml": (ROOT / "mkdocs.yml").read_text(encoding="utf-8"),
    INDEX: PAGE_INDEX,
    COURSE: PAGE_COURSE,
    LESSON_A: lesson("Första lektionen", "testkurs-forsta"),
    LESSON_B: lesson("Andra lektionen", "testkurs-andra"),
    HANDOUT: PAGE_HANDOUT,
    IMAGE: SVG,
    EVENTS: DATA_EVENTS,
    STATEMENTS: DATA_STATEMENTS,
}


# -- helpers ------------------------------------------------------------------

def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def read(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8")


def edit(root: Path, rel: str, old: str, new: str) -> None:
    text = read(root, rel)
    assert text.count(old) == 1, f"{old!r} ska finnas exakt en gång i {rel}"
    write(root, rel, text.replace(old, new))


def append(root: Path, rel: str, text: str) -> None:
    write(root, rel, read(root, rel) + text)


def line_of(root: Path, rel: str, needle: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8", errors="replace").splitlines()
    hits = [i for i, line in enumerate(lines, 1) if needle in line]
    assert len(hits) == 1, f"{needle!r} ska finnas på exakt en rad i {rel}"
    return hits[0]


def summary_of(findings) -> list[tuple]:
    return [(f.rule, f.severity, f.file, f.line) for f in findings]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "scripts/validate.py", *args], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=60)


@pytest.fixture(scope="session", autouse=True)
def hunspell_sv():
    """Spelling is part of the contract: never skip it silently in CI."""
    if not spelling.available():
        message = "hunspell med sv_SE saknas (installera hunspell och hunspell-sv-se)."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("mall")
    for rel, text in FILES.items():
        write(root, rel, text)
    return root


@pytest.fixture()
def project(template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the minimal valid project."""
    root = tmp_path / "projekt"
    shutil.copytree(template, root)
    return root


# -- the clean project ------------------------------------------------------------

def test_clean_fixture_has_no_findings(project):
    assert summary_of(validate(project)) == []


# -- one change, one finding: every rule ----------------------------------------

EN_LESSON_A = lesson("The first lesson", "testkurs-forsta").replace(
    "## Vid disken", "## At the desk").replace("## Övning: Prova själv", "## Exercise: Try it").replace(
    "## Reflektionsfrågor", "## Reflection questions").replace("## Sammanfattning", "## Summary")

QUIZ_OK = """
```quiz
question: Vad gör du först?
options:
  - text: Läser meddelandet noga.
    correct: true
    explanation: Rätt.
  - text: Klickar på länken.
    explanation: Fel.
```
"""
QUIZ_TWO_RIGHT = QUIZ_OK.replace("explanation: Fel.", "correct: true\n    explanation: Fel.")

EVENT_LINE = 2  # first event in DATA_EVENTS
MONTH_EVENT_LINE = 14  # second event (month only)


def add(rel: str, text: str):
    """A trigger that appends a paragraph to a page."""
    return lambda root: append(root, rel, "\n" + text + "\n")


def new(rel: str, text: str | bytes):
    return lambda root: write(root, rel, text)


def change(rel: str, old: str, replacement: str):
    return lambda root: edit(root, rel, old, replacement)


def both(*steps):
    def run(root: Path) -> None:
        for step in steps:
            step(root)
    return run


def broken_symlink(rel: str):
    def run(root: Path) -> None:
        (root / rel).symlink_to(root / "docs" / "finns-inte.md")
    return run


def large_image(root: Path) -> None:
    write(root, "docs/kurser/testkurs/bilder/stor.png", b"\x89PNG" + b"\x01" * (600 * 1024))


def git_history(translation_later: bool, repo_at_parent: bool = False):
    """Commit everything, then change the Swedish index (and maybe its translation)."""
    def run(root: Path) -> None:
        write(root, "docs/index.en.md", "---\ntitle: Home\n---\n\nWelcome.\n")
        repo = root.parent if repo_at_parent else root
        stamp = [1_700_000_000]

        def git(*args: str) -> None:
            date = f"@{stamp[0]} +0000"
            env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
                   "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
                   "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org",
                   "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
            subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

        git("init", "-q")
        git("add", "-A")
        git("commit", "-q", "-m", "Första versionen")
        stamp[0] += 3600
        edit(root, INDEX, "Välkommen till kursen.", "Välkommen till den nya kursen.")
        git("commit", "-q", "-am", "Ändra källan")
        if translation_later:
            stamp[0] += 3600
            edit(root, "docs/index.en.md", "Welcome.", "Welcome to the new course.")
            git("commit", "-q", "-am", "Uppdatera översättningen")
    return run


class Case:
    def __init__(self, rule: str, trigger, file: str, line, severity: str = ERROR,
                 message: str = "", id: str | None = None):
        self.rule, self.trigger, self.file, self.line = rule, trigger, file, line
        self.severity, self.message = severity, message
        self.id = id or rule


CASES = [
    # links
    Case("link-empty", add(INDEX, "Se [lektionen]()."), INDEX, "[lektionen]()"),
    Case("link-absolute", add(INDEX, "Se [kursen](/kurser/testkurs/)."), INDEX, "(/kurser/"),
    Case("link-outside-docs", add(INDEX, "Se [licensen](../LICENSE)."), INDEX, "../LICENSE"),
    Case("link-case", add(INDEX, "Se [lektionen](kurser/testkurs/01-A.md)."), INDEX, "01-A.md",
         message="`kurser/testkurs/01-a.md`"),
    Case("link-html-extension", add(INDEX, "Se [lektionen](kurser/testkurs/02-b.html)."), INDEX,
         "02-b.html", message="`kurser/testkurs/02-b.md`"),
    Case("link-missing", add(INDEX, "Se [lektionen](kurser/testkurs/01-aa.md)."), INDEX, "01-aa.md",
         message="Menade du `kurser/testkurs/01-a.md`?"),
    Case("link-missing", add(LESSON_A, "![Ett diagram](bilder/bld.svg)"), LESSON_A, "bld.svg",
         message="Menade du `bilder/bild.svg`?", id="link-missing-image"),
    Case("link-anchor-missing", add(INDEX, "Se [disken](kurser/testkurs/01-a.md#vid-diskn)."),
         INDEX, "#vid-diskn", message="Menade du `vid-disken`?"),
    Case("link-anchor-missing", add(LESSON_A, "Se [ovan](#sammanfatning)."), LESSON_A,
         "#sammanfatning", message="Menade du `sammanfattning`?", id="link-anchor-missing-self"),
    Case("link-anchor-translation",
         both(new("docs/kurser/testkurs/01-a.en.md", EN_LESSON_A),
              add(INDEX, "Se [disken](kurser/testkurs/01-a.md#vid-disken).")),
         INDEX, "#vid-disken", message="01-a.en.md"),
    Case("link-undefined-reference", add(INDEX, "Se [lektionen][lektion-a]."), INDEX,
         "[lektion-a]"),
    Case("link-text", add(INDEX, "Läs mer [här](kurser/testkurs/02-b.md)."), INDEX, "[här]",
         WARNING),
    Case("link-text", add(INDEX, '<a href="kurser/testkurs/02-b.md">Klicka här</a>'), INDEX,
         "Klicka här", WARNING, id="link-text-html"),
    Case("link-http", add(INDEX, "Se [Polisen](http://polisen.se/)."), INDEX, "http://", WARNING),
    # images
    Case("image-alt", add(LESSON_A, "![](bilder/bild.svg)"), LESSON_A, "![](bilder"),
    Case("image-alt", add(LESSON_A, '<img src="bilder/bild.svg">'), LESSON_A, "<img",
         id="image-alt-html"),
    Case("image-too-large", both(large_image, add(LESSON_A, "![Ett foto](bilder/stor.png)")),
         LESSON_A, "stor.png", WARNING),
    # headings
    Case("heading-h1", add(LESSON_A, "# Rubrik"), LESSON_A, "# Rubrik"),
    Case("heading-h1", new("docs/om.md", "Text om kursen.\n"), "docs/om.md", 1,
         id="heading-h1-no-title"),
    Case("heading-h1", new("docs/om.md", "# Om\n\nText.\n\n# Mer\n"), "docs/om.md", "# Mer",
         id="heading-h1-two"),
    Case("heading-h1", new("docs/om.md", ""), "docs/om.md", 1, message="tom",
         id="heading-h1-empty-file"),
    Case("heading-skip", add(LESSON_A, "#### Detalj"), LESSON_A, "#### Detalj"),
    Case("heading-empty", add(INDEX, "##"), INDEX, 10),
    # courses and lessons
    Case("course-index-missing", new("docs/kurser/annan/01-a.md", lesson("Första", "annan-a")),
         "docs/kurser/annan/index.md", None),
    Case("course-no-lessons", new("docs/kurser/annan/index.md", PAGE_COURSE),
         "docs/kurser/annan/index.md", 1),
    Case("lesson-number-duplicate", new("docs/kurser/testkurs/02-c.md", lesson("Tredje", "testkurs-c")),
         "docs/kurser/testkurs/02-c.md", None),
    Case("lesson-number-gap", new("docs/kurser/testkurs/04-d.md", lesson("Fjärde", "testkurs-d")),
         "docs/kurser/testkurs/04-d.md", None, message="borde ha 03"),
    Case("lesson-id-duplicate", change(LESSON_B, "id: testkurs-andra", "id: testkurs-forsta"),
         LESSON_B, "id: testkurs-forsta"),
    Case("lesson-filename", new("docs/kurser/testkurs/extra.md", "---\ntitle: Extra\n---\n\nText.\n"),
         "docs/kurser/testkurs/extra.md", None),
    Case("lesson-section", change(LESSON_B, "## Sammanfattning\n\n- Ta det lugnt och läs noga.\n", ""),
         LESSON_B, None, message="## Sammanfattning"),
    Case("lesson-section", change(LESSON_B, "## Vid disken", "## Vid kassan"), LESSON_B, 8,
         message="## Vid disken", id="lesson-section-desk-first"),
    Case("lesson-section-order",
         change(LESSON_B, "## Reflektionsfrågor\n\n1. Vad gör du om besökaren är stressad?\n\n"
                          "## Sammanfattning\n\n- Ta det lugnt och läs noga.\n",
                "## Sammanfattning\n\n- Ta det lugnt och läs noga.\n\n"
                "## Reflektionsfrågor\n\n1. Vad gör du om besökaren är stressad?\n"),
         LESSON_B, None),
    Case("handout-course", change(HANDOUT, "course: testkurs", "course: testkurss"), HANDOUT,
         "course:", message="Menade du `testkurs`?"),
    Case("handout-lesson", change(HANDOUT, "lesson: testkurs-forsta", "lesson: testkurs-forst"),
         HANDOUT, "lesson:", message="Menade du `testkurs-forsta`?"),
    # translations
    Case("translation-orphan", new("docs/om.en.md", "---\ntitle: About\n---\n\nText.\n"),
         "docs/om.en.md", None),
    Case("translation-outdated", git_history(translation_later=False), "docs/index.en.md", None,
         WARNING),
    Case("translation-outdated", git_history(translation_later=False, repo_at_parent=True),
         "docs/index.en.md", None, WARNING, id="translation-outdated-subfolder-repo"),
    # unsafe HTML
    Case("unsafe-script", add(INDEX, "<script>var x = 1;</script>"), INDEX, "<script>"),
    Case("unsafe-event-handler", add(INDEX, '<span onclick="visa()">Tryck</span>'), INDEX,
         "onclick"),
    Case("unsafe-javascript-url", add(INDEX, "[Tryck](javascript:visa())"), INDEX, "javascript:"),
    Case("unsafe-javascript-url", add(INDEX, '<a href="javascript:visa()">Tryck på knappen</a>'),
         INDEX, "javascript:", id="unsafe-javascript-url-html"),
    Case("unsafe-iframe",
         add(INDEX, '<iframe src="https://www.youtube.com/embed/abc" title="Film"></iframe>'),
         INDEX, "<iframe", message="www.youtube.com"),
    Case("quiz-invalid", add(LESSON_A, QUIZ_TWO_RIGHT), LESSON_A, "```quiz", message="2 rätta svar"),
    # front matter
    Case("front-matter-yaml", change(INDEX, "title: Startsida", "title: Start: sida"), INDEX, 2),
    Case("front-matter-yaml", change(LESSON_A, "title: Första lektionen", "title: Första: lektion"),
         LESSON_A, 2, id="front-matter-yaml-lesson"),
    Case("front-matter-yaml", change(HANDOUT, "kind: deltagarblad", "kind: [deltagarblad"),
         HANDOUT, None, id="front-matter-yaml-handout"),
    Case("front-matter-missing", change(LESSON_A, "minutes: 20\n", ""), LESSON_A, 1,
         message="`minutes`"),
    Case("front-matter-missing", change(COURSE, "level: grundläggande\n", ""), COURSE, 1,
         message="`level`", id="front-matter-missing-course"),
    Case("front-matter-invalid", change(LESSON_A, "minutes: 20", "minutes: tjugo"), LESSON_A,
         "minutes:"),
    Case("front-matter-invalid", change(COURSE, "area: 4", "area: 7"), COURSE, "area:",
         id="front-matter-invalid-course"),
    Case("front-matter-unknown-key", change(INDEX, "description:", "descripton:"), INDEX,
         "descripton:", WARNING, message="Menade du `description`?"),
    # files
    Case("file-not-text", new("docs/om.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00"), "docs/om.md", None),
    Case("file-encoding", new("docs/om.md", "---\ntitle: Om\n---\n\nHär är text.\n".encode("latin-1")),
         "docs/om.md", 5),
    Case("file-unreadable", broken_symlink("docs/om.md"), "docs/om.md", None),
    # data files
    Case("data-yaml", change(EVENTS, 'topic: "Vi går igenom kursen."', "topic: Vi går: igenom"),
         EVENTS, "Vi går: igenom"),
    Case("data-schema", change(EVENTS, "    place: Härnösands bibliotek\n", ""), EVENTS, EVENT_LINE),
    Case("data-schema", change(STATEMENTS, "  - id: omrade-5-2\n    area: 5\n", "  - id: omrade-5-2\n    area: 1\n"),
         STATEMENTS, None, WARNING, message="Område 5", id="data-schema-too-few-statements"),
    Case("data-duplicate-id", change(EVENTS, "id: 2019-11-ange-filialbesok",
                                     "id: 2027-01-21-harnosand-workshop"), EVENTS, MONTH_EVENT_LINE),
    Case("data-duplicate-id", change(STATEMENTS, "id: omrade-3-2", "id: omrade-3-1"), STATEMENTS,
         "id: omrade-3-2" and 0, id="data-duplicate-id-statement"),
    Case("data-bad-date", change(EVENTS, "date: 2027-01-21", 'date: "2027-02-30"'), EVENTS, EVENT_LINE),
    Case("data-bad-date", change(EVENTS, "month: 2019-11", "month: 2019-13"), EVENTS,
         MONTH_EVENT_LINE, id="data-bad-date-month"),
    Case("data-bad-time", change(EVENTS, 'end: "15:00"', 'end: "12:00"'), EVENTS, EVENT_LINE),
    Case("data-bad-time", change(EVENTS, 'start: "13:00"', 'start: "kl 13"'), EVENTS, EVENT_LINE,
         id="data-bad-time-format"),
    Case("data-unknown-municipality", change(EVENTS, "municipality: Ånge", "municipality: Stockholm"),
         EVENTS, MONTH_EVENT_LINE),
    Case("data-dangling-reference", change(EVENTS, "course: testkurs", "course: testkurss"), EVENTS,
         EVENT_LINE),
    Case("data-dangling-reference", change(EVENTS, "handout: workshops/testkurs-deltagarblad.md",
                                           "handout: workshops/testkurs.md"), EVENTS, EVENT_LINE,
         id="data-dangling-reference-handout"),
    Case("data-unreadable", new(STATEMENTS, DATA_STATEMENTS.replace("Jag kan hjälpa en besökare 1.",
                                                                    "Jag kan hjälpa en besökare 1.", 1)
                                .encode("latin-1")), STATEMENTS, None),
    # spelling
    Case("spelling", add(INDEX, "Det här är ett stavfell."), INDEX, "stavfell", WARNING,
         message='"stavfell"'),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_triggers_exactly_one_finding(project, case):
    case.trigger(project)
    found = validate(project)
    line = line_of(project, case.file, case.line) if isinstance(case.line, str) else case.line
    assert summary_of(found) == [(case.rule, case.severity, case.file, line)], \
        "\n".join(f"{f.file}:{f.line}: {f.rule}: {f.message}" for f in found)
    assert case.message in found[0].message
