"""Shared fixtures: the built site served under a GitHub Pages-like prefix,
and a real Chromium driven by Playwright."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from digitaltforst.pdf import localserver
from digitaltforst.pdf.browser import find_chromium, launch_args

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "/digitalt-forst/"


@pytest.fixture(scope="session")
def site_dir() -> Path:
    site = ROOT / "site"
    if not (site / "index.html").is_file():
        pytest.fail("site/ saknas: kör `make site` (make test gör det först).")
    return site


def serve(directory: Path):
    """Serve a built site on 127.0.0.1 under the GitHub Pages-like prefix."""
    return localserver.serve(directory, PREFIX)


@pytest.fixture(scope="session")
def server(site_dir: Path):
    with serve(site_dir) as url:
        yield url


def build_project(root: Path, docs: dict[str, str], data: bool = False) -> Path:
    """A copy of the project with the given docs/ files, built; returns site/."""
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", root / "overrides")
    if data:
        shutil.copytree(ROOT / "data", root / "data")
    for rel, text in docs.items():
        path = root / "docs" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], cwd=root,
                          capture_output=True, text=True,
                          env={**os.environ, "DIGITALTFORST_PDF": "0", "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    return root / "site"


@pytest.fixture(scope="session")
def site_pages(site_dir: Path) -> list[str]:
    """Every page in the sitemap, as a path relative to the site root."""
    tree = ElementTree.parse(site_dir / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    pages = []
    for loc in tree.getroot().iterfind(".//s:loc", ns):
        url = loc.text.strip()
        pages.append(url.split(PREFIX, 1)[1] if PREFIX in url else url)
    return pages


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        message = "Ingen Chromium hittades (sätt CHROMIUM_PATH eller installera chromium)."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)  # in CI a missing browser is a failure, never a skip
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium_path, args=launch_args())
        yield instance
        instance.close()


def production_url() -> str:
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml"))["site_url"].rstrip("/") + "/"


def route_production_to(context, site_dir: Path) -> None:
    """Serve absolute links to the production address (the 404 page has them)
    from the local build: in production they are the page's own origin."""
    base = production_url()

    def handle(route):
        rel = route.request.url[len(base):].split("?", 1)[0].split("#", 1)[0]
        path = site_dir / rel
        if path.is_dir():
            path = path / "index.html"
        if path.is_file():
            route.fulfill(path=str(path))
        else:
            route.fulfill(status=404, body="")

    context.route(base + "**", handle)


@pytest.fixture()
def context(browser, server, site_dir, request):
    # axe-core is injected as a <script>, which the site's CSP rightly refuses;
    # tests/test_security.py checks the CSP itself.
    # Requests the service worker makes are not routed by Playwright, and once
    # sw.js claims the page it fetches the site's files itself.
    routes = request.node.get_closest_marker("routes_site_files") is not None
    ctx = browser.new_context(base_url=server, locale="sv-SE",
                              bypass_csp=request.node.get_closest_marker("inject_scripts") is not None,
                              service_workers="block" if routes else "allow")
    # Only tests that load the 404 page (absolute links) need the production
    # address routed; an in-flight route handler can make closing hang.
    if request.node.get_closest_marker("production_routes"):
        route_production_to(ctx, site_dir)
    yield ctx
    for tab in ctx.pages:  # closing the context with open pages can hang
        tab.close()
    ctx.close()


@pytest.fixture()
def page(context):
    tab = context.new_page()
    tab.set_default_timeout(15000)
    return tab
