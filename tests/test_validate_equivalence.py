"""The validator gives exactly the findings expected, whichever way it runs.

The command line (`scripts/validate.py`, which checks the spelling in a forked
copy of the process and reads YAML through faster paths) and an in-process
call (`validate()`, everything in one process) must agree, finding for finding,
on the real project and on small projects full of broken and unusual input:
YAML that takes PyYAML's slow paths (aliases, merge keys, tags, unhashable
keys, dates that do not exist), quiz blocks, images and links, spelling, a
broken data file. Every expected finding below is written out by hand.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_validate import (ROOT, fast_spelling, hunspell, line_of, project, run_cli,  # noqa: F401
                           template, validate, write)

CONTACT_HINT = ("(`extra.contact` i mkdocs.yml). Fyll i organisationens egna uppgifter (inte en "
                "enskild persons), så att läsarna kan anmäla sig och fråga.")
YAML_HINT = "Kontrollera kolon, indrag med mellanslag och citattecken runt text som innehåller kolon."
QUIZ_HINT = "Sätt citattecken runt text med kolon."


def cli_findings(root: Path) -> list[dict]:
    done = run_cli(str(root), "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


def in_process(root: Path) -> list[dict]:
    return [f.as_dict() for f in validate(root)]


def finding(file: str, line: int | None, rule: str, severity: str, message: str) -> dict:
    return {"file": file, "line": line, "rule": rule, "severity": severity, "message": message}


def ordered(findings: list[dict]) -> list[dict]:
    """The validator's own order: file, line, rule, message."""
    return sorted(findings, key=lambda f: (f["file"], f["line"] or 0, f["rule"], f["message"]))


def assert_both(root: Path, expected: list[dict]) -> None:
    expected = ordered(expected)
    assert cli_findings(root) == expected
    assert in_process(root) == expected


# -- the real project ------------------------------------------------------------

def test_real_project(hunspell):
    """Today the only finding is the contact that waits for the regional
    library's phone number and address; when that is filled in, this changes."""
    expected = [finding("mkdocs.yml", line_of(ROOT, "mkdocs.yml", "  contact:"),
                        "contact-incomplete", "warning",
                        f"Kontaktuppgifterna saknar telefon och adress {CONTACT_HINT}")]
    assert_both(ROOT, expected)


# -- front matter that takes PyYAML's other paths ----------------------------------

FRONT_MATTERS = {
    # (front matter, [(line, rule, severity, message)])
    "alias": ("title: &t Titeln\ndescription: *t\n", []),
    "merge": ("<<: {title: Sammanslagen}\ndescription: En sida.\n", []),
    "str-tag": ("title: !!str 42\n", []),
    "crlf": ("title: Rader\r\ndescription: Med CR LF.\r\n", []),
    "unhashable": ("? [a, b]\n: c\ntitle: A\n", [
        (2, "front-matter-yaml", "error", f"Fel i sidhuvudet (YAML): found unhashable key. {YAML_HINT}")]),
    "bad-date": ("title: Datum\nreviewed: 2026-02-30\n", [
        (1, "front-matter-yaml", "error", "Fel värde i sidhuvudet: day is out of range for month. "
                                          "Kontrollera datum (ÅÅÅÅ-MM-DD, en dag som finns) och tal.")]),
    "custom-tag": ("title: !foo bar\n", [
        (2, "front-matter-yaml", "error",
         f"Fel i sidhuvudet (YAML): could not determine a constructor for the tag '!foo'. {YAML_HINT}")]),
    "int-title": ("title: 42\n", [
        (2, "front-matter-invalid", "error", "`title` ska vara en text som inte är tom (nu: 42).")]),
    "list": ("- a\n- b\n", [
        (2, "front-matter-yaml", "error",
         "Sidhuvudet ska bestå av nycklar och värden, t.ex. `title: Min sida`.")]),
}


def test_front_matter_paths(project, hunspell):
    expected = []
    for name, (front_matter, found) in FRONT_MATTERS.items():
        rel = f"docs/sidhuvud-{name}.md"
        write(project, rel, f"---\n{front_matter}---\n\nTexten på sidan.\n")
        expected += [finding(rel, *f) for f in found]
    assert_both(project, expected)


# -- quiz blocks -------------------------------------------------------------------

