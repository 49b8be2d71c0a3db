"""Source files, read once: Markdown with front matter, and YAML data files.

One YAML reader with line numbers serves both, so every finding can name
``file:line``; problems become findings, never exceptions.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .findings import ERROR, WARNING, Finding
from .paths import base_rel, lang_of

# libyaml's parser when PyYAML has it (its wheels do): about ten times faster
# on a thousand front matters, same results and error marks.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*\r?\n?", re.S)

_TAG = "tag:yaml.org,2002:"
_PLAIN_SCALARS = frozenset(_TAG + name for name in ("null", "bool", "int", "float", "timestamp"))
_SPECIAL_KEYS = (_TAG + "merge", _TAG + "value")  # `<<:` and `=:`, which the constructor rewrites


class _NotPlain(Exception):
    """A document :func:`construct` leaves to PyYAML's own constructor."""


def construct(loader: yaml.BaseLoader, node: yaml.Node) -> Any:
    """``loader.construct_document(node)``, about three times faster for what
    front matter and quiz blocks hold: mappings with plain keys, lists and the
    core scalars. Anything else (an alias, a merge key, another tag, an
    unhashable key, an error) goes to PyYAML's constructor, which gives the
    same values and raises the same errors as always."""
    try:
        return _plain(loader, node, set())
    except Exception:
        return loader.construct_document(node)


def _plain(loader: yaml.BaseLoader, node: yaml.Node, seen: set[int]) -> Any:
    if node.id == "scalar":
        if node.tag == _TAG + "str":
            return node.value
        if node.tag in _PLAIN_SCALARS:
            return loader.yaml_constructors[node.tag](loader, node)
        raise _NotPlain
    if id(node) in seen:  # shared through an alias, or recursive
        raise _NotPlain
    seen.add(id(node))
    if node.id == "sequence" and node.tag == _TAG + "seq":
        return [_plain(loader, item, seen) for item in node.value]
    if node.id == "mapping" and node.tag == _TAG + "map":
        mapping = {}
        for key_node, value_node in node.value:
            if key_node.id != "scalar" or key_node.tag in _SPECIAL_KEYS:
                raise _NotPlain
            mapping[_plain(loader, key_node, seen)] = _plain(loader, value_node, seen)
        return mapping
    raise _NotPlain


def load_yaml(text: str) -> Any:
    """``yaml.load(text, Loader=YAML_LOADER)``, constructed by :func:`construct`."""
    loader = YAML_LOADER(text)
    try:
        node = loader.get_single_node()
        return None if node is None else construct(loader, node)
    finally:
        loader.dispose()



@dataclass
class SourceFile:
    """One Markdown file, read once: front matter, body and where things are."""

    rel: str  # posix path relative to docs/
    path: Path
    text: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)  # front-matter key -> file line
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # list key -> line per item
    body: str = ""
    body_line: int = 1  # file line of the body's first line
    findings: list[Finding] = field(default_factory=list)
    readable: bool = True

    @property
    def lang(self) -> str:
        return lang_of(self.rel)

    @property
    def base_rel(self) -> str:
        """The Swedish source path this file translates (itself if Swedish)."""
        return base_rel(self.rel)

    def line_of(self, key: str, item: int | None = None) -> int:
        """The file line of a front-matter key, or of item ``item`` of its list."""
        if item is not None and item < len(self.item_lines.get(key, ())):
            return self.item_lines[key][item]
        return self.key_lines.get(key, 1)


# path -> ((size, mtime, rel, root_rel), parsed file); None: off (see below).
_REUSE: dict[str, tuple[tuple, "SourceFile"]] | None = None


def reuse_unchanged_files() -> None:
    """From now on in this process, `read_source` parses a file again only when
    its size or modification time changed. For `make serve` (build/preview.py),
    whose every save reloads the content model: at 1000 lessons parsing all
    front matter is most of that reload. A parsed file is never modified."""
    global _REUSE
    if _REUSE is None:
        _REUSE = {}


