"""What content may contain as HTML: one allowlist for the validator (which
reports anything outside it at file:line) and the build's sanitiser (which
removes it). Plain data, no MkDocs and no sanitiser engine, so both sides
can import it."""
from __future__ import annotations

import re

TAGS = {
    # text and structure
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s",
    "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "time", "tr", "u", "ul", "var", "wbr", "picture", "source",
    # quizzes, tabs (pymdownx.tabbed) and task lists: inputs outside any form
    "button", "fieldset", "input", "label", "legend",
    # emoji (twemoji as inline SVG)
    "svg", "path", "g", "circle", "rect", "title",
}
# Removed with everything inside them (the rest keep their text when dropped).
CLEAN_CONTENT = {"script", "style", "noscript", "template", "iframe", "object", "embed",
                 "textarea", "select", "form", "base", "meta", "link", "frame", "frameset",
                 "applet", "math", "xmp", "plaintext", "noembed", "noframes"}
GLOBAL_ATTRS = {"id", "class", "title", "lang", "dir", "hidden", "role", "tabindex"}
ATTRS = {
    "*": GLOBAL_ATTRS,
    "a": {"href", "hreflang", "download"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height", "loading", "srcset", "sizes"},
    "source": {"srcset", "sizes", "media", "type"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "col": {"span"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
    "label": {"for"},
    "input": {"checked", "disabled", "name", "value"},
    "svg": {"xmlns", "viewbox", "viewBox", "width", "height", "fill", "aria-hidden", "focusable"},
    "path": {"d", "fill", "fill-rule", "clip-rule"},
    "g": {"fill", "transform"},
    "circle": {"cx", "cy", "r", "fill"},
    "rect": {"x", "y", "width", "height", "rx", "fill"},
}
# Attributes allowed only with these values.
ATTR_VALUES = {
    "input": {"type": {"radio", "checkbox"}},
    "button": {"type": {"button"}},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Table cells: pymdownx/markdown write `style="text-align: …"` for column
# alignment; nothing else survives in a style attribute.
STYLE_PROPERTIES = {"text-align"}
# Names the site's own scripts and Material look up by id or attribute: an
# element from content that takes one would stand in for the real one.
RESERVED_ID = re.compile(r"^(?:__(?!tabbed_)|dfs-)")
DATA_ATTRS = {"data-correct", "data-why", "data-dfs-quiz", "data-dfs-quiz-check", "data-tabs"}


ALLOWED_ARIA = {"aria-label", "aria-labelledby", "aria-describedby", "aria-hidden", "aria-live",
                "aria-current", "aria-expanded", "aria-controls"}
ATTRS["*"] = GLOBAL_ATTRS | ALLOWED_ARIA | DATA_ATTRS
# Attributes whose value is a URL (checked against URL_SCHEMES).
URL_ATTRS = {"href", "src", "srcset", "action", "formaction", "xlink:href", "data", "poster",
             "background", "cite", "ping", "codebase", "dynsrc", "lowsrc", "longdesc"}


def attribute_allowed(tag: str, attr: str, value: str = "") -> bool:
    """Whether the sanitiser keeps ``attr`` on ``tag`` (URL schemes aside)."""
    if attr in ("id", "for", "name") and RESERVED_ID.match(value):
        return False
    values = ATTR_VALUES.get(tag, {}).get(attr)
    if values is not None:
        return value in values
    return attr in ATTRS["*"] or attr in ATTRS.get(tag, set())


# Images come from the site itself: one from another host is a request the
# reader did not ask for (a tracking pixel), and the CSP blocks it anyway.
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.I)


def external_image(tag: str, attr: str, value: str) -> bool:
    return tag in ("img", "source") and attr in ("src", "srcset") and bool(EXTERNAL.match(value))
