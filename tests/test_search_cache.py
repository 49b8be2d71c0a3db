"""The lexicon cache (search/cache.py): the same answers as without it."""
from __future__ import annotations

import pytest

from digitaltforst.search import cache, lexicon


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path / "lexicon")
    monkeypatch.setattr(cache, "_stores", {})
    monkeypatch.setattr(cache, "_fast", {})
    return tmp_path / "lexicon"


def test_forward_and_inverse_answers_are_stored_per_item(store):
    calls = []

    @cache.forward("test_forward")
    def stems(words, lang):
        calls.append(sorted(words))
        return {w: {w[:-1]} for w in words if w != "okänt"}

    @cache.inverse("test_inverse")
    def forms(lemmas, lang):
        calls.append(sorted(lemmas))
        return {f"{lemma}{end}": {lemma} for lemma in lemmas for end in ("ar", "en")}

    assert stems(["bilen", "okänt"], "sv") == {"bilen": {"bile"}}
    first = stems(["bilen", "båten"], "sv")
    assert first == {"bilen": {"bile"}, "båten": {"båte"}}
    assert calls == [["bilen", "okänt"], ["båten"]]  # only the new word
    first["bilen"].add("ändrad")  # a caller's change does not reach the store
    assert stems(["bilen"], "sv") == {"bilen": {"bile"}}
    assert forms({"bil", "båt"}, "sv") == {"bilar": {"bil"}, "bilen": {"bil"},
                                           "båtar": {"båt"}, "båten": {"båt"}}
    assert forms({"bil"}, "sv") == {"bilar": {"bil"}, "bilen": {"bil"}}
    assert calls[-1] == ["bil", "båt"]
    assert sorted(p.name for p in store.iterdir()) == ["test_forward.sv.pickle",
                                                       "test_inverse.sv.pickle"]
    # Another process (a new build) reads the store instead of computing.
    cache._stores.clear()
    assert stems(["okänt", "båten"], "sv") == {"båten": {"båte"}}
    assert len(calls) == 3


def test_a_changed_key_ignores_the_store(store, monkeypatch):
    @cache.forward("test_key")
    def upper(words, lang):
        return {w: w.upper() for w in words}

    assert upper(["a"], "sv") == {"a": "A"}
    cache._stores.clear()
    monkeypatch.setattr(cache, "version_key", lambda name, lang: "another dictionary")
    calls = []

    @cache.forward("test_key")
    def lower(words, lang):
        calls.append(words)
        return {w: w.lower() for w in words}

    assert lower(["a"], "sv") == {"a": "a"} and calls == [["a"]]


def test_lemmas_and_forms_match_the_uncached_lexicon(store):
    words = ["nycklarna", "biblioteket", "valde", "böcker", "qzxq"]
    lemmas = lexicon.Lemmas("sv")
    expected = {w: lemmas.table.get(w) for w in words}
    expected = {w: v.lower() if v else None for w, v in expected.items()}
    assert {w: lemmas.lemma(w) for w in words} == expected
    cache.flush()
    cache._fast.clear()
    cache._stores.clear()
    assert {w: lexicon.Lemmas("sv").lemma(w) for w in words} == expected
    wanted = {"bok", "välja"}
    assert lemmas.forms_of(wanted) == lexicon.simplemma_forms.uncached(wanted, "sv")
