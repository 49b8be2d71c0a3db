"""The tags of finished HTML with their exact offsets, by the standard
library's tokenizer (nesting, comments, void elements and scripts handled by
:class:`html.parser.HTMLParser`). Shared by the build's edits of built pages
(:mod:`.build.htmledit`) and the offline copy (:mod:`.offline.html`); no
regular expressions over HTML, and nothing here imports MkDocs.
"""
from __future__ import annotations

import html
import itertools
from html.parser import HTMLParser
from typing import Callable

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
Attrs = list[tuple[str, str | None]]
# (kind, tag, attrs, start, end); kind is "start", "empty" (<x/>) or "end".
RawToken = tuple[str, str, Attrs, int, int]


class _Stop(Exception):
    """Raised by a handler: the tokens needed so far are enough."""


class Tokenizer(HTMLParser):
    """Collects a :data:`RawToken` for every tag, in order.

    ``until`` (optional) is called with each token; when it returns true the
    tokenizer stops there (a caller looking for one element needs nothing
    after its end tag).
    """

    def __init__(self, text: str, until: Callable[[RawToken], bool] | None = None):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.until = until
        self.tokens: list[RawToken] = []
        # Offsets of line starts, to turn getpos() into string offsets.
        self._lines = [0, *itertools.accumulate(len(line) for line in text.splitlines(True))]
        try:
            self.feed(text)
            self.close()
        except _Stop:
            pass

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._lines[line - 1] + col

    def _add(self, token: RawToken) -> None:
        self.tokens.append(token)
        if self.until is not None and self.until(token):
            raise _Stop

    def handle_starttag(self, tag, attrs):
        start = self._offset()
        self._add(("start", tag, attrs, start, start + len(self.get_starttag_text() or "")))

    def handle_startendtag(self, tag, attrs):
        start = self._offset()
        self._add(("empty", tag, attrs, start, start + len(self.get_starttag_text() or "")))

    def handle_endtag(self, tag):
        start = self._offset()
        self._add(("end", tag, [], start, self.text.index(">", start) + 1))


def tokens(text: str) -> list[RawToken]:
    return Tokenizer(text).tokens


def start_tag(tag: str, attrs: Attrs, empty: bool = False) -> str:
    """A start tag written from its name and attributes (values escaped)."""
    parts = [tag] + [name if value is None else f'{name}="{html.escape(value, quote=True)}"'
                     for name, value in attrs]
    return "<" + " ".join(parts) + (" />" if empty else ">")
