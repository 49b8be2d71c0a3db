"""Inflection-aware, fragment-loaded search index, one per language.

Why: Material's lunr search with `lang: sv` does not stem (and stems neither
side consistently when switched on), and downloads the whole index on every
first page load. Here, at build time:

1. every word of every page is indexed under its surface form and under its
   Hunspell stems (sv_SE / en_US dictionaries: "nycklarna" -> "nyckel");
2. all inflected forms of those stems are generated with Hunspell's
   `unmunch`, so a query form that never occurs in the text still maps to
   the right stem ("biblioteket" -> "bibliotek");
3. the index is cut into small JSON shards by the first two letters of the
   key, and the documents into shards of 64, under `search/<lang>/`.

The browser-side worker (overrides/assets/javascripts/workers/dfs-search.js)
keeps Material's search UI and message protocol, and fetches only the shards
a query needs. `search/search_index.json` keeps just the configuration, so a
page load downloads almost nothing for search.
"""
from __future__ import annotations

import functools
import html
import json
import pickle
import re
import shutil
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

DICTIONARIES = {"sv": "sv_SE", "en": "en_US"}
DICT_DIRS = (Path("/usr/share/hunspell"), Path("/usr/share/myspell/dicts"))
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
TAG = re.compile(r"<[^>]+>")
DOCS_PER_SHARD = 64
MAX_POSTINGS = 60  # per key: the best documents; the result list shows far fewer
SNIPPET = 220
SCHEMA = 1


def tokens(text: str) -> list[str]:
    """Lower-case words; a hyphenated word also yields its parts."""
    out = []
    for match in WORD.finditer(text.lower()):
        word = match.group(0)
        if len(word) >= 2:
            out.append(word)
        if "-" in word:
            out.extend(part for part in word.split("-") if len(part) >= 2)
    return out


def shard_of(key: str) -> str:
    """The shard a key lives in: its first two characters (one for short keys)."""
    return key[:2]


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(TAG.sub(" ", text or ""))).strip()


# -- stems and forms: Hunspell (affix rules) plus simplemma (irregular forms) ----

def dictionary_files(lang: str) -> tuple[Path, Path] | None:
    name = DICTIONARIES[lang]
    for folder in DICT_DIRS:
        aff, dic = folder / f"{name}.aff", folder / f"{name}.dic"
        if aff.is_file() and dic.is_file():
            return aff, dic
    return None


def hunspell_available(lang: str) -> bool:
    return shutil.which("hunspell") is not None and dictionary_files(lang) is not None


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
    """Lemmas of one language from simplemma's form -> lemma table.

    The table is read and inverted (lemma -> forms) once per process, so
    `mkdocs serve` rebuilds and the two languages of a build do not pay again.
    """

    def __init__(self, lang: str) -> None:
        self.table, self.by_lemma = _lemma_tables(lang)

    def lemma(self, word: str) -> str | None:
        found = self.table.get(word)
        return found.lower() if found else None

    def forms_of(self, lemmas: set[str]) -> dict[str, set[str]]:
        forms: dict[str, set[str]] = defaultdict(set)
        for lemma in lemmas:
            for form in self.by_lemma.get(lemma, ()):
                forms[form].add(lemma)
        return forms


LEMMA_CACHE = Path(".cache/search")


@functools.lru_cache(maxsize=None)
def _lemma_tables(lang: str) -> tuple[Any, dict[str, list[str]]]:
    """simplemma's form -> lemma table and its inverse; the inverse (slow to
    compute, about 1.5 s a language) is kept in .cache/search/ between builds."""
    import simplemma
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    table = DefaultDictionaryFactory().get_dictionary(lang)
    cache = LEMMA_CACHE / f"lemmas-{lang}-{getattr(simplemma, '__version__', 'x')}.pickle"
    try:
        with open(cache, "rb") as fh:
            return table, pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError):
        pass
    by_lemma: dict[str, list[str]] = defaultdict(list)
    for form, lemma in table.items():
        form, lemma = form.lower(), lemma.lower()
        if form != lemma and WORD.fullmatch(form):
            by_lemma[lemma].append(form)
    by_lemma = dict(by_lemma)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with open(cache, "wb") as fh:
            pickle.dump(by_lemma, fh, protocol=pickle.HIGHEST_PROTOCOL)
    except OSError:
        pass  # a read-only checkout still builds, just slower
    return table, by_lemma


# -- the index -------------------------------------------------------------------

