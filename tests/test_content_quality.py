"""Content that reads as written for its place: no passage copied between
courses, no "Så gjorde vi" case opening the same way again and again.

Measured on the Swedish lessons: a passage is ten words in a row; link texts,
link targets, code and quiz blocks and text inside quotation marks (quoted
definitions, the law's wording) are left out, since quoting the same
definition in two courses is right.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from conftest import ROOT
from digitaltforst.content.site import load_site

WINDOW = 10
OPENING_WORDS = 6
BREAK = "|"  # stands where something was left out: no passage spans it


def words(body: str) -> list[str]:
    text = re.sub(r"```.*?```", f" {BREAK} ", body, flags=re.S)
    text = re.sub(r"`[^`\n]*`", f" {BREAK} ", text)
    text = re.sub(r"!?\[[^\]]*\]\([^)]*\)", f" {BREAK} ", text)
    text = re.sub(r"https?://\S+", f" {BREAK} ", text)
    text = re.sub(r"[”\"][^”\"\n]{3,300}[”\"]", f" {BREAK} ", text)
    text = re.sub(r"^#+ .*$", f" {BREAK} ", text, flags=re.M)  # headings are shared by design
    return re.findall(rf"[^\W_]+|\{BREAK}", text.lower())


def shared_passages(lessons) -> dict[str, set[str]]:
    """Ten-word passages that occur in lessons of more than one course;
    ``lessons`` are (course slug, file, Markdown body)."""
    seen: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for slug, rel, body in lessons:
        w = words(body)
        for i in range(len(w) - WINDOW + 1):
            gram = w[i:i + WINDOW]
            if BREAK not in gram:
                seen[" ".join(gram)].add((slug, rel))
    return {gram: {rel for _, rel in where} for gram, where in seen.items()
            if len({slug for slug, _ in where}) > 1}


def real_lessons():
    return [(course.slug, lesson.source.rel, lesson.source.body)
            for course in load_site(ROOT).courses["sv"] for lesson in course.lessons]


def test_the_measure_finds_a_copied_passage():
    """The measure itself: a sentence copied into a second course is found;
    the same sentence quoted, or as a link's text, is not; within one course it may recur."""
    sentence = "Be alltid besökaren att själv skriva in koden på sin egen mobil i lugn och ro."
    assert shared_passages([("a", "a/01.md", sentence), ("b", "b/01.md", f"Text. {sentence}")])
    assert not shared_passages([("a", "a/01.md", sentence), ("b", "b/01.md", f"Hon sa ”{sentence}”")])
    assert not shared_passages([("a", "a/01.md", sentence), ("b", "b/01.md", f"[{sentence}](x.md)")])
    assert not shared_passages([("a", "a/01.md", sentence), ("a", "a/02.md", sentence)])


def test_no_passage_is_copied_between_courses():
    shared = shared_passages(real_lessons())
    report = "\n".join(f"  {gram!r}: {sorted(rels)}" for gram, rels in sorted(shared.items()))
    assert not shared, f"{len(shared)} tioordsavsnitt finns i lektioner i flera kurser:\n{report}"


def test_no_case_opens_like_more_than_one_other():
    openings: Counter[str] = Counter()
    where: dict[str, list[str]] = defaultdict(list)
    for course in load_site(ROOT).courses["sv"]:
        for lesson in course.lessons:
            match = re.search(r"^## Så gjorde vi[ \t]*\n+(.+)", lesson.source.body, re.M)
            if match:
                opening = " ".join(words(match.group(1))[:OPENING_WORDS])
                openings[opening] += 1
                where[opening].append(lesson.source.rel)
    assert openings, "inga ”Så gjorde vi”-avsnitt hittades"
    repeated = {o: where[o] for o, n in openings.items() if n > 2}
    assert not repeated, f"samma inledning i fler än två lektioner: {repeated}"
