"""Turn Python expressions into name expressions, and module-level bindings into definitions.

Both work on libcst nodes plus a `Bindings` view of the file (imports, the scope of each
name), and both produce `NameExpr` values that refer to other files only by qualified name,
so extraction stays a pure function of one file's bytes.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import libcst as cst

from scanner.model import Concat, Dynamic, NameExpr, Parameter, Reference, Static, concat
from scanner.python_modules import CALL, PY, join_components, subscript_component
from scanner.python_scopes import Binding, NameScopes


@dataclass
class Bindings:
    """What names mean in one file: imports, and which assignments define locals."""

    module: str
    is_package: bool
    scopes: NameScopes | None = None  # set once the module has been walked
    imports: dict[str, str] = field(default_factory=dict)  # local alias -> qualified name
    # Target `Name` node of a simple assignment -> the assigned value.
    assigned_values: dict[cst.Name, cst.BaseExpression] = field(default_factory=dict)
    # Module-level functions and methods -> their dotted name in the module.
    function_keys: dict[cst.FunctionDef, str] = field(default_factory=dict)

    def function_key(self, node: cst.CSTNode | None) -> str | None:
        qualname = self.function_keys.get(node) if isinstance(node, cst.FunctionDef) else None
        return None if qualname is None else f"{PY}{self.module}.{qualname}"

    def absolute_module(self, relative: int, module: str | None) -> str:
        """Resolve `from ..x import y` against this file's own module name."""
        if not relative:
            return module or ""
        package = self.module.split(".") if self.is_package else self.module.split(".")[:-1]
        base = package[: len(package) - (relative - 1)] if relative > 1 else package
        return ".".join([*base, module] if module else base)

    def lookup(self, name: cst.Name) -> Sequence[Binding] | None:
        """Every binding `name` may refer to where it is used (None: not a scoped name)."""
        return None if self.scopes is None else self.scopes.lookup(name)

    def single_assignment(self, name: cst.Name) -> Binding | None:
        """The one assignment that binds `name` where it is used, if there is exactly one."""
        found = self.lookup(name)
        if found is None or len(found) != 1 or found[0].node is None:
            return None
        return found[0]


def dotted_parts(node: cst.BaseExpression) -> list[str] | None:
    """`a.b.c` → ["a", "b", "c"]; None when the chain holds anything but names."""
    if isinstance(node, cst.Name):
        return [node.value]
    if isinstance(node, cst.Attribute):
        head = dotted_parts(node.value)
        return None if head is None else [*head, node.attr.value]
    return None


def root_name(node: cst.BaseExpression) -> cst.Name | None:
    while isinstance(node, (cst.Attribute, cst.Subscript)):
        node = node.value
    return node if isinstance(node, cst.Name) else None


def literal_string(node: cst.BaseExpression) -> str | None:
    """The value of a string literal (implicit concatenation and field-less f-strings too)."""
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    if isinstance(node, cst.ConcatenatedString):
        left, right = literal_string(node.left), literal_string(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, cst.FormattedString):
        if not all(isinstance(part, cst.FormattedStringText) for part in node.parts):
            return None
        return formatted_text(
            node,
            "".join(part.value for part in node.parts if isinstance(part, cst.FormattedStringText)),
        )
    return None


def _ends_in_value(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Attribute) and node.attr.value == "value"


def formatted_text(node: cst.FormattedString, text: str) -> str | None:
    """The value of `text`, a literal run of the f-string `node`'s source (escapes decoded,
    `{{` and `}}` as single braces)."""
    prefix = node.prefix.lower().replace("f", "")
    quote = node.start[len(node.prefix) :]
    try:
        value = ast.literal_eval(f"{prefix}{quote}{text}{quote}")
    except (ValueError, SyntaxError):
        return None
    return value.replace("{{", "{").replace("}}", "}") if isinstance(value, str) else None


