"""The trainer's kit on paper: the participants' course PDF prints the
knowledge checks without answers and the facilitator's has them at the end
of each lesson; templates to fill in by hand (evaluation sheet, attendance
list, fusklapp, development plan) are pages with their own A4 PDF and QR
code, and their rows measure at least 8 mm on the printed page; internal
links print where they lead; the workshop index and participant sheets add
up with the lessons' own times."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from digitaltforst.content import agenda
from digitaltforst.content.paths import page_path, pdf_path
from digitaltforst.content.quiz import parse
from digitaltforst.l10n import t
from test_pdf import COURSE_PDFS, EXPECTED, _norm, _pdf, _text, model

QUIZ = re.compile(r"^```quiz[^\n]*\n(.*?)^```", re.S | re.M)
DPI = 150
MM_PER_PX = 25.4 / DPI
TEMPLATES = [e for e in EXPECTED if e.handout_kind == "mall"]


def _right_answers(lesson) -> list[str]:
    """The correct options of a lesson's knowledge checks, from its Markdown."""
    out = []
    for block in QUIZ.findall(lesson.source.text):
        out += [o["text"] for o in parse(block)["options"] if o.get("correct")]
    return out


@pytest.mark.parametrize("item", COURSE_PDFS, ids=[e.id for e in COURSE_PDFS])
def test_answer_key_only_in_facilitator_edition_at_end_of_each_lesson(site_dir, item):
    course = model().course(item.lang, item.course)
    text = _text(_pdf(site_dir, item))
    key = t(item.lang, "answer_key")
    answered = f"{t(item.lang, 'quiz_correct')}:"
    lessons = [x for x in course.lessons if _right_answers(x)]
    assert lessons, f"{item.course}: inga kunskapskoller"
    if not item.facilitator:
        assert key not in text and answered not in text, f"{item.pdf}: deltagarupplagan har facit"
        return
    assert text.count(key) == len(lessons), f"{item.pdf}: {text.count(key)} facit, väntat {len(lessons)}"
    # Each key comes after its lesson's own sections and before the next lesson.
    position = 0
    titles = [x.title for x in course.lessons]
    for lesson in lessons:
        start = text.index(_norm(lesson.title), position)
        summary = text.find(key, start)
        nxt = titles.index(lesson.title) + 1
        end = text.find(_norm(titles[nxt]), summary) if nxt < len(titles) else len(text)
        assert summary != -1 and (end == -1 or summary < end), f"{item.pdf}: {lesson.title}"
        segment = text[summary:end if end != -1 else len(text)]
        for answer in _right_answers(lesson):
            assert _norm(answer)[:40] in segment, f"{item.pdf}: facit för {lesson.title} saknar {answer!r}"
        assert answered in segment
        position = summary


def test_kit_has_the_templates_the_guides_name():
    site = model()
    templates = {h.source.rel: h for h in site.handouts["sv"] if h.kind == "mall"}
    assert {"workshops/utvardering.md", "workshops/narvarolista.md", "workshops/fusklapp-mall.md",
            "workshops/utvecklingsplan-mall.md"} <= set(templates)
    # Both guides that ask for a fusklapp link to the template.
    for guide in ("workshops/kallkritik-handledarguide.md", "workshops/filialbesok-handledarguide.md"):
        assert "(fusklapp-mall.md)" in site.sources[guide].text
    assert len(TEMPLATES) >= 4


def _gray(pdf: Path, page: int, tmp: Path) -> tuple[int, int, bytes]:
    """One page as 8-bit grey pixels (pdftoppm's PGM), DPI dots per inch."""
    out = tmp / f"p{page}"
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-f", str(page), "-l", str(page), str(pdf),
                    str(out)], check=True, capture_output=True, timeout=60)
    data = next(tmp.glob(f"p{page}*.pgm")).read_bytes()
    parts = data.split(maxsplit=4)  # P5, width, height, maxval, pixels
    width, height = int(parts[1]), int(parts[2])
    return width, height, parts[4][-width * height:]


def _rules(width: int, height: int, pixels: bytes) -> list[int]:
    """y of every horizontal rule that spans most of the text width."""
    ys, last = [], -10
    for y in range(height):
        row = pixels[y * width:(y + 1) * width]
        dark = sum(1 for v in row if v < 90)  # black rules; not the grey or coloured ones
        if dark > 0.6 * width * 0.8:  # the text column is about 80 % of A4's width
            if y - last > 2:
                ys.append(y)
            last = y
    return ys


