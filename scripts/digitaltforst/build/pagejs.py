"""The browser code a page loads, and the UI strings it gets for it.

app.js lists each feature with the elements it needs and a literal
``import()`` of its module, and loads only the features whose elements the
page has. The build reads the same table (one list, in app.js), writes the
page's feature modules as script tags before app.js (:meth:`PageJs.finish`)
and gives the page in ``#dfs-strings`` only the ``js.`` strings of app.js
and of the modules the page can load: a lesson carries the strings of its
knowledge check and its "Markera som klar", not those of the self-assessment.

The strings a module uses are read from its source, as
``tests/test_js_strings.py`` reads them: every quoted key in a ``t(...)`` or
``counted(...)`` call, and a template key's prefix (``t(`band_${b}`)``: every
``js.band_*``), followed through the module's imports. A page's elements are
found by name in its HTML (``data-dfs-quiz``, ``dfs-resume``), which may
find one that is only mentioned in a text: that page gets a few strings more,
never fewer.
"""
from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from jinja2.utils import htmlsafe_json_dumps

from ..l10n import js_strings
from ..offline import jsbundle

APP = "app.js"
ENTRY = re.compile(r'\[\s*"(?P<name>[\w-]+)"\s*,\s*(?:null|"(?P<selector>[^"]*)")\s*,\s*'
                   r'\(\)\s*=>\s*import\(\s*"(?P<module>[^"]+)"\s*\)\s*\]')
# One simple selector per comma: [data-attribute] (with an optional value) or .class.
SIMPLE = re.compile(r"^\[(?P<attr>[\w-]+)(?:[~|^$*]?=[^\]]*)?\]$|^\.(?P<cls>[\w-]+)$")
ANY_IMPORT = re.compile(r"\bimport\(")
CALL = re.compile(r"\b(?:t|counted)\((?=([^()]*))")  # lookahead: nested calls are found too
QUOTED = re.compile(r"\"([a-z_]+)\"")
TEMPLATE = re.compile(r"^\s*`([a-z_]+)\$\{")
LINE_COMMENT = re.compile(r"^[ \t]*//.*$", re.M)  # examples in comments are no calls
APP_TAG = re.compile(r'<script src="(?P<base>[^"]*)assets/js/app\.js" type="module"></script>')
FEATURE_TAG = re.compile(r'<script type="module" src="[^"]*" data-dfs-feature></script>\n?')
STRINGS = re.compile(r'(<script type="application/json" id="dfs-strings">)(.*?)(</script>)', re.S)


class FeatureTableError(ValueError):
    pass


@dataclass(frozen=True)
class Feature:
    name: str
    names: tuple[str, ...] | None  # attribute or class names; None: every page
    module: str                    # relative to the JavaScript folder


def parse_features(source: str) -> list[Feature]:
    """app.js's FEATURES table."""
    found = []
    for m in ENTRY.finditer(source):
        names = None
        if m["selector"] is not None:
            parts = [SIMPLE.match(part.strip()) for part in m["selector"].split(",")]
            if not all(parts):
                raise FeatureTableError(f"{APP}: feature {m['name']!r}: the build can only find "
                                        f"[attribute] and .class selectors, not {m['selector']!r}")
            names = tuple(p["attr"] or p["cls"] for p in parts)
        found.append(Feature(m["name"], names, posixpath.normpath(m["module"])))
    if len(found) != len(ANY_IMPORT.findall(LINE_COMMENT.sub("", source))):
        raise FeatureTableError(f"{APP}: every import() must be an entry of FEATURES "
                                '(["name", "[selector]" or null, () => import("./x.js")])')
    return found


def string_keys(source: str) -> tuple[set[str], set[str]]:
    """(keys, key prefixes) a module names in t() and counted(), without ``js.``."""
    keys, prefixes = set(), set()
    for m in CALL.finditer(LINE_COMMENT.sub("", source)):
        args = m.group(1)
        keys |= set(QUOTED.findall(args))
        template = TEMPLATE.match(args)
        if template:
            prefixes.add(template.group(1))
    return keys, prefixes


