"""Data files: self-assessment statements and programme events.

Loaded once with the rest of the model (:func:`load_data`); every problem is a
finding with file:line, never an exception.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Collection

from .findings import ERROR, WARNING, Finding
from .sources import KEY_LINES, LINE, read_yaml
from .vocabulary import AREAS, COMPETENCES, EVENT_KINDS, MUNICIPALITIES, STABLE_ID as ID

SELF_ASSESSMENT_FILE = "data/sjalvskattning.yml"
EVENTS_FILE = "data/evenemang.yml"

TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
# --------------------------------------------------------------------------
# Self-assessment
# --------------------------------------------------------------------------

@dataclass
class Statement:
    id: str
    area: int
    text: str
    text_en: str
    # The DigComp 2.2 competences it probes, the main one first: a low answer
    # recommends the courses that teach them.
    competences: list[str] = field(default_factory=list)
    line: int | None = None

    def text_for(self, lang: str) -> str:
        return self.text_en if lang == "en" and self.text_en else self.text


@dataclass
class SelfAssessment:
    scale_min: int
    scale_max: int
    labels: dict[str, tuple[str, str]]  # lang -> (min label, max label)
    interpretation: dict[str, dict[int, dict[str, str]]]  # lang -> area -> band -> text
    statements: list[Statement]


@dataclass
class Event:
    id: str
    kind: str
    title: str
    municipality: str
    library: str
    place: str
    topic: str
    date: dt.date | None = None  # None when only the month is known
    month: tuple[int, int] | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    course: str | None = None
    handout: str | None = None
    signup: str = ""
    example: bool = False
    line: int | None = None

    @property
    def sort_key(self) -> tuple:
        day = self.date or dt.date(self.month[0], self.month[1], 1)
        return (day, self.start or dt.time(0, 0), self.id)

    @property
    def year_month(self) -> tuple[int, int]:
        return (self.date.year, self.date.month) if self.date else self.month

    def is_past(self, today: dt.date) -> bool:
        if self.date is not None:
            return self.date < today
        return self.month < (today.year, today.month)


@dataclass
class SiteData:
    self_assessment: SelfAssessment | None = None
    events: list[Event] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def load_data(root: Path, course_slugs: Collection[str], sources: Collection[str]) -> SiteData:
    """Read the data files under ``root``; ``course_slugs`` are the courses that
    loaded, ``sources`` every docs/ path (events refer to both)."""
    data = SiteData()
    data.self_assessment = _load_self_assessment(root, data.findings)
    data.events = _load_events(root, data.findings, course_slugs, sources)
    return data


def _err(findings: list[Finding], rel: str, line: int | None, rule: str, msg: str,
         severity: str = ERROR) -> None:
    findings.append(Finding(rel, line, rule, severity, msg))


def _line(mapping: Any, key: str | None = None) -> int | None:
    """The line of ``key`` in a data-file mapping (of the mapping itself without a key)."""
    if not isinstance(mapping, dict):
        return None
    return (mapping.get(KEY_LINES) or {}).get(key) or mapping.get(LINE)


def _kind(value: Any) -> str:
    """What a YAML value is, in Swedish, for "ska vara …, inte …" hints."""
    if isinstance(value, bool):
        return "sant/falskt"
    if isinstance(value, (int, float)):
        return "ett tal"
    if isinstance(value, str):
        return "en text"
    if isinstance(value, list):
        return "en lista"
    if isinstance(value, dict):
        return "nycklar och värden"
    return "ett datum" if isinstance(value, dt.date) else "tomt"


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if k not in (LINE, KEY_LINES)}
    return repr(value)


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _load_self_assessment(root: Path, findings: list[Finding]) -> SelfAssessment | None:
    rel = SELF_ASSESSMENT_FILE
    raw, problems = read_yaml(root / rel, rel)
    findings.extend(problems)
    if raw is None:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("statements"), list):
        _err(findings, rel, _line(raw, "statements") or 1, "data-schema",
             "Filen ska ha nycklarna `scale`, `areas` och `statements` (en lista).")
        return None
    before = len(findings)

    def bad(line: int | None, msg: str) -> None:
        _err(findings, rel, line, "data-schema", msg)

    scale = raw.get("scale", {})
    if not isinstance(scale, dict):
        bad(_line(raw, "scale"), f"`scale` ska vara nycklar och värden (`min:`, `max:`, "
                                 f"`min_label:` …), inte {_kind(scale)}.")
        scale = {}
    lo, hi = scale.get("min", 1), scale.get("max", 7)
    # What the browser code accepts (isScale in store.js): integers, 0 <= min < max.
    if not _int(lo) or not _int(hi) or lo < 0 or not lo < hi or hi - lo > 10:
        bad(_line(scale, "min" if not _int(lo) or lo < 0 else "max"),
            f"`scale.min` och `scale.max` ska vara heltal där 0 ≤ min < max och högst 10 steg "
            f"emellan, t.ex. 1 och 7 (nu: {lo!r} och {hi!r}).")
        lo, hi = 1, 7
    for key in ("min_label", "max_label", "min_label_en", "max_label_en"):
        if key in scale and not isinstance(scale[key], str):
            bad(_line(scale, key), f"`scale.{key}` ska vara en text, inte {_kind(scale[key])}.")
    statements: list[Statement] = []
    seen: dict[str, int] = {}
    for item in raw["statements"]:
        line = item.get(LINE) if isinstance(item, dict) else None
        if not isinstance(item, dict):
            _err(findings, rel, _line(raw, "statements"), "data-schema",
                 "Varje påstående ska ha id, area och text.")
            continue
        sid, area, text = item.get("id"), item.get("area"), item.get("text")
        ok = True
        if not isinstance(sid, str) or not ID.match(sid):
            _err(findings, rel, line, "data-schema",
                 f"Påståendet har ett ogiltigt id ({sid!r}). Använd små bokstäver och bindestreck.")
            ok = False
        elif sid in seen:
            _err(findings, rel, line, "data-duplicate-id",
                 f"Id `{sid}` finns redan på rad {seen[sid]}. Varje påstående behöver ett eget id.")
            ok = False
        else:
            seen[sid] = line
        if not _int(area) or area not in AREAS:
            _err(findings, rel, _line(item, "area"), "data-schema",
                 f"`area` ska vara ett DigComp-område 1–5 (nu: {_shown(area)}).")
            ok = False
        if text is not None and not isinstance(text, str):
            bad(_line(item, "text"), f"`text` ska vara en text, inte {_kind(text)}.")
            ok = False
        elif not isinstance(text, str) or not text.strip():
            _err(findings, rel, line, "data-schema", "Påståendet saknar `text`.")
            ok = False
        text_en = item.get("text_en")
        if text_en is not None and not isinstance(text_en, str):
            bad(_line(item, "text_en"), f"`text_en` ska vara en text, inte {_kind(text_en)}.")
            ok = False
        # A bad `competences` is reported, the statement still counts in its area.
        competences = _statement_competences(item.get("competences"), rel,
                                             _line(item, "competences"), findings)
        if ok:
            statements.append(Statement(sid, area, text.strip(), text_en or "", competences, line))
    interpretation: dict[str, dict[int, dict[str, str]]] = {"sv": {}, "en": {}}
    areas = raw.get("areas") or []
    if not isinstance(areas, list):
        bad(_line(raw, "areas"), f"`areas` ska vara en lista (en post per område), inte {_kind(areas)}.")
        areas = []
    for item in areas:
        if not isinstance(item, dict) or not _int(item.get("area")) or item.get("area") not in AREAS:
            _err(findings, rel, item.get(LINE) if isinstance(item, dict) else _line(raw, "areas"),
                 "data-schema", "Varje post under `areas` behöver `area: 1–5`.")
            continue
        for lang, key in (("sv", "interpretation"), ("en", "interpretation_en")):
            texts = item.get(key) or {}
            if not isinstance(texts, dict):
                bad(_line(item, key), f"`{key}` ska ha nycklarna `low`, `mid` och `high` med en text "
                                      f"var, inte {_kind(texts)}.")
                texts = {}
            for band in ("low", "mid", "high"):
                if band in texts and not isinstance(texts[band], str):
                    bad(_line(texts, band), f"`{key}.{band}` ska vara en text, inte {_kind(texts[band])}.")
            interpretation[lang][item["area"]] = {
                band: texts[band] if isinstance(texts.get(band), str) else ""
                for band in ("low", "mid", "high")}
    for area in AREAS:
        count = sum(1 for s in statements if s.area == area)
        if count < 2:
            _err(findings, rel, None, "data-schema",
                 f"Område {area} har {count} {'påstående' if count == 1 else 'påståenden'}; varje område behöver minst två "
                 "för ett meningsfullt medelvärde.", WARNING)
    if any(f.severity == ERROR for f in findings[before:]):
        return None  # the build stops on the findings; nothing half-checked is rendered

    def label(key: str) -> str:
        return scale.get(key, "") if isinstance(scale.get(key, ""), str) else ""

    labels = {"sv": (label("min_label"), label("max_label")),
              "en": (label("min_label_en"), label("max_label_en"))}
    return SelfAssessment(lo, hi, labels, interpretation, statements)


def _statement_competences(value: Any, rel: str, line: int | None,
                           findings: list[Finding]) -> list[str]:
    """The statement's known DigComp 2.2 `competences`; problems become findings."""
    if value is None or value == []:
        _err(findings, rel, line, "data-schema",
             'Påståendet saknar `competences`: skriv de DigComp 2.2-kompetenser det prövar, '
             'den viktigaste först, t.ex. `competences: ["2.3", "1.3"]`. Rekommendationerna '
             "går till kurserna som lär ut dem.")
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        _err(findings, rel, line, "data-schema",
             f'`competences` ska vara en lista med kompetenser inom citattecken, t.ex. '
             f'`["2.3", "1.3"]` (nu: {value!r}).')
        return []
    unknown = [v for v in value if v not in COMPETENCES]
    if unknown:
        _err(findings, rel, line, "data-unknown-competence",
             f"DigComp 2.2 har ingen kompetens {', '.join(unknown)}. Skriv område.nummer: "
             "1.1–1.3, 2.1–2.6, 3.1–3.4, 4.1–4.4 eller 5.1–5.4.")
    return list(dict.fromkeys(v for v in value if v in COMPETENCES))


