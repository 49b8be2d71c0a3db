"""iCalendar files: one per upcoming event and one feed of all upcoming."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event as VEvent, vCalAddress, vText

from ..content.site import Site
from ..l10n import label, t

# The calendar files are Swedish: one feed for the whole programme.
LANG = "sv"

TZ = ZoneInfo("Europe/Stockholm")
PRODID = "-//Regionbibliotek Västernorrland//Digitalt först kursmaterial//SV"


def uid_for(event_id: str, site_url: str) -> str:
    """Stable across builds, so a re-import updates instead of duplicating."""
    host = site_url.split("//", 1)[-1].split("/", 1)[0] or "digitalt-forst.local"
    return f"{event_id}@{host}"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Stockholm")
    return cal


def _add_contact(vevent: VEvent, contact: dict) -> None:
    """ORGANIZER (with the e-mail address) and CONTACT: whom to ask or sign up with."""
    name = str(contact.get("name") or "").strip()
    email = str(contact.get("email") or "").strip()
    phone = str(contact.get("phone") or "").strip()
    if email:
        organizer = vCalAddress(f"mailto:{email}")
        if name:
            organizer.params["cn"] = vText(name)
        vevent.add("organizer", organizer)
    text = ", ".join(part for part in (name, email, phone) if part)
    if text:
        vevent.add("contact", text)


def _vevent(event, site_url: str, stamp: dt.datetime, contact: dict | None = None) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", uid_for(event.id, site_url))
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", dt.datetime.combine(event.date, event.start, TZ))
    vevent.add("dtend", dt.datetime.combine(event.date, event.end, TZ))
    title = event.title + (" " + t(LANG, "calendar_example") if event.example else "")
    vevent.add("summary", title)
    vevent.add("location", f"{event.place}, {event.library}, {event.municipality}")
    description = [event.topic]
    if event.signup:
        description.append(t(LANG, "calendar_signup", signup=event.signup))
    if contact and (contact.get("email") or contact.get("phone")):
        reach = [str(contact[k]) for k in ("name", "email", "phone") if contact.get(k)]
        description.append(f"{t(LANG, 'contact_title')}: {', '.join(reach)}")
    description.append(t(LANG, "calendar_kind", kind=label(LANG, "event_kind", event.kind)))
    vevent.add("description", "\n".join(description))
    if site_url:
        vevent.add("url", site_url.rstrip("/") + "/program/utbildningsdagar/")
    _add_contact(vevent, contact or {})
    return vevent


def write_calendars(site: Site, site_dir: Path, site_url: str, today: dt.date,
                    contact: dict | None = None) -> list[Path]:
    folder = site_dir / "kalender"
    folder.mkdir(parents=True, exist_ok=True)
    # DTSTAMP from the build date, not the clock: the same data gives the same files.
    stamp = dt.datetime.combine(today, dt.time(0, 0), dt.timezone.utc)
    upcoming = [e for e in site.data.events if e.date and not e.is_past(today)]
    feed = _calendar(t(LANG, "calendar_name"))
    written = []
    for event in upcoming:
        vevent = _vevent(event, site_url, stamp, contact)
        feed.add_component(vevent)
        single = _calendar(event.title)
        single.add_component(vevent)
        single.add_missing_timezones()
        path = folder / f"{event.id}.ics"
        path.write_bytes(single.to_ical())
        written.append(path)
    feed.add_missing_timezones()
    (folder / "alla.ics").write_bytes(feed.to_ical())
    return written + [folder / "alla.ics"]
