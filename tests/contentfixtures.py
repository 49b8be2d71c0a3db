"""Small content fixtures shared by the model, validator and event tests."""
from __future__ import annotations

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


def lesson(title: str, lesson_id: str, minutes: int = 20) -> str:
    """A lesson with every required section, in Swedish, spelled right."""
    return f"""\
---
title: {title}
id: {lesson_id}
minutes: {minutes}
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
