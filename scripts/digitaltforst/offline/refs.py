"""What a built page needs: its local resources (images, CSS, scripts, PDFs),
followed through CSS ``url()`` and JavaScript imports, and the pages it links to.

Paths are relative to the site's root, pages as their directory URL
(``kurser/natfiske/``), like the service worker requests them.
"""
from __future__ import annotations

import contextlib
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from . import jsbundle

BASE = "http://site.invalid/"
# Attributes that load something for the page itself.
LOADS = {("img", "src"), ("script", "src"), ("link", "href"), ("source", "src"),
         ("video", "src"), ("audio", "src"), ("video", "poster"), ("object", "data")}
# <link rel=…> that the page loads (not alternates, canonical, prev/next).
LINK_LOADS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload",
              "manifest"}
CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")


@functools.lru_cache(maxsize=1 << 16)  # pure; the pages of a site share most references
def resolve(page: str, ref: str) -> str | None:
    """A reference in page (a site path) as a site path, or None if it leaves the site."""
    if not ref or ref.startswith(("#", "data:", "mailto:", "tel:", "javascript:", "blob:")):
        return None
    url = urljoin(BASE + page, ref)
    if not url.startswith(BASE):
        return None
    path = unquote(urlsplit(url).path[len(urlsplit(BASE).path):])
    return path


def page_file(site: Path, path: str) -> Path | None:
    """The file behind a site path: a file, or a directory's index.html."""
    target = site / path
    if path == "" or path.endswith("/") or target.is_dir():
        index = target / "index.html"
        return index if index.is_file() else None
    return target if target.is_file() else None


_UNCHANGED: dict[tuple, object] | None = None


@contextlib.contextmanager
def unchanged():
    """Inside, no file of the site is added or changed: :func:`page_key` and
    :func:`closure` remember their answers (the manifest asks tens of
    thousands of times)."""
    global _UNCHANGED
    _UNCHANGED = {}
    try:
        yield
    finally:
        _UNCHANGED = None


def page_key(site: Path, path: str) -> str | None:
    """The canonical site path of a page (``a/b/``) or file, or None if absent."""
    if _UNCHANGED is None:
        return _page_key(site, path)
    key = (site, path)
    if key not in _UNCHANGED:
        _UNCHANGED[key] = _page_key(site, path)
    return _UNCHANGED[key]


def _page_key(site: Path, path: str) -> str | None:
    file = page_file(site, path)
    if file is None:
        return None
    if file.name == "index.html" and (path == "" or path.endswith("/") or (site / path).is_dir()):
        rel = file.parent.relative_to(site).as_posix()
        return "" if rel == "." else rel + "/"
    return file.relative_to(site).as_posix()


@dataclass(frozen=True)
class Scan:
    loads: tuple[str, ...]    # what the page loads (raw references)
    links: tuple[str, ...]    # <a href>
    modules: tuple[str, ...]  # <script type=module src>


_SCANS: dict[tuple[str, int], Scan] = {}


def scan_file(file: Path) -> Scan:
    """:func:`scan_html` of a file, made once while the file is unchanged."""
    stamp = (str(file), file.stat().st_mtime_ns)
    if stamp not in _SCANS:
        _SCANS[stamp] = scan_html(file.read_text(encoding="utf-8"))
    return _SCANS[stamp]


def remember(file: Path, mtime_ns: int, found: Scan) -> None:
    """A scan made elsewhere (another process) of the file as it was at mtime_ns."""
    _SCANS[(str(file), mtime_ns)] = found


def scan_html(text: str) -> Scan:
    """What a page loads and links to, in document order. Only attribute
    values are needed, no offsets: lexbor (C, an HTML5 parser) reads a page
    ten times faster than the offset tokenizer the copy's edits use."""
    loads, links, modules = [], [], []
    for node in LexborHTMLParser(text).root.traverse(include_text=False):
        tag, attrs = node.tag, node.attributes
        for name, value in attrs.items():
            if value is None:
                continue
            if (tag, name) in LOADS:
                if tag == "link" and not set((attrs.get("rel") or "").lower().split()) & LINK_LOADS:
                    continue
                loads.append(value)
                if tag == "script" and attrs.get("type") == "module":
                    modules.append(value)
            elif tag == "a" and name == "href":
                links.append(value)
        if tag == "script" and attrs.get("id") == "__config":
            config = json.loads(node.text() or "{}")
            if isinstance(config.get("search"), str):
                loads.append(config["search"])
    return Scan(tuple(loads), tuple(links), tuple(modules))


def scan(site: Path, page: str, files_only: bool = False) -> tuple[list[str], list[str]]:
    """(resources, linked pages and files) of a page, as site paths.
    files_only: leave out links to a folder (a page, never a file), most of
    the menu's; resolving them was most of the manifest's time at 1000 lessons."""
    found = scan_file(page_file(site, page))
    res = [p for p in (resolve(page, r) for r in found.loads) if p is not None]
    links = [r for r in found.links if not _names_folder(r)] if files_only else found.links
    out = [p for p in (resolve(page, r) for r in links) if p is not None]
    return res, out


def _names_folder(ref: str) -> bool:
    """"a/b/", "../", "#x", "?q": the path part names a folder or this page."""
    path = ref.split("#", 1)[0].split("?", 1)[0]
    return path == "" or path.endswith("/")


def modules(site: Path, page: str) -> list[str]:
    """The ES modules a page starts (<script type=module src>), as site paths."""
    return [p for p in (resolve(page, r) for r in scan_file(page_file(site, page)).modules) if p]


def closure(site: Path, paths: set[str]) -> set[str]:
    """Paths plus everything their CSS and JavaScript load, recursively."""
    seen: set[str] = set()
    todo = [p for p in paths]
    while todo:
        path = todo.pop()
        key = page_key(site, path)
        if key is None or key in seen:
            continue
        seen.add(key)
        todo.extend(_loads_of(site, key))
    return seen


def _loads_of(site: Path, key: str) -> list[str]:
    """What a CSS or JavaScript file loads itself (remembered like page_key)."""
    memo = _UNCHANGED if _UNCHANGED is not None else {}
    if ("loads", site, key) in memo:
        return memo[("loads", site, key)]
    if key.endswith(".css"):
        refs = [m.group(2) for m in CSS_URL.finditer((site / key).read_text(encoding="utf-8"))]
    elif key.endswith(".js"):
        refs = jsbundle.imports((site / key).read_text(encoding="utf-8"))
    else:
        refs = []
    found = [p for p in (resolve(key, r) for r in refs) if p]
    memo[("loads", site, key)] = found
    return found


def pages(site: Path) -> frozenset[str]:
    """Every page of the built site as its directory path ("" for the home page)."""
    found = set()
    for file in site.rglob("index.html"):
        rel = file.parent.relative_to(site).as_posix()
        found.add("" if rel == "." else rel + "/")
    return frozenset(found)


def in_pages(pages: frozenset[str], path: str) -> bool:
    """Whether path names one of :func:`pages` (with or without its slash)."""
    return (path.rstrip("/") + "/" if path else "") in pages


def is_page(site: Path, path: str) -> bool:
    key = page_key(site, path)
    return key is not None and (key == "" or key.endswith("/"))
