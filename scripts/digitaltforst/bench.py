"""`make bench`: measure build time, page weight, validator and reload speed.

Usage: python -m digitaltforst.bench [--quick | --full] [--sizes 100,500,1000]
                                     [--budget SECONDS] [--keep]

Modes: the standard run (`make bench`) stays within --budget (540 s): one
build of each configuration per size, then more runs for the median only while
they fit, and the profile and `mkdocs serve` measurements on the 500-lesson
corpus. --full measures everything on the largest corpus with 3/3/2 runs and
linkchecker without a time limit (about 20 minutes on 2 cores). --quick is a
smoke test on 100 lessons.

For each corpus size N the benchmark writes a site to a temporary folder: the
real project (mkdocs.yml, overrides/, data/ and every page under docs/, with
its real courses) plus synthetic courses of 8 lessons until the site has N
lessons in total. The synthetic lessons are filled in from the lesson scaffold
(templates/lesson.md) with sentences, headings and goals drawn from the real
lessons, an admonition, an exercise, a ```quiz knowledge check, an SVG image
with alt text and relative links to other lessons; every fourth synthetic
course is also translated (NAME.en.md). The corpus must pass the validator.

Each corpus is built as a subprocess (`python -m mkdocs build`), with the
project's configuration (PDFs off) and with a stock Material configuration of
the same pages (search plugin only, no navigation.prune, no custom_dir, quiz
fences as plain code blocks). Then: page weight in Chromium and the validator
against linkchecker on the largest corpus, the real project's PDFs once, a
cProfile of the project build and the `mkdocs serve` reload time (on the
500-lesson corpus in the standard run, on the largest with --full).

The report is a Markdown table on stdout (progress goes to stderr); the
numbers are also written to .cache/bench/results.json. Nothing is faked: a
measurement that cannot be made is reported as n/a with the reason.
"""
from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import gzip
import json
import os
import platform
import pstats
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any, Callable

import yaml

from . import localserver
from .cli import yaml_scalar

LESSONS_PER_COURSE = 8
SIZES = (100, 500, 1000)
QUICK_SIZES = (100,)
# Typed into the search: a very frequent word (judged against the goal) and a
# topical one; both occur in the real lessons, so in every corpus.
SEARCH_WORDS = ("besökare", "lösenord")
RESULTS = Path(".cache/bench/results.json")
KB = 1024


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def repo_root() -> Path:
    here = Path(__file__).resolve().parents[2]
    if (here / "mkdocs.yml").is_file():
        return here
    return Path.cwd()


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def fmt(value: Any, digits: int = 2, unit: str = "") -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.{digits}f}{unit}"
    return f"{value}{unit}"


def kb(value: int | None) -> str:
    return "n/a" if value is None else f"{value / KB:.1f} KB"


# --------------------------------------------------------------------------
# Text pools from the real lessons
# --------------------------------------------------------------------------

FRONT = re.compile(r"\A---\s*\n(.*?\n)---\s*\n", re.S)
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ”\"])")
NOT_PLAIN = re.compile(r"[\[\]()`{}<>*_|#\\]|https?:|:\s*$")


@dataclass
class Pool:
    sentences: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    goals: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)


SECTION_HEADINGS = {"Vid disken", "Sammanfattning", "Reflektionsfrågor", "Kunskapskoll",
                    "Det här behöver du veta", "At the desk", "Summary", "Reflection questions",
                    "Knowledge check", "Så gjorde vi", "How we did it", "För vem?",
                    "Så använder du kursen", "Who is it for?", "How to use the course"}


def _plain_lines(body: str) -> list[str]:
    out, in_fence = [], False
    for line in body.splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence or line.startswith("    ") or not line.strip():
            continue
        text = re.sub(r"^\s*(?:[-+]|\d+\.)\s+", "", line).strip()
        if text.startswith(("!!!", "???", "#", "|", "<")):
            continue
        out.append(text)
    return out


def build_pools(docs: Path) -> dict[str, Pool]:
    pools = {"sv": Pool(), "en": Pool()}
    for path in sorted((docs / "kurser").glob("*/*.md")):
        lang = "en" if path.name.endswith(".en.md") else "sv"
        pool = pools[lang]
        text = path.read_text(encoding="utf-8")
        match = FRONT.match(text)
        if not match:
            continue
        meta = yaml.safe_load(match.group(1)) or {}
        body = text[match.end():]
        for goal in meta.get("goals") or []:
            if isinstance(goal, str) and not NOT_PLAIN.search(goal):
                pool.goals.append(goal)
        if path.name.startswith("index.") and isinstance(meta.get("description"), str):
            pool.descriptions.append(meta["description"])
        elif isinstance(meta.get("title"), str):
            pool.titles.append(meta["title"])
        for line in body.splitlines():
            m = re.match(r"^#{2,3}\s+(?:\d+\.\s+)?(.+?)\s*$", line)
            if m:
                heading = re.sub(r"^(Övning|Exercise):\s*", "", m.group(1))
                if heading not in SECTION_HEADINGS and not NOT_PLAIN.search(heading) \
                        and ":" not in heading and len(heading) <= 60:
                    pool.headings.append(heading)
        for line in _plain_lines(body):
            if NOT_PLAIN.search(line):
                continue
            for sentence in SENTENCE_SPLIT.split(line):
                sentence = sentence.strip()
                if 25 <= len(sentence) <= 240 and sentence[-1] in ".!?”\"" \
                        and (sentence[0].isupper() or sentence[0] in "”\""):
                    (pool.questions if sentence.endswith("?") else pool.sentences).append(sentence)
    for lang, pool in pools.items():
        for name in ("sentences", "questions", "headings", "goals", "titles", "descriptions"):
            values = sorted(set(getattr(pool, name)))
            if not values:
                raise SystemExit(f"Benchmarken hittar inga {name} ({lang}) i docs/kurser/.")
            setattr(pool, name, values)
    return pools


# --------------------------------------------------------------------------
# Corpus generation
# --------------------------------------------------------------------------

def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


yaml_str = yaml_scalar  # the scaffold's quoting: one rule for titles in front matter


def lesson_template() -> str:
    return resources.files("digitaltforst").joinpath("templates/lesson.md").read_text("utf-8")


@dataclass
class SynthLesson:
    number: int
    stem: str
    id: str
    title: str
    title_en: str


@dataclass
class SynthCourse:
    index: int
    slug: str
    title: str
    title_en: str
    translated: bool
    image: str  # file name under bilder/
    lessons: list[SynthLesson] = field(default_factory=list)


