"""Command line: `digitaltforst new-lesson KURS "Titel"`, `digitaltforst build OUT`
and `digitaltforst serve`.

`make lesson`, `make site` and `make serve` call these; the validator has its own entry
(scripts/validate.py).
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path


def _new_lesson(args: argparse.Namespace) -> int:
    from .content.scaffold import new_lesson

    if not args.title.strip():
        print("Ange en titel, t.ex. make lesson KURS=natfiske TITEL=\"Falska fakturor\".",
              file=sys.stderr)
        return 2
    root = Path(args.root).resolve()
    try:
        path = new_lesson(root, args.course, args.title.strip())
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"Skapade {path.relative_to(root)}. Fyll i mallen och kör `make validate`.")
    return 0


def _build(args: argparse.Namespace) -> int:
    """Build every language (strict) into OUT; the plugin writes the PDFs."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    # The published site always has every language: the one-language preview
    # switch of `make serve LOCALE=sv` must never reach a deploy.
    os.environ.pop("DIGITALTFORST_LOCALE", None)
    # MkDocs' own command line prints its warnings and errors; without a
    # handler they would be counted (strict) but never shown.
    shown = logging.StreamHandler(sys.stderr)
    shown.setLevel(logging.WARNING)
    shown.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    logging.getLogger("mkdocs").addHandler(shown)
    try:
        build(load_config(args.config, site_dir=str(Path(args.out).resolve()), strict=True))
    except (Abort, ConfigurationError, PluginError) as exc:
        print(f"Bygget misslyckades: {exc}", file=sys.stderr)
        return 1
    return 0


def _serve(args: argparse.Namespace) -> int:
    """`make serve`: the preview server (build/preview.py), PDFs and zip off."""
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    from mkdocs.__main__ import State

    from .build.preview import serve

    log_state = State()  # MkDocs' log output (INFO), as `mkdocs serve` prints it
    os.environ["DIGITALTFORST_PDF"] = "0"
    os.environ["DIGITALTFORST_ZIP"] = "0"
    try:
        return serve(args.config, args.dev_addr)
    except (Abort, ConfigurationError, PluginError) as exc:
        print(f"Förhandsvisningen kunde inte starta: {exc}", file=sys.stderr)
        return 1
    finally:
        del log_state


def validate_main(argv: list[str] | None = None) -> int:
    """`python scripts/validate.py`: the validator, with mkdocs.yml read by MkDocs."""
    try:
        from .build.settings import load
        from .validate.main import main as run
    except ImportError as exc:
        print(f"Kunde inte köra valideringen, en modul saknas: {exc}", file=sys.stderr)
        return 2
    return run(sys.argv[1:] if argv is None else argv, load)


def _compile_lexicon(args: argparse.Namespace) -> int:
    from .search import lemmatable, lexicon

    for problem in lemmatable.compile_missing(sorted(lexicon.DICTIONARIES)):
        print(f"Varning: {problem}", file=sys.stderr)
    return 0  # without the tables the build reads simplemma's own


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="digitaltforst")
    sub = parser.add_subparsers(dest="command", required=True)
    lesson = sub.add_parser("new-lesson", help="skapa nästa lektion i en kurs från mallen")
    lesson.add_argument("course", help="kursmappens namn, t.ex. natfiske")
    lesson.add_argument("title", help="lektionens titel")
    lesson.add_argument("--root", default=".", help="projektets rotmapp")
    lesson.set_defaults(run=_new_lesson)
    site = sub.add_parser("build", help="bygg webbplatsen (alla språk, med PDF:er) till en mapp")
    site.add_argument("out", help="mappen som webbplatsen skrivs till")
    site.add_argument("--config", default="mkdocs.yml")
    site.set_defaults(run=_build)
    preview = sub.add_parser("serve", help="förhandsvisning som bygger om bara det en ändring påverkar")
    preview.add_argument("--dev-addr", default="127.0.0.1:8000", help="värd:port")
    preview.add_argument("--config", default="mkdocs.yml")
    preview.set_defaults(run=_serve)
    tables = sub.add_parser("compile-lexicon",
                            help="kompilera simplemmas tabeller för sökindexet (make site gör det)")
    tables.set_defaults(run=_compile_lexicon)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
