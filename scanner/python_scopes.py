"""Which assignments a Python name can refer to: libcst's scope rules, at a fraction of the cost.

`NameReader` asks one question of a name: which bindings can it refer to where it is used
(`scope[name]` in libcst's terms, flow-insensitive: every binding in the scope, wherever it
sits). libcst's `ScopeProvider` answers it for every node of the module, but it needs its
`ExpressionContextProvider`, two full visits that rebuild the tree, and accesses nobody here
reads: about half of a full extraction. `FastScopes` keeps only what the question needs:
the assignments of each scope and the scope of each visited name, recorded by
`scanner.python_walk` in the same pass that collects calls.

The scope classes below follow `libcst.metadata.scope_provider` rule for rule (global and
nonlocal declarations, class scopes hidden from nested functions, comprehension and PEP 695
annotation scopes, builtins), so both give the same answers; `LibcstScopes` adapts the
original, which extraction still uses where the fast pass cannot promise that
(`scanner.python_walk.Unsupported`), and tests compare the two on every fixture.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

import libcst as cst
from libcst.metadata import Assignment, GlobalScope, Scope


@dataclass(frozen=True, slots=True)
class Binding:
    """One assignment a name may refer to."""

    # The assigning node (a target `Name`, a `Param`, an import...); None for a builtin.
    node: cst.CSTNode | None
    in_module: bool  # bound in the module's own (global) scope
    scope_node: cst.CSTNode | None  # the function, class... whose scope holds it; None: module


BUILTIN = Binding(None, False, None)


class NameScopes(Protocol):
    def lookup(self, name: cst.Name) -> Sequence[Binding] | None:
        """Every binding `name` may refer to where it is used; None when the name was not
        visited by the scope analysis (an attribute's name, a keyword argument's...)."""


class LibcstScopes:
    """`NameScopes` over libcst's own `ScopeProvider` metadata (the reference)."""

    def __init__(self, scopes: Mapping[cst.CSTNode, Scope | None]) -> None:
        self.scopes = scopes

    def lookup(self, name: cst.Name) -> Sequence[Binding] | None:
        scope = self.scopes.get(name)
        if scope is None:
            return None
        return [
            Binding(a.node, isinstance(a.scope, GlobalScope), getattr(a.scope, "node", None))
            if isinstance(a, Assignment)
            else BUILTIN
            for a in scope[name.value]
        ]


class Kind(Enum):
    BUILTIN = "builtin"
    GLOBAL = "global"
    FUNCTION = "function"
    CLASS = "class"
    COMPREHENSION = "comprehension"
    ANNOTATION = "annotation"  # PEP 695 type parameters and aliases


class FastScope:
    __slots__ = ("assignments", "kind", "node", "overwrites", "parent")

    def __init__(self, kind: Kind, parent: FastScope | None, node: cst.CSTNode | None) -> None:
        self.kind = kind
        self.parent: FastScope = parent if parent is not None else self
        self.node = node
        self.assignments: dict[str, list[Binding]] = {}
        self.overwrites: dict[str, FastScope] = {}  # `global x` / `nonlocal x`

    @property
    def is_local(self) -> bool:
        return self.kind not in (Kind.BUILTIN, Kind.GLOBAL)

    def child(self, kind: Kind, node: cst.CSTNode) -> FastScope:
        return FastScope(kind, self, node)

    def module(self) -> FastScope:
        scope = self
        while scope.kind is not Kind.GLOBAL:
            scope = scope.parent
        return scope

    # -- recording ------------------------------------------------------------
    def record(self, name: str, node: cst.CSTNode) -> None:
        target = self._assignment_target(name)
        in_module = target.kind is Kind.GLOBAL
        binding = Binding(node, in_module, None if in_module else target.node)
        target.assignments.setdefault(name, []).append(binding)

    def _assignment_target(self, name: str) -> FastScope:
        if self.is_local and name in self.overwrites:
            first = self.overwrites[name]
            return _next_visible_parent(self, self, first)._assignment_target(name)
        return self

    def declare_global(self, name: str) -> None:
        if self.is_local:
            self.overwrites[name] = self.module()

    def declare_nonlocal(self, name: str) -> None:
        if not self.is_local:
            # What libcst does too: the extraction fails with an internal error.
            raise NotImplementedError("nonlocal declaration not allowed at module level")
        self.overwrites[name] = self.parent

    # -- lookups ----------------------------------------------------------------
    def resolve(self, name: str, start: FastScope) -> list[Binding]:
        """`scope[name]` as seen from `start` (libcst's `_resolve_scope_for_access`)."""
        if self.kind is Kind.BUILTIN:
            return [BUILTIN] if hasattr(builtins, name) else []
        if self.kind is Kind.GLOBAL:
            if name in self.assignments:
                return self.assignments[name]
            parent = _next_visible_parent(self, start)
            return parent.resolve(name, parent)
        if name in self.overwrites:
            return _next_visible_parent(self, start, self.overwrites[name]).resolve(name, start)
        if name in self.assignments:
            return self.assignments[name]
        return _next_visible_parent(self, start).resolve(name, start)


def _visible_from(scope: FastScope, start: FastScope) -> bool:
    # A class body's names are not visible in the functions nested in it.
    if scope.kind is Kind.CLASS:
        return start.parent is scope and start.kind is Kind.ANNOTATION
    return True


def _next_visible_parent(
    scope: FastScope, start: FastScope, first: FastScope | None = None
) -> FastScope:
    parent = first if first is not None else scope.parent
    while not _visible_from(parent, start):
        parent = parent.parent
    return parent


def new_module_scope() -> FastScope:
    return FastScope(Kind.GLOBAL, FastScope(Kind.BUILTIN, None, None), None)


class FastScopes:
    """`NameScopes` filled in by `scanner.python_walk`."""

    def __init__(self) -> None:
        self.of: dict[cst.Name, FastScope] = {}

    def lookup(self, name: cst.Name) -> Sequence[Binding] | None:
        scope = self.of.get(name)
        return None if scope is None else scope.resolve(name.value, scope)