def _parse_time(value: Any) -> dt.time | None:
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 13:00 as a sexagesimal number (780).
        hours, minutes = divmod(value, 60)
        return dt.time(hours, minutes) if hours < 24 else None
    if isinstance(value, str) and TIME.match(value.strip()):
        h, m = value.strip().split(":")
        return dt.time(int(h), int(m))
    return None


def _load_events(root: Path, findings: list[Finding], course_slugs: Collection[str],
                 sources: Collection[str]) -> list[Event]:
    rel = EVENTS_FILE
    raw, problems = read_yaml(root / rel, rel)
    findings.extend(problems)
    if raw is None:
        return []
    items = raw.get("events") if isinstance(raw, dict) else None
    if not isinstance(items, list):
        _err(findings, rel, 1, "data-schema", "Filen ska ha nyckeln `events` med en lista.")
        return []
    events: list[Event] = []
    seen: dict[str, int] = {}
    for item in items:
        if not isinstance(item, dict):
            _err(findings, rel, _line(raw, "events"), "data-schema",
                 "Varje evenemang ska vara nycklar och värden.")
            continue
        event = _event_from(item, rel, findings, course_slugs, sources, seen)
        if event is not None:
            events.append(event)
    events.sort(key=lambda e: e.sort_key)
    return events


