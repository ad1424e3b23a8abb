"""The qualified name a JavaScript callee denotes: a function, a method, a hook's result.

Imports name the exporting module's member, destructuring (`const { track } =
useAnalytics()`) a member of what a call returns, `useTrack()('X')` the function a call
returns, `this.track` and `new Tracker().track` a class's prototype member. Joined with the
paths of `scanner.javascript.functions` through the file definitions, in `resolve`.
"""

from __future__ import annotations

from scanner.javascript.clients import enclosing_class
from scanner.javascript.declarations import Binding, Kind
from scanner.javascript.functions import CALL, CALLBACK_HOOKS, PROTOTYPE, Functions, hook_argument
from scanner.javascript.literals import is_function, string_value, unwrap
from scanner.javascript.modules import key_component, member, target
from scanner.javascript.parse import Node, text
from scanner.javascript.syntax import require_source


class Callees:
    MAX_DEPTH = 16

    def __init__(self, functions: Functions) -> None:
        self.functions = functions
        self.names = functions.names
        self.scopes = functions.scopes

    def callee_target(self, node: Node, depth: int = 0) -> str | None:
        """The qualified name a callee denotes (a function, a method, a hook's result)."""
        if depth > self.MAX_DEPTH:
            return None
        node = unwrap(node)
        while node.type == "await_expression" and node.named_children:
            node = unwrap(node.named_children[0])
        kind = node.type
        if kind == "identifier":
            binding = self.scopes.lookup(node)
            return None if binding is None else self._binding_target(binding, depth)
        if kind == "member_expression":
            base = node.child_by_field_name("object")
            prop = node.child_by_field_name("property")
            if base is None or prop is None:
                return None
            if base.type == "this":
                body = enclosing_class(node)
                head = (
                    self.functions.class_path(body.parent)
                    if body is not None and body.parent
                    else None
                )
                if head is None:
                    return None
                return target(self.names.module, [*head, PROTOTYPE, key_component(text(prop))])
            owner = self.callee_target(base, depth + 1)
            return None if owner is None else member(owner, [key_component(text(prop))])
        if kind == "subscript_expression":
            base, index = node.child_by_field_name("object"), node.child_by_field_name("index")
            key = string_value(unwrap(index)) if index is not None else None
            owner = self.callee_target(base, depth + 1) if base is not None and key else None
            return None if owner is None or key is None else member(owner, [key_component(key)])
        if kind == "call_expression":
            if require_source(node) is not None:
                return self.names.reference(node)
            function = node.child_by_field_name("function")
            owner = self.callee_target(function, depth + 1) if function is not None else None
            return None if owner is None else member(owner, [CALL])
        if kind == "new_expression":
            constructor = node.child_by_field_name("constructor")
            owner = self.callee_target(constructor, depth + 1) if constructor is not None else None
            return None if owner is None else member(owner, [PROTOTYPE])
        return None

    def _binding_target(self, binding: Binding, depth: int) -> str | None:
        if binding.kind is Kind.IMPORT:
            return self.names.binding_target(binding)
        if binding.kind in (Kind.FUNCTION, Kind.CLASS):
            return target(self.names.module, [self.names.binding_id(binding)])
        if binding.kind not in (Kind.CONST, Kind.LET, Kind.VAR) or binding.value is None:
            return None
        if not self.scopes.is_constant(binding):
            return None
        value = unwrap(binding.value)
        if binding.path:
            if any(part.startswith("[") or part == "..." for part in binding.path):
                return None
            owner = self.callee_target(value, depth + 1)
            return (
                None if owner is None else member(owner, [key_component(p) for p in binding.path])
            )
        if is_function(value) or value.type == "class" or hook_argument(value, CALLBACK_HOOKS):
            return target(self.names.module, [self.names.binding_id(binding)])
        return self.callee_target(value, depth + 1)
