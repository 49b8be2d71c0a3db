"""The lexicon's expensive answers, kept between builds in `.cache/lexicon/`.

Hunspell's stems and `unmunch` forms and simplemma's lemmas are a pure
function of a word and the installed dictionaries, but computing them costs
seconds per build (Hunspell's runs; simplemma's table where it is not
compiled, see lemmatable.py), however small the edit. Here each answer is
stored per word (or per lemma) in one compact pickle per function and
language, so a build computes only the words it has not seen before; a
`make serve` reload after an edit that adds no new word pays nothing.

The store is keyed by what the answers depend on: the source of lexicon.py
(a changed rule recomputes everything), the dictionary files (path, size,
mtime), the simplemma version and the tools on PATH. A store whose key does
not match is ignored and rewritten.

Per-item storage assumes an item's answer does not depend on the other items
of the call. That holds for stems and lemmas, and for `unmunch` forms with
the sentinel attribution of the search branch; with main's attribution (the
next entry recognised by its root) a form that equals another entry's root
can go to a different lemma depending on the batch: on the real site 167 of
41 000 forms' lemmas differ between one batch and two. Cold and warm builds of
the same vocabulary give the same index.

Two decorators wrap lexicon functions without changing their signature:

- :func:`forward`: ``f(words, lang) -> {word: value}``, one value per word
  (absent = the lexicon does not know it);
- :func:`inverse`: ``f(lemmas, lang) -> {form: {lemma, …}}``: stored per
  lemma as its forms, so the union over lemmas gives the same answer.

Opt-in (DIGITALTFORST_LEXICON_PREFETCH=1): :func:`prefetch` (called by the
plugin when a build starts) computes the words of the Markdown sources in a
worker process on the other core while MkDocs renders the pages; the words
the index then still misses (template text) go to the same worker. Off by
default: on the shared, overloaded 2-core machine (load 15-20) there is no
idle core, and its one measurement (a cold build 446 s against 254-357 s
without it) was made while the cache still handed `hunspell_forms` a list
instead of a set (quadratic, since fixed); it has not been measured again.
"""
from __future__ import annotations

import atexit
import copy
import functools
import hashlib
import os
import pickle
import shutil
import sys
import tempfile
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Iterable

CACHE_DIR = Path(".cache/lexicon")
# DIGITALTFORST_LEXICON_CACHE=0 switches the store off (every build computes).
ENABLED_ENV = "DIGITALTFORST_LEXICON_CACHE"
PREFETCH_ENV = "DIGITALTFORST_LEXICON_PREFETCH"
FORMAT = 1

_lock = threading.RLock()
_stores: dict[tuple[str, str], "_Store"] = {}
_executor: ProcessPoolExecutor | None = None
_pending: list[Future] = []
_in_worker = False


def enabled() -> bool:
    return os.environ.get(ENABLED_ENV, "1") not in ("0", "false", "no")


_SOURCES: list[Path] = []
_DICTIONARIES: list[Callable[[str], Any]] = []


def depends_on(source: Path, dictionary_files: Callable[[str], Any]) -> None:
    """Called by lexicon.py: its source and its dictionaries key the stores.
    (Registered, not imported: the lexicon imports this module.)"""
    if source not in _SOURCES:
        _SOURCES.append(source)
        _DICTIONARIES.append(dictionary_files)
        version_key.cache_clear()


@functools.lru_cache(maxsize=None)
def version_key(name: str, lang: str) -> str:
    """What a stored answer of ``name`` for ``lang`` depends on."""
    digest = hashlib.sha256(f"{FORMAT}:{name}:{lang}".encode())
    for source in _SOURCES:
        digest.update(source.read_bytes())
    for files_of in _DICTIONARIES:
        try:
            files = files_of(lang)
        except KeyError:
            files = None
        for path in files or ():
            st = path.stat()
            digest.update(f"{path}:{st.st_size}:{st.st_mtime_ns}".encode())
    for tool in ("hunspell", "unmunch"):
        digest.update(f"{tool}={shutil.which(tool)}".encode())
    try:
        digest.update(metadata.version("simplemma").encode())
    except metadata.PackageNotFoundError:
        digest.update(b"no simplemma")
    return digest.hexdigest()[:24]


