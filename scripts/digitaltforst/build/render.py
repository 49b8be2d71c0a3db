"""HTML the build adds to pages, rendered from the content model.

Each public function takes a :class:`Context` and returns an HTML block that
the plugin places in the page's Markdown (raw HTML passes through Markdown).
Templates live in ``templates/``; this module only gathers what they need.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..content.paths import lang_of, page_path, pdf_path
from ..content.quiz import count_blocks
from ..content.site import Course, Handout, Lesson, Site
from ..content.vocabulary import AREAS, LEVELS, MUNICIPALITIES
from ..l10n import counted, format_date, format_minutes, format_month, format_time, label, t
from ..offline import ZIP_PATH
from .qr import qr_svg
from .quiz import check_ids

_TZ = ZoneInfo("Europe/Stockholm")


@dataclass
class Context:
    site: Site
    lang: str
    page: Page
    files: Files
    config: Any
    today: dt.date
    pdf: bool = True

    def url(self, base_rel: str) -> str | None:
        """Relative URL from this page to a docs/ path (localised if translated)."""
        target = self.files.get_file_from_path(base_rel)
        if target is None:
            return None
        return get_relative_url(target.url, self.page.url) or "./"

    def asset(self, path: str) -> str:
        """Relative URL to a file the build writes itself (PDFs, calendars)."""
        return get_relative_url(path, self.page.url)


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("digitaltforst.build", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["minutes"] = format_minutes
    return env


def _render(name: str, ctx: Context, **values: Any) -> str:
    lang = ctx.lang
    html = _env().get_template(name).render(
        lang=lang, t=lambda key, **kw: _t(lang, key, **kw), ctx=ctx,
        area_names={a: label(lang, "area", a) for a in AREAS},
        level_labels={v: label(lang, "level", v) for v in LEVELS}, **values)
    # Blank lines inside raw HTML would end the HTML block in Markdown.
    body = "\n".join(line for line in html.splitlines() if line.strip())
    return f"\n\n{body}\n\n"


def _t(lang: str, key: str, **values: Any) -> str | Markup:
    """Catalogue strings for templates; `_html` keys are our own markup."""
    text = t(lang, key, **values)
    return Markup(text) if key.endswith("_html") else text


def course_info(ctx: Context, course: Course) -> dict:
    return {
        "course": course,
        "url": ctx.url(course.source.base_rel),
        "minutes": format_minutes(course.total_minutes, ctx.lang),
        "lessons_text": counted(ctx.lang, "lessons_count", len(course.lessons)),
    }


# -- lessons ----------------------------------------------------------------

def lesson_header(ctx: Context, course: Course, lesson: Lesson) -> str:
    index = course.lesson_index(lesson)
    return _render("lesson_header.html", ctx, course=course, lesson=lesson, n=index + 1,
                   total=len(course.lessons), course_url=ctx.url(course.source.base_rel),
                   reviewed=format_date(lesson.reviewed or course.reviewed, ctx.lang))


def sources_heading(ctx: Context, sources) -> str:
    """The "Källor" heading, in Markdown (so it is in the page's table of
    contents and the search)."""
    if not sources:
        return ""
    return f"\n\n## {t(ctx.lang, 'sources')} {{#{t(ctx.lang, 'sources_anchor')}}}\n\n"


def sources_list(ctx: Context, sources) -> str:
    """The list of sources with the day each was checked, from the front matter."""
    items = [{"title": s["title"], "url": s["url"], "checked": s["checked"],
              "host": urlsplit(s["url"]).hostname.removeprefix("www.") if urlsplit(s["url"]).hostname else "",
              "checked_text": format_date(s["checked"], ctx.lang)} for s in sources]
    return _render("sources.html", ctx, sources=items)


def report_url(ctx: Context, title: str) -> str | None:
    """A new issue in the site's repository with the page filled in: a plain link,
    nothing is loaded until the reader clicks."""
    repo = (ctx.config.repo_url or "").rstrip("/")
    if not repo.startswith("https://github.com/"):
        return None
    query = urlencode({"title": t(ctx.lang, "report_issue_title", title=title),
                       "body": t(ctx.lang, "report_issue_body", url=online_url(ctx))})
    return f"{repo}/issues/new?{query}"


def lesson_footer(ctx: Context, course: Course, lesson: Lesson) -> str:
    index = course.lesson_index(lesson)
    prev = course.lessons[index - 1] if index > 0 else None
    nxt = course.lessons[index + 1] if index + 1 < len(course.lessons) else None
    return _render(
        "lesson_footer.html", ctx, course=course, lesson=lesson,
        report=report_url(ctx, lesson.title),
                   prev=prev, prev_url=prev and ctx.url(prev.source.base_rel),
                   next=nxt, next_url=nxt and ctx.url(nxt.source.base_rel),
                   course_url=ctx.url(course.source.base_rel),
                   certificate_url=certificate_url(ctx, course))


# -- courses ----------------------------------------------------------------

def course_body(ctx: Context, course: Course) -> str:
    lessons = [{"lesson": x, "url": ctx.url(x.source.base_rel),
                "minutes": format_minutes(x.minutes, ctx.lang)} for x in course.lessons]
    handouts = [{"handout": h, "url": ctx.url(h.source.base_rel)}
                for h in ctx.site.handouts[ctx.lang] if h.course == course.slug]
    return _render("course.html", ctx, **course_info(ctx, course), lessons=lessons,
                   certificate_url=certificate_url(ctx, course),
                   handouts=handouts, reviewed=format_date(course.reviewed, ctx.lang),
                   print_tools=print_tools(ctx, course.source.base_rel, facilitator=True))


def course_header(ctx: Context, course: Course) -> str:
    return _render("course_header.html", ctx, **course_info(ctx, course))


def catalogue(ctx: Context) -> str:
    groups = []
    courses = ctx.site.courses[ctx.lang]
    for area in AREAS:
        name = label(ctx.lang, "area", area)
        groups.append({"area": area, "name": name,
                       "courses": [course_info(ctx, c) for c in courses if c.area == area]})
    return _render("catalogue.html", ctx, groups=groups, levels=LEVELS, total=len(courses))


# -- handouts -----------------------------------------------------------------

def handouts(ctx: Context) -> str:
    """The workshop index: pick by course, length and group size."""
    order = {c.slug: i for i, c in enumerate(ctx.site.courses[ctx.lang])}
    items = []
    for h in ctx.site.handouts[ctx.lang]:
        course = ctx.site.course(ctx.lang, h.course) if h.course else None
        items.append({"handout": h, "url": ctx.url(h.source.base_rel),
                      "kind": label(ctx.lang, "kind", h.kind),
                      "course": course, "course_url": course and ctx.url(course.source.base_rel)})
    items.sort(key=lambda i: (i["course"] is None, order.get(i["handout"].course, 0),
                              i["handout"].kind != "handledarguide", i["handout"].minutes))
    sessions = [i for i in items if i["handout"].kind != "mall"]
    bands = [{"label": t(ctx.lang, f"handouts_band.{key}"),
              "entries": sorted((i for i in sessions if test(i["handout"].minutes)),
                              key=lambda i: i["handout"].minutes)}
             for key, test in (("short", lambda m: m <= 90), ("half_day", lambda m: m > 90))]
    return offline_copy(ctx) + _render("handouts.html", ctx, items=items, bands=[b for b in bands if b["entries"]])


def handout_header(ctx: Context, handout: Handout) -> str:
    course = ctx.site.course(ctx.lang, handout.course)
    lesson = None
    if course and handout.lesson:
        lesson = next((x for x in course.lessons if x.id == handout.lesson), None)
    return _render("handout_header.html", ctx, handout=handout,
                   kind=label(ctx.lang, "kind", handout.kind), course=course,
                   course_url=course and ctx.url(course.source.base_rel),
                   lesson=lesson, lesson_url=lesson and ctx.url(lesson.source.base_rel),
                   print_tools=print_tools(ctx, handout.source.base_rel, facilitator=False))


def print_tools(ctx: Context, base_rel: str, facilitator: bool) -> dict:
    # Untranslated pages in another language link to the Swedish PDF.
    lang = lang_of(ctx.page.file.src_uri)
    online = online_url(ctx)
    return {
        "pdf": ctx.asset(pdf_path(base_rel, lang)) if ctx.pdf else None,
        "pdf_facilitator": ctx.asset(pdf_path(base_rel, lang, True))
        if ctx.pdf and facilitator else None,
        "print_page": "utskrift/" if facilitator else None,
        "online": online,
        "qr": qr_svg(online, t(ctx.lang, "qr_alt", url=online)),
    }


def online_url(ctx: Context) -> str:
    base = (ctx.config.site_url or "").rstrip("/") + "/"
    return base + ctx.page.url


def handout_footer(ctx: Context, handout: Handout) -> str:
    return _render(
        "report.html", ctx, report=report_url(ctx, handout.title))


# -- self-assessment and my courses -------------------------------------------

def self_assessment(ctx: Context) -> str:
    sa = ctx.site.data.self_assessment
    if sa is None:
        return ""
    areas = [{"area": a, "name": label(ctx.lang, "area", a),
              "statements": [s for s in sa.statements if s.area == a]}
             for a in AREAS]
    return _render("self_assessment.html", ctx, sa=sa, areas=areas,
                   municipalities=MUNICIPALITIES,
                   courses_json=_courses_json(ctx),
                   interpretation=sa.interpretation[ctx.lang],
                   group_url=ctx.url(GROUP_PAGE))


# -- the group's self-assessment results (issue 20) ---------------------------

GROUP_PAGE = "sjalvskattning/grupp/index.md"
# Fewer codes than this and the page shows nothing: with one or two, the
# "group" result would be someone's own.
MIN_GROUP_CODES = 3


def group_summary(ctx: Context) -> str:
    """The facilitator's page: codes in, the group's picture out (all in the browser)."""
    sa = ctx.site.data.self_assessment
    if sa is None:
        return ""
    return _render("group_summary.html", ctx, sa=sa, courses_json=_courses_json(ctx),
                   statements=[{"id": s.id, "area": s.area, "competences": s.competences}
                               for s in sa.statements],
                   self_assessment_url=ctx.url("sjalvskattning/index.md"),
                   min_codes=MIN_GROUP_CODES)


def my_courses(ctx: Context) -> str:
    return _render("my_courses.html", ctx, courses_json=_courses_json(ctx),
                   journey_json=journey_json(ctx))


# -- the reader's journey (issue 21): continue, knowledge checks, kursbevis -----

def contact(config: Any) -> dict:
    """The organisation's contact from mkdocs.yml (`extra.contact`), {} if unset."""
    value = (config.extra or {}).get("contact") if config is not None else None
    return dict(value) if isinstance(value, dict) else {}