class Generator:
    """Writes synthetic courses from the scaffold template and the text pools."""

    EN_SECTIONS = {"Vid disken": "At the desk", "Det här behöver du veta": "What you need to know",
                   "Reflektionsfrågor": "Reflection questions", "Sammanfattning": "Summary"}

    def __init__(self, pools: dict[str, Pool], svgs: list[Path], seed: int = 20261125):
        self.pools = pools
        self.svgs = svgs
        self.rng = random.Random(seed)
        self.template = lesson_template()

    def pick(self, lang: str, name: str, k: int = 1) -> list[str]:
        values = getattr(self.pools[lang], name)
        return self.rng.sample(values, min(k, len(values)))

    def para(self, lang: str, n: int) -> str:
        return " ".join(self.pick(lang, "sentences", n))

    def plan(self, n_courses: int, last_size: int) -> list[SynthCourse]:
        courses = []
        for i in range(n_courses):
            size = last_size if i == n_courses - 1 and last_size else LESSONS_PER_COURSE
            head_sv, head_en = self.pick("sv", "headings")[0], self.pick("en", "headings")[0]
            slug = f"{slugify(head_sv)[:32].rstrip('-')}-{i + 1:03d}"
            course = SynthCourse(i, slug, f"{head_sv}, del {i + 1}", f"{head_en}, part {i + 1}",
                                 translated=(i % 4 == 0), image=self.rng.choice(self.svgs).name)
            for number in range(1, size + 1):
                a, b = self.pick("sv", "headings", 2)
                title = f"{a} – {b}"
                ea, eb = self.pick("en", "headings", 2)
                stem = f"{number:02d}-{slugify(a)[:40].rstrip('-')}"
                course.lessons.append(SynthLesson(number, stem, f"syn{i + 1:03d}-{number:02d}",
                                                  title, f"{ea} – {eb}"))
            courses.append(course)
        return courses

    # -- course pages --------------------------------------------------------

    def course_index(self, course: SynthCourse, lang: str) -> str:
        area = 1 + course.index % 5
        levels = ("grundläggande", "bred", "utvecklad")
        meta = [
            "---",
            f"title: {yaml_str(course.title if lang == 'sv' else course.title_en)}",
            f"description: {yaml_str(self.pick(lang, 'descriptions')[0])}",
            f"area: {area}",
            f'competences: ["{area}.{1 + course.index % 3}", "{1 + (course.index + 2) % 5}.1"]',
            f"level: {levels[course.index % 3]}",
            "goals:",
            *[f"  - {yaml_str(g)}" for g in self.pick(lang, "goals", 3)],
            "authors: [Regionbibliotek Västernorrland]",
            "license: CC BY 4.0",
            "reviewed: 2026-11-25",
            "---",
            "",
        ]
        heads = ("För vem?", "Så använder du kursen") if lang == "sv" else \
            ("Who is it for?", "How to use the course")
        body = [self.para(lang, 4), "", self.para(lang, 3), "", f"## {heads[0]}", "",
                self.para(lang, 3), "", f"## {heads[1]}", "", self.para(lang, 4), ""]
        return "\n".join(meta + body)

    # -- lessons ---------------------------------------------------------------

    def lesson(self, course: SynthCourse, lesson: SynthLesson, lang: str,
               courses: list[SynthCourse]) -> str:
        """The scaffold template with every placeholder section filled in."""
        title = lesson.title if lang == "sv" else lesson.title_en
        text = self.template.format(title=yaml_str(title), id=lesson.id)
        match = FRONT.match(text)
        if not match:
            raise SystemExit("templates/lesson.md har inget sidhuvud; benchmarken behöver mallen.")
        meta = yaml.safe_load(match.group(1)) or {}
        meta_lines = ["---"]
        for key in meta:  # the template's keys, in its order, with our values
            if key == "title":
                meta_lines.append(f"title: {yaml_str(title)}")
            elif key == "id":
                meta_lines.append(f"id: {lesson.id}")
            elif key == "minutes":
                meta_lines.append(f"minutes: {self.rng.choice((15, 20, 25, 30, 40))}")
            elif key == "goals":
                meta_lines.append("goals:")
                meta_lines += [f"  - {yaml_str(g)}" for g in self.pick(lang, "goals", 3)]
            else:
                meta_lines.append(yaml.safe_dump({key: meta[key]}, allow_unicode=True).strip())
        meta_lines += ["---", ""]
        out = meta_lines
        for heading in re.findall(r"^## (.+)$", text[match.end():], re.M):
            out += self.section(heading, course, lesson, lang, courses)
        out += self.facilitator(lang)
        return "\n".join(out) + "\n"

    def section(self, heading: str, course: SynthCourse, lesson: SynthLesson, lang: str,
                courses: list[SynthCourse]) -> list[str]:
        en = lang == "en"
        if heading.startswith("Övning"):
            name = self.pick(lang, "headings")[0]
            out = [f"## {'Exercise' if en else 'Övning'}: {name}", ""]
            out += [f"{i}. {s}" for i, s in enumerate(self.pick(lang, "sentences", 5), 1)]
            out += ["", "## Knowledge check" if en else "## Kunskapskoll", "", *self.quiz(lang), ""]
            return out
        label = self.EN_SECTIONS.get(heading, heading) if en else heading
        out = [f"## {label}", ""]
        if heading == "Vid disken":
            out += [self.para(lang, 4), "", self.para(lang, 3), ""]
        elif heading == "Reflektionsfrågor":
            out += [f"{i}. {q}" for i, q in enumerate(self.pick(lang, "questions", 4), 1)] + [""]
        elif heading == "Sammanfattning":
            out += [self.para(lang, 5), ""]
        else:  # the lesson's content: subsections, image, admonition, links
            out += [self.para(lang, 4), ""]
            alt = self.pick(lang, "sentences")[0]
            out += [f"![{alt}](bilder/{course.image})", ""]
            for sub in self.pick(lang, "headings", 3):
                out += [f"### {sub}", "", self.para(lang, 4), "", self.para(lang, 3), ""]
            kind = self.rng.choice(("warning", "tip", "example", "note"))
            out += [f'!!! {kind} "{self.pick(lang, "headings")[0]}"',
                    f"    {self.para(lang, 3)}", ""]
            out += self.links(course, lesson, lang, courses)
        return out

    def links(self, course: SynthCourse, lesson: SynthLesson, lang: str,
              courses: list[SynthCourse]) -> list[str]:
        en = lang == "en"
        items = []
        others = [x for x in course.lessons if x is not lesson]
        for other in self.rng.sample(others, min(2, len(others))):
            items.append(f"- [{other.title_en if en else other.title}]({other.stem}.md)")
        far = self.rng.choice(courses)
        target = self.rng.choice(far.lessons)
        if far is not course:
            items.append(f"- [{target.title_en if en else target.title}]"
                         f"(../{far.slug}/{target.stem}.md)")
        items.append(f"- [{course.title_en if en else course.title}](index.md)")
        intro = "Read more in these lessons:" if en else "Läs mer i de här lektionerna:"
        return [intro, "", *items, ""]

    def quiz(self, lang: str) -> list[str]:
        right = self.rng.randrange(3)
        options = [{"text": s, "correct": i == right, "explanation": e}
                   for i, (s, e) in enumerate(zip(self.pick(lang, "sentences", 3),
                                                  self.pick(lang, "sentences", 3)))]
        data = {"question": self.pick(lang, "questions")[0], "options": options}
        body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
        return ["```quiz", body.rstrip("\n"), "```"]

    def facilitator(self, lang: str) -> list[str]:
        title = "Facilitator tips" if lang == "en" else "Handledartips"
        return [f'??? handledare "{title}"', "",
                *[f"    {s}" for s in self.pick(lang, "sentences", 3)]]

    # -- everything --------------------------------------------------------------

    def write(self, docs: Path, synthetic: int) -> dict[str, Any]:
        n_courses, last = divmod(synthetic, LESSONS_PER_COURSE)
        if last:
            n_courses += 1
        courses = self.plan(n_courses, last)
        files = translated = 0
        for course in courses:
            folder = docs / "kurser" / course.slug
            (folder / "bilder").mkdir(parents=True)
            svg = next(p for p in self.svgs if p.name == course.image)
            shutil.copyfile(svg, folder / "bilder" / course.image)
            langs = ("sv", "en") if course.translated else ("sv",)
            for lang in langs:
                suffix = ".en.md" if lang == "en" else ".md"
                (folder / f"index{suffix}").write_text(self.course_index(course, lang), "utf-8")
                files += 1
                for lesson in course.lessons:
                    (folder / f"{lesson.stem}{suffix}").write_text(
                        self.lesson(course, lesson, lang, courses), "utf-8")
                    files += 1
                    translated += lang == "en"
        return {"synthetic_courses": len(courses), "synthetic_lessons": synthetic,
                "synthetic_translated_lessons": translated, "synthetic_files": files,
                "lessons": [(c.slug, x.stem) for c in courses for x in c.lessons]}


def real_lesson_count(docs: Path) -> int:
    return sum(1 for p in (docs / "kurser").glob("*/*.md")
               if re.match(r"\d{2}-", p.name) and not p.name.endswith(".en.md"))


