"""Swedish spelling with the sv_SE Hunspell dictionary (Debian hunspell-sv-se).

One hunspell process for the whole corpus: collect the unique words, ask once,
then point each unknown word to its first line in each file.
"""
from __future__ import annotations

import bisect
import itertools
import os
import pickle
import re
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable

from ..content.findings import WARNING, Finding
from ..search.lexicon import hunspell_available

WORDLIST = "data/ordlista.txt"
# Not prose: link targets, URLs, attribute lists, HTML tags, admonition types,
# file and host names, ids like eleg-vad-ar. Removed in this order, each
# within one line (a file is filtered as one text, so no pattern may cross "\n").
NOT_PROSE = (
    # Every pattern is linear in the line's length: a run never scans across
    # the character that starts another match ("<", "{", "("), and the ones
    # that need a terminator are possessive, so an unclosed "<a " or "](" on a
    # 100 000-character line is one pass, not one per occurrence.
    re.compile(r"\]\((?:[^()\n]|\([^()\n]*+\))*+\)|<https?:[^<>\n]*+>|https?://\S+"),
    # Admonition markers (`!!! note`) first, then attribute lists and tags: a
    # marker is only ever at the start of a line and holds none of "{<", so this
    # blanks what one pass of the three would; apart, each pattern starts with
    # a literal that the regex engine looks for fast.
    re.compile(r"^[ \t]*[!?]{3}\+?[ \t]*[a-z]+", re.M),
    re.compile(r"\{[^{}\n]*+\}|<[^<>\n]++>"),
    re.compile(r"(?<!\S)\S+\.(?:md|svg|png|jpg|pdf|se|com|org|nu|eu)\b|\b[a-z0-9]+(?:-[a-z0-9]+){2,}\b"),
)
# An element marked as another language (`<span lang="en">…</span>`): found
# by its start tag, then the closing tag is looked up with str.find.
LANG_TAG = re.compile(r"<(\w++)[^<>\n]*?\blang=\"(?!sv)[^\"\n]*+\"[^<>\n]*+>")


def available() -> bool:
    """hunspell and its sv_SE dictionary (where Debian's hunspell-sv-se puts it)."""
    return hunspell_available("sv")


def load_wordlist(root: Path) -> set[str]:
    path = root / WORDLIST
    if not path.is_file():
        return set()
    return {w.strip() for w in path.read_text(encoding="utf-8").splitlines()
            if w.strip() and not w.startswith("#")}


def _blank(match: re.Match) -> str:
    return " " * len(match.group(0))


# Cheap to search for: only lines with one of these can match NOT_PROSE[-1].
NAME_HINT = re.compile(r"\.(?:md|svg|png|jpg|pdf|se|com|org|nu|eu)\b|[a-z0-9]-[a-z0-9]+-")
# Cheaper still, and found on every line NAME_HINT is: both branches start with
# a literal ("." or "-"), which the regex engine skips to.
NAME_CANDIDATE = re.compile(r"\.(?:md|svg|png|jpg|pdf|se|com|org|nu|eu)\b|-[a-z0-9]+-")


def _blank_other_languages(text: str) -> str:
    """Blank elements marked as another language, within one line each."""
    if "lang=" not in text:
        return text
    out, pos = [], 0
    unclosed: dict[tuple[int, str], bool] = {}  # (line end, tag): no closing tag after here
    for m in LANG_TAG.finditer(text):
        if m.start() < pos:
            continue
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        closing = f"</{m.group(1)}>"
        if unclosed.get((line_end, closing)):
            continue
        close = text.find(closing, m.end(), line_end)
        if close < 0:
            unclosed[(line_end, closing)] = True  # later tags on this line find none either
            continue
        out.append(text[pos:m.start()])
        out.append(" " * (close + len(closing) - m.start()))
        pos = close + len(closing)
    out.append(text[pos:])
    return "".join(out)


def prose_only(text: str) -> str:
    """TEXT with everything that is not prose blanked, keeping every offset."""
    *whole_text, names = NOT_PROSE
    text = _blank_other_languages(text)
    for pattern in whole_text:
        text = pattern.sub(_blank, text)
    # The slow pattern only on the lines that need it, each line looked at once.
    out, pos, looked = [], 0, 0
    for candidate in NAME_CANDIDATE.finditer(text):
        if candidate.start() < looked:
            continue  # on a line already looked at
        start = text.rfind("\n", 0, candidate.start()) + 1
        end = text.find("\n", candidate.end())
        looked = end = len(text) if end < 0 else end
        line = text[start:end]
        if NAME_HINT.search(line):
            out.append(text[pos:start])
            out.append(names.sub(_blank, line))
            pos = end
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


