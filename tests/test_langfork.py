"""The English build in a forked process (build/langfork.py) makes the same
site as building the languages one after another, and its failure stops the
build like any other."""
from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from contentfixtures import COURSE_INDEX, in_english, lesson
from selectolax.lexbor import LexborHTMLParser


def _build(project: Path, out: str, parallel: bool, quiet: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "DIGITALTFORST_PDF": "0", "DIGITALTFORST_ZIP": "1",
           "DIGITALTFORST_PARALLEL": "1" if parallel else "0", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *(["-q"] if quiet else []),
                           "-d", out], cwd=project, capture_output=True, text=True, env=env)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def real_copy(tmp_path_factory) -> Path:
    """The real project (its docs, data and templates), outside the checkout."""
    project = tmp_path_factory.mktemp("langfork") / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("docs", "data", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    return project


def test_the_real_site_is_the_same_built_in_parallel_or_in_turn(real_copy):
    # Both builds start without .cache/ and write the zip (the helper process
    # that copies pages runs after the English build was taken over).
    built = {}
    for parallel in (False, True):
        shutil.rmtree(real_copy / ".cache", ignore_errors=True)
        out = f"site-{'parallel' if parallel else 'in-turn'}"
        done = _build(real_copy, out, parallel, quiet=not parallel)
        assert done.returncode == 0, done.stderr[-3000:]
        built[parallel] = _files(real_copy / out)
    # In parallel each language's index was begun by a fork from the pages'
    # HTML (search/background.py: Forked) and kept: its documents were the
    # final ones, and nothing was indexed again at the end.
    assert "Sökindex sv: {" in done.stderr and "Sökindex en: {" in done.stderr
    assert "byggs om" not in done.stderr and "byggs här i stället" not in done.stderr
    in_turn, parallel = built[False], built[True]
    assert sorted(parallel) == sorted(in_turn)
    assert "en/kurser/index.html" in parallel and "search/en/meta.json" in parallel
    # Every language build renders a root sitemap; the one written lists both languages' pages.
    sitemap = parallel["sitemap.xml"].decode()
    assert "/digitalt-forst/kurser/</loc>" in sitemap and "/digitalt-forst/en/kurser/</loc>" in sitemap
    assert gzip.decompress(parallel["sitemap.xml.gz"]) == parallel["sitemap.xml"]
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    english = [loc for loc in locs if "/digitalt-forst/en/" in loc]
    assert len(set(locs)) == len(locs)  # every page once
    # Untranslated pages are in the English build too (as fallbacks): as many pages each.
    assert len(english) == len(locs) - len(english) > 100
    differ = [name for name in in_turn if in_turn[name] != parallel[name]]
    assert differ == []


def test_the_english_404_page_offers_the_start_pages_of_both_languages(real_copy):
    site = real_copy / "site-parallel"
    if not site.is_dir():  # run alone
        assert _build(real_copy, "site-parallel", True).returncode == 0
    doc = LexborHTMLParser((site / "en" / "404.html").read_text(encoding="utf-8"))
    links = {a.attributes["hreflang"]: a.attributes["href"] for a in doc.css("a.md-select__link")}
    # Before: the links of the last Swedish page rendered (a workshop handout).
    assert links == {"sv": "/digitalt-forst/", "en": "/digitalt-forst/en/"}


def test_a_failing_english_page_stops_the_build_with_its_name(tmp_path):
    docs = {
        "index.md": "---\ntitle: Start\n---\n\nTill [kursen](kurser/alfa/index.md).\n",
        "kurser/index.md": "---\ntitle: Kurskatalog\n---\n\nAlla kurser.\n",
        "kurser/alfa/index.md": COURSE_INDEX,
        "kurser/alfa/01-ett.md": lesson("Alfa ett", "alfa-ett"),
        # Only the English page has a broken link: only the forked build sees it.
        "kurser/alfa/01-ett.en.md": in_english(lesson("Alpha one", "alfa-ett")).replace(
            "## Summary", "## Summary\n\nSee [the next lesson](02-finns-inte.md).", 1),
    }
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    for rel, text in docs.items():
        (tmp_path / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / rel).write_text(text, encoding="utf-8")
    # As `make site` builds (strict, warnings shown; `mkdocs build -q` hides
    # warnings, so strict mode never sees them).
    done = subprocess.run([sys.executable, "-m", "digitaltforst.cli", "build", "out"], cwd=tmp_path,
                          capture_output=True, text=True,
                          env={**os.environ, "DIGITALTFORST_PDF": "0", "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 1, done.stderr[-3000:]
    assert "01-ett.en.md" in done.stderr and "02-finns-inte.md" in done.stderr
    assert "Bygget av språken en misslyckades" in done.stderr
    assert "Traceback" not in done.stderr
    # The Swedish pages were built meanwhile; nothing of the English build was taken over.
    assert (tmp_path / "out" / "kurser" / "alfa" / "01-ett" / "index.html").is_file()
    assert not (tmp_path / "out" / "search" / "en").exists()
