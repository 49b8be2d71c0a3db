"""A participant sheet's session, from its lessons' own times.

A deltagarblad names the lessons it is used with: its `lesson:`, and the
lessons linked in its sentence "Bladet används med lektionerna …, sammanlagt
N minuter" (links elsewhere on the sheet are further reading).
The session is those lessons in course order, each with its own `minutes`;
the sheet's `minutes` must be their sum (the validator checks it), so the
times on paper add up with the lessons'.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .site import Course, Handout, Lesson


USED_WITH = re.compile(r"(?:Bladet används med|The sheet is used with) .*?(?:minut|minute)")


@dataclass(frozen=True)
class Step:
    lesson: Lesson
    number: int  # the lesson's number in its course
    minutes: int


def lessons(handout: Handout, course: Course | None) -> list[tuple[int, Lesson]]:
    """(number, lesson) for each lesson the sheet names, in course order."""
    if handout.kind != "deltagarblad" or course is None:
        return []
    used = USED_WITH.search(handout.source.text)
    linked = set(re.findall(rf"\(\.\./kurser/{re.escape(course.slug)}/(\d\d-[\w-]+)\.md[)#]",
                            used.group(0))) if used else set()
    return [(n, x) for n, x in enumerate(course.lessons, 1)
            if x.id == handout.lesson or x.stem in linked]


def steps(handout: Handout, course: Course | None) -> list[Step]:
    return [Step(x, n, x.minutes) for n, x in lessons(handout, course)]


def total(handout: Handout, course: Course | None) -> int | None:
    """The named lessons' minutes together; None when the sheet names none."""
    found = steps(handout, course)
    return sum(s.minutes for s in found) if found else None
