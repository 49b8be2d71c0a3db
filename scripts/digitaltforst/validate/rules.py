"""Validator rules: one small function per rule, all fed by one table.

:class:`Table` is built once from the content model (every file already read
and parsed by :mod:`digitaltforst.model`) plus one scan per Markdown body.
Each ``rule_*`` function takes the table and yields findings.
"""
from __future__ import annotations

import datetime as dt
import difflib
import html
import posixpath
import re
import subprocess
from dataclasses import dataclass, field
from typing import Callable, Iterator
from urllib.parse import unquote, urlsplit

from ..content import agenda, quiz
from ..content.datafiles import SELF_ASSESSMENT_FILE
from ..content.findings import ERROR, WARNING, Finding
from ..content.paths import DEFAULT_LANG, translated_rel
from ..l10n import format_date
from ..content.site import Site
from ..content.sources import SourceFile, find_symlinks
from ..content.vocabulary import LESSON_FILE
from . import htmlpolicy, mdscan

UNINFORMATIVE = {"här", "klicka här", "länk", "läs mer", "mer", "denna länk", "den här länken",
                 "here", "click here", "link", "read more", "more", "this link"}
IMAGE_LIMIT = 500 * 1024
SECTIONS = {
    "sv": {"desk": "Vid disken", "exercise": "Övning", "reflection": "Reflektionsfrågor",
           "summary": "Sammanfattning"},
    "en": {"desk": "At the desk", "exercise": "Exercise", "reflection": "Reflection questions",
           "summary": "Summary"},
}


@dataclass
class Doc:
    src: SourceFile
    root_rel: str  # path shown in findings
    scan: mdscan.Scan
    anchors: set[str]


@dataclass
class Table:
    site: Site
    docs: dict[str, Doc]  # rel (under docs/) -> Doc
    files_exact: set[str]  # every file under docs/, rel posix
    files_lower: dict[str, str]  # lower-case rel -> real rel
    iframe_allowlist: list[str]
    slugify: Callable[[str, str], str]
    git_times: dict[str, int] = field(default_factory=dict)
    external: bool = False
    review_interval_months: int = 12
    today: dt.date = field(default_factory=dt.date.today)
    # Worked out once, asked by several rules: (rel, url) -> Target; the symlinks.
    resolved: dict[tuple[str, str], "Target"] = field(default_factory=dict, repr=False)
    symlinks: list[Finding] | None = field(default=None, repr=False)

    def finding(self, doc: Doc, line: int | None, rule: str, severity: str, msg: str) -> Finding:
        return Finding(doc.root_rel, line, rule, severity, msg)


def build_table(site: Site, slugify: Callable[[str, str], str], iframe_allowlist: list[str],
                external: bool = False, review_interval_months: int = 12,
                today: dt.date | None = None,
                swedish_scanned: Callable[[list[Doc]], None] | None = None) -> Table:
    """The table; ``swedish_scanned`` is called with the Swedish pages as soon
    as they are scanned, before the others (the validator starts the spelling
    there, which needs only them)."""
    git_log = _start_git_log(site)  # runs while the files are scanned
    readable = [(rel, src) for rel, src in site.sources.items() if src.readable]
    scanned: dict[str, Doc] = {}
    for swedish in (True, False):
        for rel, src in readable:
            if (src.lang == DEFAULT_LANG) == swedish:
                scan = mdscan.scan(src.body, src.body_line)
                anchors = _anchors(scan, slugify)
                root_rel = (site.docs_dir / rel).relative_to(site.root).as_posix()
                scanned[rel] = Doc(src, root_rel, scan, anchors)
        if swedish and swedish_scanned is not None:
            swedish_scanned(list(scanned.values()))
    docs = {rel: scanned[rel] for rel, _ in readable}  # in the sources' order
    files = [p.relative_to(site.docs_dir).as_posix() for p in site.docs_dir.rglob("*")
             if p.is_file()]
    return Table(site, docs, set(files), {f.lower(): f for f in files}, iframe_allowlist,
                 slugify, _git_times(git_log), external, review_interval_months,
                 today or dt.date.today())


def _anchors(scan: mdscan.Scan, slugify: Callable[[str, str], str]) -> set[str]:
    anchors = set(scan.html_ids)
    used: set[str] = set()
    for heading in scan.headings:
        slug = heading.explicit_id or slugify(heading.text, "-")
        base, n = slug, 0
        while slug in used:  # the toc extension numbers duplicates: id, id_1, id_2
            n += 1
            slug = f"{base}_{n}"
        used.add(slug)
        heading.anchor = slug
    return anchors | used


def _start_git_log(site: Site) -> subprocess.Popen | None:
    """`git log` of docs/ with each commit's time and files, started in the background."""
    # --relative: paths relative to docs/ even when the project is a subfolder
    # of a larger repository; core.quotePath=false: å, ä, ö unescaped.
    try:
        return subprocess.Popen(
            ["git", "-c", "core.quotePath=false", "log", "--format=@%ct", "--name-only",
             "--relative", "--", "."],
            cwd=site.docs_dir, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, encoding="utf-8", errors="replace")
    except OSError:
        return None


def _git_times(proc: subprocess.Popen | None) -> dict[str, int]:
    """Last commit time per file under docs/, from the background `git log`."""
    if proc is None:
        return {}
    try:
        out, _ = proc.communicate(timeout=30)
    except subprocess.SubprocessError:
        proc.kill()
        proc.communicate()
        return {}
    times: dict[str, int] = {}
    stamp = 0
    for line in out.splitlines():
        if line.startswith("@") and line[1:].isdigit():
            stamp = int(line[1:])
        elif line.strip():
            times.setdefault(line.strip(), stamp)
    return times


