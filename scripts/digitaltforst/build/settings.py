"""mkdocs.yml as the validator needs it, read by MkDocs itself (`!ENV`,
`INHERIT` and plugin defaults included)."""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from ..validate.main import Settings, SettingsError


def load(root: Path) -> Settings:
    # load_config logs its own warnings (e.g. MkDocs 2.0 notices): not ours.
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    try:
        try:
            config = load_config(str(root / "mkdocs.yml"))
        except Abort:
            # The validator needs no theme: a project without overrides/ (a
            # checkout of docs/ only, the tests' small projects) still validates.
            config = load_config(str(root / "mkdocs.yml"), theme={"name": "material"})
    except (ConfigurationError, Abort, OSError) as exc:
        raise SettingsError(str(exc)) from None
    plugin = config.plugins.get("digitaltforst")
    toc = config.mdx_configs.get("toc") or {}
    return Settings(docs_dir=Path(config.docs_dir),
                    iframe_allowlist=list(plugin.config.iframe_allowlist) if plugin else [],
                    **({"slugify": toc["slugify"]} if toc.get("slugify") else {}))
