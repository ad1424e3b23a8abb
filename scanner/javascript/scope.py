"""Which declaration a JavaScript identifier refers to, and whether it is ever reassigned.

tree-sitter gives syntax, not scopes. This is a small, lazy lexical-scope resolver: an
identifier is looked up by walking its ancestors to the nearest scope that declares the
name, and each scope's table of declarations is built the first time a lookup passes
through it. Files without analytics calls only ever build the module scope.
"""

from __future__ import annotations

from scanner.javascript.declarations import SCOPES, Binding, Declarations, Kind
from scanner.javascript.parse import Node, text
from scanner.javascript.syntax import pattern_names

# Every write to a plain name, every destructuring assignment and every member assignment.
WRITES_QUERY = """
(assignment_expression left: (identifier) @write)
(augmented_assignment_expression left: (identifier) @write)
(update_expression argument: (identifier) @write)
(assignment_expression left: (object_pattern) @pattern)
(assignment_expression left: (array_pattern) @pattern)
(for_in_statement left: (identifier) @write)
(assignment_expression left: (member_expression) @member)
(assignment_expression left: (subscript_expression) @member)
"""


class Scopes:
    """Lazily built scope tables for one syntax tree."""

    def __init__(self, root: Node, captured: dict[str, list[Node]]) -> None:
        """`captured`: the captures of `WRITES_QUERY` on the tree (run with other queries)."""
        self.root = root
        self.captured = captured
        self._tables: dict[Node, dict[str, list[Binding]]] = {}
        self._writes: dict[str, list[Node]] | None = None
        self._members: list[Node] | None = None

    # -- lookups ---------------------------------------------------------
    def lookup(self, identifier: Node) -> Binding | None:
        name = text(identifier)
        node = identifier.parent
        while node is not None:
            if node.type in SCOPES:
                found = self.table(node).get(name)
                if found:
                    return found[0]
            node = node.parent
        return None

    def module_bindings(self) -> dict[str, list[Binding]]:
        return self.table(self.root)

    def is_constant(self, binding: Binding) -> bool:
        """Bound once and never written again: `const`, or an untouched `let`/`var`."""
        if binding.kind in (Kind.PARAM, Kind.OTHER):
            return False
        if len(self.table(binding.scope).get(binding.name, ())) > 1:
            return False  # `var x = 'a'; var x = 'b'`
        if binding.kind is Kind.CONST or binding.kind is Kind.IMPORT:
            return True
        return not any(self.lookup(write) is binding for write in self.writes_to(binding.name))

    def writes_to(self, name: str) -> list[Node]:
        """Identifiers that are assignment targets of `name` anywhere in the file."""
        if self._writes is None:
            self._index_writes()
        assert self._writes is not None
        return self._writes.get(name, [])

    def member_writes(self) -> list[Node]:
        """Left-hand sides of `a.b = ...` and `a["b"] = ...` assignments."""
        if self._members is None:
            self._index_writes()
        assert self._members is not None
        return self._members

    def _index_writes(self) -> None:
        found = self.captured
        writes: dict[str, list[Node]] = {}
        targets = list(found.get("write", []))
        for pattern in found.get("pattern", []):
            targets += [node for node, _ in pattern_names(pattern)]
        for node in targets:
            writes.setdefault(text(node), []).append(node)
        self._writes = writes
        self._members = sorted(found.get("member", []), key=lambda node: node.start_byte)

    # -- tables ----------------------------------------------------------
    def table(self, scope: Node) -> dict[str, list[Binding]]:
        table = self._tables.get(scope)
        if table is None:
            table = self._tables[scope] = {}
            Declarations(scope, table).collect()
        return table
