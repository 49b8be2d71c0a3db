"""A group's self-assessment without a server (issue 20), in a real Chromium:
four people each share their anonymous code from their own browser, a fifth
pastes the codes and sees the group; fewer than three codes are refused,
malformed and duplicated codes are rejected, the summary prints on one A4
page without chrome or codes, a saved summary is compared at the next round,
nothing leaves the site, and axe finds nothing in either colour scheme."""
from __future__ import annotations

import json
import math
import shutil
import statistics
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from pypdf import PdfReader

from digitaltforst.content.site import load_site
from conftest import ROOT
from test_accessibility import axe

pytestmark = pytest.mark.browser

# Per person, per area: answers alternate base, base + 1 over the area's
# statements, so area means are not whole numbers.
PEOPLE = [
    {1: 2, 2: 5, 3: 4, 4: 1, 5: 6},
    {1: 3, 2: 6, 3: 3, 4: 2, 5: 5},
    {1: 4, 2: 4, 3: 5, 4: 3, 5: 6},
    {1: 1, 2: 6, 3: 2, 4: 4, 5: 4},
]


@pytest.fixture(scope="module")
def model():
    return load_site(ROOT)


def answers_of(model, base: dict[int, int]) -> dict[str, int]:
    answers, seen = {}, {}
    for s in model.data.self_assessment.statements:
        i = seen.get(s.area, 0)
        seen[s.area] = i + 1
        answers[s.id] = min(7, base[s.area] + i % 2)
    return answers


def half_up(value: float, step: str) -> float:
    return float(Decimal(repr(value)).quantize(Decimal(step), ROUND_HALF_UP))


def expected_areas(model, answers: dict[str, int]) -> dict[int, float]:
    """The area means as the page computes them (one decimal), rounded to halves as in the code."""
    areas = {}
    for area in (1, 2, 3, 4, 5):
        values = [answers[s.id] for s in model.data.self_assessment.statements if s.area == area]
        mean = half_up(sum(values) / len(values), "0.1")
        areas[area] = math.floor(mean * 2 + 0.5) / 2
    return areas


def sv_number(value: float) -> str:
    return str(half_up(value, "0.1")).replace(".", ",")


class Offsite:
    """Every request of every tab in the contexts it watches; none may leave 127.0.0.1."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def watch(self, context):
        context.on("request", lambda request: self.urls.append(request.url))
        return context

    def check(self) -> None:
        away = [u for u in self.urls if urlsplit(u).scheme in ("http", "https", "ws", "wss")
                and urlsplit(u).hostname not in ("127.0.0.1", "localhost")]
        assert self.urls and away == [], away[:5]


@pytest.fixture()
def offsite():
    watcher = Offsite()
    yield watcher
    watcher.check()


def new_context(browser, server, offsite, **options):
    context = browser.new_context(base_url=server, locale="sv-SE", **options)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/").rsplit("/", 1)[0])
    offsite.watch(context)
    return context


def close(context):
    for tab in context.pages:
        tab.close()
    context.close()


def take_and_share(context, model, base, tmp_path=None) -> str:
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto("sjalvskattning/")
    for sid, value in answers_of(model, base).items():
        page.check(f"[data-statement='{sid}'] input[value='{value}']")
    page.click("[data-dfs-self-assessment] button[type=submit]")
    share = page.locator(".dfs-share")
    share.wait_for()
    toggle = share.locator("button[aria-expanded]")
    assert toggle.inner_text() == "Visa min gruppkod"
    assert share.locator(".dfs-share__panel").is_hidden()  # shown only when asked for
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    share.get_by_role("button", name="Kopiera koden").click()
    share.get_by_text("Koden är kopierad.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == share.locator(".dfs-share__code").input_value()
    assert share.get_by_role("img", name=f"QR-kod med gruppkoden {copied}").count() == 1
    if tmp_path is not None:
        assert shutil.which("zbarimg"), "zbarimg saknas: make test installerar zbar-tools."
        image = tmp_path / "qr.png"
        share.locator("svg.dfs-share-qr").screenshot(path=str(image))
        read = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True)
        assert read.stdout.strip() == copied, read
    assert errors == []
    return copied


def paste_codes(page, text: str) -> None:
    """Paste as a person does: the text on the clipboard, Ctrl+V in the field."""
    page.evaluate("text => navigator.clipboard.writeText(text)", text)
    page.locator("#dfs-group-codes").click()
    page.keyboard.press("Control+V")
    assert page.locator("#dfs-group-codes").input_value() == text
    page.click("[data-dfs-group-form] button[type=submit]")


def table_rows(page) -> list[list[str]]:
    return [row.locator("th, td").all_inner_texts()
            for row in page.locator("[data-dfs-group-body] table tbody tr").all()]


@pytest.fixture(scope="module")
def codes(browser, server, model, tmp_path_factory):
    """The four people's codes, each from their own browser context."""
    watcher = Offsite()
    found = []
    for i, base in enumerate(PEOPLE):
        context = new_context(browser, server, watcher)
        try:
            found.append(take_and_share(context, model, base, tmp_path_factory.mktemp("qr") if i == 0 else None))
        finally:
            close(context)
    watcher.check()
    return found


