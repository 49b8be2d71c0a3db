"""The validator and the trainer's kit: a handout that refers to a handout or
template that does not exist is an error; so is a participant sheet whose
time does not add up with its lessons' own, or that names no guide."""
from __future__ import annotations

from test_validate import (HANDOUT, append, edit, fast_spelling, project, summary_of,  # noqa: F401
                           template, validate, write)

GUIDE = "docs/workshops/gruppworkshop-handledarguide.md"
TEMPLATE = "docs/workshops/fusklapp-mall.md"
GUIDE_PAGE = """\
---
title: "Handledarguide: Gruppworkshop"
kind: handledarguide
course: testkurs
minutes: 60
group_size: 4
---

Grupperna läser lektionen tillsammans.
"""
TEMPLATE_PAGE = """\
---
title: "Mall: Fusklapp"
kind: mall
course: testkurs
minutes: 15
group_size: 4
---

| Situation | Så gör vi |
|---|---|
| | |
"""


def _rules(root) -> list[tuple]:
    return [(rule, line) for rule, _severity, _file, line in summary_of(validate(root))]


def _with_guide(root, guide_text: str) -> None:
    """The guide, and the fixture's sheet led by it (its one 20-minute lesson)."""
    write(root, GUIDE, guide_text)
    append(root, HANDOUT, "\nPasset leds med [Handledarguide: Gruppworkshop]"
                          "(gruppworkshop-handledarguide.md).\n")
    edit(root, HANDOUT, "minutes: 30", "minutes: 20")


def test_guide_naming_a_template_that_does_not_exist(project):
    _with_guide(project, GUIDE_PAGE + "\n- Skriv ut en tom mall för fusklappen.\n")
    assert _rules(project) == [("handout-template-missing", 11)]
    # With the template page, and a link to it on the same line, all is well.
    write(project, TEMPLATE, TEMPLATE_PAGE)
    edit(project, GUIDE, "en tom mall för fusklappen.", "[Mall: Fusklapp](fusklapp-mall.md).")
    assert _rules(project) == []
    # A link to a page that is not a template does not count.
    edit(project, GUIDE, "[Mall: Fusklapp](fusklapp-mall.md).",
         "mallen för fusklappen från [deltagarbladet](testkurs-deltagarblad.md).")
    assert _rules(project) == [("handout-template-missing", 11)]


def test_handout_naming_a_handout_that_does_not_exist(project):
    _with_guide(project, GUIDE_PAGE + "\nDela ut Deltagarblad: Lösenord till alla.\n")
    assert _rules(project) == [("handout-ref-missing", 11)]
    edit(project, GUIDE, "Deltagarblad: Lösenord", "Deltagarblad: Testkurs")
    assert _rules(project) == []


def test_participant_sheet_times_and_guide(project):
    write(project, GUIDE, GUIDE_PAGE)
    # A sheet that names no guide, while the site has guides.
    assert _rules(project) == [("handout-guide-missing", None)]
    # Named, the guide runs the sheet's lessons: its time is theirs (one 20-minute lesson).
    append(project, HANDOUT, "\nPasset leds med [Handledarguide: Gruppworkshop]"
                             "(gruppworkshop-handledarguide.md).\n")
    assert _rules(project) == [("handout-minutes", 6)]
    edit(project, HANDOUT, "minutes: 30", "minutes: 20")
    assert _rules(project) == []
    # "Bladet används med lektionerna …" adds the lessons it links.
    append(project, HANDOUT, "\nBladet används med lektionerna [Första lektionen]"
                             "(../kurser/testkurs/01-a.md) och [Andra lektionen]"
                             "(../kurser/testkurs/02-b.md), sammanlagt 40 minuter.\n")
    assert _rules(project) == [("handout-minutes", 6)]
    edit(project, HANDOUT, "minutes: 20", "minutes: 40")
    assert _rules(project) == []
