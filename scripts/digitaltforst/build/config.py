"""The plugin's options, all of them, as MkDocs config options with types.

A bad value stops MkDocs with the option's name and a Swedish hint.
"""
from __future__ import annotations

import datetime as dt

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from .render import GENERATORS


class Day(c.BaseConfigOption[dt.date | None]):
    """A date (``2026-05-12``, quoted or not); empty means the build's day."""

    def __init__(self, default: dt.date | None = None) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> dt.date | None:
        if value in (None, ""):
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError(f"ska vara ett datum ÅÅÅÅ-MM-DD, t.ex. 2026-05-12 (nu: {value!r})")


class Switch(c.BaseConfigOption[bool]):
    """true/false, also as 1/0 from an environment variable (`!ENV`)."""

    def __init__(self, default: bool = True) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> bool:
        if isinstance(value, bool):
            return value
        if value in (0, 1, "0", "1"):
            return str(value) == "1"
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise ValidationError(f"ska vara true eller false, eller 1 eller 0 (nu: {value!r})")


class PluginConfig(Config):
    # Top-level navigation order (folders or files under docs/).
    nav_order = c.ListOfItems(c.Type(str), default=[])
    # Hosts allowed in <iframe src> (validator); empty: no embeds at all.
    iframe_allowlist = c.ListOfItems(c.Type(str), default=[])
    # Write the PDFs after the build (`pdf: !ENV [DIGITALTFORST_PDF, true]`).
    pdf = Switch(default=True)
    # Pages whose body gets generated content appended: path -> generator.
    generated = c.DictOfItems(c.Choice(tuple(GENERATORS)), default={
        "kurser/index.md": "catalogue",
        "workshops/index.md": "handouts",
        "sjalvskattning/index.md": "self_assessment",
        "sjalvskattning/grupp/index.md": "group_summary",
        "mina-kurser.md": "my_courses",
        "program/utbildningsdagar.md": "events",
        "program/workshopturne.md": "tour",
        "granskning.md": "review",
        "index.md": "start",
        "om/index.md": "about",
        "om/offline.md": "offline_copy",
        "utan-nat.md": "offline_page",
    })
    # Write the whole-site copy site/offline/digitalt-forst.zip after the
    # build (`offline_zip: !ENV [DIGITALTFORST_ZIP, true]`; `make serve` skips it).
    offline_zip = Switch(default=True)
    # Build the other languages in a forked process beside the default one
    # (build/langfork.py; Linux only); `make serve` builds them in turn.
    parallel_languages = Switch(default=True)
    # Build date for "upcoming", the event archive and review ages; empty: today.
    today = Day(default=None)
    # A lesson's review older than this is a validator warning (and shows on
    # the editors' page "Granskning").
    review_interval_months = c.Type(int, default=12)
