"""Shared helpers of the benchmark: logging, numbers, constants."""
from __future__ import annotations

import json
import os
from pathlib import Path
import statistics
import subprocess
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


def cold_validate_child(project: Path, pycache: Path,
                        timeout: float = 600) -> tuple[float | None, list[dict] | None, str]:
    """`python scripts/validate.py PROJECT --format json` in a fresh process, as a
    user waits for it: wall seconds from start to exit (interpreter start-up and
    imports included), the findings, and why there are none. Bytecode goes to
    ``pycache`` (outside the repository) and is kept between runs, as a user's
    __pycache__ is after the first run."""
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(pycache))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, str(repo_root() / "scripts" / "validate.py"),
                               str(project), "--format", "json"], cwd=project, env=env,
                              capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, None, f"validatorn tog mer än {timeout:.0f} s"
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        return None, None, f"validatorn kunde inte köras (kod {done.returncode}): " \
            f"{done.stderr.strip()[-300:]}"
    try:
        return seconds, json.loads(done.stdout), ""
    except ValueError:
        return None, None, f"validatorns JSON gick inte att läsa: {done.stdout[:200]!r}"


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
