"""One language's search index, built and written by a process of its own.

A language's search documents are final once its pages are rendered: its
index, most of the indexing work, is made in another process meanwhile.
:class:`Started` is ``python -m digitaltforst.search.background`` (see
:mod:`..childprocess`) with the documents Material collected, once the
language's build is done. :class:`Forked` starts earlier, as soon as the
pages' HTML exists (MkDocs' on_env, before the templates are rendered): a
forked copy of the build collects the documents itself, with Material's own
code (``collect``), and sends them back with the index's counts, so the
build can check they are the documents Material collected in the end.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from typing import Callable

from .. import childprocess, forkcall


class Started:
    """The process writing ``folder`` from ``docs``; :meth:`result` waits for it."""

    def __init__(self, docs: list[dict], lang: str, folder: Path) -> None:
        self.docs, self._folder = docs, folder
        fd, self._input = tempfile.mkstemp(prefix="dfs-search-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(docs, fh, ensure_ascii=False)
        self._proc = childprocess.start(__spec__.name, lang, str(folder), self._input,
                                        stdout=subprocess.PIPE)

    def cancel(self) -> None:
        """The build failed: stop the process, leave nothing behind (it may
        have written the index already)."""
        self._proc.kill()
        self._proc.communicate()
        Path(self._input).unlink(missing_ok=True)
        shutil.rmtree(self._folder, ignore_errors=True)

    def result(self) -> dict:
        """The index's counts; RuntimeError with the process's last words if it failed."""
        try:
            out, err = self._proc.communicate()
        finally:
            Path(self._input).unlink(missing_ok=True)
        if self._proc.returncode != 0:
            raise RuntimeError(childprocess.last_words(self._proc, err))
        return json.loads(out)


class Forked:
    """The index written by a forked copy of the build from ``collect()``'s
    documents; ``docs`` is known once :meth:`result` has returned."""

    def __init__(self, collect: Callable[[], list[dict]], lang: str, folder: Path) -> None:
        self.docs: list[dict] | None = None
        self._folder = folder
        self._call = forkcall.ForkedCall(lambda: _write_forked(collect, lang, folder),
                                         f"sökindexet {lang}")

    def cancel(self) -> None:
        """The build failed: stop the copy, remove what it may have written."""
        self._call.cancel()
        shutil.rmtree(self._folder, ignore_errors=True)

    def result(self) -> dict:
        self.docs, counts = self._call.result()
        return counts


def _write_forked(collect: Callable[[], list[dict]], lang: str, folder: Path) -> tuple[list[dict], dict]:
    from . import cache
    from .index import build, write

    docs = collect()
    counts = write(build(docs, lang), folder)
    cache.flush()  # the lexicon's new answers: the child's exit skips atexit
    return docs, counts


class Finished:
    """An index another process (build/langfork.py) already waited for."""

    def __init__(self, docs: list[dict], result: dict | None, error: str | None) -> None:
        self.docs, self._result, self._error = docs, result, error

    def cancel(self) -> None:
        pass

    def result(self) -> dict:
        if self._error is not None:
            raise RuntimeError(self._error)
        return self._result


def main(argv: list[str]) -> int:
    from .index import build, write

    lang, folder, source = argv
    docs = json.loads(Path(source).read_text(encoding="utf-8"))
    print(json.dumps(write(build(docs, lang), Path(folder))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
