"""The one content model: courses, lessons, handouts, pages, data files.

Every Markdown file is read and its front matter parsed exactly once here
(:func:`load_site`); the MkDocs plugin, the validator, the PDFs and the
benchmark all work from the resulting :class:`Site`.
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .datafiles import SiteData, load_data
from .findings import ERROR, Finding
from .paths import DEFAULT_LANG, LANGS, base_rel, lang_of, translated_rel
from .schema import (COURSE_FIELDS, HANDOUT_FIELDS, LESSON_FIELDS, PAGE_FIELDS, Field,
                     check_fields)
from .sources import SourceFile, read_source, read_text, split_front_matter
from .vocabulary import LESSON_FILE, LEVELS



@dataclass
class Lesson:
    source: SourceFile
    course_slug: str
    number: int
    id: str
    title: str
    minutes: int
    goals: list[str]
    reviewed: dt.date | None = None
    sources: tuple[dict, ...] | list[dict] = ()

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
    sources: tuple[dict, ...] | list[dict] = ()

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
    data: SiteData = field(default_factory=SiteData)  # set by load_site

    def course(self, lang: str, slug: str) -> Course | None:
        return next((c for c in self.courses[lang] if c.slug == slug), None)

    def lesson_by_rel(self, lang: str, rel: str) -> tuple[Course, Lesson] | None:
        return self._lessons_by_rel[lang].get(base_rel(rel))

    def course_by_rel(self, lang: str, rel: str) -> Course | None:
        return self._courses_by_rel[lang].get(base_rel(rel))

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
                    and lang_of(rel) == DEFAULT_LANG:
                groups.setdefault(parts[1], []).append(rel)
        return groups

    def lesson_ids(self) -> set[str]:
        return {lesson.id for c in self.courses[DEFAULT_LANG] for lesson in c.lessons}

    def title_of(self, lang: str, rel: str) -> str | None:
        """Front-matter title of a page in a language (falling back to Swedish)."""
        src = self.localized(lang, base_rel(rel))
        title = src.meta.get("title") if src else None
        return title if isinstance(title, str) else None

    def localized(self, lang: str, base: str) -> SourceFile | None:
        """The page in ``lang`` if translated, else the Swedish original."""
        return self.sources.get(translated_rel(base, lang)) or self.sources.get(base)




def _fields_of(cls: type, values: dict[str, Any]) -> dict[str, Any]:
    """Schema values the dataclass stores (page keys like `hide` stay in meta)."""
    return {k: v for k, v in values.items() if k in cls.__dataclass_fields__}


def _rel_to_root(site_root: Path, docs_dir: Path, rel: str) -> str:
    return (docs_dir / rel).relative_to(site_root).as_posix()


def _markdown_files(root: Path, docs_dir: Path | None) -> tuple[Path, Path, list[tuple[Path, str, str]]]:
    """Root and docs folder resolved, and every .md under it in order: (path,
    rel under docs/, path shown in findings)."""
    root = root.resolve()
    docs_dir = (docs_dir or root / "docs").resolve()
    files = []
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir).as_posix()
        files.append((path, rel, _rel_to_root(root, docs_dir, rel)))
    return root, docs_dir, files


def load_site(root: Path, docs_dir: Path | None = None) -> Site:
    """Read every Markdown file under docs/ once and build the model."""
    root, docs_dir, files = _markdown_files(root, docs_dir)
    sources: dict[str, SourceFile] = {rel: read_source(path, rel, root_rel)
                                      for path, rel, root_rel in files}
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
            if rel.startswith("workshops/") and lang_of(rel) == DEFAULT_LANG \
                    and Path(rel).name != "index.md":
                handout = _load_handout(site, rel, lang)
                if handout is not None:
                    handouts[lang].append(handout)
    _check_page_meta(site)
    # Data files refer to courses and pages: loaded after them.
    site.data = load_data(root, {c.slug for c in courses[DEFAULT_LANG]}, sources)
    site.findings.extend(site.data.findings)
    return site


def swedish_bodies(root: Path, docs_dir: Path | None = None) -> list[tuple[str, str, int]]:
    """(path shown in findings, body, the body's first file line) of each
    readable Swedish Markdown file, in :func:`load_site`'s order and read as it
    reads them, front matter left unparsed: for work that needs only the text
    and runs apart from the model (the validator's spelling, in a process of
    its own, while this one loads the model)."""
    _, _, files = _markdown_files(root, docs_dir)
    bodies = []
    for path, rel, root_rel in files:
        if lang_of(rel) != DEFAULT_LANG:
            continue
        text, _ = read_text(path, root_rel)
        if text is not None:
            _, body, body_line = split_front_matter(text)
            bodies.append((root_rel, body, body_line))
    return bodies


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
        if rel.startswith("workshops/") and Path(base_rel(rel)).name != "index.md":
            continue
        _, findings = check_fields(src, PAGE_FIELDS, "Sidan",
                                   _rel_to_root(site.root, site.docs_dir, rel))
        site.findings.extend(findings)
