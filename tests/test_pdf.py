"""PDFs and printing: every PDF the content model calls for exists, is A4, has
embedded fonts and selectable text, carries its title and none of the site's
navigation, has a QR code to its page online, and the participant edition of a
course leaves the facilitator notes out. Browser print emulation hides the
site chrome and prints external link targets; the course print pages hold
every lesson in order.
"""
from __future__ import annotations

import functools
import html
import re
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import production_url
from digitaltforst.content.paths import DEFAULT_LANG, LANGS, page_path, pdf_path, print_page_path
from digitaltforst.content.site import load_site
from digitaltforst.pdf.writer import plan

ROOT = Path(__file__).resolve().parent.parent
A4 = (595.0, 842.0)  # points
FACILITATOR_BLOCK = re.compile(r'^\s*(?:\?\?\?\+?|!!!)\s+handledare\s+"([^"]+)"', re.M)


@functools.lru_cache(maxsize=1)
def model():
    return load_site(ROOT)


@dataclass(frozen=True)
class Expected:
    pdf: str  # under the site root
    title: str
    online: str  # the page's address under the real site_url
    page: str  # the built page the PDF is printed from
    lang: str
    course: str | None = None  # course slug for course PDFs
    facilitator: bool = False
    handout_kind: str | None = None

    @property
    def id(self) -> str:
        return self.pdf


def expected_pdfs() -> list[Expected]:
    """Every PDF the build must write, from the content model (not from pdf.py):
    each course with lessons twice (participant, facilitator), each handout once,
    in Swedish and in every language the page is translated to."""
    site = model()
    base = production_url()
    out: list[Expected] = []
    for lang in LANGS:
        for course in site.courses[lang]:
            if not course.lessons or (lang != DEFAULT_LANG and course.source.lang != lang):
                continue
            for facilitator in (False, True):
                out.append(Expected(
                    pdf_path(course.source.base_rel, lang, facilitator), course.title,
                    base + page_path(course.source.base_rel, lang), print_page_path(course.source.base_rel, lang),
                    lang, course=course.slug, facilitator=facilitator))
        for handout in site.handouts[lang]:
            if lang != DEFAULT_LANG and handout.source.lang != lang:
                continue
            folder = page_path(handout.source.base_rel, lang)
            out.append(Expected(pdf_path(handout.source.base_rel, lang), handout.title,
                                base + folder, folder, lang, handout_kind=handout.kind))
    return out


EXPECTED = expected_pdfs()
COURSE_PDFS = [e for e in EXPECTED if e.course]


def _ids(items) -> list[str]:
    return [e.id for e in items]


# -- helpers -------------------------------------------------------------------

def _norm(text: str) -> str:
    return " ".join(text.split())


@functools.lru_cache(maxsize=None)
def _reader(path: Path) -> PdfReader:
    return PdfReader(path)


@functools.lru_cache(maxsize=None)
def _page_text(path: Path, index: int) -> str:
    """One page's text as pypdf extracts it (what copy and paste gets)."""
    return _norm(_reader(path).pages[index].extract_text() or "")