# -- link resolution -----------------------------------------------------------

@dataclass
class Target:
    kind: str  # external | mail | page | file | self | missing | absolute | outside | empty | special
    rel: str = ""  # resolved rel under docs/
    anchor: str = ""
    real: str = ""  # the case-insensitive match when only the case differs


def resolve(table: Table, doc: Doc, url: str) -> Target:
    """Where a link leads (four rules ask for every link: worked out once)."""
    key = (doc.src.rel, url)
    target = table.resolved.get(key)
    if target is None:
        target = table.resolved[key] = _resolve(table, doc, url)
    return target


def _resolve(table: Table, doc: Doc, url: str) -> Target:
    url = html.unescape(url).strip()  # as the browser reads it: `&#58;` is ":"
    if not url:
        return Target("empty")
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        return Target("external")
    if parts.scheme in ("mailto", "tel"):
        return Target("mail")
    if parts.scheme:
        return Target("special")
    anchor = unquote(parts.fragment)
    if not parts.path:
        return Target("self", doc.src.rel, anchor)
    if parts.path.startswith("/"):
        return Target("absolute", anchor=anchor)
    base = posixpath.dirname(doc.src.rel)
    rel = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    if rel.startswith("../") or rel == "..":
        return Target("outside", rel, anchor)
    if parts.path.endswith("/"):
        rel = posixpath.join(rel, "index.md")
    if rel in table.files_exact:
        return Target("page" if rel.endswith(".md") else "file", rel, anchor)
    lower = table.files_lower.get(rel.lower())
    if lower:
        return Target("missing", rel, anchor, real=lower)
    return Target("missing", rel, anchor)


def _suggest(word: str, options) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" Menade du `{close[0]}`?" if close else ""


def _relative(doc: Doc, rel: str) -> str:
    return posixpath.relpath(rel, posixpath.dirname(doc.src.rel) or ".")


def _all_links(table: Table) -> Iterator[tuple[Doc, mdscan.Link]]:
    for doc in table.docs.values():
        for link in doc.scan.links:
            yield doc, link


# -- rules: links ----------------------------------------------------------------

def rule_links(table: Table) -> Iterator[Finding]:
    """Missing targets, wrong case, absolute paths, outside docs/, empty, .html."""
    for doc, link in _all_links(table):
        target = resolve(table, doc, link.url)
        what = "Bilden" if link.image else "Länken"
        if target.kind == "empty":
            yield table.finding(doc, link.line, "link-empty", ERROR,
                                f"{what} har inget mål. Skriv adressen eller sökvägen inom ().")
        elif target.kind == "absolute":
            yield table.finding(doc, link.line, "link-absolute", ERROR,
                                f"{what} `{link.url}` börjar med /. På GitHub Pages ligger webbplatsen "
                                "under /digitalt-forst/, så länken går sönder. Skriv en relativ sökväg "
                                "till .md-filen, t.ex. `../kurser/natfiske/index.md`.")
        elif target.kind == "outside":
            yield table.finding(doc, link.line, "link-outside-docs", ERROR,
                                f"{what} `{link.url}` pekar utanför docs/ och kommer inte med på "
                                "webbplatsen. Flytta filen in under docs/ eller länka till en webbadress.")
        elif target.kind == "special" and url_scheme(link.url) not in htmlpolicy.URL_SCHEMES:
            continue  # reported by rule_unsafe_html
        elif target.kind == "missing" and target.real:
            yield table.finding(doc, link.line, "link-case", ERROR,
                                f"{what} `{link.url}` skiljer sig i stora/små bokstäver från filen "
                                f"`{_relative(doc, target.real)}`. Det fungerar på en dator men ger 404 "
                                "på GitHub Pages. Skriv sökvägen exakt som filnamnet.")
        elif target.kind == "missing" and target.rel.endswith(".html") and \
                target.rel[:-5] + ".md" in table.files_exact:
            yield table.finding(doc, link.line, "link-html-extension", ERROR,
                                f"{what} `{link.url}` pekar på en .html-fil, men sidan är "
                                f"`{_relative(doc, target.rel[:-5] + '.md')}`. Länka till .md-filen, "
                                "så blir adressen rätt på webbplatsen.")
        elif target.kind == "missing":
            pool = [_relative(doc, f) for f in table.files_exact]
            yield table.finding(doc, link.line, "link-missing", ERROR,
                                f"{what} `{link.url}` pekar på en fil som inte finns."
                                f"{_suggest(_relative(doc, target.rel), pool)}")


def rule_anchors(table: Table) -> Iterator[Finding]:
    """#anchors must exist on the target page, in its own language."""
    for doc, link in _all_links(table):
        target = resolve(table, doc, link.url)
        if target.kind not in ("page", "self") or not target.anchor:
            continue
        dest = table.docs.get(_localized(table, doc.src.lang, target.rel))
        if dest is None or target.anchor in dest.anchors:
            continue
        where = "på samma sida" if target.kind == "self" else f"i `{dest.src.rel}`"
        yield table.finding(doc, link.line, "link-anchor-missing", ERROR,
                            f"Ankaret `#{target.anchor}` finns inte {where}."
                            f"{_suggest(target.anchor, dest.anchors)}")