def test_four_people_share_and_a_fifth_sees_n_and_the_medians(browser, server, model, codes, offsite):
    assert len(set(codes)) == 4 and all(c.startswith("DF1-") and len(c) == 11 for c in codes)
    areas = [expected_areas(model, answers_of(model, base)) for base in PEOPLE]
    context = new_context(browser, server, offsite)
    try:
        page = context.new_page()
        page.goto("sjalvskattning/grupp/")
        paste_codes(page, "\n".join(codes))
        result = page.locator("[data-dfs-group-result]")
        result.wait_for()
        assert page.locator("[data-dfs-group-status]").inner_text().strip() == "4 koder räknas."
        assert "4 deltagare" in page.locator(".dfs-group-meta").inner_text()
        rows = table_rows(page)
        assert [r[0] for r in rows] == [f"{a}. {model_area}" for a, model_area in
                                        zip((1, 2, 3, 4, 5), AREA_NAMES)]
        for area, row in zip((1, 2, 3, 4, 5), rows):
            values = [a[area] for a in areas]
            assert row[1] == "4"
            assert row[2] == sv_number(statistics.median(values)), (area, values, row)
            assert row[3] == f"{sv_number(min(values))}–{sv_number(max(values))}"
        chart = result.locator("svg.dfs-group-chart")
        assert chart.get_attribute("role") == "img" and "median" in chart.get_attribute("aria-label")
        assert chart.locator("circle.median").count() == 5
        # The weakest areas by median, with courses to start with.
        medians = {a: statistics.median(x[a] for x in areas) for a in (1, 2, 3, 4, 5)}
        weakest = sorted(medians, key=lambda a: (medians[a], a))[:2]
        groups = page.locator(".dfs-group-courses > li")
        assert [g.locator("strong").inner_text().split(".")[0] for g in groups.all()] == [str(a) for a in weakest]
        assert all(g.locator("a").count() >= 1 for g in groups.all())
        # Nothing is kept in the browser's storage.
        stored = page.evaluate("JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])")
        assert not any(code in stored for code in codes)
    finally:
        close(context)


AREA_NAMES = ["Informations- och datakunskap", "Kommunikation och samarbete",
              "Skapa digitalt innehåll", "Säkerhet", "Problemlösning"]