def build(docs: list[dict], lang: str) -> dict:
    """docs: Material search entries of one language -> shards to write."""
    table: list[list] = []
    postings: dict[str, dict[int, int]] = defaultdict(dict)
    pages: dict[str, int] = {}
    for doc in docs:
        location, title, text = doc["location"], plain(doc.get("title", "")), plain(doc.get("text", ""))
        page = location.split("#", 1)[0]
        parent = pages.get(page, -1) if "#" in location else -1
        doc_id = len(table)
        if "#" not in location:
            pages[page] = doc_id
        snippet = text if len(text) <= SNIPPET else text[:SNIPPET].rsplit(" ", 1)[0] + " …"
        table.append([location, title, snippet, parent])
        counts: dict[str, int] = defaultdict(int)
        for word in tokens(title):
            counts[word] += 10  # a word in a heading says more than one in the text
        for word in tokens(text):
            counts[word] += 1
        for word, weight in counts.items():
            postings[word][doc_id] = min(weight, 255)
    vocabulary = sorted(postings)
    lemmas = Lemmas(lang)
    word_stems = hunspell_stems(vocabulary, lang)
    for word in vocabulary:
        lemma = lemmas.lemma(word)
        if lemma and lemma != word and WORD.fullmatch(lemma):
            word_stems.setdefault(word, set()).add(lemma)
    # Index each word under its stems too ("nycklarna" is found by "nyckel").
    for word in vocabulary:
        for stem in word_stems.get(word, ()):
            if stem != word:
                target = postings[stem]
                for doc_id, weight in postings[word].items():
                    target[doc_id] = max(target.get(doc_id, 0), weight)
    # Forms a reader may type, mapped to the keys they belong to: the text's own
    # words, the affix forms of their stems, and irregular forms ("valde").
    keys = set(postings)
    forms: dict[str, set[str]] = defaultdict(set)
    for word, found in word_stems.items():
        forms[word] |= found
    stems_all = {s for found in word_stems.values() for s in found} | keys
    for source in (hunspell_forms(stems_all, lang), lemmas.forms_of(stems_all)):
        for form, found in source.items():
            forms[form] |= found
    forms = {form: sorted(found & keys - {form}) for form, found in forms.items()}
    forms = {form: found for form, found in forms.items() if found}
    return {"docs": table, "postings": postings, "forms": forms,
            "stemmed": hunspell_available(lang)}


def write(index: dict, folder: Path) -> dict:
    """Write the shards; return counts for the build log."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "t").mkdir(parents=True)
    (folder / "d").mkdir()
    total = len(index["docs"])
    shards: dict[str, dict] = defaultdict(lambda: {"p": {}, "f": {}})
    for key, docs in index["postings"].items():
        best = sorted(docs.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_POSTINGS]
        # [document frequency, doc ids..., weights...] keeps the JSON small
        shards[shard_of(key)]["p"][key] = [len(docs), [d for d, _ in best], [w for _, w in best]]
    for form, keys in index["forms"].items():
        shards[shard_of(form)]["f"][form] = keys
    for name, shard in shards.items():
        (folder / "t" / f"{_file_name(name)}.json").write_text(
            json.dumps(shard, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    for start in range(0, total, DOCS_PER_SHARD):
        (folder / "d" / f"{start // DOCS_PER_SHARD}.json").write_text(
            json.dumps(index["docs"][start:start + DOCS_PER_SHARD], ensure_ascii=False,
                       separators=(",", ":")), encoding="utf-8")
    meta = {"schema": SCHEMA, "docs": total, "perShard": DOCS_PER_SHARD,
            "stemmed": index["stemmed"]}
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return {"docs": total, "keys": len(index["postings"]), "forms": len(index["forms"]),
            "shards": len(shards)}


def _file_name(prefix: str) -> str:
    """Shard file names that are safe on every file system and URL."""
    return "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}" for c in prefix)


def rewrite_site_index(site_dir: Path, langs: list[str]) -> dict[str, dict]:
    """Split Material's combined index into per-language shards."""
    index_file = site_dir / "search" / "search_index.json"
    if not index_file.is_file():
        return {}
    data = json.loads(index_file.read_text(encoding="utf-8"))
    others = langs[1:]
    by_lang: dict[str, list[dict]] = {lang: [] for lang in langs}
    for doc in data.get("docs", []):
        lang = next((o for o in others if doc["location"].startswith(f"{o}/")), langs[0])
        by_lang[lang].append(doc)
    stats = {}
    for lang, docs in by_lang.items():
        stats[lang] = write(build(docs, lang), site_dir / "search" / lang)
    # Material's bundle fetches this file on every page load: keep only config.
    index_file.write_text(json.dumps({"config": data.get("config", {}), "docs": []}),
                          encoding="utf-8")
    return stats
