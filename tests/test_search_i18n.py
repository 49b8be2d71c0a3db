"""Swedish search that understands inflection, per language, light on load;
and the sv/en switch, fallback notice and 404 pages."""
from __future__ import annotations

import json
import re

import pytest

from conftest import build_project, route_production_to, serve

# (form in the text, form in the query): noun declensions, definite/plural/
# genitive, adjectives, weak and strong verbs; and the reverse direction.
PAIRS = [
    ("bibliotek", "biblioteket"), ("säkerhet", "säkerheten"), ("lösenord", "lösenorden"),
    ("nyckel", "nycklarna"), ("bord", "bordet"), ("flicka", "flickan"), ("äpple", "äpplena"),
    ("dator", "datorer"), ("skrivare", "skrivaren"), ("kvinna", "kvinnorna"), ("bok", "böcker"),
    ("hand", "händerna"), ("telefon", "telefonerna"), ("ansökan", "ansökningar"),
    ("myndighet", "myndigheternas"), ("besökare", "besökarna"), ("meddelande", "meddelanden"),
    ("legitimation", "legitimationen"), ("konto", "kontot"), ("mus", "möss"), ("man", "männen"),
    ("land", "länder"), ("fråga", "frågorna"), ("tjänst", "tjänsterna"), ("bank", "bankens"),
    ("kod", "koder"), ("stor", "stora"), ("säker", "säkra"), ("enkel", "enkla"), ("ny", "nya"),
    ("gammal", "gamla"), ("digital", "digitala"), ("falsk", "falskt"), ("gå", "gick"),
    ("skriva", "skrev"), ("hjälpa", "hjälpte"), ("logga", "loggade"), ("ringa", "ringer"),
    ("betala", "betalat"), ("klicka", "klickar"), ("skicka", "skickade"), ("välja", "valde"),
    ("säga", "sagt"), ("komma", "kom"), ("ta", "tog"), ("nycklarna", "nyckel"), ("gick", "gå"),
    ("böckerna", "bok"), ("stora", "stor"),
]
NONSENSE = ["xqzwv", "blorptifax", "qqqq"]

# Talk to the search worker exactly as Material's UI does (SETUP, then QUERY).
WORKER_JS = """async ([url, queries]) => {
  const worker = new Worker(url);
  const next = () => Promise.race([
    new Promise(resolve => worker.addEventListener("message", e => resolve(e.data), { once: true })),
    new Promise((_, reject) => setTimeout(() => reject(new Error("search worker did not answer")), 10000)),
  ]);
  worker.postMessage({ type: 0, data: { config: {}, docs: [], options: {} } });
  await next();
  const out = {};
  for (const q of queries) {
    worker.postMessage({ type: 2, data: q });
    const result = await next();
    out[q] = result.data.items.flat().map(item => item.location);
  }
  worker.terminate();
  return out;
}"""


@pytest.fixture(scope="module")
def inflection_site(tmp_path_factory):
    """A site with one page per pair, each holding only its text form."""
    root = tmp_path_factory.mktemp("ordprov")
    docs = {"index.md": "---\ntitle: Ordprov\n---\n\nSidor för att prova sökningen.\n"}
    for i, (text, _) in enumerate(PAIRS):
        docs[f"ord/p{i:02d}.md"] = f"---\ntitle: Prov {i}\n---\n\nI meningen står {text} en gång.\n"
    return build_project(root, docs)


def run_queries(browser, site, queries, lang="sv"):
    with serve(site) as base:
        context = browser.new_context(base_url=base)
        page = context.new_page()
        page.goto("")
        found = page.evaluate(WORKER_JS, [f"{base}assets/js/search-worker.js?lang={lang}", queries])
        page.close()
        context.close()
    return found


@pytest.mark.browser
def test_inflected_queries_find_other_forms(browser, inflection_site):
    queries = [q for _, q in PAIRS]
    found = run_queries(browser, inflection_site, queries)
    hits = [i for i, (_, q) in enumerate(PAIRS) if f"ord/p{i:02d}/" in found[q]]
    missed = [PAIRS[i] for i in range(len(PAIRS)) if i not in hits]
    assert len(PAIRS) >= 40
    assert len(hits) / len(PAIRS) >= 0.95, f"missade: {missed}"


