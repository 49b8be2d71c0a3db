"""The lexicon: a word's stems, compound parts and forms, from Hunspell's
dictionaries (affix and compound rules), a small decompounder and simplemma
(irregular forms). Used by the search index and, for the question whether
Hunspell is there at all, by the spelling check.

Everything here is a pure function of a word list and the installed
dictionaries (:func:`analyze`, :func:`hunspell_forms`, :meth:`Lemmas.forms_of`),
so its results can be cached between builds.
"""
from __future__ import annotations

import functools
import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import cache, lemmatable

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


@dataclass(frozen=True)
class Analysis:
    """What the lexicon knows about one word of the text.

    stems: the word's lemmas ("nycklarna" -> {"nyckel"}); for a compound the
    modifier plus the head's lemma ("lösenordshanterarna" -> {"lösenordshantera"},
    Hunspell's sv_SE counts agent nouns among the verb's forms).
    head / modifier: for a compound, the head's lemma and the text before the
    head ("hantera", "lösenords"); None for a simple word.
    """
    stems: frozenset[str]
    head: str | None = None
    modifier: str | None = None


def _hunspell_morph(words: list[str], lang: str) -> dict[str, list[list[tuple[str, str]]]]:
    """word -> Hunspell's analyses (`hunspell -m`), each a list of (part, stem)
    pairs: one pair with part "" for a simple word, one per part for a compound.
    Unknown words are absent. One process for the whole list."""
    if not words or not hunspell_available(lang):
        return {}
    out = subprocess.run(["hunspell", "-d", DICTIONARIES[lang], "-m", "-i", "utf-8"],
                         input="\n".join(words), capture_output=True, text=True,
                         timeout=600).stdout
    result: dict[str, list[list[tuple[str, str]]]] = defaultdict(list)
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 2:
            continue
        pairs: list[tuple[str, str]] = []
        part = ""
        for field in fields[1:]:
            if field.startswith("pa:"):
                part = field[3:].lower()
            elif field.startswith("st:"):
                pairs.append((part, field[3:].lower()))
                part = ""
        if pairs:
            result[fields[0].lower()].append(pairs)
    return result


def _from_morph(word: str, analyses: list[list[tuple[str, str]]]) -> Analysis | None:
    simple = {pairs[0][1] for pairs in analyses if len(pairs) == 1 and not pairs[0][0]}
    if simple:  # a dictionary word: its own lemmas, even if it could also be split
        return Analysis(frozenset(simple))
    for pairs in analyses:
        head_part, head = pairs[-1]
        if head_part and word.endswith(head_part) and len(word) - len(head_part) >= 2:
            modifier = word[: len(word) - len(head_part)]
            return Analysis(frozenset({modifier + head}), head, modifier)
    return None


def split_candidates(word: str, min_part: int = 3) -> list[tuple[str, str]]:
    """(modifier, head) splits of a word, longest head first."""
    return [(word[:i], word[i:]) for i in range(min_part, len(word) - min_part + 1)]


@cache.forward("analyze")
def analyze(words: list[str], lang: str) -> dict[str, Analysis]:
    """word -> Analysis, for the words the lexicon can place; others are absent.

    Hunspell places dictionary words and the compounds its rules allow
    ("gästnätverket" -> "gäst" + "nätverk"). A longer word it does not know is
    split by :func:`decompound` into a known head and a modifier
    ("reservkoderna" -> "reserv" + "kod"). Two Hunspell runs in all: the words,
    then the candidate parts of the unknown ones.
    """
    morph = _hunspell_morph(words, lang)
    result: dict[str, Analysis] = {}
    unknown: list[str] = []
    for word in words:
        if any(c.isdigit() for c in word):
            continue
        found = _from_morph(word, morph[word]) if word in morph else None
        if found:
            result[word] = found
        elif word.isalpha() and len(word) >= 6:
            unknown.append(word)
    parts = sorted({p for w in unknown for split in split_candidates(w) for p in split})
    part_morph = _hunspell_morph(parts, lang)
    known = {p: a for p in parts if p in part_morph and (a := _from_morph(p, part_morph[p]))}
    for word in unknown:
        found = decompound(word, known)
        if found:
            result[word] = found
    return result


