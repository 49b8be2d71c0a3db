"""What the plugin needs to know from mkdocs-static-i18n, in one place.

static-i18n has no public API for its build state; these are the attributes
of version 1.3 that we read (tests/test_architecture.py checks them against
the installed version). With the i18n plugin absent, the site has one
language: the theme's.
"""
from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig


def _plugin(config: MkDocsConfig):
    return config.plugins.get("i18n")


def enabled(config: MkDocsConfig) -> bool:
    return _plugin(config) is not None


def current_language(config: MkDocsConfig) -> str:
    """The language being built now."""
    plugin = _plugin(config)
    return getattr(plugin, "current_language", None) or config.theme.get("language") or "sv"


def built_languages(config: MkDocsConfig) -> list[str]:
    """Every language this build writes, in build order."""
    plugin = _plugin(config)
    if plugin is None:
        return [current_language(config)]
    return [lang.locale for lang in plugin.config.languages if lang.build]


def configured_languages(config: MkDocsConfig) -> list[str]:
    plugin = _plugin(config)
    if plugin is None:
        return [current_language(config)]
    return [lang.locale for lang in plugin.config.languages]


def inner_build(config: MkDocsConfig) -> bool:
    """True during static-i18n's extra builds of the other languages, whose
    on_post_build runs before the whole site (and its search index) is done."""
    return bool(getattr(_plugin(config), "building", False))


def nav_translations(config: MkDocsConfig) -> dict[str, str]:
    """The current language's `nav_translations` (Swedish label -> label), {} if none."""
    plugin = _plugin(config)
    language = getattr(plugin, "current_language", None)
    if plugin is None or language is None:
        return {}
    for lang in plugin.config.languages:
        if lang.locale == language:
            return dict(lang.nav_translations or {})
    return {}


def build_language(config: MkDocsConfig, lang: str | None) -> None:
    """Make static-i18n build LANG next, as its own build of the other
    languages does (the preview renders single pages per language); the
    default language is an outer build, the others inner. None: done."""
    plugin = _plugin(config)
    if plugin is None:
        return
    if lang is None:
        plugin.building = False
        return
    plugin.current_language = lang
    plugin.building = lang != plugin.default_language


# -- the other languages built in another process (build/langfork.py) ---------

def other_languages(config: MkDocsConfig) -> list[str]:
    """The languages static-i18n's on_post_build builds after the default one."""
    plugin = _plugin(config)
    if plugin is None:
        return []
    return [lang for lang in plugin.build_languages if lang != plugin.current_language]


def build_other_languages(config: MkDocsConfig) -> list[dict]:
    """What static-i18n's on_post_build does for the other languages: their
    builds into the same site (no cleaning), its log filter on; returns the
    search entries those builds stacked up."""
    from mkdocs import utils
    from mkdocs.commands.build import build
    from mkdocs_static_i18n.utils import I18nLoggingFilter

    plugin = _plugin(config)
    before = len(plugin.search_entries)
    build_logger = logging.getLogger("mkdocs.commands.build")
    quiet = I18nLoggingFilter()
    quiet.filtered_prefixes.update(("Documentation built in", "Building documentation to directory"))
    build_logger.addFilter(quiet)
    utils.clean_directory = lambda x: x
    plugin.building = True
    for locale in other_languages(config):
        plugin.current_language = locale
        build(config)
    return plugin.search_entries[before:]


def skip_other_languages(config: MkDocsConfig) -> None:
    """Another process builds them: static-i18n's on_post_build only stacks
    up the default language's search entries (as in one of its inner builds)."""
    plugin = _plugin(config)
    if plugin is not None:
        plugin.building = True


def adopt_other_languages(config: MkDocsConfig, languages: list[str], entries: list[dict]) -> None:
    """The other languages' builds are done: static-i18n's state as after its
    own loop, and the combined search index written as it writes it."""
    plugin = _plugin(config)
    plugin.search_entries.extend(entries)
    if languages:
        plugin.current_language = languages[-1]
    plugin.building = False
    plugin.reconfigure_search_index(config)


def forget_page_alternates(config: MkDocsConfig) -> None:
    """static-i18n sets a page's language links as the attribute
    ``config.extra.alternate`` but resets them, per build, as the item
    ``config.extra["alternate"]``; templates read the attribute, so the next
    build's 404 page linked to the last page of the build before. Dropping
    the attribute shows the item: the languages' start pages."""
    vars(config.extra).pop("alternate", None)
