"""Arguments of a Python call: which argument binds to a parameter, and what a dict holds."""

from __future__ import annotations

import ast

import libcst as cst

from scanner.model import Properties, PropertyEntry, ValueType
from scanner.python_names import NameReader, dotted_parts, literal_string


def bind_argument(call: cst.Call, params: tuple[str, ...], wanted: str) -> cst.BaseExpression | str:
    """The argument bound to parameter `wanted`, or why it cannot be known ("missing", ...)."""
    index = params.index(wanted)
    position = 0
    for arg in call.args:
        if arg.keyword is not None:
            if arg.keyword.value == wanted:
                return arg.value
            continue
        if arg.star == "*":
            return "*" + cst.Module([]).code_for_node(arg.value)
        if arg.star == "**":
            continue
        if position == index:
            return arg.value
        position += 1
    for arg in call.args:
        if arg.star == "**":
            return "**" + cst.Module([]).code_for_node(arg.value)
    return "missing"


def literal_entry(key: str, value: cst.BaseExpression) -> PropertyEntry:
    text = literal_string(value)
    if text is not None:
        return PropertyEntry(key, ValueType.STRING, text)
    if isinstance(value, (cst.Integer, cst.Float)) or (
        isinstance(value, cst.UnaryOperation)
        and isinstance(value.operator, cst.Minus)
        and isinstance(value.expression, (cst.Integer, cst.Float))
    ):
        number = ast.literal_eval(cst.Module([]).code_for_node(value))
        kind = ValueType.INTEGER if isinstance(number, int) else ValueType.NUMBER
        return PropertyEntry(key, kind, number)
    if isinstance(value, cst.Name) and value.value in ("True", "False"):
        return PropertyEntry(key, ValueType.BOOLEAN, value.value == "True")
    if isinstance(value, cst.Name) and value.value == "None":
        return PropertyEntry(key, ValueType.NULL)
    if isinstance(value, (cst.Dict, cst.DictComp)):
        return PropertyEntry(key, ValueType.OBJECT)
    if isinstance(value, (cst.List, cst.Tuple, cst.ListComp)):
        return PropertyEntry(key, ValueType.ARRAY)
    return PropertyEntry(key, ValueType.UNKNOWN)


def read_properties(node: cst.BaseExpression, names: NameReader) -> Properties | None:
    """The literal keys (and value types) of a properties or traits argument."""
    if isinstance(node, cst.Name) and node.value == "None":
        return None
    if isinstance(node, cst.Name) and names.is_local(node):
        local = names.local_value(node)
        if local is not None and isinstance(local, (cst.Dict, cst.Call)):
            node = local
    if isinstance(node, cst.Dict):
        entries, dynamic = [], False
        for element in node.elements:
            key = literal_string(element.key) if isinstance(element, cst.DictElement) else None
            if key is None or not isinstance(element, cst.DictElement):
                dynamic = True
                continue
            entries.append(literal_entry(key, element.value))
        return Properties(tuple(entries), dynamic)
    if isinstance(node, cst.Call) and dotted_parts(node.func) == ["dict"]:
        entries, dynamic = [], False
        for arg in node.args:
            if arg.keyword is None:
                dynamic = True
            else:
                entries.append(literal_entry(arg.keyword.value, arg.value))
        return Properties(tuple(entries), dynamic)
    return Properties(dynamic=True)
