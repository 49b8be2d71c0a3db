"""ES modules as classic scripts, for pages opened from ``file://``.

Chromium loads no ``<script type="module">`` and no ``import()`` from
``file://`` (the origin is opaque), but it runs classic scripts. This turns
the site's own modules into classic scripts that register with one small
runtime (``file_runtime.js``, loaded first on every page of the copy): each
module becomes ``__dfsDefine(path, function (__exports) {...})``, its imports
``__dfsRequire(path)``, so a module shared by several entry scripts still runs
once. The forms our code uses are supported; any other ``import``/``export``
form stops the build with its line, instead of a copy that fails in a browser.

Limits: ``import {x}`` copies the value when the module runs (no live
binding for a ``let`` reassigned later); ``export ... from`` is refused.
"""
from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

_SPEC = r"""(?P<q>["'])(?P<spec>[^"'\n]+)(?P=q)"""
IMPORT_FROM = re.compile(r"^[ \t]*import\s+(?P<clause>[\w$*{}\s,]+?)\s+from\s+" + _SPEC + r"[ \t]*;?",
                         re.M)
IMPORT_BARE = re.compile(r"^[ \t]*import\s+" + _SPEC + r"[ \t]*;?", re.M)
DYNAMIC = re.compile(r"\bimport\(\s*" + _SPEC + r"\s*\)")
EXPORT_DECL = re.compile(r"^([ \t]*)export\s+(?=(?:async\s+)?function\b|class\b|const\b|let\b|var\b)",
                         re.M)
EXPORT_LIST = re.compile(r"^[ \t]*export\s*\{(?P<names>[^}]*)\}[ \t]*;?[ \t]*$", re.M)
EXPORT_DEFAULT = re.compile(r"^([ \t]*)export\s+default\s+", re.M)
LEFTOVER = re.compile(r"^[ \t]*(?:import(?!\s*\()|export)\b.*$", re.M)
DECL_NAME = re.compile(r"(?:async\s+)?function\s*\*?\s*([\w$]+)|class\s+([\w$]+)|(?:const|let|var)\s+([\w$]+)\s*=")
IMPORT_META = re.compile(r"\bimport\.meta\b")


class BundleError(ValueError):
    pass


def imports(source: str) -> list[str]:
    """Every module specifier a script imports (static and import())."""
    found = [m["spec"] for m in IMPORT_FROM.finditer(source)]
    found += [m["spec"] for m in IMPORT_BARE.finditer(source)]
    found += [m["spec"] for m in DYNAMIC.finditer(source)]
    return found


def _target(path: str, spec: str) -> str:
    if not spec.startswith(("./", "../")):
        raise BundleError(f"{path}: only relative imports can be bundled ({spec!r})")
    return posixpath.normpath(posixpath.join(posixpath.dirname(path), spec))


def _line(source: str, pos: int) -> int:
    return source.count("\n", 0, pos) + 1


def _clause(clause: str, target: str, path: str) -> str:
    """`import CLAUSE from "x"` -> const declarations."""
    req = f"__dfsRequire({json.dumps(target)})"
    clause = " ".join(clause.split())
    parts, out = [], []
    if "{" in clause:
        head, _, rest = clause.partition("{")
        names, _, tail = rest.partition("}")
        if tail.strip():
            raise BundleError(f"{path}: cannot bundle import {{...}} {tail.strip()}")
        parts = [p.strip() for p in head.split(",") if p.strip()]
        pairs = []
        for item in (n.strip() for n in names.split(",")):
            if not item:
                continue
            name, _, alias = (s.strip() for s in item.partition(" as "))
            pairs.append(f"{name}: {alias}" if alias else name)
        out.append(f"const {{ {', '.join(pairs)} }} = {req};")
    else:
        parts = [p.strip() for p in clause.split(",") if p.strip()]
    for part in parts:
        if part.startswith("*"):
            name = part.split(" as ", 1)[1].strip()
            out.insert(0, f"const {name} = {req};")
        elif re.fullmatch(r"[\w$]+", part):
            out.insert(0, f"const {part} = {req}.default;")
        else:
            raise BundleError(f"{path}: cannot bundle import {part!r}")
    return " ".join(out)