def _localized(table: Table, lang: str, rel: str) -> str:
    if lang != DEFAULT_LANG and rel.endswith(".md") and not rel.endswith(f".{lang}.md"):
        translated = rel[:-3] + f".{lang}.md"
        if translated in table.docs:
            return translated
    return rel


def rule_fallback_anchors(table: Table) -> Iterator[Finding]:
    """A Swedish-only page is also served in the English build; its links then
    land on the English translations of their targets, which need the anchor."""
    for doc, link in _all_links(table):
        if doc.src.lang != DEFAULT_LANG or translated_rel(doc.src.rel, "en") in table.docs:
            continue
        target = resolve(table, doc, link.url)
        if target.kind != "page" or not target.anchor:
            continue
        english = _localized(table, "en", target.rel)
        dest = table.docs.get(english)
        if english == target.rel or dest is None or target.anchor in dest.anchors:
            continue
        yield table.finding(doc, link.line, "link-anchor-translation", ERROR,
                            f"Ankaret `#{target.anchor}` saknas i översättningen `{english}`. Den "
                            "engelska versionen av sidan länkar dit. Ge rubriken samma id i båda "
                            f"språken, t.ex. `## Rubrik {{#{target.anchor}}}`.")


def rule_reference_links(table: Table) -> Iterator[Finding]:
    for doc in table.docs.values():
        for use in doc.scan.ref_uses:
            if use.ref.startswith("^") or use.ref in doc.scan.ref_defs:
                continue
            yield table.finding(doc, use.line, "link-undefined-reference", ERROR,
                                f"Referenslänken `[{use.ref}]` har ingen definition. Lägg till en rad "
                                f"`[{use.ref}]: adress` längre ner i filen."
                                f"{_suggest(use.ref, doc.scan.ref_defs)}")


def rule_link_text(table: Table) -> Iterator[Finding]:
    for doc, link in _all_links(table):
        if link.image or link.source in ("reference", "autolink"):
            continue
        text = re.sub(r"[*_`]", "", link.text).strip().strip(".:!").lower()
        if text in UNINFORMATIVE:
            yield table.finding(doc, link.line, "link-text", WARNING,
                                f"Länktexten \"{link.text.strip()}\" säger inte vart länken går. "
                                "Skärmläsare läser upp länkar för sig; skriv t.ex. "
                                "\"Polisens sida om bedrägerier\".")


def rule_http(table: Table) -> Iterator[Finding]:
    for doc, link in _all_links(table):
        if urlsplit(link.url.strip()).scheme == "http":
            yield table.finding(doc, link.line, "link-http", WARNING,
                                f"`{link.url}` använder http. Använd https:// så att läsarens "
                                "trafik är krypterad.")


# -- rules: images ---------------------------------------------------------------

def rule_images(table: Table) -> Iterator[Finding]:
    for doc, link in _all_links(table):
        if not link.image:
            continue
        decorative = re.search(r"role\s*=\s*[\"']?presentation", link.attrs) is not None
        if link.source == "html":
            tag = next((t for t in doc.scan.tags if t.line == link.line and t.tag == "img"
                        and t.attrs.get("src") == link.url), None)
            decorative = decorative or (tag is not None and tag.attrs.get("role") == "presentation")
            has_alt = tag is not None and "alt" in tag.attrs
            if not has_alt or (not link.text.strip() and not decorative):
                yield table.finding(doc, link.line, "image-alt", ERROR,
                                    "Bilden saknar alt-text. Beskriv vad bilden visar i alt=\"…\". "
                                    "En rent dekorativ bild får alt=\"\" och role=\"presentation\".")
        elif not link.text.strip() and not decorative:
            yield table.finding(doc, link.line, "image-alt", ERROR,
                                "Bilden saknar alt-text. Skriv en beskrivning inom [ ], t.ex. "
                                "`![Diagram som visar …](bilder/x.svg)`. En rent dekorativ bild "
                                "skrivs `![](bilder/x.svg){ role=\"presentation\" }`.")
        target = resolve(table, doc, link.url)
        if target.kind == "file":
            size = (table.site.docs_dir / target.rel).stat().st_size
            if size > IMAGE_LIMIT:
                yield table.finding(doc, link.line, "image-too-large", WARNING,
                                    f"Bilden `{link.url}` är {size // 1024} kB. Läsare på långsamma "
                                    "förbindelser får vänta; förminska den under 500 kB.")


# -- rules: headings -------------------------------------------------------------

def rule_headings(table: Table) -> Iterator[Finding]:
    # A missing title the front-matter checks already reported is not repeated here.
    title_reported = {f.file for f in table.site.findings
                      if f.rule == "front-matter-yaml"
                      or (f.rule == "front-matter-missing" and "`title`" in f.message)}
    for doc in table.docs.values():
        if _is_empty(doc.src):
            yield table.finding(doc, 1, "heading-h1", ERROR,
                                "Filen är tom, så sidan saknar både titel och innehåll. Skriv "
                                "sidhuvudet med `title:` och texten, eller ta bort filen.")
            continue
        h1 = [h for h in doc.scan.headings if h.level == 1]
        has_title = "title" in doc.src.meta  # a title of the wrong type: front-matter-invalid
        if len(h1) > 1:
            yield table.finding(doc, h1[1].line, "heading-h1", ERROR,
                                "Sidan har mer än en rubrik på nivå 1 (#). Använd ## för avsnitt.")
        elif not h1 and not has_title and doc.root_rel not in title_reported:
            yield table.finding(doc, 1, "heading-h1", ERROR,
                                "Sidan saknar titel. Lägg till `title:` i sidhuvudet.")
        elif h1 and has_title:
            yield table.finding(doc, h1[0].line, "heading-h1", ERROR,
                                "Sidan har både `title:` i sidhuvudet och en rubrik med #. Ta bort "
                                "#-rubriken; titeln visas automatiskt.")
        previous = 1
        for heading in doc.scan.headings:
            if not heading.text:
                yield table.finding(doc, heading.line, "heading-empty", ERROR,
                                    "Rubriken är tom. Skriv rubriktexten efter #-tecknen.")
            if heading.level > previous + 1:
                yield table.finding(doc, heading.line, "heading-skip", ERROR,
                                    f"Rubriken hoppar från nivå {previous} till {heading.level}. "
                                    f"Använd {'#' * (previous + 1)} här.")
            previous = heading.level


