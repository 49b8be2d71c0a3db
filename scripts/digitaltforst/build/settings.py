"""mkdocs.yml as the validator needs it, read by MkDocs itself (`!ENV`,
`INHERIT` and plugin defaults included)."""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from ..validate.main import Settings, SettingsError


class _Collect(logging.Handler):
    """MkDocs logs what is wrong with the config, then raises a bare Abort."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def load(root: Path) -> Settings:
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    level, propagate = logger.level, logger.propagate
    # Our own message says what is wrong; MkDocs' notices (e.g. about 2.0) are not ours.
    logger.setLevel(logging.ERROR)
    logger.propagate = False
    logger.addHandler(collect)
    try:
        try:
            config = load_config(str(root / "mkdocs.yml"))
        except Abort:
            # The validator needs no theme: a project without overrides/ (a
            # checkout of docs/ only, the tests' small projects) still validates.
            collect.messages.clear()
            config = load_config(str(root / "mkdocs.yml"), theme={"name": "material"})
    except (Abort, ConfigurationError, OSError) as exc:
        raise SettingsError("; ".join(collect.messages) or str(exc)) from None
    finally:
        logger.removeHandler(collect)
        logger.setLevel(level)
        logger.propagate = propagate
    plugin = config.plugins.get("digitaltforst")
    toc = config.mdx_configs.get("toc") or {}
    options = {}
    if plugin is not None:
        options = {"iframe_allowlist": list(plugin.config.iframe_allowlist),
                   "review_interval_months": plugin.config.review_interval_months,
                   "today": plugin.config.today}
    contact = (config.extra or {}).get("contact")
    options["contact"] = dict(contact) if isinstance(contact, dict) else None
    if toc.get("slugify"):
        options["slugify"] = toc["slugify"]
    return Settings(docs_dir=Path(config.docs_dir), **options)