def make_corpus(src: Path, dest: Path, n_lessons: int, pools: dict[str, Pool]) -> dict[str, Any]:
    """dest/project: the real site plus synthetic lessons, N lessons in all."""
    project = dest / "project"
    project.mkdir(parents=True)
    shutil.copyfile(src / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("overrides", "data", "docs"):
        shutil.copytree(src / name, project / name)
    real = real_lesson_count(project / "docs")
    synthetic = n_lessons - real
    if synthetic < 0:
        raise SystemExit(f"N={n_lessons} är mindre än de {real} riktiga lektionerna.")
    svgs = sorted((src / "docs" / "kurser").glob("*/bilder/*.svg"))
    info = Generator(pools, svgs, seed=n_lessons).write(project / "docs", synthetic)
    info.update(real_lessons=real, lessons_total=n_lessons)
    return info


QUIZ_FENCE = re.compile(r"^```quiz[ \t]*$", re.M)


def stock_config(src_yml: str) -> str:
    """A stock Material configuration with the project's Markdown extensions.

    Kept from the project: site name, URL, docs folder, directory URLs and the
    markdown_extensions block without the custom quiz fence. Dropped: our
    plugin, i18n, custom_dir, extra CSS/JS, palette, features (navigation.prune).
    """
    lines = src_yml.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("markdown_extensions:"))
    end = next((i for i in range(start + 1, len(lines))
                if lines[i] and not lines[i].startswith((" ", "#"))), len(lines))
    block, out, skip_indent = lines[start:end], [], None
    for line in block:
        indent = len(line) - len(line.lstrip())
        if skip_indent is not None:
            if line.strip() and indent > skip_indent:
                continue
            skip_indent = None
        if line.strip() == "custom_fences:":
            skip_indent = indent
            continue
        out.append(line)
    exts = "\n".join(out)
    # `- pymdownx.superfences:` with nothing left under it: plain superfences.
    exts = re.sub(r"(- pymdownx\.superfences):\s*\n(?=\s*- |\Z)", r"\1\n", exts + "\n")
    from .validate import _ConfigLoader

    config = yaml.load(src_yml, Loader=_ConfigLoader) or {}
    head = {
        "site_name": config.get("site_name", "Digitalt först"),
        "site_url": config.get("site_url"),
        "docs_dir": config.get("docs_dir", "docs"),
        "use_directory_urls": config.get("use_directory_urls", True),
        "theme": {"name": "material", "language": "sv"},
        "plugins": [{"search": {"lang": "sv"}}],
    }
    return yaml.safe_dump(head, allow_unicode=True, sort_keys=False) + exts + "\n"


def make_stock(dest: Path) -> Path:
    """dest/stock: the same pages, quiz fences as plain code blocks."""
    project, stock = dest / "project", dest / "stock"
    shutil.copytree(project / "docs", stock / "docs")
    for path in (stock / "docs").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if "```quiz" in text:
            path.write_text(QUIZ_FENCE.sub("```yaml", text), encoding="utf-8")
    (stock / "mkdocs.yml").write_text(
        stock_config((project / "mkdocs.yml").read_text(encoding="utf-8")), encoding="utf-8")
    return stock


# --------------------------------------------------------------------------
# Helpers: processes, servers, sizes
# --------------------------------------------------------------------------

def build_env(pdf: bool = False) -> dict[str, str]:
    return dict(os.environ, DIGITALTFORST_PDF="1" if pdf else "0", NO_MKDOCS_2_WARNING="1",
                PYTHONDONTWRITEBYTECODE="1")


def tail(text: str, lines: int = 6) -> str:
    return " | ".join(line.strip() for line in text.strip().splitlines()[-lines:] if line.strip())


def timed_build(project: Path, out: Path, timeout: float = 1800) -> tuple[float | None, str]:
    """`python -m mkdocs build -q -d OUT` in PROJECT; wall seconds incl. start-up."""
    if out.exists():
        shutil.rmtree(out)  # outside the timing, the same for both configurations
    # Every build starts like a fresh checkout: no .cache/ (search lemma tables,
    # PDFs) left by an earlier run, so the runs of one size are alike.
    shutil.rmtree(project / ".cache", ignore_errors=True)
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)],
                              cwd=project, env=build_env(), capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"bygget tog mer än {timeout:.0f} s"
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        return None, f"mkdocs build avslutades med {done.returncode}: {tail(done.stderr)}"
    return seconds, ""


def html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def site_prefix(project: Path) -> str:
    """The URL path the site lives under (from site_url), e.g. /digitalt-forst/."""
    from urllib.parse import urlsplit

    from .validate import read_config

    path = urlsplit(read_config(project).get("site_url") or "").path or "/"
    return path if path.endswith("/") else path + "/"


def serve_dir(site: Path, prefix: str = "/"):
    """Serve SITE on 127.0.0.1 under PREFIX (like GitHub Pages); yields the base URL."""
    # LinkChecker only exceeds 10 requests/s to hosts that send this header.
    return localserver.serve(site, prefix, headers={"LinkChecker": "digitaltforst-bench"})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def lesson_pages(site: Path, lessons: list[tuple[str, str]]) -> list[tuple[str, int]]:
    out = []
    for slug, stem in lessons:
        path = site / "kurser" / slug / stem / "index.html"
        if path.is_file():
            out.append((f"kurser/{slug}/{stem}/", path.stat().st_size))
    return out


def median_lesson(site: Path, lessons: list[tuple[str, str]]) -> dict[str, Any] | None:
    """The synthetic Swedish lesson page with the median HTML size."""
    pages = sorted(lesson_pages(site, lessons), key=lambda p: (p[1], p[0]))
    if not pages:
        return None
    path, raw = pages[(len(pages) - 1) // 2]
    data = (site / path / "index.html").read_bytes()
    return {"path": path, "raw": raw, "gz": gz(data), "pages": len(pages),
            "min": pages[0][1], "max": pages[-1][1]}


# --------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------

def machine_info() -> dict[str, Any]:
    info: dict[str, Any] = {"nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                            else os.cpu_count(), "python": platform.python_version(),
                            "platform": platform.platform()}
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    with contextlib.suppress(OSError):
        model = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
        info["cpu"] = model.group(1).strip() if model else platform.processor()
    for dist in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "playwright"):
        try:
            info[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            info[dist] = None
    try:
        root = repo_root()
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                              capture_output=True, text=True, timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, capture_output=True, text=True, timeout=30).stdout
        info["commit"] = head or None
        info["changed_files"] = len(dirty.splitlines())
    except (OSError, subprocess.SubprocessError):
        info["commit"] = None
    try:
        out = subprocess.run(["linkchecker", "--version"], capture_output=True, text=True,
                             timeout=30).stdout
        match = re.search(r"LinkChecker\s+(\S+)", out)
        info["linkchecker"] = match.group(1) if match else None
    except (OSError, subprocess.SubprocessError):
        info["linkchecker"] = None
    return info


def measure_validator(project: Path, runs: int = 3) -> dict[str, Any]:
    from .findings import ERROR
    from .validate import validate

    times, findings = [], []
    for _ in range(runs):
        started = time.perf_counter()
        findings = validate(project)
        times.append(time.perf_counter() - started)
    errors = sum(1 for f in findings if f.severity == ERROR)
    rules: dict[str, int] = {}
    for f in findings:
        rules[f.rule] = rules.get(f.rule, 0) + 1
    return {"seconds": median(times), "runs": times, "errors": errors,
            "warnings": len(findings) - errors, "by_rule": rules,
            "first_errors": [f"{f.file}:{f.line}: {f.rule}: {f.message}"
                             for f in findings if f.severity == ERROR][:5]}


LC_SUMMARY = re.compile(r"(\d+) links? in (\d+) URLs? checked\. (\d+) warnings? found\. "
                        r"(\d+) errors? found")


