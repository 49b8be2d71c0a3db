"""Shared fixtures: the built site served under a GitHub Pages-like prefix,
and a real Chromium driven by Playwright."""
from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path
from xml.etree import ElementTree

import pytest

from digitaltforst.browser import find_chromium, launch_args

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "/digitalt-forst/"


@pytest.fixture(scope="session")
def site_dir() -> Path:
    site = ROOT / "site"
    if not (site / "index.html").is_file():
        pytest.fail("site/ saknas: kör `make site` (make test gör det först).")
    return site


class PrefixHandler(http.server.SimpleHTTPRequestHandler):
    """Serve site/ only under /digitalt-forst/, like a GitHub Pages project site."""

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(PREFIX):
            return str(Path(self.directory) / "__outside_prefix__")
        return super().translate_path("/" + clean[len(PREFIX):])

    def log_message(self, *args) -> None:  # keep test output readable
        pass


@pytest.fixture(scope="session")
def server(site_dir: Path):
    handler = functools.partial(PrefixHandler, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
    httpd.shutdown()


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


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(base_url=server, locale="sv-SE")
    tab = context.new_page()
    yield tab
    context.close()
