"""Arguments of a Python call: which argument binds to a parameter, and what a dict holds."""

from __future__ import annotations

import ast

import libcst as cst

from scanner.model import Argument, Properties, PropertyEntry, ValueType
from scanner.python_names import NameReader, dotted_parts, literal_string

MISSING = "missing"


def bind_argument(
    call: cst.Call, params: tuple[str, ...], wanted: str, positional: int | None = None
) -> cst.BaseExpression | str:
    """The argument bound to parameter `wanted`, or why it cannot be known ("missing", ...).

    Only the first `positional` parameters can be passed by position (all when None).
    """
    index = params.index(wanted)
    if positional is not None and index >= positional:
        index = -1  # keyword-only
    position = 0
    for arg in call.args:
        if arg.keyword is not None:
            if arg.keyword.value == wanted:
                return arg.value
            continue
        if arg.star == "*":
            return "*" + _code(arg.value)
        if arg.star == "**":
            continue
        if position == index:
            return arg.value
        position += 1
    for arg in call.args:
        if arg.star == "**":
            return "**" + _code(arg.value)
    return MISSING


def positional_count(call: cst.Call) -> int:
    """How many arguments a call passes by position (a `*args` counts as many)."""
    count = 0
    for arg in call.args:
        if arg.star == "*":
            return 1_000
        if arg.keyword is None and not arg.star:
            count += 1
    return count


def _code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


def literal_entry(key: str, value: cst.BaseExpression) -> PropertyEntry:
    text = literal_string(value)
    if text is not None:
        return PropertyEntry(key, ValueType.STRING, text)
    if isinstance(value, (cst.Integer, cst.Float)) or (
        isinstance(value, cst.UnaryOperation)
        and isinstance(value.operator, cst.Minus)
        and isinstance(value.expression, (cst.Integer, cst.Float))
    ):
        number = ast.literal_eval(_code(value))
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
    """The literal keys (and value types) of a properties or traits argument.

    Inside a wrapper, a parameter passed on (`props`, `{**props, "k": v}`) is kept as
    `Properties.parameter`, so each call site can fill in its own keys.
    """
    if isinstance(node, cst.Name) and node.value == "None":
        return None
    node = _or_empty(node)
    if isinstance(node, cst.Name) and names.is_local(node):
        parameter = names.parameter(node)
        if parameter is not None:
            return Properties(dynamic=True, parameter=parameter)
        local = names.local_value(node)
        if local is not None and isinstance(local, (cst.Dict, cst.Call)):
            node = local
    if isinstance(node, cst.Dict):
        return _dict_properties(node, names)
    if isinstance(node, cst.Call) and dotted_parts(node.func) == ["dict"]:
        entries, dynamic = [], False
        for arg in node.args:
            if arg.keyword is None:
                dynamic = True
            else:
                entries.append(literal_entry(arg.keyword.value, arg.value))
        return Properties(tuple(entries), dynamic)
    return Properties(dynamic=True)


def _or_empty(node: cst.BaseExpression) -> cst.BaseExpression:
    """`props or {}` sends what `props` holds: `{}` only stands in for None."""
    if (
        isinstance(node, cst.BooleanOperation)
        and isinstance(node.operator, cst.Or)
        and isinstance(node.right, cst.Dict)
        and not node.right.elements
    ):
        return node.left
    return node


def _dict_properties(node: cst.Dict, names: NameReader) -> Properties:
    entries: list[PropertyEntry] = []
    unknown = 0
    parameter, parameter_at = None, 0
    for element in node.elements:
        if isinstance(element, cst.StarredDictElement):
            spread = _or_empty(element.value)
            found = names.parameter(spread) if isinstance(spread, cst.Name) else None
            if found is not None and parameter is None:
                parameter, parameter_at = found, len(entries)
            else:
                unknown += 1
            continue
        key = literal_string(element.key) if isinstance(element, cst.DictElement) else None
        if key is None:
            unknown += 1
            continue
        entries.append(literal_entry(key, element.value))
    if parameter is not None and not unknown:
        return Properties(tuple(entries), True, parameter, parameter_at)
    return Properties(tuple(entries), bool(unknown) or parameter is not None)


def read_arguments(
    call: cst.Call, names: NameReader, class_name: str | None
) -> tuple[Argument, ...]:
    """Every argument of a call to a function defined elsewhere, read both as a name and as
    properties, for `resolve` to bind once it knows the function's parameters."""
    found: list[Argument] = []
    position = 0
    for arg in call.args:
        code = _code(arg.value)
        if arg.star:
            found.append(
                Argument(
                    None,
                    None,
                    names.read(arg.value, class_name),
                    arg.star + code,
                    None,
                    spread=True,
                )
            )
            continue
        keyword = arg.keyword.value if arg.keyword is not None else None
        entry = literal_entry(keyword or "", arg.value)
        found.append(
            Argument(
                index=None if keyword is not None else position,
                keyword=keyword,
                name=names.read(arg.value, class_name),
                expression=code,
                properties=read_properties(arg.value, names),
                entry_type=entry.type,
                entry_value=entry.value,
            )
        )
        if keyword is None:
            position += 1
    return tuple(found)
