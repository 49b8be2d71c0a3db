"""`make site`: build the HTML (strict), then the PDFs, into one folder.

Usage: python -m digitaltforst.build_site OUT_DIR
The Makefile builds into a temporary folder and swaps it in only on success.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0] if argv else "site").resolve()
    # The published site always has every language: the one-language preview
    # switch of `make serve LOCALE=sv` must never reach a deploy.
    os.environ.pop("DIGITALTFORST_LOCALE", None)
    try:
        config = load_config("mkdocs.yml", site_dir=str(out), strict=True)
        build(config)
    except (Abort, ConfigurationError, PluginError) as exc:
        print(f"Bygget misslyckades: {exc}", file=sys.stderr)
        return 1
    if os.environ.get("DIGITALTFORST_PDF", "1") != "0" and config.plugins["digitaltforst"].config.pdf:
        from .pdf import build_pdfs
        return build_pdfs(config, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
