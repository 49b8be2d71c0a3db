"""Small edits to finished HTML, by the standard library's HTML tokenizer.

The print pages are put together from built pages. Instead of regular
expressions that count ``</div>``s, :func:`element` finds an element's exact
span by tokenizing (nesting, comments, void elements and scripts handled by
:class:`html.parser.HTMLParser`), and :func:`rewrite` re-emits a fragment
token by token, rebuilding only the tags a callback changes: everything
else is copied byte for byte.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..htmltokens import VOID, Attrs, RawToken, Tokenizer as _Tokens, start_tag, tokens  # noqa: F401


@dataclass(frozen=True)
class Span:
    """Offsets into the document: the whole element and its inner HTML."""
    start: int
    inner_start: int
    inner_end: int
    end: int


def has_class(attrs: Attrs, name: str) -> bool:
    return name in (dict(attrs).get("class") or "").split()


def _spans(toks: list, match: Callable[[str, Attrs], bool], first: bool = False) -> list[Span]:
    """The spans of the outermost elements that match, in document order."""
    spans: list[Span] = []
    open_: tuple[str, int, int] | None = None  # (tag, start, end of start tag)
    depth = 0
    for kind, tag, attrs, start, end in toks:
        if open_ is not None:
            if tag != open_[0]:
                continue
            if kind == "start":
                depth += 1
            elif kind == "end":
                if depth == 0:
                    spans.append(Span(open_[1], open_[2], start, end))
                    open_ = None
                    if first:
                        return spans
                else:
                    depth -= 1
            continue
        if kind == "end" or not match(tag, attrs):
            continue
        if kind == "empty" or tag in VOID:
            spans.append(Span(start, end, end, end))
            if first:
                return spans
            continue
        open_, depth = (tag, start, end), 0
    return spans


class _Finder:
    """The ``until`` of a tokenizer that stops at the end of the first match."""

    def __init__(self, match: Callable[[str, Attrs], bool]):
        self.match, self.open, self.depth = match, None, 0

    def __call__(self, token) -> bool:
        kind, tag, attrs = token[0], token[1], token[2]
        if self.open is None:
            if kind == "end" or not self.match(tag, attrs):
                return False
            if kind == "empty" or tag in VOID:
                return True
            self.open = tag
            return False
        if tag == self.open:
            if kind == "start":
                self.depth += 1
            elif kind == "end":
                if self.depth == 0:
                    return True
                self.depth -= 1
        return False


def element(text: str, match: Callable[[str, Attrs], bool], hint: str | None = None) -> Span | None:
    """The span of the first element for which ``match(tag, attrs)`` is true.

    Tokenizing stops at that element's end. ``hint``: a string the element's
    start tag begins with (e.g. ``"<article"``); tokenizing then starts at its
    first occurrence, which must be outside comments, scripts and attributes
    (true of the tags Material's templates write)."""
    found = element_tokens(text, match, hint)
    return found[0] if found else None


def element_tokens(text: str, match: Callable[[str, Attrs], bool],
                   hint: str | None = None) -> tuple[Span, list[RawToken]] | None:
    """:func:`element`, and the tokens of its inner HTML with offsets into
    ``text[span.inner_start:span.inner_end]`` (for edits of it without
    tokenizing it again)."""
    offset = 0
    if hint is not None:
        found = text.find(hint)
        if found < 0:
            return None
        offset = found
    part = text[offset:] if offset else text
    toks = _Tokens(part, _Finder(match)).tokens
    spans = _spans(toks, match, first=True)
    if not spans:
        return None
    span = spans[0]
    inner = [(kind, tag, attrs, start - span.inner_start, end - span.inner_start)
             for kind, tag, attrs, start, end in toks
             if start >= span.inner_start and end <= span.inner_end]
    return Span(span.start + offset, span.inner_start + offset, span.inner_end + offset,
                span.end + offset), inner


def inner(text: str, match: Callable[[str, Attrs], bool], hint: str | None = None) -> str:
    span = element(text, match, hint)
    return text[span.inner_start:span.inner_end] if span else ""


def elements(toks: list[RawToken], match: Callable[[str, Attrs], bool]) -> list[Span]:
    """The spans of the outermost elements that match, in tokens already made."""
    return _spans(toks, match)


def remove(text: str, match: Callable[[str, Attrs], bool]) -> str:
    """Drop every element that matches (outermost first), in one pass."""
    spans = _spans(tokens(text), match)
    if not spans:
        return text
    out, pos = [], 0
    for span in spans:
        out.append(text[pos:span.start])
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


# A rewrite callback gets (tag, attrs) and returns None (keep the tag as it
# is) or a new (tag, attrs); end tags follow their start tag's new name.
Rewriter = Callable[[str, Attrs], "tuple[str, Attrs] | None"]


def rewrite(text: str, fn: Rewriter, drop: Callable[[str, Attrs], bool] | None = None,
            toks: list[RawToken] | None = None) -> str:
    """Re-emit ``text`` with the tags ``fn`` changes; elements ``drop`` matches
    are left out (like :func:`remove`, in the same pass). toks: text's tokens,
    if already made."""
    toks = tokens(text) if toks is None else toks
    skip = {(span.start, span.end) for span in _spans(toks, drop)} if drop else set()
    out: list[str] = []
    pos = 0
    skip_until = -1
    renamed: dict[str, list[str]] = {}  # per original tag name: open elements' new names
    for kind, tag, attrs, start, end in toks:
        if start < skip_until:
            continue
        out.append(text[pos:start])
        pos = end
        if skip:
            span_end = next((e for s_, e in skip if s_ == start), None)
            if span_end is not None:
                pos = skip_until = span_end
                continue
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