def contact_view(ctx: Context) -> dict:
    """The contact's fields for a template, the sign-up text in the page's language."""
    c = contact(ctx.config)
    if not c:
        return {}
    signup = (c.get(f"signup_{ctx.lang}") if ctx.lang != "sv" else None) or c.get("signup") or ""
    phone = str(c.get("phone") or "")
    return {"name": str(c.get("name") or ""), "email": str(c.get("email") or ""), "phone": phone,
            "tel": "".join(ch for ch in phone if ch.isdigit() or ch == "+"),
            "address": str(c.get("address") or ""), "signup": str(signup)}


def about_contact(ctx: Context) -> str:
    """Om projektet: the contact, after the page's last section `## Kontakt`."""
    view = contact_view(ctx)
    if not view:
        return ""
    return _render("contact.html", ctx, contact=view)


def issuer(config: Any) -> str:
    extra = (config.extra or {}) if config is not None else {}
    return str(extra.get("issuer") or contact(config).get("name") or config.site_author or "")


def certificate_url(ctx: Context, course: Course) -> str:
    """The course's kursbevis on Mina kurser (the reader's name is filled in there)."""
    return f"{ctx.url('mina-kurser.md')}#kursbevis-{course.slug}"


def lesson_checks(lesson: Lesson) -> list[str]:
    """The ids the build gives a lesson's knowledge checks (build/quiz.py)."""
    return check_ids(lesson.id, count_blocks(lesson.source.body))