def test_two_codes_are_refused_with_the_reason(page, codes):
    page.goto("sjalvskattning/grupp/")
    page.fill("#dfs-group-codes", "\n".join(codes[:2]))
    page.click("[data-dfs-group-form] button[type=submit]")
    refusal = page.locator(".dfs-group-refusal")
    refusal.wait_for()
    assert "minst 3 koder" in refusal.inner_text() and "2 giltiga koder" in refusal.inner_text()
    assert page.locator("[data-dfs-group-result]").is_hidden()
    assert page.locator("[data-dfs-group-body]").inner_text() == ""
    # A third code and the group shows; back to two and it is gone again.
    page.fill("#dfs-group-codes", "\n".join(codes[:3]))
    page.click("[data-dfs-group-form] button[type=submit]")
    page.locator("[data-dfs-group-result]:not([hidden])").wait_for()
    page.fill("#dfs-group-codes", "\n".join(codes[:2]))
    page.click("[data-dfs-group-form] button[type=submit]")
    page.locator(".dfs-group-refusal").wait_for()
    assert page.locator("[data-dfs-group-result]").is_hidden()


def changed(code: str) -> str:
    """The code with one area character changed."""
    ch = "7" if code[5] != "7" else "8"
    return code[:5] + ch + code[6:]


def test_malformed_and_duplicated_codes_are_rejected_with_their_line(page, codes):
    page.goto("sjalvskattning/grupp/")
    lines = [codes[0], codes[1], codes[0].lower(), changed(codes[2]), "Anna: 5 5 5", codes[3]]
    page.fill("#dfs-group-codes", "\n".join(lines))
    page.click("[data-dfs-group-form] button[type=submit]")
    page.locator("[data-dfs-group-result]:not([hidden])").wait_for()
    status = page.locator("[data-dfs-group-status]").inner_text()
    assert "3 koder räknas." in status and "3 rader kunde inte räknas:" in status
    problems = page.locator(".dfs-group-problems li").all_inner_texts()
    assert problems[0].startswith("Rad 3: samma kod som på rad 1")
    assert problems[1].startswith("Rad 4:") and "kontrolltecknet" in problems[1]
    assert problems[2].startswith("Rad 5:") and "ingen gruppkod" in problems[2]
    assert "3 deltagare" in page.locator(".dfs-group-meta").inner_text()
    assert all(row[1] == "3" for row in table_rows(page))
    # Two people can share a rounded result: the facilitator says so, and both count.
    page.get_by_label("Räkna likadana koder var för sig", exact=False).check()
    page.click("[data-dfs-group-form] button[type=submit]")
    page.get_by_text("4 koder räknas.").wait_for()
    assert "4 deltagare" in page.locator(".dfs-group-meta").inner_text()
    assert len(page.locator(".dfs-group-problems li").all_inner_texts()) == 2