class PageJs:
    """The feature table and each module's strings, read once per build."""

    def __init__(self, js_dir: Path) -> None:
        self.js_dir = js_dir
        self._modules: dict[str, tuple] = {}
        self._closures: dict[tuple[str, bool], tuple[frozenset, frozenset]] = {}
        self.features = parse_features((js_dir / APP).read_text(encoding="utf-8"))
        self._static = self._closure(APP, dynamic=False)

    def _module(self, path: str) -> tuple[tuple[str, ...], tuple[str, ...], frozenset, frozenset]:
        """(static imports, import() targets, keys, prefixes) of one module."""
        if path not in self._modules:
            self._modules[path] = self._read(path)
        return self._modules[path]

    def _read(self, path: str) -> tuple[tuple[str, ...], tuple[str, ...], frozenset, frozenset]:
        source = (self.js_dir / path).read_text(encoding="utf-8")
        here = posixpath.dirname(path)
        dynamic = {m["spec"] for m in jsbundle.DYNAMIC.finditer(source)}
        static = [s for s in jsbundle.imports(source) if s not in dynamic]
        keys, prefixes = string_keys(source)
        return (tuple(posixpath.normpath(posixpath.join(here, s)) for s in static),
                tuple(posixpath.normpath(posixpath.join(here, s)) for s in dynamic),
                frozenset(keys), frozenset(prefixes))

    def _closure(self, path: str, dynamic: bool = True) -> tuple[frozenset, frozenset]:
        """Keys and prefixes of a module and what it imports (import() too, if dynamic)."""
        if (path, dynamic) not in self._closures:
            self._closures[(path, dynamic)] = self._walk(path, dynamic)
        return self._closures[(path, dynamic)]

    def _walk(self, path: str, dynamic: bool) -> tuple[frozenset, frozenset]:
        keys, prefixes, seen, todo = set(), set(), set(), [path]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            static, lazy, k, p = self._module(current)
            keys |= k
            prefixes |= p
            todo.extend(static)
            if dynamic:
                todo.extend(lazy)
        return frozenset(keys), frozenset(prefixes)

    def loaded(self, html: str) -> list[Feature]:
        """The features app.js starts on this page."""
        return [f for f in self.features if f.names is None or any(_names(html, n) for n in f.names)]

    def strings(self, html: str, lang: str) -> dict:
        keys, prefixes = set(self._static[0]), set(self._static[1])
        for feature in self.loaded(html):
            k, p = self._closure(feature.module)
            keys |= k
            prefixes |= p
        wanted = tuple(f"js.{p}" for p in prefixes)
        return {key: value for key, value in js_strings(lang).items()
                if key[3:] in keys or key.startswith(wanted)}

    def finish(self, html: str, lang: str) -> str:
        """The page with the script tags of its features and its strings.

        A feature's module is also a <script type=module> before app.js: the
        browser fetches it with app.js, runs it (it only defines start())
        before DOMContentLoaded, and app.js's import() finds it loaded, so the
        page's features have started when its load event fires, as when
        app.js imported all of them. Tags and strings from an earlier call
        (the print page's shell, a lesson) are replaced."""
        html = FEATURE_TAG.sub("", html)
        html = self._fill_strings(html, lang)
        app = APP_TAG.search(html)
        if app is None:
            return html
        tags = "".join(f'<script type="module" src="{app["base"]}assets/js/{f.module}" data-dfs-feature>'
                       "</script>\n" for f in self.loaded(html))
        return html[:app.start()] + tags + html[app.start():]

    def _fill_strings(self, html: str, lang: str) -> str:
        """#dfs-strings (emitted empty by main.html) with the page's strings."""
        found = STRINGS.search(html)
        if found is None:
            return html
        data = str(htmlsafe_json_dumps(self.strings(html, lang), dumps=_compact))
        return html[:found.start(2)] + data + html[found.end(2):]


def _compact(value, **kwargs) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), **kwargs)


def _is_name_char(char: str) -> bool:
    return char == "-" or char.isalnum() or char == "_"


def _names(html: str, name: str) -> bool:
    """Whether ``name`` occurs in ``html`` as a whole [\\w-]+ word. The same as
    searching ``(?<![\\w-])name(?![\\w-])``, but str.find runs in C: that
    pattern's lookbehind made re scan the page character by character, a
    third of a millisecond a name, 9700 times a build."""
    start, end = 0, len(html)
    while (found := html.find(name, start)) >= 0:
        after = found + len(name)
        if (found == 0 or not _is_name_char(html[found - 1])) and (
                after == end or not _is_name_char(html[after])):
            return True
        start = found + 1
    return False


def for_theme(custom_dir: str) -> PageJs:
    """The theme's browser code as it is now (read again for every build)."""
    return PageJs(Path(custom_dir) / "assets" / "js")
