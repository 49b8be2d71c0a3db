"""Small edits to finished HTML, by the standard library's HTML tokenizer.

The print pages are put together from built pages. Instead of regular
expressions that count ``</div>``s, :func:`element` finds an element's exact
span by tokenizing (nesting, comments, void elements and scripts handled by
:class:`html.parser.HTMLParser`), and :func:`rewrite` re-emits a fragment
token by token, rebuilding only the tags a callback changes: everything
else is copied byte for byte.
"""
from __future__ import annotations

import html
import itertools
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Callable

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
Attrs = list[tuple[str, str | None]]


@dataclass(frozen=True)
class Span:
    """Offsets into the document: the whole element and its inner HTML."""
    start: int
    inner_start: int
    inner_end: int
    end: int


class _Tokens(HTMLParser):
    """Yields (kind, tag, attrs, start, end) for every tag, in order."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.tokens: list[tuple[str, str, Attrs, int, int]] = []
        # Offsets of line starts, to turn getpos() into string offsets.
        self._lines = [0, *itertools.accumulate(len(line) for line in text.splitlines(True))]
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._lines[line - 1] + col

    def handle_starttag(self, tag, attrs):
        start = self._offset()
        raw = self.get_starttag_text() or ""
        self.tokens.append(("start", tag, attrs, start, start + len(raw)))

    def handle_startendtag(self, tag, attrs):
        start = self._offset()
        raw = self.get_starttag_text() or ""
        self.tokens.append(("empty", tag, attrs, start, start + len(raw)))

    def handle_endtag(self, tag):
        start = self._offset()
        end = self.text.index(">", start) + 1
        self.tokens.append(("end", tag, [], start, end))


def tokens(text: str) -> list[tuple[str, str, Attrs, int, int]]:
    return _Tokens(text).tokens


def has_class(attrs: Attrs, name: str) -> bool:
    return name in (dict(attrs).get("class") or "").split()


def element(text: str, match: Callable[[str, Attrs], bool]) -> Span | None:
    """The span of the first element for which ``match(tag, attrs)`` is true."""
    toks = tokens(text)
    for i, (kind, tag, attrs, start, end) in enumerate(toks):
        if kind == "empty" and match(tag, attrs):
            return Span(start, end, end, end)
        if kind != "start" or not match(tag, attrs):
            continue
        if tag in VOID:
            return Span(start, end, end, end)
        depth = 0
        for kind2, tag2, _, start2, end2 in toks[i + 1:]:
            if tag2 != tag:
                continue
            if kind2 == "start":
                depth += 1
            elif kind2 == "end":
                if depth == 0:
                    return Span(start, end, start2, end2)
                depth -= 1
        return None
    return None


def inner(text: str, match: Callable[[str, Attrs], bool]) -> str:
    span = element(text, match)
    return text[span.inner_start:span.inner_end] if span else ""


def remove(text: str, match: Callable[[str, Attrs], bool]) -> str:
    """Drop every element that matches (outermost first)."""
    while (span := element(text, match)) is not None:
        text = text[:span.start] + text[span.end:]
    return text


def start_tag(tag: str, attrs: Attrs, empty: bool = False) -> str:
    parts = [tag] + [name if value is None else f'{name}="{html.escape(value, quote=True)}"'
                     for name, value in attrs]
    return "<" + " ".join(parts) + (" />" if empty else ">")


# A rewrite callback gets (tag, attrs) and returns None (keep the tag as it
# is) or a new (tag, attrs); end tags follow their start tag's new name.
Rewriter = Callable[[str, Attrs], "tuple[str, Attrs] | None"]


def rewrite(text: str, fn: Rewriter) -> str:
    out: list[str] = []
    pos = 0
    renamed: dict[str, list[str]] = {}  # per original tag name: open elements' new names
    for kind, tag, attrs, start, end in tokens(text):
        out.append(text[pos:start])
        pos = end
        if kind == "end":
            stack = renamed.get(tag)
            new = stack.pop() if stack else tag
            out.append(f"</{new}>" if new != tag else text[start:end])
            continue
        result = fn(tag, attrs)
        new_tag = result[0] if result else tag
        if kind == "start" and tag not in VOID:
            renamed.setdefault(tag, []).append(new_tag)
        out.append(text[start:end] if result is None else start_tag(new_tag, result[1], kind == "empty"))
    out.append(text[pos:])
    return "".join(out)
