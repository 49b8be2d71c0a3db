"""Helper processes of the build: ``python -m <module>`` of this package.

A plain subprocess rather than multiprocessing, so that no caller's main
module (``mkdocs``, a test runner, a script without a main guard) is
imported again in the child, and a failed child is only a return code.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]  # scripts/: the child imports this same code


def start(module: str, *args: str, stdout=subprocess.DEVNULL) -> subprocess.Popen:
    """Start ``python -m module args…`` with this interpreter; stderr is kept
    for :func:`last_words`."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")) if p)}
    return subprocess.Popen([sys.executable, "-m", module, *args], stdout=stdout,
                            stderr=subprocess.PIPE, env=env)


def last_words(proc: subprocess.Popen, err: bytes) -> str:
    """What a failed child said last (its exception), for the build log."""
    lines = err.decode("utf-8", "replace").strip().splitlines()
    return lines[-1] if lines else f"exit {proc.returncode}"