def measure_linkchecker(site: Path, prefix: str, tmp: Path, cap: float) -> dict[str, Any]:
    if shutil.which("linkchecker") is None:
        return {"seconds": None, "reason": "linkchecker saknas (Debian-paketet linkchecker)"}
    # LinkChecker drops root privileges to `nobody`: its config must be world-readable.
    conf_dir = Path(tempfile.mkdtemp(prefix="lc-", dir=tmp))
    conf_dir.chmod(0o755)
    conf = conf_dir / "linkcheckerrc"
    conf.write_text("[checking]\nmaxrequestspersecond=1000\n", encoding="utf-8")
    conf.chmod(0o644)
    with serve_dir(site, prefix) as base:
        cmd = ["linkchecker", "-f", str(conf), "--no-status", base]
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True)
        try:
            out, _ = proc.communicate(timeout=cap)
        except subprocess.TimeoutExpired:
            _stop(proc)
            seconds = time.perf_counter() - started
            return {"seconds": None, "lower_bound": seconds, "finished": False,
                    "reason": f"avbruten efter {seconds:.0f} s (tidsgräns), inte klar"}
        seconds = time.perf_counter() - started
    match = LC_SUMMARY.search(out or "")
    result: dict[str, Any] = {"seconds": seconds, "finished": True, "exit": proc.returncode,
                              "command": " ".join(cmd[:-1] + ["http://127.0.0.1:PORT" + prefix])}
    if match:
        result.update(links=int(match.group(1)), urls=int(match.group(2)),
                      warnings=int(match.group(3)), errors=int(match.group(4)))
    else:
        result["reason"] = f"ingen sammanfattning i utdata: {tail(out or '')}"
    if result.get("errors"):
        result["error_urls"] = sorted(set(re.findall(r"^URL\s+`([^']*)'", out, re.M)))[:10]
    return result


def _stop(proc: subprocess.Popen, grace: float = 10) -> None:
    """Stop a process we started (and its own process group), bounded waits."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 10)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


PDF_LINE = re.compile(r"PDF: (\d+) av (\d+) filer skrivna på ([\d.]+) s \(([\d.]+) s per fil\)")


def measure_pdf(src: Path, tmp: Path) -> dict[str, Any]:
    """`DIGITALTFORST_PDF=1 python -m digitaltforst.build_site` on a copy: empty PDF cache."""
    work = tmp / "pdf-project"
    work.mkdir()
    shutil.copyfile(src / "mkdocs.yml", work / "mkdocs.yml")
    for name in ("docs", "data", "overrides"):
        shutil.copytree(src / name, work / name)
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "digitaltforst.build_site", str(work / "site")],
                              cwd=work, env=build_env(pdf=True), capture_output=True, text=True,
                              timeout=900)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "reason": "tog mer än 900 s"}
    wall = time.perf_counter() - started
    match = PDF_LINE.search(done.stdout + done.stderr)
    if done.returncode != 0 or not match:
        return {"seconds": None, "wall": wall,
                "reason": f"build_site avslutades med {done.returncode}: "
                          f"{tail(done.stdout + done.stderr)}"}
    return {"written": int(match.group(1)), "files": int(match.group(2)),
            "seconds": float(match.group(3)), "per_file": float(match.group(4)), "wall": wall}


def _profile_child(project: str, out: str, result: str) -> int:
    """Runs in a subprocess: one in-process build under cProfile."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.chdir(project)
    config = load_config(str(Path(project) / "mkdocs.yml"), site_dir=out)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    build(config)
    profiler.disable()
    total = time.perf_counter() - started
    stats = pstats.Stats(profiler)
    package = str(Path(__file__).resolve().parent)
    rows = []
    for (filename, line, func), (_cc, ncalls, tottime, cumtime, _callers) in stats.stats.items():
        if "digitaltforst" not in filename or filename.endswith("bench.py"):
            continue
        name = filename[len(package) + 1:] if filename.startswith(package) else filename
        rows.append({"function": f"{name}:{line}({func})", "calls": ncalls,
                     "tottime": tottime, "cumtime": cumtime})
    rows.sort(key=lambda r: -r["cumtime"])
    # Where the time goes: self time per package (site-packages folder, ours, stdlib).
    by_package: dict[str, float] = {}
    for (filename, _line, _func), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        by_package[_package_of(filename, package)] = \
            by_package.get(_package_of(filename, package), 0.0) + tottime
    Path(result).write_text(json.dumps({"total": total, "pages": html_pages(Path(out)),
                                        "top": rows[:10], "by_package": by_package}),
                            encoding="utf-8")
    return 0


def _package_of(filename: str, package: str) -> str:
    if filename.startswith(package) or "/digitaltforst/" in filename:
        return "digitaltforst"
    match = re.search(r"site-packages/([^/]+)", filename)
    if match:
        name = match.group(1)
        return name[:-3] if name.endswith(".py") else name
    if filename.startswith(("~", "<")):
        return "inbyggda funktioner (C), bl.a. re och str"
    if "/overrides/" in filename:
        return "overrides (mallar)"
    return "Pythons standardbibliotek"


def measure_profile(project: Path, tmp: Path) -> dict[str, Any]:
    out, result = tmp / "profile-site", tmp / "profile.json"
    try:
        done = subprocess.run([sys.executable, "-m", "digitaltforst.bench", "--profile-child",
                               str(project), str(out), str(result)], cwd=project, env=build_env(),
                              capture_output=True, text=True, timeout=1800)
    except subprocess.TimeoutExpired:
        return {"reason": "tog mer än 1800 s"}
    if done.returncode != 0 or not result.is_file():
        return {"reason": f"profileringen misslyckades: {tail(done.stderr)}"}
    shutil.rmtree(out, ignore_errors=True)
    return json.loads(result.read_text(encoding="utf-8"))


def _log_problem(log: Path) -> str:
    """The warnings and errors in a server log (else its last lines)."""
    text = log.read_text("utf-8", "replace")
    lines = [re.sub(r"\s+", " ", line).strip() for line in text.splitlines()
             if re.match(r"\s*(WARNING|ERROR|Error|Aborted|Traceback)", line)]
    return " | ".join(lines[-4:]) if lines else tail(text, 3)


@dataclass
class Server:
    mode: str
    flags: list[str]
    n: int
    project: Path
    lesson: tuple[str, str]
    port: int
    log: Path
    locale: str | None = None
    proc: subprocess.Popen | None = None
    started: float = 0.0
    ready: float | None = None
    reason: str = ""

    def url(self, prefix: str) -> str:
        slug, stem = self.lesson
        return f"http://127.0.0.1:{self.port}{prefix}kurser/{slug}/{stem}/"


def _get(url: str, timeout: float = 5) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, ValueError):
        return None


@dataclass
class ServeMode:
    flags: list[str]
    corpus: "Corpus"
    locale: str | None = None  # `make serve LOCALE=…`: build only this language


def measure_serve(tmp: Path, modes: dict[str, ServeMode], startup_timeout: float,
                  reload_timeout: float,
                  while_starting: Callable[[], Any] | None = None) -> tuple[dict[str, Any], Any]:
    """Start `mkdocs serve` per mode (own copy of its corpus), then time one reload each.

    The servers start together (their start-up is not what is measured) and
    ``while_starting`` (other untimed work) runs meanwhile. The reloads are then
    timed one at a time, with nothing else running: append a line to one lesson,
    poll the page over HTTP until the line is there.
    """
    servers = []
    for mode, spec in modes.items():
        copy = tmp / f"serve-{mode}"
        shutil.copytree(spec.corpus.project, copy)
        lessons = spec.corpus.info["lessons"]
        servers.append(Server(mode, spec.flags, spec.corpus.n, copy, lessons[len(lessons) // 2],
                              free_port(), tmp / f"serve-{mode}.log", spec.locale))
    prefix = site_prefix(servers[0].project) if servers else "/"
    results: dict[str, Any] = {}
    side = None
    try:
        for s in servers:
            cmd = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{s.port}",
                   "--livereload", *s.flags]
            with open(s.log, "w", encoding="utf-8") as log_fh:
                env = build_env()
                if s.locale:
                    env["DIGITALTFORST_LOCALE"] = s.locale
                s.proc = subprocess.Popen(cmd, cwd=s.project, env=env,
                                          stdout=log_fh, stderr=subprocess.STDOUT,
                                          start_new_session=True)
            s.started = time.perf_counter()
        if while_starting is not None:
            side = while_starting()
        deadline = time.perf_counter() + startup_timeout
        waiting = list(servers)
        while waiting and time.perf_counter() < deadline:
            for s in list(waiting):
                if s.proc.poll() is not None:
                    s.reason = (f"`mkdocs serve {' '.join(s.flags)}` avslutades med "
                                f"{s.proc.returncode}: {_log_problem(s.log)}")
                    waiting.remove(s)
                elif _get(s.url(prefix), timeout=2) is not None:
                    s.ready = time.perf_counter() - s.started
                    waiting.remove(s)
            time.sleep(0.5)
        for s in waiting:
            s.reason = f"servern svarade inte inom {startup_timeout:.0f} s"
        for s in servers:
            entry: dict[str, Any] = {"flags": s.flags, "n": s.n, "startup": s.ready,
                                     "locale": s.locale}
            results[s.mode] = entry
            if s.ready is None:
                entry["reason"] = s.reason
                _stop(s.proc)
                continue
            slug, stem = s.lesson
            source = s.project / "docs" / "kurser" / slug / f"{stem}.md"
            marker = f"Benchmarkmarkör {s.mode} {random.randrange(10**9)}"
            started = time.perf_counter()
            with open(source, "a", encoding="utf-8") as fh:
                fh.write(f"\n\n{marker}\n")
            seen = False
            while time.perf_counter() - started < reload_timeout:
                body = _get(s.url(prefix))
                if body is not None and marker in body:
                    seen = True
                    break
                if s.proc.poll() is not None:
                    break
                time.sleep(0.1)
            if seen:
                entry["reload"] = time.perf_counter() - started
            elif s.proc.poll() is not None:
                entry["reason"] = f"servern avslutades under ombyggnaden: {_log_problem(s.log)}"
            else:
                entry["reason"] = f"ändringen syntes inte inom {reload_timeout:.0f} s"
            _stop(s.proc)
    finally:
        for s in servers:
            if s.proc is not None:
                _stop(s.proc)
    return results, side


