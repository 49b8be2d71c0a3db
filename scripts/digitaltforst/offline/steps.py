"""The offline steps after a build, in order: the whole-site copy, its size
on the pages that link to it, then the manifest and the service worker's
version (last, so that the hashes are of the finished pages)."""
from __future__ import annotations

from pathlib import Path

from babel.numbers import format_decimal

from . import ZIP_PATH, html, manifest, sitecopy

MB = 1024 * 1024


def size_text(size: int, lang: str) -> str:
    return f"{format_decimal(size / MB, format='#,##0.0', locale=lang)} MB"


def show_zip_size(site: Path, size: int, default: str) -> int:
    """Fill in the copy's size where a page links to it (``data-dfs-zip``) and
    show the link; returns the number of pages changed."""
    changed = 0
    for file in site.rglob("*.html"):
        text = file.read_text(encoding="utf-8")
        if "data-dfs-zip" not in text:
            continue
        text, toks = html.parsed(file)
        rel = file.relative_to(site).as_posix()
        lang = rel.split("/", 1)[0] if "/" in rel and len(rel.split("/", 1)[0]) == 2 else default
        edits = []
        for i, tok in enumerate(toks):
            if tok.kind != "start":
                continue
            if tok.has("data-dfs-zip"):
                attrs = [(k, v) for k, v in tok.attrs if k != "hidden"]
                edits.append(html.Edit(tok.start, tok.end, html.start_tag(tok, attrs)))
            elif tok.has("data-dfs-zip-size"):
                end = html.closing(toks, i)
                if end:
                    edits.append(html.Edit(tok.end, end.start, size_text(size, lang)))
        if edits:
            file.write_text(html.apply(text, edits), encoding="utf-8")
            changed += 1
    return changed


def start(site: Path, write_zip: bool) -> sitecopy.Started | None:
    """Begin copying half the pages in a helper process (the pages are
    final; the search index is not yet); None without a zip, when only the
    manifest's scans are made."""
    return sitecopy.start(site) if write_zip else None


def copy_pages(site: Path, started: sitecopy.Started | None, write_zip: bool) -> sitecopy.Copies:
    """This process's half of the pages while the helper does the other
    (before the search index is done: see :func:`sitecopy.copy_pages`)."""
    return sitecopy.copy_pages(site, started, copy=write_zip)


def finish(site: Path, courses: dict[str, list[dict]], default: str, write_zip: bool,
           copies: sitecopy.Copies | None = None) -> dict:
    """Returns figures for the build log: the copy's size, bytes per course."""
    stats: dict = {}
    zip_path = site / ZIP_PATH
    if write_zip:
        sitecopy.write(site, copies=copies)
        stats["zip_bytes"] = zip_path.stat().st_size
        stats["zip_pages"] = show_zip_size(site, stats["zip_bytes"], default)
    elif zip_path.is_file():
        zip_path.unlink()  # never a copy of an older build
    found = manifest.write(site, courses, default)
    stats["version"] = found["version"]
    stats["course_bytes"] = {f"{lang}/{slug}": manifest.course_bytes(found, lang, slug)
                             for lang, items in found["courses"].items() for slug in items}
    return stats