@functools.lru_cache(maxsize=None)
def _text(path: Path) -> str:
    """The whole document's text. pdftotext, because pypdf needs ~2 s for a
    20-page course; the first and last pages are also checked with pypdf."""
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          check=True, timeout=60)
    return _norm(done.stdout.decode("utf-8"))


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class _Chrome(HTMLParser):
    """Texts of the site chrome (skip link, header, navigation) and of the article."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool, bool]] = []  # tag, in chrome label, in article
        self.labels: list[str] = []
        self.article: list[str] = []
        self._label: list[str] | None = None
        self._label_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        cls = dict(attrs).get("class") or ""
        in_article = bool(self.stack and self.stack[-1][2]) or (
            tag == "article" and "md-content__inner" in cls)
        starts_label = self._label is None and (
            "md-skip" in cls.split() or "md-nav__link" in cls.split()
            or "md-header__topic" in cls.split())
        if starts_label:
            self._label, self._label_depth = [], len(self.stack)
        self.stack.append((tag, starts_label, in_article))

    def handle_startendtag(self, tag, attrs):
        pass  # <path/>, <br/>: no text inside

    def handle_endtag(self, tag):
        if tag not in (entry[0] for entry in self.stack):
            return  # a stray end tag
        while self.stack:
            top, was_label, _ = self.stack.pop()
            if was_label and self._label is not None:
                label = _norm("".join(self._label))
                if label:
                    self.labels.append(label)
                self._label = None
            if top == tag:
                break

    def handle_data(self, data):
        if self._label is not None:
            self._label.append(data)
        if self.stack and self.stack[-1][2]:
            self.article.append(data)


@functools.lru_cache(maxsize=None)
def _chrome(page_html: Path) -> tuple[frozenset[str], str]:
    parser = _Chrome()
    parser.feed(page_html.read_text(encoding="utf-8"))
    return frozenset(parser.labels), _norm(" ".join(parser.article))


def _fonts(resources, seen: set[int]) -> list:
    """Every font dictionary reachable from a resource dictionary (incl. forms)."""
    found = []
    if resources is None:
        return found
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        found.append(font.get_object())
    for xobject in (resources.get("/XObject") or {}).values():
        ref = getattr(xobject, "idnum", None)
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form" and (ref is None or ref not in seen):
            if ref is not None:
                seen.add(ref)
            found += _fonts(xobject.get("/Resources"), seen)
    return found


def _facilitator_titles(course_slug: str, lang: str) -> set[str]:
    """Titles of the facilitator blocks (`??? handledare "…"`) in a course's lessons."""
    course = model().course(lang, course_slug)
    return {m.group(1) for lesson in course.lessons
            for m in FACILITATOR_BLOCK.finditer(lesson.source.text)}


def _pdf(site_dir: Path, item: Expected) -> Path:
    path = site_dir / item.pdf
    if not path.is_file():
        pytest.fail(f"{item.pdf} saknas (kör `make site`, inte `make site PDF=0`).")
    return path


# -- the set of PDFs ---------------------------------------------------------------

def test_model_expects_pdfs_for_every_course_and_handout():
    site = model()
    slugs = [p.name for p in (ROOT / "docs" / "kurser").iterdir() if p.is_dir()]
    handouts = [p for p in (ROOT / "docs" / "workshops").glob("*.md")
                if p.name != "index.md" and not p.name.endswith(".en.md")]
    assert len(site.courses["sv"]) == len(slugs) > 0
    assert len(site.handouts["sv"]) == len(handouts) > 0
    sv = [e for e in EXPECTED if e.lang == "sv"]
    assert len(sv) == 2 * len(slugs) + len(handouts)
    # Translated courses get English PDFs too.
    translated = [c for c in site.courses["en"] if c.source.lang == "en" and c.lessons]
    assert translated and len([e for e in EXPECTED if e.lang == "en" and e.course]) == \
        2 * len(translated)


def test_plan_matches_model(site_dir):
    jobs = plan(model(), site_dir, production_url())
    assert sorted(j.pdf for j in jobs) == sorted(e.pdf for e in EXPECTED)
    by_pdf = {e.pdf: e for e in EXPECTED}
    for job in jobs:
        assert job.online == by_pdf[job.pdf].online, job.pdf
        assert job.title == by_pdf[job.pdf].title, job.pdf
        assert job.learner == (not by_pdf[job.pdf].facilitator), job.pdf


def test_every_expected_pdf_is_written_and_no_others(site_dir):
    missing = [e.pdf for e in EXPECTED if not (site_dir / e.pdf).is_file()]
    assert not missing, f"PDF saknas (kör `make site`): {missing}"
    written = sorted(p.relative_to(site_dir).as_posix()
                     for folder in (site_dir / "pdf", site_dir / "en" / "pdf")
                     if folder.is_dir() for p in folder.glob("*.pdf"))
    assert written == sorted(e.pdf for e in EXPECTED)


# -- each PDF ------------------------------------------------------------------------

