"""The names a scope declares: variables, parameters, imports, functions, classes, enums.

`Declarations` fills one scope's table from its syntax; `pattern_names` lists what a
destructuring pattern binds and where each name reads from. Used by `scope.Scopes`, which
decides which table an identifier's lookup ends in.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from scanner.javascript.parse import Node, text
from scanner.javascript.syntax import pattern_names, plain_member, require_source, string_literal


class Kind(str, Enum):
    IMPORT = "import"  # ES import, `import x = require()`, or `const x = require()`
    CONST = "const"
    LET = "let"
    VAR = "var"
    PARAM = "param"
    FUNCTION = "function"
    CLASS = "class"
    ENUM = "enum"
    NAMESPACE = "namespace"  # TypeScript `namespace N { … }` (or `module N { … }`)
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

    @property
    def plain_value(self) -> Node | None:
        """The initializer of a `const`/`let`/`var` that takes it whole (not destructured)."""
        if self.kind in (Kind.CONST, Kind.LET, Kind.VAR) and not self.path:
            return self.value
        return None


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
NAMESPACES = frozenset({"internal_module", "module"})  # `namespace N {}`, `module N {}`
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


class Declarations:
    """Fills one scope's table."""

    def __init__(self, scope: Node, table: dict[str, list[Binding]]) -> None:
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
            elif statement.type == "expression_statement":  # `namespace N { … }`
                inner = statement.named_children[0] if statement.named_children else None
                if inner is None or inner.type not in NAMESPACES:
                    continue
                statement = inner
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
        elif kind in NAMESPACES:
            name = statement.child_by_field_name("name")
            if name is not None and name.type == "identifier":  # not `namespace A.B { … }`
                self.add(Binding(text(name), Kind.NAMESPACE, name, self.scope, value=statement))

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
                if source is not None and kind is Kind.CONST and plain_member(path):
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
        source = string_literal(statement.child_by_field_name("source"))
        for clause in statement.named_children:
            if clause.type == "import_require_clause":  # `import x = require('m')`
                required = string_literal(clause.child_by_field_name("source"))
                if required is not None:
                    self._imported(clause.named_children[0], required, "*")
            if clause.type != "import_clause" or source is None:
                continue
            for part in clause.named_children:
                if part.type == "identifier":  # `import x from 'm'`
                    self._imported(part, source, "default")
                elif part.type == "namespace_import":  # `import * as x from 'm'`
                    for name in part.named_children:
                        self._imported(name, source, "*")
                elif part.type == "named_imports":  # `import { a as b } from 'm'`
                    for specifier in part.named_children:
                        imported = specifier.child_by_field_name("name")
                        if specifier.type != "import_specifier" or imported is None:
                            continue
                        local = specifier.child_by_field_name("alias") or imported
                        exported = (
                            string_literal(imported)
                            if imported.type == "string"
                            else text(imported)
                        )
                        self._imported(local, source, exported)

    def _imported(self, local: Node, source: str, exported: str | None) -> None:
        self.add(
            Binding(text(local), Kind.IMPORT, local, self.scope, source=source, imported=exported)
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
