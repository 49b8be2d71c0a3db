"""Inflection-aware, fragment-loaded search index, one per language.

Why: Material's lunr search with `lang: sv` does not stem (and stems neither
side consistently when switched on), and downloads the whole index on every
first page load. Here, at build time:

1. every word of every page is indexed under its surface form and under its
   Hunspell stems (sv_SE / en_US dictionaries: "nycklarna" -> "nyckel");
2. all inflected forms of those stems are generated with Hunspell's
   `unmunch`, so a query form that never occurs in the text still maps to
   the right stem ("biblioteket" -> "bibliotek");
3. the keys are cut into term shards by prefix, adaptively: a prefix whose
   shard would be larger than SHARD_GZ bytes gzipped is split by one more
   letter, and keeps only the keys equal to it plus a few frequent
   completions for search as you type. meta.json lists the split prefixes,
   so the worker fetches exactly one shard per query word;
4. every document (a page or a section) is its own small file, `d/<id>.json`,
   so the first result screen costs only the documents it shows (on the
   1000-lesson benchmark the top results lie on as many pages as there are
   results, so any grouping of documents downloads mostly unused ones).

The browser-side worker (overrides/assets/js/search-worker.js, with the pure
logic in search-core.js) keeps Material's search UI and message protocol, and
fetches only the files a query needs. `search/search_index.json` keeps just
the configuration, so a page load downloads almost nothing for search.
"""
from __future__ import annotations

import gzip
import html
import json
import logging
import re
import shutil
from collections import defaultdict
from itertools import groupby
from pathlib import Path
from typing import Any, Protocol

from .lexicon import WORD, Lemmas, analyze, hunspell_available, hunspell_forms

log = logging.getLogger("mkdocs.plugins.digitaltforst.search")
TAG = re.compile(r"<[^>]+>")
MAX_POSTINGS = 60  # per key: the best documents; the result list shows far fewer
SHARD_GZ = 4096  # bytes gzipped: a larger term shard is split by one more letter
COMPLETIONS = 12  # a split shard keeps this many frequent keys under its prefix ...
COMPLETION_POSTINGS = 24  # ... with their best documents, for search as you type
SNIPPET = 220
SCHEMA = 3


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


def shard_for(key: str, split: set[str]) -> str:
    """The term shard a key or query word lives in: its first letter, one more
    letter for as long as that prefix was split (mirrors shardFor in search-core.js)."""
    n = 1
    while n < len(key) and key[:n] in split:
        n += 1
    return key[:n]


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(TAG.sub(" ", text or ""))).strip()


# -- the index -------------------------------------------------------------------

# Term weights, BM25-style, computed here so that a posting stays one small
# number: the body's term frequency, saturated (K1) and normalised by the
# document's length (B), plus a bonus for a word in the page title or the
# section heading. The worker multiplies the weight by the key's idf.
K1, B = 1.2, 0.75
# A heading outweighs one mention in the text of even the shortest document
# (at most (K1 + 1) / (1 + K1 * (1 - B)) = 1.69), the page title more so.
TITLE_BONUS = 2.5  # the word is in the page's title ...
HEADING_BONUS = 1.7  # ... or in a section's heading
W_MAX = K1 + 1 + TITLE_BONUS
MENTION = 0.2  # a word in another page's title quoted in the text (a lesson list)
PART = 0.5  # a compound's documents under its head and modifier
MENTION_WORDS = 12  # longest page title looked for at the end of a text block
PARENTHESIS = re.compile(r"\s*\([^()]*\)\s*$")
TYPO_WORD = re.compile(r"[^\W\d_]{2,}(?:-[^\W\d_]+)*")
TYPO_LENGTHS = (4, 24)  # length buckets of the typo vocabulary


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def body_terms(text: str, own_page: str, titles: dict[str, str]) -> tuple[dict[str, float], int]:
    """Word -> weighted count in a document's text, and its length in words.

    A text block (list item, paragraph) that is another page's title, or ends
    with one ("Lektion 2 av 4 Felsökning när tekniken krånglar"), only points
    to that page: those words count MENTION. A single-word title counts as a
    mention only when it is the whole block ("Lösenordshanterare (30 min)").
    titles: normalised page title -> page.
    """
    counts: dict[str, float] = defaultdict(float)
    length = 0
    for block in TAG.split(text or ""):
        block = _normal(html.unescape(block))
        if not block:
            continue
        core = PARENTHESIS.sub("", block)
        head, mention = block, ""
        if titles.get(core, own_page) != own_page:
            head, mention = block[len(core):], core
        else:
            words = core.split(" ")
            for n in range(min(MENTION_WORDS, len(words) - 1), 1, -1):
                tail = " ".join(words[-n:])
                if titles.get(tail, own_page) != own_page:
                    head, mention = " ".join(words[:-n]) + block[len(core):], tail
                    break
        for word in tokens(head):
            counts[word] += 1
            length += 1
        for word in tokens(mention):
            counts[word] += MENTION
            length += 1
    return counts, length


