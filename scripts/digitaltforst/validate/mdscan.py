"""Scan a Markdown body once into what the validator checks.

Not a Markdown renderer: a line-preserving scanner that masks code, then
collects headings, anchors, links (Markdown and raw HTML), images, reference
definitions, raw-HTML hazards and quiz blocks, each with its file line.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
ATX = re.compile(r"^(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$")
ATTR_LIST = re.compile(r"\{:?\s*([^}\n]*)\}\s*$")
ATTR_ID = re.compile(r"(?:^|\s)#([\w-]+)")
INLINE_CODE = re.compile(r"(`+)(.+?)\1")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
# Link text may wrap onto the next line, but not across a blank line (a new paragraph).
LINK_TEXT = r"(?P<text>(?:[^\[\]\n]|\n(?![ \t]*(?:\n|$))|\[[^\[\]\n]*\])*)"
LINK = re.compile(
    r"(?P<bang>!?)\[" + LINK_TEXT + r"\]"
    r"\(\s*(?P<url><[^>\n]*>|[^)\s]*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)"
    r"(?P<attrs>\{[^}\n]*\})?")
REF_USE = re.compile(r"(?P<bang>!?)\[" + LINK_TEXT + r"\]\[(?P<ref>[^\]\n]*)\]")
REF_DEF = re.compile(r"^[ \t]{0,3}\[(?P<ref>[^\]\n^][^\]\n]*)\]:[ \t]*(?P<url><[^>\n]*>|\S*)")
AUTOLINK = re.compile(r"<(?P<url>(?:https?|mailto|ftp):[^>\s]+)>")
HTML_TAG = re.compile(r"<(?P<tag>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>(?:\s+[^<>]*?)?)\s*/?>", re.S)
HTML_ATTR = re.compile(r"([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+)")
BARE_URL = re.compile(r"(?<![(<\"'=])\bhttps?://[^\s<>)\]]+")


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
    prose: list[tuple[int, str]] = field(default_factory=list)  # (line, text) for spelling


def _mask_inline_code(line: str) -> str:
    return INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)


def _mask_comments(text: str) -> str:
    return HTML_COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def heading_text(raw: str) -> tuple[str, str | None]:
    """Heading source -> (plain text as toc sees it, explicit {#id} if any)."""
    explicit = None
    attrs = ATTR_LIST.search(raw)
    if attrs:
        id_match = ATTR_ID.search(attrs.group(1))
        explicit = id_match.group(1) if id_match else None
        raw = raw[: attrs.start()]
    text = LINK.sub(lambda m: m.group("text"), raw)
    text = re.sub(r"<[^>]+>", "", text)
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
            text, explicit = heading_text(atx.group(2) or "")
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
            for m in ATTR_LIST.finditer(line):
                for id_match in ATTR_ID.finditer(m.group(1)):
                    result.html_ids.add(id_match.group(1))
        masked.append(line)
        prose_rows.append(i)
    if fence is not None:
        marker, indent, info, buf, start = fence
        result.fences.append(Fence(start, info, "\n".join(buf)))

    text = "\n".join(masked)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_at(offset: int) -> int:
        return first_line + bisect.bisect_right(starts, offset) - 1

    for m in LINK.finditer(text):
        result.links.append(Link(line_at(m.start()), m.group("url").strip("<>"),
                                 _flat(m.group("text")), image=bool(m.group("bang")),
                                 attrs=m.group("attrs") or ""))
    for m in REF_USE.finditer(text):
        ref = _flat(m.group("ref") or m.group("text")).lower()
        result.ref_uses.append(RefUse(line_at(m.start()), ref, _flat(m.group("text")),
                                      bool(m.group("bang"))))
    prose_text = _scan_html(text, line_at, result) if "<" in text else text
    prose_lines = prose_text.split("\n")
    result.prose = [(first_line + i, prose_lines[i]) for i in prose_rows]
    result.links.sort(key=lambda link: link.line)
    return result


def _scan_html(text: str, line_at, result: Scan) -> str:
    """Collect raw HTML tags; return ``text`` with tags that span lines blanked
    (their attributes are no prose; one-line tags are left to the spelling filter)."""
    prose = text
    for m in HTML_TAG.finditer(text):
        lineno = line_at(m.start())
        tag = m.group("tag").lower()
        attrs = {k.lower(): v.strip("\"'") for k, v in HTML_ATTR.findall(m.group("attrs") or "")}
        result.tags.append(RawTag(lineno, tag, attrs))
        if "\n" in m.group(0):
            prose = prose[:m.start()] + re.sub(r"[^\n]", " ", m.group(0)) + prose[m.end():]
        if "id" in attrs:
            result.html_ids.add(attrs["id"])
        for key in ("href", "src"):
            if key in attrs:
                label = ""
                if tag == "a":
                    rest = text[m.end():].split("\n\n", 1)[0]
                    close = rest.lower().find("</a>")
                    label = _flat(re.sub(r"<[^>]+>", "", rest[:close])) if close >= 0 else ""
                elif tag == "img":
                    label = attrs.get("alt", "")
                result.links.append(Link(lineno, attrs[key], label, image=tag == "img",
                                         source="html", tag=tag))
    return prose
