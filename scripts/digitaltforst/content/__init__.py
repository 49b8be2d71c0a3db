"""The content model: read docs/ and data/ once, check them, look things up.

Imports nothing from MkDocs: the validator, the search index and the
benchmark use it without a build.
"""
from .findings import ERROR, WARNING, Finding
from .paths import DEFAULT_LANG, LANGS
from .site import Course, Handout, Lesson, Site, load_site

__all__ = ["ERROR", "WARNING", "Finding", "DEFAULT_LANG", "LANGS", "Course", "Handout",
           "Lesson", "Site", "load_site"]
