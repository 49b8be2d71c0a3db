"""Everything a reader sees that is not content: UI strings, dates, numbers.

One catalogue (``catalogue.yml``) for the build, the theme templates and the
browser code; dates and plurals come from Babel's CLDR data.
"""
from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml
from babel import Locale

from .dates import format_date, format_minutes, format_month, format_time

__all__ = ["t", "counted", "label", "catalogue", "js_strings", "format_date", "format_minutes",
           "format_month", "format_time"]

FALLBACK = "sv"


@functools.cache
def catalogue() -> dict[str, dict[str, Any]]:
    text = resources.files(__package__).joinpath("catalogue.yml").read_text("utf-8")
    return yaml.safe_load(text)


def _entry(lang: str, key: str) -> Any:
    entry = catalogue()[key]
    value = entry.get(lang)
    return value if value not in (None, "") else entry[FALLBACK]


def t(lang: str, key: str, **values: object) -> str:
    """The string ``key`` in ``lang`` (Swedish where it has no translation)."""
    text = _entry(lang, key)
    return text.format(**values) if values else text


def label(lang: str, kind: str, value: object) -> str:
    """Name of a vocabulary value: label("sv", "area", 4) -> "Säkerhet"."""
    return t(lang, f"{kind}.{value}")


def counted(lang: str, key: str, n: int) -> str:
    """A counted noun with the language's plural rule: "1 lektion", "2 lektioner"."""
    forms = _entry(lang, key)
    form = Locale.parse(lang).plural_form(n)
    return (forms.get(form) or forms["other"]).format(n=n)


@functools.cache
def js_strings(lang: str) -> dict[str, Any]:
    """The browser's strings (keys starting ``js.``) in ``lang``, for the page's JSON."""
    return {key: _entry(lang, key) for key in catalogue() if key.startswith("js.")}
