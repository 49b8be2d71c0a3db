"""The other languages' builds in a forked process, beside the default one's.

static-i18n builds the languages one after another (its on_post_build calls
MkDocs' build() for each), so on two cores the English pages wait for the
Swedish ones. At the default build's on_files (the first event after MkDocs
cleaned the site folder) the build forks: the child runs
static-i18n's loop of the other languages as on_post_build would, from the
same state, and sends back what the parent needs of those builds (their
search entries and the plugin's per-language results); the parent renders
the Swedish pages meanwhile, lets static-i18n skip its loop and takes the
results over before the site-wide steps. The files every language build
writes at the site's root (404.html, the sitemap) are kept in memory and
written last (build/sitemap.py). The built site is byte for byte the
same as without the fork (tests/test_langfork.py).

fork() keeps every module and object as it is: nothing is imported again and
no state is sent over, which a spawned process would need. Only on Linux
(fork is unsafe on macOS and absent on Windows) and never in `make serve`,
whose preview keeps each language's navigation in memory: there, and with
`parallel_languages: false`, the languages are built one after another.
"""
from __future__ import annotations

import os
import pickle
import signal
import sys
import traceback
from typing import Any, Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from . import i18n_state


def available() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork")


class Forked:
    """The child building the other languages; :meth:`result` waits for it."""

    def __init__(self, config: MkDocsConfig, collect: Callable[[list[str]], dict[str, Any]]) -> None:
        self.languages = i18n_state.other_languages(config)
        read, write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read)
            _child(config, self.languages, collect, write)
        os.close(write)
        self.pid, self._read, self._done = pid, read, False

    def result(self) -> dict[str, Any]:
        """The child's payload; RuntimeError with its error if its builds failed."""
        with os.fdopen(self._read, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self._done = True
        payload = pickle.loads(data) if data else {}
        if "error" in payload:
            raise RuntimeError(payload["error"])
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"processen för {', '.join(self.languages)} avslutades med "
                               f"{os.waitstatus_to_exitcode(status)}")
        return payload

    def cancel(self) -> None:
        """The build failed: stop the child."""
        if self._done:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        try:
            os.close(self._read)
        except OSError:
            pass
        self._done = True


def _child(config: MkDocsConfig, languages: list[str],
           collect: Callable[[list[str]], dict[str, Any]], write: int) -> None:
    status, payload = 1, {}
    try:
        entries = i18n_state.build_other_languages(config)
        payload = {"search_entries": entries, **collect(languages)}
        status = 0
    except BaseException as exc:  # noqa: BLE001 - the parent reports it
        # MkDocs' own errors say what to do ("Aborted with 1 warnings in strict mode!").
        last = str(exc) if isinstance(exc, MkDocsException) and str(exc) else \
            traceback.format_exception_only(type(exc), exc)[-1].strip()
        payload = {"error": last}
    try:
        try:
            data = pickle.dumps(payload)
        except Exception as exc:  # noqa: BLE001 - an unpicklable result is an error too
            status, data = 1, pickle.dumps({"error": f"{type(exc).__name__}: {exc}"})
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)  # no atexit handlers or finally blocks of the parent's code