@pytest.mark.browser
def test_base_forms_found_and_nonsense_not(browser, inflection_site):
    texts = [t for t, _ in PAIRS]
    found = run_queries(browser, inflection_site, texts + NONSENSE)
    for i, text in enumerate(texts):
        assert f"ord/p{i:02d}/" in found[text], text
    for word in NONSENSE:
        assert found[word] == [], word


@pytest.mark.browser
def test_search_as_you_type_finds_prefixes(browser, site_dir):
    found = run_queries(browser, site_dir, ["lösen", "legitim", "nätfisk"])
    assert any(loc.startswith("kurser/losenord/") for loc in found["lösen"])
    assert any(loc.startswith("kurser/e-legitimation/") for loc in found["legitim"])
    assert any(loc.startswith("kurser/natfiske/") for loc in found["nätfisk"])


@pytest.mark.browser
def test_material_search_ui_with_deep_link_and_keyboard(page):
    page.goto("kurser/?q=lösenorden")
    page.wait_for_selector(".md-search-result__item")
    assert page.is_checked("#__search")
    assert "Lösenord" in page.inner_text(".md-search-result")
    page.keyboard.press("Escape")
    page.goto("kurser/natfiske/")
    page.keyboard.press("s")  # Material's shortcut opens the search
    page.keyboard.type("säkerheten")
    page.wait_for_selector(".md-search-result__item")
    assert re.search(r"\d+ sökresultat", page.inner_text(".md-search-result__meta"))
    page.keyboard.press("ArrowDown")
    target = page.evaluate("document.activeElement.href")
    assert target and "/digitalt-forst/" in target, "ArrowDown did not focus a result"
    # Enter follows the focused result; wait for that navigation to finish
    # (closing a page mid-navigation can hang Chromium).
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("#")[0] == target.split("#")[0]
    assert "Säkerhet" in page.inner_text("article") or "säkerhet" in page.inner_text("article")


@pytest.mark.browser
def test_english_pages_search_english_index(browser, site_dir):
    found = run_queries(browser, site_dir, ["passwords", "phishing"], lang="en")
    assert found["phishing"], "no English result"
    for locations in found.values():
        assert all(loc.startswith("en/") for loc in locations)
    swedish = run_queries(browser, site_dir, ["nätfiske"], lang="sv")
    assert swedish["nätfiske"] and not any(loc.startswith("en/") for loc in swedish["nätfiske"])


@pytest.mark.browser
def test_page_load_does_not_download_the_index(page, site_dir):
    seen = []
    page.on("request", lambda r: seen.append(r.url))
    page.goto("kurser/natfiske/02-vanliga-bedragerier/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in seen if re.search(r"/search/(sv|en)/", u)]
    config_only = json.loads((site_dir / "search" / "search_index.json").read_text())
    assert config_only["docs"] == []


@pytest.mark.browser
def test_language_switcher_round_trip(page):
    start = "kurser/natfiske/03-kontrollera-meddelanden/"
    page.goto(start)
    page.click(".md-header__option .md-select button")
    page.click('a.md-select__link[hreflang="en"]')
    page.wait_for_url(re.compile(r"/en/kurser/natfiske/03-kontrollera-meddelanden/$"))
    assert page.get_attribute("html", "lang") == "en"
    page.click(".md-header__option .md-select button")
    page.click('a.md-select__link[hreflang="sv"]')
    page.wait_for_url(re.compile(r"/digitalt-forst/kurser/natfiske/03-kontrollera-meddelanden/$"))
    assert page.get_attribute("html", "lang") == "sv"


def test_hreflang_alternates_in_head(site_dir):
    html = (site_dir / "kurser" / "natfiske" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="alternate" href="\./" hreflang="sv">', html)
    assert re.search(r'<link rel="alternate" href="\.\./\.\./en/kurser/natfiske/" hreflang="en">', html)


@pytest.mark.browser
def test_untranslated_page_shows_english_notice(page):
    page.goto("en/kurser/losenord/")
    notice = page.locator(".dfs-fallback")
    assert notice.is_visible()
    assert notice.get_attribute("lang") == "en"
    assert "not been translated" in notice.inner_text()
    page.goto("en/kurser/natfiske/")
    assert page.locator(".dfs-fallback").count() == 0


@pytest.mark.browser
@pytest.mark.production_routes
def test_404_page_per_language(page, site_dir):
    response = page.goto("finns-inte/")
    assert response.status == 404
    assert page.get_attribute("html", "lang") == "sv"
    assert page.inner_text("h1") == "Sidan finns inte"
    english = (site_dir / "en" / "404.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in english and "Page not found" in english