# A word is a run of letters; a hyphenated compound ("CC-licens") is checked
# part by part, as Hunspell does, so its parts are runs of their own.
LETTERS = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]{2,}")


def words_of(text: str) -> set[str]:
    """The distinct words to check in prose TEXT (one letter is no word)."""
    return set(LETTERS.findall(text))


def first_offset(text: str, word: str) -> int:
    match = re.search(rf"(?<![A-Za-zÀ-ÖØ-öø-ÿ]){re.escape(word)}(?![A-Za-zÀ-ÖØ-öø-ÿ])", text)
    return match.start() if match else 0


def unknown_words(words: set[str]) -> set[str]:
    done = subprocess.run(["hunspell", "-d", "sv_SE", "-l", "-i", "utf-8"],
                          input="\n".join(sorted(words)), capture_output=True, text=True,
                          timeout=120)
    return set(done.stdout.split())


def start(files: list[tuple[str, list[tuple[int, str]]]],
          root: Path) -> Callable[[], list[Finding]]:
    """files: (path for findings, [(line, prose)]), Swedish prose only.

    Collects the words and starts hunspell in the background; the returned
    function waits for it and gives the findings (the validator runs its
    other rules meanwhile; an error in hunspell is raised there).
    """
    allowed = load_wordlist(root)
    per_file: list[tuple[str, list[tuple[int, str]], str, set[str]]] = []
    vocabulary: set[str] = set()
    for name, lines in files:
        # One text per file: few regex passes; lines are looked up only for the
        # (rare) unknown words.
        text = prose_only("\n".join(line for _, line in lines))
        words = words_of(text)
        per_file.append((name, lines, text, words))
        vocabulary |= words
    vocabulary = {w for w in vocabulary if w not in allowed and w.lower() not in allowed}
    if not vocabulary:
        return lambda: []
    pool = ThreadPoolExecutor(max_workers=1)
    unknown = pool.submit(unknown_words, vocabulary)
    pool.shutdown(wait=False)  # nothing else is queued; the thread ends with hunspell
    return lambda: _findings(per_file, unknown.result())


def can_fork() -> bool:
    """A copy of this process can run the spelling: Linux (fork without exec
    is unsafe on macOS), and no other thread that could hold a lock the copy
    would wait for forever."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") \
        and threading.active_count() == 1


def start_in_child(collect: Callable[[], list[tuple[str, list[tuple[int, str]]]]],
                   root: Path) -> Callable[[], list[Finding]]:
    """All of :func:`start` in a forked copy of this process (check
    :func:`can_fork` first), ``files`` collected there by ``collect()``: the
    prose filter and the word lists are a third of a validation at 1000
    lessons, and run on another core while this process goes on. The child
    sends back its findings (or the error it met, raised again here) pickled
    through a pipe; the returned function reads them and reaps the child."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: only computes and writes, never returns
        status = 1
        try:
            os.close(read_end)
            try:
                reply: tuple = ("ok", start(collect(), root)())
            except BaseException as exc:  # raised again in the parent
                reply = ("error", exc)
            try:
                data = pickle.dumps(reply)
            except Exception as exc:
                data = pickle.dumps(("error", RuntimeError(f"{type(reply[1]).__name__}: {exc}")))
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def wait() -> list[Finding]:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        if not data:
            raise OSError("stavningskontrollen avbröts innan den var klar")
        kind, value = pickle.loads(data)
        if kind == "error":
            raise value
        return value

    return wait


def _findings(per_file, unknown: set[str]) -> list[Finding]:
    findings = []
    for name, lines, text, words in per_file:
        found = [(first_offset(text, word), word) for word in words & unknown]
        if not found:
            continue
        starts = list(itertools.accumulate((len(line) + 1 for _, line in lines), initial=0))
        for offset, word in sorted(found):
            lineno = lines[bisect.bisect_right(starts, offset) - 1][0]
            findings.append(Finding(name, lineno, "spelling", WARNING,
                                    f"Okänt ord \"{word}\" (svensk ordlista). Rätta stavningen, "
                                    f"eller lägg till ordet i {WORDLIST} om det är rätt."))
    return findings
