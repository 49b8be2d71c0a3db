"""The browser code's strings come from the one catalogue (l10n/catalogue.yml,
keys under `js.`) and reach every page as JSON."""
from __future__ import annotations

import json
import re
import string

import pytest

from digitaltforst.l10n import catalogue, js_strings
from conftest import ROOT

JS = ROOT / "overrides" / "assets" / "js"
LANGS = ("sv", "en")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def forms(value) -> list[str]:
    return list(value.values()) if isinstance(value, dict) else [value]


def test_every_js_string_has_both_languages_and_the_same_placeholders():
    keys = [k for k in catalogue() if k.startswith("js.")]
    assert len(keys) > 50
    for key in keys:
        entry = catalogue()[key]
        for lang in LANGS:
            value = entry.get(lang)
            assert value, (key, lang)
            if isinstance(value, dict):
                assert set(value) == {"one", "other"}, key
        names = [placeholders(text) for lang in LANGS for text in forms(entry[lang])]
        assert all(n == names[0] for n in names), (key, names)


def test_every_key_the_browser_code_names_is_in_the_catalogue():
    used = set()
    for path in JS.rglob("*.js"):
        text = path.read_text(encoding="utf-8")
        # every quoted key in the call's arguments, also t(x ? "a" : "b")
        for args in re.findall(r"\b(?:t|counted)\(([^()]*)", text):
            used |= set(re.findall(r"\"([a-z_]+)\"", args))
    assert len(used) > 40
    missing = sorted(k for k in used if f"js.{k}" not in catalogue())
    assert not missing, missing
    for band in ("low", "mid", "high"):  # t(`band_${band}`)
        assert f"js.band_{band}" in catalogue()
    codes = set(re.findall(r"\bfail\(\"([a-z_]+)\"", (JS / "store.js").read_text(encoding="utf-8")))
    assert {"json", "foreign", "newer", "scale", "score"} <= codes
    assert not [c for c in codes if f"js.data_error_{c}" not in catalogue()]  # t(`data_error_${code}`)


def _strings(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="dfs-strings">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))


def test_pages_carry_their_language_s_strings_for_the_features_they_load(site_dir):
    """Each page has the strings of the features app.js starts on it, in its
    language, and not those of features it does not load."""
    for rel, lang in (("kurser/index.html", "sv"), ("en/kurser/index.html", "en")):
        strings = _strings((site_dir / rel).read_text(encoding="utf-8"))
        assert strings and all(value == js_strings(lang)[key] for key, value in strings.items())
        assert "js.filter_count" in strings  # the catalogue's filter
        assert not any(k.startswith(("js.group_", "js.share_", "js.cert_", "js.present_")) for k in strings)
    lesson = (site_dir / "en/kurser/natfiske/03-kontrollera-meddelanden/index.html").read_text("utf-8")
    strings = _strings(lesson)
    assert strings["js.mark_done"] == "Mark as done"
    assert {"js.quiz_right", "js.present_slide", "js.storage_blocked"} <= set(strings)
    assert not any(k.startswith(("js.offline_", "js.group_", "js.sa_", "js.import")) for k in strings)
    assert len(json.dumps(strings)) < len(json.dumps(js_strings("en"))) / 4
    # The group page uses template keys: every js.group_problem_* is there.
    group = _strings((site_dir / "sjalvskattning/grupp/index.html").read_text(encoding="utf-8"))
    assert {k for k in js_strings("sv") if k.startswith("js.group_problem_")} <= set(group)


def test_the_build_reads_every_feature_of_app_js():
    from digitaltforst.build import pagejs

    table = pagejs.PageJs(JS)
    source = (JS / "app.js").read_text(encoding="utf-8")
    assert len(table.features) == source.count("() => import(") >= 14
    for feature in table.features:
        assert (JS / feature.module).is_file(), feature
    with pytest.raises(pagejs.FeatureTableError):
        pagejs.parse_features('const FEATURES = [["x", "div > p", () => import("./x.js")]];')
    with pytest.raises(pagejs.FeatureTableError):
        pagejs.parse_features('const f = () => import("./" + name);')
