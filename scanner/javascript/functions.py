"""JavaScript functions that may be wrappers: the names call sites reach them by.

A function's *path* is the qualified name a call site in this or another file reaches it
by: `trackEvent` (a declaration or a `const` bound to an arrow function),
`useAnalytics.["()"].track` (the `track` member of what the hook returns, also through
`useCallback` and `useMemo`), `Tracker.prototype.track` (a method; `this.track(...)` in the
class and `new Tracker().track(...)` reach it), `default` (a default export). Local
functions get file-unique names (`track@12:8`), as local constants do.

`scanner.javascript.callees` is the other half: the qualified name a call's callee denotes.
`resolve` joins the two through the symbols `scanner.javascript.symbols` writes.
"""

from __future__ import annotations

from scanner.javascript.declarations import FUNCTIONS, Binding, Kind
from scanner.javascript.literals import unwrap
from scanner.javascript.modules import key_component, target
from scanner.javascript.names import Names
from scanner.javascript.parse import Node, Positions, text
from scanner.javascript.syntax import pattern_names, property_key
from scanner.model import Param, Parameter

CALL = key_component("()")  # "the value a call returns"
PROTOTYPE = "prototype"  # an instance's members
_CLASS_FIELDS = frozenset({"public_field_definition", "field_definition"})
_WRAPPERS = frozenset(
    {
        "parenthesized_expression",
        "as_expression",
        "satisfies_expression",
        "non_null_expression",
        "type_assertion",
    }
)
# React hooks that return the function they are given (`useCallback`), or what the function
# they are given returns (`useMemo`).
CALLBACK_HOOKS = frozenset({"useCallback", "React.useCallback"})
MEMO_HOOKS = frozenset({"useMemo", "React.useMemo"})


def hook_argument(call: Node, hooks: frozenset[str]) -> Node | None:
    """The first argument of `useCallback(fn, deps)` (or `useMemo`), if `call` is one."""
    if call.type != "call_expression":
        return None
    function = call.child_by_field_name("function")
    if function is None or text(function) not in hooks:
        return None
    arguments = call.child_by_field_name("arguments")
    args = [a for a in arguments.named_children if a.type != "comment"] if arguments else []
    return unwrap(args[0]) if args else None


def enclosing_function(node: Node) -> Node | None:
    current = node.parent
    while current is not None and current.type not in FUNCTIONS:
        current = current.parent
    return current


