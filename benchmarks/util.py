"""Shared helpers of the benchmark: logging, numbers, constants."""
from __future__ import annotations

from pathlib import Path
import statistics
import sys
import time
from typing import Any




LESSONS_PER_COURSE = 8
SIZES = (100, 500, 1000)
QUICK_SIZES = (100,)
# Typed into the search: a very frequent word (judged against the goal) and a
# topical one; both occur in the real lessons, so in every corpus.
SEARCH_WORDS = ("besökare", "lösenord")
RESULTS = Path(".cache/bench/results.json")
KB = 1024


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def repo_root() -> Path:
    here = Path(__file__).resolve().parents[1]
    if (here / "mkdocs.yml").is_file():
        return here
    return Path.cwd()


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def fmt(value: Any, digits: int = 2, unit: str = "") -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.{digits}f}{unit}"
    return f"{value}{unit}"


def kb(value: int | None) -> str:
    return "n/a" if value is None else f"{value / KB:.1f} KB"