def read_source(path: Path, rel: str, root_rel: str) -> SourceFile:
    """Read one Markdown file; problems become findings, never exceptions.

    ``root_rel`` is the path shown in findings (relative to the project root).
    """
    if _REUSE is None:
        return _read_source(path, rel, root_rel)
    try:
        st = path.stat()
    except OSError:
        return _read_source(path, rel, root_rel)
    key = (st.st_size, st.st_mtime_ns, rel, root_rel)
    hit = _REUSE.get(str(path))
    if hit is None or hit[0] != key:
        hit = _REUSE[str(path)] = (key, _read_source(path, rel, root_rel))
    return hit[1]


def _read_source(path: Path, rel: str, root_rel: str) -> SourceFile:
    src = SourceFile(rel=rel, path=path)
    text, problem = read_text(path, root_rel)
    if text is None:
        src.readable = False
        src.findings.append(problem)
        return src
    return _parse(src, text, root_rel)


def read_text(path: Path, root_rel: str) -> tuple[str | None, Finding | None]:
    """A Markdown file's text, or None and the finding that says why it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, Finding(root_rel, None, "file-unreadable", ERROR,
                             f"Filen kunde inte läsas ({exc.strerror}). Kontrollera behörigheterna.")
    if b"\x00" in raw:
        return None, Finding(root_rel, None, "file-not-text", ERROR,
                             "Filen är inte en textfil (den innehåller binära data). "
                             "Spara den som UTF-8-text eller byt filändelse.")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, Finding(root_rel, line, "file-encoding", ERROR,
                             "Filen är inte sparad som UTF-8. Spara om den med "
                             "teckenkodningen UTF-8 i din editor.")


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter, or None without one; body; the body's first file line)."""
    match = FRONT_MATTER.match(text)
    if not match:
        return None, text, 1
    return match.group(1) or "", text[match.end():], text[: match.end()].count("\n") + 1


def from_text(text: str, rel: str) -> SourceFile:
    """A source parsed from text in memory (scaffolds, the benchmark's corpus)."""
    return _parse(SourceFile(rel=rel, path=Path(rel)), text, rel)


def _parse(src: SourceFile, text: str, root_rel: str) -> SourceFile:
    """Split front matter and body; a YAML problem becomes a finding."""
    src.text = text
    fm, src.body, src.body_line = split_front_matter(text)
    if fm is None:
        return src
    try:
        loader = YAML_LOADER(fm)
        try:  # parse once, keep the node for the line of each key
            node = loader.get_single_node()
            meta = construct(loader, node) if node is not None else {}
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        context = getattr(exc, "context_mark", None)
        if mark is not None and context is not None and mark.index >= len(fm):
            # An unclosed quote or bracket is only noticed at the end of the
            # front matter: point at where it was opened instead.
            mark = context
        line = 2 + mark.line if mark is not None else 1
        problem = getattr(exc, "problem", None) or "okänt fel"
        src.findings.append(Finding(root_rel, line, "front-matter-yaml", ERROR,
                                    f"Fel i sidhuvudet (YAML): {problem}. Kontrollera kolon, "
                                    "indrag med mellanslag och citattecken runt text som "
                                    "innehåller kolon."))
        return src
    except ValueError as exc:  # e.g. a date that does not exist: 2026-02-30
        src.findings.append(Finding(root_rel, 1, "front-matter-yaml", ERROR,
                                    f"Fel värde i sidhuvudet: {exc}. Kontrollera datum "
                                    "(ÅÅÅÅ-MM-DD, en dag som finns) och tal."))
        return src
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        src.findings.append(Finding(root_rel, 2, "front-matter-yaml", ERROR,
                                    "Sidhuvudet ska bestå av nycklar och värden, t.ex. `title: Min sida`."))
        return src
    src.meta = meta
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            src.key_lines[str(key_node.value)] = 2 + key_node.start_mark.line
            if isinstance(value_node, yaml.SequenceNode):
                src.item_lines[str(key_node.value)] = [2 + item.start_mark.line
                                                       for item in value_node.value]
    return src


# Data files: YAML with the line of every mapping.

