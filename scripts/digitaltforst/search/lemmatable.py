"""simplemma's form -> lemma tables compiled once, at install, into SQLite.

simplemma ships each table front-coded and lzma-compressed; decoding the
Swedish one takes about 0.9 s, and every build without a lexicon cache
(a fresh clone, CI) paid it, plus a pass over its 960 000 entries to find
the forms of the text's lemmas. The compiled table answers both questions
by index lookups: a word's lemma, and the forms of a set of lemmas.

`make site` compiles it into the virtual environment next to simplemma
(``python -m digitaltforst.cli compile-lexicon``), named by simplemma's
version, so an upgrade of simplemma is never answered from an old table.
Without a compiled table the lexicon reads simplemma's own (lexicon.py).
"""
from __future__ import annotations

import os
import sqlite3
import sys
from importlib import metadata
from pathlib import Path
from typing import Iterable

FORMAT = 1
# SQLite's default limit on host parameters is 32766; stay well below it.
_CHUNK = 900

_connections: dict[tuple[int, str], sqlite3.Connection | None] = {}


def folder() -> Path:
    return Path(sys.prefix) / "share" / "digitaltforst"


def path(lang: str) -> Path:
    try:
        version = metadata.version("simplemma")
    except metadata.PackageNotFoundError:
        version = "none"
    return folder() / f"simplemma-{version}-f{FORMAT}-{lang}.sqlite"


def compile_table(lang: str) -> Path:
    """Write the compiled table of ``lang``; replaced atomically, so a build
    running meanwhile reads the old file or the new one, never half of one."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    target = path(lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    table = DefaultDictionaryFactory().get_dictionary(lang)
    raw = getattr(table, "_dict", None)
    rows = ((form.decode(), lemma.decode()) for form, lemma in raw.items()) if raw is not None \
        else iter(table.items())
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    partial.unlink(missing_ok=True)
    db = sqlite3.connect(partial)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("CREATE TABLE forms (form TEXT PRIMARY KEY, lemma TEXT NOT NULL,"
                   " lemma_lower TEXT NOT NULL) WITHOUT ROWID")
        # Python's str.lower, not SQLite's lower() (ASCII only): "Öland" -> "öland".
        db.executemany("INSERT INTO forms VALUES (?, ?, ?)",
                       ((form, lemma, lemma.lower()) for form, lemma in rows))
        db.execute("CREATE INDEX forms_by_lemma ON forms (lemma_lower)")
        db.commit()
    finally:
        db.close()
    os.replace(partial, target)
    _connections.pop((os.getpid(), lang), None)  # "no table" is no longer true
    return target


def _connection(lang: str) -> sqlite3.Connection | None:
    """A read-only connection of this process (a forked build opens its own:
    SQLite connections must not cross a fork), or None without a table."""
    key = (os.getpid(), lang)
    if key not in _connections:
        file = path(lang)
        db = None
        if file.is_file():
            try:
                db = sqlite3.connect(f"{file.as_uri()}?mode=ro&immutable=1", uri=True,
                                     check_same_thread=False)
                db.execute("SELECT form, lemma, lemma_lower FROM forms LIMIT 1").fetchall()
            except sqlite3.Error:
                db = None
        _connections[key] = db
    return _connections[key]


def available(lang: str) -> bool:
    return _connection(lang) is not None


def _select(sql: str, keys: Iterable[str], lang: str) -> list[tuple[str, str]]:
    """Rows of ``sql`` (``… IN ({marks})``) for the keys, in chunks."""
    db = _connection(lang)
    assert db is not None, "no compiled table: check available() first"
    keys = sorted(set(keys))
    rows: list[tuple[str, str]] = []
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start:start + _CHUNK]
        rows.extend(db.execute(sql.format(marks=",".join("?" * len(chunk))), chunk))
    return rows


def lemmas(words: Iterable[str], lang: str) -> dict[str, str]:
    """word -> simplemma's lemma (as stored), for the words the table has."""
    return dict(_select("SELECT form, lemma FROM forms WHERE form IN ({marks})", words, lang))


def forms(lemmas_lower: Iterable[str], lang: str) -> list[tuple[str, str]]:
    """(form, lemma) of every entry whose lemma, lower-cased, is one of these."""
    return _select("SELECT form, lemma FROM forms WHERE lemma_lower IN ({marks})", lemmas_lower, lang)


def compile_missing(langs: list[str]) -> list[str]:
    """Compile the tables of ``langs`` that are missing or unreadable and
    remove those of another simplemma version or format; what failed, in
    Swedish (the build then reads simplemma's own table, only slower)."""
    current = {path(lang) for lang in langs}
    for stale in folder().glob("simplemma-*.sqlite") if folder().is_dir() else ():
        if stale not in current:
            stale.unlink(missing_ok=True)
    problems = []
    for lang in langs:
        if available(lang):
            continue
        try:
            compile_table(lang)
        except (OSError, sqlite3.Error, ValueError) as exc:
            problems.append(f"simplemmas tabell för {lang} kunde inte kompileras ({exc}); bygget "
                            "läser simplemmas egen tabell i stället (långsammare utan .cache/).")
    return problems
