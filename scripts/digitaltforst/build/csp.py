"""The Content-Security-Policy every page carries in a `<meta http-equiv>`.

GitHub Pages sets no headers of ours, so the policy travels in the page
(overrides/main.html writes the meta tag; :func:`apply` fills it in). Scripts
may come only from the site itself; the few inline scripts Material's and our
templates write are allowed by their SHA-256 hash, per page, and only if they
are one of those templates' scripts: an inline script of any other text stops
the build (it can only have come from content the sanitiser missed).
"""
from __future__ import annotations

import base64
import functools
import hashlib
import re
from pathlib import Path

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')
SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
DATA_TYPE = re.compile(r"""\btype=["']?application/(?:ld\+)?json""", re.I)
JINJA_EXPR = re.compile(r"\{\{.*?\}\}", re.S)
JINJA_TAG = re.compile(r"\{[%#].*?[%#]\}", re.S)
TEMPLATE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
# What a template expression inside a script may expand to: a URL or path
# (base_url, site_url), nothing that can end a string or call anything.
VALUE = r"[\w./:-]*"

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],  # + the hashes of this page's inline scripts
    # Material writes inline <style> (admonition icons) and table cells carry
    # style="text-align"; styles cannot run code, and every fetch is 'self'.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    # main.html answers Material's sitemap requests with a data: URL.
    "connect-src": ["'self'", "data:"],
    "worker-src": ["'self'"],
    "frame-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
}


class UnknownScript(Exception):
    """An inline script that is no template's; the message is Swedish."""


def _normal(text: str) -> str:
    return " ".join(text.split())


def _pattern(body: str) -> re.Pattern | None:
    """A template script as a pattern over its rendered (whitespace-normalised) text."""
    if JINJA_TAG.search(body):
        return None  # control flow inside a script: not one we can vouch for
    parts = JINJA_EXPR.split(_normal(body))
    return re.compile(VALUE.join(re.escape(part) for part in parts))


def _template_dirs(custom_dir: str) -> list[Path]:
    import material

    return [Path(material.__file__).parent / "templates" / "partials" / "javascripts",
            Path(custom_dir)]


@functools.lru_cache(maxsize=4)
def trusted_patterns(custom_dir: str) -> tuple[re.Pattern, ...]:
    """Every inline script in Material's script partials and in overrides/."""
    patterns = []
    for folder in _template_dirs(custom_dir):
        for path in sorted(folder.rglob("*.html")):
            for match in TEMPLATE_SCRIPT.finditer(path.read_text(encoding="utf-8")):
                pattern = _pattern(match.group(1))
                if pattern is not None:
                    patterns.append(pattern)
    return tuple(patterns)


def _hash(body: str) -> str:
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def inline_scripts(page: str) -> list[str]:
    """The text of every inline script a browser would run."""
    found = []
    for match in SCRIPT.finditer(page):
        attrs = match.group("attrs")
        if re.search(r"\bsrc\s*=", attrs, re.I) or DATA_TYPE.search(attrs):
            continue
        found.append(match.group("body"))
    return found


def policy(hashes: list[str], frame_hosts: list[str] = ()) -> str:
    directives = dict(POLICY)
    directives["script-src"] = POLICY["script-src"] + sorted(set(hashes))
    if frame_hosts:
        directives["frame-src"] = [f"https://{host}" for host in sorted(frame_hosts)]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def apply(page: str, custom_dir: str, frame_hosts: list[str] = ()) -> str:
    """Fill in the page's policy meta tag; raise UnknownScript for a foreign script.

    ``custom_dir``: the theme's overrides/ folder, whose inline scripts are trusted.
    """
    if META.search(page) is None:
        return page  # not a page of our templates (e.g. a redirect stub)
    trusted = trusted_patterns(str(custom_dir))
    hashes = []
    for body in inline_scripts(page):
        if not any(p.fullmatch(_normal(body)) for p in trusted):
            raise UnknownScript(
                "sidan har ett inbäddat skript som inte kommer från mallarna: "
                f"`{_normal(body)[:80]}`. Skript får bara ligga i overrides/ och "
                "assets; kontrollera innehållet med `make validate`.")
        hashes.append(_hash(body))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes, frame_hosts)}">'
    return META.sub(lambda _: meta, page, count=1)
