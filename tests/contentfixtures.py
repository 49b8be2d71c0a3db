"""Small content fixtures shared by the model, validator, render and event tests."""
from __future__ import annotations

from pathlib import Path

COURSE_INDEX = """\
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

Kursen har några lektioner.
"""


def lesson(title: str, lesson_id: str, minutes: int = 20, extra: str = "") -> str:
    """A lesson with every required section, in Swedish, spelled right;
    ``extra`` (e.g. a quiz) goes after the exercise."""
    return f"""\
---
title: {title}
id: {lesson_id}
minutes: {minutes}
goals:
  - förklara vad ett bedrägeri är.
reviewed: 2026-11-25
sources:
  - title: Polisen om bedrägerier
    url: https://polisen.se/utsatt-for-brott/olika-typer-av-brott/bedragerier/
    checked: 2026-11-25
  - title: Konsumentverket om bedrägerier
    url: https://www.konsumentverket.se/bedrageri/
    checked: 2026-11-25
---

## Vid disken

En besökare kommer till disken med mobilen i handen.

## Övning: Prova själv

1. Läs meddelandet tillsammans.
{extra}
## Reflektionsfrågor

1. Vad gör du om besökaren är stressad?

## Sammanfattning

- Ta det lugnt och läs noga.
"""


def in_english(swedish_lesson: str) -> str:
    """The lesson's required headings in English (a translation's structure)."""
    return swedish_lesson.replace("## Vid disken", "## At the desk").replace(
        "## Övning: Prova själv", "## Exercise: Try it").replace(
        "## Reflektionsfrågor", "## Reflection questions").replace("## Sammanfattning", "## Summary")


QUIZ = """
```quiz
question: Vad gör du först?
options:
  - text: Läser meddelandet noga.
    correct: true
    explanation: Rätt, börja alltid där.
  - text: Klickar på länken.
    explanation: Nej, länken kan leda till en falsk sida.
```
"""

HANDOUT = """\
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


def write_file(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, text in files.items():
        write_file(root, rel, text)
    return root
