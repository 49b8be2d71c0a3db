"""Task-list checkboxes get their item's text as accessible name.

pymdownx.tasklist writes the checkbox as stashed raw HTML with no label; a
screen reader then announces "checkbox" and nothing else. This tree
processor runs after the inline pass, so each item's text is final, and
works for tight and loose lists (an item's text inside a <p>) alike.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html import escape

from markdown import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import STX, ETX

PLACEHOLDER = re.compile(f"{STX}wzxhzdk:(\\d+){ETX}")
NESTED_LISTS = ("ul", "ol")


def _text(element: etree.Element) -> str:
    """The element's text without nested lists and stash placeholders."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in NESTED_LISTS:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return PLACEHOLDER.sub("", "".join(parts))


class TaskLabels(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        blocks = self.md.htmlStash.rawHtmlBlocks
        for li in root.iter("li"):
            if "task-list-item" not in (li.get("class") or "").split():
                continue
            holder = li if PLACEHOLDER.match(li.text or "") else None
            if holder is None and len(li) and li[0].tag == "p":
                holder = li[0] if PLACEHOLDER.match(li[0].text or "") else None
            if holder is None:
                continue
            index = int(PLACEHOLDER.match(holder.text).group(1))
            name = " ".join(_text(li).split())[:120]
            if name and isinstance(blocks[index], str) and "aria-label" not in blocks[index]:
                blocks[index] = blocks[index].replace(
                    '<input type="checkbox"', f'<input type="checkbox" aria-label="{escape(name, quote=True)}"', 1)


class TaskLabelsExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # After pymdownx.tasklist (25) and the inline pass (20).
        md.treeprocessors.register(TaskLabels(md), "dfs-task-labels", 15)
