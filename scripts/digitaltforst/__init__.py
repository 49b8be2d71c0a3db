"""Digitalt först: kursmaterial — the tooling package.

- :mod:`.content`   the one content model (docs/ and data/, read once)
- :mod:`.l10n`      UI strings, dates and plurals
- :mod:`.build`     the MkDocs plugin and what it renders (the only MkDocs code)
- :mod:`.search`    the search index and its lexicon
- :mod:`.validate`  the validator's rules
- :mod:`.pdf`       PDFs through headless Chromium
"""