def _rewrite_imports(source: str, path: str) -> tuple[str, list[str]]:
    deps: list[str] = []

    def static(m: re.Match) -> str:
        target = _target(path, m["spec"])
        deps.append(target)
        return _clause(m["clause"], target, path)

    def bare(m: re.Match) -> str:
        target = _target(path, m["spec"])
        deps.append(target)
        return f"__dfsRequire({json.dumps(target)});"

    def dynamic(m: re.Match) -> str:
        target = _target(path, m["spec"])
        deps.append(target)
        return f"Promise.resolve().then(() => __dfsRequire({json.dumps(target)}))"

    source = IMPORT_FROM.sub(static, source)
    source = IMPORT_BARE.sub(bare, source)
    source = DYNAMIC.sub(dynamic, source)
    return source, deps


def module(source: str, path: str) -> tuple[str, list[str]]:
    """One ES module as a __dfsDefine() call; returns (code, dependencies)."""
    source, deps = _rewrite_imports(source, path)
    exported: dict[str, str] = {}

    def decl(m: re.Match) -> str:
        name = DECL_NAME.match(source, m.end())
        if not name:
            raise BundleError(f"{path}:{_line(source, m.start())}: cannot bundle this export")
        local = next(g for g in name.groups() if g)
        exported[local] = local
        return m.group(1)

    def listed(m: re.Match) -> str:
        for item in (n.strip() for n in m["names"].split(",")):
            if item:
                local, _, alias = (s.strip() for s in item.partition(" as "))
                exported[alias or local] = local
        return ""

    source = EXPORT_DECL.sub(decl, source)
    source = EXPORT_LIST.sub(listed, source)
    source = EXPORT_DEFAULT.sub(lambda m: f"{m.group(1)}__exports.default = ", source)
    left = LEFTOVER.search(source)
    if left:
        raise BundleError(f"{path}:{_line(source, left.start())}: cannot bundle {left.group(0).strip()!r}")
    source = IMPORT_META.sub("__dfsMeta", source)
    getters = ", ".join(f"{json.dumps(name)}: {{ get: () => {local}, enumerable: true }}"
                        for name, local in exported.items())
    code = (f"__dfsDefine({json.dumps(path)}, function (__exports) {{\n\"use strict\";\n"
            f"const __dfsMeta = {{ url: new URL({json.dumps(path)}, __dfsRoot).href }};\n"
            f"Object.defineProperties(__exports, {{ {getters} }});\n{source}\n}});\n")
    return code, deps


def _graph(site: Path, entries: list[str], skip: set[str]) -> list[str]:
    """Module definitions for entries and their imports, dependencies first."""
    out: list[str] = []
    seen: set[str] = set(skip)

    def visit(path: str) -> None:
        if path in seen:
            return
        seen.add(path)
        file = site / path
        if not file.is_file():
            raise BundleError(f"{path}: imported but not in the site")
        code, deps = module(file.read_text(encoding="utf-8"), path)
        for dep in deps:
            visit(dep)
        out.append(code)

    for entry in entries:
        visit(entry)
    return out


def entry_script(site: Path, path: str) -> str:
    """A classic script that runs the module at path (with its imports)."""
    return "".join(_graph(site, [path], set())) + f"__dfsRequire({json.dumps(path)});\n"


def worker_script(site: Path, path: str) -> str:
    """A classic worker script as a factory the runtime's Worker stand-in
    runs on the page: ``self``, ``fetch`` and ``importScripts`` are its own."""
    source, deps = _rewrite_imports((site / path).read_text(encoding="utf-8"), path)
    left = LEFTOVER.search(source)
    if left:
        raise BundleError(f"{path}:{_line(source, left.start())}: cannot bundle {left.group(0).strip()!r}")
    modules = "".join(_graph(site, deps, set()))
    return (modules + f"__dfsWorker({json.dumps(path)}, function (self, fetch, importScripts) {{\n"
            f"\"use strict\";\n{source}\n}});\n")