# -- rules: structure --------------------------------------------------------------

def rule_course_structure(table: Table) -> Iterator[Finding]:
    site = table.site
    for course in site.courses[DEFAULT_LANG]:
        doc = table.docs.get(course.source.rel)
        if doc is None:
            continue
        if not _lesson_files(table, course.slug):
            yield table.finding(doc, 1, "course-no-lessons", ERROR,
                                f"Kursen {course.slug} har inga lektioner. Skapa "
                                f"`docs/kurser/{course.slug}/01-namn.md` (t.ex. med `make lesson`).")
        # Numbered by file name, also lessons whose front matter has errors
        # (already reported): one mistake, one finding.
        seen_numbers: set[int] = set()
        expected = 1
        for rel, number in _lesson_files(table, course.slug):
            where = _root_rel(table, rel)
            if number in seen_numbers:
                yield Finding(where, None, "lesson-number-duplicate", ERROR,
                              f"Lektionsnummer {number:02d} finns två gånger i kursen. "
                              "Numrera om filerna 01, 02, 03 …")
                continue
            if number != expected:
                yield Finding(where, None, "lesson-number-gap", ERROR,
                              f"Lektionen har nummer {number:02d} men borde ha {expected:02d}; "
                              "numren ska följa på varandra utan luckor.")
            seen_numbers.add(number)
            expected = number + 1
    seen: dict[str, str] = {}
    for course in site.courses[DEFAULT_LANG]:
        for lesson in course.lessons:
            doc = table.docs[lesson.source.rel]
            if lesson.id in seen:
                yield table.finding(doc, lesson.source.line_of("id"), "lesson-id-duplicate", ERROR,
                                    f"Id `{lesson.id}` används redan i {seen[lesson.id]}. Varje "
                                    "lektion behöver ett eget id.")
            seen.setdefault(lesson.id, lesson.source.rel)


def _lesson_files(table: Table, slug: str) -> list[tuple[str, int]]:
    """(rel, number) of every Swedish lesson file named NN-namn.md in a course."""
    found = []
    for rel in table.site.course_files(slug):
        match = LESSON_FILE.match(rel.rsplit("/", 1)[1][:-3])
        if match:
            found.append((rel, int(match.group(1))))
    return found


def _root_rel(table: Table, rel: str) -> str:
    return (table.site.docs_dir / rel).relative_to(table.site.root).as_posix()


def rule_lesson_sections(table: Table) -> Iterator[Finding]:
    """Vid disken first; then Övning…, Reflektionsfrågor, Sammanfattning in order."""
    for lang, courses in table.site.courses.items():
        names = SECTIONS[lang]
        for course in courses:
            for lesson in course.lessons:
                if lesson.source.lang != lang:
                    continue  # a fallback: checked in its own language
                doc = table.docs[lesson.source.rel]
                h2 = [h.text for h in doc.scan.headings if h.level == 2]
                if not h2 or h2[0] != names["desk"]:
                    yield table.finding(doc, doc.src.body_line, "lesson-section", ERROR,
                                        f"Lektionen ska börja med avsnittet `## {names['desk']}` "
                                        "(en situation vid disken).")
                positions = []
                for key in ("exercise", "reflection", "summary"):
                    name = names[key]
                    hit = next((i for i, text in enumerate(h2)
                                if (text.startswith(name) if key == "exercise" else text == name)), None)
                    if hit is None:
                        yield table.finding(doc, None, "lesson-section", ERROR,
                                            f"Lektionen saknar avsnittet `## {name}"
                                            f"{'…' if key == 'exercise' else ''}`.")
                    else:
                        positions.append((hit, name))
                if positions != sorted(positions):
                    order = ", ".join(n for _, n in sorted(positions))
                    yield table.finding(doc, None, "lesson-section-order", ERROR,
                                        f"Avsnitten står i fel ordning ({order}). Ordningen ska vara "
                                        f"{names['exercise']}, {names['reflection']}, {names['summary']}.")


def rule_handout_refs(table: Table) -> Iterator[Finding]:
    site = table.site
    slugs = {c.slug: c for c in site.courses[DEFAULT_LANG]}
    for handout in site.handouts[DEFAULT_LANG]:
        doc = table.docs[handout.source.rel]
        course = slugs.get(handout.course)
        if course is None:
            if f"kurser/{handout.course}/index.md" in site.sources:
                continue  # the course exists but has errors, reported on its index.md
            yield table.finding(doc, handout.source.line_of("course"), "handout-course", ERROR,
                                f"Kursen `{handout.course}` finns inte.{_suggest(handout.course, slugs)}")
        elif handout.lesson and len(course.lessons) < len(_lesson_files(table, course.slug)):
            continue  # a lesson with errors (already reported) may be the one meant
        elif handout.lesson and handout.lesson not in {x.id for x in course.lessons}:
            ids = [x.id for x in course.lessons]
            yield table.finding(doc, handout.source.line_of("lesson"), "handout-lesson", ERROR,
                                f"Lektionen `{handout.lesson}` finns inte i kursen {course.slug}."
                                f"{_suggest(handout.lesson, ids)}")


