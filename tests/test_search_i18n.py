"""Swedish search that understands inflection, per language, light on load;
and the sv/en switch, fallback notice and 404 pages."""
from __future__ import annotations

import gzip
import json
import random
import re
from urllib.parse import unquote_plus

import pytest

from conftest import ROOT, build_project, serve
from digitaltforst.content.site import load_site
from digitaltforst.search import index as search_index

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
def test_inflected_query_marks_the_words_it_found(page):
    """"säkerheten" finds texts that say "säkerhet": that word is marked in the
    results and, through Material's ?h=, on the page the reader opens."""
    page.goto("kurser/natfiske/")
    page.keyboard.press("s")
    page.keyboard.type("säkerheten")
    page.wait_for_selector(".md-search-result__item")
    marked = [m.lower() for m in page.locator(".md-search-result mark").all_inner_texts()]
    assert "säkerhet" in marked, marked
    link = page.locator(".md-search-result__link").first
    href = link.get_attribute("href")
    assert "säkerhet" in unquote_plus(href.split("?h=", 1)[1]).split(), href
    with page.expect_navigation():
        link.click()
    assert page.locator("article mark[data-md-highlight]").count() > 0


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


def _shard_files(folder):
    for path in sorted((folder / "t").glob("*.json")):
        data = path.read_bytes()
        yield path, json.loads(data), len(gzip.compress(data, 6))


def test_large_term_shards_are_split_and_every_key_stays_findable():
    rng = random.Random(6)
    # 300 keys under "be", each with 60 scattered documents: far over one shard.
    postings = {f"be{a}{b}ning": [1000 - i, rng.sample(range(20000), 60), [rng.randint(1, 30)] * 60]
                for i, (a, b) in enumerate((a, b) for a in "adgkls" for b in "abcdefghijklmnopqrstuvwxy"[:50])}
    postings["be"] = [3, [1, 2, 3], [2, 1, 1]]
    postings["bok"] = [2, [4, 5], [1, 1]]
    forms = {"bad": ["be"], "böcker": ["bok"], "bedning": ["beaaning"]}
    shards, split = search_index.term_shards(postings, forms)
    assert {"b", "be"} <= split
    for prefix, shard in shards.items():
        names = set(shard["p"]) | set(shard["f"])
        size = len(gzip.compress(json.dumps(shard, ensure_ascii=False, separators=(",", ":"))
                                 .encode(), 6))
        assert size <= search_index.SHARD_GZ or names == {prefix}, (prefix, size)
    # The worker fetches shard_for(word): every key and form is complete there.
    for key, value in postings.items():
        assert shards[search_index.shard_for(key, split)]["p"][key] == value, key
    for form, keys in forms.items():
        assert shards[search_index.shard_for(form, split)]["f"][form] == keys, form
    # Typing "be" completes with the most frequent keys under it.
    completions = shards["be"]["p"]
    assert "beaaning" in completions and "be" in completions
    assert len(completions) <= search_index.COMPLETIONS + 1


def test_irregular_forms_from_simplemma_match_a_full_inversion():
    lemmas = search_index.Lemmas("sv")
    wanted = {"bok", "välja", "gå", "man", "stockholm"}
    expected: dict[str, set[str]] = {}
    for form, lemma in lemmas.table.items():
        form, lemma = form.lower(), lemma.lower()
        if lemma in wanted and form != lemma and search_index.WORD.fullmatch(form):
            expected.setdefault(form, set()).add(lemma)
    found = lemmas.forms_of(wanted)
    assert dict(found) == expected
    # Irregular and capitalised lemmas ("Stockholms" -> "Stockholm").
    assert {"böcker", "valde", "gick", "männen", "stockholms"} <= set(found)


def test_shard_file_names_match_the_worker():
    # The same table is asserted in tests/js/search-core.test.mjs.
    assert search_index.file_name("besö") == "bes_f6_"
    assert search_index.file_name("e-") == "e_2d_"
    assert search_index.file_name("ä1") == "_e4_1"
    assert search_index.file_name("ä1") != search_index.file_name("\u0e41")