def term_weight(tf: float, norm: float, bonus: float) -> int:
    """One posting: saturated, length-normalised body frequency plus the
    title or heading bonus, scaled to 1..255."""
    sat = tf * (K1 + 1) / (tf + K1 * norm) if tf else 0.0
    return max(1, min(255, round(255 * (sat + bonus) / W_MAX)))


def build(docs: list[dict], lang: str) -> dict:
    """docs: Material search entries of one language -> shards to write."""
    table: list[list] = []
    pages: dict[str, int] = {}
    starts: list[int] = []  # the first document of each page (its sections follow)
    titles: dict[str, str] = {}
    for doc in docs:
        if "#" not in doc["location"]:
            titles.setdefault(_normal(plain(doc.get("title", ""))), doc["location"])
    terms: list[tuple[dict[str, int], dict[str, float], int, float]] = []
    for doc in docs:
        location, title, text = doc["location"], plain(doc.get("title", "")), plain(doc.get("text", ""))
        page = location.split("#", 1)[0]
        parent = pages.get(page, -1) if "#" in location else -1
        doc_id = len(table)
        if "#" not in location:
            pages[page] = doc_id
        if not table or table[-1][0].split("#", 1)[0] != page:
            starts.append(doc_id)
        snippet = text if len(text) <= SNIPPET else text[:SNIPPET].rsplit(" ", 1)[0] + " …"
        table.append([location, title, snippet, parent])
        heading = set(tokens(title))
        body, length = body_terms(doc.get("text", ""), page, titles)
        bonus = TITLE_BONUS if "#" not in location else HEADING_BONUS
        terms.append(({w: 1 for w in heading}, body, length, bonus))
    lengths = [t[2] for t in terms if t[2]]
    average = sum(lengths) / len(lengths) if lengths else 1.0
    postings: dict[str, dict[int, int]] = defaultdict(dict)
    for doc_id, (heading, body, length, bonus) in enumerate(terms):
        norm = 1 - B + B * length / average
        for word in set(heading) | set(body):
            postings[word][doc_id] = term_weight(body.get(word, 0.0), norm,
                                                 bonus if word in heading else 0.0)
    vocabulary = sorted(postings)
    analyses = analyze(vocabulary, lang)
    lemmas = Lemmas(lang)
    word_stems: dict[str, set[str]] = {w: set(a.stems) for w, a in analyses.items()}
    for word in vocabulary:
        lemma = lemmas.lemma(word)
        if lemma and lemma != word and WORD.fullmatch(lemma):
            word_stems.setdefault(word, set()).add(lemma)
    # A compound's parts: its head's lemma and its modifier, when that is a
    # word of its own ("lösenords" -> "lösenord"), find it at a lower weight.
    word_parts: dict[str, set[str]] = {}
    for word, found in analyses.items():
        if found.head:
            mod = found.modifier or ""
            base = mod[:-1] if mod.endswith("s") and mod[:-1] in postings else mod
            word_parts[word] = {found.head} | ({base} if len(base) >= 3 and base in postings else set())
    # Index each word under its stems too ("nycklarna" is found by "nyckel").
    original = {word: dict(found) for word, found in postings.items()}
    for word in vocabulary:
        for stem in word_stems.get(word, ()):
            if stem != word:
                target = postings[stem]
                for doc_id, weight in original[word].items():
                    target[doc_id] = max(target.get(doc_id, 0), weight)
        for part in word_parts.get(word, ()):
            if part != word:
                target = postings[part]
                for doc_id, weight in original[word].items():
                    target[doc_id] = max(target.get(doc_id, 0), max(1, round(weight * PART)))
    # Forms a reader may type, mapped to the keys they belong to: the text's own
    # words, the affix forms of their stems, and irregular forms ("valde").
    keys = set(postings)
    forms: dict[str, set[str]] = defaultdict(set)
    for word, found in word_stems.items():
        forms[word] |= found
    heads = {a.head for a in analyses.values() if a.head}
    stems_all = {s for found in word_stems.values() for s in found} | keys | heads
    head_forms: dict[str, set[str]] = defaultdict(set)
    for source in (hunspell_forms(stems_all, lang), lemmas.forms_of(stems_all)):
        for form, found in source.items():
            forms[form] |= found
            for lemma in found & heads:
                head_forms[lemma].add(form)
    # An inflected compound finds its base: the modifier plus every form of the
    # head ("lösenords" + "hanterarna" -> "lösenordshantera", the key under
    # which "lösenordshanterare" and "lösenordshanteraren" are indexed).
    for word, found in analyses.items():
        if found.head and found.modifier:
            for form in head_forms.get(found.head, set()) | {found.head}:
                forms[found.modifier + form] |= found.stems
    forms = {form: sorted((found & keys) - {form}) for form, found in forms.items()}
    forms = {form: found for form, found in forms.items() if found}
    # The genitive of a word the dictionaries do not know: "kivras" -> "kivra".
    for key in keys:
        if key + "s" not in keys and key + "s" not in forms:
            forms[key + "s"] = [key]
    # The typo vocabulary: words of the text itself (no stems), so that a
    # correction the reader is offered is a word they have seen.
    words = [w for w in vocabulary if TYPO_WORD.fullmatch(w)
             and TYPO_LENGTHS[0] <= len(w) <= TYPO_LENGTHS[1]]
    return {"docs": table, "postings": postings, "forms": forms, "starts": starts,
            "words": words, "stemmed": hunspell_available(lang)}


