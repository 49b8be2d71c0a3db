"""Scan a Markdown body once into what the validator checks.

Not a Markdown renderer: a line-preserving scanner that masks code, then
collects headings, anchors, links (Markdown and raw HTML), images, reference
definitions, raw-HTML hazards and quiz blocks, each with its file line.
"""
from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass, field

# Every pattern here runs in time linear in the line's length: a repeated
# quantifier never scans across the characters that start another match
# (e.g. a URL stops at "(" unless the parenthesis closes), and the ones that
# look for a terminator are possessive (``*+``), so a line of 100 000 "![a]("
# or "<a " is one pass, not one pass per occurrence.
FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
ATX = re.compile(r"^(#{1,6})(?:[ \t]+(.*))?$")
ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]*+)\}[ \t]*$")
# Any attribute list, also inside a line: `[t](x){ onclick=… }`.
ATTR_BLOCK = re.compile(r"\{:?[ \t]*([^{}\n]*+)\}")
ATTR_ID = re.compile(r"(?:^|\s)#([\w-]+)")
BACKTICKS = re.compile(r"`+")
# Link text may wrap onto the next line, but not across a blank line (a new paragraph).
LINK_TEXT = r"(?P<text>(?:[^\[\]\n]|\n(?![ \t]*(?:\n|$))|\[[^\[\]\n]*+\])*+)"
# A URL may hold one level of balanced parentheses (Wikipedia's "X_(Y)").
LINK_URL = r"(?P<url><[^<>\n]*+>|(?:[^()\s]|\([^()\s]*+\))*+)"
_LINK_REST = (LINK_TEXT + r"\]"
              r"\(\s*" + LINK_URL + r"(?:\s++(?:\"[^\"\n]*+\"|'[^'\n]*+'|\([^()\n]*+\)))?\s*+\)"
              r"(?P<attrs>\{[^{}\n]*+\})?")
LINK = re.compile(r"(?P<bang>!?)\[" + _LINK_REST)
# Links and reference uses as the scan looks for them, from their "[": a pattern that starts with a
# literal is skipped to by the regex engine, one that starts with "!?" is tried
# at every character (ten times slower). An image's "!" is the character
# before; no match ends with "!", so it is never part of the match before.
LINK_AT = re.compile(r"\[" + _LINK_REST)
REF_USE_AT = re.compile(r"\[" + LINK_TEXT + r"\]\[(?P<ref>[^\[\]\n]*+)\]")
REF_DEF = re.compile(r"^[ \t]{0,3}\[(?P<ref>[^\]\n^][^\]\n]*)\]:[ \t]*(?P<url><[^>\n]*>|\S*)")
AUTOLINK = re.compile(r"<(?P<url>(?:https?|mailto|ftp):[^<>\s]++)>")
HTML_TAG = re.compile(r"<(?P<tag>[a-zA-Z][a-zA-Z0-9-]*+)(?P<attrs>(?:[\s/][^<>]*+)?)>")
HTML_ATTR = re.compile(r"([a-zA-Z_:@][-a-zA-Z0-9_:.@]*+)\s*=\s*(\"[^\"]*+\"|'[^']*+'|[^\s\"'=<>`]++)")
# In an HTML tag a name alone is an attribute too (`<div data-x hidden>`); in an
# attribute list `{ .class #id }` such words are classes and ids.
HTML_TAG_ATTR = re.compile(r"([a-zA-Z_:@][-a-zA-Z0-9_:.@]*+)(?:\s*+=\s*+(\"[^\"]*+\"|'[^']*+'|[^\s\"'=<>`]++))?")
ANY_TAG = re.compile(r"<[^<>]*+>")
# How far after an <a> its text is looked for (a label, not a chapter).
LABEL_WINDOW = 2000


@dataclass
class Heading:
    line: int
    level: int
    text: str
    anchor: str | None  # filled by the caller with the configured slugify
    explicit_id: str | None


@dataclass
class Link:
    line: int
    url: str
    text: str
    image: bool = False
    attrs: str = ""
    source: str = "markdown"  # markdown | html | reference | autolink
    tag: str = "a"


@dataclass
class RefUse:
    line: int
    ref: str
    text: str
    image: bool