def measure_browser(sites: dict[str, Path], prefix: str, page_path: str,
                    words: tuple[str, ...]) -> dict[str, Any]:
    """First lesson view and first search result in Chromium, per site."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {label: {"reason": "Playwright saknas"} for label in sites}
    from .browser import find_chromium, launch_args

    chromium = find_chromium()
    if chromium is None:
        return {label: {"reason": "hittar ingen Chromium"} for label in sites}
    results: dict[str, Any] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=launch_args())
        results["_chromium"] = browser.version
        try:
            for label, site in sites.items():
                with serve_dir(site, prefix) as base:
                    try:
                        results[label] = _browse(browser, base, page_path, words[0])
                        results[label]["search"]["word"] = words[0]
                        results[label]["search_more"] = {
                            w: _browse(browser, base, page_path, w)["search"] for w in words[1:]}
                    except Exception as exc:  # a broken page must not stop the benchmark
                        results[label] = {"reason": f"{type(exc).__name__}: {exc}"[:300]}
        finally:
            browser.close()
    return results


def _browse(browser, base: str, page_path: str, word: str) -> dict[str, Any]:
    from urllib.parse import urlsplit

    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 800})
    phase = ["view"]
    finished: list[tuple[str, Any]] = []
    failed: list[tuple[str, str, str]] = []
    context.on("requestfinished", lambda req: finished.append((phase[0], req)))
    context.on("requestfailed", lambda req: failed.append((phase[0], req.url, req.failure or "")))
    page = context.new_page()
    try:
        started = time.perf_counter()
        page.goto(base + page_path, wait_until="load", timeout=60_000)
        with contextlib.suppress(Exception):
            page.wait_for_load_state("networkidle", timeout=15_000)
        view_seconds = time.perf_counter() - started
        n_view = len(finished)
        phase[0] = "search"
        search: dict[str, Any] = {}
        t_search = time.perf_counter()
        page.keyboard.press("s")  # Material's keyboard shortcut for the search
        focused = page.evaluate(
            "() => !!document.activeElement && document.activeElement.matches('input.md-search__input')")
        if not focused:
            page.click("input.md-search__input", timeout=5_000)
        page.keyboard.type(word, delay=40)
        try:
            page.wait_for_selector(".md-search-result__item", timeout=30_000)
            search["seconds"] = time.perf_counter() - t_search
            search["results"] = page.locator(".md-search-result__item").count()
        except Exception:
            search["reason"] = "inget sökresultat inom 30 s"
        n_search = len(finished)
        records = []
        for i, (ph, req) in enumerate(finished[:n_search]):
            resp = req.response()
            body, error = b"", ""
            if resp is not None and not (300 <= resp.status < 400):
                try:
                    body = resp.body()
                except Exception as exc:
                    error = str(exc)[:80]
            host = urlsplit(req.url).hostname or ""
            records.append({"url": req.url, "type": req.resource_type, "phase": ph,
                            "status": resp.status if resp else None, "raw": len(body),
                            "gz": gz(body) if body else 0, "error": error,
                            "third_party": urlsplit(req.url).scheme in ("http", "https")
                            and host not in ("127.0.0.1", "localhost")})
    finally:
        context.close()

    def total(rows, key):
        return sum(r[key] for r in rows)

    view = [r for r in records if r["phase"] == "view"]
    groups: dict[str, int] = {}
    for r in view:
        kind = {"document": "html", "stylesheet": "css", "script": "js", "font": "font",
                "image": "image", "fetch": "data", "xhr": "data"}.get(r["type"], "other")
        groups[kind] = groups.get(kind, 0) + r["gz"]
    third = sorted({r["url"] for r in records if r["third_party"]}
                   | {url for _, url, _ in failed
                      if urlsplit(url).hostname not in (None, "127.0.0.1", "localhost")})
    search.update(requests=len(records), raw=total(records, "raw"), gz=total(records, "gz"),
                  extra_gz=total([r for r in records if r["phase"] == "search"], "gz"),
                  extra_requests=len([r for r in records if r["phase"] == "search"]))
    if "reason" in search:
        search["gz"] = None
    return {
        "url_path": page_path,
        "view": {"requests": n_view, "raw": total(view, "raw"), "gz": total(view, "gz"),
                 "by_type_gz": groups, "seconds": view_seconds,
                 "search_index_gz": total([r for r in view if "/search/" in r["url"]
                                           or "search_index" in r["url"]], "gz")},
        "search": search,
        "third_party": third,
        "failed": [f"{url} ({why})" for _, url, why in failed][:10],
        "requests": [{k: r[k] for k in ("url", "type", "phase", "status", "gz")} for r in records],
    }


# --------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------

@dataclass
class Corpus:
    n: int
    dir: Path
    info: dict[str, Any]
    runs: dict[str, list[float]] = field(default_factory=lambda: {"project": [], "stock": []})
    pages: dict[str, int] = field(default_factory=dict)
    lesson: dict[str, Any] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)

    @property
    def project(self) -> Path:
        return self.dir / "project"

    @property
    def stock(self) -> Path:
        return self.dir / "stock"

    def site(self, config: str) -> Path:
        return self.dir / f"site-{config}"

    def pair_seconds(self) -> float:
        return sum(v[-1] for v in self.runs.values() if v)


def run_pair(corpus: Corpus) -> None:
    """One build with each configuration, project first."""
    for config in ("project", "stock"):
        if config in corpus.failures:
            continue
        seconds, error = timed_build(getattr(corpus, config), corpus.site(config))
        if seconds is None:
            corpus.failures[config] = error
            log(f"N={corpus.n} {config}: MISSLYCKADES: {error}")
            continue
        corpus.runs[config].append(seconds)
        if config not in corpus.pages:
            corpus.pages[config] = html_pages(corpus.site(config))
            corpus.lesson[config] = median_lesson(corpus.site(config), corpus.info["lessons"])
        log(f"N={corpus.n} {config}: {seconds:.1f} s ({corpus.pages[config]} HTML-sidor)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m digitaltforst.bench",
                                     description="Mät byggtid, sidvikt, validator och omladdning.")
    parser.add_argument("--quick", action="store_true",
                        help="snabb kontroll: bara 100 lektioner, en körning av varje")
    parser.add_argument("--full", action="store_true",
                        help="3/3/2 körningar, profil och serve på största korpusen, "
                             "linkchecker utan tidsgräns (ca 20 min på 2 kärnor)")
    parser.add_argument("--sizes", default=None, help="korpusstorlekar, t.ex. 100,500,1000")
    parser.add_argument("--budget", type=float, default=540,
                        help="sekunder; extra körningar (median) görs bara om de ryms (standard 540)")
    parser.add_argument("--keep", action="store_true", help="behåll den tillfälliga mappen")
    parser.add_argument("--profile-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.profile_child:
        return _profile_child(*args.profile_child)

    t0 = time.perf_counter()
    root = repo_root()
    if args.sizes:
        sizes = tuple(sorted(int(s) for s in args.sizes.split(",")))
    else:
        sizes = QUICK_SIZES if args.quick else SIZES
    big = max(sizes)
    if args.quick:
        max_runs = {n: 1 for n in sizes}
        diag_n = big
    elif args.full:
        max_runs = {n: 2 if n >= 1000 else 3 for n in sizes}
        diag_n = big
    else:
        max_runs = {n: 2 if n >= 1000 else 3 for n in sizes}
        diag_n = 500 if 500 in sizes else min(sizes)
    budget = float("inf") if args.full else args.budget
    mode = "quick" if args.quick else "full" if args.full else "standard"

    tmp = Path(tempfile.mkdtemp(prefix="dfs-bench-"))
    results: dict[str, Any] = {"mode": mode, "started": dt.datetime.now().isoformat(timespec="seconds"),
                               "sizes": list(sizes), "diag_n": diag_n, "tmp": str(tmp)}
    corpora: dict[int, Corpus] = {}
    results["load_start"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    try:
        results["machine"] = machine_info()
        log(f"maskin: {results['machine']}")
        log(f"tillfällig mapp: {tmp}")
        pools = build_pools(root / "docs")
        from .findings import ERROR
        from .validate import validate

        for n in sizes:
            info = make_corpus(root, tmp / f"n{n}", n, pools)
            make_stock(tmp / f"n{n}")
            corpora[n] = Corpus(n, tmp / f"n{n}", info)
            if n != big:  # the largest corpus is validated (and timed) below
                findings = validate(corpora[n].project)
                errors = [f for f in findings if f.severity == ERROR]
                info["validator"] = {"errors": len(errors), "warnings": len(findings) - len(errors)}
            log(f"korpus N={n}: {info['real_lessons']} riktiga + {info['synthetic_lessons']} "
                f"syntetiska lektioner ({info['synthetic_courses']} kurser, "
                f"{info['synthetic_translated_lessons']} översatta)")

        # 1. One build of each configuration per size.
        for n in sizes:
            run_pair(corpora[n])
        c_big = corpora[big]

        # 2. Validator and linkchecker on the largest corpus; the real PDFs.
        log(f"validator på N={big} (3 körningar)")
        results["validator"] = measure_validator(c_big.project)
        c_big.info["validator"] = {k: results["validator"][k] for k in ("errors", "warnings")}
        log(f"validator: {results['validator']['seconds']:.2f} s, "
            f"{results['validator']['errors']} fel, {results['validator']['warnings']} varningar")
        prefix = site_prefix(c_big.project)
        if "project" in c_big.failures:
            results["linkchecker"] = {"seconds": None, "reason": "projektbygget misslyckades"}
        else:
            cap = 1200.0 if args.full else max(60.0, 21 * results["validator"]["seconds"])
            log(f"linkchecker på N={big} (tidsgräns {cap:.0f} s)")
            results["linkchecker"] = measure_linkchecker(c_big.site("project"), prefix, tmp, cap)
            results["linkchecker"]["cap"] = cap
            log(f"linkchecker: {results['linkchecker']}")
        log("PDF:er för det riktiga projektet (tom cache)")
        results["pdf"] = measure_pdf(root, tmp)
        log(f"PDF: {results['pdf']}")

        # 3. Diagnostics, untimed work side by side: the servers start while the
        #    cProfile build and the browser run; then the reloads are timed alone.
        if not args.quick and not args.full and diag_n != min(sizes):
            t_p = corpora[diag_n].runs["project"][-1] if corpora[diag_n].runs["project"] else 60
            predicted = 4 * t_p + 30
            if time.perf_counter() - t0 + predicted > budget:
                log(f"diagnostik på N={diag_n} ryms inte ({predicted:.0f} s); tar N={min(sizes)}")
                diag_n = min(sizes)
        results["diag_n"] = diag_n
        c_diag = corpora[diag_n]
        # make serve, make serve DIRTY=1 and make serve DIRTY=1 LOCALE=sv. (Plain
        # --dirty is no option: strict: true turns MkDocs' dirty warning into an abort.)
        modes = {"normal": ServeMode([], c_diag),
                 "dirty-no-strict": ServeMode(["--dirty", "--no-strict"], c_diag),
                 "sv-dirty-no-strict": ServeMode(["--dirty", "--no-strict"], c_diag, "sv")}
        page_path = (c_big.lesson.get("project") or c_big.lesson.get("stock") or {}).get("path")

        def side_work() -> dict[str, Any]:
            done: dict[str, Any] = {}
            worker = None
            if not args.full:  # --full profiles alone, before the servers start
                def profile() -> None:
                    try:
                        done["profile"] = measure_profile(c_diag.project, tmp)
                    except Exception as exc:  # reported, never hangs the run
                        done["profile"] = {"reason": f"{type(exc).__name__}: {exc}"}
                worker = threading.Thread(target=profile)
                worker.start()
            sites = {c: c_big.site(c) for c in ("project", "stock") if c not in c_big.failures}
            if page_path and sites:
                log(f"Chromium: första visning och sökning, N={big}, /{page_path}")
                done["browser"] = measure_browser(sites, prefix, page_path, SEARCH_WORDS)
            else:
                done["browser"] = {"reason": "inget bygge att mäta"}
            if worker is not None:
                worker.join()
            return done

        if args.full:
            log(f"cProfile av projektbygget, N={diag_n} (ensam)")
            results["profile"] = measure_profile(c_diag.project, tmp)
            results["profile"]["alone"] = True
        else:
            log(f"cProfile av projektbygget, N={diag_n}, medan servrarna startar")
        log("mkdocs serve: " + ", ".join(f"{m} (N={spec.corpus.n})" for m, spec in modes.items()))
        serve, side = measure_serve(tmp, modes, startup_timeout=900 if args.full else 400,
                                    reload_timeout=900 if args.full else 300,
                                    while_starting=side_work)
        results["browser"] = (side or {}).get("browser") or {}
        if "profile" in (side or {}):
            results["profile"] = dict(side["profile"], alone=False)
        results.setdefault("profile", {"reason": "profileringen kördes inte"})["n"] = diag_n
        results["serve"] = serve
        log(f"serve: {serve}")

        # 4. More runs while the time budget allows (for the median), most useful first:
        #    the goals compare project and stock at the largest size and the project
        #    at the largest and half that size.
        half = big // 2
        priority: list[tuple[int, str]] = []
        for key in [(big, "project"), (big, "stock"), (half, "project"), (half, "stock")] + \
                [(n, cfg) for n in sizes for cfg in ("project", "stock")]:
            if key[0] in corpora and key not in priority:
                priority.append(key)
        for round_ in range(2, max(max_runs.values()) + 1):
            for n, cfg in priority:
                c = corpora[n]
                if round_ > max_runs[n] or len(c.runs[cfg]) >= round_ or not c.runs[cfg] \
                        or cfg in c.failures:
                    continue
                predicted = c.runs[cfg][-1] * 1.1 + 3
                if time.perf_counter() - t0 + predicted + 20 > budget:
                    continue
                seconds, error = timed_build(getattr(c, cfg), c.site(cfg))
                if seconds is None:
                    c.failures[cfg] = error
                    continue
                c.runs[cfg].append(seconds)
                log(f"N={n} {cfg}: körning {len(c.runs[cfg])}: {seconds:.1f} s")
    except Exception as exc:  # report what was measured, then the error
        results["error"] = f"{type(exc).__name__}: {exc}"
        log(f"FEL: {results['error']}")
        import traceback
        traceback.print_exc()
    finally:
        results["seconds"] = time.perf_counter() - t0
        results["load_end"] = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
        results["corpora"] = {
            n: {"info": {k: v for k, v in c.info.items() if k != "lessons"}, "runs": c.runs,
                "seconds": {k: median(v) for k, v in c.runs.items()}, "pages": c.pages,
                "lesson": c.lesson, "failures": c.failures}
            for n, c in corpora.items()}
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    out = root / RESULTS
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    try:
        print(report(results))
    except Exception as exc:  # a partial run: the JSON has what there is
        print(f"Rapporten kunde inte skrivas ({type(exc).__name__}: {exc}); se {RESULTS}.")
    if results.get("error"):
        print(f"\nBenchmarken avbröts: {results['error']}")
    log(f"klart på {results['seconds']:.0f} s; JSON: {RESULTS}")
    return 1 if results.get("error") else 0


# --------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------

def _ok(passed: bool | None) -> str:
    return "n/a" if passed is None else "✓" if passed else "✗"


def _s(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f} s"


def goals(results: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(goal, measured, ✓/✗, margin) rows."""
    rows = []
    corpora = results["corpora"]
    sizes = sorted(corpora)
    big = sizes[-1]
    sec = corpora[big]["seconds"]
    p, s = sec.get("project"), sec.get("stock")
    if p and s:
        ratio = p / s
        rows.append((f"Bygge {big} lektioner ≤ 0,25 × stock", f"{ratio:.2f} × ({p:.1f} s mot {s:.1f} s)",
                     _ok(ratio <= 0.25),
                     "uppfyllt" if ratio <= 0.25 else f"{ratio / 0.25:.1f} gånger för långsamt "
                     f"(skulle vara ≤ {0.25 * s:.1f} s)"))
    else:
        rows.append((f"Bygge {big} lektioner ≤ 0,25 × stock", "n/a", "n/a", "bygget saknas"))
    half = big // 2
    if half in corpora and corpora[half]["seconds"].get("project") and p:
        r = p / corpora[half]["seconds"]["project"]
        rs = s / corpora[half]["seconds"]["stock"] if s and corpora[half]["seconds"].get("stock") \
            else None
        rows.append((f"t({big}) / t({half}) ≤ 2,2", f"{r:.2f} (stock {fmt(rs)})", _ok(r <= 2.2),
                     "uppfyllt" if r <= 2.2 else f"{r - 2.2:.2f} över"))
    else:
        rows.append((f"t({big}) / t({half}) ≤ 2,2", "n/a", "n/a", f"ingen körning med {half}"))
    lesson = corpora[big]["lesson"].get("project")
    if lesson:
        raw = lesson["raw"]
        rows.append(("Lektionssida ≤ 60 KB HTML (rå)", kb(raw), _ok(raw <= 60 * KB),
                     "uppfyllt" if raw <= 60 * KB else f"{(raw - 60 * KB) / KB:.1f} KB över"))
    browser = (results.get("browser") or {}).get("project") or {}
    view = browser.get("view")
    if view:
        third = browser.get("third_party") or []
        passed = view["gz"] <= 100 * KB and not third
        margin = []
        if view["gz"] > 100 * KB:
            margin.append(f"{(view['gz'] - 100 * KB) / KB:.1f} KB över")
        if third:
            margin.append(f"{len(third)} förfrågningar till tredje part")
        rows.append(("Första lektionsvisning ≤ 100 KB gzip, ingen tredje part",
                     f"{kb(view['gz'])}, {len(third)} till tredje part", _ok(passed),
                     "; ".join(margin) or "uppfyllt"))
    else:
        rows.append(("Första lektionsvisning ≤ 100 KB gzip, ingen tredje part", "n/a", "n/a",
                     browser.get("reason", "ingen mätning")))
    search = browser.get("search") or {}
    if search.get("gz") is not None:
        rows.append((f"Sökning till första träff ≤ 150 KB gzip (»{SEARCH_WORDS[0]}«)",
                     kb(search["gz"]),
                     _ok(search["gz"] <= 150 * KB),
                     "uppfyllt" if search["gz"] <= 150 * KB
                     else f"{(search['gz'] - 150 * KB) / KB:.1f} KB över"))
    else:
        rows.append(("Sökning till första träff ≤ 150 KB gzip", "n/a", "n/a",
                     search.get("reason") or browser.get("reason", "ingen mätning")))
    val = results.get("validator") or {}
    lc = results.get("linkchecker") or {}
    v = val.get("seconds")
    if v is not None:
        rows.append((f"Validator {big} lektioner ≤ 2 s", _s(v, 2), _ok(v <= 2),
                     "uppfyllt" if v <= 2 else f"{v - 2:.2f} s över ({v / 2:.1f} gånger målet)"))
        if lc.get("seconds"):
            ratio = lc["seconds"] / v
            rows.append(("Validator ≥ 20 × snabbare än linkchecker",
                         f"{ratio:.0f} × ({lc['seconds']:.0f} s mot {v:.2f} s)", _ok(ratio >= 20),
                         "uppfyllt" if ratio >= 20 else f"{20 / ratio:.1f} gånger för långsamt"))
        elif lc.get("lower_bound"):
            ratio = lc["lower_bound"] / v
            rows.append(("Validator ≥ 20 × snabbare än linkchecker",
                         f"> {ratio:.0f} × (linkchecker > {lc['lower_bound']:.0f} s, avbruten)",
                         _ok(ratio >= 20), "uppfyllt (nedre gräns)" if ratio >= 20
                         else "kan inte avgöras: linkchecker avbröts för tidigt"))
        else:
            rows.append(("Validator ≥ 20 × snabbare än linkchecker", "n/a", "n/a",
                         lc.get("reason", "ingen mätning")))
    else:
        rows.append((f"Validator {big} lektioner ≤ 2 s", "n/a", "n/a", "ingen mätning"))
    return rows


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def report(results: dict[str, Any]) -> str:
    m = results.get("machine", {})
    corpora = results.get("corpora", {})
    sizes = sorted(corpora)
    out = [f"### Resultat ({results['started'][:16].replace('T', ' ')}, läge {results['mode']}, "
           f"{results['seconds'] / 60:.1f} min)", ""]
    chromium = (results.get("browser") or {}).get("_chromium")
    out.append(f"Maskin: `nproc` {m.get('nproc')} ({m.get('cpu', '?')}), {m.get('memory_gb')} GB "
               f"minne, Python {m.get('python')}, MkDocs {m.get('mkdocs')}, Material "
               f"{m.get('mkdocs-material')}, mkdocs-static-i18n {m.get('mkdocs-static-i18n')}, "
               f"Chromium {chromium or 'n/a'}, LinkChecker {m.get('linkchecker') or 'n/a'}. "
               f"Kod: {m.get('commit') or 'okänd'}"
               + (f" med ändringar i {m['changed_files']} "
                  f"{'fil' if m['changed_files'] == 1 else 'filer'}" if m.get("changed_files") else "")
               + ". Belastning (load average, 1 min) före/efter: "
               f"{fmt(results.get('load_start'))} / {fmt(results.get('load_end'))}; "
               "annat som körs samtidigt på maskinen gör tiderna längre.")
    out.append("")
    if not sizes:
        return "\n".join(out + ["Inga mätningar (se felmeddelandet ovan)."])
    notes = []
    for n in sizes:
        info = corpora[n]["info"]
        val = info.get("validator") or {}
        notes.append(f"{n} = {info['real_lessons']} riktiga + {info['synthetic_lessons']} "
                     f"syntetiska ({info['synthetic_courses']} kurser, "
                     f"{info['synthetic_translated_lessons']} översatta), validatorn "
                     f"{val.get('errors', 'n/a')} fel / {val.get('warnings', 'n/a')} varningar")
    out += ["Korpus (lektioner): " + "; ".join(notes) + ".", ""]

    # Build times.
    rows = []
    for n in sizes:
        c = corpora[n]
        sec, pages, les = c["seconds"], c["pages"], c["lesson"]

        def cell(config: str) -> str:
            if config in c["failures"]:
                return f"n/a ({c['failures'][config][:80]})"
            return _s(sec.get(config))

        def rate(config: str) -> str:
            return f"{pages[config] / sec[config]:.0f}" if sec.get(config) and pages.get(config) \
                else "n/a"

        ratio = f"{sec['project'] / sec['stock']:.2f}" if sec.get("project") and sec.get("stock") \
            else "n/a"
        lesson_kb = " / ".join(kb(les[k]["raw"]) if les.get(k) else "n/a"
                               for k in ("project", "stock"))
        rows.append([str(n), f"{pages.get('project', 'n/a')} / {pages.get('stock', 'n/a')}",
                     cell("project"), cell("stock"), rate("project"), rate("stock"), ratio,
                     f"{len(c['runs']['project'])} / {len(c['runs']['stock'])}", lesson_kb])
    big, half = sizes[-1], sizes[-1] // 2
    if half in corpora:
        sp, sh = corpora[big]["seconds"], corpora[half]["seconds"]
        growth = [f"{sp[k] / sh[k]:.2f}" if sp.get(k) and sh.get(k) else "n/a"
                  for k in ("project", "stock")]
        rows.append([f"t({big}) / t({half})", "", growth[0], growth[1], "", "", "", "", ""])
    out += ["#### Byggtid (`mkdocs build` som underprocess, median)", "",
            table(["Lektioner", "HTML-sidor projekt / stock", "Projekt", "Stock",
                   "Projekt sidor/s", "Stock sidor/s", "Projekt / stock", "Körningar",
                   "Lektionssida rå (projekt / stock)"], rows), ""]

    # Goals.
    out += ["#### Mål", "", table(["Mål", "Uppmätt", "", "Marginal"],
                                  [list(r) for r in goals(results)]), ""]

    # Page weight.
    browser = results.get("browser") or {}
    rows = []
    les = corpora[big]["lesson"]
    rows.append(["Lektionssida HTML, rå / gzip"] +
                [f"{kb(les[k]['raw'])} / {kb(les[k]['gz'])}" if les.get(k) else "n/a"
                 for k in ("project", "stock")])

    def bcell(config: str, fn: Callable[[dict], str]) -> str:
        data = browser.get(config) or {}
        if "view" not in data:
            return f"n/a ({data.get('reason') or browser.get('reason') or 'ingen mätning'})"
        return fn(data)

    rows.append(["Första visning, gzip (allt som laddas tills nätet är tyst)"] +
                [bcell(k, lambda d: f"{kb(d['view']['gz'])} ({d['view']['requests']} förfrågningar)")
                 for k in ("project", "stock")])
    for kind, label in (("html", "HTML"), ("css", "CSS"), ("js", "JS"), ("font", "typsnitt"),
                        ("image", "bilder"), ("data", "data (fetch/XHR)"), ("other", "övrigt")):
        if any(((browser.get(k) or {}).get("view") or {}).get("by_type_gz", {}).get(kind)
               for k in ("project", "stock")):
            rows.append([f"  varav {label}"] +
                        [bcell(k, lambda d, kind=kind: kb(d["view"]["by_type_gz"].get(kind, 0)))
                         for k in ("project", "stock")])
    rows.append(["  varav sökindex (i första visningen)"] +
                [bcell(k, lambda d: kb(d["view"]["search_index_gz"])) for k in ("project", "stock")])
    rows.append(["Förfrågningar till tredje part"] +
                [bcell(k, lambda d: f"{len(d['third_party'])}"
                       + (f" ({', '.join(sorted({u.split('/')[2] for u in d['third_party']}))}; "
                          "misslyckas offline)" if d["third_party"] else ""))
                 for k in ("project", "stock")])
    def scell(search: dict[str, Any] | None) -> str:
        if not search:
            return "n/a"
        if search.get("gz") is None:
            return f"n/a ({search.get('reason')})"
        return (f"{kb(search['gz'])} ({search['requests']} förfrågningar; "
                f"+{kb(search['extra_gz'])} efter första visningen)")

    for i, word in enumerate(SEARCH_WORDS):
        rows.append([f"Sökning »{word}« till första träff, gzip från sidladdning"] +
                    [bcell(k, lambda d, i=i, word=word: scell(
                        d["search"] if i == 0 else (d.get("search_more") or {}).get(word)))
                     for k in ("project", "stock")])
    out += [f"#### Sidvikt ({big} lektioner, medianlektionen `{les.get('project', {}).get('path', '?')}`)",
            "", table(["", "Projekt", "Stock"], rows), ""]

    # Tools.
    rows = []
    val, lc, pdf = results.get("validator") or {}, results.get("linkchecker") or {}, \
        results.get("pdf") or {}
    rows.append([f"Validator, {big} lektioner (median av 3, i processen)",
                 f"{_s(val.get('seconds'), 2)}; {val.get('errors', 'n/a')} fel, "
                 f"{val.get('warnings', 'n/a')} varningar"])
    if lc.get("seconds"):
        extra = f"; {lc.get('urls', '?')} URL:er, {lc.get('errors', '?')} fel, " \
                f"{lc.get('warnings', '?')} varningar"
        if lc.get("error_urls"):
            extra += f" ({', '.join(lc['error_urls'][:3])})"
        rows.append(["linkchecker, samma webbplats via http.server", _s(lc["seconds"], 0) + extra])
        if val.get("seconds"):
            rows.append(["Kvot linkchecker / validator", f"{lc['seconds'] / val['seconds']:.0f} ×"])
    else:
        rows.append(["linkchecker, samma webbplats via http.server",
                     f"n/a ({lc.get('reason', 'ingen mätning')})"])
        if lc.get("lower_bound") and val.get("seconds"):
            rows.append(["Kvot linkchecker / validator",
                         f"> {lc['lower_bound'] / val['seconds']:.0f} × (nedre gräns)"])
    if pdf.get("seconds") is not None:
        rows.append(["PDF, riktiga projektet, tom cache",
                     f"{pdf['written']} av {pdf['files']} filer på {pdf['seconds']:.1f} s = "
                     f"{pdf['per_file']:.2f} s per fil (hela `build_site` {pdf['wall']:.0f} s)"])
    else:
        rows.append(["PDF, riktiga projektet, tom cache", f"n/a ({pdf.get('reason', 'ingen mätning')})"])
    serve = results.get("serve") or {}
    for mode_, data in serve.items():
        flags = " ".join(["--livereload", *data.get("flags", [])])
        if data.get("reload") is not None:
            value = f"{data['reload']:.1f} s (servern startade på {_s(data.get('startup'), 0)}, " \
                    "samtidigt med annat arbete)"
        else:
            value = f"n/a ({data.get('reason', '?')[:300]})"
        only = f", bara `{data['locale']}` (`LOCALE={data['locale']}`)" if data.get("locale") else ""
        rows.append([f"`mkdocs serve {flags}`{only}, {data.get('n')} lektioner: en ändrad lektion "
                     "syns i webbläsaren efter", value])
    out += ["#### Verktyg", "", table(["Mätning", "Resultat"], rows), ""]

    # Profile.
    prof = results.get("profile") or {}
    if prof.get("top"):
        rows = [[f"`{r['function']}`", str(r["calls"]), f"{r['cumtime']:.2f}",
                 f"{100 * r['cumtime'] / prof['total']:.1f} %",
                 f"{1000 * r['cumtime'] / max(r['calls'], 1):.2f}"] for r in prof["top"]]
        alone = "" if prof.get("alone") else (
            " Profileringen kördes samtidigt med serverstarterna och webbläsarmätningen: "
            "jämför andelarna, inte sekunderna.")
        out += [f"#### cProfile: projektbygget, {prof['n']} lektioner ({prof['pages']} HTML-sidor, "
                f"{prof['total']:.1f} s under profilering)", "",
                "De tio dyraste funktionerna i paketet digitaltforst (kumulativ tid, i processen "
                f"med `mkdocs.commands.build.build`).{alone}", "",
                table(["Funktion", "Anrop", "Kumulativ s", "Andel av bygget", "ms per anrop"], rows),
                ""]
        packages = sorted((prof.get("by_package") or {}).items(), key=lambda kv: -kv[1])
        if packages:
            ours = (prof.get("by_package") or {}).get("digitaltforst", 0.0)
            out += [f"Egen tid per paket i samma profil (digitaltforst: "
                    f"{100 * ours / prof['total']:.1f} %): " + ", ".join(
                        f"{name} {100 * sec / prof['total']:.0f} %" for name, sec in packages[:8]
                        if sec / prof["total"] >= 0.005) + ".", ""]
    else:
        out += ["#### cProfile", "", f"n/a ({prof.get('reason', 'ingen mätning')})", ""]
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
