"""JavaScript literals as values: strings (with every escape form), numbers, wrappers.

Pure functions of tree-sitter nodes, shared by name reading, properties and definitions.
"""

from __future__ import annotations

import re

from scanner.javascript.parse import Node, text

# Expressions that only wrap a value without changing it: `(x)`, `x as const`, `x!`,
# `x satisfies T`, `<T>x`.
_WRAPPERS = frozenset(
    {
        "parenthesized_expression",
        "as_expression",
        "satisfies_expression",
        "non_null_expression",
        "type_assertion",
    }
)

_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "0": "\0",
}
_ESCAPE = re.compile(
    r"\\(?:u\{(?P<code>[0-9a-fA-F]+)\}|u(?P<u4>[0-9a-fA-F]{4})|x(?P<x2>[0-9a-fA-F]{2})"
    r"|(?P<newline>\r\n|[\r\n\u2028\u2029])|(?P<char>.))",
    re.DOTALL,
)


def unwrap(node: Node) -> Node:
    """The value inside parentheses and TypeScript type-only wrappers."""
    while node.type in _WRAPPERS:
        inner = [c for c in node.named_children if c.type != "comment"]
        if not inner:
            break
        # `<T>x` puts the type first; every other wrapper puts the value first
        node = inner[-1] if node.type == "type_assertion" else inner[0]
    return node


def _unescape(raw: str) -> str:
    def replace(match: re.Match[str]) -> str:
        for group in ("code", "u4", "x2"):
            digits = match.group(group)
            if digits is not None:
                code = int(digits, 16)
                return chr(code) if code <= 0x10FFFF else "\ufffd"
        if match.group("newline") is not None:
            return ""  # a line continuation
        char = match.group("char")
        return _SIMPLE_ESCAPES.get(char, char)

    return _ESCAPE.sub(replace, raw) if "\\" in raw else raw


def _joined_surrogates(value: str) -> str:
    """`"\\ud83d\\ude00"` is one character in JavaScript; Python needs it recombined."""
    if not any("\ud800" <= char <= "\udfff" for char in value):
        return value
    return value.encode("utf-16", "surrogatepass").decode("utf-16", errors="replace")


def string_value(node: Node) -> str | None:
    """The value of a string literal or of a template literal without substitutions."""
    if node.type not in ("string", "template_string"):
        return None
    parts = []
    for child in node.named_children:
        if child.type in ("string_fragment", "escape_sequence"):
            parts.append(text(child))
        elif child.type == "template_substitution":
            return None
        elif child.type != "comment":
            parts.append(text(child))
    return _joined_surrogates(_unescape("".join(parts)))


def template_parts(node: Node) -> list[str | Node]:
    """A template literal as its cooked text pieces and its substitution expressions."""
    parts: list[str | Node] = []
    pending: list[str] = []
    for child in node.named_children:
        if child.type == "template_substitution":
            if pending:
                parts.append(_joined_surrogates(_unescape("".join(pending))))
                pending = []
            inner = [c for c in child.named_children if c.type != "comment"]
            parts.append(inner[0] if len(inner) == 1 else child)
        else:
            pending.append(text(child))
    if pending:
        parts.append(_joined_surrogates(_unescape("".join(pending))))
    return parts


def number_value(node: Node) -> int | float | None:
    """A numeric literal (or its negation) as JSON would carry it; integral values are ints."""
    node = unwrap(node)
    sign = 1
    if node.type == "unary_expression":
        operator = node.child_by_field_name("operator")
        argument = node.child_by_field_name("argument")
        if operator is None or argument is None or text(operator) not in ("-", "+"):
            return None
        sign = -1 if text(operator) == "-" else 1
        node = unwrap(argument)
    if node.type != "number":
        return None
    raw = text(node).replace("_", "").rstrip("n")  # numeric separators, BigInt suffix
    try:
        value = float(int(raw, 0)) if raw[:2].lower() in ("0x", "0o", "0b") else float(raw)
    except ValueError:
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    if value.is_integer():
        return sign * int(value)
    return sign * value


def is_nullish(node: Node) -> bool:
    node = unwrap(node)
    if node.type in ("null", "undefined"):
        return True
    if node.type == "identifier" and text(node) == "undefined":
        return True
    return node.type == "unary_expression" and text(node).startswith("void")


def is_function(node: Node) -> bool:
    return unwrap(node).type in (
        "arrow_function",
        "function_expression",
        "function",
        "generator_function",
    )


def arguments_of(call: Node) -> list[Node]:
    """A call's (or `new`'s) arguments, without comments."""
    arguments = call.child_by_field_name("arguments")
    if arguments is None or arguments.type != "arguments":
        return []
    return [child for child in arguments.named_children if child.type != "comment"]
