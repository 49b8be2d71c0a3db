"""Swedish spelling with the sv_SE Hunspell dictionary (Debian hunspell-sv-se).

One hunspell process for the whole corpus: collect the unique words, ask once,
then point each unknown word to its first line in each file.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Iterable

from .findings import WARNING, Finding

WORDLIST = "data/ordlista.txt"
WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+(?:-[A-Za-zÀ-ÖØ-öø-ÿ]+)*")
# Not prose: link targets, URLs, attribute lists, HTML tags, admonition types,
# file and host names, ids like eleg-vad-ar. Removed in this order.
NOT_PROSE = (
    re.compile(r"<(\w+)[^>]*\blang=\"(?!sv)[^\"]*\"[^>]*>.*?</\1>"),  # marked as another language
    re.compile(r"\]\([^)]*\)|<https?:[^>]*>|https?://\S+"),
    re.compile(r"\{[^}]*\}|<[^>]+>|^\s*[!?]{3}\+?\s*[a-z]+"),
    re.compile(r"\S+\.(?:md|svg|png|jpg|pdf|se|com|org|nu|eu)\b|\b[a-z0-9]+(?:-[a-z0-9]+){2,}\b"),
)


def available() -> bool:
    if shutil.which("hunspell") is None:
        return False
    out = subprocess.run(["hunspell", "-D"], capture_output=True, text=True, input="").stderr
    return "sv_SE" in out


def load_wordlist(root: Path) -> set[str]:
    path = root / WORDLIST
    if not path.is_file():
        return set()
    return {w.strip() for w in path.read_text(encoding="utf-8").splitlines()
            if w.strip() and not w.startswith("#")}


def words_of(line: str) -> Iterable[str]:
    for pattern in NOT_PROSE:
        line = pattern.sub(" ", line)
    for match in WORD.finditer(line):
        word = match.group(0)
        # Hunspell checks hyphenated compounds part by part ("CC-licens").
        yield from (part for part in word.split("-") if len(part) > 1)


def unknown_words(words: set[str]) -> set[str]:
    done = subprocess.run(["hunspell", "-d", "sv_SE", "-l", "-i", "utf-8"],
                          input="\n".join(sorted(words)), capture_output=True, text=True,
                          timeout=120)
    return set(done.stdout.split())


def check(files: list[tuple[str, list[tuple[int, str]]]], root: Path) -> list[Finding]:
    """files: (path for findings, [(line, prose)]) — Swedish prose only."""
    allowed = load_wordlist(root)
    per_file: list[tuple[str, dict[str, int]]] = []
    vocabulary: set[str] = set()
    for name, lines in files:
        first: dict[str, int] = {}
        for lineno, text in lines:
            for word in words_of(text):
                first.setdefault(word, lineno)
        per_file.append((name, first))
        vocabulary.update(first)
    vocabulary = {w for w in vocabulary if w not in allowed and w.lower() not in allowed}
    if not vocabulary:
        return []
    unknown = unknown_words(vocabulary)
    findings = []
    for name, first in per_file:
        for word, lineno in first.items():
            if word in unknown:
                findings.append(Finding(name, lineno, "spelling", WARNING,
                                        f"Okänt ord \"{word}\" (svensk ordlista). Rätta stavningen, "
                                        f"eller lägg till ordet i {WORDLIST} om det är rätt."))
    return findings
