"""The search index at build time: term weights, compounds, the typo
vocabulary and the page list the worker ranks with."""
from __future__ import annotations

import json
import os

import pytest

from digitaltforst.search import index as search_index
from digitaltforst.search import lexicon


@pytest.fixture(scope="module")
def hunspell():
    if not lexicon.hunspell_available("sv"):
        message = "Hunspell sv_SE saknas (make test installerar det som root)."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


def page(location, title, text):
    return {"location": location, "title": title, "text": text}


COURSE = [
    page("kurser/felsokning/", "Felsökning när tekniken krånglar",
         "<p>Om mobiler, wifi och skrivare vid disken.</p>"),
    page("kurser/felsokning/#lektioner", "Lektioner",
         "<ol> <li>En lugn metod (30 min)</li> <li>Wifi, skrivare och publika datorer (35 min)</li> "
         "<li>Lösenordshanterare (20 min)</li> </ol>"),
    page("kurser/felsokning/03-wifi/", "Wifi, skrivare och publika datorer",
         "<p> Lektion 3 av 4 Felsökning när tekniken krånglar </p>"),
    page("kurser/felsokning/03-wifi/#skrivare", "Skrivare och skanner",
         "<p>När skrivaren inte skriver ut, titta först i utskriftskön.</p>"),
    page("kurser/losenord/03/", "Lösenordshanterare",
         "<p>En lösenordshanterare minns alla lösenord. Lösenordshanteraren i mobilen.</p>"),
    page("kurser/losenord/03/#val", "Välja hanterare", "<p>Jämför lösenordshanterare.</p>"),
]


def weight(index, key, location):
    doc = next(i for i, d in enumerate(index["docs"]) if d[0] == location)
    return index["postings"][key].get(doc, 0)


def test_a_mention_of_another_pages_title_counts_little():
    titles = {"wifi, skrivare och publika datorer": "kurser/felsokning/03-wifi/"}
    counts, length = search_index.body_terms(
        "<li>Wifi, skrivare och publika datorer (35 min)</li><p>Skrivare finns.</p>",
        "kurser/felsokning/", titles)
    assert counts["skrivare"] == pytest.approx(1 + search_index.MENTION)
    assert counts["min"] == 1 and length == 9
    # A page's own title is not a mention of itself, and a single-word title
    # only when it is a whole block.
    own, _ = search_index.body_terms("<li>Wifi, skrivare och publika datorer</li>",
                                     "kurser/felsokning/03-wifi/", titles)
    assert own["skrivare"] == 1
    one, _ = search_index.body_terms("<p>Använd en lösenordshanterare</p>", "x/",
                                     {"lösenordshanterare": "kurser/losenord/03/"})
    assert one["lösenordshanterare"] == 1


def test_the_lesson_outweighs_the_course_page_that_lists_it(hunspell):
    index = search_index.build(COURSE, "sv")
    lesson = weight(index, "skrivare", "kurser/felsokning/03-wifi/")
    listing = weight(index, "skrivare", "kurser/felsokning/#lektioner")
    heading = weight(index, "skrivare", "kurser/felsokning/03-wifi/#skrivare")
    body = weight(index, "skrivare", "kurser/felsokning/")
    # Page title > section heading > a word in the text > a quoted title.
    assert lesson > heading > body > listing > 0
    # The course title quoted on the lesson counts less than on the course.
    assert weight(index, "felsökning", "kurser/felsokning/") > \
        weight(index, "felsökning", "kurser/felsokning/03-wifi/")


def test_an_inflected_compound_finds_its_base(hunspell):
    index = search_index.build(COURSE, "sv")
    lesson = next(i for i, d in enumerate(index["docs"]) if d[0] == "kurser/losenord/03/")
    for form in ("lösenordshanterarna", "lösenordshanterarens"):
        keys = index["forms"][form]
        assert any(lesson in index["postings"][k] for k in keys), (form, keys)
    # The compound's documents are found by its head and modifier too, weaker.
    assert 0 < weight(index, "lösenord", "kurser/losenord/03/#val") < \
        weight(index, "lösenordshanterare", "kurser/losenord/03/#val")


def test_unknown_compounds_are_split_into_known_parts():
    known = {w: lexicon.Analysis(frozenset({s})) for w, s in [
        ("reserv", "reserv"), ("koderna", "kod"), ("kön", "kö"), ("skön", "skön"),
        ("utskrift", "utskrift"), ("dator", "dator"), ("hon", "hon")]}
    split = lexicon.decompound("reservkoderna", known)
    assert (split.modifier, split.head, split.stems) == ("reserv", "kod", {"reservkod"})
    # A linking -s: "utskrifts" + "kön", not "utskrift" + "skön".
    assert lexicon.decompound("utskriftskön", known).head == "kö"
    # An unknown modifier needs a head of four letters or more.
    assert lexicon.decompound("windowsdator", known).modifier == "windows"
    assert lexicon.decompound("python", known) is None


def test_unmunch_forms_belong_to_the_entry_that_made_them(hunspell):
    # "hanterar" is a form of "hantera" and an entry of its own in sv_SE.
    forms = lexicon.hunspell_forms({"hantera", "hanterar"}, "sv")
    assert forms["hanterarna"] == {"hantera"}
    assert "hantera" in forms["hanterar"]


