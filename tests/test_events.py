"""Programme events: loading and validating data/evenemang.yml, the split into
upcoming events and archive on the built page, the real programme data, the
iCalendar files and the workshop tour page.
"""
from __future__ import annotations

import datetime as dt
import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from conftest import production_url
from contentfixtures import COURSE_INDEX, HANDOUT
from digitaltforst.build import calendar
from digitaltforst.content.datafiles import EVENTS_FILE, Event
from digitaltforst.content.findings import ERROR
from digitaltforst.content.site import load_site
from digitaltforst.content.vocabulary import MUNICIPALITIES

MONTHS = {"sv": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
                 "september", "oktober", "november", "december"]}

ROOT = Path(__file__).resolve().parent.parent
STOCKHOLM = ZoneInfo("Europe/Stockholm")
FIXED_TODAY = dt.date(2026, 11, 25)
SEVEN = ("Härnösand", "Kramfors", "Sollefteå", "Sundsvall", "Timrå", "Örnsköldsvik", "Ånge")
BRANCHES = ("Junsele", "Näsåker", "Resele", "Ramsele", "Långsele")


# -- a small project for validation --------------------------------------------------

COURSE = COURSE_INDEX.replace("några lektioner", "en lektion")
LESSON = """\
---
title: Första lektionen
id: testkurs-forsta
minutes: 20
goals:
  - förklara vad ett bedrägeri är.
reviewed: 2026-11-25
---

## Vid disken

Text.
"""
def event_yaml(eid: str, **changes: str) -> str:
    """One valid event; ``changes`` replace (or with "" remove) whole lines by key."""
    lines = {
        "id": eid,
        "kind": "workshop",
        "title": '"Workshop om bedrägerier"',
        "date": "2027-01-21",
        "start": '"13:00"',
        "end": '"15:00"',
        "place": "Härnösands bibliotek",
        "library": "Härnösands bibliotek",
        "municipality": "Härnösand",
        "topic": '"Vi går igenom kursen."',
        "course": "testkurs",
        "handout": "workshops/testkurs-deltagarblad.md",
    }
    lines.update(changes)
    body = [f"{key}: {value}" for key, value in lines.items() if value != ""]
    return "  - " + "\n    ".join(body) + "\n"


def events_file(second: str) -> str:
    """Three events; the one under test is the second (so line numbers matter)."""
    return ("# Evenemang\nevents:\n" + event_yaml("2027-01-20-forsta") + "\n" + second + "\n"
            + event_yaml("2027-01-22-tredje", municipality="Ånge"))