class _Folder:
    """The index's files as they are to be. In a folder written before (the
    preview writes the language's index again after each save) a file that
    is already so is left alone, and only what the index no longer has is
    deleted: at 1000 lessons making 16 000 files anew took most of the time."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.fresh = folder, not folder.exists()
        self.written: set[Path] = set()

    def mkdir(self, name: str) -> None:
        (self.folder / name).mkdir(parents=True, exist_ok=True)
        self.written.add(self.folder / name)

    def put(self, rel: str, text: str) -> None:
        path = self.folder / rel
        self.written.add(path)
        data = text.encode("utf-8")
        if not self.fresh:
            try:
                if path.stat().st_size == len(data) and path.read_bytes() == data:
                    return
            except FileNotFoundError:
                pass
        path.write_bytes(data)

    def drop_the_rest(self) -> None:
        if self.fresh:
            return
        keep = self.written | {p.parent for p in self.written}
        for path in sorted(self.folder.rglob("*"), key=lambda p: len(p.parts), reverse=True):
            if path in keep:
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()


def write(index: dict, folder: Path) -> dict:
    """Write the term shards, one file per document and meta.json; return
    counts for the build log. The folder holds nothing else afterwards."""
    out = _Folder(folder)
    out.mkdir("t")
    out.mkdir("d")
    docs = index["docs"]
    postings = {}
    for key, found in index["postings"].items():
        best = sorted(found.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_POSTINGS]
        # [document frequency, doc ids, weights] keeps the JSON small
        postings[key] = [len(found), [d for d, _ in best], [w for _, w in best]]
    shards, split = term_shards(postings, index["forms"])
    for prefix, shard in shards.items():
        out.put(f"t/{file_name(prefix)}.json", _json(shard))
    for doc_id, (location, title, snippet, parent) in enumerate(docs):
        # A section carries its page's title: the result list groups by page.
        entry = [location, title, snippet] + ([docs[parent][1]] if parent >= 0 else [])
        out.put(f"d/{doc_id}.json", _json(entry))
    # The typo vocabulary by length, most frequent first: a word of n letters
    # and at most k typos needs the files n-k .. n+k, no term shard.
    out.mkdir("w")
    buckets: dict[int, list[str]] = defaultdict(list)
    for word in sorted(index["words"], key=lambda w: (-postings[w][0], w)):
        buckets[len(word)].append(word)
    for length, words in buckets.items():
        out.put(f"w/{length}.json", _json(words))
    # Page starts as gaps (doc ids rise): the worker ranks pages before it
    # fetches any document.
    starts = index["starts"]
    meta = {"schema": SCHEMA, "docs": len(docs), "split": sorted(split),
            "pages": [b - a for a, b in zip([0] + starts, starts)],
            "words": sorted(buckets), "stemmed": index["stemmed"]}
    out.put("meta.json", _json(meta))
    out.drop_the_rest()
    return {"docs": len(docs), "keys": len(postings), "forms": len(index["forms"]),
            "shards": len(shards), "split": len(split), "typo_words": len(index["words"])}


def term_shards(postings: dict[str, list], forms: dict[str, list[str]]
                ) -> tuple[dict[str, dict], set[str]]:
    """Keys and forms cut into shards {"p": postings, "f": forms} by prefix.

    A shard starts as every name under one first letter; while it is larger
    than SHARD_GZ gzipped, its prefix is split: the names one letter longer
    go to shards of their own, and the split prefix's shard keeps the names
    equal to the prefix plus the COMPLETIONS most frequent keys under it
    (truncated postings), so a word typed so far still completes.
    """
    shards: dict[str, dict] = {}
    split: set[str] = set()

    def place(prefix: str, names: list[str]) -> None:
        shard = {"p": {n: postings[n] for n in names if n in postings},
                 "f": {n: forms[n] for n in names if n in forms}}
        deeper = [n for n in names if len(n) > len(prefix)]
        if not deeper or not too_big(shard):
            shards[prefix] = shard
            return
        split.add(prefix)
        node = {"p": {n: postings[n] for n in names if n == prefix and n in postings},
                "f": {n: forms[n] for n in names if n == prefix and n in forms}}
        frequent = sorted((n for n in deeper if n in postings),
                          key=lambda n: (-postings[n][0], n))[:COMPLETIONS]
        for n in frequent:
            df, ids, weights = postings[n]
            node["p"][n] = [df, ids[:COMPLETION_POSTINGS], weights[:COMPLETION_POSTINGS]]
        shards[prefix] = node
        for child, group in groupby(deeper, key=lambda n: n[:len(prefix) + 1]):
            place(child, list(group))

    names = sorted(set(postings) | set(forms))
    for first, group in groupby(names, key=lambda n: n[:1]):
        place(first, list(group))
    return shards, split


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def too_big(shard: dict) -> bool:
    """Whether a reader would download more than SHARD_GZ bytes for this shard
    (gzip level 6, as web servers send JSON); small ones skip the compression."""
    data = _json(shard).encode("utf-8")
    return len(data) > SHARD_GZ and len(gzip.compress(data, 6)) > SHARD_GZ


def file_name(prefix: str) -> str:
    """Shard file names that are safe on every file system and URL: other
    characters become `_<hex>_` (mirrors shardFile in search-core.js)."""
    return "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}_" for c in prefix)


class StartedIndex(Protocol):
    """An index being written elsewhere (:mod:`.background`); a forked one
    knows its documents once result() has returned."""
    docs: list[dict] | None

    def result(self) -> dict: ...

    def cancel(self) -> None: ...


def rewrite_site_index(site_dir: Path, langs: list[str],
                       started: dict[str, StartedIndex] | None = None) -> dict[str, dict]:
    """Split Material's combined index into per-language shards. started:
    indexes already being written (:mod:`.background`); one whose documents
    differ from the final ones, or whose process failed, is built here."""
    index_file = site_dir / "search" / "search_index.json"
    if not index_file.is_file():
        for job in (started or {}).values():
            job.cancel()  # nothing to index: no process writes on after the build
        return {}
    data = json.loads(index_file.read_text(encoding="utf-8"))
    others = langs[1:]
    by_lang: dict[str, list[dict]] = {lang: [] for lang in langs}
    # Untranslated pages of the English build are not here: the plugin marks
    # them search-excluded, so Material never indexed them.
    for doc in data.get("docs", []):
        lang = next((o for o in others if doc["location"].startswith(f"{o}/")), langs[0])
        by_lang[lang].append(doc)
    stats = {}
    for lang, docs in by_lang.items():
        job = (started or {}).get(lang)
        if job is not None:
            try:
                result = job.result()
                if job.docs == docs:
                    stats[lang] = result
                    continue
                log.info("Sökindex %s: sidorna ändrades efter språkets bygge; byggs om", lang)
            except RuntimeError as exc:  # not a warning: a strict build would stop
                log.info("Sökindex %s: byggs här i stället (%s)", lang, exc)
        stats[lang] = write(build(docs, lang), site_dir / "search" / lang)
    # Material's bundle fetches this file on every page load: keep only config.
    index_file.write_text(json.dumps({"config": data.get("config", {}), "docs": []}),
                          encoding="utf-8")
    return stats
