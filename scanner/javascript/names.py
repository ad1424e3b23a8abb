"""Turn JavaScript expressions into name expressions, following bindings within the file.

A string literal is `Static`; a name bound to a constant is a `Reference` to a qualified
name (`js:web/src/events#Events.LOGIN`), resolved later across files; a parameter, call or
reassigned variable is `Dynamic`. Constants declared inside functions get file-unique names
(`label@12:8`) and are written into the file's definitions like module-level ones, so one
resolver handles member access, spreads and aliases everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scanner.javascript.declarations import Binding, Kind
from scanner.javascript.literals import number_value, string_value, template_parts, unwrap
from scanner.javascript.modules import key_component, member, module_id, specifier_module, target
from scanner.javascript.parse import Node, text
from scanner.javascript.scope import Scopes
from scanner.javascript.syntax import require_source
from scanner.model import Dynamic, NameExpr, Parameter, Reference, Static, concat

if TYPE_CHECKING:
    from scanner.javascript.functions import Functions

_NAME_NODES = frozenset({"identifier", "shorthand_property_identifier"})
# Kinds whose members can be constants: objects held by variables, enums, static fields,
# TypeScript namespaces' exported constants.
_HOLDERS = frozenset({Kind.CONST, Kind.LET, Kind.VAR, Kind.ENUM, Kind.CLASS, Kind.NAMESPACE})


def is_object_freeze(node: Node) -> bool:
    function = node.child_by_field_name("function") if node.type == "call_expression" else None
    return function is not None and text(function) == "Object.freeze"


def strip_value(node: Node) -> Node:
    """A constant's value without wrappers: `Object.freeze({...} as const)` → `{...}`, and
    `exports.X = {...}` → `{...}` (Babel writes `var X = exports.X = {...}`)."""
    node = unwrap(node)
    while is_object_freeze(node) or node.type == "assignment_expression":
        if node.type == "assignment_expression":
            right = node.child_by_field_name("right")
            if right is None:
                break
            node = unwrap(right)
            continue
        arguments = node.child_by_field_name("arguments")
        args = [a for a in arguments.named_children if a.type != "comment"] if arguments else []
        if len(args) != 1:
            break
        node = unwrap(args[0])
    return node


class Names:
    """Reads names in one file."""

    MAX_DEPTH = 40

    def __init__(self, path: str, scopes: Scopes) -> None:
        self.path = path
        self.module = module_id(path)
        self.scopes = scopes
        # Function-scoped constants some name refers to: written into the definitions.
        self.needed_locals: dict[str, Binding] = {}
        # Set by the extractor: turns a parameter read unchanged into a `Parameter`.
        self.functions: Functions | None = None

    # -- qualified names -------------------------------------------------
    def binding_id(self, binding: Binding) -> str:
        if binding.module_level:
            return key_component(binding.name)
        row, column = binding.node.start_point
        return f"{binding.name}@{row + 1}:{column}"

    def binding_target(self, binding: Binding, depth: int = 0) -> str | None:
        """The qualified name a binding stands for, when it can be a constant."""
        if binding.kind is Kind.IMPORT and binding.source is not None:
            module = specifier_module(self.path, binding.source)
            imported = binding.imported or "default"
            return target(module, [] if imported == "*" else [key_component(imported)])
        if binding.kind not in _HOLDERS or not self.scopes.is_constant(binding):
            return None
        if binding.path:
            if "..." in binding.path or binding.value is None:
                return None
            base = self.reference(binding.value, depth + 1)
            return None if base is None else member(base, binding.path)
        if binding.kind in (Kind.CONST, Kind.LET, Kind.VAR) and binding.value is None:
            return None
        identifier = self.binding_id(binding)
        if not binding.module_level:
            self.needed_locals.setdefault(identifier, binding)
        return target(self.module, [identifier])

    def reference(self, node: Node, depth: int = 0) -> str | None:
        """The qualified name an identifier or member chain denotes, if it can be constant."""
        if depth > self.MAX_DEPTH:
            return None
        node = unwrap(node)
        if node.type in _NAME_NODES:
            binding = self.scopes.lookup(node)
            return None if binding is None else self.binding_target(binding, depth)
        if node.type == "member_expression":
            base = node.child_by_field_name("object")
            prop = node.child_by_field_name("property")
            if base is None or prop is None or prop.type != "property_identifier":
                return None
            head = self.reference(base, depth + 1)
            return None if head is None else member(head, [key_component(text(prop))])
        if node.type == "subscript_expression":
            base, index = node.child_by_field_name("object"), node.child_by_field_name("index")
            key = _index_key(index) if index is not None else None
            head = self.reference(base, depth + 1) if base is not None and key is not None else None
            return None if head is None or key is None else member(head, [key_component(key)])
        source = require_source(node)
        if source is not None:
            return target(specifier_module(self.path, source))
        return None

    # -- values ----------------------------------------------------------
    def read(self, node: Node, depth: int = 0) -> NameExpr:
        """What an expression evaluates to, as a name."""
        if depth > self.MAX_DEPTH:
            return Dynamic("too deeply nested")
        node = unwrap(node)
        kind = node.type
        if kind in ("string", "template_string"):
            value = string_value(node)
            if value is not None:
                return Static(value)
            return self._template(node, depth)
        if kind == "binary_expression":
            return self._binary(node, depth)
        if kind == "identifier" and text(node) == "undefined":
            return Dynamic("undefined")
        if kind in _NAME_NODES or kind in ("member_expression", "subscript_expression"):
            qualified = self.reference(node, depth)
            if qualified is not None:
                return Reference(qualified)
            if kind in _NAME_NODES:
                parameter = self.parameter(node)
                return parameter or Dynamic("parameter or variable")
            return Dynamic("not a constant")
        if kind in ("call_expression", "new_expression"):
            return Dynamic("function call")
        return Dynamic(kind)

    def _template(self, node: Node, depth: int) -> NameExpr:
        """`${PREFIX} Viewed` is static when every substitution is a constant string."""
        result: NameExpr = Static("")
        for part in template_parts(node):
            if isinstance(part, str):
                result = concat(result, Static(part))
                continue
            if part.type == "template_substitution":
                return Dynamic("template substitution")
            result = concat(result, self.read(part, depth + 1))
            if isinstance(result, Dynamic):
                return Dynamic("template literal with substitutions")
        return result

    def _binary(self, node: Node, depth: int) -> NameExpr:
        operator = node.child_by_field_name("operator")
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if operator is None or text(operator) != "+" or left is None or right is None:
            return Dynamic("expression")
        left_number, right_number = number_value(left), number_value(right)
        if left_number is not None and right_number is not None:
            return Dynamic("arithmetic")  # `1 + 2 + 'x'` is "3x": not a concatenation
        left_expr = (
            Static(_number_text(left_number))
            if left_number is not None
            else self.read(left, depth + 1)
        )
        right_expr = (
            Static(_number_text(right_number))
            if right_number is not None
            else self.read(right, depth + 1)
        )
        return concat(left_expr, right_expr)

    def parameter(self, node: Node) -> Parameter | None:
        """The function parameter an identifier is, when it is passed on unchanged."""
        if self.functions is None or node.type not in _NAME_NODES:
            return None
        binding = self.scopes.lookup(node)
        return None if binding is None else self.functions.parameter(binding)

    def object_node(self, node: Node, depth: int = 0) -> Node | None:
        """The object literal an expression is, or a constant in this file is bound to."""
        if depth > self.MAX_DEPTH:
            return None
        node = strip_value(node)
        if node.type == "object":
            return node
        if node.type not in _NAME_NODES:
            return None
        binding = self.scopes.lookup(node)
        value = None if binding is None else binding.plain_value
        if binding is None or value is None or not self.scopes.is_constant(binding):
            return None
        return self.object_node(value, depth + 1)


def _index_key(index: Node) -> str | None:
    index = unwrap(index)
    if index.type in ("string", "template_string"):
        return string_value(index)
    number = number_value(index)
    return str(number) if isinstance(number, int) and number >= 0 else None


def _number_text(value: int | float) -> str:
    """How JavaScript prints a number in a string concatenation (for the common cases)."""
    if isinstance(value, int):
        return str(value)
    return repr(value)