def test_english_index_holds_only_translated_pages(site_dir):
    """Untranslated pages are copied into the English build with a notice; their
    Swedish text belongs to the Swedish index only."""
    docs = site_dir.parent / "docs"
    pages = set()
    for path in (site_dir / "search" / "en" / "d").glob("*.json"):
        location = json.loads(path.read_text(encoding="utf-8"))[0]
        assert location.startswith("en/"), location
        pages.add(location[len("en/"):].split("#", 1)[0])
    assert pages
    for page in pages:
        stem = page.rstrip("/")
        candidates = [f"{stem}.en.md", f"{stem}/index.en.md"] if stem else ["index.en.md"]
        assert any((docs / c).is_file() for c in candidates), page


def test_site_term_shards_are_small_and_listed(site_dir):
    for lang in ("sv", "en"):
        folder = site_dir / "search" / lang
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        split = set(meta["split"])
        for path, shard, size in _shard_files(folder):
            names = set(shard["p"]) | set(shard["f"])
            assert size <= search_index.SHARD_GZ or len(names) == 1, (path, size)
        # A word is read from the shard the worker computes, and every
        # document it points to has its own file.
        word = {"sv": "lösenord", "en": "password"}[lang]
        shard = json.loads((folder / "t" / (search_index.file_name(
            search_index.shard_for(word, split)) + ".json")).read_text(encoding="utf-8"))
        assert word in shard["p"], (lang, word)
        for doc_id in shard["p"][word][1]:
            assert (folder / "d" / f"{doc_id}.json").is_file()


# A query per keystroke, 40 ms apart (a fast typist): collect every answer.
TYPING_JS = """async ([url, queries]) => {
  const worker = new Worker(url);
  const answers = [];
  const ready = new Promise(resolve => worker.addEventListener("message", e => {
    if (e.data.type === 1) resolve();
    if (e.data.type === 3) answers.push(e.data.data.items.map(list => list.map(
      // A group header (a page added above its matching sections) scores 0.
      item => ({ location: item.location, header: item.score === 0 }))));
  }));
  worker.postMessage({ type: 0, data: { config: {}, docs: [], options: {} } });
  await ready;
  for (const q of queries) {
    worker.postMessage({ type: 2, data: q });
    await new Promise(resolve => setTimeout(resolve, 40));
  }
  await new Promise(resolve => setTimeout(resolve, 2000));
  worker.terminate();
  return answers;
}"""


@pytest.mark.browser
def test_typing_fetches_only_the_newest_query(browser, site_dir):
    word = "nätfiske"
    typed = [word[:n] for n in range(2, len(word) + 1)]
    with serve(site_dir) as base:
        context = browser.new_context(base_url=base)
        seen = []
        context.on("request", lambda r: seen.append(r.url))
        page = context.new_page()
        page.goto("")
        seen.clear()
        answers = page.evaluate(TYPING_JS, [f"{base}assets/js/search-worker.js?lang=sv", typed])
        context.close()
    assert len(answers) == 1, "every keystroke was answered"
    shown = [doc for group in answers[0] for doc in group]
    assert any(d["location"].startswith("kurser/natfiske/") for d in shown)
    # One file per document shown (headers come with their sections), nothing
    # for the words typed past.
    fetched_docs = {u for u in seen if "/search/sv/d/" in u}
    assert len(fetched_docs) == len([d for d in shown if not d["header"]]) <= 24
    split = set(json.loads((site_dir / "search" / "sv" / "meta.json").read_text())["split"])
    final = search_index.file_name(search_index.shard_for(word, split))
    assert [u for u in seen if "/search/sv/t/" in u] == [f"{base}search/sv/t/{final}.json"]


@pytest.mark.browser
def test_english_index_skips_swedish_fallback_copies(browser, site_dir):
    # "Källkritik" is not translated: its sections are Swedish in both trees.
    assert not (ROOT / "docs/kurser/kallkritik/02-soka-och-kontrollera.en.md").exists()
    english = run_queries(browser, site_dir, ["omvänd bildsökning"], lang="en")["omvänd bildsökning"]
    swedish = run_queries(browser, site_dir, ["omvänd bildsökning"], lang="sv")["omvänd bildsökning"]
    assert "kurser/kallkritik/02-soka-och-kontrollera/#omvand-bildsokning" in swedish
    assert not [loc for loc in english if loc.endswith("#omvand-bildsokning")]


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
    untranslated = next(c for c in load_site(ROOT).courses["en"] if c.source.lang == "sv")
    page.goto("en/" + untranslated.source.base_rel.removesuffix("index.md"))
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