@pytest.mark.parametrize("item", TEMPLATES, ids=[e.id for e in TEMPLATES])
def test_fill_in_rows_are_at_least_8_mm_on_paper(site_dir, item, tmp_path):
    path = _pdf(site_dir, item)
    from pypdf import PdfReader
    pages = len(PdfReader(path).pages)
    source = model().localized(item.lang, item.page.removeprefix("en/").rstrip("/") + ".md")
    tables = source.text.count("\n| ---") + source.text.count("\n|---")
    fill_rows = len(re.findall(r"^\|.*\|\s*\|\s*$|^\|(?:\s*\|)+\s*$", source.text, re.M))
    gaps = []
    for page in range(1, pages + 1):
        ys = _rules(*_gray(path, page, tmp_path))
        gaps += [(b - a) * MM_PER_PX for a, b in zip(ys, ys[1:]) if (b - a) * MM_PER_PX < 30]
    tall = [g for g in gaps if g >= 8]
    short = [round(g, 1) for g in gaps if g < 8]
    # Only a table's header row may be lower than 8 mm (repeated on each page a
    # table continues on); every row to write on is not.
    assert len(short) <= tables + pages - 1, f"{item.pdf}: rader under 8 mm: {short}"
    assert len(tall) >= fill_rows > 0, f"{item.pdf}: {len(tall)} rader ≥ 8 mm, väntat {fill_rows}"


@pytest.mark.browser
def test_internal_links_print_where_they_lead(page):
    rel = "kurser/natfiske/03-kontrollera-meddelanden/"
    page.goto(rel)
    page.emulate_media(media="print")
    same = page.locator('.md-typeset a[href="../01-vad-ar-natfiske/"]').first
    assert "se lektion 1" in same.evaluate("el => getComputedStyle(el, '::after').content")
    other = page.locator('.md-typeset a[href="../../e-legitimation/03-hjalpa-vid-disken/"]').first
    after = other.evaluate("el => getComputedStyle(el, '::after').content")
    assert "se lektion 3 i" in after and "e-legitimation" in after.lower()
    page.goto("program/chefsstod/")
    page.emulate_media(media="print")
    link = page.locator('.md-typeset a[href="../../sjalvskattning/"]').first
    after = link.evaluate("el => getComputedStyle(el, '::after').content")
    assert "github.io/digitalt-forst/sjalvskattning/" in after
    assert "https://" not in after
    # A link that is the target's own title needs nothing more on paper.
    named = page.locator('.md-typeset a[href="../../workshops/utvecklingsplan-mall/"]').first
    assert named.evaluate("el => getComputedStyle(el, '::after').content") in ("none", "normal")
    page.emulate_media(media="screen")
    assert link.evaluate("el => getComputedStyle(el, '::after').content") in ("none", "normal")


@pytest.mark.browser
def test_checkboxes_and_table_rules_print_dark(page):
    page.goto("workshops/kallkritik-handledarguide/")
    page.emulate_media(media="print")
    box = page.locator(".task-list-indicator").first.evaluate(
        "el => { const s = getComputedStyle(el, '::before'); return [s.borderTopColor, s.borderTopWidth]; }")
    assert box[0] == "rgb(0, 0, 0)" and float(box[1].rstrip("px")) >= 1
    page.goto("workshops/utvardering/")
    page.emulate_media(media="print")
    cell = page.locator(".md-typeset table td").first
    assert cell.evaluate("el => getComputedStyle(el).borderBottomColor") == "rgb(0, 0, 0)"


def test_participant_sheets_add_up_and_name_their_guide(site_dir):
    site = model()
    guides = {h.source.rel for h in site.handouts["sv"] if h.kind == "handledarguide"}
    sheets = [h for h in site.handouts["sv"] if h.kind == "deltagarblad"]
    assert len(sheets) >= 10
    for sheet in sheets:
        course = site.course("sv", sheet.course)
        steps = agenda.steps(sheet, course)
        assert steps, f"{sheet.source.rel}: bladet säger inte vilka lektioner det används med"
        # The sheet's time is its lessons' own, from each lesson's front matter.
        assert sheet.minutes == sum(s.lesson.minutes for s in steps), sheet.source.rel
        linked = re.findall(r"\]\(([\w-]+\.md)\)", sheet.source.text)
        assert any(f"workshops/{name}" in guides for name in linked), sheet.source.rel
        # On paper, each lesson it is used with says which lesson of the course it is.
        built = (site_dir / page_path(sheet.source.base_rel, "sv") / "index.html").read_text("utf-8")
        for step in steps:
            assert f'data-dfs-print-ref="se lektion {step.number}"' in built, \
                (sheet.source.rel, step.lesson.title)


def test_workshop_index_lets_a_trainer_pick_by_course_length_and_group_size(site_dir):
    built = (site_dir / "workshops" / "index.html").read_text("utf-8")
    table = built[built.index('<table class="dfs-handouts"'):built.index("</table>")]
    rows = re.findall(r"<tr data-kind=\"(\w+)\">(.*?)</tr>", table, re.S)
    site = model()
    assert len(rows) == len(site.handouts["sv"])
    for handout in site.handouts["sv"]:
        row = next(r for k, r in rows if f">{handout.title}</a>" in r)
        course = site.course("sv", handout.course) if handout.course else None
        assert (course.title if course else "Alla kurser") in row
        assert str(handout.group_size) in row
    assert "Efter passets längd" in built
    assert (site_dir / pdf_path("workshops/utvardering.md", "sv")).is_file()