def _event_from(item: dict, rel: str, findings: list[Finding], course_slugs: Collection[str],
                sources: Collection[str], seen: dict[str, int]) -> Event | None:
    line = item.get(LINE)
    before = len(findings)

    def bad(msg: str, rule: str = "data-schema", line: int | None = line) -> None:
        _err(findings, rel, line, rule, msg)

    eid = item.get("id")
    if not isinstance(eid, str) or not ID.match(eid):
        bad(f"Evenemanget har ett ogiltigt id ({_shown(eid)}). Använd små bokstäver, siffror och "
            "bindestreck.")
    elif eid in seen:
        bad(f"Id `{eid}` finns redan på rad {seen[eid]}; id:t blir kalenderns UID och måste vara unikt.",
            "data-duplicate-id")
    else:
        seen[eid] = line
    kind = item.get("kind")
    if not isinstance(kind, str) or kind not in EVENT_KINDS:
        bad(f"`kind` ska vara en av {', '.join(EVENT_KINDS)} (nu: {_shown(kind)}).")
    municipality = item.get("municipality")
    if not isinstance(municipality, str) or municipality not in MUNICIPALITIES:
        bad(f"Okänd kommun {_shown(municipality)}. Använd en av {', '.join(MUNICIPALITIES)}.",
            "data-unknown-municipality")
    for key in ("title", "library", "place", "topic"):
        value = item.get(key)
        if value is not None and not isinstance(value, str):
            bad(f"`{key}` ska vara en text, inte {_kind(value)} (nu: {_shown(value)}). Sätt "
                "citattecken runt texten.", line=_line(item, key))
        elif not isinstance(value, str) or not value.strip():
            bad(f"Evenemanget saknar `{key}`.")
    for key in ("course", "handout", "signup"):
        value = item.get(key)
        if value is not None and not isinstance(value, str):
            bad(f"`{key}` ska vara en text, inte {_kind(value)} (nu: {_shown(value)}).",
                line=_line(item, key))
    example = item.get("example", False)
    if not isinstance(example, bool):
        bad(f"`example` ska vara true eller false (nu: {_shown(example)}); \"nej\" och \"ja\" i "
            "citattecken är text, inte sant eller falskt.", line=_line(item, "example"))
    date, month, start, end = item.get("date"), item.get("month"), None, None
    if date is not None:
        if not isinstance(date, dt.date):
            bad(f"`date` är inget riktigt datum ({date!r}). Skriv ÅÅÅÅ-MM-DD, t.ex. 2027-01-21.",
                "data-bad-date")
            date = None
        start, end = _parse_time(item.get("start")), _parse_time(item.get("end"))
        if start is None or end is None:
            bad('`start` och `end` ska vara klockslag som "13:00" (med citattecken).', "data-bad-time")
        elif end <= start:
            bad(f"Sluttiden {end:%H:%M} ligger inte efter starttiden {start:%H:%M}.", "data-bad-time")
    elif month is not None:
        match = MONTH.match(str(month))
        if not match:
            bad(f"`month` ska skrivas ÅÅÅÅ-MM, t.ex. 2019-11 (nu: {month!r}).", "data-bad-date")
        else:
            month = (int(match.group(1)), int(match.group(2)))
    else:
        bad("Evenemanget behöver `date` (ÅÅÅÅ-MM-DD), eller `month` (ÅÅÅÅ-MM) när dagen är okänd.",
            "data-bad-date")
    course = item.get("course")
    # A course whose index exists but has errors is reported there, not here.
    if course and isinstance(course, str) and course not in course_slugs and f"kurser/{course}/index.md" not in sources:
        bad(f"Kursen `{course}` finns inte under docs/kurser/.", "data-dangling-reference")
    handout = item.get("handout")
    if handout and isinstance(handout, str) and handout not in sources:
        bad(f"Materialet `{handout}` finns inte under docs/.", "data-dangling-reference")
    if len(findings) > before:
        return None
    return Event(id=eid, kind=kind, title=item["title"].strip(), municipality=municipality,
                 library=item["library"].strip(), place=item["place"].strip(),
                 topic=item["topic"].strip(), date=date,
                 month=month if date is None else None, start=start, end=end,
                 course=course or None, handout=handout or None,
                 signup=(item.get("signup") or "").strip(),
                 example=item.get("example", False), line=line)
