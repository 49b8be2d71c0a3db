"""Shared helpers of the benchmark: logging, numbers, constants."""
from __future__ import annotations

from pathlib import Path
import statistics
import sys
import time
from typing import Any

LESSONS_PER_COURSE = 8
SIZES = (500, 1000)
QUICK_SIZES = (100,)
# Typed into the search: a very frequent word (judged against the goal) and a
# topical one; both occur in the real lessons, so in every corpus.
SEARCH_WORDS = ("besökare", "lösenord")
RESULTS = Path(".cache/bench/results.json")
KB = 1024


def validate_project(root: Path):
    """The validator on a project, as `make validate` runs it."""
    from digitaltforst.build.settings import load
    from digitaltforst.validate.main import validate

    return validate(root, load(root))


def parse_config(text: str) -> dict:
    """mkdocs.yml as plain YAML, its tags read as plain values (`!ENV [X, default]`
    gives the default, `!!python/name:x` the name): the benchmark writes a stock
    configuration from it."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def plain(loader, suffix, node):
        if isinstance(node, yaml.SequenceNode):
            values = loader.construct_sequence(node)
            return values[-1] if values else None
        return loader.construct_scalar(node)

    Loader.add_multi_constructor("!", plain)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", plain)
    return yaml.load(text, Loader=Loader) or {}


def read_config(root: Path) -> dict:
    return parse_config((root / "mkdocs.yml").read_text(encoding="utf-8"))


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