def test_the_print_view_is_one_a4_page_without_chrome_or_codes(page, codes):
    page.goto("sjalvskattning/grupp/")
    page.fill("#dfs-group-codes", "\n".join(codes))
    page.click("[data-dfs-group-form] button[type=submit]")
    page.locator("[data-dfs-group-result]:not([hidden])").wait_for()
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", "[data-dfs-group-form]",
                     "#dfs-group-codes", ".dfs-group__tools", "[data-dfs-print]"):
        assert page.locator(selector).first.is_hidden(), selector
    assert page.locator("h1").is_visible() and page.locator("svg.dfs-group-chart").is_visible()
    text = page.locator("body").inner_text()
    assert not any(code in text for code in codes)
    meta = page.locator(".dfs-group-meta").inner_text()
    assert "4 deltagare" in meta and "Sammanställt" in meta and "20" in meta  # date and n
    pdf = PdfReader(BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    printed = pdf.pages[0].extract_text()
    assert "4 deltagare" in printed and not any(code in printed.replace(" ", "") for code in codes)


def test_save_then_compare_at_the_next_round(browser, server, codes, offsite, tmp_path):
    first = new_context(browser, server, offsite)
    try:
        page = first.new_page()
        page.goto("sjalvskattning/grupp/")
        page.fill("#dfs-group-codes", "\n".join(codes[:3]))
        page.click("[data-dfs-group-form] button[type=submit]")
        page.locator("[data-dfs-group-result]:not([hidden])").wait_for()
        with page.expect_download() as download:
            page.click("[data-dfs-group-save]")
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.name.startswith("gruppens-resultat-") and saved.suffix == ".json"
        text = saved.read_text("utf-8")
        assert not any(code in text for code in codes)
        data = json.loads(text)
        assert data["n"] == 3 and sorted(data["areas"]) == ["1", "2", "3", "4", "5"]
        assert set(data) == {"app", "kind", "version", "date", "n", "areas"}
        before = {row[0]: row[2] for row in table_rows(page)}
    finally:
        close(first)
    # A new tab knows nothing of the first round.
    second = new_context(browser, server, offsite)
    try:
        page = second.new_page()
        page.goto("sjalvskattning/grupp/")
        assert page.locator("#dfs-group-codes").input_value() == ""
        assert page.locator("[data-dfs-group-result]").is_hidden()
        page.fill("#dfs-group-codes", "\n".join(codes[1:]))
        page.click("[data-dfs-group-form] button[type=submit]")
        page.locator("[data-dfs-group-result]:not([hidden])").wait_for()
        page.set_input_files("[data-dfs-group-load]", str(saved))
        page.get_by_text("Jämför med omgången").wait_for()
        head = page.locator("[data-dfs-group-body] table thead th").all_inner_texts()
        assert head[-2:] == ["Median förra omgången", "Förändring"]
        for row in table_rows(page):
            assert row[5] == before[row[0]]
            now, then = (float(x.replace(",", ".")) for x in (row[2], row[5]))
            expected = "0,0" if now == then else (("+" if now > then else "") + sv_number(now - then))
            assert row[6] == expected.replace("-", "−") or row[6] == expected, row
        assert page.locator("svg.dfs-group-chart path.previous").count() == 5
        # A file that is not a summary is refused.
        bad = tmp_path / "annat.json"
        bad.write_text('{"version": 2, "progress": {}}', "utf-8")
        page.set_input_files("[data-dfs-group-load]", str(bad))
        page.get_by_text("Filen är ingen sparad sammanställning").wait_for()
    finally:
        close(second)


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_axe_on_the_group_page_and_the_share_code(page, codes, model, scheme):
    page.add_init_script("""addEventListener('DOMContentLoaded', () => {
        const style = document.createElement('style');
        style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
        document.head.append(style); });""")
    page.goto("sjalvskattning/grupp/")
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    page.fill("#dfs-group-codes", "\n".join(codes + ["fel"]))
    page.click("[data-dfs-group-form] button[type=submit]")
    page.locator("[data-dfs-group-result]:not([hidden])").wait_for()
    assert axe(page) == []
    page.goto("sjalvskattning/")
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    for sid, value in answers_of(model, PEOPLE[0]).items():
        page.check(f"[data-statement='{sid}'] input[value='{value}']")
    page.click("[data-dfs-self-assessment] button[type=submit]")
    page.locator(".dfs-share button[aria-expanded]").click()
    page.locator(".dfs-share__panel:not([hidden])").wait_for()
    assert axe(page) == []


def test_the_english_pages(page, codes):
    page.goto("en/sjalvskattning/grupp/")
    assert page.locator("h1").inner_text() == "The group's result"
    page.fill("#dfs-group-codes", codes[0])
    page.click("[data-dfs-group-form] button[type=submit]")
    assert "at least 3 codes" in page.locator(".dfs-group-refusal").inner_text()
    page.goto("en/sjalvskattning/")
    assert "not one of DigComp's proficiency levels" in page.locator("form.dfs-sa").inner_text()


def test_without_javascript_the_page_says_so_and_shows_no_form(browser, server):
    context = browser.new_context(base_url=server, locale="sv-SE", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("sjalvskattning/grupp/")
        assert page.locator("[data-dfs-group-form]").count() == 1
        assert not page.locator("[data-dfs-group-form]").is_visible()
        assert "behöver JavaScript" in page.locator(".dfs-group").inner_text()
        assert not page.locator("[data-dfs-group-result]").is_visible()
    finally:
        close(context)
