"""Which receivers are analytics clients, and whether they take positional or message arguments.

A receiver counts when it is named like the SDK's global (`analytics`, `window.analytics`,
`this.props.analytics`), or when it holds a client made by an SDK factory imported or
required in this file: `const seg = AnalyticsBrowser.load(...)`, `new Analytics(...)` from
`@segment/analytics-node`, a parameter or field typed `Analytics`, `this.seg = ...` in a
class. Anything else (`mixpanel.track`, `this.tracker.track`) is not a call.
"""

from __future__ import annotations

from scanner.javascript.declarations import FUNCTIONS, Binding, Kind
from scanner.javascript.literals import is_nullish, string_value, unwrap
from scanner.javascript.names import Names
from scanner.javascript.parse import Node, text
from scanner.javascript.syntax import require_source
from scanner.sdks import ClientFactory, JsForm, JsSdk

_CLASS_FIELDS = frozenset({"public_field_definition", "field_definition"})
# Functions with their own `this`; arrow functions see the enclosing one.
_OWN_THIS = FUNCTIONS - {"arrow_function", "method_definition"}


class Clients:
    MAX_DEPTH = 16

    def __init__(self, names: Names, sdk: JsSdk) -> None:
        self.names = names
        self.scopes = names.scopes
        self.sdk = sdk
        self._classes: dict[Node, dict[str, JsForm]] = {}

    def receiver(self, node: Node) -> tuple[bool, JsForm | None]:
        """Whether `<node>.<method>(...)` is an analytics call, and the client's form if known."""
        node = unwrap(node)
        form = self.form_of(node)
        if form is not None:
            return True, form
        return self.is_module(node) or self.is_named(node), None

    def is_module(self, node: Node) -> bool:
        """A namespace or default import of one of the SDK's packages (`import * as amp`)."""
        node = unwrap(node)
        source = require_source(node)
        if source is not None:
            return source in self.sdk.modules
        if node.type != "identifier":
            return False
        binding = self.scopes.lookup(node)
        return (
            binding is not None
            and binding.kind is Kind.IMPORT
            and binding.source in self.sdk.modules
            and binding.imported in ("*", "default", None)
            and not binding.path
        )

    def module_function(self, node: Node) -> str | None:
        """The SDK function an identifier is imported as: `import { track as t } from '…'`."""
        node = unwrap(node)
        binding = self.scopes.lookup(node) if node.type == "identifier" else None
        if (
            binding is None
            or binding.kind is not Kind.IMPORT
            or binding.source not in self.sdk.modules
            or binding.imported in (None, "*", "default")
        ):
            return None
        return binding.imported

    def is_named(self, node: Node) -> bool:
        if node.type == "call_expression":  # `amplitude.getInstance().logEvent(...)`
            function = node.child_by_field_name("function")
            prop = function.child_by_field_name("property") if function is not None else None
            base = function.child_by_field_name("object") if function is not None else None
            return (
                prop is not None
                and base is not None
                and text(prop) in self.sdk.instance_getters
                and (self.is_named(unwrap(base)) or self.is_module(base))
            )
        if node.type == "identifier":
            return text(node) in self.sdk.receiver_names
        if node.type == "member_expression":
            prop = node.child_by_field_name("property")
            return prop is not None and text(prop) in self.sdk.receiver_names
        if node.type == "subscript_expression":
            index = node.child_by_field_name("index")
            key = string_value(unwrap(index)) if index is not None else None
            return key in self.sdk.receiver_names
        return False

    # -- client values ---------------------------------------------------
    def form_of(self, node: Node, depth: int = 0) -> JsForm | None:
        """The form of the client an expression evaluates to, when it is one."""
        if depth > self.MAX_DEPTH:
            return None
        node = unwrap(node)
        while node.type == "await_expression" and node.named_children:
            node = unwrap(node.named_children[0])
        if node.type == "new_expression":
            constructor = node.child_by_field_name("constructor")
            factory = self.factory(constructor, depth + 1) if constructor is not None else None
            return factory.form if factory is not None and factory.construct else None
        if node.type == "call_expression":
            return self._call_form(node, depth)
        if node.type == "identifier":
            binding = self.scopes.lookup(node)
            return self.binding_form(binding, depth + 1) if binding is not None else None
        if node.type == "member_expression":
            base = node.child_by_field_name("object")
            if base is not None and base.type == "this":
                return self.this_member(node)
        return None

    def _call_form(self, call: Node, depth: int) -> JsForm | None:
        function = call.child_by_field_name("function")
        if function is None:
            return None
        function = unwrap(function)
        if function.type == "member_expression":  # `AnalyticsBrowser.load(...)`
            base = function.child_by_field_name("object")
            prop = function.child_by_field_name("property")
            factory = self.factory(base, depth + 1) if base is not None else None
            if factory is not None and prop is not None and text(prop) in factory.static_methods:
                return factory.form
        factory = self.factory(function, depth + 1)
        return factory.form if factory is not None and factory.call else None

    def binding_form(self, binding: Binding, depth: int) -> JsForm | None:
        typed = self.type_form(binding.type)
        if typed is not None or binding.kind is Kind.PARAM:
            return typed
        if binding.kind not in (Kind.CONST, Kind.LET, Kind.VAR):
            return None
        if binding.path not in ((), ("[0]",)):  # `const [analytics] = await X.load()`
            return None
        values = [binding.value]
        if binding.kind is not Kind.CONST:
            for write in self.scopes.writes_to(binding.name):
                if self.scopes.lookup(write) is not binding:
                    continue
                assignment = write.parent
                if assignment is None or assignment.type != "assignment_expression":
                    return None  # `x++`, destructuring: not a client
                values.append(assignment.child_by_field_name("right"))
        forms = set()
        for value in values:
            if value is None or is_nullish(value):
                continue  # `let seg: X | undefined` then `seg = X.load()`
            form = self.form_of(value, depth + 1)
            if form is None:
                return None
            forms.add(form)
        return forms.pop() if len(forms) == 1 else None

    # -- factories and types ---------------------------------------------
    def factory(self, node: Node, depth: int = 0) -> ClientFactory | None:
        """The SDK factory an expression denotes: an imported or required export."""
        if depth > self.MAX_DEPTH:
            return None
        node = unwrap(node)
        source = require_source(node)
        if source is not None:
            return self._find(source, "default")
        if node.type in ("identifier", "type_identifier"):
            binding = self.scopes.lookup(node)
            if binding is None:
                return None
            if binding.kind is Kind.IMPORT and binding.source is not None:
                imported = binding.imported or "default"
                if imported == "*" and binding.value is not None:
                    imported = "default"  # `const Analytics = require('analytics-node')`
                return self._find(binding.source, imported)
            if binding.kind is Kind.CONST and binding.value is not None and not binding.path:
                return self.factory(binding.value, depth + 1)
            return None
        if node.type in ("member_expression", "nested_type_identifier"):
            base = node.named_children[0] if node.named_children else None
            prop = node.named_children[-1] if node.named_children else None
            module = self._module_of(base) if base is not None else None
            if module is not None and prop is not None:
                return self._find(module, text(prop))
        return None

    def _module_of(self, node: Node) -> str | None:
        """The specifier of a namespace import or a required module an expression denotes."""
        node = unwrap(node)
        source = require_source(node)
        if source is not None:
            return source
        if node.type == "identifier":
            binding = self.scopes.lookup(node)
            if binding is not None and binding.kind is Kind.IMPORT and binding.imported == "*":
                return binding.source
        return None

    def _find(self, module: str, export: str) -> ClientFactory | None:
        for factory in self.sdk.factories:
            if factory.module == module and factory.export == export:
                return factory
        return None

    def type_form(self, annotation: Node | None) -> JsForm | None:
        """`client: Analytics`, `seg?: AnalyticsBrowser | null` with the type from an SDK."""
        stack = [annotation] if annotation is not None else []
        while stack:
            node = stack.pop()
            if node.type in ("type_identifier", "nested_type_identifier"):
                factory = self.factory(node)
                if factory is not None and factory.type_name:
                    return factory.form
            elif node.type in ("type_annotation", "union_type", "parenthesized_type"):
                stack.extend(node.named_children)
        return None

    # -- `this.x` in classes ---------------------------------------------
    def this_member(self, node: Node) -> JsForm | None:
        prop = node.child_by_field_name("property")
        body = enclosing_class(node)
        if prop is None or body is None:
            return None
        return self.class_clients(body).get(text(prop))

    def class_clients(self, body: Node) -> dict[str, JsForm]:
        """Fields of one class that hold clients: initializers, types, `this.x = ...`."""
        found = self._classes.get(body)
        if found is not None:
            return found
        found = self._classes[body] = {}
        for item in body.named_children:
            if item.type in _CLASS_FIELDS:
                name = item.child_by_field_name("name") or item.child_by_field_name("property")
                value = item.child_by_field_name("value")
                form = self.type_form(item.child_by_field_name("type"))
                form = form or (self.form_of(value) if value is not None else None)
                if name is not None and form is not None:
                    found[text(name)] = form
            elif item.type == "method_definition" and _is_constructor(item):
                self._parameter_properties(item, found)
        for left in self.scopes.member_writes():
            base, prop = left.child_by_field_name("object"), left.child_by_field_name("property")
            if base is None or base.type != "this" or prop is None or enclosing_class(left) != body:
                continue
            assignment = left.parent
            value = assignment.child_by_field_name("right") if assignment is not None else None
            form = self.form_of(value) if value is not None else None
            if form is not None:
                found[text(prop)] = form
        return found

    def _parameter_properties(self, constructor: Node, found: dict[str, JsForm]) -> None:
        """`constructor(private readonly segment: Analytics) {}` declares `this.segment`."""
        parameters = constructor.child_by_field_name("parameters")
        for parameter in parameters.named_children if parameters is not None else ():
            if not any(
                c.type in ("accessibility_modifier", "readonly") for c in parameter.children
            ):
                continue
            pattern = parameter.child_by_field_name("pattern")
            form = self.type_form(parameter.child_by_field_name("type"))
            if pattern is not None and pattern.type == "identifier" and form is not None:
                found[text(pattern)] = form


def enclosing_class(node: Node) -> Node | None:
    """The class body whose instance `this` is at `node`, if any."""
    current = node.parent
    while current is not None:
        if current.type in _OWN_THIS:
            return None
        if current.type == "method_definition" and (
            current.parent is None or current.parent.type != "class_body"
        ):
            return None  # a method of an object literal: `this` is that object
        if current.type == "class_body":
            return current
        current = current.parent
    return None


def _is_constructor(method: Node) -> bool:
    name = method.child_by_field_name("name")
    return name is not None and text(name) == "constructor"