def rule_translations(table: Table) -> Iterator[Finding]:
    for rel, doc in table.docs.items():
        if doc.src.lang == DEFAULT_LANG:
            continue
        source = doc.src.base_rel
        if source not in table.docs and source not in table.site.sources:
            yield table.finding(doc, None, "translation-orphan", ERROR,
                                f"Översättningen saknar sin svenska sida `{source}`. Skapa den "
                                "eller byt namn så att paren matchar.")
            continue
        src_time, tr_time = table.git_times.get(source), table.git_times.get(rel)
        if src_time and tr_time and tr_time < src_time:
            yield table.finding(doc, None, "translation-outdated", WARNING,
                                f"Den svenska sidan `{source}` har ändrats efter översättningen. "
                                "Kontrollera att översättningen fortfarande stämmer.")


# -- rules: safety ---------------------------------------------------------------

# What a browser ignores in a URL before its scheme: white space and control
# characters anywhere in it (`jav&#x09;ascript:`), which the sanitiser's
# parser ignores too.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
# Tags with their own hint; any other tag outside the allowlist gets the general one.
TAG_HINTS = {
    "script": "`<script>` är inte tillåtet i innehållet. Be en utvecklare lägga funktionen i "
              "overrides/ i stället.",
    "base": "`<base>` skulle få webbläsaren att hämta webbplatsens skript från en annan adress "
            "och är inte tillåtet. Ta bort taggen; relativa länkar fungerar utan den.",
    "meta": "`<meta>` hör inte hemma i innehållet (t.ex. `http-equiv=\"refresh\"` skickar "
            "läsaren vidare till en annan webbplats). Ta bort taggen och länka i stället.",
    "object": "`<object>` bäddar in material från en annan källa och är inte tillåtet. Länka "
              "till materialet i stället.",
    "embed": "`<embed>` bäddar in material från en annan källa och är inte tillåtet. Länka "
             "till materialet i stället.",
    "form": "Formulär är inte tillåtna i innehållet: webbplatsen lovar att inga svar skickas "
            "någonstans. Skriv frågorna som text eller använd en kunskapskoll (```quiz).",
    "style": "`<style>` är inte tillåtet i innehållet. Be en utvecklare lägga stilen i "
             "overrides/assets/css/.",
    "link": "`<link>` hämtar filer från andra adresser och är inte tillåtet i innehållet.",
}


def url_scheme(url: str) -> str:
    """The scheme a browser would use for ``url`` ("" for a relative URL)."""
    cleaned = _URL_NOISE.sub("", html.unescape(url)).lower()
    match = _SCHEME.match(cleaned)
    return match.group(1) if match else ""


def _url_problem(url: str) -> tuple[str, str] | None:
    scheme = url_scheme(url)
    if not scheme or scheme in htmlpolicy.URL_SCHEMES:
        return None
    if scheme in ("javascript", "vbscript"):
        return "unsafe-javascript-url", f"`{scheme}:`-adresser kör skript och är inte tillåtna."
    return "unsafe-url-scheme", (f"Adresser som börjar med `{scheme}:` är inte tillåtna. Använd "
                                 "https://, mailto: eller en relativ sökväg till en fil i docs/.")


EXTERNAL_IMAGE = ("image-external", "Bilden hämtas från en annan webbplats, så läsarens webbläsare "
                  "kontaktar den värden (och bilden visas inte: webbplatsen tillåter bara egna "
                  "filer). Spara bilden under docs/ och länka till filen.")
ANY_TAG_ATTRS = set().union(*htmlpolicy.ATTRS.values()) | {"markdown"}


def _attribute_problem(tag: str, name: str, value: str) -> tuple[str, str] | None:
    """Why the sanitiser would drop this attribute (tag "" for an attribute list)."""
    if name.startswith("on"):
        return "unsafe-event-handler", f"Attributet `{name}=` kör skript och är inte tillåtet."
    if name in htmlpolicy.URL_ATTRS and (problem := _url_problem(value)):
        return problem
    if htmlpolicy.external_image(tag, name, value):
        return EXTERNAL_IMAGE
    if name in ("id", "for", "name") and htmlpolicy.RESERVED_ID.match(value):
        return "unsafe-reserved-id", (f"`{name}=\"{value}\"` är reserverat för webbplatsens egna "
                                      "skript. Välj ett annat namn (inte `__…` eller `dfs-…`).")
    allowed = (name in ANY_TAG_ATTRS if not tag else
               name == "markdown" or htmlpolicy.attribute_allowed(tag, name, value))
    if name == "style":
        return "unsafe-attribute", ("Attributet `style=` tas bort när sidan byggs. Utseendet "
                                    "styrs av webbplatsens stilmall; skriv utan stil.")
    if not allowed:
        where = f"på `<{tag}>` " if tag else ""
        return "unsafe-attribute", (f"Attributet `{name}=` {where}tas bort när sidan byggs "
                                    "(det finns inte i listan över tillåtna attribut). Ta bort det.")
    return None


