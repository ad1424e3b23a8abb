"""JavaScript object literals as analytics arguments: members, properties, call arguments.

`ObjectReader` reads what an object argument holds (through constants bound to object
literals): its literal members, the properties or traits it sends with their JSON types,
and, for calls to functions defined in another file, every argument read every way a
wrapper's parameters may need it.
"""

from __future__ import annotations

from scanner.javascript.literals import (
    arguments_of,
    is_function,
    is_nullish,
    number_value,
    string_value,
    unwrap,
)
from scanner.javascript.names import Names, strip_value
from scanner.javascript.parse import Node, text
from scanner.javascript.syntax import property_key
from scanner.model import Argument, Dynamic, Properties, PropertyEntry, ValueType


class ObjectReader:
    def __init__(self, names: Names) -> None:
        self.names = names

    def members(self, node: Node) -> tuple[dict[str, Node], Node | None]:
        """An object literal's literal keys and their values, and its last spread."""
        members: dict[str, Node] = {}
        spread = None
        for child in node.named_children:
            if child.type == "pair":
                key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
                name = property_key(key) if key is not None else None
                if name is not None and value is not None:
                    members[name] = value
            elif child.type == "shorthand_property_identifier":
                members[text(child)] = child
            elif child.type == "spread_element":
                spread = child
        return members, spread

    def member_path(self, message: Node, path: tuple[str, ...]) -> tuple[Node | None, Node | None]:
        """The value at a key path in a message (and, when it is not there, a spread that
        may hold it)."""
        node: Node | None = message
        for depth, key in enumerate(path):
            if node is None:
                return None, None
            members, spread = self.members(node)
            if key not in members:
                return None, spread
            if depth == len(path) - 1:
                return members[key], None
            inner = self.names.object_node(members[key])
            if inner is None:
                return None, members[key]
            node = inner
        return None, None

    def read_properties(self, node: Node) -> Properties | None:
        if is_nullish(node) or is_function(node):
            return None
        node = or_empty(node)
        found = self.names.object_node(node)
        if found is None:
            parameter = self.names.parameter(unwrap(node))
            return Properties(dynamic=True, parameter=parameter)
        entries: dict[str, PropertyEntry] = {}
        unknown = False
        parameter, parameter_at = None, 0
        for child in found.named_children:
            if child.type == "pair":
                key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
                name = property_key(key) if key is not None else None
                if name is None or value is None:
                    unknown = True
                else:
                    entries.pop(name, None)  # a repeated key: the last one counts
                    entries[name] = literal_entry(name, value)
            elif child.type == "shorthand_property_identifier":
                entries.pop(text(child), None)
                entries[text(child)] = PropertyEntry(text(child), ValueType.UNKNOWN)
            elif child.type == "method_definition":
                name_node = child.child_by_field_name("name")
                name = property_key(name_node) if name_node is not None else None
                if name is None:
                    unknown = True
                else:
                    entries[name] = PropertyEntry(name, ValueType.UNKNOWN)
            elif child.type == "spread_element":
                inner = or_empty(child.named_children[0]) if child.named_children else None
                spread = self.names.parameter(unwrap(inner)) if inner is not None else None
                if spread is not None and parameter is None:
                    parameter, parameter_at = spread, len(entries)
                else:
                    unknown = True
        if parameter is not None and not unknown:
            return Properties(tuple(entries.values()), True, parameter, parameter_at)
        return Properties(tuple(entries.values()), unknown or parameter is not None)

    def arguments(self, node: Node) -> tuple[Argument, ...]:
        found = []
        for index, arg in enumerate(arguments_of(node)):
            if arg.type == "spread_element":
                found.append(Argument(None, None, Dynamic("spread"), text(arg), None, spread=True))
                continue
            found.append(self._argument(index, None, arg))
        return tuple(found)

    def _argument(self, index: int | None, key: str | None, value: Node) -> Argument:
        entry = literal_entry(key or "", value)
        obj = self.names.object_node(value) if index is not None else None
        members: list[Argument] = []
        if obj is not None:
            pairs, spread = self.members(obj)
            members = [self._argument(None, name, item) for name, item in pairs.items()]
            if spread is not None:
                members.append(
                    Argument(None, None, Dynamic("spread"), text(spread), None, spread=True)
                )
        return Argument(
            index=index,
            keyword=key,
            name=self.names.read(value),
            expression=text(value),
            properties=self.read_properties(value),
            entry_type=entry.type,
            entry_value=entry.value,
            members=tuple(members),
        )


def or_empty(node: Node) -> Node:
    """`props || {}` and `props ?? {}` send what `props` holds: `{}` stands in for nothing."""
    value = unwrap(node)
    if value.type != "binary_expression":
        return node
    operator = value.child_by_field_name("operator")
    left, right = value.child_by_field_name("left"), value.child_by_field_name("right")
    if (
        operator is not None
        and text(operator) in ("||", "??")
        and left is not None
        and right is not None
        and unwrap(right).type == "object"
        and not unwrap(right).named_children
    ):
        return left
    return node


def literal_entry(key: str, value: Node) -> PropertyEntry:
    node = strip_value(value)
    literal = string_value(node)
    if literal is not None:
        return PropertyEntry(key, ValueType.STRING, literal)
    if node.type == "template_string":
        return PropertyEntry(key, ValueType.STRING)  # with substitutions: a string all the same
    number = number_value(node)
    if number is not None:
        kind = ValueType.INTEGER if isinstance(number, int) else ValueType.NUMBER
        return PropertyEntry(key, kind, number)
    if node.type in ("true", "false"):
        return PropertyEntry(key, ValueType.BOOLEAN, node.type == "true")
    if node.type == "null":
        return PropertyEntry(key, ValueType.NULL)
    if node.type == "object":
        return PropertyEntry(key, ValueType.OBJECT)
    if node.type == "array":
        return PropertyEntry(key, ValueType.ARRAY)
    return PropertyEntry(key, ValueType.UNKNOWN)
