"""Symbols for the JavaScript functions whose parameters reached a call unchanged.

Each gets a `Symbol` under its path, with its parameters, so call sites in other files can
bind their arguments; a function-local function that its enclosing hook returns
(`return { track }`) is also named by what the hook returns (`useAnalytics.["()"].track`).
"""

from __future__ import annotations

import posixpath

from scanner.javascript.declarations import Binding
from scanner.javascript.functions import (
    CALL,
    MEMO_HOOKS,
    PROTOTYPE,
    Functions,
    enclosing_function,
    hook_argument,
    returned,
)
from scanner.javascript.literals import unwrap
from scanner.javascript.modules import key_component, target
from scanner.javascript.parse import Node, text
from scanner.javascript.syntax import property_key
from scanner.model import Location, NameExpr, Reference, Symbol, SymbolKind


class Symbols:
    def __init__(self, functions: Functions) -> None:
        self.functions = functions
        self.names = functions.names
        self.scopes = functions.scopes

    def build(self) -> dict[str, NameExpr]:
        """Symbols for the functions whose parameters reached a call, and the names their
        enclosing hooks return them under (`return { track }`)."""
        found: dict[str, NameExpr] = {}
        for key, function in sorted(self.functions.used.items()):
            path = self.functions.path(function) or []
            aliases = self._escapes(function, path)
            line, column = self.functions.positions.start(function)
            found[key] = Symbol(
                key=key,
                kind=SymbolKind.FUNCTION,
                # by the name callers know it: `useAnalytics().track`, not the local `track`
                name=self.display(aliases[0] if aliases else path),
                location=Location(self.names.path, line, column),
                params=self.functions.params(function),
            )
            for alias in aliases:
                found.setdefault(target(self.names.module, alias), Reference(key))
        return found

    def _escapes(self, function: Node, path: list[str]) -> list[list[str]]:
        """Where a function-local function leaves its function: `return track`,
        `return { track }`, `return { track: send }`, also through `useMemo`."""
        if not path or "@" not in path[0] or len(path) != 1:
            return []
        declarator = function.parent
        while declarator is not None and declarator.type != "variable_declarator":
            declarator = declarator.parent
        name = declarator.child_by_field_name("name") if declarator is not None else None
        binding = self.scopes.lookup(name) if name is not None else None
        owner = enclosing_function(declarator) if declarator is not None else None
        head = self.functions.path(owner) if owner is not None else None
        if binding is None or owner is None or head is None:
            return []
        aliases = []
        for result in returned(owner):
            value = unwrap(result)
            factory = hook_argument(value, MEMO_HOOKS)
            if factory is not None:
                body = factory.child_by_field_name("body")
                value = (
                    unwrap(body) if body is not None and body.type != "statement_block" else value
                )
            if value.type == "identifier" and self.scopes.lookup(value) is binding:
                aliases.append([*head, CALL])
            elif value.type == "object":
                for child in value.named_children:
                    item = child if child.type == "shorthand_property_identifier" else None
                    key = text(child) if item is not None else None
                    if child.type == "pair":
                        key_node = child.child_by_field_name("key")
                        item = child.child_by_field_name("value")
                        key = property_key(key_node) if key_node is not None else None
                    if item is not None and key is not None and self._names(item, binding):
                        aliases.append([*head, CALL, key_component(key)])
        return aliases

    def _names(self, node: Node, binding: Binding) -> bool:
        node = unwrap(node)
        return node.type in ("identifier", "shorthand_property_identifier") and (
            self.scopes.lookup(node) is binding
        )

    def display(self, path: list[str]) -> str:
        """A function's path for people: `useAnalytics().track`, `Tracker.track`."""
        shown = ""
        for part in path:
            if part == CALL:
                shown += "()"
            elif part == PROTOTYPE:
                continue
            else:
                name = part.split("@", 1)[0]
                if name.startswith('["'):
                    name = name[2:-2]
                shown += name if not shown else "." + name
        if shown.startswith("default"):
            stem = posixpath.basename(self.names.module)
            if stem == "index":
                stem = posixpath.basename(posixpath.dirname(self.names.module)) or stem
            shown = f"{stem} (default export)" + shown[len("default") :]
        return shown
