"""Which declaration a JavaScript identifier refers to, and whether it is ever reassigned.

tree-sitter gives syntax, not scopes. This is a small, lazy lexical-scope resolver: an
identifier is looked up by walking its ancestors to the nearest scope that declares the
name, and each scope's table of declarations is built the first time a lookup passes
through it. Files without analytics calls only ever build the module scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from scanner.javascript.literals import string_value
from scanner.javascript.parse import Node, text


class Kind(str, Enum):
    IMPORT = "import"  # ES import, `import x = require()`, or `const x = require()`
    CONST = "const"
    LET = "let"
    VAR = "var"
    PARAM = "param"
    FUNCTION = "function"
    CLASS = "class"
    ENUM = "enum"
    OTHER = "other"  # catch parameters, loop variables: never constant


@dataclass(frozen=True, eq=False)
class Binding:
    name: str
    kind: Kind
    node: Node  # the identifier (or declaration) that introduces the name
    scope: Node
    value: Node | None = None  # the initializer, for variables
    # Where a destructuring pattern reads from in `value`: ("B",) for `const { B: C } = v`,
    # ("[0]",) for `const [c] = v`.
    path: tuple[str, ...] = ()
    source: str | None = None  # import specifier
    imported: str | None = None  # exported name; "default", or "*" for the whole module
    type: Node | None = None  # TypeScript type annotation

    @property
    def module_level(self) -> bool:
        return self.scope.type == "program"


FUNCTIONS = frozenset(
    {
        "function_declaration",
        "function_expression",
        "function",
        "generator_function_declaration",
        "generator_function",
        "arrow_function",
        "method_definition",
    }
)
_BLOCKS = frozenset({"statement_block", "switch_body", "class_static_block"})
_LOOPS = frozenset({"for_statement", "for_in_statement"})
SCOPES = FUNCTIONS | _BLOCKS | _LOOPS | {"program", "catch_clause"}
# Statements whose bodies may declare hoisted `var`s; expressions never do.
_STATEMENT_CONTAINERS = frozenset(
    {
        "statement_block",
        "if_statement",
        "else_clause",
        "for_statement",
        "for_in_statement",
        "while_statement",
        "do_statement",
        "try_statement",
        "catch_clause",
        "finally_clause",
        "switch_statement",
        "switch_body",
        "switch_case",
        "switch_default",
        "labeled_statement",
        "export_statement",
        "with_statement",
    }
)

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


def pattern_names(pattern: Node, path: tuple[str, ...] = ()) -> list[tuple[Node, tuple[str, ...]]]:
    """The identifiers a binding pattern declares, each with where it reads from."""
    kind = pattern.type
    if kind in ("identifier", "shorthand_property_identifier_pattern"):
        return [(pattern, path)]
    if kind in ("required_parameter", "optional_parameter"):
        inner = pattern.child_by_field_name("pattern")
        return pattern_names(inner, path) if inner is not None else []
    if kind in ("assignment_pattern", "object_assignment_pattern"):
        left = pattern.child_by_field_name("left")
        if left is None:
            return []
        if left.type == "shorthand_property_identifier_pattern":
            return [(left, (*path, text(left)))]
        return pattern_names(left, path)
    if kind == "rest_pattern":
        # `...rest` holds "everything else": never one known member
        return [
            (node, (*path, "...")) for c in pattern.named_children for node, _ in pattern_names(c)
        ]
    if kind == "object_pattern":
        found = []
        for child in pattern.named_children:
            if child.type == "shorthand_property_identifier_pattern":
                found.append((child, (*path, text(child))))
            elif child.type == "pair_pattern":
                key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
                if key is not None and value is not None:
                    found += pattern_names(value, (*path, property_key(key) or "[?]"))
            else:
                found += pattern_names(child, path)
        return found
    if kind == "array_pattern":
        found = []
        for index, child in enumerate(c for c in pattern.named_children if c.type != "comment"):
            found += pattern_names(child, (*path, f"[{index}]"))
        return found
    return []


def property_key(key: Node) -> str | None:
    """The name an object key or member stands for, when it is written literally."""
    if key.type in ("property_identifier", "identifier", "shorthand_property_identifier"):
        return text(key)
    if key.type in ("string", "template_string"):
        return string_value(key)
    if key.type == "number":
        return text(key)
    if key.type == "computed_property_name" and key.named_child_count == 1:
        inner = key.named_children[0]
        return string_value(inner) if inner.type in ("string", "template_string") else None
    return None


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
            _Declarations(self, scope, table).collect()
        return table


class _Declarations:
    """Fills one scope's table."""

    def __init__(self, scopes: Scopes, scope: Node, table: dict[str, list[Binding]]) -> None:
        self.scopes = scopes
        self.scope = scope
        self.table = table

    def add(self, binding: Binding) -> None:
        self.table.setdefault(binding.name, []).append(binding)

    def collect(self) -> None:
        scope = self.scope
        if scope.type in FUNCTIONS:
            self._parameters(scope)
            body = scope.child_by_field_name("body")
            if body is not None and body.type == "statement_block":
                self._hoisted_vars(body)
        elif scope.type == "program":
            self._statements(scope.named_children)
            self._hoisted_vars(scope)
        elif scope.type in _BLOCKS:
            statements = scope.named_children
            if scope.type == "switch_body":
                statements = [s for case in statements for s in case.named_children]
            self._statements(statements)
        elif scope.type == "for_statement":
            initializer = scope.child_by_field_name("initializer")
            if initializer is not None and initializer.type == "lexical_declaration":
                self._declaration(initializer)
        elif scope.type == "for_in_statement":
            if scope.child_by_field_name("kind") is not None:
                left = scope.child_by_field_name("left")
                for node, _ in pattern_names(left) if left is not None else ():
                    self.add(Binding(text(node), Kind.OTHER, node, scope))
        elif scope.type == "catch_clause":
            parameter = scope.child_by_field_name("parameter")
            for node, _ in pattern_names(parameter) if parameter is not None else ():
                self.add(Binding(text(node), Kind.OTHER, node, scope))

    def _parameters(self, function: Node) -> None:
        name = function.child_by_field_name("name")
        if function.type in ("function_expression", "function", "generator_function") and name:
            self.add(Binding(text(name), Kind.FUNCTION, name, function))
        single = function.child_by_field_name("parameter")  # `x => ...`
        if single is not None:
            self.add(Binding(text(single), Kind.PARAM, single, function))
        parameters = function.child_by_field_name("parameters")
        for parameter in parameters.named_children if parameters is not None else ():
            annotation = parameter.child_by_field_name("type")
            for node, _ in pattern_names(parameter):
                self.add(Binding(text(node), Kind.PARAM, node, function, type=annotation))

    def _statements(self, statements: list[Node]) -> None:
        for statement in statements:
            if statement.type == "export_statement":
                declaration = statement.child_by_field_name("declaration")
                if declaration is None:
                    continue
                statement = declaration
            self._statement(statement)

    def _statement(self, statement: Node) -> None:
        kind = statement.type
        if kind == "lexical_declaration":
            self._declaration(statement)
        elif kind == "import_statement":
            self._import(statement)
        elif kind in ("function_declaration", "generator_function_declaration"):
            self._named(statement, Kind.FUNCTION)
        elif kind in ("class_declaration", "abstract_class_declaration"):
            self._named(statement, Kind.CLASS)
        elif kind == "enum_declaration":
            self._named(statement, Kind.ENUM)

    def _named(self, declaration: Node, kind: Kind) -> None:
        name = declaration.child_by_field_name("name")
        if name is not None:
            self.add(Binding(text(name), kind, name, self.scope, value=declaration))

    def _declaration(self, declaration: Node) -> None:
        """`const`/`let`/`var` declarators, including `x = require('m')` imports."""
        keyword = declaration.child_by_field_name("kind")
        kind = {"const": Kind.CONST, "let": Kind.LET}.get(text(keyword) if keyword else "var")
        for declarator in declaration.named_children:
            if declarator.type != "variable_declarator":
                continue
            target = declarator.child_by_field_name("name")
            value = declarator.child_by_field_name("value")
            annotation = declarator.child_by_field_name("type")
            source = require_source(value)
            for node, path in pattern_names(target) if target is not None else ():
                if source is not None and kind is Kind.CONST and _plain_member(path):
                    imported = path[0] if path else "*"
                    binding = Binding(
                        text(node), Kind.IMPORT, node, self.scope, value, path, source, imported
                    )
                else:
                    binding = Binding(
                        text(node), kind or Kind.VAR, node, self.scope, value, path, type=annotation
                    )
                self.add(binding)

    def _import(self, statement: Node) -> None:
        source_node = statement.child_by_field_name("source")
        source = _string(source_node)
        for clause in statement.named_children:
            if clause.type == "import_require_clause":  # `import x = require('m')`
                name = clause.named_children[0]
                required = _string(clause.child_by_field_name("source"))
                if required is not None:
                    self.add(
                        Binding(
                            text(name), Kind.IMPORT, name, self.scope, source=required, imported="*"
                        )
                    )
            if clause.type != "import_clause" or source is None:
                continue
            for part in clause.named_children:
                if part.type == "identifier":  # default import
                    self.add(
                        Binding(
                            text(part),
                            Kind.IMPORT,
                            part,
                            self.scope,
                            source=source,
                            imported="default",
                        )
                    )
                elif part.type == "namespace_import":
                    for name in part.named_children:
                        self.add(
                            Binding(
                                text(name),
                                Kind.IMPORT,
                                name,
                                self.scope,
                                source=source,
                                imported="*",
                            )
                        )
                elif part.type == "named_imports":
                    for specifier in part.named_children:
                        if specifier.type != "import_specifier":
                            continue
                        imported = specifier.child_by_field_name("name")
                        local = specifier.child_by_field_name("alias") or imported
                        if imported is None or local is None:
                            continue
                        exported = (
                            _string(imported) if imported.type == "string" else text(imported)
                        )
                        self.add(
                            Binding(
                                text(local),
                                Kind.IMPORT,
                                local,
                                self.scope,
                                source=source,
                                imported=exported,
                            )
                        )

    def _hoisted_vars(self, body: Node) -> None:
        """`var`s anywhere in a function body (or the program), not in nested functions."""
        stack = [body]
        while stack:
            node = stack.pop()
            for child in node.named_children:
                if child.type == "variable_declaration":
                    self._declaration(child)
                elif child.type in _STATEMENT_CONTAINERS:
                    stack.append(child)


def _plain_member(path: tuple[str, ...]) -> bool:
    """`x` or `{ x }` of a required module, not `[x]`, `{ ...rest }` or `{ a: { b } }`."""
    return not path or (len(path) == 1 and path[0] not in ("...", "[?]") and "[" not in path[0])


def require_source(node: Node | None) -> str | None:
    """The specifier of `require('m')` (also `require('m').x` is not this: only the call)."""
    while node is not None and node.type in ("await_expression", "parenthesized_expression"):
        node = node.named_children[0] if node.named_children else None
    if node is None or node.type != "call_expression":
        return None
    function = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    if function is None or text(function) != "require" or arguments is None:
        return None
    args = [a for a in arguments.named_children if a.type != "comment"]
    return _string(args[0]) if len(args) == 1 else None


def _string(node: Node | None) -> str | None:
    return string_value(node) if node is not None and node.type == "string" else None
