"""Small readings of JavaScript syntax shared by scopes, names and calls.

What a destructuring pattern binds (and where each name reads from), the name an object
key stands for, and the specifier of a `require('m')` call.
"""

from __future__ import annotations

from scanner.javascript.literals import string_value
from scanner.javascript.parse import Node, text


def pattern_names(pattern: Node, path: tuple[str, ...] = ()) -> list[tuple[Node, tuple[str, ...]]]:
    """The identifiers a binding pattern declares, each with where it reads from."""
    kind = pattern.type
    if kind in ("identifier", "shorthand_property_identifier_pattern"):
        return [(pattern, path)]
    if kind in ("required_parameter", "optional_parameter"):
        inner = pattern.child_by_field_name("pattern")
        return pattern_names(inner, path) if inner is not None else []
    if kind in ("assignment_pattern", "object_assignment_pattern"):
        left = pattern.child_by_field_name("left")
        if left is None:
            return []
        if left.type == "shorthand_property_identifier_pattern":
            return [(left, (*path, text(left)))]
        return pattern_names(left, path)
    if kind == "rest_pattern":
        # `...rest` holds "everything else": never one known member
        return [
            (node, (*path, "...")) for c in pattern.named_children for node, _ in pattern_names(c)
        ]
    if kind == "object_pattern":
        found = []
        for child in pattern.named_children:
            if child.type == "shorthand_property_identifier_pattern":
                found.append((child, (*path, text(child))))
            elif child.type == "pair_pattern":
                key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
                if key is not None and value is not None:
                    found += pattern_names(value, (*path, property_key(key) or "[?]"))
            else:
                found += pattern_names(child, path)
        return found
    if kind == "array_pattern":
        found = []
        for index, child in enumerate(c for c in pattern.named_children if c.type != "comment"):
            found += pattern_names(child, (*path, f"[{index}]"))
        return found
    return []


def property_key(key: Node) -> str | None:
    """The name an object key or member stands for, when it is written literally."""
    if key.type in ("property_identifier", "identifier", "shorthand_property_identifier"):
        return text(key)
    if key.type in ("string", "template_string"):
        return string_value(key)
    if key.type == "number":
        return text(key)
    if key.type == "computed_property_name" and key.named_child_count == 1:
        inner = key.named_children[0]
        return string_value(inner) if inner.type in ("string", "template_string") else None
    return None


def plain_member(path: tuple[str, ...]) -> bool:
    """`x` or `{ x }` of a required module, not `[x]`, `{ ...rest }` or `{ a: { b } }`."""
    return not path or (len(path) == 1 and path[0] not in ("...", "[?]") and "[" not in path[0])


def require_source(node: Node | None) -> str | None:
    """The specifier of `require('m')` (also `require('m').x` is not this: only the call)."""
    while node is not None and node.type in ("await_expression", "parenthesized_expression"):
        node = node.named_children[0] if node.named_children else None
    if node is None or node.type != "call_expression":
        return None
    function = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    if function is None or text(function) != "require" or arguments is None:
        return None
    args = [a for a in arguments.named_children if a.type != "comment"]
    return string_literal(args[0]) if len(args) == 1 else None


def string_literal(node: Node | None) -> str | None:
    return string_value(node) if node is not None and node.type == "string" else None
