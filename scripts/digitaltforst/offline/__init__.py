"""Offline use: what a service worker saves, and a whole-site copy for file://.

Runs on the finished site folder after the build (the plugin calls
:func:`finish` last) and imports no MkDocs, so it can run on any built site:

- :mod:`.sitecopy` writes ``offline/digitalt-forst.zip``: both languages,
  links pointing at ``…/index.html``, ES modules bundled into classic scripts
  (:mod:`.jsbundle`) and the search index as scripts, since a page opened from
  ``file://`` can neither fetch nor import.
- :mod:`.manifest` writes ``offline/manifest.json`` (each course's files, what
  every saved course needs, a hash per file) and the build's version into
  ``sw.js``, the service worker behind "Spara kursen för offline".
"""
from __future__ import annotations

ZIP_PATH = "offline/digitalt-forst.zip"
MANIFEST_PATH = "offline/manifest.json"
OFFLINE_PAGE = "utan-nat/"
