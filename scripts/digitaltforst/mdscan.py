"""Scan a Markdown body once into what the validator checks.

Not a Markdown renderer: a line-preserving scanner that masks code, then
collects headings, anchors, links (Markdown and raw HTML), images, reference
definitions, raw-HTML hazards and quiz blocks, each with its file line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
ATX = re.compile(r"^(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$")
ATTR_LIST = re.compile(r"\{:?\s*([^}\n]*)\}\s*$")
ATTR_ID = re.compile(r"(?:^|\s)#([\w-]+)")
INLINE_CODE = re.compile(r"(`+)(.+?)\1")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\(\s*(?P<url><[^>\n]*>|[^)\s]*)(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)"
    r"(?P<attrs>\{[^}\n]*\})?")
REF_USE = re.compile(r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\[(?P<ref>[^\]\n]*)\]")
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


def scan(body: str, first_line: int) -> Scan:
    """Scan a Markdown body whose first line is file line ``first_line``."""
    result = Scan()
    lines = _mask_comments(body).split("\n")
    fence: tuple[str, int, str, list[str], int] | None = None  # marker, indent, info, body, line
    for i, raw in enumerate(lines):
        lineno = first_line + i
        if fence is not None:
            marker, indent, info, buf, start = fence
            stripped = raw.strip()
            if stripped.startswith(marker[0] * len(marker)) and set(stripped) == {marker[0]}:
                result.fences.append(Fence(start, info, "\n".join(buf)))
                fence = None
            else:
                buf.append(raw[indent:] if raw[:indent].strip() == "" else raw.lstrip())
            continue
        opened = FENCE_OPEN.match(raw)
        if opened:
            fence = (opened.group("fence"), len(opened.group("indent").expandtabs(4)),
                     opened.group("info").strip(), [], lineno)
            continue
        if raw.startswith(("    ", "\t")) and not raw.strip():
            continue
        line = _mask_inline_code(raw)
        atx = ATX.match(line)
        if atx:
            text, explicit = heading_text(atx.group(2) or "")
            result.headings.append(Heading(lineno, len(atx.group(1)), text, None, explicit))
        ref_def = REF_DEF.match(line)
        if ref_def:
            url = ref_def.group("url").strip("<>")
            result.ref_defs.setdefault(ref_def.group("ref").strip().lower(), (lineno, url))
            result.links.append(Link(lineno, url, "", source="reference"))
            continue
        for m in LINK.finditer(line):
            result.links.append(Link(lineno, m.group("url").strip("<>"), m.group("text"),
                                     image=bool(m.group("bang")), attrs=m.group("attrs") or ""))
        for m in REF_USE.finditer(line):
            ref = (m.group("ref") or m.group("text")).strip().lower()
            result.ref_uses.append(RefUse(lineno, ref, m.group("text"), bool(m.group("bang"))))
        for m in AUTOLINK.finditer(line):
            result.links.append(Link(lineno, m.group("url"), m.group("url"), source="autolink"))
        for m in ATTR_LIST.finditer(line):
            for id_match in ATTR_ID.finditer(m.group(1)):
                result.html_ids.add(id_match.group(1))
        if "<" in line:
            _scan_html(line, lineno, result)
        result.prose.append((lineno, line))
    if fence is not None:
        marker, indent, info, buf, start = fence
        result.fences.append(Fence(start, info, "\n".join(buf)))
    return result


def _scan_html(line: str, lineno: int, result: Scan) -> None:
    for m in HTML_TAG.finditer(line):
        tag = m.group("tag").lower()
        attrs = {k.lower(): v.strip("\"'") for k, v in HTML_ATTR.findall(m.group("attrs") or "")}
        result.tags.append(RawTag(lineno, tag, attrs))
        if "id" in attrs:
            result.html_ids.add(attrs["id"])
        for key in ("href", "src"):
            if key in attrs:
                text = ""
                if tag == "a":
                    rest = line[m.end():]
                    close = rest.lower().find("</a>")
                    text = re.sub(r"<[^>]+>", "", rest[:close]) if close >= 0 else ""
                elif tag == "img":
                    text = attrs.get("alt", "")
                result.links.append(Link(lineno, attrs[key], text, image=tag == "img",
                                         source="html", tag=tag))
