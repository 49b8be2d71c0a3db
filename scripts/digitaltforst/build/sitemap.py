"""The root sitemap.xml: every language's pages, from each language build's own.

Each language build renders the theme's sitemap (static-i18n's, with the
hreflang alternates) into the site's root, and the last one written used to
win. What it listed depended on what the builds before it had rendered in
the same process (the English build listed the Swedish pages only because
they had been rendered first), so the plugin keeps each build's sitemap and
writes their union once, at the end: every page once, the default
language's first, in the order the builds listed them.
"""
from __future__ import annotations

import calendar
import datetime as dt
import gzip
import xml.etree.ElementTree as ET
from pathlib import Path

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"


def merged(outputs: list[str]) -> tuple[bytes, int]:
    """The union of the sitemaps (the theme template's output, ours), and the
    timestamp of the latest page for the gzip header (as MkDocs sets it)."""
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    root = ET.Element(f"{{{SITEMAP}}}urlset")
    seen: set[str] = set()
    latest = ""
    for text in outputs:
        for url in ET.fromstring(text).iterfind(f"{{{SITEMAP}}}url"):
            loc = (url.findtext(f"{{{SITEMAP}}}loc") or "").strip()
            if loc in seen:
                continue
            seen.add(loc)
            latest = max(latest, (url.findtext(f"{{{SITEMAP}}}lastmod") or "").strip())
            root.append(url)
    ET.indent(root)
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
    day = dt.date.fromisoformat(latest) if latest else dt.date.today()
    return data, calendar.timegm(day.timetuple())


def write(site_dir: Path, outputs: list[str]) -> None:
    if not outputs:
        return
    data, mtime = merged(outputs)
    target = site_dir / "sitemap.xml"
    target.write_bytes(data)
    with open(f"{target}.gz", "wb") as raw, \
            gzip.GzipFile(fileobj=raw, filename=f"{target}.gz", mode="wb", mtime=mtime) as gz:
        gz.write(data)
