"""One libcst pass over a Python module: imports, classes, functions, assignments, calls.

Interpretation happens afterwards in `scanner.python`, with the whole file known: a client
assigned in `__init__` is a client in every method, whichever comes first in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import PositionProvider, ScopeProvider

from scanner.python_names import Bindings, dotted_parts, iter_assign_targets


@dataclass(frozen=True, slots=True)
class FoundCall:
    node: cst.Call
    class_name: str | None  # dotted path of the enclosing class, for `self.X`


@dataclass(frozen=True, slots=True)
class FunctionInfo:
    """A module-level function or a method: the only functions a call site can name."""

    node: cst.FunctionDef
    qualname: str  # `track_event`, `BaseView._track`
    is_method: bool  # its first parameter is the instance or class (not a staticmethod)


@dataclass
class ClassInfo:
    path: str  # dotted path within the module
    bases: list[cst.BaseExpression] = field(default_factory=list)
    # `self.<attr> = <value>` in its methods, as (attr, value), in source order.
    self_assignments: list[tuple[str, cst.BaseExpression]] = field(default_factory=list)


class Collector(cst.CSTVisitor):
    """Gathers everything in one pass; interpretation happens after, with the whole file known."""

    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider)

    def __init__(self, bindings: Bindings) -> None:
        super().__init__()
        self.bindings = bindings
        self.calls: list[FoundCall] = []
        self.class_stack: list[str] = []
        self.function_depth = 0
        # (qualified name, value node, class path) for module-level and class-level bindings
        self.constants: list[tuple[str, cst.BaseExpression, str | None]] = []
        self.enum_classes: set[str] = set()
        # Module-level names a function declares `global`: it may rebind them, so they are
        # not constants whatever the module itself assigns once.
        self.rebound_globals: set[str] = set()
        self.client_targets: list[tuple[cst.BaseExpression, cst.Call, str | None]] = []
        self.star_imports: list[str] = []
        self.functions: dict[cst.FunctionDef, FunctionInfo] = {}
        self.classes: dict[str, ClassInfo] = {}
        # The class each function-depth level belongs to (None: a plain function).
        self._method_class: list[str | None] = []

    # -- imports -----------------------------------------------------------
    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            dotted = dotted_parts(alias.name)
            if dotted is None:
                continue
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.bindings.imports[alias.asname.name.value] = ".".join(dotted)
            else:
                self.bindings.imports[dotted[0]] = dotted[0]

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module_parts = dotted_parts(node.module) if node.module is not None else None
        module = self.bindings.absolute_module(
            len(node.relative), ".".join(module_parts) if module_parts else None
        )
        if isinstance(node.names, cst.ImportStar):
            if not self.function_depth and not self.class_stack:
                self.star_imports.append(module)
            return
        for alias in node.names:
            if not isinstance(alias.name, cst.Name):
                continue
            local = alias.name.value
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            self.bindings.imports[local] = f"{module}.{alias.name.value}" if module else local

    # -- scopes we care about ---------------------------------------------
    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.class_stack.append(node.name.value)
        if self.function_depth:
            return
        path = ".".join(self.class_stack)
        self.classes[path] = ClassInfo(path, [base.value for base in node.bases])
        if any(_is_enum_base(base.value) for base in node.bases):
            self.enum_classes.add(path)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.class_stack.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if not self.function_depth:
            qualname = ".".join([*self.class_stack, node.name.value])
            in_class = bool(self.class_stack)
            is_method = in_class and not _has_decorator(node, "staticmethod")
            self.functions[node] = FunctionInfo(node, qualname, is_method)
            self.bindings.function_keys[node] = qualname
        owner = ".".join(self.class_stack) if self.class_stack and not self.function_depth else None
        self._method_class.append(owner if owner in self.classes else None)
        self.function_depth += 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.function_depth -= 1
        self._method_class.pop()

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self.function_depth += 1
        self._method_class.append(None)

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self.function_depth -= 1
        self._method_class.pop()

    # -- assignments -------------------------------------------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._record_assignment(target.target, node.value)
        for name in iter_assign_targets(node):
            self.bindings.assigned_values[name] = node.value

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is None:
            return
        self._record_assignment(node.target, node.value)
        for name in iter_assign_targets(node):
            self.bindings.assigned_values[name] = node.value

    def _record_assignment(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        class_path = ".".join(self.class_stack) if self.class_stack else None
        if isinstance(value, cst.Call):
            self.client_targets.append((target, value, class_path))
        owner = self._method_class[-1] if self._method_class else None
        if (
            owner is not None
            and isinstance(target, cst.Attribute)
            and isinstance(target.value, cst.Name)
            and target.value.value == "self"
        ):
            self.classes[owner].self_assignments.append((target.attr.value, value))
        if self.function_depth or not isinstance(target, cst.Name):
            return
        qualified = f"{class_path}.{target.value}" if class_path else target.value
        self.constants.append((qualified, value, class_path))

    def visit_Global(self, node: cst.Global) -> None:
        self.rebound_globals.update(item.name.value for item in node.names)

    # -- calls ---------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        class_name = ".".join(self.class_stack) if self.class_stack else None
        self.calls.append(FoundCall(node, class_name))


def _is_enum_base(base: cst.BaseExpression) -> bool:
    parts = dotted_parts(base)
    return bool(parts) and parts is not None and parts[-1].endswith(("Enum", "Flag"))


def _has_decorator(node: cst.FunctionDef, name: str) -> bool:
    for decorator in node.decorators:
        parts = dotted_parts(decorator.decorator)
        if parts is not None and parts[-1] == name:
            return True
    return False
