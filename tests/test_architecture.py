"""The package's layout rules: which parts may import MkDocs, no import
cycles, static-i18n read in one place, the benchmark outside the package."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "scripts" / "digitaltforst"
# Parts that must work without MkDocs: the validator, the search index and
# the benchmark's corpus use them outside a build.
MKDOCS_FREE = ("content", "search", "validate", "l10n", "offline")
MKDOCS = ("mkdocs", "material", "mkdocs_static_i18n")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(name: str, path: Path) -> set[str]:
    """Every module a file imports, at any depth of the file (lazy imports count)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            found.add(prefix)
            # `from .. import l10n` imports a module, not a name
            found |= {f"{prefix}.{alias.name}" for alias in node.names}
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: {i for i in imports_of(name, path) if i in mods} for name, path in mods.items()}


def external(name: str) -> set[str]:
    mods = modules()
    return {i.split(".")[0] for i in imports_of(name, mods[name]) if not i.startswith("digitaltforst")}


def closure(start: str, edges: dict[str, set[str]]) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        for nxt in edges.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_the_parts_exist():
    for part in (*MKDOCS_FREE, "build", "pdf"):
        assert (PACKAGE / part / "__init__.py").is_file(), part
    assert not (PACKAGE / "bench.py").exists()
    assert (ROOT / "benchmarks" / "__main__.py").is_file()


@pytest.mark.parametrize("part", MKDOCS_FREE)
def test_part_imports_no_mkdocs_even_indirectly(part):
    edges = graph()
    for name in edges:
        if name.split(".")[1:2] != [part]:
            continue
        reached = {name} | closure(name, edges)
        bad = {(m, e) for m in reached for e in external(m) if e in MKDOCS}
        assert not bad, f"{name} importerar MkDocs via {sorted(bad)}"
        assert not any(m.startswith(("digitaltforst.build", "digitaltforst.pdf")) for m in reached), \
            f"{name} når {sorted(m for m in reached if m.startswith('digitaltforst.build'))}"


def test_the_rules_can_fail():
    """The checks above see a MkDocs import where there is one."""
    assert "mkdocs" in external("digitaltforst.build.plugin")
    assert "digitaltforst.content.site" in graph()["digitaltforst.build.plugin"]


def test_no_import_cycles():
    edges = graph()
    cycles = sorted(name for name in edges if name in closure(name, edges))
    assert not cycles, f"importcykler genom {cycles}"


def test_static_i18n_state_is_read_in_one_module():
    adapter = PACKAGE / "build" / "i18n_state.py"
    markers = ('plugins.get("i18n")', "current_language", ".building")
    for path in PACKAGE.rglob("*.py"):
        if path == adapter:
            continue
        text = path.read_text(encoding="utf-8")
        hits = [m for m in markers if m in text.replace("i18n_state.current_language", "")]
        assert not hits, f"{path.relative_to(ROOT)} läser static-i18n direkt: {hits}"


def test_i18n_adapter_against_the_installed_static_i18n():
    from mkdocs.config import load_config

    from digitaltforst.build import i18n_state
    from digitaltforst.content.paths import LANGS

    config = load_config(str(ROOT / "mkdocs.yml"))
    assert i18n_state.configured_languages(config) == list(LANGS)
    assert i18n_state.built_languages(config) == list(LANGS)
    config = config.plugins.on_config(config)  # static-i18n sets its state here
    assert i18n_state.current_language(config) == "sv"
    assert i18n_state.inner_build(config) is False


def test_benchmark_is_not_in_the_package():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    find = project["tool"]["setuptools"]["packages"]["find"]
    assert find["where"] == ["scripts"] and not (ROOT / "scripts" / "benchmarks").exists()
