"""One language's search index, built and written by a process of its own.

The default language's pages (and so its search documents) are final once
its build is done, before static-i18n builds the other languages: its index,
most of the indexing work, is made on the other core meanwhile. A plain
subprocess (``python -m digitaltforst.search.background``), not
multiprocessing, so that no caller's main module is imported again.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # scripts/: the child imports the same code


class Started:
    """The process writing ``folder`` from ``docs``; :meth:`result` waits for it."""

    def __init__(self, docs: list[dict], lang: str, folder: Path) -> None:
        self.docs = docs
        fd, self._input = tempfile.mkstemp(prefix="dfs-search-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(docs, fh, ensure_ascii=False)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (str(PACKAGE_ROOT), os.environ.get("PYTHONPATH")) if p)}
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "digitaltforst.search.background", lang, str(folder), self._input],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)

    def cancel(self) -> None:
        """The build failed: stop the process, leave nothing behind."""
        self._proc.kill()
        self._proc.communicate()
        Path(self._input).unlink(missing_ok=True)

    def result(self) -> dict:
        """The index's counts; RuntimeError with the process's last words if it failed."""
        try:
            out, err = self._proc.communicate()
        finally:
            Path(self._input).unlink(missing_ok=True)
        if self._proc.returncode != 0:
            lines = err.decode("utf-8", "replace").strip().splitlines()
            raise RuntimeError(lines[-1] if lines else f"exit {self._proc.returncode}")
        return json.loads(out)


def main(argv: list[str]) -> int:
    from .index import build, write

    lang, folder, source = argv
    docs = json.loads(Path(source).read_text(encoding="utf-8"))
    print(json.dumps(write(build(docs, lang), Path(folder))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
