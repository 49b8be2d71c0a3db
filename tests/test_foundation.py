"""The foundation: strict build, languages, subpath links, privacy, workflow."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_strict_build_succeeds(tmp_path):
    out = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ,
                                                        "DIGITALTFORST_PDF": "0"})
    assert done.returncode == 0, done.stderr[-3000:]
    assert (out / "index.html").is_file()
    assert (out / "en" / "index.html").is_file()


def test_one_language_preview_never_reaches_make_site(tmp_path):
    """`make serve LOCALE=sv` builds Swedish only; `make site` (build_site)
    always builds every language, even with the variable left set."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("---\ntitle: Start\n---\n\nVälkommen.\n",
                                                encoding="utf-8")
    (tmp_path / "docs" / "index.en.md").write_text("---\ntitle: Start\n---\n\nWelcome.\n",
                                                   encoding="utf-8")
    env = {**os.environ, "DIGITALTFORST_PDF": "0", "DIGITALTFORST_LOCALE": "sv"}
    preview = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "preview"],
                             cwd=tmp_path, capture_output=True, text=True, env=env)
    assert preview.returncode == 0, preview.stderr[-3000:]
    assert (tmp_path / "preview" / "index.html").is_file()
    assert not (tmp_path / "preview" / "en").exists()
    site = subprocess.run([sys.executable, "-m", "digitaltforst.cli", "build", "site"],
                          cwd=tmp_path, capture_output=True, text=True, env=env)
    assert site.returncode == 0, site.stderr[-3000:]
    assert "Welcome." in (tmp_path / "site" / "en" / "index.html").read_text(encoding="utf-8")


def _html_lang(path: Path) -> str:
    match = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", path.read_text(encoding="utf-8"))
    return match.group(1) if match else ""


def test_html_lang_per_language(site_dir):
    assert _html_lang(site_dir / "index.html") == "sv"
    assert _html_lang(site_dir / "en" / "index.html") == "en"
    for page in site_dir.rglob("index.html"):
        rel = page.relative_to(site_dir).as_posix()
        expected = "en" if rel.startswith("en/") else "sv"
        assert _html_lang(page) == expected, rel


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and ((name == "href" and tag in ("a", "link")) or
                          (name == "src" and tag in ("img", "script", "source", "iframe"))):
                self.links.append(value)


def test_subpath_crawl_has_no_broken_links(server):
    """Follow every internal link and asset from every page under /digitalt-forst/."""
    seen: set[str] = set()
    queue = [server]
    broken: list[str] = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url) as response:
                body = response.read()
                kind = response.headers.get_content_type()
        except urllib.error.HTTPError as exc:
            broken.append(f"{url} ({exc.code}) från {referrers.get(url)}")
            continue
        if kind != "text/html":
            continue
        parser = _Links()
        parser.feed(body.decode("utf-8", "replace"))
        for link in parser.links:
            target = urljoin(url, link).split("#", 1)[0]
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https") or parts.netloc != urlsplit(server).netloc:
                continue
            referrers.setdefault(target, url)
            if target not in seen:
                queue.append(target)
    assert len(seen) > 50, f"bara {len(seen)} adresser hittades"
    assert not broken, "\n".join(broken[:30])


referrers: dict[str, str] = {}


def test_workflow_passes_schema_lint():
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert workflows
    done = subprocess.run(
        [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema",
         "vendor.github-workflows", *map(str, workflows)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflow_least_privilege():
    import yaml

    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text())
    assert flow["permissions"] == {"contents": "read"}
    deploy = flow["jobs"]["deploy"]
    assert deploy["permissions"]["pages"] == "write"
    assert "permissions" not in flow["jobs"]["test"]
    assert deploy["needs"] == "test"
    text = (ROOT / ".github" / "workflows" / "site.yml").read_text()
    for job in flow["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                # Pinned to a commit (a tag can be moved), the release named beside it.
                assert re.search(r"@[0-9a-f]{40}$", step["uses"]), step["uses"]
                assert re.search(rf"{re.escape(step['uses'])} # v\d+\.\d+\.\d+\n", text), step["uses"]
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False  # no token left in .git


def test_workflow_rebuilds_daily():
    """"Kommande" is decided at build time: a daily build moves past events to the archive."""
    import yaml

    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text())
    on = flow.get("on", flow.get(True))  # YAML 1.1 reads the key `on` as True
    crons = [entry["cron"] for entry in on["schedule"]]
    assert len(crons) == 1
    minute, hour, day, month, weekday = crons[0].split()
    assert (day, month, weekday) == ("*", "*", "*") and hour.isdigit() and minute.isdigit()
    deploy = flow["jobs"]["deploy"]
    assert "pull_request" in deploy["if"] and "refs/heads/main" in deploy["if"]  # a scheduled run deploys


@pytest.mark.browser
@pytest.mark.production_routes
@pytest.mark.timeout(2400)  # every page of the site, one after another
def test_no_third_party_requests_and_no_cookies(page, server, site_pages):
    """Every page in the sitemap, in a real browser: only our own host, no cookies."""
    from conftest import production_url

    own = {urlsplit(server).netloc, urlsplit(production_url()).netloc}
    foreign: list[str] = []
    page.on("request", lambda r: foreign.append(f"{page.url} -> {r.url}")
            if urlsplit(r.url).netloc not in own and not r.url.startswith(("data:", "blob:"))
            else None)
    for rel in site_pages + ["finns-inte/", "en/finns-inte/"]:
        page.goto(rel, wait_until="load")
    assert len(site_pages) > 50
    assert not foreign, "\n".join(foreign[:20])
    assert page.context.cookies() == []
