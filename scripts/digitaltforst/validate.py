"""`python scripts/validate.py [ROOT] [--format text|json|github] [--external]`

Exit 0: no errors (warnings allowed); 1: errors; 2: could not run.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

from . import rules, spelling
from .findings import ERROR, WARNING, Finding
from .model import DEFAULT_LANG, load_site


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: resolves !!python/name tags, leaves !ENV as text."""


def _python_name(loader, suffix, node):
    module, _, attr = suffix.rpartition(".")
    try:
        return getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError):
        return None


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def read_config(root: Path) -> dict[str, Any]:
    with open(root / "mkdocs.yml", encoding="utf-8") as fh:
        config = yaml.load(fh, Loader=_ConfigLoader) or {}
    if not isinstance(config, dict):
        raise yaml.YAMLError("mkdocs.yml ska bestå av nycklar och värden, t.ex. `docs_dir: docs`")
    return config


def docs_dir_of(root: Path, config: dict[str, Any]) -> Path:
    return root / str(config.get("docs_dir") or "docs")


def _plugin_config(config: dict, name: str) -> dict:
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and name in entry:
            return entry[name] or {}
    return {}


def _slugify(config: dict):
    from markdown.extensions.toc import slugify

    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, dict) and "toc" in entry and (entry["toc"] or {}).get("slugify"):
            return entry["toc"]["slugify"]
    return slugify


def validate(root: Path, external: bool = False) -> list[Finding]:
    config = read_config(root)
    docs_dir = docs_dir_of(root, config)
    site = load_site(root, docs_dir)
    plugin = _plugin_config(config, "digitaltforst")
    table = rules.build_table(site, _slugify(config), list(plugin.get("iframe_allowlist") or []),
                              external)
    findings: list[Finding] = []
    spelling_findings = None
    if spelling.available():
        prose = [(doc.root_rel, doc.scan.prose) for doc in table.docs.values()
                 if doc.src.lang == DEFAULT_LANG]
        spelling_findings = spelling.start(prose, root)  # hunspell runs during the rules
    else:
        print("Obs: stavningskontrollen hoppades över (hunspell med sv_SE saknas; "
              "installera paketen hunspell och hunspell-sv-se).", file=sys.stderr)
    for rule in rules.RULES:
        findings.extend(rule(table))
    if spelling_findings is not None:
        findings.extend(spelling_findings())
    if external:
        from .external import check_external
        findings.extend(check_external(table, root))
    return sorted(set(findings), key=lambda f: (f.file, f.line or 0, f.rule, f.message))


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


def main(argv: list[str] | None = None) -> int:
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
        docs_dir = docs_dir_of(root, read_config(root))
        if not docs_dir.is_dir():
            print(f"Hittar ingen innehållsmapp {docs_dir} (docs_dir i mkdocs.yml).", file=sys.stderr)
            return 2
        findings = validate(root, args.external)
    except (OSError, yaml.YAMLError, subprocess.SubprocessError) as exc:  # e.g. hunspell hung
        print(f"Kunde inte köra valideringen: {exc}", file=sys.stderr)
        return 2
    except ImportError as exc:
        print(f"Kunde inte köra valideringen, en modul saknas: {exc}", file=sys.stderr)
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
