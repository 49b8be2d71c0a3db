"""Knowledge checks: the ```quiz fence rendered at build time.

The HTML works without JavaScript (the answers sit in a <details>); app.js
adds immediate feedback. The syntax is documented in "Skriv kursmaterial".
"""
from __future__ import annotations

import hashlib
import html

from ..content.quiz import QuizError, parse
from ..l10n import t

# Set by the plugin before each page is converted, so the fence can speak the
# page's language (superfences gives the formatter no page).
CURRENT_LANG = "sv"
# The lesson being converted (its id) and how many checks it has shown so far:
# a lesson's checks are "<lesson id>-k1", "-k2", … in page order, so the reader's
# answers (kept in the browser) survive edits to a check's wording and the
# course page can count them (content.quiz.count_blocks gives the same number).
CURRENT_LESSON: str | None = None
_seen = 0


def start_page(lang: str, lesson_id: str | None) -> None:
    """Called by the plugin before each page is converted."""
    global CURRENT_LANG, CURRENT_LESSON, _seen
    CURRENT_LANG, CURRENT_LESSON, _seen = lang, lesson_id, 0


def check_ids(lesson_id: str, count: int) -> list[str]:
    return [f"{lesson_id}-k{n}" for n in range(1, count + 1)]


def fence_validator(language, inputs, options, attrs, md) -> bool:
    return True


def fence_format(source, language, css_class, options, md, **kwargs) -> str:
    lang = CURRENT_LANG
    try:
        data = parse(source)
    except QuizError as exc:
        # The validator stops the build before this; keep the page readable anyway.
        return f'<div class="admonition failure"><p>{html.escape(str(exc))}</p></div>'
    global _seen
    if CURRENT_LESSON:
        _seen += 1
        check = check_ids(CURRENT_LESSON, _seen)[-1]
    else:  # a check outside a lesson (the author guide's example): not counted
        check = "x" + hashlib.sha1(source.encode("utf-8")).hexdigest()[:8]
    qid = "quiz-" + check
    esc = html.escape
    parts = [f'<div class="dfs-quiz" id="{qid}" data-dfs-quiz="{esc(check)}">',
             f'<fieldset><legend><span class="dfs-quiz__label">{esc(t(lang, "quiz_legend"))}</span> '
             f'{esc(data["question"])}</legend>']
    for i, option in enumerate(data["options"]):
        oid = f"{qid}-{i}"
        correct = "true" if option.get("correct") else "false"
        parts.append(
            f'<div class="dfs-quiz__option"><input type="radio" name="{qid}" id="{oid}" '
            f'value="{i}" data-correct="{correct}"><label for="{oid}">{esc(option["text"])}</label>'
            f'<p class="dfs-quiz__why" data-why="{i}" hidden>{esc(option["explanation"])}</p></div>')
    parts.append("</fieldset>")
    parts.append(f'<button type="button" class="md-button" data-dfs-quiz-check hidden>'
                 f'{esc(t(lang, "quiz_check"))}</button>')
    parts.append('<p class="dfs-quiz__feedback" role="status" aria-live="polite"></p>')
    answers = "".join(
        f'<li>{"<strong>" + esc(t(lang, "quiz_correct")) + ":</strong> " if o.get("correct") else ""}'
        f'{esc(o["text"])} – {esc(o["explanation"])}</li>' for o in data["options"])
    parts.append(f'<details class="dfs-quiz__answers"><summary>{esc(t(lang, "quiz_show"))}</summary>'
                 f'<ul>{answers}</ul></details>')
    parts.append("</div>")
    return "".join(parts)
