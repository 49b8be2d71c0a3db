"""New content from the templates: the next numbered lesson of a course.

Shared by `make lesson` (:mod:`digitaltforst.cli`) and the benchmark's corpus.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from importlib import resources
from pathlib import Path

import yaml

from .site import load_site
from .vocabulary import LESSON_FILE
from .paths import DEFAULT_LANG, lang_of


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def lesson_template() -> str:
    return resources.files("digitaltforst.content").joinpath("lesson_template.md").read_text("utf-8")


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
        raise ValueError(f"Kursen `{course}` finns inte (ingen docs/kurser/{course}/index.md). "
                         "Ange kursmappens namn, t.ex. natfiske.")
    numbers = [int(m.group(1)) for p in folder.glob("*.md")
               if (m := LESSON_FILE.match(p.stem)) and lang_of(p.name) == DEFAULT_LANG]
    number = max(numbers, default=0) + 1
    slug = slugify(title) or "lektion"
    ids = load_site(root).lesson_ids()
    prefix = course.split("-")[0][:8]
    lesson_id, n = f"{prefix}-{slug}"[:40].rstrip("-"), 2
    while lesson_id in ids:
        lesson_id, n = f"{prefix}-{slug}-{n}"[:44], n + 1
    path = folder / f"{number:02d}-{slug}.md"
    text = lesson_template().format(title=yaml_scalar(title.replace(":", " –")), id=lesson_id,
                                    today=dt.date.today().isoformat())
    path.write_text(text, encoding="utf-8")
    return path
