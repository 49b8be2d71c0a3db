"""Token-level edits of finished HTML with the standard library's tokenizer.

:func:`tokens` gives every tag with its exact offsets; callers collect
:class:`Edit`s (replace a span of the text) and :func:`apply` them, so
everything that is not edited is kept byte for byte. No regular expressions
over HTML.
"""
from __future__ import annotations

import html
import itertools
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

Attrs = list[tuple[str, str | None]]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass(frozen=True)
class Token:
    kind: str  # "start", "empty" (<x/>) or "end"
    tag: str
    attrs: Attrs
    start: int
    end: int

    def get(self, name: str) -> str | None:
        return dict(self.attrs).get(name)

    def has(self, name: str) -> bool:
        return any(k == name for k, _ in self.attrs)


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str


class _Tokenizer(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.found: list[Token] = []
        self._lines = [0, *itertools.accumulate(len(line) for line in text.splitlines(True))]
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._lines[line - 1] + col

    def _start(self, kind: str, tag: str, attrs: Attrs) -> None:
        start = self._offset()
        self.found.append(Token(kind, tag, attrs, start, start + len(self.get_starttag_text() or "")))

    def handle_starttag(self, tag, attrs):
        self._start("start", tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._start("empty", tag, attrs)

    def handle_endtag(self, tag):
        start = self._offset()
        self.found.append(Token("end", tag, [], start, self.text.index(">", start) + 1))


def tokens(text: str) -> list[Token]:
    return _Tokenizer(text).found


@lru_cache(maxsize=2048)
def _parsed(path: str, mtime: int, size: int) -> tuple[str, list[Token]]:
    text = Path(path).read_text(encoding="utf-8")
    return text, tokens(text)


def parsed(file: Path) -> tuple[str, list[Token]]:
    """A file's text and tokens, tokenized once while the file is unchanged
    (the copy and the manifest read the same pages)."""
    st = file.stat()
    return _parsed(str(file), st.st_mtime_ns, st.st_size)


def closing(toks: list[Token], i: int) -> Token | None:
    """The end tag of the element that toks[i] starts."""
    first = toks[i]
    if first.kind != "start" or first.tag in VOID:
        return None
    depth = 0
    for tok in toks[i + 1:]:
        if tok.tag != first.tag:
            continue
        if tok.kind == "start":
            depth += 1
        elif tok.kind == "end":
            if depth == 0:
                return tok
            depth -= 1
    return None


def start_tag(tok: Token, attrs: Attrs) -> str:
    parts = [tok.tag] + [name if value is None else f'{name}="{html.escape(value, quote=True)}"'
                         for name, value in attrs]
    return "<" + " ".join(parts) + (" />" if tok.kind == "empty" else ">")


def apply(text: str, edits: list[Edit]) -> str:
    out, pos = [], 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < pos:
            raise ValueError(f"overlapping edits at {edit.start}")
        out.append(text[pos:edit.start])
        out.append(edit.text)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)
