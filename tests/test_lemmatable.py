"""simplemma's tables compiled into SQLite (search/lemmatable.py): the same
answers as simplemma's own table, compiled by the install, and a missing or
broken file falls back to simplemma instead of breaking the search index."""
from __future__ import annotations

import random

import pytest

from digitaltforst.search import lemmatable, lexicon


@pytest.fixture
def compiled_at(tmp_path, monkeypatch):
    """Point the compiled tables at a folder of this test."""
    monkeypatch.setattr(lemmatable, "path", lambda lang: tmp_path / f"{lang}.sqlite")
    monkeypatch.setattr(lemmatable, "_connections", {})
    return tmp_path


def test_the_install_compiled_both_languages():
    # `make site` (the LEXICON_STAMP target) compiles them into the venv.
    for lang in lexicon.DICTIONARIES:
        assert lemmatable.path(lang).is_file(), lemmatable.path(lang)
        assert lemmatable.available(lang)


def test_a_compiled_table_answers_like_simplemma(compiled_at):
    lemmatable.compile_table("en")
    table = lexicon.Lemmas("en").table
    forms = sorted(table)
    sample = random.Random(7).sample(forms, 3000) + ["went", "children", "Sweden's", "qzxqy"]
    expected = {w: table.get(w) for w in sample}
    assert lemmatable.lemmas(sample, "en") == {w: v for w, v in expected.items() if v is not None}
    assert lemmatable.lemmas(["went"], "en") == {"went": "go"}
    wanted = {"go", "child", "be", "london"}
    inverted = sorted((f, l) for f, l in ((f, table[f]) for f in forms) if l.lower() in wanted)
    assert sorted(lemmatable.forms(wanted, "en")) == inverted
    assert ("went", "go") in inverted


def test_lexicon_gives_the_same_forms_with_and_without_the_table(compiled_at):
    words = ["went", "children", "was", "better", "qzxqy"]
    wanted = {"go", "child", "be", "good"}
    without = lexicon.simplemma_forms.uncached(wanted, "en")
    lemmas_without = lexicon.simplemma_lemmas(words, "en")
    assert not lemmatable.available("en")
    lemmatable.compile_table("en")
    lemmatable._connections.clear()
    assert lemmatable.available("en")
    assert lexicon.simplemma_forms.uncached(wanted, "en") == without
    assert lexicon.simplemma_lemmas(words, "en") == lemmas_without
    assert lemmas_without["went"] == "go" and lemmas_without["qzxqy"] is None
    assert without["went"] == {"go"} and without["children"] == {"child"}


def test_a_broken_table_falls_back_to_simplemma(compiled_at):
    (compiled_at / "sv.sqlite").write_bytes(b"not a database" * 100)
    assert not lemmatable.available("sv")
    assert lexicon.simplemma_lemmas(["böcker", "valde"], "sv") == {"böcker": "bok", "valde": "välja"}
    assert "böcker" in lexicon.simplemma_forms.uncached({"bok"}, "sv")


def test_compiling_again_leaves_an_open_table_readable(compiled_at):
    # A build reading the table while `make site` recompiles it sees the old
    # file or the new one, never a half-written one.
    lemmatable.compile_table("en")
    assert lemmatable.lemmas(["went"], "en") == {"went": "go"}
    lemmatable.compile_table("en")
    assert lemmatable.lemmas(["went"], "en") == {"went": "go"}
    lemmatable._connections.clear()
    assert lemmatable.lemmas(["went"], "en") == {"went": "go"}
    assert [p.name for p in compiled_at.iterdir()] == ["en.sqlite"]


def test_compile_missing_makes_what_is_missing_and_drops_other_versions(tmp_path, monkeypatch):
    monkeypatch.setattr(lemmatable, "folder", lambda: tmp_path)
    monkeypatch.setattr(lemmatable, "path", lambda lang: tmp_path / f"simplemma-9.9-f1-{lang}.sqlite")
    monkeypatch.setattr(lemmatable, "_connections", {})
    old = tmp_path / "simplemma-1.0-f1-en.sqlite"
    old.write_bytes(b"an older simplemma's table")
    assert lemmatable.compile_missing(["en"]) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["simplemma-9.9-f1-en.sqlite"]
    assert lemmatable.lemmas(["went"], "en") == {"went": "go"}
