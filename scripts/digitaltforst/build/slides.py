"""Presentation mode's slide plan, decided at build time.

Every lesson can be shown as slides ("Visa som presentation"): a title slide,
then one slide per ``##`` section, with long sections split so that nothing
needs scrolling at 1920×1080. Where a section splits is decided here, from
the lesson's rendered HTML, not by measuring in the browser: the plan is the
same on every screen, and tests can check the browser against it.

:func:`annotate` gives every top-level element of the lesson body a
``data-dfs-slide`` number (0 is the title slide). present.js only groups the
elements by that number; it has no layout logic of its own. Facilitator
notes (``.handledare``) belong to their slide but are shown in the notes
panel, so they weigh nothing. An image and a knowledge check each get a
slide of their own.
"""
from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass

from . import htmledit
from .htmledit import Attrs, has_class

# The slide's text area at 1920×1080 (present.css: 1.75vw type, 1.4 line
# height, at most 1600 px wide): about 95 characters on a line and 16 lines
# under the heading. The budget leaves a margin for long words, bold text and
# wrapped list items.
CHARS_PER_LINE = 78
LINES_PER_SLIDE = 15.0

# Top-level elements the build adds around the lesson (progress, navigation,
# sources, "Rapportera ett fel", this button: any `dfs-` class) are not
# slide content; the lesson's own Markdown gives none of its blocks one,
# except the knowledge checks.
CONTENT_CLASSES = ("dfs-quiz",)
TITLE_CLASSES = ("dfs-lesson-meta",)
NOTES_CLASS = "handledare"
TAG = re.compile(r"<[^>]+>")


@dataclass
class Block:
    tag: str
    attrs: Attrs
    start: int  # offset of the start tag
    tag_end: int  # offset just after the start tag
    end: int  # offset just after the element
    html: str
    item_slides: list[int] | None = None  # a list split over slides: each <li>'s slide

    def has(self, name: str) -> bool:
        return has_class(self.attrs, name)

    @property
    def text(self) -> str:
        return " ".join(html.unescape(TAG.sub(" ", self.html)).split())


def top_level(fragment: str) -> list[Block]:
    """The fragment's top-level elements, in order (text between them ignored)."""
    blocks: list[Block] = []
    depth = 0
    open_: tuple[str, Attrs, int, int] | None = None
    for kind, tag, attrs, start, end in htmledit.tokens(fragment):
        if kind == "empty" or (kind == "start" and tag in htmledit.VOID):
            if depth == 0:
                blocks.append(Block(tag, attrs, start, end, end, fragment[start:end]))
            continue
        if kind == "start":
            if depth == 0:
                open_ = (tag, attrs, start, end)
            depth += 1
        elif kind == "end" and depth > 0:
            depth -= 1
            if depth == 0 and open_ is not None:
                tag0, attrs0, start0, tag_end0 = open_
                blocks.append(Block(tag0, attrs0, start0, tag_end0, end, fragment[start0:end]))
                open_ = None
    return blocks


def _lines(text: str, width: int = CHARS_PER_LINE) -> float:
    return max(1, math.ceil(len(text) / width))


