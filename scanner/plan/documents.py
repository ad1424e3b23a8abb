"""Read YAML or JSON plan files into plain data, remembering the line of every key and item.

Line marks let every plan error name `file:line`, the way a compiler would.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scanner.errors import PlanError
from scanner.plan.json_lines import KeyPath as KeyPath
from scanner.plan.json_lines import json_key_lines


class _PlanLoader(yaml.SafeLoader):
    """YAML 1.2 booleans only: an event called `No` or a property `on` stays a string."""


_PlanLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_PlanLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


@dataclass
class Document:
    path: str  # as shown to the user
    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line(self, path: KeyPath) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


def format_key_path(path: KeyPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def read_text(path: Path, shown: str) -> str:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise PlanError(f"cannot read plan file: {error.strerror}", shown) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise PlanError("plan file is not valid UTF-8", shown, line) from None


def is_json_text(text: str) -> bool:
    """Whether a file of unknown type holds JSON (Iglu schemas have no extension)."""
    return text.lstrip()[:1] in ("{", "[")


def load_document(path: Path, shown: str) -> Document:
    """Parse a `.json`, `.yaml` or `.yml` file; syntax errors become a `PlanError` with a line.

    A file with any other name is read as JSON when it starts like JSON, else as YAML.
    """
    text = read_text(path, shown)
    suffix = path.suffix.lower()
    as_json = suffix == ".json" or (suffix not in (".yaml", ".yml") and is_json_text(text))
    return parse_json(text, shown) if as_json else parse_yaml(text, shown)


def parse_json(text: str, shown: str) -> Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise PlanError(
            f"invalid JSON: {error.msg} (column {error.colno})", shown, error.lineno
        ) from None
    except RecursionError:
        raise PlanError("invalid JSON: nested too deeply", shown) from None
    return Document(shown, data, json_key_lines(text))


def parse_yaml(text: str, shown: str) -> Document:
    loader = _PlanLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "syntax error"
        raise PlanError(f"invalid YAML: {problem}", shown, line) from None
    except yaml.YAMLError as error:
        raise PlanError(f"invalid YAML: {error}", shown) from None
    finally:
        loader.dispose()
    document = Document(shown, data)
    if node is not None:
        _check_duplicate_keys(node, (), document)
        _mark_lines(node, (), document.lines)
    return document


def _mark_lines(node: yaml.Node, path: KeyPath, lines: dict[KeyPath, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            lines[child] = key.start_mark.line + 1
            _mark_lines(value, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _mark_lines(item, (*path, index), lines)


def _check_duplicate_keys(node: yaml.Node, path: KeyPath, document: Document) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value)
            if name in seen:
                where = format_key_path((*path, name))
                raise PlanError(
                    f"{where}: duplicate key (first defined on line {seen[name]})",
                    document.path,
                    key.start_mark.line + 1,
                )
            seen[name] = key.start_mark.line + 1
            _check_duplicate_keys(value, (*path, name), document)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _check_duplicate_keys(item, (*path, index), document)
