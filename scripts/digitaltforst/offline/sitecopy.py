"""The whole-site copy for a USB stick: ``offline/digitalt-forst.zip``.

Unpacked, ``digitalt-forst/index.html`` opens from ``file://`` in a browser
with both languages, navigation, images, PDFs, progress, the self-assessment
and search. The copy is the built site with these changes (the site itself is
not touched):

- every link and reference to a directory points at its ``index.html``
  (``file://`` has no directory index), also the ``url`` values of the pages'
  JSON data, and search results (in ``file_runtime.js``);
- ES modules become classic scripts (:mod:`.jsbundle`), and
  ``assets/js/dfs-file.js`` (``file_runtime.js``) is loaded first on each page;
- the search index comes as scripts: ``search/search_index.js`` for Material,
  ``search/<lang>/files.js`` with every file of that language's index;
- left out: what only a web server uses (the service worker, the manifest,
  the sitemap, source maps, the search JSON files now in files.js) and
  Material's own lunr search, which the site does not use.
"""
from __future__ import annotations

import fnmatch
import json
import logging
import pickle
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .. import childprocess
from . import ZIP_PATH, html, jsbundle, refs

log = logging.getLogger("mkdocs.plugins.digitaltforst.offline")

FOLDER = "digitalt-forst"
RUNTIME = "assets/js/dfs-file.js"
LEAVE_OUT = ("sw.js", "offline/*", "sitemap.xml", "sitemap.xml.gz", "*.map",
             "assets/javascripts/lunr/*", "assets/javascripts/workers/*", "search/*")
# Links that can point at a directory.
LINKS = {("a", "href"), ("link", "href"), ("area", "href"), ("img", "src"), ("script", "src"),
         ("source", "src"), ("iframe", "src"), ("form", "action")}
STAMP = (2020, 1, 1, 0, 0, 0)  # a fixed date in the zip: the same site gives the same zip


def _left_out(path: str) -> bool:
    return any(fnmatch.fnmatchcase(path, pattern) for pattern in LEAVE_OUT)


def _rel(from_page: str, target: str) -> str:
    """A relative URL from the page (its directory) to a site path."""
    import posixpath
    base = posixpath.dirname(from_page) if not from_page.endswith("/") else from_page.rstrip("/")
    return posixpath.relpath(target, base or ".")


def to_index(pages: frozenset[str], page: str, ref: str) -> str:
    """ref, pointing at index.html if it names a page of the site (pages:
    :func:`refs.pages`, looked up once per copy instead of a stat per link)."""
    target = refs.resolve(page, ref)
    if target is None or not refs.in_pages(pages, target):
        return ref
    cut = min([i for i in (ref.find("?"), ref.find("#")) if i >= 0], default=len(ref))
    path, rest = ref[:cut], ref[cut:]
    if not path:
        return ref  # "?q=…" or "#…": this page itself
    if not path.endswith("/"):
        path += "/"
    return f"{path}index.html{rest}"


