"""Traits built on an object before a Python identify call: Amplitude's `Identify()`.

```
identify_obj = Identify()
identify_obj.set("plan", "pro")
client.identify(identify_obj, EventOptions(user_id=user_id))
```

The traits are known only when everything done to the object is in sight: it is made by
one plain assignment in the same block as the call, every statement between them that
names it is an operation with a literal key (`set("plan", "pro")`, chained or not), and the
name is used nowhere else in its scope (no other function that may fill it, no escape into
a call, a loop body or a branch). Anything else leaves the traits unknown, as before.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import libcst as cst

from scanner.model import Properties, PropertyEntry, ValueType
from scanner.python_args import bind_argument, literal_entry
from scanner.python_names import NameReader, literal_string
from scanner.python_scopes import Binding
from scanner.sdks import TraitBuilder, TraitOperation

UNKNOWN = Properties(dynamic=True)
_NESTED = (cst.FunctionDef, cst.ClassDef, cst.Lambda)


class TraitReader:
    def __init__(self, names: NameReader, module: cst.Module) -> None:
        self.names = names
        self.module = module

    def read(
        self, arg: cst.BaseExpression, call: cst.Call, builder: TraitBuilder
    ) -> Properties | None:
        """The traits `arg` sends when it is a builder object (None: it is not one)."""
        if isinstance(arg, cst.Name):
            return self._named(arg, call, builder)
        if not self._creates(self._root(arg, builder), builder):
            return None
        return builder.traits(self._steps(arg, builder))

    # -- one expression: `Identify().set("plan", "pro")` --------------------------
    def _creates(self, node: cst.BaseExpression, builder: TraitBuilder) -> bool:
        if not isinstance(node, cst.Call):
            return False
        parts = self.names.qualified_parts(node.func, None)
        return parts is not None and ".".join(parts) in builder.classes

    def _root(self, node: cst.BaseExpression, builder: TraitBuilder) -> cst.BaseExpression:
        """`Identify()` for `Identify().set(...).add(...)` (`amplitude.Identify()` too)."""
        while (
            not self._creates(node, builder)
            and isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
        ):
            node = node.func.value
        return node

    def _steps(
        self, node: cst.BaseExpression, builder: TraitBuilder, root: cst.Name | None = None
    ) -> list[PropertyEntry] | None:
        """The traits the operations of a chain set, in order, down to `root` (None: to the
        builder's creation); None when one of them is not known."""
        found: list[list[PropertyEntry]] = []
        while not (node is root if root is not None else self._creates(node, builder)):
            if not isinstance(node, cst.Call) or not isinstance(node.func, cst.Attribute):
                return None
            entries = _operation(node, builder)
            if entries is None:
                return None
            found.append(entries)
            node = node.func.value
        return [entry for entries in reversed(found) for entry in entries]

    # -- a name: made, filled, then sent ---------------------------------------
    def _named(self, name: cst.Name, call: cst.Call, builder: TraitBuilder) -> Properties | None:
        binding = self.names.bindings.single_assignment(name)
        if binding is None or not isinstance(binding.node, cst.Name):
            return None
        value = self.names.bindings.assigned_values.get(binding.node)
        if value is None or not self._creates(self._root(value, builder), builder):
            return None
        entries = self._steps(value, builder)
        scope = self._scope_body(binding)
        if entries is None or scope is None:
            return UNKNOWN
        for block in _blocks(scope):
            start = next((i for i, s in enumerate(block) if _assigns(s, binding.node)), None)
            if start is not None:
                return self._filled(block, start, entries, binding, name, call, builder)
        return UNKNOWN

    def _filled(
        self,
        block: Sequence[cst.BaseStatement],
        start: int,
        entries: list[PropertyEntry],
        binding: Binding,
        name: cst.Name,
        call: cst.Call,
        builder: TraitBuilder,
    ) -> Properties:
        """The traits once the statements after `block[start]` up to the call have run."""
        seen: set[cst.Name] = {name}
        for statement in block[start + 1 :]:
            if _holds(statement, call):
                return builder.traits(entries) if self._only_uses(binding, seen) else UNKNOWN
            if not isinstance(statement, cst.SimpleStatementLine):
                continue  # any use of the name in it is caught by `_only_uses`
            for small in statement.body:
                if not isinstance(small, cst.Expr):
                    continue
                root = _chain_root(small.value)
                if not isinstance(root, cst.Name) or not self._refers(root, binding):
                    continue
                step = self._steps(small.value, builder, root)
                if step is None:
                    return UNKNOWN
                entries.extend(step)
                seen.add(root)
        return UNKNOWN  # the call is not in this block: inside a branch, a loop...

    def _refers(self, name: cst.Name, binding: Binding) -> bool:
        found = self.names.bindings.lookup(name)
        return found is not None and any(b.node is binding.node for b in found)

    def _only_uses(self, binding: Binding, seen: set[cst.Name]) -> bool:
        """Whether every use of the binding's name in its scope is one we have read."""
        scope = binding.scope_node if binding.scope_node is not None else self.module
        assert isinstance(binding.node, cst.Name)
        for found in _names(scope, binding.node.value):
            if found is not binding.node and found not in seen and self._refers(found, binding):
                return False
        return True

    def _scope_body(self, binding: Binding) -> cst.CSTNode | None:
        if binding.in_module:
            return self.module
        if isinstance(binding.scope_node, cst.FunctionDef):
            return binding.scope_node.body
        return None  # a class body, a comprehension...


def _operation(call: cst.Call, builder: TraitBuilder) -> list[PropertyEntry] | None:
    """The trait one operation sets, `[]` for one that sets none, None when not known."""
    assert isinstance(call.func, cst.Attribute)
    kind = builder.operation(call.func.attr.value)
    if kind is None:
        return None
    if kind is TraitOperation.IGNORED:
        return []
    key_arg = bind_argument(call, ("key", "value"), "key")
    key = literal_string(key_arg) if isinstance(key_arg, cst.BaseExpression) else None
    if key is None:
        return None
    value = bind_argument(call, ("key", "value"), "value")
    if kind is TraitOperation.NAMED or not isinstance(value, cst.BaseExpression):
        return [PropertyEntry(key, ValueType.UNKNOWN)]
    return [literal_entry(key, value)]


def _chain_root(node: cst.BaseExpression) -> cst.BaseExpression:
    """`obj` for `obj.set(...).add(...)`."""
    while isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        node = node.func.value
    return node


def _assigns(statement: cst.BaseStatement, target: cst.CSTNode) -> bool:
    """`target = ...` alone on its line (not `a = b = ...`, not in a tuple)."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return False
    small = statement.body[0]
    if isinstance(small, cst.Assign):
        return len(small.targets) == 1 and small.targets[0].target is target
    return isinstance(small, cst.AnnAssign) and small.target is target


def _blocks(node: cst.CSTNode) -> Iterator[Sequence[cst.BaseStatement]]:
    """The statement lists of a scope, without those of functions and classes in it."""
    if isinstance(node, (cst.Module, cst.IndentedBlock)):
        yield node.body
    for child in node.children:
        if not isinstance(child, _NESTED):
            yield from _blocks(child)


def _holds(node: cst.CSTNode, call: cst.Call) -> bool:
    """Whether `call` runs as part of `node` (not in a function or class defined there)."""
    if node is call:
        return True
    return any(_holds(child, call) for child in node.children if not isinstance(child, _NESTED))


def _names(node: cst.CSTNode, value: str) -> Iterator[cst.Name]:
    """The names spelling `value` under `node` (without recursion: trees may be deep)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Name) and current.value == value:
            yield current
        stack.extend(current.children)