LINE = "__line__"
KEY_LINES = "__key_lines__"  # key -> line of the key, for findings about one value


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records each mapping's first line under ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    mapping[KEY_LINES] = {key.value: key.start_mark.line + 1 for key, _ in node.value
                          if isinstance(key, yaml.ScalarNode)}
    return mapping


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode):
    """A date that does not exist (2027-02-30) stays text, so the event it
    belongs to is reported with its line instead of the whole file failing."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class _CLineLoader(getattr(yaml, "CSafeLoader", _LineLoader)):
    """The same with libyaml's parser: the same values and lines, faster. Its
    error messages are worded differently, so a file it cannot read is read
    again by :class:`_LineLoader` for the finding."""


_CLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_CLineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def read_yaml(path: Path, rel: str) -> tuple[Any, list[Finding]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, []
    except (OSError, UnicodeDecodeError) as exc:
        return None, [Finding(rel, None, "data-unreadable", ERROR,
                              f"Datafilen kunde inte läsas ({exc}). Spara den som UTF-8-text.")]
    try:
        return yaml.load(text, Loader=_CLineLoader), []
    except Exception:  # read again below, for the finding PyYAML's own parser gives
        pass
    try:
        return yaml.load(text, Loader=_LineLoader), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, [Finding(rel, mark.line + 1 if mark else None, "data-yaml", ERROR,
                              f"Fel i YAML: {getattr(exc, 'problem', exc)}. Kontrollera indrag "
                              "och citattecken.")]
    except ValueError as exc:  # e.g. date: 2027-02-30
        return None, [Finding(rel, None, "data-bad-date", ERROR,
                              f"Ett värde går inte att läsa: {exc}. Kontrollera att datumen "
                              "finns i kalendern (ÅÅÅÅ-MM-DD).")]


# Symbolic links: MkDocs copies what a link points at, so a link to outside
# the project would publish that file (in CI: anything the runner can read).

def find_symlinks(root: Path, folders: list[Path]) -> list[Finding]:
    """Every symlink under ``folders``: an error for one that cannot be resolved
    (dangling, a loop) or points outside ``root`` or into .git, a warning for
    the others (their targets are published as copies). Never follows a link
    while walking, so a loop cannot hang or crash it."""
    root = root.resolve()
    findings: list[Finding] = []
    for folder in folders:
        if folder.is_symlink():
            findings.append(_symlink_finding(root, folder))
            continue
        if not folder.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
            for name in sorted(dirnames + filenames):
                path = Path(dirpath) / name
                if path.is_symlink():
                    findings.append(_symlink_finding(root, path))
    return sorted(findings)


def _symlink_finding(root: Path, path: Path) -> Finding:
    try:
        shown = path.absolute().relative_to(root).as_posix()
    except ValueError:
        shown = path.as_posix()
    raw = os.readlink(path)
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling, or a loop (ELOOP / RuntimeError)
        return Finding(shown, None, "symlink-broken", ERROR,
                       f"Den symboliska länken pekar på `{raw}`, som inte finns (eller är en "
                       "länk i cirkel). Ta bort länken eller lägg in filen själv i stället.")
    if target.is_dir() and (path.parent.resolve() == target or target in path.parent.resolve().parents):
        return Finding(shown, None, "symlink-loop", ERROR,
                       f"Den symboliska länken pekar på `{raw}`, en mapp som den själv ligger i. "
                       "Bygget skulle gå runt i cirkel. Ta bort länken.")
    try:
        inside = target.relative_to(root)
    except ValueError:
        inside = None
    if inside is None or inside.parts[:1] == (".git",):
        return Finding(shown, None, "symlink-outside", ERROR,
                       f"Den symboliska länken pekar på `{raw}`, utanför projektet. Bygget "
                       "skulle publicera den filen på webbplatsen. Ta bort länken och kopiera "
                       "in filen om den verkligen ska med.")
    return Finding(shown, None, "symlink", WARNING,
                   f"Symbolisk länk till `{inside.as_posix()}`; webbplatsen får en kopia av "
                   "filen. Lägg hellre filen här direkt.")
