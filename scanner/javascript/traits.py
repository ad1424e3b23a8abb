"""Traits built on an object before a JavaScript identify call: Amplitude's `Identify`.

```
const identifyEvent = new amplitude.Identify()
identifyEvent.set('plan', 'pro')
amplitude.identify(identifyEvent)
```

The traits are known only when everything done to the object is in sight: it is made by a
declaration of its own in the same block as the call, every statement between them that
names it is an operation with a literal key (`set('plan', 'pro')`, chained or not), and the
name is used nowhere else in its scope (no function that may fill it later, no escape into
a call, a branch or a loop body). Anything else leaves the traits unknown, as before.
"""

from __future__ import annotations

from collections.abc import Iterator

from scanner.javascript.clients import Clients
from scanner.javascript.declarations import FUNCTIONS, Binding
from scanner.javascript.literals import arguments_of, string_value, unwrap
from scanner.javascript.objects import literal_entry
from scanner.javascript.parse import Node, text
from scanner.model import Properties, PropertyEntry, ValueType
from scanner.sdks import TraitBuilder, TraitOperation

UNKNOWN = Properties(dynamic=True)
# Code that runs later, or never, rather than where it is written.
_DEFERRED = FUNCTIONS | {"class", "class_declaration", "abstract_class_declaration"}
_NAMES = frozenset({"identifier", "shorthand_property_identifier"})
_BLOCKS = frozenset({"statement_block", "program"})
_DECLARATIONS = frozenset({"lexical_declaration", "variable_declaration"})


class TraitReader:
    def __init__(self, clients: Clients, builder: TraitBuilder) -> None:
        self.clients = clients
        self.scopes = clients.scopes
        self.builder = builder

    def read(self, arg: Node, call: Node) -> Properties | None:
        """The traits `arg` sends when it is a builder object (None: it is not one)."""
        arg = unwrap(arg)
        if arg.type == "identifier":
            return self._named(arg, call)
        if not self._creates(_chain_root(arg)):
            return None
        return self.builder.traits(self._steps(arg, None))

    # -- one expression: `new Identify().set('plan', 'pro')` ------------------
    def _creates(self, node: Node) -> bool:
        """`new Identify()` imported from the SDK, or `new amplitude.Identify()`."""
        if node.type != "new_expression":
            return False
        constructor = node.child_by_field_name("constructor")
        if constructor is None:
            return False
        constructor = unwrap(constructor)
        if constructor.type == "identifier":
            return self.clients.module_function(constructor) in self.builder.classes
        if constructor.type != "member_expression":
            return False
        base = constructor.child_by_field_name("object")
        prop = constructor.child_by_field_name("property")
        return (
            base is not None
            and prop is not None
            and text(prop) in self.builder.classes
            and (self.clients.is_module(base) or self.clients.is_named(unwrap(base)))
        )

    def _steps(self, node: Node, root: Node | None) -> list[PropertyEntry] | None:
        """The traits the operations of a chain set, in order, down to `root` (None: to the
        builder's creation); None when one of them is not known."""
        found: list[list[PropertyEntry]] = []
        while not (node == root if root is not None else self._creates(node)):
            function = (
                node.child_by_field_name("function") if node.type == "call_expression" else None
            )
            if function is None or function.type != "member_expression":
                return None
            entries = self._operation(node, function)
            base = function.child_by_field_name("object")
            if entries is None or base is None:
                return None
            found.append(entries)
            node = unwrap(base)
        return [entry for entries in reversed(found) for entry in entries]

    def _operation(self, call: Node, function: Node) -> list[PropertyEntry] | None:
        prop = function.child_by_field_name("property")
        kind = self.builder.operation(text(prop)) if prop is not None else None
        if kind is None:
            return None
        if kind is TraitOperation.IGNORED:
            return []
        args = arguments_of(call)
        key = string_value(unwrap(args[0])) if args else None
        if key is None:
            return None
        if kind is TraitOperation.NAMED or len(args) < 2:
            return [PropertyEntry(key, ValueType.UNKNOWN)]
        return [literal_entry(key, args[1])]

    # -- a name: made, filled, then sent ---------------------------------------
    def _named(self, name: Node, call: Node) -> Properties | None:
        binding = self.scopes.lookup(name)
        value = None if binding is None else binding.plain_value
        if binding is None or value is None or not self._creates(_chain_root(unwrap(value))):
            return None
        entries = self._steps(unwrap(value), None)
        statement = _declaration(binding)
        if entries is None or statement is None or not self.scopes.is_constant(binding):
            return UNKNOWN
        seen: list[Node] = [name]
        sibling = statement.next_named_sibling
        while sibling is not None:
            if _holds(sibling, call):
                return self.builder.traits(entries) if self._only_uses(binding, seen) else UNKNOWN
            if sibling.type == "expression_statement" and sibling.named_children:
                expression = unwrap(sibling.named_children[0])
                root = _chain_root(expression)
                if root.type == "identifier" and self.scopes.lookup(root) is binding:
                    steps = self._steps(expression, root)
                    if steps is None:
                        return UNKNOWN
                    entries.extend(steps)
                    seen.append(root)
            sibling = sibling.next_named_sibling
        return UNKNOWN  # the call is not in this block: inside a branch, a callback...

    def _only_uses(self, binding: Binding, seen: list[Node]) -> bool:
        """Whether every use of the binding's name in its scope is one we have read."""
        for found in _names(binding.scope, binding.name):
            if found == binding.node or any(found == node for node in seen):
                continue
            if self.scopes.lookup(found) is binding:
                return False
        return True


def _declaration(binding: Binding) -> Node | None:
    """`const e = new Identify()`: a declaration of one name, directly in a block."""
    declarator = binding.node.parent
    statement = declarator.parent if declarator is not None else None
    if (
        declarator is None
        or declarator.type != "variable_declarator"
        or statement is None
        or statement.type not in _DECLARATIONS
        or len([c for c in statement.named_children if c.type == "variable_declarator"]) != 1
        or statement.parent is None
        or statement.parent.type not in _BLOCKS
    ):
        return None
    return statement


def _chain_root(node: Node) -> Node:
    """`new Identify()` for `new Identify().set(...).add(...)`; `e` for `e.set(...)`."""
    while node.type == "call_expression":
        function = node.child_by_field_name("function")
        base = function.child_by_field_name("object") if function is not None else None
        if function is None or function.type != "member_expression" or base is None:
            break
        node = unwrap(base)
    return node


def _holds(statement: Node, call: Node) -> bool:
    """Whether `call` runs as part of `statement` (not in a function defined there)."""
    node: Node | None = call
    while node is not None and node != statement:
        if node.type in _DEFERRED:
            return False
        node = node.parent
    return node is not None and statement.type not in _DEFERRED


def _names(node: Node, name: str) -> Iterator[Node]:
    """The identifiers spelling `name` under `node` (without recursion: trees may be deep)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type in _NAMES and text(current) == name:
            yield current
        stack.extend(current.named_children)
