"""The lexicon: a word's stems and forms, from Hunspell's dictionaries (affix
rules) and simplemma (irregular forms). Used by the search index and, for
the question whether Hunspell is there at all, by the spelling check.
"""
from __future__ import annotations

import functools
import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from . import cache

DICTIONARIES = {"sv": "sv_SE", "en": "en_US"}
DICT_DIRS = (Path("/usr/share/hunspell"), Path("/usr/share/myspell/dicts"))
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def dictionary_files(lang: str) -> tuple[Path, Path] | None:
    name = DICTIONARIES[lang]
    for folder in DICT_DIRS:
        aff, dic = folder / f"{name}.aff", folder / f"{name}.dic"
        if aff.is_file() and dic.is_file():
            return aff, dic
    return None


def hunspell_available(lang: str) -> bool:
    return shutil.which("hunspell") is not None and dictionary_files(lang) is not None


@cache.forward("hunspell_stems")
def hunspell_stems(words: list[str], lang: str) -> dict[str, set[str]]:
    """word -> Hunspell stems ("nycklarna" -> {"nyckel"}); unknown words are absent."""
    if not words or not hunspell_available(lang):
        return {}
    out = subprocess.run(["hunspell", "-d", DICTIONARIES[lang], "-s", "-i", "utf-8"],
                         input="\n".join(words), capture_output=True, text=True,
                         timeout=600).stdout
    result: dict[str, set[str]] = defaultdict(set)
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            result[parts[0].lower()].add(parts[-1].lower())
    return result


@cache.inverse("hunspell_forms")
def hunspell_forms(lemmas: set[str], lang: str) -> dict[str, set[str]]:
    """form -> lemmas, for every form Hunspell's affix rules give the lemmas.

    `unmunch` prints each dictionary entry's root followed by its forms, in
    the order of the (subset) dictionary, which tells which lemma made which form.
    """
    files = dictionary_files(lang)
    if not lemmas or files is None or shutil.which("unmunch") is None:
        return {}
    aff, dic = files
    lines = [line for line in dic.read_text(encoding="utf-8", errors="replace").splitlines()[1:]
             if line.split("/", 1)[0].lower() in lemmas]
    roots = [line.split("/", 1)[0] for line in lines]
    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp) / "subset.dic"
        subset.write_text(f"{len(lines)}\n" + "\n".join(lines) + "\n", encoding="utf-8")
        out = subprocess.run(["unmunch", str(subset), str(aff)], capture_output=True,
                             timeout=600).stdout.decode("utf-8", "replace").split()
    forms: dict[str, set[str]] = defaultdict(set)
    current, following = None, 0
    for token in out:
        if following < len(roots) and token == roots[following]:
            current, following = roots[following].lower(), following + 1
        if current is None or "/" in token or token.endswith("-"):
            continue
        forms[token.lower()].add(current)
    return forms


class Lemmas:
    """Lemmas of one language from simplemma's form -> lemma table (loaded
    only when an answer is not in the lexicon cache, see cache.py)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    @functools.cached_property
    def table(self) -> Any:
        return _lemma_table(self.lang)

    def lemma(self, word: str) -> str | None:
        return cache.lookup("simplemma_lemma", self.lang, word, simplemma_lemmas)

    def forms_of(self, lemmas: set[str]) -> dict[str, set[str]]:
        """form -> lemmas, for the forms simplemma gives the (lower-case) lemmas."""
        return simplemma_forms(lemmas, self.lang)


def simplemma_lemmas(words: list[str], lang: str) -> dict[str, str | None]:
    table = _lemma_table(lang)
    found = {word: table.get(word) for word in words}
    return {word: lemma.lower() if lemma else None for word, lemma in found.items()}


@cache.inverse("simplemma_forms")
def simplemma_forms(lemmas: set[str], lang: str) -> dict[str, set[str]]:
    """form -> lemmas, for the forms simplemma gives the (lower-case) lemmas.

    One pass over the table; inverting the whole table instead took about
    3 s a language. The table stores UTF-8 bytes: the distinct lemmas are
    few, so they are decoded once to find the wanted ones.
    """
    lemmas = set(lemmas)
    table = _lemma_table(lang)
    raw = getattr(table, "_dict", None)
    if raw is None:  # another simplemma storage: plain strings
        raw = {form.encode(): lemma.encode() for form, lemma in table.items()}
    wanted = {lemma for lemma in set(raw.values()) if lemma.decode().lower() in lemmas}
    forms: dict[str, set[str]] = defaultdict(set)
    for form, lemma in raw.items():
        if lemma in wanted:
            form_text, lemma_text = form.decode().lower(), lemma.decode().lower()
            if form_text != lemma_text and WORD.fullmatch(form_text):
                forms[form_text].add(lemma_text)
    return forms


@functools.lru_cache(maxsize=None)
def _lemma_table(lang: str) -> Any:
    """simplemma's form -> lemma table, loaded once per language and process
    (`mkdocs serve` rebuilds do not load it again)."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    return DefaultDictionaryFactory().get_dictionary(lang)


cache.depends_on(Path(__file__), dictionary_files)
