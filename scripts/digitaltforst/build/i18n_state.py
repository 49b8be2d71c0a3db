"""What the plugin needs to know from mkdocs-static-i18n, in one place.

static-i18n has no public API for its build state; these are the attributes
of version 1.3 that we read (tests/test_architecture.py checks them against
the installed version). With the i18n plugin absent, the site has one
language: the theme's.
"""
from __future__ import annotations

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