@pytest.mark.parametrize("item", EXPECTED, ids=_ids(EXPECTED))
def test_pdf_is_a4_on_every_page(site_dir, item):
    reader = _reader(_pdf(site_dir, item))
    assert len(reader.pages) >= 1
    for n, page in enumerate(reader.pages, 1):
        box = page.mediabox
        size = (float(box.width), float(box.height))
        assert abs(size[0] - A4[0]) <= 1 and abs(size[1] - A4[1]) <= 1, \
            f"{item.pdf} sida {n}: {size} pt är inte A4"
    if item.handout_kind == "deltagarblad":
        assert len(reader.pages) <= 2, \
            f"{item.pdf}: ett deltagarblad får vara högst två sidor (är {len(reader.pages)})"


@pytest.mark.parametrize("item", EXPECTED, ids=_ids(EXPECTED))
def test_pdf_fonts_embedded_and_text_selectable(site_dir, item):
    path = _pdf(site_dir, item)
    reader = _reader(path)
    fonts = []
    for page in reader.pages:
        fonts += _fonts(page.get("/Resources"), set())
    assert fonts, f"{item.pdf}: inga typsnitt alls (texten är bilder?)"
    for font in fonts:
        subtype = font.get("/Subtype")
        if subtype == "/Type3":
            continue  # glyphs are drawn by procedures inside the PDF itself
        target = font["/DescendantFonts"][0].get_object() if subtype == "/Type0" else font
        descriptor = target.get("/FontDescriptor")
        assert descriptor is not None, f"{item.pdf}: {font.get('/BaseFont')} saknar FontDescriptor"
        descriptor = descriptor.get_object()
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), \
            f"{item.pdf}: typsnittet {font.get('/BaseFont')} är inte inbäddat"
    first = _page_text(path, 0)
    assert len(first) > 100, f"{item.pdf}: texten går inte att markera ({first!r})"
    assert len(_text(path)) >= len(first)


# The font the project ships (overrides/assets/fonts): a PDF must not depend on
# what the machine that built it happens to have installed.
SHIPPED_FONT = "AtkinsonHyperlegibleNext-"
LIGATURES = re.compile("[\ufb00-\ufb06]")


@pytest.mark.parametrize("item", EXPECTED, ids=_ids(EXPECTED))
def test_pdf_embeds_only_the_shipped_font(site_dir, item):
    reader = _reader(_pdf(site_dir, item))
    names = set()
    for page in reader.pages:
        names |= {str(font.get("/BaseFont")) for font in _fonts(page.get("/Resources"), set())}
    # Subset fonts are named "ABCDEF+Family-Style".
    others = sorted(n for n in names if SHIPPED_FONT not in n.split("+", 1)[-1])
    assert names and not others, f"{item.pdf}: andra typsnitt än det medföljande: {others}"


@pytest.mark.parametrize("item", EXPECTED, ids=_ids(EXPECTED))
def test_pdf_text_has_no_ligature_characters(site_dir, item):
    text = _text(_pdf(site_dir, item))
    found = sorted(set(LIGATURES.findall(text)))
    assert not found, f"{item.pdf}: texten innehåller ligaturtecken {found} (t.ex. ”ﬁ” i st.f. ”fi”)"


def test_printed_content_uses_only_characters_of_the_print_font():
    """What courses and handouts print (text and their SVG images) has a glyph in
    the shipped font; otherwise the PDF falls back to whatever the machine has."""
    from fontTools.ttLib import TTFont

    fonts = sorted((ROOT / "overrides" / "assets" / "fonts").glob("*.woff2"))
    covered = set.intersection(*(set(TTFont(f).getBestCmap()) for f in fonts))
    missing: dict[str, set[str]] = {}
    for path in [*(ROOT / "docs" / "kurser").rglob("*.md"), *(ROOT / "docs" / "kurser").rglob("*.svg"),
                 *(ROOT / "docs" / "workshops").glob("*.md")]:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".svg":  # only the text the image shows
            text = " ".join(re.findall(r"<(?:text|tspan)\b[^>]*>([^<]*)<", text))
        lost = {ch for ch in text if ord(ch) > 32 and ord(ch) not in covered}
        if lost:
            missing[path.relative_to(ROOT).as_posix()] = lost
    assert not missing, f"tecken som typsnittet för utskrift saknar: {missing}"