class NameReader:
    """Reads the event-name argument of a call into a `NameExpr`."""

    MAX_DEPTH = 20  # local aliases of aliases; guards `x = x + "a"` style self-reference

    def __init__(self, bindings: Bindings) -> None:
        self.bindings = bindings

    def read(
        self, node: cst.BaseExpression, class_name: str | None = None, depth: int = 0
    ) -> NameExpr:
        if depth > self.MAX_DEPTH:
            return Dynamic("too many indirections")
        value = literal_string(node)
        if value is not None:
            return Static(value)
        if isinstance(node, cst.FormattedString):
            return self.formatted(node, class_name, depth)
        if isinstance(node, cst.ConcatenatedString):
            return Dynamic("implicit concatenation with an f-string")
        if isinstance(node, cst.BinaryOperation):
            if isinstance(node.operator, cst.Add):
                return concat(
                    self.read(node.left, class_name, depth + 1),
                    self.read(node.right, class_name, depth + 1),
                )
            if isinstance(node.operator, cst.Modulo):
                return Dynamic("%-formatting")
            return Dynamic("arithmetic expression")
        if isinstance(node, cst.Call):
            if isinstance(node.func, cst.Attribute) and node.func.attr.value == "format":
                return Dynamic("str.format()")
            return Dynamic("function call")
        if isinstance(node, cst.Name) and self.is_local(node):
            local_value = self.local_value(node)
            if local_value is None:
                return self.parameter(node) or Dynamic("parameter or variable")
            return self.read(local_value, class_name, depth + 1)
        if isinstance(node, (cst.Name, cst.Attribute, cst.Subscript)):
            parts = self.qualified_parts(node, class_name)
            if parts is None:
                return Dynamic("not a module-level constant")
            if parts[-1] == "value" and len(parts) > 2:
                parts = parts[:-1]  # Events.SIGNED_UP.value: the enum member's value
            return Reference(PY + join_components(parts))
        return Dynamic(type(node).__name__)

    def formatted(self, node: cst.FormattedString, class_name: str | None, depth: int) -> NameExpr:
        """An f-string whose fields are all constants (`f"{PREFIX} Viewed"`) is their
        concatenation; a conversion (`!r`), a format spec or `=` would change the text."""
        dynamic = Dynamic("f-string with replacement fields")
        parts: list[NameExpr] = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                text = formatted_text(node, part.value)
                if text is None:
                    return dynamic
                parts.append(Static(text))
                continue
            if not isinstance(part, cst.FormattedStringExpression):
                return dynamic
            if part.conversion not in (None, "s") or part.format_spec is not None or part.equal:
                return dynamic
            value = self.read(part.expression, class_name, depth + 1)
            if isinstance(value, Reference):
                explicit = _ends_in_value(part.expression)  # `Pages.HOME.value`: the string
                value = value if explicit else Reference(value.target, formatted=True)
            elif not isinstance(value, (Static, Concat)):
                return dynamic  # a parameter, a variable, a call …
            parts.append(value)
        name: NameExpr = Static("")
        for value in parts:
            name = concat(name, value)
        return name

    def qualified_parts(self, node: cst.BaseExpression, class_name: str | None) -> list[str] | None:
        """The qualified name an expression denotes, when its root is a module-level binding.

        A call stands for what it returns: `make_tracker().track` is `…make_tracker.().track`.
        """
        if isinstance(node, cst.Attribute):
            head = self.qualified_parts(node.value, class_name)
            return None if head is None else [*head, node.attr.value]
        if isinstance(node, cst.Call):
            head = self.qualified_parts(node.func, class_name)
            return None if head is None else [*head, CALL]
        if isinstance(node, cst.Subscript):
            key = subscript_key(node)
            head = self.qualified_parts(node.value, class_name) if key is not None else None
            return None if head is None or key is None else [*head, subscript_component(key)]
        if isinstance(node, cst.Name):
            return self.global_parts(node, class_name)
        return None

    def global_parts(self, name: cst.Name, class_name: str | None) -> list[str] | None:
        if name.value in ("self", "cls") and class_name is not None:
            return [self.bindings.module, *class_name.split(".")]
        if self.is_local(name):
            # `events = shop.events` then `events.X`: follow a local alias assigned once
            value = self.local_value(name)
            if isinstance(value, (cst.Name, cst.Attribute)) and value is not name:
                return self.qualified_parts(value, class_name)
            return None
        if name.value in self.bindings.imports:
            return self.bindings.imports[name.value].split(".")
        found = self.bindings.lookup(name)
        if found is None or not any(binding.node is not None for binding in found):
            return None  # a builtin or an undefined name
        return [self.bindings.module, name.value]

    def is_local(self, name: cst.Name) -> bool:
        """True when `name` is bound in a function or class scope rather than the module."""
        bindings = self.bindings.lookup(name)
        if bindings is None:
            return True
        found = [binding for binding in bindings if binding.node is not None]
        if not found:
            return False  # a builtin, or undefined
        if any(isinstance(binding.node, (cst.Import, cst.ImportFrom)) for binding in found):
            return False
        return not all(binding.in_module for binding in found)

    def parameter(self, name: cst.Name) -> Parameter | None:
        """The function parameter `name` is, when nothing reassigns it and the function can
        be called by name (a module-level function or a method)."""
        local = self.bindings.single_assignment(name)
        if local is None or not isinstance(local.node, cst.Param):
            return None
        key = self.bindings.function_key(local.scope_node)
        return None if key is None else Parameter(key, name.value)

    def local_value(self, name: cst.Name) -> cst.BaseExpression | None:
        """The value of a local name that is assigned exactly once, by a plain assignment."""
        local = self.bindings.single_assignment(name)
        if local is None or not isinstance(local.node, cst.Name):
            return None
        return self.bindings.assigned_values.get(local.node)


def subscript_key(node: cst.Subscript) -> str | None:
    if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
        return None
    return literal_string(node.slice[0].slice.value)


def iter_assign_targets(node: cst.Assign | cst.AnnAssign) -> Iterator[cst.Name]:
    targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
    for target in targets:
        if isinstance(target, cst.Name):
            yield target
