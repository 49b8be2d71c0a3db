"""`python scripts/validate.py [ROOT] [--format text|json|github] [--external]`

Exit 0: no errors (warnings allowed); 1: errors; 2: could not run.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from markdown.extensions.toc import slugify as default_slugify

from ..content.findings import ERROR, WARNING, Finding
from ..content.site import load_site, swedish_bodies
from . import mdscan, rules, spelling


@dataclass(frozen=True)
class Settings:
    """What the rules need from mkdocs.yml, read by the build side
    (:func:`digitaltforst.build.settings.load`) so this package stays free of MkDocs."""
    docs_dir: Path
    iframe_allowlist: list[str] = field(default_factory=list)
    slugify: Callable[[str, str], str] = default_slugify
    review_interval_months: int = 12
    today: dt.date | None = None  # the plugin's `today`; None: the real date
    # extra.contact in mkdocs.yml (issue 21); None: not set at all.
    contact: dict | None = None


class SettingsError(Exception):
    """mkdocs.yml could not be read; the message is Swedish."""


@contextlib.contextmanager
def _no_cyclic_gc():
    """The cyclic garbage collector off while validating: the content model and
    the scans are a few million objects that all stay alive until the end, so
    every collection would walk them all again for nothing (at 1000 lessons
    about a tenth of the run). Switched back on afterwards for callers that go on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def validate(root: Path, settings: Settings, external: bool = False,
             parallel: bool = False) -> list[Finding]:
    """Every finding, sorted. ``parallel``: the spelling in a forked copy of the
    process on another core (the command line; see spelling.start_in_child)."""
    with _no_cyclic_gc():
        return _validate(root, settings, external, parallel)


def _validate(root: Path, settings: Settings, external: bool, parallel: bool) -> list[Finding]:
    checks_spelling = spelling.available()
    spelling_findings: Callable[[], list[Finding]] | None = None
    if checks_spelling and parallel and spelling.can_fork():
        # From the start, in a copy of this process: it reads and scans the
        # Swedish pages itself while this one loads the model and runs the rules.
        spelling_findings = spelling.start_in_child(lambda: _swedish_prose(root, settings), root)
    site = load_site(root, settings.docs_dir)

    def start_spelling(swedish: list[rules.Doc]) -> None:
        """In this process: the words are collected and hunspell runs while the
        rest is scanned and the rules run."""
        nonlocal spelling_findings
        spelling_findings = spelling.start([(doc.root_rel, doc.scan.prose) for doc in swedish], root)

    table = rules.build_table(site, settings.slugify, list(settings.iframe_allowlist), external,
                              settings.review_interval_months, settings.today,
                              swedish_scanned=start_spelling
                              if checks_spelling and spelling_findings is None else None)
    if not checks_spelling:
        print("Obs: stavningskontrollen hoppades över (hunspell med sv_SE saknas; "
              "installera paketen hunspell och hunspell-sv-se).", file=sys.stderr)
    findings: list[Finding] = []
    for rule in rules.RULES:
        findings.extend(rule(table))
    findings.extend(rules.check_contact(settings.contact, root))
    if spelling_findings is not None:
        findings.extend(spelling_findings())
    if external:
        from .external import check_external
        findings.extend(check_external(table, root))
    return sorted(set(findings), key=lambda f: (f.file, f.line or 0, f.rule, f.message))


def _swedish_prose(root: Path, settings: Settings) -> list[tuple[str, list[tuple[int, str]]]]:
    """What the spelling checks, as the table's scans give it (see build_table)."""
    return [(name, mdscan.scan(body, line).prose)
            for name, body, line in swedish_bodies(root, settings.docs_dir)]


# -- output -------------------------------------------------------------------

def format_text(findings: list[Finding], color: bool) -> str:
    paint = {ERROR: "\033[31m", WARNING: "\033[33m"} if color else {}
    reset = "\033[0m" if color else ""
    label = {ERROR: "error", WARNING: "warning"}
    lines = [f"{f.file}:{f.line or 1}: {paint.get(f.severity, '')}{label[f.severity]}{reset} "
             f"{f.rule}: {f.message}" for f in findings]
    return "\n".join(lines)


def format_github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands; a finding about a whole file points at line 1."""
    def esc(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def esc_property(text: str) -> str:
        return esc(text).replace(":", "%3A").replace(",", "%2C")

    out = []
    for f in findings:
        level = "error" if f.severity == ERROR else "warning"
        out.append(f"::{level} file={esc_property(f.file)},line={f.line or 1},"
                   f"title={esc_property(f.rule)}::{esc(f.message)}")
    return "\n".join(out)


def summary(findings: list[Finding], files: int, seconds: float) -> str:
    errors = sum(1 for f in findings if f.severity == ERROR)
    warnings = len(findings) - errors
    verdict = "Inga fel." if not errors else "Rätta felen innan sidan publiceras."
    return f"{errors} fel, {warnings} varningar i {files} filer ({seconds:.2f} s). {verdict}"


def main(argv: list[str] | None, load_settings: Callable[[Path], Settings]) -> int:
    """The command line; ``load_settings`` reads mkdocs.yml (or raises SettingsError)."""
    parser = argparse.ArgumentParser(
        prog="validate.py", description="Kontrollera länkar och struktur i kursmaterialet.")
    parser.add_argument("root", nargs="?", default=".", help="projektets rotmapp (där mkdocs.yml finns)")
    parser.add_argument("--format", choices=("text", "json", "github"), default="text")
    parser.add_argument("--external", action="store_true",
                        help="kontrollera också att externa länkar svarar (kräver nätverk)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 2 if exc.code else 0
    root = Path(args.root).resolve()
    if not (root / "mkdocs.yml").is_file():
        print(f"Hittar ingen mkdocs.yml i {root}. Ange projektets rotmapp.", file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        settings = load_settings(root)
        docs_dir = settings.docs_dir
        if not docs_dir.is_dir():
            print(f"Hittar ingen innehållsmapp {docs_dir} (docs_dir i mkdocs.yml).", file=sys.stderr)
            return 2
        findings = validate(root, settings, args.external, parallel=True)
    except SettingsError as exc:
        print(f"Kunde inte läsa mkdocs.yml: {exc}", file=sys.stderr)
        return 2
    except (OSError, subprocess.SubprocessError) as exc:  # e.g. hunspell hung
        print(f"Kunde inte köra valideringen: {exc}", file=sys.stderr)
        return 2
    except ImportError as exc:
        print(f"Kunde inte köra valideringen, en modul saknas: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug in the validator, never the content's fault
        print(f"Valideringen kunde inte köras (internt fel: {type(exc).__name__}: {exc}). "
              "Innehållet är inte kontrollerat; rapportera felet till utvecklarna.", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - started
    files = sum(1 for p in docs_dir.rglob("*.md") if p.is_file())
    if args.format == "json":
        print(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    elif args.format == "github":
        if findings:
            print(format_github(findings))
    else:
        color = sys.stdout.isatty() and os.environ.get("NO_COLOR") is None
        if findings:
            print(format_text(findings, color))
        print(summary(findings, files, seconds))
    return 1 if any(f.severity == ERROR for f in findings) else 0