def _path(name: str, lang: str) -> Path:
    return _folder(os.getcwd(), str(CACHE_DIR)) / f"{name}.{lang}.pickle"


@functools.lru_cache(maxsize=8)
def _folder(cwd: str, folder: str) -> Path:
    return Path(cwd, folder).resolve()


class _Store:
    """item -> value for one function and language, loaded once per process."""

    def __init__(self, name: str, lang: str) -> None:
        self.name, self.lang = name, lang
        self.key = version_key(name, lang)
        self.path = _path(name, lang)
        self.items: dict[str, Any] = {}
        self.mtime = None
        self.load()

    def load(self) -> None:
        try:
            st = self.path.stat()
            if st.st_mtime_ns == self.mtime:
                return
            with open(self.path, "rb") as fh:
                data = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            return
        if isinstance(data, dict) and data.get("key") == self.key:
            self.items.update(data.get("items") or {})
            self.mtime = st.st_mtime_ns

    def save(self) -> None:
        """Atomically (parallel builds and tests may share the folder)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump({"key": self.key, "items": self.items}, fh,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
            self.mtime = self.path.stat().st_mtime_ns
        except OSError:
            pass  # a read-only checkout: the next build computes again


def _store(name: str, lang: str) -> _Store:
    with _lock:
        store = _stores.get((name, lang))
        if store is None or store.path != _path(name, lang):
            store = _stores[(name, lang)] = _Store(name, lang)
        else:
            store.load()  # another process (the worker) may have added items
        return store


def _missing(name: str, lang: str, items: Iterable[str]) -> tuple[_Store, list[str]]:
    wait_for_prefetch()
    store = _store(name, lang)
    return store, sorted({i for i in items if i not in store.items})


def _compute(name: str, kind: str, fn: Callable, missing: list[str], lang: str) -> dict:
    """fn on the missing items: in the worker if one is running (its tables are loaded)."""
    wrapper = _WRAPPERS.get(name)
    if _executor is not None and not _in_worker and wrapper is not None:
        try:
            return _executor.submit(_worker_call, wrapper, kind, missing, lang).result()
        except Exception:  # a broken worker: compute here
            pass
    return _per_item(kind, fn(_argument(kind, missing), lang), missing)


def _argument(kind: str, missing: list[str]):
    """What the wrapped function takes: a list of words, a set of lemmas."""
    return set(missing) if kind == "inverse" else missing


def _per_item(kind: str, result: dict, items: list[str]) -> dict[str, Any]:
    if kind == "forward":
        return {item: result.get(item) for item in items}
    by_lemma: dict[str, list[str]] = {item: [] for item in items}
    for form, lemmas in result.items():
        for lemma in lemmas:
            if lemma in by_lemma:
                by_lemma[lemma].append(form)
    return by_lemma


_WRAPPERS: dict[str, Callable] = {}  # name -> the module-level wrapper (picklable)


def forward(name: str) -> Callable:
    """Cache ``f(words, lang) -> {word: value}`` per word."""
    return _decorator(name, "forward")


def inverse(name: str) -> Callable:
    """Cache ``f(lemmas, lang) -> {form: set(lemmas)}`` per lemma."""
    return _decorator(name, "inverse")


def _decorator(name: str, kind: str) -> Callable:
    def wrap(fn: Callable) -> Callable:
        @functools.wraps(fn)
        def cached(items, lang: str, *args, **kwargs):
            if args or kwargs or not enabled():
                return fn(items, lang, *args, **kwargs)
            items = list(items)
            flush()
            with _lock:
                store, missing = _missing(name, lang, items)
                if missing:
                    store.items.update(_compute(name, kind, fn, missing, lang))
                    store.save()
            return _assemble(kind, store.items, items)

        cached.uncached = fn
        _WRAPPERS[name] = cached
        return cached
    return wrap


def _assemble(kind: str, stored: dict[str, Any], items: list[str]) -> dict:
    if kind == "forward":  # copies: a caller may add to a returned set
        return {item: copy.copy(stored[item]) for item in items if stored.get(item) is not None}
    forms: dict[str, set[str]] = {}
    for lemma in set(items):
        for form in stored.get(lemma) or ():
            forms.setdefault(form, set()).add(lemma)
    return forms


def lookup(name: str, lang: str, item: str,
           compute: Callable[[list[str], str], dict[str, Any]]) -> Any:
    """One item of a per-item lookup such as simplemma's lemma of a word
    (None is stored too); ``compute(missing, lang)``, a module-level function,
    runs only for an unseen item, in the worker when one is running. Saved by
    :func:`flush`."""
    if not enabled():
        return compute([item], lang).get(item)
    store = _store_fast(name, lang)
    if item in store.items:
        return store.items[item]
    with _lock:
        found = None
        if _executor is not None and not _in_worker:
            try:
                found = _executor.submit(compute, [item], lang).result()
            except Exception:
                found = None
        if found is None:
            found = compute([item], lang)
        store.items[item] = found.get(item)
        _dirty.add((name, lang))
    return store.items[item]


_dirty: set[tuple[str, str]] = set()
_fast: dict[tuple[str, str], _Store] = {}


def _store_fast(name: str, lang: str) -> _Store:
    """The store without re-checking the file: for lookups made word by word."""
    store = _fast.get((name, lang))
    if store is None or _pending or store.path != _path(name, lang):
        with _lock:
            wait_for_prefetch()
            store = _fast[(name, lang)] = _store(name, lang)
    return store


def flush() -> None:
    """Save the stores that :func:`lookup` added to."""
    with _lock:
        while _dirty:
            name, lang = _dirty.pop()
            _store(name, lang).save()


def reset_fast() -> None:
    """Forget the word-by-word stores' snapshot (a new build starts)."""
    _fast.clear()