def journey_json(ctx: Context) -> dict:
    """What "Fortsätt där du slutade", Mina kurser and the kursbevis need."""
    courses = []
    for c in ctx.site.courses[ctx.lang]:
        courses.append({
            "slug": c.slug, "title": c.title, "url": ctx.url(c.source.base_rel),
            "lessons": [{"id": x.id, "n": i + 1, "title": x.title, "url": ctx.url(x.source.base_rel)}
                        for i, x in enumerate(c.lessons)],
            "checks": [check for x in c.lessons for check in lesson_checks(x)],
            "goals": list(c.goals), "minutes": c.total_minutes,
            "area": f"{c.area}. {label(ctx.lang, 'area', c.area)}",
            "level": label(ctx.lang, "level", c.level),
        })
    return {"courses": courses, "issuer": issuer(ctx.config),
            "my_courses": ctx.url("mina-kurser.md")}


def start_page(ctx: Context) -> str:
    """The start page's data for "Fortsätt där du slutade" (the block is in
    index.md), then the link to the whole-site copy."""
    return _render("start.html", ctx, journey_json=journey_json(ctx)) + offline_copy(ctx)


# -- offline --------------------------------------------------------------------

def offline_page(ctx: Context) -> str:
    """The page the service worker shows for a page that is not saved."""
    return _render("offline_page.html", ctx)