def rule_unsafe_html(table: Table) -> Iterator[Finding]:
    """Everything the build's sanitiser would remove, at its line, with a hint."""
    for doc in table.docs.values():
        for tag in doc.scan.tags:
            if tag.tag == "iframe":
                host = urlsplit(tag.attrs.get("src", "")).hostname or ""
                if host not in table.iframe_allowlist or url_scheme(tag.attrs.get("src", "")) != "https":
                    yield table.finding(doc, tag.line, "unsafe-iframe", ERROR,
                                        f"Inbäddning från `{host or 'okänd källa'}` är inte tillåten. "
                                        "Tillåtna värdar står under iframe_allowlist i mkdocs.yml; "
                                        "länka hellre till materialet.")
                    continue
            elif tag.tag not in htmlpolicy.TAGS:
                hint = TAG_HINTS.get(tag.tag) or (
                    f"`<{tag.tag}>` tas bort när sidan byggs (den finns inte i listan över "
                    "tillåtna taggar). Skriv med Markdown i stället.")
                yield table.finding(doc, tag.line, "unsafe-script" if tag.tag == "script"
                                    else "unsafe-tag", ERROR, hint)
                continue
            for name, value in tag.attrs.items():
                if tag.tag == "iframe" and name in ("src", "title", "width", "height",
                                                    "allowfullscreen", "loading"):
                    continue
                problem = _attribute_problem(tag.tag, name, value)
                if problem:
                    yield table.finding(doc, tag.line, problem[0], ERROR, problem[1])
        for block in doc.scan.attr_lists:
            for name, value in block.attrs.items():
                problem = _attribute_problem("", name, value)
                if problem:
                    yield table.finding(doc, block.line, problem[0], ERROR,
                                        problem[1] + " (i en attributlista `{ … }`)")
        for link in doc.scan.links:
            if link.source != "html" and (problem := _url_problem(link.url)):
                yield table.finding(doc, link.line, problem[0], ERROR, problem[1])
            elif link.source == "markdown" and link.image and htmlpolicy.EXTERNAL.match(link.url):
                yield table.finding(doc, link.line, EXTERNAL_IMAGE[0], ERROR, EXTERNAL_IMAGE[1])