atexit.register(flush)


# -- the worker ----------------------------------------------------------------

def _init_worker(cache_dir: str) -> None:
    global _in_worker, CACHE_DIR
    _in_worker = True
    CACHE_DIR = Path(cache_dir)


def _worker_call(wrapper: Callable, kind: str, missing: list[str], lang: str) -> dict:
    # In the worker the wrapper computes (and stores) there itself.
    return _per_item(kind, wrapper(_argument(kind, missing), lang), missing)


def _worker_prefetch(build: Callable, texts: dict[str, str]) -> None:
    """Run the index's lexicon steps on the sources' words: fills the stores."""
    for lang, text in texts.items():
        if text.strip():
            build([{"location": "", "title": "", "text": text}], lang)
    flush()


def _start() -> ProcessPoolExecutor | None:
    global _executor
    if _executor is None and not _in_worker:
        import multiprocessing

        try:
            _executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_init_worker,
                                            initargs=(str(CACHE_DIR.resolve()),))
        except (OSError, ValueError):
            _executor = None
    return _executor


def prefetch(texts: dict[str, str], build: Callable) -> None:
    """Start computing the lexicon for these texts (lang -> text) in the
    background with ``build`` (the index's build, which calls the cached
    lexicon); the next cached call waits for it."""
    if not enabled() or _in_worker or not any(t.strip() for t in texts.values()) \
            or os.environ.get(PREFETCH_ENV, "0") in ("0", "", "false", "no"):
        return
    if sys.platform == "win32":  # spawn of `python -m mkdocs`: not worth it there
        return
    executor = _start()
    if executor is not None:
        _pending.append(executor.submit(_worker_prefetch, build, texts))


def wait_for_prefetch() -> None:
    while _pending:
        future = _pending.pop(0)
        try:
            future.result()
        except Exception:  # the build computes what the worker did not
            pass
