"""Where things are: source paths per language and the built site's paths.

Swedish is the default language: ``NAME.md``; a translation sits beside it
as ``NAME.<lang>.md`` (mkdocs-static-i18n's ``docs_structure: suffix``). The
plugin checks at start-up that mkdocs.yml lists the same languages.
"""
from __future__ import annotations

LANGS = ("sv", "en")
DEFAULT_LANG = "sv"


def lang_of(rel: str) -> str:
    """The language of a docs/ path: ``x.en.md`` is English, ``x.md`` Swedish."""
    for lang in LANGS:
        if lang != DEFAULT_LANG and rel.endswith(f".{lang}.md"):
            return lang
    return DEFAULT_LANG


def base_rel(rel: str) -> str:
    """The Swedish source path a file translates (itself if Swedish)."""
    lang = lang_of(rel)
    return rel if lang == DEFAULT_LANG else rel[: -len(f".{lang}.md")] + ".md"


def translated_rel(base: str, lang: str) -> str:
    """The path of a Swedish page's translation into ``lang``."""
    return base if lang == DEFAULT_LANG else base[:-3] + f".{lang}.md"


def lang_prefix(lang: str) -> str:
    return "" if lang == DEFAULT_LANG else f"{lang}/"


def page_path(base: str, lang: str) -> str:
    """The built page's folder for a docs/ path (use_directory_urls)."""
    stem = base[:-3]
    stem = stem[: -len("index")] if stem.endswith("index") else stem + "/"
    return lang_prefix(lang) + stem


def print_page_path(base: str, lang: str) -> str:
    """A course's print page: the whole course on one page."""
    return page_path(base, lang) + "utskrift/"


def pdf_path(base: str, lang: str, facilitator: bool = False) -> str:
    """Where the PDF for a page is written, relative to the site root."""
    stem = base[:-3].replace("/index", "").replace("/", "-")
    suffix = "-handledare" if facilitator else ""
    return f"{lang_prefix(lang)}pdf/{stem}{suffix}.pdf"