def decompound(word: str, known: dict[str, Analysis]) -> Analysis | None:
    """A compound of a known head and a modifier. Among the splits with a known
    head, the longest modifier that is a known word, possibly with a linking
    -s ("utskrifts" + "kön", not "utskrift" + "skön"); else the longest known
    head of at least four letters ("windows" + "dator"; not "pyt" + "hon")."""
    best, fallback = None, None
    for modifier, head in split_candidates(word):
        if head not in known:
            continue
        found = Analysis(frozenset(modifier + lemma for lemma in known[head].stems),
                         min(known[head].stems), modifier)
        if len(head) >= 4:
            fallback = fallback or found
        if modifier in known or (modifier.endswith("s") and modifier[:-1] in known):
            best = found  # later splits have longer modifiers
    return best or fallback


SENTINEL = "qxqsentinelqxq"  # a dictionary line between entries; no word of any language


@cache.inverse("hunspell_forms")
def hunspell_forms(lemmas: set[str], lang: str) -> dict[str, set[str]]:
    """form -> lemmas, for every form Hunspell's affix rules give the lemmas.

    `unmunch` prints each dictionary entry's forms in the order of the
    (subset) dictionary. A sentinel entry after each one tells which lemma
    made which form: a form can equal the next entry's root ("hantera" makes
    "hanterar", which is also an entry of its own).
    """
    files = dictionary_files(lang)
    if not lemmas or files is None or shutil.which("unmunch") is None:
        return {}
    aff, dic = files
    lines = [line for line in dic.read_text(encoding="utf-8", errors="replace").splitlines()[1:]
             if line.split("/", 1)[0].lower() in lemmas]
    roots = [line.split("/", 1)[0].lower() for line in lines]
    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp) / "subset.dic"
        body = "".join(f"{line}\n{SENTINEL}\n" for line in lines)
        subset.write_text(f"{2 * len(lines)}\n{body}", encoding="utf-8")
        out = subprocess.run(["unmunch", str(subset), str(aff)], capture_output=True,
                             timeout=600).stdout.decode("utf-8", "replace").split()
    forms: dict[str, set[str]] = defaultdict(set)
    entry = 0
    for token in out:
        if token == SENTINEL:
            entry += 1
            continue
        if entry >= len(roots) or "/" in token or token.endswith("-"):
            continue
        forms[token.lower()].add(roots[entry])
    return forms


class Lemmas:
    """Lemmas of one language from simplemma's form -> lemma table (read
    only when an answer is not in the lexicon cache, see cache.py; compiled
    at install, see lemmatable.py). ``table`` is simplemma's own."""

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
    if lemmatable.available(lang):
        compiled = lemmatable.lemmas(words, lang)
        found = {word: compiled.get(word) for word in words}
    else:
        table = _lemma_table(lang)
        found = {word: table.get(word) for word in words}
    return {word: lemma.lower() if lemma else None for word, lemma in found.items()}


@cache.inverse("simplemma_forms")
def simplemma_forms(lemmas: set[str], lang: str) -> dict[str, set[str]]:
    """form -> lemmas, for the forms simplemma gives the (lower-case) lemmas.

    Without the compiled table: one pass over simplemma's (inverting it
    whole took about 3 s a language); it stores UTF-8 bytes, and the distinct
    lemmas are few, so they are decoded once to find the wanted ones.
    """
    lemmas = set(lemmas)
    forms: dict[str, set[str]] = defaultdict(set)
    for form, lemma in _entries_of(lemmas, lang):
        form_text, lemma_text = form.lower(), lemma.lower()
        if form_text != lemma_text and WORD.fullmatch(form_text):
            forms[form_text].add(lemma_text)
    return forms


def _entries_of(lemmas: set[str], lang: str) -> list[tuple[str, str]]:
    """simplemma's (form, lemma) entries whose lemma, lower-cased, is wanted:
    from the compiled table (lemmatable.py), else one pass over simplemma's."""
    if lemmatable.available(lang):
        return lemmatable.forms(lemmas, lang)
    table = _lemma_table(lang)
    raw = getattr(table, "_dict", None)
    if raw is None:  # another simplemma storage: plain strings
        raw = {form.encode(): lemma.encode() for form, lemma in table.items()}
    wanted = {lemma for lemma in set(raw.values()) if lemma.decode().lower() in lemmas}
    return [(form.decode(), lemma.decode()) for form, lemma in raw.items() if lemma in wanted]


@functools.lru_cache(maxsize=None)
def _lemma_table(lang: str) -> Any:
    """simplemma's form -> lemma table, loaded once per language and process
    (`mkdocs serve` rebuilds do not load it again)."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    return DefaultDictionaryFactory().get_dictionary(lang)


cache.depends_on(Path(__file__), dictionary_files)
cache.depends_on(Path(lemmatable.__file__), dictionary_files)
