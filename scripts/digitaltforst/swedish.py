"""Swedish (and English) formatting of dates, durations and numbers."""
from __future__ import annotations

import datetime as dt

MONTHS = {
    "sv": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
           "september", "oktober", "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
}
WEEKDAYS = {
    "sv": ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


def format_date(day: dt.date, lang: str = "sv", weekday: bool = False) -> str:
    """'12 maj 2026' / 'tisdag 12 maj 2026'; English 'Tuesday 12 May 2026'."""
    text = f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"
    return f"{WEEKDAYS[lang][day.weekday()]} {text}" if weekday else text


def format_month(year: int, month: int, lang: str = "sv") -> str:
    return f"{MONTHS[lang][month - 1]} {year}"


def format_minutes(minutes: int, lang: str = "sv") -> str:
    """'45 min', '1 h', '1 h 15 min' (the same abbreviations read in English)."""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" if not rest else f"{hours} h {rest} min"


def format_time(value: dt.time, lang: str = "sv") -> str:
    """Swedish clock times use a full stop: 13.00."""
    sep = "." if lang == "sv" else ":"
    return f"{value.hour:02d}{sep}{value.minute:02d}"


def lessons_word(count: int, lang: str = "sv") -> str:
    if lang == "en":
        return f"{count} lesson" if count == 1 else f"{count} lessons"
    return f"{count} lektion" if count == 1 else f"{count} lektioner"
