"""`digitaltforst new-lesson KURS "Titel"`: the next numbered lesson from the template."""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from importlib import resources
from pathlib import Path

import yaml

from .model import LESSON_FILE, load_site


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def lesson_template() -> str:
    return resources.files("digitaltforst").joinpath("templates/lesson.md").read_text("utf-8")


def yaml_scalar(title: str) -> str:
    """The title as a YAML value: plain if it reads back unchanged, else quoted
    (a title starting with a quote, or holding ` #`, would break the front matter)."""
    try:
        if yaml.safe_load(f"title: {title}") == {"title": title}:
            return title
    except yaml.YAMLError:
        pass
    return json.dumps(title, ensure_ascii=False)


def new_lesson(root: Path, course: str, title: str) -> Path:
    folder = root / "docs" / "kurser" / course
    if not (folder / "index.md").is_file():
        raise SystemExit(f"Kursen `{course}` finns inte (ingen docs/kurser/{course}/index.md). "
                         "Ange kursmappens namn, t.ex. natfiske.")
    numbers = [int(m.group(1)) for p in folder.glob("*.md")
               if (m := LESSON_FILE.match(p.name[:-3])) and not p.name.endswith(".en.md")]
    number = max(numbers, default=0) + 1
    slug = slugify(title) or "lektion"
    ids = load_site(root).lesson_ids()
    prefix = course.split("-")[0][:8]
    lesson_id, n = f"{prefix}-{slug}"[:40].rstrip("-"), 2
    while lesson_id in ids:
        lesson_id, n = f"{prefix}-{slug}-{n}"[:44], n + 1
    path = folder / f"{number:02d}-{slug}.md"
    text = lesson_template().format(title=yaml_scalar(title.replace(":", " –")), id=lesson_id)
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="digitaltforst")
    sub = parser.add_subparsers(dest="command", required=True)
    lesson = sub.add_parser("new-lesson", help="skapa nästa lektion i en kurs från mallen")
    lesson.add_argument("course", help="kursmappens namn, t.ex. natfiske")
    lesson.add_argument("title", help="lektionens titel")
    lesson.add_argument("--root", default=".", help="projektets rotmapp")
    args = parser.parse_args(argv)
    if not args.title.strip():
        print("Ange en titel, t.ex. make lesson KURS=natfiske TITEL=\"Falska fakturor\".",
              file=sys.stderr)
        return 2
    path = new_lesson(Path(args.root).resolve(), args.course, args.title.strip())
    print(f"Skapade {path.relative_to(Path(args.root).resolve())}. Fyll i mallen och kör "
          "`make validate`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
