"""Find (and if need be install) a Chromium for tests and PDFs.

Order: $CHROMIUM_PATH, then the PATH, then Debian's `chromium` package when
running as root, then Playwright's own download. Prints the path found.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    env = os.environ.get("CHROMIUM_PATH")
    if env and Path(env).is_file():
        return env
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    return _playwright_chromium()


def _playwright_chromium() -> str | None:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    try:
        with sync_playwright() as p:
            path = p.chromium.executable_path
    except Exception:  # no driver or no browser: treat as not found
        return None
    return path if path and Path(path).is_file() else None


# Debian packages besides the browser, with a file that shows each is there.
# The site build uses the dictionaries for search; the tests also decode QR
# codes and render PDFs.
SITE_TOOLS = {"hunspell": "/usr/bin/hunspell", "hunspell-sv-se": "/usr/share/hunspell/sv_SE.dic",
              "hunspell-en-us": "/usr/share/hunspell/en_US.dic", "hunspell-tools": "/usr/bin/unmunch"}
TEST_TOOLS = {**SITE_TOOLS, "zbar-tools": "/usr/bin/zbarimg", "poppler-utils": "/usr/bin/pdftoppm"}
# `make bench` also times LinkChecker beside the validator.
BENCH_TOOLS = {**TEST_TOOLS, "linkchecker": "/usr/bin/linkchecker"}
TOOLS = {"site": SITE_TOOLS, "test": TEST_TOOLS, "bench": BENCH_TOOLS}


def apt_install(packages: list[str]) -> bool:
    """Install Debian packages when running as root on Debian; True on success."""
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    if not packages or not is_root or not shutil.which("apt-get"):
        return False
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    done = subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends",
                           *packages], env=env, stdout=subprocess.DEVNULL)
    return done.returncode == 0


def install_chromium() -> None:
    """Install a Chromium the best way this machine allows."""
    if apt_install(["chromium"]):
        return
    subprocess.run([sys.executable, "-m", "playwright", "install", "chromium"], check=False)


def ensure_tools(tools: dict[str, str]) -> None:
    missing = [pkg for pkg, path in tools.items() if not Path(path).exists()]
    apt_install(missing)


def launch_args() -> list[str]:
    """Flags that keep a headless Chromium quiet on a closed network."""
    return [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Hitta Chromium för tester och PDF.")
    parser.add_argument("--ensure", action="store_true", help="installera om den saknas")
    parser.add_argument("--ensure-tools", choices=tuple(TOOLS),
                        help="installera också ordlistor (site), testverktyg (test) "
                             "och LinkChecker (bench)")
    args = parser.parse_args(argv)
    if args.ensure_tools:
        ensure_tools(TOOLS[args.ensure_tools])
    path = find_chromium()
    if path is None and args.ensure:
        install_chromium()
        path = find_chromium()
    if path is None:
        print("Hittade ingen Chromium. Sätt CHROMIUM_PATH eller installera paketet chromium.",
              file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