FRONT_MATTER_HTML = re.compile(r"<[A-Za-z!/?]|&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.I)


def _strings(value, seen: frozenset[int] = frozenset()) -> Iterator[str]:
    """Every string in a front-matter value; a list or mapping that contains
    itself (a YAML alias, `title: &a [*a]`) is walked once."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, (list, dict)) and id(value) not in seen:
        inner = seen | {id(value)}
        for item in (value if isinstance(value, list) else value.values()):
            yield from _strings(item, inner)


def rule_front_matter_html(table: Table) -> Iterator[Finding]:
    """Front-matter values are text: the navigation, <title> and headings print them."""
    for doc in table.docs.values():
        for key, value in doc.src.meta.items():
            line = doc.src.line_of(str(key))
            if key == "template" and value != "main.html":
                yield table.finding(doc, line, "front-matter-template", ERROR,
                                    f"Mallen `{value}` är inte tillåten (andra mallar skriver "
                                    "sidhuvudets värden rakt in i skript). Ta bort raden `template:`.")
                continue
            for text in _strings(value):
                if FRONT_MATTER_HTML.search(text):
                    yield table.finding(doc, line, "front-matter-html", ERROR,
                                        f"`{key}` innehåller HTML eller en teckenkod ({text[:60]!r}). "
                                        "Sidhuvudets värden visas som ren text: ta bort taggarna "
                                        "och skriv tecknen som de är.")
                    break


def rule_symlinks(table: Table) -> Iterator[Finding]:
    """Symlinks under docs/ and overrides/: the build refuses the same ones."""
    if table.symlinks is None:  # rule_model asks too
        site = table.site
        table.symlinks = find_symlinks(site.root, [site.docs_dir, site.root / "overrides"])
    yield from table.symlinks


def rule_quiz(table: Table) -> Iterator[Finding]:
    for doc in table.docs.values():
        for fence in doc.scan.fences:
            if fence.info.split(" ")[0] != "quiz":
                continue
            try:
                quiz.parse(fence.body)
            except quiz.QuizError as exc:
                yield table.finding(doc, fence.line, "quiz-invalid", ERROR, str(exc))


def rule_lesson_quiz(table: Table) -> Iterator[Finding]:
    """Every lesson has at least one knowledge check (issue 21): the reader can
    test what the lesson taught, and Mina kurser counts the answers."""
    for doc, lesson in _own_lessons(table):
        if any(fence.info.split(" ")[0] == "quiz" for fence in doc.scan.fences):
            continue
        line = next((h.line for h in doc.scan.headings if h.level == 2
                     and h.text == SECTIONS[lesson.source.lang]["reflection"]), doc.src.body_line)
        yield table.finding(doc, line, "lesson-quiz-missing", ERROR,
                            "Lektionen har ingen kunskapskoll. Lägg till minst en fråga i ett "
                            "```` ```quiz ````-block, gärna efter övningen (före "
                            f"`## {SECTIONS[lesson.source.lang]['reflection']}`), med `question:` "
                            "och `options:` där exakt ett svar har `correct: true` "
                            "(se Skriv kursmaterial).")


CONTACT_FIELDS = {"name": "organisationens namn", "email": "e-post", "phone": "telefon",
                  "address": "adress", "signup": "hur man anmäler sig"}


def _config_line(root, key: str) -> int | None:
    """The line of `key:` in mkdocs.yml (indented under extra), for the finding."""
    try:
        lines = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*:")
    return next((i for i, line in enumerate(lines, 1) if pattern.match(line)), None)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} och {items[-1]}"


def check_contact(contact: dict | None, root) -> Iterator[Finding]:
    """The organisation's contact (extra.contact in mkdocs.yml) is set and complete:
    readers are told to sign up with the regional library, so they must be able to."""
    if not contact:
        yield Finding("mkdocs.yml", _config_line(root, "extra"), "contact-missing", WARNING,
                      "Kontaktuppgifterna saknas. Lägg till `contact:` under `extra:` i mkdocs.yml "
                      "med name, email, phone, address och signup; de visas i sidfoten, på Om "
                      "projektet, i evenemangen och deras kalenderfiler och på 404-sidan.")
        return
    empty = [label for key, label in CONTACT_FIELDS.items() if not str(contact.get(key) or "").strip()]
    if empty:
        yield Finding("mkdocs.yml", _config_line(root, "contact"), "contact-incomplete", WARNING,
                      f"Kontaktuppgifterna saknar {_and(empty)} (`extra.contact` i mkdocs.yml). "
                      "Fyll i organisationens egna uppgifter (inte en enskild persons), så att "
                      "läsarna kan anmäla sig och fråga.")


def _is_empty(src: SourceFile) -> bool:
    return src.readable and not src.text.strip()


def rule_model(table: Table) -> Iterator[Finding]:
    """Front matter and data-file findings from loading the content model.

    A file that is empty (reported by rule_headings) or whose front matter is
    not valid YAML (front-matter-yaml) gets no "missing key" findings on top:
    one mistake, one finding.
    """
    unparsed = {doc.root_rel for doc in table.docs.values()
                if _is_empty(doc.src) or any(f.rule == "front-matter-yaml" for f in doc.src.findings)}
    links = {f.file for f in rule_symlinks(table) if f.severity == ERROR}
    for finding in table.site.findings:
        if finding.rule == "front-matter-missing" and finding.file in unparsed:
            continue
        if finding.rule == "file-unreadable" and finding.file in links:
            continue  # a broken symlink: reported as such
        yield finding


MIN_SOURCES = 2
BOX_TYPOGRAPHIC_TITLE = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]*[\w-]+[ \t]*[”“]")


def rule_box_title_quotes(table: Table) -> Iterator[Finding]:
    """`!!! note ”Rubrik”` is not a box: the title's quotes are markup, not prose."""
    for doc in table.docs.values():
        if "”" not in doc.src.body and "“" not in doc.src.body:
            continue  # no title in typographic quotes anywhere
        for offset, line in enumerate(doc.src.body.splitlines()):
            if BOX_TYPOGRAPHIC_TITLE.match(line):
                yield table.finding(doc, doc.src.body_line + offset, "box-title-quotes", ERROR,
                                    "Rutans rubrik står inom typografiska citattecken (”…”), så "
                                    "rutan visas som vanlig text. Skriv raka citattecken runt "
                                    'rubriken, t.ex. `!!! note "Bra att veta"`.')



def _own_lessons(table: Table):
    """(doc, lesson) for every lesson file, each in its own language only."""
    for lang, courses in table.site.courses.items():
        for course in courses:
            for lesson in course.lessons:
                if lesson.source.lang == lang and lesson.source.rel in table.docs:
                    yield table.docs[lesson.source.rel], lesson


def rule_lesson_sources(table: Table) -> Iterator[Finding]:
    """Every lesson cites at least two sources a reviewer can open."""
    for doc, lesson in _own_lessons(table):
        count = len(lesson.sources)
        if count < MIN_SOURCES:
            line = lesson.source.line_of("sources") if count else lesson.source.body_line - 1
            yield table.finding(doc, line, "lesson-sources", ERROR,
                                f"Lektionen har {count} {'källa' if count == 1 else 'källor'}; "
                                f"varje lektion behöver minst {MIN_SOURCES}, i första hand "
                                "primära (myndigheten, utfärdaren, lagen). Lägg till under "
                                "`sources:` i sidhuvudet med title, url och checked "
                                "(se Skriv kursmaterial).")


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (the month's last day where it has fewer)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def rule_review_age(table: Table) -> Iterator[Finding]:
    """A review older than the interval is due again (a warning, not an error)."""
    limit = months_before(table.today, table.review_interval_months)
    for doc, lesson in _own_lessons(table):
        if lesson.reviewed is not None and lesson.reviewed < limit:
            yield table.finding(doc, lesson.source.line_of("reviewed"), "review-due", WARNING,
                                f"Lektionen granskades senast {format_date(lesson.reviewed)}, för "
                                f"mer än {table.review_interval_months} månader sedan. Granska "
                                "den mot källorna, uppdatera `checked` för varje källa och sätt "
                                "`reviewed` till dagens datum.")
# -- rules: handouts that refer to other handouts (trainer's kit, issue 19) ------

TEMPLATE_MENTION = re.compile(r"\b(?:mall(?:en)?\s+(?:för|till)\s+(?!att\b)\w+|\w+mall(?:en)?\b)", re.I)
HANDOUT_MENTION = re.compile(r"\b(Deltagarblad|Handledarguide|Mall):\s*([^\]\n.,;()]+)")
FENCE_LINE = re.compile(r"^\s*(```|~~~)")


def rule_handout_targets(table: Table) -> Iterator[Finding]:
    """A handout that names a handout or template which does not exist: a
    "mall för fusklappen" with no template page to link to, or "Deltagarblad:
    X" where no handout has that title; a participant sheet that names no
    guide, or whose minutes are not the lessons' it is used with."""
    site = table.site
    handouts = site.handouts[DEFAULT_LANG]
    titles = [h.title.lower() for h in handouts]
    templates = {h.source.rel for h in handouts if h.kind == "mall"}
    for handout in handouts:
        doc = table.docs.get(handout.source.rel)
        if doc is None:
            continue
        links_by_line: dict[int, list[str]] = {}
        for link in doc.scan.links:
            if link.image:
                continue
            target = posixpath.normpath(posixpath.join(
                posixpath.dirname(handout.source.rel), unquote(urlsplit(link.url).path)))
            links_by_line.setdefault(link.line, []).append(target)
        guides = {h.source.rel for h in handouts if h.kind == "handledarguide"}
        led = any(t in guides for targets in links_by_line.values() for t in targets)
        if handout.kind == "deltagarblad" and guides and not led:
            yield table.finding(doc, None, "handout-guide-missing", ERROR,
                                "Deltagarbladet säger inte vilken handledarguide som leder "
                                "passet. Skriv till exempel: Passet leds med "
                                "[Handledarguide: Gruppworkshop](gruppworkshop-handledarguide.md).")
        course = site.course(DEFAULT_LANG, handout.course)
        expected = agenda.total(handout, course)
        if led and expected is not None and handout.minutes != expected:
            names = ", ".join(f"{s.lesson.stem} ({s.minutes} min)"
                              for s in agenda.steps(handout, course))
            yield table.finding(doc, handout.source.line_of("minutes"), "handout-minutes", ERROR,
                                f"`minutes: {handout.minutes}` stämmer inte med lektionerna "
                                f"bladet används med: {names}, sammanlagt {expected}. Skriv "
                                f"`minutes: {expected}`.")
        fenced = False
        for offset, line in enumerate(doc.src.body.splitlines()):
            if FENCE_LINE.match(line):
                fenced = not fenced
            if fenced:
                continue
            number = doc.src.body_line + offset
            linked = links_by_line.get(number, [])
            for match in HANDOUT_MENTION.finditer(line):
                name = f"{match.group(1)}: {match.group(2).strip()}".lower()
                if not any(t.startswith(name) or name.startswith(t) for t in titles):
                    yield table.finding(doc, number, "handout-ref-missing", ERROR,
                                        f"Texten hänvisar till {match.group(0).strip()!r}, men "
                                        "inget material i docs/workshops/ har den titeln. Skapa "
                                        "det eller rätta hänvisningen.")
            if handout.kind != "mall" and TEMPLATE_MENTION.search(line) \
                    and not any(t in templates for t in linked):
                mention = TEMPLATE_MENTION.search(line).group(0)
                yield table.finding(doc, number, "handout-template-missing", ERROR,
                                    f"Texten nämner {mention!r} men länkar inte till någon mall. "
                                    "Länka till mallen i docs/workshops/ (`kind: mall`) på samma "
                                    "rad, eller skapa den.")


def rule_statement_competences(table: Table) -> Iterator[Finding]:
    """Every competence a self-assessment statement probes is taught by a course:
    otherwise a low answer on it recommends nothing."""
    sa = table.site.data.self_assessment
    if sa is None:
        return
    if any(f.severity == ERROR and re.fullmatch(r"(.*/)?docs/kurser/[^/]+/index\.md", f.file or "")
           for f in table.site.findings):
        return  # a course that did not load is reported there; one mistake, one finding
    courses = table.site.courses.get(DEFAULT_LANG, [])
    taught = {c for course in courses for c in course.competences}
    for statement in sa.statements:
        missing = [c for c in statement.competences if c not in taught]
        if missing:
            yield Finding(SELF_ASSESSMENT_FILE, statement.line, "data-competence-untaught", ERROR,
                          f"Påståendet `{statement.id}` prövar {', '.join(missing)}, men ingen kurs "
                          "lär ut " + ("den" if len(missing) == 1 else "dem") + ", så ett lågt svar "
                          "rekommenderar ingen kurs. Lägg kompetensen i `competences` i en kurs "
                          "som tar upp den, eller välj en kompetens som någon kurs lär ut.")


RULES: tuple[Callable[[Table], Iterator[Finding]], ...] = (
    rule_model, rule_links, rule_anchors, rule_fallback_anchors, rule_reference_links,
    rule_link_text, rule_http, rule_images, rule_headings, rule_course_structure,
    rule_lesson_sections, rule_handout_refs, rule_translations, rule_unsafe_html, rule_quiz,
    rule_lesson_sources, rule_review_age, rule_box_title_quotes,
    rule_front_matter_html, rule_symlinks, rule_handout_targets, rule_lesson_quiz,
    rule_statement_competences,
)


def external_links(table: Table) -> dict[str, list[tuple[Doc, int]]]:
    """Every outside address: links in the text and the lessons' and handouts' sources."""
    found: dict[str, list[tuple[Doc, int]]] = {}
    for doc, link in _all_links(table):
        if urlsplit(link.url.strip()).scheme in ("http", "https"):
            found.setdefault(link.url.strip(), []).append((doc, link.line))
    for doc in table.docs.values():
        sources = doc.src.meta.get("sources")
        for i, item in enumerate(sources if isinstance(sources, list) else []):
            url = item.get("url") if isinstance(item, dict) else None
            if isinstance(url, str) and url.startswith(("http://", "https://")):
                found.setdefault(url.strip(), []).append((doc, doc.src.line_of("sources", i)))
    return found