def make_project(root: Path, events: str) -> Path:
    files = {
        "docs/index.md": "---\ntitle: Start\n---\n\nVälkommen.\n",
        "docs/kurser/testkurs/index.md": COURSE,
        "docs/kurser/testkurs/01-forsta.md": LESSON,
        "docs/workshops/testkurs-deltagarblad.md": HANDOUT,
        EVENTS_FILE: events,
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def line_of(text: str, needle: str, nth: int = 1) -> int:
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[nth - 1]


def data_findings(site) -> list[tuple]:
    return [(f.rule, f.severity, f.file, f.line) for f in site.findings if f.file == EVENTS_FILE]


def test_valid_events_load_without_findings(tmp_path):
    text = events_file(event_yaml("2027-01-21-andra", start="13:00", end="15:30"))
    site = load_site(make_project(tmp_path, text))
    assert site.findings == []
    events = site.data.events
    assert [e.id for e in events] == ["2027-01-20-forsta", "2027-01-21-andra", "2027-01-22-tredje"]
    second = events[1]
    # Unquoted 13:00 is read by YAML 1.1 as a number of minutes; it still means 13:00.
    assert (second.date, second.start, second.end) == \
        (dt.date(2027, 1, 21), dt.time(13, 0), dt.time(15, 30))
    assert second.course == "testkurs" and second.line == line_of(text, "id: 2027-01-21-andra")
    assert events[2].municipality == "Ånge"


CASES = {
    # id: (changes to the second event, rule, text the message must contain)
    "impossible-date": ({"date": "2027-02-30"}, "data-bad-date", "2027-02-30"),
    "impossible-date-quoted": ({"date": '"2027-02-30"'}, "data-bad-date", "2027-02-30"),
    "date-as-text": ({"date": "21 januari 2027"}, "data-bad-date", "ÅÅÅÅ-MM-DD"),
    "bad-month": ({"date": "", "start": "", "end": "", "month": "2019-13"}, "data-bad-date",
                  "ÅÅÅÅ-MM"),
    "no-date-or-month": ({"date": ""}, "data-bad-date", "month"),
    "end-before-start": ({"end": '"12:00"'}, "data-bad-time", "12:00"),
    "end-equals-start": ({"end": '"13:00"'}, "data-bad-time", "13:00"),
    "time-not-a-time": ({"start": '"kl 13"'}, "data-bad-time", "13:00"),
    "unknown-municipality": ({"municipality": "Stockholm"}, "data-unknown-municipality",
                             "Örnsköldsvik"),
    "municipality-misspelt": ({"municipality": "Harnosand"}, "data-unknown-municipality",
                              "Härnösand"),
    "dangling-course": ({"course": "testkurss"}, "data-dangling-reference", "testkurss"),
    "dangling-handout": ({"handout": "workshops/finns-inte.md"}, "data-dangling-reference",
                         "workshops/finns-inte.md"),
}


@pytest.mark.parametrize("changes,rule,message", CASES.values(), ids=CASES.keys())
def test_bad_event_is_one_clear_finding_on_its_line(tmp_path, changes, rule, message):
    text = events_file(event_yaml("2027-01-21-andra", **changes))
    site = load_site(make_project(tmp_path, text))  # never a traceback
    line = line_of(text, "id: 2027-01-21-andra")
    assert data_findings(site) == [(rule, ERROR, EVENTS_FILE, line)]
    assert message in site.findings[0].message
    assert len(site.findings) == 1
    # The broken event is left out; the others are still there.
    assert [e.id for e in site.data.events] == ["2027-01-20-forsta", "2027-01-22-tredje"]


def test_duplicate_id_points_at_both_lines(tmp_path):
    text = events_file(event_yaml("2027-01-20-forsta", title='"Samma id igen"'))
    site = load_site(make_project(tmp_path, text))
    first, second = line_of(text, "id: 2027-01-20-forsta"), line_of(text, "id: 2027-01-20-forsta", 2)
    assert data_findings(site) == [("data-duplicate-id", ERROR, EVENTS_FILE, second)]
    assert f"rad {first}" in site.findings[0].message
    assert [e.title for e in site.data.events] == ["Workshop om bedrägerier"] * 2


def test_every_problem_in_one_file_is_reported_on_its_own_line(tmp_path):
    bad = {
        "2027-02-01-datum": ({"date": "2027-02-30"}, "data-bad-date"),
        "2027-02-02-tid": ({"end": '"09:00"'}, "data-bad-time"),
        "2027-02-03-kommun": ({"municipality": "Uppsala"}, "data-unknown-municipality"),
        "2027-02-04-kurs": ({"course": "finns-inte"}, "data-dangling-reference"),
        "2027-01-20-forsta": ({}, "data-duplicate-id"),
    }
    text = "events:\n" + event_yaml("2027-01-20-forsta") + "".join(
        event_yaml(eid, **changes) for eid, (changes, _) in bad.items()) + \
        event_yaml("2027-03-01-sista", municipality="Timrå")
    site = load_site(make_project(tmp_path, text))
    expected = [(rule, ERROR, EVENTS_FILE, line_of(text, f"id: {eid}", 2 if rule ==
                                                   "data-duplicate-id" else 1))
                for eid, (_, rule) in bad.items()]
    assert sorted(data_findings(site), key=lambda f: f[3]) == expected
    assert [e.id for e in site.data.events] == ["2027-01-20-forsta", "2027-03-01-sista"]


@pytest.mark.parametrize("text,rule", [
    ("events:\n  - id: a\n    title: [oavslutad\n", "data-yaml"),
    ("evenemang: []\n", "data-schema"),
], ids=["broken-yaml", "wrong-top-key"])
def test_broken_file_is_a_finding_not_a_traceback(tmp_path, text, rule):
    site = load_site(make_project(tmp_path, text))
    found = data_findings(site)
    assert [f[0] for f in found] == [rule] and found[0][3] is not None
    assert site.data.events == []


# -- is_past --------------------------------------------------------------------

def _event(**kw) -> Event:
    values = dict(id="x", kind="workshop", title="T", municipality="Timrå", library="L",
                  place="P", topic="Ämne")
    values.update(kw)
    return Event(**values)


@pytest.mark.parametrize("kw,past", [
    ({"date": dt.date(2026, 5, 11)}, True),  # yesterday
    ({"date": dt.date(2026, 5, 12)}, False),  # today is still upcoming
    ({"date": dt.date(2026, 5, 13)}, False),
    ({"month": (2026, 4)}, True),
    ({"month": (2026, 5)}, False),  # the current month: the day is unknown, keep it upcoming
    ({"month": (2025, 12)}, True),
    ({"month": (2027, 1)}, False),
], ids=["yesterday", "today", "tomorrow", "last-month", "this-month", "last-year", "next-year"])
def test_is_past(kw, past):
    assert _event(**kw).is_past(dt.date(2026, 5, 12)) is past


# -- the built page with a fixed "today" ------------------------------------------------

SMALL_EVENTS = """\
events:
  - id: 2026-06-03-sundsvall-utbildningsdag
    kind: utbildningsdag
    title: "Utbildningsdag i Sundsvall"
    date: 2026-06-03
    start: "09:00"
    end: "15:30"
    place: Sundsvalls stadsbibliotek
    library: Sundsvalls stadsbibliotek
    municipality: Sundsvall
    topic: "En dag om e-tjänster."
    example: true
  - id: 2019-11-junsele-filialbesok
    kind: filialbesok
    title: "Filialbesök i Junsele"
    month: 2019-11
    place: Junsele bibliotek
    library: Junsele bibliotek
    municipality: Sollefteå
    topic: "Ett besök."
  - id: 2026-05-12-harnosand-workshop
    kind: workshop
    title: "Workshop i Härnösand"
    date: 2026-05-12
    start: "13:00"
    end: "15:00"
    place: Härnösands bibliotek
    library: Härnösands bibliotek
    municipality: Härnösand
    topic: "Vi övar."
    example: true
  - id: 2026-05-11-timra-workshop
    kind: workshop
    title: "Workshop i Timrå"
    date: 2026-05-11
    start: "10:00"
    end: "12:00"
    place: Timrå bibliotek
    library: Timrå bibliotek
    municipality: Timrå
    topic: "Vi övade."
  - id: 2026-04-ange-filialbesok
    kind: filialbesok
    title: "Filialbesök i Ånge"
    month: 2026-04
    place: Ånge bibliotek
    library: Ånge bibliotek
    municipality: Ånge
    topic: "Ett besök."
  - id: 2026-05-kramfors-natverksmote
    kind: natverksmote
    title: "Nätverksmöte i Kramfors"
    month: 2026-05
    place: Kramfors bibliotek
    library: Kramfors bibliotek
    municipality: Kramfors
    topic: "Vi träffas."
"""
SMALL_TODAY = "2026-05-12"  # a Tuesday


def _strip(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def parse_events_page(text: str) -> dict:
    """What a reader sees: per section (Kommande/Arkiv) months with their events."""
    article = text[text.index('<article class="md-content__inner'):text.index("</article>")]
    upcoming_at, archive_at = article.index('<h2 id="kommande"'), article.index('<h2 id="arkiv"')
    out = {}
    for name, part in (("upcoming", article[upcoming_at:archive_at]),
                       ("archive", article[archive_at:])):
        months: list[tuple[str, list[dict]]] = []
        for m in re.finditer(r"<h3>(.*?)</h3>|<li class=\"dfs-event\"(.*?)</li>", part, re.S):
            if m.group(1) is not None:
                months.append((_strip(m.group(1)), []))
                continue
            li = m.group(2)
            title = re.search(r'<h4 class="dfs-event__title">(.*?)(?:<span|</h4>)', li, re.S)
            when = re.search(r"<strong>(.*?)</strong>", li, re.S)
            months[-1][1].append({
                "title": _strip(title.group(1)), "when": _strip(when.group(1)),
                "example": "dfs-badge--example" in li, "ics": ".ics\"" in li})
        out[name] = months
    before = re.search(r'<p class="dfs-muted">(?:Evenemang före|Events before) (.*?)\.</p>', article)
    out["today"] = before.group(1) if before else None
    return out


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    """A small project built with the plugin option `today` fixed."""
    root = tmp_path_factory.mktemp("evenemang")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert config.count("  - digitaltforst:\n") == 1
    config = config.replace("  - digitaltforst:\n",
                            f'  - digitaltforst:\n      today: "{SMALL_TODAY}"\n')
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copytree(ROOT / "overrides", root / "overrides")
    files = {
        "docs/index.md": "---\ntitle: Start\n---\n\nVälkommen.\n",
        "docs/program/index.md": "---\ntitle: Programmet\n---\n\nOm programmet.\n",
        "docs/program/utbildningsdagar.md": "---\ntitle: Utbildningsdagar\n---\n\nKalendern.\n",
        "docs/program/workshopturne.md": "---\ntitle: Workshopturné\n---\n\nTurnén.\n",
        EVENTS_FILE: SMALL_EVENTS,
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], cwd=root,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "DIGITALTFORST_PDF": "0", "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    return root / "site"


def test_fixed_today_splits_upcoming_and_archive_by_month(small_site):
    page = parse_events_page(
        (small_site / "program/utbildningsdagar/index.html").read_text(encoding="utf-8"))
    assert page["today"] == "12 maj 2026"
    upcoming = [(label, [(e["title"], e["when"]) for e in events])
                for label, events in page["upcoming"]]
    assert upcoming == [
        ("Maj 2026", [("Nätverksmöte i Kramfors", "Maj 2026 (exakt dag okänd)"),
                      ("Workshop i Härnösand", "tisdag 12 maj 2026, 13.00–15.00")]),
        ("Juni 2026", [("Utbildningsdag i Sundsvall", "onsdag 3 juni 2026, 09.00–15.30")]),
    ]
    archive = [(label, [(e["title"], e["when"]) for e in events])
               for label, events in page["archive"]]
    assert archive == [  # newest first
        ("Maj 2026", [("Workshop i Timrå", "måndag 11 maj 2026, 10.00–12.00")]),
        ("April 2026", [("Filialbesök i Ånge", "April 2026 (exakt dag okänd)")]),
        ("November 2019", [("Filialbesök i Junsele", "November 2019 (exakt dag okänd)")]),
    ]
    flags = {e["title"]: (e["example"], e["ics"])
             for _, events in page["upcoming"] + page["archive"] for e in events}
    assert flags == {
        "Nätverksmöte i Kramfors": (False, False),  # no day, no calendar file
        "Workshop i Härnösand": (True, True),
        "Utbildningsdag i Sundsvall": (True, True),
        "Workshop i Timrå": (False, False),  # past: no calendar link
        "Filialbesök i Ånge": (False, False),
        "Filialbesök i Junsele": (False, False),
    }


def test_fixed_today_english_page(small_site):
    page = parse_events_page(
        (small_site / "en/program/utbildningsdagar/index.html").read_text(encoding="utf-8"))
    assert page["today"] == "12 May 2026"
    assert [label for label, _ in page["upcoming"]] == ["May 2026", "June 2026"]
    assert page["upcoming"][0][1][1]["when"] == "Tuesday 12 May 2026, 13:00–15:00"
    assert [label for label, _ in page["archive"]] == ["May 2026", "April 2026", "November 2019"]


def test_fixed_today_calendar_files(small_site):
    folder = small_site / "kalender"
    assert sorted(p.name for p in folder.iterdir()) == [
        "2026-05-12-harnosand-workshop.ics", "2026-06-03-sundsvall-utbildningsdag.ics", "alla.ics"]
    feed = Calendar.from_ical((folder / "alla.ics").read_bytes())
    assert [str(v["uid"]).split("@")[0] for v in feed.walk("VEVENT")] == [
        "2026-05-12-harnosand-workshop", "2026-06-03-sundsvall-utbildningsdag"]
    [event] = Calendar.from_ical((folder / "2026-05-12-harnosand-workshop.ics").read_bytes()) \
        .walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == dt.datetime(2026, 5, 12, 13, 0, tzinfo=STOCKHOLM)
    assert start.utcoffset() == dt.timedelta(hours=2)  # summer time
    assert str(event["summary"]) == "Workshop i Härnösand (exempel)"


# -- the real programme ------------------------------------------------------------------

@pytest.fixture(scope="module")
def real():
    site = load_site(ROOT)
    assert [f for f in site.findings if f.file.startswith("data/")] == []
    return site


def test_municipalities_are_the_seven_of_vasternorrland():
    assert tuple(MUNICIPALITIES) == SEVEN


def test_real_branch_library_visits_2019_are_archive_by_month(real):
    visits = [e for e in real.data.events if e.kind == "filialbesok" and e.date is None
              and e.month == (2019, 11)]
    assert sorted(e.library for e in visits) == sorted(
        f"{name} bibliotek" if name != "Näsåker" else "Näsåkers bibliotek" for name in BRANCHES)
    for event in visits:
        assert event.municipality == "Sollefteå" and not event.example
        assert event.is_past(FIXED_TODAY) and event.is_past(dt.date(2019, 12, 1))
        assert not event.is_past(dt.date(2019, 11, 30))  # the day is unknown
        assert any(name in event.title for name in BRANCHES)


def test_real_upcoming_examples_cover_all_municipalities(real):
    upcoming = [e for e in real.data.events if not e.is_past(FIXED_TODAY)]
    examples = [e for e in upcoming if e.example]
    assert len(examples) >= 12
    assert {e.municipality for e in examples} == set(SEVEN)
    for event in examples:
        assert event.date and event.date >= FIXED_TODAY and event.start < event.end
        assert event.date.weekday() < 5, f"{event.id}: {event.date} är en helgdag"
        assert event.id.startswith(event.date.isoformat())
    assert len({e.id for e in real.data.events}) == len(real.data.events)


def _page_today(text: str) -> dt.date:
    """The build date the page was made with ("Evenemang före 25 november 2026.")."""
    day, month, year = parse_events_page(text)["today"].split()
    return dt.date(int(year), MONTHS["sv"].index(month) + 1, int(day))


@pytest.fixture(scope="module")
def events_page(site_dir) -> tuple[str, dt.date]:
    text = (site_dir / "program/utbildningsdagar/index.html").read_text(encoding="utf-8")
    return text, _page_today(text)


def test_built_page_lists_archive_and_upcoming(real, events_page):
    text, today = events_page
    page = parse_events_page(text)
    upcoming = [e for e in real.data.events if not e.is_past(today)]
    past = [e for e in real.data.events if e.is_past(today)]
    assert [e["title"] for _, events in page["upcoming"] for e in events] == \
        [e.title for e in upcoming]
    assert sorted(e["title"] for _, events in page["archive"] for e in events) == \
        sorted(e.title for e in past)
    november = dict(page["archive"])["November 2019"]
    assert sorted(e["title"] for e in november) == sorted(f"Filialbesök i {n}" for n in BRANCHES)
    for event in november:
        assert event["when"] == "November 2019 (exakt dag okänd)"
        assert not event["example"] and not event["ics"]
    # Month headings in Swedish, each month once per section.
    for section in ("upcoming", "archive"):
        labels = [label for label, _ in page[section]]
        assert len(labels) == len(set(labels))
        for label in labels:
            month, year = label.split()
            assert month.lower() in MONTHS["sv"] and month[0].isupper() and year.isdigit()


def _shown(real, page: dict, today: dt.date) -> list[tuple[Event, dict]]:
    """Each event on the page next to its data: upcoming in order, archive newest first."""
    upcoming = [e for e in real.data.events if not e.is_past(today)]
    past = [e for e in real.data.events if e.is_past(today)][::-1]
    shown_upcoming = [e for _, events in page["upcoming"] for e in events]
    shown_past = [e for _, events in page["archive"] for e in events]
    assert [e["title"] for e in shown_upcoming] == [e.title for e in upcoming]
    assert [e["title"] for e in shown_past] == [e.title for e in past]
    return list(zip(upcoming, shown_upcoming)) + list(zip(past, shown_past))


def test_built_page_marks_examples(real, events_page):
    text, today = events_page
    pairs = _shown(real, parse_events_page(text), today)
    assert text.count('<span class="dfs-badge dfs-badge--example">Exempel</span>') == \
        sum(1 for e in real.data.events if e.example) >= 12
    for event, shown in pairs:
        assert shown["example"] is event.example, event.id
        assert shown["ics"] is bool(event.date and not event.is_past(today)), event.id
    assert "Evenemang märkta <strong>Exempel</strong>" in text


def test_built_page_when_is_swedish(real, events_page):
    text, today = events_page
    weekdays = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
    for event, shown in _shown(real, parse_events_page(text), today):
        if event.date:
            expected = (f"{weekdays[event.date.weekday()]} {event.date.day} "
                        f"{MONTHS['sv'][event.date.month - 1]} {event.date.year}, "
                        f"{event.start:%H.%M}–{event.end:%H.%M}")
        else:
            expected = f"{MONTHS['sv'][event.month[1] - 1].capitalize()} {event.month[0]} " \
                       "(exakt dag okänd)"
        assert shown["when"] == expected, event.id


# -- iCalendar ---------------------------------------------------------------------------------

def _vevents(cal: Calendar) -> list:
    return list(cal.walk("VEVENT"))


def _check_vevent(vevent, event: Event, site_url: str) -> None:
    assert str(vevent["uid"]) == calendar.uid_for(event.id, site_url)
    for key, clock in (("dtstart", event.start), ("dtend", event.end)):
        assert vevent[key].params.get("TZID") == "Europe/Stockholm", f"{event.id}: {key}"
        value = vevent.decoded(key)
        assert isinstance(value, dt.datetime) and value.tzinfo is not None
        local = dt.datetime.combine(event.date, clock)
        assert value.replace(tzinfo=None) == local, f"{event.id}: {key} {value}"
        # The same instant as Stockholm local time (CET in winter, CEST in summer).
        assert value.utcoffset() == local.replace(tzinfo=STOCKHOLM).utcoffset()
    summary = str(vevent["summary"])
    assert summary.startswith(event.title) and ("(exempel)" in summary) is event.example
    assert event.municipality in str(vevent["location"])


def test_built_calendar_files(real, events_page, site_dir):
    _, today = events_page
    site_url = production_url()
    upcoming = [e for e in real.data.events if e.date and not e.is_past(today)]
    folder = site_dir / "kalender"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{e.id}.ics" for e in upcoming] + ["alla.ics"])
    for event in upcoming:
        raw = (folder / f"{event.id}.ics").read_bytes()
        cal = Calendar.from_ical(raw)
        assert len(_vevents(cal)) == 1, event.id
        _check_vevent(_vevents(cal)[0], event, site_url)
        zones = [str(z["tzid"]) for z in cal.walk("VTIMEZONE")]
        assert zones == ["Europe/Stockholm"], event.id
        assert str(cal["version"]) == "2.0" and "PRODID" in cal
    feed = Calendar.from_ical((folder / "alla.ics").read_bytes())
    assert [str(v["uid"]) for v in _vevents(feed)] == \
        [calendar.uid_for(e.id, site_url) for e in upcoming]
    for vevent, event in zip(_vevents(feed), upcoming):
        _check_vevent(vevent, event, site_url)
    assert [str(z["tzid"]) for z in feed.walk("VTIMEZONE")] == ["Europe/Stockholm"]


def test_calendar_files_are_reproducible_and_match_the_build(real, events_page, site_dir,
                                                            tmp_path):
    from mkdocs.config import load_config

    _, today = events_page
    site_url = production_url()
    contact = load_config(str(ROOT / "mkdocs.yml"))["extra"]["contact"]  # issue 21: ORGANIZER, CONTACT
    first = calendar.write_calendars(real, tmp_path / "a", site_url, today, contact=contact)
    second = calendar.write_calendars(real, tmp_path / "b", site_url, today, contact=contact)
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name
        assert a.read_bytes() == (site_dir / "kalender" / a.name).read_bytes(), a.name


def test_calendar_feed_with_fixed_today(real, tmp_path):
    site_url = production_url()
    calendar.write_calendars(real, tmp_path, site_url, FIXED_TODAY)
    upcoming = [e for e in real.data.events if e.date and e.date >= FIXED_TODAY]
    assert len(upcoming) >= 12
    feed = Calendar.from_ical((tmp_path / "kalender" / "alla.ics").read_bytes())
    assert sorted(str(v["uid"]) for v in _vevents(feed)) == \
        sorted(calendar.uid_for(e.id, site_url) for e in upcoming)
    files = sorted(p.name for p in (tmp_path / "kalender").iterdir())
    assert files == sorted([f"{e.id}.ics" for e in upcoming] + ["alla.ics"])
    # 13:00 local on a winter day is 12:00 UTC.
    one = next(e for e in upcoming if e.start == dt.time(13, 0) and e.date.month in (12, 1, 2))
    vevent = _vevents(Calendar.from_ical((tmp_path / "kalender" / f"{one.id}.ics").read_bytes()))[0]
    assert vevent.decoded("dtstart").astimezone(dt.timezone.utc).hour == 12
    assert b"DTSTART;TZID=Europe/Stockholm:" + one.date.strftime("%Y%m%d").encode() + \
        b"T130000" in (tmp_path / "kalender" / f"{one.id}.ics").read_bytes()


def test_uid_is_stable_and_tied_to_the_site():
    url = production_url()
    uid = calendar.uid_for("2027-01-21-harnosand-workshop", url)
    assert uid == calendar.uid_for("2027-01-21-harnosand-workshop", url)
    assert uid == "2027-01-21-harnosand-workshop@regionbibliotek-vasternorrland.github.io"
    assert calendar.uid_for("2027-01-21-harnosand-workshop", "https://example.org/kurs/") != uid


# -- the workshop tour ---------------------------------------------------------------------------

def test_tour_page_lists_every_municipality_and_the_branch_libraries(site_dir, real):
    text = (site_dir / "program/workshopturne/index.html").read_text(encoding="utf-8")
    rows = {_strip(m.group(1)): _strip(m.group(2)) for m in re.finditer(
        r'<tr>\s*<th scope="row">(.*?)</th>(.*?)</tr>', text, re.S)}
    assert list(rows) == list(SEVEN)
    solleftea = rows["Sollefteå"]
    for name in BRANCHES:
        library = "Näsåkers bibliotek" if name == "Näsåker" else f"{name} bibliotek"
        assert library in solleftea, f"{library} saknas på turnésidan"
    assert solleftea.count("November 2019 (exakt dag okänd)") == len(BRANCHES)
    for municipality in SEVEN:
        visits = [e for e in real.data.events if e.municipality == municipality
                  and e.kind in ("filialbesok", "workshop")]
        for event in visits:
            assert event.library in rows[municipality], f"{event.id} saknas under {municipality}"
