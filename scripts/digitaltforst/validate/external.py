"""`validate.py --external`: are external links reachable? Network, cached.

Answers are cached for a week in .cache/external-links.json so repeated runs
ask each host once; CI never runs this (no network there).
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..content.findings import WARNING, Finding

CACHE = Path(".cache/external-links.json")
MAX_AGE = 7 * 24 * 3600
HEADERS = {"User-Agent": "digitaltforst-link-check/1.0 (+https://github.com/)"}


def status_of(url: str, timeout: float = 10.0) -> int | str:
    for method in ("HEAD", "GET"):  # some servers refuse HEAD
        request = urllib.request.Request(url, method=method, headers=HEADERS)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in (403, 405, 501):
                continue
            return exc.code
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            return str(getattr(exc, "reason", exc))
    return "okänt svar"


def check_external(table, root: Path) -> list[Finding]:
    from .rules import external_links

    cache_file = root / CACHE
    cache = json.loads(cache_file.read_text()) if cache_file.is_file() else {}
    now = time.time()
    links = external_links(table)
    todo = [u for u in links if u not in cache or now - cache[u]["checked"] > MAX_AGE]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for url, status in zip(todo, pool.map(status_of, todo)):
            cache[url] = {"status": status, "checked": now}
    cache_file.parent.mkdir(parents=True, exist_ok=True)
    cache_file.write_text(json.dumps(cache, indent=1, ensure_ascii=False))
    findings = []
    for url, places in links.items():
        status = cache[url]["status"]
        if isinstance(status, int) and status < 400:
            continue
        for doc, line in places:
            findings.append(Finding(doc.root_rel, line, "link-external-broken", WARNING,
                                    f"Den externa länken {url} svarar inte ({status}). Kontrollera "
                                    "adressen eller byt till en sida som finns."))
    return findings