def offline_copy(ctx: Context) -> str:
    """The link to the whole-site copy; the build fills in its size (hidden
    until then: `make serve` writes no copy)."""
    more = ctx.url("om/offline.md")
    return _render("offline_copy.html", ctx, zip_url=ctx.asset(ZIP_PATH),
                   more_url=more if more != "./" else None)


def _courses_json(ctx: Context) -> list[dict]:
    """What the browser needs about courses: for progress and recommendations."""
    return [{"slug": c.slug, "title": c.title, "area": c.area, "level": c.level,
             "url": ctx.url(c.source.base_rel), "minutes": c.total_minutes,
             "lessons": [x.id for x in c.lessons],
             "competences": c.competences} for c in ctx.site.courses[ctx.lang]]


# -- events ---------------------------------------------------------------------

def _event_view(ctx: Context, event) -> dict:
    lang = ctx.lang
    if event.date:
        when = format_date(event.date, lang, weekday=True)
        when += f", {format_time(event.start, lang)}–{format_time(event.end, lang)}"
    else:
        when = format_month(*event.month, lang).capitalize() + " " + t(lang, "day_unknown")
    course = ctx.site.course(lang, event.course) if event.course else None
    return {
        "event": event, "when": when,
        "kind": label(lang, "event_kind", event.kind),
        "course": course, "course_url": course and ctx.url(course.source.base_rel),
        "handout_title": event.handout and ctx.site.title_of(lang, event.handout),
        "handout_url": event.handout and ctx.url(event.handout),
        "ics": ctx.asset(f"kalender/{event.id}.ics") if event.date else None,
        "ends": _event_end(event),
    }


def _event_end(event) -> str:
    """When the event is over, for the browser to mark it past after the build."""
    if event.date:
        end = dt.datetime.combine(event.date, event.end, _TZ)
    else:
        year, month = event.month
        first_next = dt.date(year + month // 12, month % 12 + 1, 1)
        end = dt.datetime.combine(first_next, dt.time(0, 0), _TZ)
    return end.isoformat()


def _by_month(ctx: Context, events: list) -> list[dict]:
    months: dict[tuple[int, int], list] = {}
    for event in events:
        months.setdefault(event.year_month, []).append(_event_view(ctx, event))
    return [{"label": format_month(y, m, ctx.lang).capitalize(), "events": items}
            for (y, m), items in months.items()]


def events(ctx: Context) -> str:
    all_events = ctx.site.data.events
    upcoming = [e for e in all_events if not e.is_past(ctx.today)]
    past = [e for e in all_events if e.is_past(ctx.today)][::-1]
    return _render("events.html", ctx, upcoming=_by_month(ctx, upcoming), contact=contact_view(ctx),
                   past=_by_month(ctx, past), municipalities=MUNICIPALITIES,
                   feed=ctx.asset("kalender/alla.ics"),
                   today=format_date(ctx.today, ctx.lang))


def tour(ctx: Context) -> str:
    rows = []
    for municipality in MUNICIPALITIES:
        visits = [_event_view(ctx, e) for e in ctx.site.data.events
                  if e.municipality == municipality and e.kind in ("filialbesok", "workshop")]
        rows.append({"municipality": municipality, "visits": visits})
    return _render("tour.html", ctx, rows=rows)


def review(ctx: Context) -> str:
    """The editors' worklist: every lesson, the oldest review first."""
    rows = []
    for lang in ctx.site.courses:
        for course in ctx.site.courses[lang]:
            for lesson in course.lessons:
                if lesson.source.lang != lang:
                    continue  # an untranslated page appears once, in Swedish
                checks = [s["checked"] for s in lesson.sources]
                rows.append({"lesson": lesson, "course": course, "lang": lang,
                             "url": ctx.asset(page_path(lesson.source.base_rel, lang)),
                             "reviewed": lesson.reviewed,
                             "oldest": min(checks) if checks else None,
                             "count": len(checks)})
    rows.sort(key=lambda r: (r["reviewed"] or dt.date.min, r["oldest"] or dt.date.min,
                             r["course"].slug, r["lesson"].number, r["lang"]))
    return _render("review.html", ctx, rows=rows)


# Pages that get generated content appended, by the name `generated:` in
# mkdocs.yml gives them (the plugin's Config checks the names).
GENERATORS: dict[str, Callable[[Context], str]] = {
    "catalogue": catalogue,
    "handouts": handouts,
    "self_assessment": self_assessment,
    "group_summary": group_summary,
    "my_courses": my_courses,
    "start": start_page,
    "about": about_contact,
    "events": events,
    "tour": tour,
    "review": review,
    "offline_page": offline_page,
    "offline_copy": offline_copy,
}
