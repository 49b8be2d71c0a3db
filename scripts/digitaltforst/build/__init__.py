"""The MkDocs side: the plugin and everything it renders into the site.

The only part of the package that imports MkDocs, Material or static-i18n
(static-i18n only through :mod:`.i18n_state`).
"""