def test_shipped_fonts_are_the_pinned_package_files():
    """overrides/assets/fonts holds the @fontsource files of package-lock.json, unchanged."""
    package = ROOT / "node_modules" / "@fontsource" / "atkinson-hyperlegible-next"
    assert package.is_dir(), "kör `npm ci` (make test gör det)"
    shipped = sorted((ROOT / "overrides" / "assets" / "fonts").glob("*.woff2"))
    assert len(shipped) == 4  # regular, italic, bold, bold italic
    for font in shipped:
        assert font.read_bytes() == (package / "files" / font.name).read_bytes(), font.name


@pytest.mark.parametrize("item", EXPECTED, ids=_ids(EXPECTED))
def test_pdf_has_title_and_no_navigation(site_dir, item):
    path = _pdf(site_dir, item)
    first, last = _page_text(path, 0), _page_text(path, len(_reader(path).pages) - 1)
    assert _norm(item.title) in first, f"{item.pdf}: titeln {item.title!r} saknas på sidan 1"
    text = " ".join([first, last, _text(path)])
    labels, content = _chrome(site_dir / item.page / "index.html")
    # The header and navigation labels certain not to be part of this document.
    chrome = {label for label in labels if label not in content and label != item.title}
    if item.lang == "sv":
        assert {"Gå till innehållet", "Kurskatalog", "Mina kurser", "Skriv kursmaterial"} <= chrome
    else:
        assert "Skip to content" in chrome
    assert len(chrome) >= 5
    leaked = sorted(label for label in chrome if label in text)
    assert not leaked, f"{item.pdf}: navigeringen syns i PDF:en: {leaked}"
    search = "Sök" if item.lang == "sv" else "Search"
    if not re.search(rf"\b{search}\b", content):
        assert not re.search(rf"\b{search}\b", text), f"{item.pdf}: sökrutan syns i PDF:en"


@pytest.mark.parametrize("item", COURSE_PDFS, ids=_ids(COURSE_PDFS))
def test_facilitator_notes_only_in_facilitator_edition(site_dir, item):
    titles = _facilitator_titles(item.course, item.lang)
    text = _text(_pdf(site_dir, item))
    if not titles:
        pytest.skip(f"{item.course} har inga handledartips")
    for title in titles:
        if item.facilitator:
            assert title in text, f"{item.pdf}: handledarupplagan saknar {title!r}"
        else:
            assert title not in text, f"{item.pdf}: deltagarupplagan innehåller {title!r}"
    if not item.facilitator:
        # Same course, other edition: strictly more text.
        other = site_dir / pdf_path(model().course(item.lang, item.course).source.base_rel,
                                    item.lang, True)
        assert len(_text(other)) > len(text)


def test_some_courses_have_facilitator_notes():
    with_notes = [c.slug for c in model().courses["sv"] if _facilitator_titles(c.slug, "sv")]
    assert len(with_notes) >= 3
    assert "Handledartips" in _facilitator_titles(with_notes[0], "sv")


@pytest.mark.parametrize("item", EXPECTED, ids=_ids(EXPECTED))
def test_pdf_qr_code_on_first_page_points_online(site_dir, item, tmp_path):
    path = _pdf(site_dir, item)
    prefix = tmp_path / "sida"
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(path), str(prefix)],
                   check=True, capture_output=True, timeout=60)
    images = sorted(tmp_path.glob("sida*.png"))
    assert len(images) == 1
    done = subprocess.run(["zbarimg", "--quiet", "--raw", str(images[0])],
                          capture_output=True, text=True, timeout=60)
    codes = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    assert codes, f"{item.pdf}: ingen QR-kod på första sidan (zbarimg: rc {done.returncode})"
    assert codes == [item.online], f"{item.pdf}: QR-koden pekar på {codes}, väntat {item.online}"
    assert item.online.startswith(production_url())


