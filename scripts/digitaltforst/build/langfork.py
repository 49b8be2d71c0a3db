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

The fork itself is :mod:`..forkcall`. Only on Linux and never in `make serve`,
whose preview keeps each language's navigation in memory: there, and with
`parallel_languages: false`, the languages are built one after another.
"""
from __future__ import annotations

from typing import Any, Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from .. import forkcall
from . import i18n_state

available = forkcall.available


def _describe(exc: BaseException) -> str:
    # MkDocs' own errors say what to do ("Aborted with 1 warnings in strict mode!").
    if isinstance(exc, MkDocsException) and str(exc):
        return str(exc)
    return forkcall.describe(exc)


class Forked:
    """The child building the other languages; :meth:`result` waits for it."""

    def __init__(self, config: MkDocsConfig, collect: Callable[[list[str]], dict[str, Any]]) -> None:
        self.languages = languages = i18n_state.other_languages(config)

        def build() -> dict[str, Any]:
            entries = i18n_state.build_other_languages(config)
            return {"search_entries": entries, **collect(languages)}

        self._call = forkcall.ForkedCall(build, ", ".join(languages), _describe)

    def result(self) -> dict[str, Any]:
        """The child's payload; RuntimeError with its error if its builds failed."""
        return self._call.result()

    def cancel(self) -> None:
        """The build failed: stop the child."""
        self._call.cancel()
