"""Knowledge checks: the ```quiz block's syntax (YAML inside the fence).

The build renders it (:mod:`digitaltforst.build.quiz`); the validator checks
it with the same :func:`parse`. The syntax is documented in "Skriv kursmaterial".
"""
from __future__ import annotations

import re

import yaml

from .sources import load_yaml


class QuizError(ValueError):
    """A quiz block that breaks the syntax; the message is Swedish."""


def parse(source: str) -> dict:
    """Parse and check one quiz block; raise QuizError with a Swedish hint."""
    try:
        data = load_yaml(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (rad {mark.line + 1} i blocket)" if mark else ""
        raise QuizError(f"Kunskapskollen är inte giltig YAML{where}: "
                        f"{getattr(exc, 'problem', exc)}. Sätt citattecken runt text med kolon.")
    except ValueError as exc:  # a value that looks like a date but is none: 2026-02-30
        raise QuizError(f"Ett värde i kunskapskollen går inte att läsa ({exc}). Sätt citattecken "
                        "runt text som ser ut som ett datum eller tal.")
    if not isinstance(data, dict) or not isinstance(data.get("question"), str):
        raise QuizError("Kunskapskollen behöver `question:` med frågan och `options:` med svaren.")
    options = data.get("options")
    if not isinstance(options, list) or len(options) < 2:
        raise QuizError("Kunskapskollen behöver minst två svarsalternativ under `options:`.")
    for i, option in enumerate(options, 1):
        if not isinstance(option, dict) or not isinstance(option.get("text"), str):
            raise QuizError(f"Svarsalternativ {i} saknar `text:`.")
        if not isinstance(option.get("explanation"), str) or not option["explanation"].strip():
            raise QuizError(f"Svarsalternativ {i} saknar `explanation:` (förklaringen som visas).")
        if not isinstance(option.get("correct", False), bool):
            raise QuizError(f"Svarsalternativ {i}: `correct:` ska vara true eller false.")
    right = sum(1 for o in options if o.get("correct") is True)
    if right != 1:
        raise QuizError(f"Kunskapskollen har {right} rätta svar; exakt ett alternativ ska ha "
                        "`correct: true`.")
    return data


# An opening ```quiz (or ~~~quiz) fence, also indented inside a box.
_OPEN = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*quiz\b", re.M)


def count_blocks(body: str) -> int:
    """How many knowledge checks a page body holds (the build numbers them in order)."""
    return len(_OPEN.findall(body))
