"""The one content model: courses, lessons, handouts, pages.

Every Markdown file is read and its front matter parsed exactly once here
(:func:`load_site`); the MkDocs plugin, the validator, the PDFs and the
benchmark all work from the resulting :class:`Site`.
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from .findings import ERROR, WARNING, Finding

# libyaml's parser when PyYAML has it (its wheels do): about ten times faster
# on a thousand front matters, same results and error marks.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

LANGS = ("sv", "en")
DEFAULT_LANG = "sv"

# DigComp 2.2, official Swedish translation.
AREAS = {
    "sv": {1: "Informations- och datakunskap", 2: "Kommunikation och samarbete",
           3: "Skapa digitalt innehåll", 4: "Säkerhet", 5: "Problemlösning"},
    "en": {1: "Information and data literacy", 2: "Communication and collaboration",
           3: "Digital content creation", 4: "Safety", 5: "Problem solving"},
}
LEVELS = ("grundläggande", "bred", "utvecklad")
LEVEL_LABELS = {
    "sv": {"grundläggande": "Grundläggande", "bred": "Bred", "utvecklad": "Utvecklad"},
    "en": {"grundläggande": "Foundation", "bred": "Intermediate", "utvecklad": "Advanced"},
}
HANDOUT_KINDS = ("deltagarblad", "handledarguide")
KIND_LABELS = {
    "sv": {"deltagarblad": "Deltagarblad", "handledarguide": "Handledarguide"},
    "en": {"deltagarblad": "Participant handout", "handledarguide": "Facilitator guide"},
}

LESSON_FILE = re.compile(r"^(\d{2})-[a-z0-9][a-z0-9-]*$")
STABLE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# DigComp 2.2: the competences that exist in each area (1.1–1.3, 2.1–2.6, …).
COMPETENCES = {f"{area}.{n}" for area, count in {1: 3, 2: 6, 3: 4, 4: 4, 5: 4}.items()
               for n in range(1, count + 1)}
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*\r?\n?", re.S)


# --------------------------------------------------------------------------
# Source files: read and split once
# --------------------------------------------------------------------------

@dataclass
class SourceFile:
    """One Markdown file, read once: front matter, body and where things are."""

    rel: str  # posix path relative to docs/
    path: Path
    text: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)  # front-matter key -> file line
    body: str = ""
    body_line: int = 1  # file line of the body's first line
    findings: list[Finding] = field(default_factory=list)
    readable: bool = True

    @property
    def lang(self) -> str:
        return "en" if self.rel.endswith(".en.md") else DEFAULT_LANG

    @property
    def base_rel(self) -> str:
        """The Swedish source path this file translates (itself if Swedish)."""
        return self.rel[: -len(".en.md")] + ".md" if self.lang == "en" else self.rel

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)


def read_source(path: Path, rel: str, root_rel: str) -> SourceFile:
    """Read one Markdown file; problems become findings, never exceptions.

    ``root_rel`` is the path shown in findings (relative to the project root).
    """
    src = SourceFile(rel=rel, path=path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        src.readable = False
        src.findings.append(Finding(root_rel, None, "file-unreadable", ERROR,
                                    f"Filen kunde inte läsas ({exc.strerror}). Kontrollera behörigheterna."))
        return src
    if b"\x00" in raw:
        src.readable = False
        src.findings.append(Finding(root_rel, None, "file-not-text", ERROR,
                                    "Filen är inte en textfil (den innehåller binära data). "
                                    "Spara den som UTF-8-text eller byt filändelse."))
        return src
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        src.readable = False
        src.findings.append(Finding(root_rel, line, "file-encoding", ERROR,
                                    "Filen är inte sparad som UTF-8. Spara om den med "
                                    "teckenkodningen UTF-8 i din editor."))
        return src
    src.text = text
    match = FRONT_MATTER.match(text)
    if not match:
        src.body = text
        return src
    fm = match.group(1) or ""
    src.body = text[match.end():]
    src.body_line = text[: match.end()].count("\n") + 1
    try:
        loader = YAML_LOADER(fm)
        try:  # parse once, keep the node for the line of each key
            node = loader.get_single_node()
            meta = loader.construct_document(node) if node is not None else {}
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        context = getattr(exc, "context_mark", None)
        if mark is not None and context is not None and mark.index >= len(fm):
            # An unclosed quote or bracket is only noticed at the end of the
            # front matter: point at where it was opened instead.
            mark = context
        line = 2 + mark.line if mark is not None else 1
        problem = getattr(exc, "problem", None) or "okänt fel"
        src.findings.append(Finding(root_rel, line, "front-matter-yaml", ERROR,
                                    f"Fel i sidhuvudet (YAML): {problem}. Kontrollera kolon, "
                                    "indrag med mellanslag och citattecken runt text som "
                                    "innehåller kolon."))
        return src
    except ValueError as exc:  # e.g. a date that does not exist: 2026-02-30
        src.findings.append(Finding(root_rel, 1, "front-matter-yaml", ERROR,
                                    f"Fel värde i sidhuvudet: {exc}. Kontrollera datum "
                                    "(ÅÅÅÅ-MM-DD, en dag som finns) och tal."))
        return src
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        src.findings.append(Finding(root_rel, 2, "front-matter-yaml", ERROR,
                                    "Sidhuvudet ska bestå av nycklar och värden, t.ex. `title: Min sida`."))
        return src
    src.meta = meta
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            src.key_lines[str(key_node.value)] = 2 + key_node.start_mark.line
    return src


# --------------------------------------------------------------------------
# Schemas: one table of fields per content type
# --------------------------------------------------------------------------

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
    if isinstance(value, bool) or not isinstance(value, int) or value not in AREAS["sv"]:
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


def _any_str(value: Any) -> str | None:
    return None if isinstance(value, str) else "ska vara text"


@dataclass(frozen=True)
class Field:
    name: str
    check: Callable[[Any], str | None]
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
)
HANDOUT_FIELDS = (
    Field("title", _nonempty_str),
    Field("kind", _one_of(HANDOUT_KINDS)),
    Field("course", _nonempty_str),
    Field("lesson", _stable_id, required=False),
    Field("minutes", _positive_int),
    Field("group_size", _group_size),
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


# --------------------------------------------------------------------------
# The content types
# --------------------------------------------------------------------------

@dataclass
class Lesson:
    source: SourceFile
    course_slug: str
    number: int
    id: str
    title: str
    minutes: int
    goals: list[str]

    @property
    def rel(self) -> str:
        return self.source.rel

    @property
    def stem(self) -> str:
        return Path(self.source.base_rel).stem


@dataclass
class Course:
    source: SourceFile
    slug: str
    title: str
    description: str
    area: int
    competences: list[str]
    level: str
    goals: list[str]
    authors: list[str]
    license: str
    reviewed: dt.date
    lessons: list[Lesson] = field(default_factory=list)

    @property
    def rel(self) -> str:
        return self.source.rel

    @property
    def total_minutes(self) -> int:
        return sum(lesson.minutes for lesson in self.lessons)

    def lesson_index(self, lesson: Lesson) -> int:
        return next(i for i, x in enumerate(self.lessons) if x.id == lesson.id)


@dataclass
class Handout:
    source: SourceFile
    title: str
    kind: str
    course: str
    lesson: str | None
    minutes: int
    group_size: int | str

    @property
    def rel(self) -> str:
        return self.source.rel


@dataclass
class Site:
    """Everything the build needs, per language; loaded once."""

    root: Path
    docs_dir: Path
    sources: dict[str, SourceFile]  # by rel path, every .md (both languages)
    courses: dict[str, list[Course]]  # lang -> courses in catalogue order
    handouts: dict[str, list[Handout]]  # lang -> handouts
    findings: list[Finding]
    data: Any = None  # self-assessment and events (see data.py), set by load_site

    def course(self, lang: str, slug: str) -> Course | None:
        return next((c for c in self.courses[lang] if c.slug == slug), None)

    def lesson_by_rel(self, lang: str, rel: str) -> tuple[Course, Lesson] | None:
        return self._lessons_by_rel[lang].get(_base(rel))

    def course_by_rel(self, lang: str, rel: str) -> Course | None:
        return self._courses_by_rel[lang].get(_base(rel))

    def course_files(self, slug: str) -> list[str]:
        """Sorted Swedish Markdown files directly in kurser/<slug>/ except
        index.md: the lesson candidates."""
        return self._files_by_course.get(slug, [])

    # Lookup tables built on first use (after loading): every page of a build
    # asks, and a scan over all courses per page grows as N².
    @functools.cached_property
    def _lessons_by_rel(self) -> dict[str, dict[str, tuple[Course, Lesson]]]:
        return {lang: {lesson.source.base_rel: (course, lesson)
                       for course in courses for lesson in course.lessons}
                for lang, courses in self.courses.items()}

    @functools.cached_property
    def _courses_by_rel(self) -> dict[str, dict[str, Course]]:
        return {lang: {course.source.base_rel: course for course in courses}
                for lang, courses in self.courses.items()}

    @functools.cached_property
    def _files_by_course(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = {}
        for rel in sorted(self.sources):
            parts = rel.split("/")
            if len(parts) == 3 and parts[0] == "kurser" and parts[2] != "index.md" \
                    and not rel.endswith(".en.md"):
                groups.setdefault(parts[1], []).append(rel)
        return groups

    def lesson_ids(self) -> set[str]:
        return {lesson.id for c in self.courses[DEFAULT_LANG] for lesson in c.lessons}

    def title_of(self, lang: str, rel: str) -> str | None:
        """Front-matter title of a page in a language (falling back to Swedish)."""
        src = self.localized(lang, _base(rel))
        title = src.meta.get("title") if src else None
        return title if isinstance(title, str) else None

    def localized(self, lang: str, base_rel: str) -> SourceFile | None:
        if lang != DEFAULT_LANG:
            translated = self.sources.get(base_rel[:-3] + f".{lang}.md")
            if translated is not None:
                return translated
        return self.sources.get(base_rel)


def _base(rel: str) -> str:
    return rel[: -len(".en.md")] + ".md" if rel.endswith(".en.md") else rel


def _fields_of(cls: type, values: dict[str, Any]) -> dict[str, Any]:
    """Schema values the dataclass stores (page keys like `hide` stay in meta)."""
    return {k: v for k, v in values.items() if k in cls.__dataclass_fields__}


def _rel_to_root(site_root: Path, docs_dir: Path, rel: str) -> str:
    return (docs_dir / rel).relative_to(site_root).as_posix()


def load_site(root: Path, docs_dir: Path | None = None) -> Site:
    """Read every Markdown file under docs/ once and build the model."""
    root = root.resolve()
    docs_dir = (docs_dir or root / "docs").resolve()
    sources: dict[str, SourceFile] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir).as_posix()
        sources[rel] = read_source(path, rel, _rel_to_root(root, docs_dir, rel))
    findings: list[Finding] = [f for s in sources.values() for f in s.findings]
    courses: dict[str, list[Course]] = {lang: [] for lang in LANGS}
    handouts: dict[str, list[Handout]] = {lang: [] for lang in LANGS}
    site = Site(root, docs_dir, sources, courses, handouts, findings)

    for course_dir in sorted(p for p in (docs_dir / "kurser").glob("*") if p.is_dir()):
        for lang in LANGS:
            course = _load_course(site, course_dir, lang)
            if course is not None:
                courses[lang].append(course)
    for lang in LANGS:
        courses[lang].sort(key=lambda c: (c.area, LEVELS.index(c.level), c.title.lower()))
        for rel in sorted(sources):
            if rel.startswith("workshops/") and not rel.endswith(".en.md") \
                    and Path(rel).name != "index.md":
                handout = _load_handout(site, rel, lang)
                if handout is not None:
                    handouts[lang].append(handout)
    _check_page_meta(site)
    from .data import load_data  # data files reference courses: load after them
    site.data = load_data(site)
    return site


def _check_once(site: Site, src: SourceFile, lang: str) -> bool:
    """Schema findings are reported once per file: for its own language."""
    return src.lang == lang


def _checked_fields(site: Site, src: SourceFile, fields: tuple[Field, ...], label: str,
                    lang: str) -> dict[str, Any] | None:
    """The front matter's checked values, or None when it has errors (reported
    once, for the file's own language)."""
    values, findings = check_fields(src, fields, label,
                                    _rel_to_root(site.root, site.docs_dir, src.rel))
    if _check_once(site, src, lang):
        site.findings.extend(findings)
    return None if any(f.severity == ERROR for f in findings) else values