def _fix_urls(pages: frozenset[str], page: str, value):
    if isinstance(value, dict):
        return {k: (to_index(pages, page, v) if isinstance(v, str) and (k == "url" or k.endswith("_url"))
                    else _fix_urls(pages, page, v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_fix_urls(pages, page, v) for v in value]
    return value


def _json_text(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def rewrite_page(site: Path, page: str, text: str, bundles: dict[str, str],
                 toks: list[html.Token] | None = None, pages: frozenset[str] | None = None) -> str:
    """One page of the copy. page: its site path (``kurser/x/`` or ``404.html``);
    bundles: module path -> classic script path."""
    toks = html.tokens(text) if toks is None else toks
    pages = refs.pages(site) if pages is None else pages
    edits: list[html.Edit] = []
    skip_until = -1
    for i, tok in enumerate(toks):
        if tok.kind == "end" or tok.start < skip_until:
            continue
        if tok.tag == "head" and tok.kind == "start":
            edits.append(html.Edit(tok.end, tok.end, f'<script src="{_rel(page, RUNTIME)}"></script>'))
            continue
        if tok.has("data-dfs-zip") or (tok.tag == "a" and tok.get("href")
                                                  and (refs.resolve(page, tok.get("href")) or "") == ZIP_PATH):
            end = html.closing(toks, i)
            stop = end.end if end else tok.end
            edits.append(html.Edit(tok.start, stop, ""))
            skip_until = stop
            continue
        if tok.tag == "script" and (tok.get("type") or "") == "application/json" and tok.get("id") != "__config":
            end = html.closing(toks, i)
            if end:
                data = json.loads(text[tok.end:end.start])
                edits.append(html.Edit(tok.end, end.start, _json_text(_fix_urls(pages, page, data))))
            continue
        attrs = list(tok.attrs)
        changed = False
        if tok.tag == "script" and tok.get("type") == "module" and tok.get("src"):
            module = refs.resolve(page, tok.get("src"))
            if module in bundles:
                attrs = [(k, v) for k, v in attrs if k not in ("type", "src")]
                attrs = [("src", _rel(page, bundles[module])), ("defer", None), *attrs]
                changed = True
        else:
            for j, (name, value) in enumerate(attrs):
                if value is not None and (tok.tag, name) in LINKS:
                    new = to_index(pages, page, value)
                    if new != value:
                        attrs[j] = (name, new)
                        changed = True
        if changed:
            edits.append(html.Edit(tok.start, tok.end, html.start_tag(tok, attrs)))
    return html.apply(text, edits)


def _page_of(rel: str) -> str:
    """The site path a file is served as: a/b/index.html -> a/b/."""
    if rel == "index.html":
        return ""
    if rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return rel


def bundle_name(module: str) -> str:
    """The classic script the copy loads instead of an ES module."""
    return module.removesuffix(".js") + ".file.js"


def _modules(site: Path, page: str, found: refs.Scan) -> set[str]:
    """The ES modules the page starts that the site has: each becomes a bundle."""
    return {m for m in (refs.resolve(page, r) for r in found.modules) if m and (site / m).is_file()}


def copy_page(site: Path, rel: str, pages: frozenset[str]) -> tuple[str, refs.Scan]:
    """One HTML file of the copy (rel: its path in the site) and what the
    original loads and links to."""
    text, toks = html.parsed(site / rel)
    found = refs.scan_html(text)
    page = _page_of(rel)
    bundles = {m: bundle_name(m) for m in _modules(site, page, found)}
    return rewrite_page(site, page, text, bundles, toks, pages), found


class Started:
    """Some pages copied by a process of its own
    (``python -m digitaltforst.offline.sitecopy``, :mod:`..childprocess`)
    while this one builds the search index and copies the other pages:
    tokenizing for the copy's edits is most of the zip's time, and the
    machine has a second core."""

    def __init__(self, site: Path, rels: list[str]) -> None:
        self.rels = rels
        self.pages = refs.pages(site)
        self._dir = Path(tempfile.mkdtemp(prefix="dfs-copy-"))
        (self._dir / "pages.json").write_text(json.dumps({"rels": rels}), encoding="utf-8")
        self._proc = childprocess.start(__spec__.name, str(site), str(self._dir))

    def cancel(self) -> None:
        """The build failed: stop the process, leave nothing behind."""
        self._proc.kill()
        self._proc.communicate()
        shutil.rmtree(self._dir, ignore_errors=True)

    def result(self) -> dict[str, tuple[tuple[int, int], str, refs.Scan]]:
        """rel -> ((mtime_ns, size) of the file read, its copy, its scan); {}
        if the process failed (then this process does those pages)."""
        try:
            _, err = self._proc.communicate()
            if self._proc.returncode != 0:
                # Not a warning (a strict build would stop): the pages are made here.
                log.info("Offlinekopian: hjälpprocessen misslyckades (%s); sidorna görs här",
                         childprocess.last_words(self._proc, err))
                return {}
            with open(self._dir / "out.pickle", "rb") as fh:
                return pickle.load(fh)
        finally:
            shutil.rmtree(self._dir, ignore_errors=True)


def start(site: Path) -> Started:
    """Every other HTML file of the site to a helper process (see :class:`Started`)."""
    rels = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return Started(site, [r for r in rels[1::2] if not _left_out(r)])


def _page_work(site: Path, rel: str, pages: frozenset[str], copy: bool) -> tuple[str | None, refs.Scan]:
    if copy:
        return copy_page(site, rel, pages)
    return None, refs.scan_file(site / rel)


def _helper(site: Path, folder: Path) -> None:
    job = json.loads((folder / "pages.json").read_text(encoding="utf-8"))
    pages = refs.pages(site)
    out = {}
    for rel in job["rels"]:
        stamp = _stamp(site / rel)
        text, found = copy_page(site, rel, pages)
        out[rel] = (stamp, text, found)
    with open(folder / "out.pickle", "wb") as fh:
        pickle.dump(out, fh, protocol=pickle.HIGHEST_PROTOCOL)


@dataclass
class Copies:
    """The copy's HTML files, and what they start: made before the search
    index is done (the copy needs it only as files.js, in :func:`write`)."""
    pages: dict[str, tuple[tuple[int, int], str]] = field(default_factory=dict)  # rel -> (stamp, copy)
    entries: set[str] = field(default_factory=set)  # module entries on the pages
    workers: set[str] = field(default_factory=set)  # the search worker named in __config


def _stamp(file: Path) -> tuple[int, int]:
    st = file.stat()
    return st.st_mtime_ns, st.st_size


def copy_pages(site: Path, started: Started | None = None, copy: bool = True) -> Copies:
    """Every HTML file of the copy. started: pages a helper process copied
    (:func:`start`); one whose file changed since is done again here. copy:
    False only scans the pages for the manifest (no zip: the copies stay
    empty, and a scan is quick enough that no helper is started)."""
    html_files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    pages = refs.pages(site)
    helped = set(started.rels) if started is not None else set()
    done: dict = {}
    copies = Copies()
    # This process's pages first, while the helper makes its own.
    for rel in [r for r in html_files if r not in helped] + [r for r in html_files if r in helped]:
        if _left_out(rel):
            continue
        if rel in helped and started is not None:
            usable = started.pages == pages and copy  # else links point elsewhere
            done = started.result() if usable else {}
            started = None
        stamp = _stamp(site / rel)
        got = done.get(rel)
        if got is not None and got[0] == stamp:
            _, text, found = got
        else:
            text, found = _page_work(site, rel, pages, copy)
        refs.remember(site / rel, stamp[0], found)  # the manifest reads them next
        if text is not None:
            copies.pages[rel] = (stamp, text)
        page = _page_of(rel)
        copies.entries |= _modules(site, page, found)
        loads = (refs.resolve(page, r) for r in found.loads)
        copies.workers.update(p for p in loads if p and p.endswith("worker.js") and (site / p).is_file())
    return copies


def write(site: Path, out: Path | None = None, started: Started | None = None,
          copies: Copies | None = None) -> Path:
    """Write the copy to site/offline/digitalt-forst.zip (or out); returns its
    path. copies: :func:`copy_pages` made earlier (a page changed since is
    made again), else made now with the pages ``started`` made."""
    out = out or site / ZIP_PATH
    copies = copies if copies is not None else copy_pages(site, started)
    entries, workers = copies.entries, copies.workers
    generated: dict[str, str] = {}
    bundled: set[str] = set()
    for path in sorted(entries):
        generated[bundle_name(path)] = jsbundle.entry_script(site, path)
        bundled |= refs.closure(site, {path})
    for path in sorted(workers):
        generated[bundle_name(path)] = jsbundle.worker_script(site, path)
        bundled |= refs.closure(site, {path})
    generated[RUNTIME] = resources.files(__package__).joinpath("file_runtime.js").read_text("utf-8")
    # The search index as scripts.
    search = site / "search"
    if (search / "search_index.json").is_file():
        generated["search/search_index.js"] = "var __index = " + \
            (search / "search_index.json").read_text(encoding="utf-8") + ";\n"
    for folder in sorted(p for p in search.iterdir() if p.is_dir()) if search.is_dir() else []:
        files = {p.relative_to(site).as_posix(): json.loads(p.read_text(encoding="utf-8"))
                 for p in sorted(folder.rglob("*.json"))}
        generated[f"search/{folder.name}/files.js"] = f"__dfsFiles({_json_text(files)});\n"

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".zip.part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        def put(rel: str, data: bytes) -> None:
            info = zipfile.ZipInfo(f"{FOLDER}/{rel}", STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data, compresslevel=6)

        for path in sorted(p for p in site.rglob("*") if p.is_file()):
            rel = path.relative_to(site).as_posix()
            if _left_out(rel) or rel in bundled or rel in generated or path == out:
                continue
            if rel.endswith(".html"):
                made = copies.pages.get(rel)
                # A page changed (or added) since copy_pages is copied now.
                text = made[1] if made and made[0] == _stamp(path) else copy_page(site, rel, refs.pages(site))[0]
                put(rel, text.encode("utf-8"))
            else:
                put(rel, path.read_bytes())
        for rel, text in sorted(generated.items()):
            put(rel, text.encode("utf-8"))
    tmp.replace(out)
    return out


if __name__ == "__main__":
    _helper(Path(sys.argv[1]), Path(sys.argv[2]))