def test_meta_lists_pages_and_typo_vocabulary(tmp_path, hunspell):
    index = search_index.build(COURSE, "sv")
    search_index.write(index, tmp_path)
    meta = json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))
    starts, at = [], 0
    for gap in meta["pages"]:
        at += gap
        starts.append(at)
    assert starts == [0, 2, 4]  # a page and its sections are consecutive
    assert meta["schema"] == search_index.SCHEMA
    for length in meta["words"]:
        words = json.loads((tmp_path / "w" / f"{length}.json").read_text(encoding="utf-8"))
        assert words and all(len(w) == length for w in words)
    eight = json.loads((tmp_path / "w" / "8.json").read_text(encoding="utf-8"))
    assert "skrivare" in eight and "lösenord" in eight
    # Only words of the text: no stems, no numbers.
    every = {w for n in meta["words"] for w in json.loads((tmp_path / "w" / f"{n}.json").read_text())}
    assert "lösenordshantera" not in every and not any(c.isdigit() for w in every for c in w)


def test_typo_vocabulary_stays_small_on_the_site(site_dir):
    """A typo costs the reader a few length buckets, never the whole vocabulary."""
    import gzip
    folder = site_dir / "search" / "sv" / "w"
    sizes = {int(p.stem): len(gzip.compress(p.read_bytes(), 6)) for p in folder.glob("*.json")}
    assert sizes
    for n in range(5, 20):  # a word of n letters and its edits
        k = 1 if n < 8 else 2
        assert sum(sizes.get(m, 0) for m in range(n - k, n + k + 1)) <= 24 * 1024, n


def _started(docs, lang, folder):
    from digitaltforst.search import background
    return background.Started(docs, lang, folder)


def _forked(docs, lang, folder):
    from digitaltforst.search import background
    return background.Forked(lambda: docs, lang, folder)


@pytest.mark.parametrize("begin", [_started, _forked], ids=["subprocess", "fork"])
def test_an_index_begun_early_is_kept_only_for_the_same_documents(tmp_path, hunspell, caplog, begin):
    """A language's index is begun in another process before the build is
    over (a subprocess given the documents, or a fork that collects them);
    if its pages changed after that, or that process failed, the index
    written is the one of the final pages."""

    def site_with(docs):
        site = tmp_path / f"site{len(list(tmp_path.iterdir()))}"
        (site / "search").mkdir(parents=True)
        (site / "search" / "search_index.json").write_text(json.dumps({"config": {}, "docs": docs}))
        return site

    def doc_count(site):
        return json.loads((site / "search" / "sv" / "meta.json").read_text(encoding="utf-8"))["docs"]

    same = site_with(COURSE)
    early = begin(COURSE, "sv", same / "search" / "sv")
    stats = search_index.rewrite_site_index(same, ["sv"], {"sv": early})
    assert stats["sv"]["docs"] == doc_count(same) == len(COURSE)

    final = COURSE[:4]  # two documents gone after the early start
    changed = site_with(final)
    early = begin(COURSE, "sv", changed / "search" / "sv")
    search_index.rewrite_site_index(changed, ["sv"], {"sv": early})
    assert doc_count(changed) == len(final)

    failing = site_with(COURSE)
    blocker = tmp_path / "a-file"
    blocker.write_text("no folder can be made under a file")
    early = begin(COURSE, "sv", blocker / "sv")
    with caplog.at_level("INFO", logger="mkdocs.plugins.digitaltforst.search"):
        search_index.rewrite_site_index(failing, ["sv"], {"sv": early})
    assert "byggs här i stället" in caplog.text
    assert doc_count(failing) == len(COURSE)

    if begin is _forked:  # the fork's own collecting fails: its error is reported
        from digitaltforst.search import background

        def broken():
            raise ValueError("trasig sida")
        caplog.clear()
        crashed = site_with(COURSE)
        early = background.Forked(broken, "sv", crashed / "search" / "sv")
        with caplog.at_level("INFO", logger="mkdocs.plugins.digitaltforst.search"):
            search_index.rewrite_site_index(crashed, ["sv"], {"sv": early})
        assert "ValueError: trasig sida" in caplog.text
        assert doc_count(crashed) == len(COURSE)


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_an_index_written_over_an_older_one_is_the_new_one_alone(tmp_path, hunspell):
    """The preview writes a language's index again after each save, over the
    last one: files the index no longer has go, changed ones are new, and the
    folder is what a write into an empty one gives."""
    old, fresh = tmp_path / "old", tmp_path / "fresh"
    search_index.write(search_index.build(COURSE, "sv"), old)
    (old / "d" / "99.json").write_text("[]", encoding="utf-8")  # a document no longer there
    (old / "t" / "extra").mkdir()
    (old / "stray.txt").write_text("x", encoding="utf-8")
    edited = [*COURSE[:3], page("kurser/felsokning/03-wifi/#skrivare", "Skrivare och skanner",
                                "<p>Ett helt nytt ord: kopieringsmaskinen.</p>")]
    new_index = search_index.build(edited, "sv")
    search_index.write(new_index, old)
    search_index.write(new_index, fresh)
    assert _files(old) == _files(fresh)
    assert sorted(p.name for p in (old / "d").iterdir()) == ["0.json", "1.json", "2.json", "3.json"]
    assert not (old / "t" / "extra").exists() and not (old / "stray.txt").exists()
    assert b"kopieringsmaskinen" in (old / "d" / "3.json").read_bytes()