class Functions:
    """Paths of functions, parameters as `Parameter`s, and callees as qualified names."""

    MAX_DEPTH = 16

    def __init__(self, names: Names, positions: Positions) -> None:
        self.names = names
        self.scopes = names.scopes
        self.positions = positions
        self._paths: dict[Node, list[str] | None] = {}
        self.used: dict[str, Node] = {}  # functions whose parameters something read

    # -- a function's own path ---------------------------------------------
    def key(self, function: Node) -> str | None:
        path = self.path(function)
        return None if path is None else target(self.names.module, path)

    def path(self, function: Node, depth: int = 0) -> list[str] | None:
        if function not in self._paths:
            self._paths[function] = None  # a function that returns itself
            self._paths[function] = self._path(function, depth) if depth < self.MAX_DEPTH else None
        return self._paths[function]

    def _path(self, function: Node, depth: int) -> list[str] | None:
        if function.type in ("function_declaration", "generator_function_declaration"):
            return self._declared(function.child_by_field_name("name"), [])
        suffix: list[str] = []
        node: Node | None = function
        if function.type == "method_definition":
            name = property_key(function.child_by_field_name("name") or function)
            if name is None:
                return None
            if function.parent is not None and function.parent.type == "class_body":
                return self._class_member(function, name, suffix)
            suffix, node = [key_component(name)], function.parent
        while node is not None and node.parent is not None:
            parent = node.parent
            kind = parent.type
            if kind in _WRAPPERS:
                node = parent
            elif kind == "arguments":  # `useCallback(fn, deps)` is `fn`
                call = parent.parent
                if call is None or hook_argument(call, CALLBACK_HOOKS) != node:
                    return None
                node = call
            elif kind == "pair" and parent.child_by_field_name("value") == node:
                key_node = parent.child_by_field_name("key")
                key = property_key(key_node) if key_node is not None else None
                if key is None:
                    return None
                suffix.insert(0, key_component(key))
                node = parent.parent
            elif kind == "return_statement" or (
                kind == "arrow_function" and parent.child_by_field_name("body") == node
            ):
                returner = parent if kind == "arrow_function" else enclosing_function(parent)
                if returner is None:
                    return None
                memo = returner.parent.parent if returner.parent is not None else None
                if memo is not None and hook_argument(memo, MEMO_HOOKS) == returner:
                    node = memo  # `useMemo(() => value, deps)` is `value`
                    continue
                head = self.path(returner, depth + 1)
                return None if head is None else [*head, CALL, *suffix]
            elif kind == "variable_declarator" and parent.child_by_field_name("value") == node:
                return self._declared(parent.child_by_field_name("name"), suffix)
            elif kind == "export_statement":
                return ["default", *suffix]
            elif kind in _CLASS_FIELDS:
                name_node = parent.child_by_field_name("name") or parent.child_by_field_name(
                    "property"
                )
                name = property_key(name_node) if name_node is not None else None
                return None if name is None else self._class_member(parent, name, suffix)
            elif kind == "assignment_expression" and parent.child_by_field_name("right") == node:
                return self._exported(parent.child_by_field_name("left"), suffix)
            else:
                return None
        return None

    def _declared(self, name: Node | None, suffix: list[str]) -> list[str] | None:
        if name is None or name.type not in ("identifier", "type_identifier"):
            return None
        binding = self.scopes.lookup(name)
        if binding is None or binding.node != name:
            return None
        return [self.names.binding_id(binding), *suffix]

    def _class_member(self, item: Node, name: str, suffix: list[str]) -> list[str] | None:
        body = item.parent
        declaration = body.parent if body is not None else None
        head = self.class_path(declaration) if declaration is not None else None
        if head is None:
            return None
        static = any(child.type == "static" for child in item.children)
        return [*head, *([] if static else [PROTOTYPE]), key_component(name), *suffix]

    def class_path(self, declaration: Node) -> list[str] | None:
        if declaration.type in ("class_declaration", "abstract_class_declaration"):
            return self._declared(declaration.child_by_field_name("name"), [])
        if declaration.type == "class":
            parent = declaration.parent
            if parent is not None and parent.type == "variable_declarator":
                return self._declared(parent.child_by_field_name("name"), [])
            if parent is not None and parent.type == "export_statement":
                return ["default"]
        return None

    def _exported(self, left: Node | None, suffix: list[str]) -> list[str] | None:
        """`module.exports = fn`, `exports.track = fn`, `module.exports.track = fn`."""
        if left is None:
            return None
        if text(left) == "module.exports":
            return ["default", *suffix]
        base = left.child_by_field_name("object")
        prop = left.child_by_field_name("property")
        if base is not None and prop is not None and text(base) in ("exports", "module.exports"):
            return [key_component(text(prop)), *suffix]
        return None

    # -- parameters --------------------------------------------------------
    def params(self, function: Node) -> tuple[Param, ...]:
        """The parameters call sites fill: plain ones, and one level of `{ a, b }`."""
        single = function.child_by_field_name("parameter")  # `x => ...`
        if single is not None:
            return (Param(text(single), 0),)
        parameters = function.child_by_field_name("parameters")
        found: list[Param] = []
        children = (
            [c for c in parameters.named_children if c.type != "comment"] if parameters else []
        )
        for index, parameter in enumerate(children):
            if parameter.type == "rest_pattern":
                break
            default = parameter.child_by_field_name(
                "right" if parameter.type == "assignment_pattern" else "value"
            )
            for node, path in pattern_names(parameter):
                if not path:
                    found.append(
                        Param(
                            text(node),
                            index,
                            default=self.names.read(default) if default is not None else None,
                            default_source=text(default) if default is not None else None,
                        )
                    )
                elif len(path) == 1 and path[0] not in ("...", "[?]") and "[" not in path[0]:
                    found.append(Param(text(node), index, key=path[0]))
        return tuple(found)

    def parameter(self, binding: Binding) -> Parameter | None:
        """A parameter read unchanged, as a `Parameter` of its function (when it has a path)."""
        if binding.kind is not Kind.PARAM or binding.scope.type not in FUNCTIONS:
            return None
        if any(
            self.scopes.lookup(write) is binding for write in self.scopes.writes_to(binding.name)
        ):
            return None  # reassigned: not passed on unchanged
        function = binding.scope
        if not any(param.name == binding.name for param in self.params(function)):
            return None  # nested destructuring, rest parameters
        key = self.key(function)
        if key is None:
            return None
        self.used.setdefault(key, function)
        return Parameter(key, binding.name)


def returned(function: Node) -> list[Node]:
    """The values a function returns: its expression body, or its `return` statements."""
    body = function.child_by_field_name("body")
    if body is None:
        return []
    if body.type != "statement_block":
        return [body]
    found: list[Node] = []
    stack = list(body.named_children)
    while stack:
        node = stack.pop()
        if node.type in FUNCTIONS or node.type in ("class", "class_declaration"):
            continue
        if node.type == "return_statement":
            found.extend(c for c in node.named_children if c.type != "comment")
            continue
        stack.extend(node.named_children)
    return found
