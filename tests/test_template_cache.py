"""Compiled templates are kept in `.cache/jinja/` between builds (plugin.py:
_template_cache), and an edited template is never served from that cache."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from contentfixtures import COURSE_INDEX, lesson


def _build(project: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "out"], cwd=project,
                          capture_output=True, text=True,
                          env={**os.environ, "DIGITALTFORST_PDF": "0", "DIGITALTFORST_ZIP": "0",
                               "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    return (project / "out" / "kurser" / "alfa" / "01-ett" / "index.html").read_text(encoding="utf-8")


def test_an_edited_template_shows_in_the_next_build(tmp_path):
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    docs = {
        "index.md": "---\ntitle: Start\n---\n\nTill [kursen](kurser/alfa/index.md).\n",
        "kurser/index.md": "---\ntitle: Kurskatalog\n---\n\nAlla kurser.\n",
        "kurser/alfa/index.md": COURSE_INDEX,
        "kurser/alfa/01-ett.md": lesson("Alfa ett", "alfa-ett"),
    }
    for rel, text in docs.items():
        (tmp_path / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / rel).write_text(text, encoding="utf-8")

    first = _build(tmp_path)
    cached = list((tmp_path / ".cache" / "jinja").glob("*/*.cache"))
    assert len(cached) >= 10, cached  # Material's templates and ours
    assert 'class="md-copyright"' in first and "dfs-mall-andrad" not in first
    before = {p: p.stat().st_mtime_ns for p in cached}

    partial = tmp_path / "overrides" / "partials" / "copyright.html"
    partial.write_text(partial.read_text(encoding="utf-8").replace(
        '<div class="md-copyright">', '<div class="md-copyright dfs-mall-andrad">'), encoding="utf-8")
    second = _build(tmp_path)
    assert 'class="md-copyright dfs-mall-andrad"' in second
    # Only the edited template was compiled again; the others came from the cache.
    rewritten = [p for p, mtime in before.items() if p.stat().st_mtime_ns != mtime]
    assert len(rewritten) == 1, rewritten
