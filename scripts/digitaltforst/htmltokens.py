"""The tags of finished HTML with their exact offsets, by the standard
library's tokenizer (nesting, comments, void elements and scripts handled by
:class:`html.parser.HTMLParser`). Shared by the build's edits of built pages
(:mod:`.build.htmledit`) and the offline copy (:mod:`.offline.html`); no
regular expressions over HTML, and nothing here imports MkDocs.
"""
from __future__ import annotations

import html
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
        self._pos = 0
        # The whole text in one pass, as feed() and close() would do it: the
        # offsets below are into text.
        self.rawdata = text
        try:
            self.goahead(True)
        except _Stop:
            pass

    def updatepos(self, i: int, j: int) -> int:
        # HTMLParser moves its position here before every token; keeping the
        # offset instead of line and column (getpos) saves a sixth of the time.
        self._pos = j
        return j

    def _start(self, prefix: str) -> int:
        start = self._pos
        if not self.text.startswith(prefix, start):  # a Python whose parser moves differently
            raise RuntimeError(f"htmltokens: fel position {start} för {prefix!r}")
        return start

    def _add(self, token: RawToken) -> None:
        self.tokens.append(token)
        if self.until is not None and self.until(token):
            raise _Stop

    def handle_starttag(self, tag, attrs):
        text = self.get_starttag_text() or ""
        start = self._start(text)
        self._add(("start", tag, attrs, start, start + len(text)))

    def handle_startendtag(self, tag, attrs):
        text = self.get_starttag_text() or ""
        start = self._start(text)
        self._add(("empty", tag, attrs, start, start + len(text)))

    def handle_endtag(self, tag):
        start = self._start("</")
        self._add(("end", tag, [], start, self.text.index(">", start) + 1))


def tokens(text: str) -> list[RawToken]:
    return Tokenizer(text).tokens


def start_tag(tag: str, attrs: Attrs, empty: bool = False) -> str:
    """A start tag written from its name and attributes (values escaped)."""
    parts = [tag] + [name if value is None else f'{name}="{html.escape(value, quote=True)}"'
                     for name, value in attrs]
    return "<" + " ".join(parts) + (" />" if empty else ">")
