"""Token-level edits of finished HTML with the standard library's tokenizer.

:func:`tokens` gives every tag with its exact offsets; callers collect
:class:`Edit`s (replace a span of the text) and :func:`apply` them, so
everything that is not edited is kept byte for byte. No regular expressions
over HTML.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .. import htmltokens
from ..htmltokens import VOID, Attrs


class Token(NamedTuple):
    """A tuple, as the tokenizer yields it: building a million dataclass
    instances per site cost more than the tokenizing."""
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


def tokens(text: str) -> list[Token]:
    return list(map(Token._make, htmltokens.tokens(text)))


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
    return htmltokens.start_tag(tok.tag, attrs, empty=tok.kind == "empty")


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