def _load_course(site: Site, course_dir: Path, lang: str) -> Course | None:
    slug = course_dir.name
    base_index = f"kurser/{slug}/index.md"
    src = site.localized(lang, base_index)
    root_rel = _rel_to_root(site.root, site.docs_dir, base_index)
    if src is None:
        if lang == DEFAULT_LANG:
            site.findings.append(Finding(root_rel, None, "course-index-missing", ERROR,
                                         f"Kursmappen kurser/{slug}/ saknar index.md med kursens "
                                         "sidhuvud. Skapa den (se Skriv kursmaterial)."))
        return None
    if not src.readable:
        return None
    values = _checked_fields(site, src, COURSE_FIELDS, "Kursen", lang)
    if values is None:
        return None
    course = Course(source=src, slug=slug, **_fields_of(Course, values))
    lesson_rels = site.course_files(slug)
    for rel in lesson_rels:
        stem = Path(rel).stem
        match = LESSON_FILE.match(stem)
        if not match:
            if lang == DEFAULT_LANG:
                site.findings.append(Finding(
                    _rel_to_root(site.root, site.docs_dir, rel), None, "lesson-filename", ERROR,
                    "Lektionsfiler heter NN-namn.md (två siffror, bindestreck, små bokstäver), "
                    "t.ex. 01-vad-ar-e-legitimation.md."))
            continue
        lesson_src = site.localized(lang, rel)
        if lesson_src is None or not lesson_src.readable:
            continue
        values = _checked_fields(site, lesson_src, LESSON_FIELDS, "Lektionen", lang)
        if values is None:
            continue
        course.lessons.append(Lesson(source=lesson_src, course_slug=slug,
                                     number=int(match.group(1)), **_fields_of(Lesson, values)))
    return course


def _load_handout(site: Site, rel: str, lang: str) -> Handout | None:
    src = site.localized(lang, rel)
    if src is None or not src.readable:
        return None
    values = _checked_fields(site, src, HANDOUT_FIELDS, "Handledningsmaterialet", lang)
    if values is None:
        return None
    return Handout(source=src, **_fields_of(Handout, values))


def _check_page_meta(site: Site) -> None:
    """Pages that are neither course, lesson nor handout: only page keys."""
    typed = {c.source.rel for cs in site.courses.values() for c in cs}
    typed |= {l.source.rel for cs in site.courses.values() for c in cs for l in c.lessons}
    typed |= {h.source.rel for hs in site.handouts.values() for h in hs}
    for rel, src in site.sources.items():
        if rel in typed or not src.readable or not src.meta:
            continue
        if rel.startswith("kurser/") and rel.count("/") == 2:
            continue  # a course/lesson with schema errors: already reported
        if rel.startswith("workshops/") and Path(rel).name not in ("index.md", "index.en.md"):
            continue
        _, findings = check_fields(src, PAGE_FIELDS, "Sidan",
                                   _rel_to_root(site.root, site.docs_dir, rel))
        site.findings.extend(findings)