@dataclass
class RawTag:
    line: int
    tag: str
    attrs: dict[str, str]


@dataclass
class Fence:
    line: int  # line of the opening fence
    info: str
    body: str


@dataclass
class Scan:
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    ref_defs: dict[str, tuple[int, str]] = field(default_factory=dict)
    ref_uses: list[RefUse] = field(default_factory=list)
    tags: list[RawTag] = field(default_factory=list)
    fences: list[Fence] = field(default_factory=list)
    html_ids: set[str] = field(default_factory=set)
    attr_lists: list[RawTag] = field(default_factory=list)  # `{ key=value }`, tag ""
    prose: list[tuple[int, str]] = field(default_factory=list)  # (line, text) for spelling


def _mask_inline_code(line: str) -> str:
    """Blank code spans: a run of n backticks up to the next run of exactly n
    (CommonMark). One pass over the runs, whatever the line holds."""
    runs = [(m.start(), m.end()) for m in BACKTICKS.finditer(line)]
    following: list[int | None] = [None] * len(runs)
    seen: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        n = runs[i][1] - runs[i][0]
        following[i] = seen.get(n)
        seen[n] = i
    spans, i = [], 0
    while i < len(runs):
        j = following[i]
        if j is None:
            i += 1
            continue
        spans.append((runs[i][0], runs[j][1]))
        i = j + 1
    return _blank_spans(line, spans)


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each (start, end) span blanked, line breaks kept."""
    if not spans:
        return text
    out, pos = [], 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append(re.sub(r"[^\n]", " ", text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _mask_comments(text: str) -> str:
    spans, pos = [], 0
    while (start := text.find("<!--", pos)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break  # an unclosed comment: what follows is shown as text
        spans.append((start, end + 3))
        pos = end + 3
    return _blank_spans(text, spans)


def _strip_closing_hashes(text: str) -> str:
    """`## Rubrik ##` -> `Rubrik` (the closing sequence needs a space before it)."""
    text = text.rstrip(" \t")
    stripped = text.rstrip("#")
    if stripped != text and (not stripped or stripped[-1] in " \t"):
        text = stripped.rstrip(" \t")
    return text


def heading_text(raw: str) -> tuple[str, str | None]:
    """Heading source -> (plain text as toc sees it, explicit {#id} if any)."""
    explicit = None
    attrs = ATTR_LIST.search(raw)
    if attrs:
        id_match = ATTR_ID.search(attrs.group(1))
        explicit = id_match.group(1) if id_match else None
        raw = raw[: attrs.start()]
    text = LINK.sub(lambda m: m.group("text"), raw)
    text = ANY_TAG.sub("", text)
    text = re.sub(r"[*_`]", "", text)
    return text.strip(), explicit


def _flat(text: str) -> str:
    """Link text as a reader hears it: wrapped lines joined with single spaces."""
    return " ".join(text.split())


def scan(body: str, first_line: int) -> Scan:
    """Scan a Markdown body whose first line is file line ``first_line``."""
    result = Scan()
    lines = _mask_comments(body).split("\n")
    # What links and raw HTML are searched in: one entry per body line, with code
    # blanked out. Searched as one text, so a link or tag may wrap onto the next line.
    masked: list[str] = []
    prose_rows: list[int] = []  # indexes into masked: lines of running text
    fence: tuple[str, int, str, list[str], int] | None = None  # marker, indent, info, body, line
    for i, raw in enumerate(lines):
        lineno = first_line + i
        if fence is not None:
            masked.append("")
            marker, indent, info, buf, start = fence
            stripped = raw.strip()
            if stripped.startswith(marker[0] * len(marker)) and set(stripped) == {marker[0]}:
                result.fences.append(Fence(start, info, "\n".join(buf)))
                fence = None
            else:
                buf.append(raw[indent:] if raw[:indent].strip() == "" else raw.lstrip())
            continue
        # The patterns below only match lines with their marker characters:
        # testing for those first keeps plain prose lines cheap.
        opened = FENCE_OPEN.match(raw) if ("`" in raw or "~" in raw) else None
        if opened:
            masked.append("")
            fence = (opened.group("fence"), len(opened.group("indent").expandtabs(4)),
                     opened.group("info").strip(), [], lineno)
            continue
        if raw.startswith(("    ", "\t")) and not raw.strip():
            masked.append("")
            continue
        line = _mask_inline_code(raw) if "`" in raw else raw
        atx = ATX.match(line) if line.startswith("#") else None
        if atx:
            text, explicit = heading_text(_strip_closing_hashes(atx.group(2) or ""))
            result.headings.append(Heading(lineno, len(atx.group(1)), text, None, explicit))
        ref_def = REF_DEF.match(line) if "]:" in line else None
        if ref_def:
            masked.append("")
            url = ref_def.group("url").strip("<>")
            result.ref_defs.setdefault(ref_def.group("ref").strip().lower(), (lineno, url))
            result.links.append(Link(lineno, url, "", source="reference"))
            continue
        if "<" in line:
            for m in AUTOLINK.finditer(line):
                result.links.append(Link(lineno, m.group("url"), m.group("url"), source="autolink"))
        if "{" in line:
            for m in ATTR_BLOCK.finditer(line):
                for id_match in ATTR_ID.finditer(m.group(1)):
                    result.html_ids.add(id_match.group(1))
                attrs = _attrs(m.group(1))
                if attrs:  # key=value pairs: checked like raw HTML attributes
                    result.attr_lists.append(RawTag(lineno, "", attrs))
        masked.append(line)
        prose_rows.append(i)
    if fence is not None:
        marker, indent, info, buf, start = fence
        result.fences.append(Fence(start, info, "\n".join(buf)))

    text = "\n".join(masked)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_at(offset: int) -> int:
        return first_line + bisect.bisect_right(starts, offset) - 1

    for m in LINK_AT.finditer(text):
        start = m.start()
        bang = start > 0 and text[start - 1] == "!"
        result.links.append(Link(line_at(start), m.group("url").strip("<>"),
                                 _flat(m.group("text")), image=bang,
                                 attrs=m.group("attrs") or ""))
    for m in REF_USE_AT.finditer(text):
        start = m.start()
        ref = _flat(m.group("ref") or m.group("text")).lower()
        result.ref_uses.append(RefUse(line_at(start), ref, _flat(m.group("text")),
                                      start > 0 and text[start - 1] == "!"))
    prose_text = _scan_html(text, line_at, result) if "<" in text else text
    prose_lines = prose_text.split("\n")
    result.prose = [(first_line + i, prose_lines[i]) for i in prose_rows]
    result.links.sort(key=lambda link: link.line)
    return result


def _attrs(source: str, pattern: re.Pattern = HTML_ATTR) -> dict[str, str]:
    """Attributes as the browser sees them: names lower-cased, values with
    quotes removed and character references decoded (`javascript&#58;`)."""
    return {k.lower(): html.unescape(v[1:-1] if v[:1] in "\"'" else v)
            for k, v in pattern.findall(source)}


def _scan_html(text: str, line_at, result: Scan) -> str:
    """Collect raw HTML tags; return ``text`` with tags that span lines blanked
    (their attributes are no prose; one-line tags are left to the spelling filter)."""
    lowered = text.lower()
    multiline: list[tuple[int, int]] = []
    for m in HTML_TAG.finditer(text):
        lineno = line_at(m.start())
        tag = m.group("tag").lower()
        attrs = _attrs(m.group("attrs") or "", HTML_TAG_ATTR)
        result.tags.append(RawTag(lineno, tag, attrs))
        if "\n" in m.group(0):
            multiline.append((m.start(), m.end()))
        if "id" in attrs:
            result.html_ids.add(attrs["id"])
        for key in ("href", "src"):
            if key in attrs:
                label = ""
                if tag == "a":
                    window = m.end() + LABEL_WINDOW
                    paragraph = text.find("\n\n", m.end(), window)
                    close = lowered.find("</a>", m.end(), paragraph if paragraph >= 0 else window)
                    label = _flat(ANY_TAG.sub("", text[m.end():close])) if close >= 0 else ""
                elif tag == "img":
                    label = attrs.get("alt", "")
                result.links.append(Link(lineno, attrs[key], label, image=tag == "img",
                                         source="html", tag=tag))
    return _blank_spans(text, multiline)
