"""The menu of a course's own pages: this course, and a way back to all of them.

With ``navigation.prune`` Material still renders every sibling of the
current page's ancestors, so a lesson's menu named every course of its
DigComp area (at 1000 lessons a third of the page). A course page and its
lessons get a menu in which the catalogue's section holds only the link
"Alla kurser" and the current course with its lessons; every other page
keeps the whole menu. Only the context of the page being rendered changes,
never the shared navigation: previous/next, the sitemap and the other pages
see the full tree.
"""
from __future__ import annotations

import copy

from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page


def _top(item) -> Section | None:
    """The top-level section an item is in."""
    section = item.parent
    while section is not None and section.parent is not None:
        section = section.parent
    return section


def _index(section: Section) -> Page | None:
    return next((c for c in section.children if isinstance(c, Page) and c.is_index), None)


def course_menu(nav: Navigation, course: Section, all_courses: str) -> Navigation:
    """A copy of nav whose catalogue section lists all_courses (a link to the
    catalogue) and the course section only.

    The catalogue section stays the section with its index page (the heading
    still leads to the catalogue) and is active like the original: the page
    is inside it. The course section is the shared one, so its lessons and
    their active state are the build's own.
    """
    top = _top(course)
    if top is None or top not in nav.items:
        return nav
    catalogue = _index(top)
    children = [catalogue] if catalogue is not None else []
    if catalogue is not None:
        children.append(Link(all_courses, catalogue.url))
    children.append(course)
    trimmed = Section(top.title, children)
    trimmed.active = top.active  # parent None: sets no other section
    menu = copy.copy(nav)
    menu.items = [trimmed if item is top else item for item in nav.items]
    return menu


def course_section(page: Page) -> Section | None:
    """The course section a course page or lesson is in (its index's section)."""
    section = page.parent
    return section if isinstance(section, Section) and _index(section) is not None else None
