"""The benchmark's corpus: the real site plus synthetic courses from the real text."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
import random
import re
import shutil
from typing import Any

import yaml

from digitaltforst.content.scaffold import lesson_template, slugify, yaml_scalar
from digitaltforst.content.sources import from_text

from .util import LESSONS_PER_COURSE


# --------------------------------------------------------------------------
# Text pools from the real lessons
# --------------------------------------------------------------------------

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
        src = from_text(path.read_text(encoding="utf-8"), path.name)
        if not src.meta:
            continue
        meta, body = src.meta, src.body
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



yaml_str = yaml_scalar  # the scaffold's quoting: one rule for titles in front matter




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
        template = from_text(self.template.format(title=yaml_str(title), id=lesson.id), "mall")
        meta = template.meta
        if not meta:
            raise SystemExit("Lektionsmallen har inget sidhuvud; benchmarken behöver mallen.")
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
        for heading in re.findall(r"^## (.+)$", template.body, re.M):
            out += self.section(heading, course, lesson, lang, courses)
        out += self.facilitator(lang)
        return "\n".join(out) + "\n"

    def section(self, heading: str, course: SynthCourse, lesson: SynthLesson, lang: str,
                courses: list[SynthCourse]) -> list[str]:
        en = lang == "en"
        if heading == "Kunskapskoll":
            return []  # written right after the exercise, below
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


ID_LINE = re.compile(r"^id:[ \t]*(\S+)[ \t]*$", re.M)


def make_replicated(src: Path, dest: Path, n_lessons: int) -> dict[str, Any]:
    """dest/project: the real site plus copies of the real courses (their
    translations included), until the site has at least N lessons.

    Real lessons are longer and richer than the synthetic ones (sources,
    boxes, tables, quizzes); a copy gets a new folder and new lesson ids and
    keeps its links to the other real courses."""
    project = dest / "project"
    project.mkdir(parents=True)
    shutil.copyfile(src / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("overrides", "data", "docs"):
        shutil.copytree(src / name, project / name)
    kurser = project / "docs" / "kurser"
    real = real_lesson_count(project / "docs")
    courses = sorted(p for p in kurser.iterdir() if p.is_dir() and (p / "index.md").is_file()
                     and any(re.match(r"\d{2}-", f.name) for f in p.glob("*.md")))
    total, copies, translated, lessons = real, 0, 0, []
    while total < n_lessons:
        for course in courses:
            if total >= n_lessons:
                break
            copies += 1
            suffix = f"k{copies:03d}"
            target = kurser / f"{course.name}-{suffix}"
            shutil.copytree(course, target)
            for md in target.glob("*.md"):
                text = md.read_text(encoding="utf-8")
                new = ID_LINE.sub(lambda m: f"id: {m.group(1)}-{suffix}", text, count=1)
                if new != text:
                    md.write_text(new, encoding="utf-8")
                if re.match(r"\d{2}-", md.name):
                    if md.name.endswith(".en.md"):
                        translated += 1
                    else:
                        total += 1
                        lessons.append((target.name, md.name[:-3]))
    return {"real_lessons": real, "synthetic_lessons": total - real, "synthetic_courses": copies,
            "synthetic_translated_lessons": translated, "lessons_total": total,
            "replicated": True, "lessons": lessons}


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
    from .util import parse_config

    config = parse_config(src_yml)
    head = {
        "site_name": config.get("site_name", "Digitalt först"),
        "site_url": config.get("site_url"),
        "docs_dir": config.get("docs_dir", "docs"),
        "use_directory_urls": config.get("use_directory_urls", True),
        "theme": {"name": "material", "language": "sv"},
        "plugins": [{"search": {"lang": "sv"}}],
    }
    return yaml.safe_dump(head, allow_unicode=True, sort_keys=False) + exts + "\n"


def stock_i18n_config(src_yml: str) -> str:
    """stock_config plus mkdocs-static-i18n as its documentation sets it up:
    the project's languages, suffix structure, fallback to Swedish, its own
    search and Material reconfiguration."""
    import yaml

    from .util import parse_config

    config = parse_config(src_yml)
    i18n = next((p["i18n"] for p in config.get("plugins") or []
                 if isinstance(p, dict) and "i18n" in p), {})
    languages = [{k: v for k, v in lang.items() if k != "admonition_translations"}
                 for lang in i18n.get("languages") or []]
    plugin = {"i18n": {"docs_structure": "suffix", "fallback_to_default": True,
                       "reconfigure_material": True, "languages": languages}}
    out = stock_config(src_yml)
    return out.replace("plugins:\n- search:\n    lang: sv\n", "plugins:\n- search:\n    lang: sv\n"
                       + yaml.safe_dump([plugin], allow_unicode=True, sort_keys=False), 1)


def make_stock(dest: Path, i18n: bool = False) -> Path:
    """dest/stock: the same Swedish pages, quiz fences as plain code blocks.
    dest/stock-i18n (i18n=True): every page, both languages, with static-i18n."""
    project, stock = dest / "project", dest / ("stock-i18n" if i18n else "stock")
    shutil.copytree(project / "docs", stock / "docs",
                    ignore=None if i18n else shutil.ignore_patterns("*.en.md"))
    for path in (stock / "docs").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if "```quiz" in text:
            path.write_text(QUIZ_FENCE.sub("```yaml", text), encoding="utf-8")
    src_yml = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (stock / "mkdocs.yml").write_text(stock_i18n_config(src_yml) if i18n else stock_config(src_yml),
                                      encoding="utf-8")
    return stock


# --------------------------------------------------------------------------
# Helpers: processes, servers, sizes
# --------------------------------------------------------------------------


CONFIGS = ("project", "project-warm", "stock", "stock-i18n")


@dataclass
class Corpus:
    n: int
    dir: Path
    info: dict[str, Any]
    runs: dict[str, list[float]] = field(default_factory=lambda: {c: [] for c in CONFIGS})
    pages: dict[str, int] = field(default_factory=dict)
    lesson: dict[str, Any] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)

    @property
    def project(self) -> Path:
        return self.dir / "project"

    @property
    def stock(self) -> Path:
        return self.dir / "stock"

    @property
    def stock_i18n(self) -> Path:
        return self.dir / "stock-i18n"

    def source(self, config: str) -> Path:
        """The project folder a configuration builds ("project-warm": the
        project with the .cache/ of its previous build kept)."""
        return {"project": self.project, "project-warm": self.project, "stock": self.stock,
                "stock-i18n": self.stock_i18n}[config]

    def site(self, config: str) -> Path:
        return self.dir / f"site-{config}"

    def pair_seconds(self) -> float:
        return sum(v[-1] for v in self.runs.values() if v)
