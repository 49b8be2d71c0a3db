"""``offline/manifest.json``: what "Spara kursen för offline" stores, and the
build's version in ``sw.js``.

For each language and course: the course's pages (lessons, print page), the
handouts it links to, their images and PDFs, and the search files the
course's pages are found with (``meta.json``, the term shards that lead to
them, their ``d/<n>.json``). For each language the shell every saved course
needs: the start page, the catalogue, Mina kurser, the self-assessment, the
offline page and the page about offline use, with their CSS, JavaScript
(followed through imports) and images. Every file has a hash and a size; the
version is a hash of all of them, so any change to a saved file is a new
service worker, and the service worker checks each file it stores.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from . import MANIFEST_PATH, OFFLINE_PAGE, refs

SHELL = ("", "kurser/", "mina-kurser/", "sjalvskattning/", OFFLINE_PAGE, "om/offline/")
VERSION_LINE = re.compile(r'^const VERSION = "[0-9a-z]*";$', re.M)


def lang_prefix(lang: str, default: str) -> str:
    return "" if lang == default else f"{lang}/"


def _digest(file: Path) -> str:
    return hashlib.sha256(file.read_bytes()).hexdigest()[:16]


def _pages_with_assets(site: Path, pages: set[str], prefix: str) -> set[str]:
    """Pages plus what they load and the files (not pages) they link to."""
    found = set(pages)
    for page in pages:
        loads, links = refs.scan(site, page, files_only=True)
        found.update(loads)
        for link in links:
            key = refs.page_key(site, link)
            if key is not None and not refs.is_page(site, key) and not key.startswith("offline/"):
                found.add(key)  # a PDF, an image, a calendar file
    return refs.closure(site, found)


def _search_docs(site: Path, lang: str, prefix: str) -> dict[str, list[int]]:
    """Page (site path) -> the search documents on it (ids of d/<id>.json)."""
    by_page: dict[str, list[int]] = {}
    folder = site / "search" / lang / "d"
    for file in folder.glob("*.json") if folder.is_dir() else []:
        doc = json.loads(file.read_text(encoding="utf-8"))
        location = doc[0] if isinstance(doc, list) else (doc.get("location") if isinstance(doc, dict) else None)
        if not isinstance(location, str) or not file.stem.isdigit():
            continue
        page = location.split("#", 1)[0]
        if prefix and not page.startswith(prefix):
            page = prefix + page
        by_page.setdefault(page, []).append(int(file.stem))
    return by_page


def _shard_docs(site: Path, lang: str) -> dict[str, set[int]] | None:
    """Term shard (site path) -> documents a query answered by it can lead to;
    None if the shards are not in the format this understands (then every
    shard is saved)."""
    folder = site / "search" / lang / "t"
    shards = {}
    for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        data = json.loads(file.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("p"), dict):
            return None
        shards[file.relative_to(site).as_posix()] = data
    docs_of_key: dict[str, set[int]] = {}
    for data in shards.values():
        for key, entry in data["p"].items():
            docs_of_key[key] = set(entry[1]) if isinstance(entry, list) and len(entry) > 1 else set()
    result = {}
    for path, data in shards.items():
        docs: set[int] = set()
        for key in data["p"]:
            docs |= docs_of_key.get(key, set())
        for stems in (data.get("f") or {}).values():
            for stem in stems:
                docs |= docs_of_key.get(stem, set())
        result[path] = docs
    return result


def _search_present(site: Path, lang: str) -> set[str]:
    """The search files there are for a language (listed once, not a stat per file)."""
    files = {p.relative_to(site).as_posix() for p in (site / "search" / lang).rglob("*.json")}
    if (site / "search" / "search_index.json").is_file():
        files.add("search/search_index.json")
    return files


def _search_files(lang: str, pages: set[str], docs_by_page, shard_docs, present: set[str]) -> set[str]:
    base = f"search/{lang}/"
    if base + "meta.json" not in present:
        return set()
    ids = {i for page in pages for i in docs_by_page.get(page, [])}
    files = {"search/search_index.json", base + "meta.json"} | {f"{base}d/{i}.json" for i in ids}
    if shard_docs is None:
        files |= {p for p in present if p.startswith(base + "t/") and "/" not in p[len(base) + 2:]}
    else:
        files |= {path for path, docs in shard_docs.items() if docs & ids}
    return files & present


def build(site: Path, courses: dict[str, list[dict]], default: str) -> dict:
    """courses: lang -> [{"slug", "title"}] in catalogue order."""
    with refs.unchanged():
        return _build(site, courses, default)


def _build(site: Path, courses: dict[str, list[dict]], default: str) -> dict:
    shell: dict[str, list[str]] = {}
    by_lang: dict[str, dict] = {}
    for lang, items in courses.items():
        prefix = lang_prefix(lang, default)
        docs_by_page = _search_docs(site, lang, prefix)
        shard_docs = _shard_docs(site, lang)
        present = _search_present(site, lang)
        shell_pages = {prefix + p for p in SHELL if refs.page_key(site, prefix + p) is not None}
        shell_files = _pages_with_assets(site, shell_pages, prefix)
        shell_files |= _search_files(lang, shell_pages, docs_by_page, shard_docs, present)
        shell[lang] = sorted(shell_files)
        by_lang[lang] = {}
        for course in items:
            home = f"{prefix}kurser/{course['slug']}/"
            if refs.page_key(site, home) is None:
                continue
            pages = {refs.page_key(site, p.parent.relative_to(site).as_posix() + "/")
                     for p in (site / home).rglob("index.html")}
            _, links = refs.scan(site, home)
            pages |= {refs.page_key(site, link) for link in links
                      if link.startswith(f"{prefix}workshops/") and refs.is_page(site, link)}
            pages.discard(None)
            files = _pages_with_assets(site, pages, prefix)
            files |= _search_files(lang, pages, docs_by_page, shard_docs, present)
            by_lang[lang][course["slug"]] = {"title": course["title"], "url": home,
                                             "files": sorted(files - shell_files)}
    listed = {f for files in shell.values() for f in files}
    listed |= {f for lang in by_lang.values() for c in lang.values() for f in c["files"]}
    table = {}
    for path in sorted(listed):
        file = refs.page_file(site, path)
        table[path] = [_digest(file), file.stat().st_size]
    version = hashlib.sha256("".join(f"{p}\0{h}\n" for p, (h, _) in table.items()).encode()).hexdigest()[:16]
    return {"version": version, "files": table, "shell": shell, "courses": by_lang}


def course_bytes(manifest: dict, lang: str, slug: str) -> int:
    """What saving one course stores (with its language's shell)."""
    paths = set(manifest["shell"][lang]) | set(manifest["courses"][lang][slug]["files"])
    return sum(manifest["files"][p][1] for p in paths)


def write(site: Path, courses: dict[str, list[dict]], default: str) -> dict:
    manifest = build(site, courses, default)
    out = site / MANIFEST_PATH
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(manifest, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    worker = site / "sw.js"
    text = worker.read_text(encoding="utf-8")
    if len(VERSION_LINE.findall(text)) != 1:
        raise ValueError('sw.js needs one line const VERSION = "dev"; for the build\'s version')
    worker.write_text(VERSION_LINE.sub(f'const VERSION = "{manifest["version"]}";', text),
                      encoding="utf-8")
    return manifest