QUIZZES = [
    # (block, message or None)
    ("question: &q Vad gör du först?\noptions:\n  - text: *q\n    correct: yes\n"
     "    explanation: Rätt, börja alltid där.\n  - text: Klickar på länken.\n"
     "    explanation: Nej, länken kan leda till en falsk sida.\n", None),
    ("svar: &svar {text: Läser meddelandet noga., explanation: Rätt.}\nquestion: Vad gör du först?\n"
     "options:\n  - <<: *svar\n    correct: true\n  - text: Klickar på länken.\n"
     "    explanation: Nej.\n", None),
    ("? [a]\n: b\nquestion: Q\n",
     f"Kunskapskollen är inte giltig YAML (rad 1 i blocket): found unhashable key. {QUIZ_HINT}"),
    ("question: !x Fråga\noptions: []\n",
     "Kunskapskollen är inte giltig YAML (rad 1 i blocket): could not determine a constructor "
     f"for the tag '!x'. {QUIZ_HINT}"),
    ("question: Vad gör du?\noptions:\n  - text: A\n    explanation: Ja.\n  - text: B\n"
     "    explanation: Nej.\n",
     "Kunskapskollen har 0 rätta svar; exakt ett alternativ ska ha `correct: true`."),
    ("- a\n- b\n", "Kunskapskollen behöver `question:` med frågan och `options:` med svaren."),
]


def test_quiz_blocks(project, hunspell):
    rel = "docs/kunskapskoller.md"
    body = "\n".join(f"```quiz\n{block}```\n" for block, _ in QUIZZES)
    write(project, rel, f"---\ntitle: Kunskapskoller\n---\n\n{body}")
    expected = [finding(rel, line_of(project, rel, "```quiz", nth=i), "quiz-invalid", "error", message)
                for i, (_, message) in enumerate(QUIZZES, 1) if message]
    assert_both(project, expected)


# -- images and links: "![" is an image, "[" a link ---------------------------------

def test_images_and_links(project, hunspell):
    rel = "docs/lankar.md"
    write(project, rel, "---\ntitle: Länkar\n---\n\n"
                        "Se ![](kurser/testkurs/bilder/bild.svg) och "
                        "!![Bild av en sak](kurser/testkurs/bilder/bild.svg).\n\n"
                        "Läs [här](index.md) och ![Bild][saknas].\n")
    expected = [
        finding(rel, 5, "image-alt", "error",
                "Bilden saknar alt-text. Skriv en beskrivning inom [ ], t.ex. "
                "`![Diagram som visar …](bilder/x.svg)`. En rent dekorativ bild skrivs "
                "`![](bilder/x.svg){ role=\"presentation\" }`."),
        finding(rel, 7, "link-text", "warning",
                "Länktexten \"här\" säger inte vart länken går. Skärmläsare läser upp länkar för "
                "sig; skriv t.ex. \"Polisens sida om bedrägerier\"."),
        finding(rel, 7, "link-undefined-reference", "error",
                "Referenslänken `[saknas]` har ingen definition. Lägg till en rad `[saknas]: adress` "
                "längre ner i filen."),
    ]
    assert_both(project, expected)


# -- spelling: only the prose --------------------------------------------------------

def test_spelling_only_in_prose(project, hunspell):
    rel = "docs/stavning.md"
    write(project, rel, "---\ntitle: Stavning\n---\n\n"
                        "!!! note \"Bra att veta\"\n"
                        "    Ordet blablabliord finns inte.\n\n"
                        "Se filen bild-av-en-sak.svg och sidan https://example.se/okantordx.\n\n"
                        "<span lang=\"en\">Shrubbery</span> är engelska, `kodordxq` är kod.\n")
    expected = [finding(rel, 6, "spelling", "warning",
                        "Okänt ord \"blablabliord\" (svensk ordlista). Rätta stavningen, eller lägg "
                        "till ordet i data/ordlista.txt om det är rätt.")]
    assert_both(project, expected)


# -- a data file libyaml cannot read -------------------------------------------------

def test_broken_data_file(project, hunspell):
    write(project, "data/evenemang.yml", "events:\n  - id: x\n    title: \"öppen\n")
    expected = [finding("data/evenemang.yml", 4, "data-yaml", "error",
                        "Fel i YAML: found unexpected end of stream. Kontrollera indrag och "
                        "citattecken.")]
    assert_both(project, expected)


# -- the three formats say the same --------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "github"])
def test_formats_agree(project, fmt):
    for name, (front_matter, _) in FRONT_MATTERS.items():
        write(project, f"docs/sidhuvud-{name}.md", f"---\n{front_matter}---\n\nTexten på sidan.\n")
    findings = cli_findings(project)
    assert findings
    done = run_cli(str(project), "--format", fmt)
    lines = done.stdout.splitlines()
    if fmt == "text":
        lines = lines[:-1]  # the summary
        want = [f"{f['file']}:{f['line'] or 1}: {f['severity']} {f['rule']}: {f['message']}"
                for f in findings]
    else:
        want = [f"::{f['severity']} file={f['file']},line={f['line'] or 1},title={f['rule']}::"
                f"{f['message']}" for f in findings]
    assert lines == want
