"""The HTML sanitiser: what authors write can show text, never run code.

Engine: nh3, the Python binding of the Rust `ammonia` crate. ammonia parses
with html5ever (the HTML5 parsing algorithm browsers use, so there is no
parser differential to smuggle a tag through), re-serialises only what the
allowlist below names, is maintained and fast (a lesson page takes well under
a millisecond). bleach, the usual pure-Python choice, is deprecated.

Two entry points:

* :func:`clean_html` for every page's rendered Markdown (what authors wrote,
  plus the HTML our Markdown extensions produce: admonitions, details, tabs,
  task lists, footnotes, tables, quizzes, emoji). The HTML the build itself
  renders from the content model (lesson headers, catalogue, forms) comes
  from autoescaping templates and is put in after cleaning (see the plugin).
* :func:`clean_text` for front-matter strings that Material prints without
  escaping (titles in the navigation, `<title>`, `<h1>`, the footer,
  `<meta name="description">`): plain text, HTML-escaped.

:func:`removed` says what a cleaning dropped, so the build can warn (and a
strict build fail) instead of silently publishing something else.
"""
from __future__ import annotations

import html
from collections import Counter

import nh3
from selectolax.lexbor import LexborHTMLParser

from ..validate.htmlpolicy import (ALLOWED_ARIA, ATTR_VALUES, ATTRS, CLEAN_CONTENT, RESERVED_ID,
                                  STYLE_PROPERTIES, TAGS, URL_SCHEMES, external_image)


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr in ("id", "for", "name") and RESERVED_ID.match(value):
        return None
    if attr.startswith("aria-") and attr not in ALLOWED_ARIA:
        return None
    if external_image(tag, attr, value):
        return None
    return value


_CLEANER = nh3.Cleaner(
    tags=TAGS, clean_content_tags=CLEAN_CONTENT, attributes=ATTRS,
    attribute_filter=_attribute_filter, strip_comments=True, link_rel=None,
    tag_attribute_values=ATTR_VALUES, url_schemes=URL_SCHEMES,
    filter_style_properties=STYLE_PROPERTIES,
)
_TEXT_CLEANER = nh3.Cleaner(tags=set(), clean_content_tags={"script", "style"},
                            attributes={}, link_rel=None)


def clean_html(fragment: str) -> str:
    """A rendered page's content, with everything outside the allowlist removed."""
    return _CLEANER.clean(fragment)


def clean_text(value: str) -> str:
    """A front-matter string as safe HTML text: tags removed, the rest escaped."""
    text = _TEXT_CLEANER.clean(value)
    # ammonia leaves a lone ">" or quote as is; attributes and <title> need them escaped.
    return html.escape(html.unescape(text), quote=True)


def _elements(fragment: str) -> Counter:
    """Elements with their attributes (values decoded, order ignored), as an
    HTML5 parser builds them: lexbor follows the algorithm ammonia's html5ever
    does, so what is counted is what the sanitiser saw (a stray <body> tag
    adds its attributes to the document's body, as in a browser)."""
    items: Counter = Counter()
    for node in LexborHTMLParser(fragment).root.traverse(include_text=False):
        tag = node.tag
        if tag.startswith(("_", "-")):  # comments, the doctype: never kept, never counted
            continue
        items[tag] += 1
        for name, value in node.attributes.items():
            value = value or ""
            if name == "style":  # re-serialised as "prop: value", without the last ";"
                value = ";".join(" ".join(part.split()).replace(": ", ":")
                                 for part in value.split(";") if part.strip())
            items[f"{tag} {name}={value}"] += 1
    return items


def removed(before: str, after: str) -> list[str]:
    """What cleaning dropped: tags and `tag attr=value` entries, most frequent first."""
    lost = _elements(before) - _elements(after)
    return [item for item, _ in lost.most_common()]
