"""Site search: the lexicon (Hunspell, simplemma) and the per-language index
the browser loads in fragments. No MkDocs here: the plugin calls
:func:`digitaltforst.search.index.rewrite_site_index` after the build."""
