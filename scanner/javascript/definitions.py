"""The names a JavaScript file defines, for other files' calls (and its own) to refer to.

Module-level constants (strings, objects with nested members and spreads, `as const`,
`Object.freeze`), TypeScript enums with string members, static class fields, every form of
ES export and re-export, and CommonJS `module.exports`/`exports.x` where the shape is
literal. Function-scoped constants that a call's name refers to are written here too, under
file-unique names, so the resolver treats them like any other definition.
"""

from __future__ import annotations

from scanner.javascript.clients import Clients
from scanner.javascript.declarations import NAMESPACES, Binding, Kind
from scanner.javascript.functions import Functions
from scanner.javascript.literals import is_function, is_nullish, string_value, unwrap
from scanner.javascript.made import Made
from scanner.javascript.modules import key_component, member, specifier_module, target
from scanner.javascript.names import Names, strip_value
from scanner.javascript.parse import Node, text
from scanner.javascript.symbols import Symbols
from scanner.javascript.syntax import property_key, require_source
from scanner.model import Definitions, Dynamic, NameExpr, Reference

_CLASS_FIELDS = frozenset({"public_field_definition", "field_definition"})
_COMMONJS_EXPORTS = frozenset({"exports", "module.exports"})


class DefinitionBuilder:
    MAX_DEPTH = 24  # nesting of object literals worth indexing

    def __init__(
        self,
        names: Names,
        root: Node,
        functions: Functions | None = None,
        clients: tuple[Clients, ...] = (),
    ) -> None:
        self.names = names
        self.root = root
        self.functions = functions
        self.made = Made(names, functions, clients) if functions is not None else None
        self.module = names.module
        self.constants: dict[str, NameExpr] = {}
        self.assigned: dict[str, int] = {}  # member and `exports.x` targets: how often written
        self.mutable: set[str] = set()  # targets written inside functions or more than once
        self.stars = 0

    def build(self) -> Definitions:
        for bindings in self.names.scopes.module_bindings().values():
            if len(bindings) == 1:
                self.binding(bindings[0])
        for statement in self.root.named_children:
            if statement.type == "export_statement":
                self.export(statement)
        self.member_writes()
        self.needed_locals()
        for written in self.mutable:
            for key in [k for k in self.constants if k == written or k.startswith(written + ".")]:
                del self.constants[key]
        if self.functions is not None:
            for key, symbol in Symbols(self.functions).build().items():
                self.constants.setdefault(key, symbol)
        return Definitions(tuple(sorted(self.constants.items())))

    def own(self, *path: str) -> str:
        return target(self.module, path)

    # -- bindings --------------------------------------------------------
    def binding(self, binding: Binding) -> None:
        # Imports need no definition of their own: names that use them refer to the
        # exporting module directly, and `export { imported }` is written by export_clause.
        own = self.own(self.names.binding_id(binding))
        if binding.kind is Kind.ENUM and binding.value is not None:
            self.enum(own, binding.value)
        elif binding.kind is Kind.NAMESPACE and binding.value is not None:
            self.namespace(own, binding.value)
        elif binding.kind is Kind.CLASS and binding.value is not None:
            self.static_fields(own, binding.value)
            self.heritage(own, binding.value)
        elif binding.kind in (Kind.CONST, Kind.LET, Kind.VAR) and binding.value is not None:
            if not self.names.scopes.is_constant(binding):
                return
            client = self.client(own, binding)
            if client is not None:
                self.constants[own] = client
            elif binding.path:
                aliased = self.names.binding_target(binding)
                if aliased is not None:
                    self.constants[own] = Reference(aliased)
            else:
                self.define(own, binding.value)

    def define(self, key: str, value: Node, depth: int = 0) -> None:
        """Record what `key` is bound to: a name, or the members of an object literal."""
        if depth > self.MAX_DEPTH:
            return
        node = strip_value(value)
        if node.type == "object":
            self.object_members(key, node, depth)
            return
        if node.type in ("array", "class", "class_declaration") or is_function(node):
            return
        if node.type in ("call_expression", "new_expression") and require_source(node) is None:
            self.made_by(key, node)
            return
        expr = self.names.read(node)
        if isinstance(expr, Dynamic):
            module = self.names.reference(node)  # `require('./events')`
            if module is not None:
                self.constants[key] = Reference(module)
            return
        self.constants[key] = expr

    def object_members(self, key: str, node: Node, depth: int) -> None:
        spreads = 0
        for child in node.named_children:
            if child.type == "pair":
                name_node, value = (
                    child.child_by_field_name("key"),
                    child.child_by_field_name("value"),
                )
                name = property_key(name_node) if name_node is not None else None
                if name is not None and value is not None:
                    self.define(member(key, [key_component(name)]), value, depth + 1)
            elif child.type == "shorthand_property_identifier":
                self.define(member(key, [key_component(text(child))]), child, depth + 1)
            elif child.type == "spread_element" and child.named_children:
                spread = self.names.reference(child.named_children[0])
                if spread is not None:
                    self.constants[member(key, [f"*{spreads}"])] = Reference(spread)
                spreads += 1

    def client(self, own: str, binding: Binding) -> NameExpr | None:
        """An SDK client bound to a name: a symbol other files' calls can find."""
        return self.made.client(own, binding) if self.made is not None else None

    def made_by(self, key: str, node: Node) -> None:
        made = self.made.value(key, node) if self.made is not None else None
        if made is not None:
            self.constants[key] = made

    def heritage(self, own: str, declaration: Node) -> None:
        spread = self.made.heritage(own, declaration) if self.made is not None else None
        if spread is not None:
            self.constants[spread[0]] = spread[1]

    def enum(self, own: str, declaration: Node) -> None:
        body = declaration.child_by_field_name("body")
        for item in body.named_children if body is not None else ():
            if item.type != "enum_assignment":
                continue  # a member without initializer is a number
            name_node, value = item.child_by_field_name("name"), item.child_by_field_name("value")
            name = property_key(name_node) if name_node is not None else None
            if name is not None and value is not None:
                self.define(member(own, [key_component(name)]), value)

    def namespace(self, own: str, declaration: Node, depth: int = 0) -> None:
        """A TypeScript namespace's exported constants, enums and inner namespaces, as
        members of its name (what else it holds is not reachable as `N.x` from outside)."""
        body = declaration.child_by_field_name("body")
        for statement in body.named_children if body is not None else ():
            exported = statement.child_by_field_name("declaration")
            if statement.type != "export_statement" or exported is None:
                continue
            name = exported.child_by_field_name("name")
            if exported.type == "lexical_declaration":
                self.namespace_constants(own, exported)
            elif name is None or name.type != "identifier":
                continue
            elif exported.type == "enum_declaration":
                self.enum(member(own, [key_component(text(name))]), exported)
            elif exported.type in NAMESPACES and depth < self.MAX_DEPTH:
                self.namespace(member(own, [key_component(text(name))]), exported, depth + 1)

    def namespace_constants(self, own: str, declaration: Node) -> None:
        for declarator in declaration.named_children:
            name = declarator.child_by_field_name("name")
            value = declarator.child_by_field_name("value")
            if declarator.type != "variable_declarator" or name is None or value is None:
                continue
            binding = self.names.scopes.lookup(name) if name.type == "identifier" else None
            if binding is None or binding.kind is not Kind.CONST:
                continue  # a destructuring pattern, or a `let`
            if self.names.scopes.is_constant(binding):
                self.define(member(own, [key_component(text(name))]), value)

    def static_fields(self, own: str, declaration: Node) -> None:
        body = declaration.child_by_field_name("body")
        for field in body.named_children if body is not None else ():
            if field.type not in _CLASS_FIELDS or not any(
                c.type == "static" for c in field.children
            ):
                continue
            name_node = field.child_by_field_name("name") or field.child_by_field_name("property")
            value = field.child_by_field_name("value")
            name = property_key(name_node) if name_node is not None else None
            if name is not None and value is not None:
                self.define(member(own, [key_component(name)]), value)

    # -- exports ---------------------------------------------------------
    def export(self, statement: Node) -> None:
        source_node = statement.child_by_field_name("source")
        source = None
        if source_node is not None:
            spec = string_value(source_node)
            source = specifier_module(self.names.path, spec) if spec is not None else None
        value = statement.child_by_field_name("value")
        declaration = statement.child_by_field_name("declaration")
        is_default = any(child.type == "default" for child in statement.children)
        if is_default and value is not None:
            self.define(self.own("default"), value)
        elif is_default and declaration is not None:
            name = declaration.child_by_field_name("name")
            if name is not None:
                self.constants[self.own("default")] = Reference(self.own(key_component(text(name))))
        elif any(child.type == "=" for child in statement.children):  # TypeScript `export = X`
            assigned = next((c for c in statement.named_children if c.type != "comment"), None)
            if assigned is not None:
                self.commonjs_object(assigned)
        for clause in statement.named_children:
            if clause.type == "export_clause":
                self.export_clause(clause, source)
            elif clause.type == "namespace_export" and source is not None:
                alias = clause.named_children[-1] if clause.named_children else None
                exported = _export_name(alias) if alias is not None else None
                if exported is not None:
                    self.constants[self.own(key_component(exported))] = Reference(target(source))
        star = any(child.type == "*" for child in statement.children)
        namespace = any(child.type == "namespace_export" for child in statement.named_children)
        if source is not None and star and not namespace:
            self.star(target(source))

    def export_clause(self, clause: Node, source: str | None) -> None:
        for specifier in clause.named_children:
            if specifier.type != "export_specifier":
                continue
            name_node = specifier.child_by_field_name("name")
            alias_node = specifier.child_by_field_name("alias") or name_node
            name = _export_name(name_node) if name_node is not None else None
            alias = _export_name(alias_node) if alias_node is not None else None
            if name is None or alias is None:
                continue
            if source is not None:
                exported = target(source, [key_component(name)])
            else:
                bindings = self.names.scopes.module_bindings().get(name, [])
                local = self.names.binding_target(bindings[0]) if len(bindings) == 1 else None
                if local is None:
                    continue
                exported = local
            if exported != self.own(key_component(alias)):
                self.constants[self.own(key_component(alias))] = Reference(exported)

    def star(self, source: str) -> None:
        self.constants[self.own(f"*{self.stars}")] = Reference(source)
        self.stars += 1

    def commonjs_object(self, value: Node) -> None:
        """`module.exports = X`: X is the default export, and its members are named exports."""
        self.define(self.own("default"), value)
        self.star(self.own("default"))

    # -- writes: `exports.x = ...`, `Events.X = ...` --------------------------
    def member_writes(self) -> None:
        for left in self.names.scopes.member_writes():
            assignment = left.parent
            if assignment is None:
                continue
            value = assignment.child_by_field_name("right")
            if value is None or is_nullish(value):
                continue  # `exports.X = void 0` is how compilers declare an export first
            top_level = _is_top_level(assignment, self.root)
            key = self.write_target(left)
            if key is None:
                continue
            if key == self.own("default") and text(left) == "module.exports":
                if top_level:
                    self.commonjs_object(value)
                continue
            self.assigned[key] = self.assigned.get(key, 0) + 1
            if not top_level or self.assigned[key] > 1 or key in self.constants:
                self.mutable.add(key)
            else:
                self.define(key, value)

    def write_target(self, left: Node) -> str | None:
        if text(left) == "module.exports":
            return self.own("default")
        base = left.child_by_field_name("object")
        prop = left.child_by_field_name("property")
        commonjs = base is not None and text(base) in _COMMONJS_EXPORTS
        if commonjs and prop is not None and left.type == "member_expression":
            return self.own(key_component(text(prop)))
        if not self._holds_object_literal(left):
            return None  # `Button.propTypes = ...`: not an object of names
        written = self.names.reference(left)
        if written is None or not written.startswith(self.own()):
            return None  # a parameter's member, or another module's object
        return written

    def _holds_object_literal(self, left: Node) -> bool:
        """Whether the root of `a.b.c` is a variable bound to an object literal."""
        root = left
        while root.type in ("member_expression", "subscript_expression"):
            inner = root.child_by_field_name("object")
            if inner is None:
                return False
            root = unwrap(inner)
        binding = self.names.scopes.lookup(root) if root.type == "identifier" else None
        if binding is None or binding.value is None or binding.path:
            return False
        return strip_value(binding.value).type == "object"

    # -- function-scoped constants that calls refer to --------------------
    def needed_locals(self) -> None:
        done: set[str] = set()
        while True:
            pending = [(k, b) for k, b in self.names.needed_locals.items() if k not in done]
            if not pending:
                return
            for identifier, binding in pending:
                done.add(identifier)
                self.binding(binding)


def _is_top_level(assignment: Node, root: Node) -> bool:
    """`exports.X = ...;` as a statement of the module, or `var X = exports.X = ...;`."""
    parent = assignment.parent
    while parent is not None and parent.type in ("variable_declarator", "assignment_expression"):
        parent = parent.parent  # `var a = exports.a = ...`, `exports.a = exports.b = ...`
    if parent is None:
        return False
    if parent.type in ("lexical_declaration", "variable_declaration", "expression_statement"):
        return parent.parent == root
    return False


def _export_name(node: Node) -> str | None:
    if node.type == "string":
        return string_value(node)
    return text(node)


def module_definitions(
    names: Names,
    root: Node,
    functions: Functions | None = None,
    clients: tuple[Clients, ...] = (),
) -> Definitions:
    return DefinitionBuilder(names, root, functions, clients).build()
