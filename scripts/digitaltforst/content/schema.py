"""Front-matter schemas: one table of fields per content type, one check per
kind of value; a bad value is a Swedish finding with the key's line."""
from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from typing import Any, Callable

from .findings import ERROR, WARNING, Finding
from .sources import SourceFile
from .vocabulary import AREAS, COMPETENCES, HANDOUT_KINDS, LEVELS, STABLE_ID



def _nonempty_str(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "ska vara en text som inte är tom"
    return None


def _positive_int(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return "ska vara ett positivt heltal (antal minuter), t.ex. `20`"
    return None


def _str_list(value: Any) -> str | None:
    if (not isinstance(value, list) or not value
            or not all(isinstance(v, str) and v.strip() for v in value)):
        return "ska vara en lista med minst en rad text, varje rad börjar med `- `"
    return None


def _area(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or value not in AREAS:
        return "ska vara ett DigComp-kompetensområde, ett heltal 1–5"
    return None


def _competences(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return 'ska vara en lista med DigComp 2.2-kompetenser, t.ex. `["4.2"]`'
    bad = [str(v) for v in value if isinstance(v, bool) or str(v) not in COMPETENCES]
    if bad:
        return (f"innehåller {', '.join(bad)}; skriv kompetenser ur DigComp 2.2 som "
                "område.nummer, t.ex. \"4.2\" (1.1–1.3, 2.1–2.6, 3.1–3.4, 4.1–4.4, 5.1–5.4)")
    return None


def _one_of(choices: tuple[str, ...]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if value in choices else f"ska vara en av {', '.join(choices)}"
    return check


def _date(value: Any) -> str | None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        return "ska vara ett datum i formen ÅÅÅÅ-MM-DD, t.ex. 2026-11-20"
    return None


def _stable_id(value: Any) -> str | None:
    if not isinstance(value, str) or not STABLE_ID.match(value):
        return "ska vara ett id med små bokstäver a–z, siffror och bindestreck, t.ex. `eleg-vad-ar`"
    return None


def _group_size(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return None
    if isinstance(value, str) and re.fullmatch(r"\d+\s*[–-]\s*\d+", value.strip()):
        return None
    return 'ska vara ett antal, t.ex. `4`, eller ett intervall, t.ex. `"3–5"`'


SOURCE_KEYS = ("title", "url", "checked")


def _sources(value: Any) -> str | tuple[str, int] | None:
    """A list of {title, url, checked}; a problem names the item it is in. (How
    many a lesson needs is the validator's rule `lesson-sources`.)"""
    if not isinstance(value, list):
        return ("ska vara en lista med källor, varje källa med `title:`, `url:` (https) och "
                "`checked:` (datum då någon senast kontrollerade den), t.ex.\n"
                "  - title: Polisen – Bedrägerier\n    url: https://polisen.se/…\n"
                "    checked: 2026-12-01")
    for i, item in enumerate(value):
        n = f"källa {i + 1}"
        if not isinstance(item, dict):
            return f"{n} ska ha nycklarna `title:`, `url:` och `checked:`", i
        if _nonempty_str(item.get("title")):
            return f"{n} saknar `title:` (källans namn, t.ex. myndighetens sidrubrik)", i
        url = item.get("url")
        if not isinstance(url, str) or not url.startswith("https://") or len(url) <= len("https://"):
            return (f"{n} har ingen `url:` som börjar med https:// (nu: {url!r}); länka till "
                    "källans säkra adress"), i
        if _date(item.get("checked")):
            return (f"{n} saknar `checked:` med datumet då du senast kontrollerade källan, "
                    "ÅÅÅÅ-MM-DD"), i
        extra = sorted(str(k) for k in item if k not in SOURCE_KEYS)
        if extra:
            return f"{n} har okända nycklar ({', '.join(extra)}); använd title, url och checked", i
    return None


def _any_str(value: Any) -> str | None:
    return None if isinstance(value, str) else "ska vara text"


@dataclass(frozen=True)
class Field:
    name: str
    # None when the value is right; else a Swedish problem, or (problem, list index)
    check: Callable[[Any], "str | tuple[str, int] | None"]
    required: bool = True
    default: Any = None


COURSE_FIELDS = (
    Field("title", _nonempty_str),
    Field("description", _nonempty_str),
    Field("area", _area),
    Field("competences", _competences),
    Field("level", _one_of(LEVELS)),
    Field("goals", _str_list),
    Field("authors", _str_list),
    Field("license", _nonempty_str, required=False, default="CC BY 4.0"),
    Field("reviewed", _date),
)
LESSON_FIELDS = (
    Field("title", _nonempty_str),
    Field("id", _stable_id),
    Field("minutes", _positive_int),
    Field("goals", _str_list),
    # The day the whole lesson was last checked against its sources.
    Field("reviewed", _date),
    Field("sources", _sources, required=False, default=()),
)
HANDOUT_FIELDS = (
    Field("title", _nonempty_str),
    Field("kind", _one_of(HANDOUT_KINDS)),
    Field("course", _nonempty_str),
    Field("lesson", _stable_id, required=False),
    Field("minutes", _positive_int),
    Field("group_size", _group_size),
    Field("sources", _sources, required=False, default=()),
)
# Keys MkDocs and Material understand on any page.
PAGE_FIELDS = (
    Field("title", _nonempty_str, required=False),
    Field("description", _nonempty_str, required=False),
    Field("hide", lambda v: None if isinstance(v, list) else "ska vara en lista", required=False),
    Field("template", _any_str, required=False),
    Field("search", lambda v: None if isinstance(v, dict) else "ska vara nycklar och värden",
          required=False),
)
COURSE_FIELDS += tuple(f for f in PAGE_FIELDS if f.name in ("hide",))
LESSON_FIELDS += tuple(f for f in PAGE_FIELDS if f.name in ("hide", "description"))
HANDOUT_FIELDS += tuple(f for f in PAGE_FIELDS if f.name in ("hide", "description"))


def check_fields(src: SourceFile, fields: tuple[Field, ...], what: str,
                 root_rel: str) -> tuple[dict[str, Any], list[Finding]]:
    """Check ``src.meta`` against a schema; return clean values and findings."""
    values: dict[str, Any] = {}
    findings: list[Finding] = []
    known = {f.name for f in fields}
    for f in fields:
        if f.name not in src.meta:
            if f.required:
                findings.append(Finding(root_rel, 1, "front-matter-missing", ERROR,
                                        f"{what} saknar `{f.name}` i sidhuvudet. "
                                        f"Lägg till raden `{f.name}: …` mellan ---."))
            else:
                values[f.name] = f.default
            continue
        value = src.meta[f.name]
        problem = f.check(value)
        if isinstance(problem, tuple):  # a problem inside one item of a list
            message, item = problem
            findings.append(Finding(root_rel, src.line_of(f.name, item), "front-matter-invalid",
                                    ERROR, f"`{f.name}`: {message}."))
            continue
        if problem:
            findings.append(Finding(root_rel, src.line_of(f.name), "front-matter-invalid", ERROR,
                                    f"`{f.name}` {problem} (nu: {value!r})."))
            continue
        values[f.name] = value
    for key in src.meta:
        if key in known:
            continue
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        hint = f" Menade du `{close[0]}`?" if close else \
            f" Kända nycklar: {', '.join(sorted(known))}."
        findings.append(Finding(root_rel, src.line_of(str(key)), "front-matter-unknown-key", WARNING,
                                f"Okänd nyckel `{key}` i sidhuvudet för {what.lower()}.{hint}"))
    return values, findings