def weight(block: Block) -> float:
    """Estimated height in body-text lines (margins included)."""
    if block.has(NOTES_CLASS):
        return 0.0
    tag = block.tag
    if tag in ("h3", "h4", "h5", "h6"):
        return 1.3 * _lines(block.text, int(CHARS_PER_LINE / 1.3)) + 0.6
    if tag in ("ul", "ol", "dl"):
        items = re.findall(r"<(?:li|dd|dt)\b.*?</(?:li|dd|dt)>", block.html, re.S)
        texts = [" ".join(html.unescape(TAG.sub(" ", i)).split()) for i in items] or [block.text]
        return sum(_lines(t, CHARS_PER_LINE - 4) + 0.25 for t in texts) + 0.5
    if tag == "table":
        rows = re.findall(r"<tr\b.*?</tr>", block.html, re.S)
        total = 1.0
        for row in rows:
            cells = [" ".join(html.unescape(TAG.sub(" ", c)).split())
                     for c in re.findall(r"<t[hd]\b.*?</t[hd]>", row, re.S)] or [""]
            per_cell = max(8, CHARS_PER_LINE // len(cells) - 3)
            total += max(_lines(c, per_cell) for c in cells) + 0.45
        return total
    if tag == "pre":
        return block.html.count("\n") * 0.85 + 1.5
    if tag in ("div", "details") and (block.has("admonition") or tag == "details"):
        return 0.9 * _lines(block.text, CHARS_PER_LINE - 6) + 2.0
    return _lines(block.text) + 0.5


def stands_alone(block: Block) -> bool:
    """Images and knowledge checks get a slide of their own."""
    if block.has("dfs-quiz"):
        return True
    if block.tag == "figure":
        return True
    return block.tag == "p" and "<img" in block.html and not block.text


@dataclass
class Slide:
    number: int
    kind: str  # title, section, image, quiz
    heading: str | None  # the `##` heading (None on the title slide)
    part: int  # 1 for a section's first slide, 2… for its continuations
    blocks: list[Block]


def plan(fragment: str) -> list[Slide]:
    """The lesson body's slides, in order."""
    slides: list[Slide] = [Slide(0, "title", None, 1, [])]
    current: Slide | None = None
    used = 0.0
    heading: str | None = None

    def new(kind: str) -> Slide:
        nonlocal current, used
        current = Slide(len(slides), kind, heading, 1, [])
        slides.append(current)
        used = 0.0
        return current

    blocks = top_level(fragment)
    # The lesson's sources (a `Källor` heading and list the build adds) stay
    # on the page: slides are the lesson's own `##` sections.
    sources = {i for i, b in enumerate(blocks) if b.has("dfs-sources")}
    sources |= {i - 1 for i in sources if i and blocks[i - 1].tag == "h2"}
    for i, block in enumerate(blocks):
        if i in sources or _added_by_build(block):
            continue
        if block.tag == "h1" or any(block.has(c) for c in TITLE_CLASSES):
            slides[0].blocks.append(block)
            continue
        if block.tag == "h2":
            heading = block.text.rstrip("#").strip()
            new("section").blocks.append(block)
            continue
        if current is None:  # content before the first `##`: a slide of its own
            new("section")
        if block.has(NOTES_CLASS):  # shown in the notes panel of the slide it follows
            current.blocks.append(block)
            continue
        if stands_alone(block):
            if current.kind != "section" or _has_content(current) or used > 0:
                new("section")  # (used > 0: rows of a split list or table are here)
            current.kind = "quiz" if block.has("dfs-quiz") else "image"
            current.blocks.append(block)
            used = LINES_PER_SLIDE  # nothing else on this slide
            continue
        w = weight(block)
        if block.tag in ("ul", "ol", "table") and w > LINES_PER_SLIDE:
            # Too long for one slide: its items (rows) continue on the next ones.
            if current.kind != "section" or used > LINES_PER_SLIDE / 2:
                new("section")
            current.blocks.append(block)
            block.item_slides = []
            items = list_items(block)
            if block.tag == "table":
                used += weight(Block("table", [], 0, 0, 0, block.html.split("<tbody", 1)[0]))
            for item in items:
                iw = _lines(item[1], CHARS_PER_LINE - 4) + 0.25 if block.tag != "table" \
                    else weight(Block("table", [], 0, 0, 0, block.html[item[0]:item[3]])) - 1.0
                if block.item_slides and used + iw > LINES_PER_SLIDE:
                    new("section")
                block.item_slides.append(current.number)
                used += iw
            continue
        if current.kind != "section" or (used > 0 and used + w > LINES_PER_SLIDE):
            # A heading does not stay alone at the bottom of a slide.
            carried = []
            if current.kind == "section" and current.blocks and \
                    current.blocks[-1].tag in ("h3", "h4") and len(_content(current)) > 1:
                carried = [current.blocks.pop()]
            new("section").blocks.extend(carried)
            used = sum(weight(b) for b in carried)
        current.blocks.append(block)
        used += w
    for slide in slides:
        same = [s for s in slides[:slide.number] if s.heading == slide.heading]
        slide.part = len(same) + 1
    return slides


def _added_by_build(block: Block) -> bool:
    classes = (dict(block.attrs).get("class") or "").split()
    return any(c.startswith("dfs-") and c not in CONTENT_CLASSES + TITLE_CLASSES
               and not c.startswith(CONTENT_CLASSES) for c in classes)


def list_items(block: Block) -> list[tuple[int, str, int, int]]:
    """A list's direct <li>s or a table's body rows: (offset of the start tag in
    block.html, text, offset after the start tag, offset after the element)."""
    tag_name, level = ("tr", 3) if block.tag == "table" else ("li", 2)
    items, depth, start, inside = [], 0, None, ""
    for kind, tag, _attrs, s, e in htmledit.tokens(block.html):
        if kind == "start" and tag not in htmledit.VOID:
            depth += 1
            if depth == level and tag == tag_name and (tag_name == "li" or inside == "tbody"):
                start = (s, e)
            if depth == 2:
                inside = tag
        elif kind == "end":
            if depth == level and tag == tag_name and start is not None:
                text = " ".join(html.unescape(TAG.sub(" ", block.html[start[0]:e])).split())
                items.append((start[0], text, start[1], e))
                start = None
            depth -= 1
    return items


def _content(slide: Slide) -> list[Block]:
    return [b for b in slide.blocks if b.tag != "h2" and not b.has(NOTES_CLASS)]


def _has_content(slide: Slide) -> bool:
    return bool(_content(slide))


def annotate(fragment: str) -> str:
    """Number every top-level element with its slide (``data-dfs-slide``)."""
    slides = plan(fragment)
    number = {b.start: s.number for s in slides for b in s.blocks}
    blocks = sorted((b for s in slides for b in s.blocks), key=lambda b: b.start)
    out, pos = [], 0
    for block in blocks:
        attrs = [*block.attrs, ("data-dfs-slide", str(number[block.start]))]
        empty = fragment[block.start:block.tag_end].rstrip(">").endswith("/")
        out.append(fragment[pos:block.start])
        out.append(htmledit.start_tag(block.tag, attrs, empty))
        pos = block.tag_end
        if block.item_slides:
            items = list_items(block)
            for (offset, _text, after, _end), slide in zip(items, block.item_slides):
                tag_html = block.html[offset:after]
                _kind, item_tag, item_attrs, _s, _e = htmledit.tokens(tag_html)[0]
                out.append(fragment[pos:block.start + offset])
                out.append(htmledit.start_tag(item_tag, [*item_attrs, ("data-dfs-slide", str(slide))]))
                pos = block.start + after
    out.append(fragment[pos:])
    return "".join(out)
