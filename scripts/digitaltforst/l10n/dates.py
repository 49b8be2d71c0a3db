"""Dates, months, clock times and durations, by Babel's CLDR patterns."""
from __future__ import annotations

import datetime as dt

from babel.dates import format_date as _babel_date

# Swedish writes clock times with a full stop (Språkrådet): 13.00.
TIME_PATTERN = {"sv": "HH.mm", "en": "HH:mm"}


def format_date(day: dt.date, lang: str = "sv", weekday: bool = False) -> str:
    """'12 maj 2026' / 'tisdag 12 maj 2026'; English 'Tuesday 12 May 2026'."""
    return _babel_date(day, "EEEE d MMMM y" if weekday else "d MMMM y", locale=lang)


def format_month(year: int, month: int, lang: str = "sv") -> str:
    """'maj 2026' (the stand-alone month name)."""
    return _babel_date(dt.date(year, month, 1), "LLLL y", locale=lang)


def format_time(value: dt.time, lang: str = "sv") -> str:
    return value.strftime(TIME_PATTERN.get(lang, "HH:mm").replace("HH", "%H").replace("mm", "%M"))


def format_minutes(minutes: int, lang: str = "sv") -> str:
    """'45 min', '1 h', '1 h 15 min' (the same abbreviations read in English)."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" if not rest else f"{hours} h {rest} min"