# -- course print pages ---------------------------------------------------------------

PRINT_COURSES = [(lang, c.slug) for lang in LANGS for c in model().courses[lang]
                 if c.lessons and (lang == DEFAULT_LANG or c.source.lang == lang)]


class _Sections(HTMLParser):
    """aria-label and first heading of each `section.dfs-print-lesson`."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: list[dict] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "dfs-print-lesson" in (attrs.get("class") or ""):
            self.sections.append({"label": attrs.get("aria-label"), "heading": None})
        elif re.fullmatch(r"h[1-6]", tag) and self.sections and self.sections[-1]["heading"] is None:
            self._heading = []

    def handle_endtag(self, tag):
        if self._heading is not None and re.fullmatch(r"h[1-6]", tag):
            self.sections[-1]["heading"] = _norm("".join(self._heading)).rstrip("#").strip()
            self._heading = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)


@pytest.mark.parametrize("lang,slug", PRINT_COURSES, ids=[f"{l}-{s}" for l, s in PRINT_COURSES])
def test_course_print_page_has_every_lesson_in_order(site_dir, lang, slug):
    course = model().course(lang, slug)
    page = site_dir / print_page_path(course.source.base_rel, lang) / "index.html"
    assert page.is_file(), f"{print_page_path(course.source.base_rel, lang)} saknas"
    text = page.read_text(encoding="utf-8")
    parser = _Sections()
    parser.feed(text)
    titles = [lesson.title for lesson in course.lessons]
    assert [s["label"] for s in parser.sections] == titles
    assert [s["heading"] for s in parser.sections] == titles
    assert f"<title>{html.escape(course.title)}</title>" in text
    # The course introduction comes first, then the lessons in order.
    # (Compared as text: an apostrophe is &#39; from one template, ' from Markdown.)
    article = html.unescape(text[text.index('<article class="md-content__inner'):])
    positions = [article.index(t) for t in [course.title] + titles]
    assert positions == sorted(positions)


# -- printing from the browser ------------------------------------------------------------

def _with_external_link(site_dir: Path, rels: list[str]) -> str:
    for rel in rels:
        body = (site_dir / rel / "index.html").read_text(encoding="utf-8")
        article = body[body.find("<article"):body.find("</article>")]
        if re.search(r'<a (?![^>]*md-button)[^>]*href="http', article):
            return rel
    pytest.fail(f"ingen av sidorna har en extern länk: {rels}")


@pytest.fixture(scope="module")
def print_pages(site_dir) -> list[str]:
    site = model()
    handouts = [page_path(h.source.base_rel, "sv") for h in site.handouts["sv"]]
    lessons = [page_path(x.source.base_rel, "sv") for c in site.courses["sv"] for x in c.lessons]
    return [_with_external_link(site_dir, handouts), _with_external_link(site_dir, lessons)]


@pytest.mark.browser
@pytest.mark.parametrize("which", ["handout", "lesson"])
def test_print_media_hides_navigation_and_shows_link_targets(page, print_pages, which):
    rel = print_pages[0 if which == "handout" else 1]
    page.goto(rel, wait_until="load")
    assert page.locator(".md-header").is_visible()  # the screen shows the chrome
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer",
                     ".dfs-print-tools"):
        for element in page.locator(selector).all():
            assert not element.is_visible(), f"{rel}: {selector} syns vid utskrift"
    assert page.locator(".md-typeset h1").first.is_visible()
    link = page.locator('.md-typeset a[href^="http"]:not(.md-button)').first
    href = link.get_attribute("href")
    after = link.evaluate("el => getComputedStyle(el, '::after').content")
    assert href in after, f"{rel}: länkens adress skrivs inte ut ({after!r})"
    page.emulate_media(media="screen")
    assert page.locator(".md-header").is_visible()
    after = link.evaluate("el => getComputedStyle(el, '::after').content")
    assert href not in after
