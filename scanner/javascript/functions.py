"""JavaScript functions that may be wrappers: the names call sites reach them by.

A function's *path* is the qualified name a call site in this or another file reaches it
by: `trackEvent` (a declaration or a `const` bound to an arrow function),
`useAnalytics.["()"].track` (the `track` member of what the hook returns, also through
`useCallback` and `useMemo`), `Tracker.prototype.track` (a method; `this.track(...)` in the
class and `new Tracker().track(...)` reach it), `default` (a default export). Local
functions get file-unique names (`track@12:8`), as local constants do.

`callee_target` is the other half: the qualified name a call's callee denotes, following
imports, destructuring (`const { track } = useAnalytics()`), calls (`useTrack()('X')`) and
`new`. `resolve` joins the two through the file definitions written by `symbols`.
"""

from __future__ import annotations

import posixpath

from scanner.javascript.clients import enclosing_class
from scanner.javascript.declarations import FUNCTIONS, Binding, Kind
from scanner.javascript.literals import is_function, string_value, unwrap
from scanner.javascript.modules import key_component, member, target
from scanner.javascript.names import Names
from scanner.javascript.parse import Node, Positions, text
from scanner.javascript.syntax import pattern_names, property_key, require_source
from scanner.model import Location, NameExpr, Param, Parameter, Reference, Symbol, SymbolKind

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
_CALLBACK_HOOKS = frozenset({"useCallback", "React.useCallback"})
_MEMO_HOOKS = frozenset({"useMemo", "React.useMemo"})


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
                if call is None or hook_argument(call, _CALLBACK_HOOKS) != node:
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
                if memo is not None and hook_argument(memo, _MEMO_HOOKS) == returner:
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
            for node, path in pattern_names(parameter):
                if not path:
                    found.append(Param(text(node), index))
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

    # -- callees -----------------------------------------------------------
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
                head = self.class_path(body.parent) if body is not None and body.parent else None
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
        if is_function(value) or value.type == "class" or hook_argument(value, _CALLBACK_HOOKS):
            return target(self.names.module, [self.names.binding_id(binding)])
        return self.callee_target(value, depth + 1)

    # -- definitions ---------------------------------------------------------
    def symbols(self) -> dict[str, NameExpr]:
        """Symbols for the functions whose parameters reached a call, and the names their
        enclosing hooks return them under (`return { track }`)."""
        found: dict[str, NameExpr] = {}
        for key, function in sorted(self.used.items()):
            path = self.path(function) or []
            aliases = self._escapes(function, path)
            line, column = self.positions.start(function)
            found[key] = Symbol(
                key=key,
                kind=SymbolKind.FUNCTION,
                # by the name callers know it: `useAnalytics().track`, not the local `track`
                name=self.display(aliases[0] if aliases else path),
                location=Location(self.names.path, line, column),
                params=self.params(function),
            )
            for alias in aliases:
                found.setdefault(target(self.names.module, alias), Reference(key))
        return found

    def _escapes(self, function: Node, path: list[str]) -> list[list[str]]:
        """Where a function-local function leaves its function: `return track`,
        `return { track }`, `return { track: send }`, also through `useMemo`."""
        if not path or "@" not in path[0] or len(path) != 1:
            return []
        declarator = function.parent
        while declarator is not None and declarator.type != "variable_declarator":
            declarator = declarator.parent
        name = declarator.child_by_field_name("name") if declarator is not None else None
        binding = self.scopes.lookup(name) if name is not None else None
        owner = enclosing_function(declarator) if declarator is not None else None
        head = self.path(owner) if owner is not None else None
        if binding is None or owner is None or head is None:
            return []
        aliases = []
        for returned in _returned(owner):
            value = unwrap(returned)
            factory = hook_argument(value, _MEMO_HOOKS)
            if factory is not None:
                body = factory.child_by_field_name("body")
                value = (
                    unwrap(body) if body is not None and body.type != "statement_block" else value
                )
            if value.type == "identifier" and self.scopes.lookup(value) is binding:
                aliases.append([*head, CALL])
            elif value.type == "object":
                for child in value.named_children:
                    item = child if child.type == "shorthand_property_identifier" else None
                    key = text(child) if item is not None else None
                    if child.type == "pair":
                        key_node = child.child_by_field_name("key")
                        item = child.child_by_field_name("value")
                        key = property_key(key_node) if key_node is not None else None
                    if item is not None and key is not None and self._names(item, binding):
                        aliases.append([*head, CALL, key_component(key)])
        return aliases

    def _names(self, node: Node, binding: Binding) -> bool:
        node = unwrap(node)
        return node.type in ("identifier", "shorthand_property_identifier") and (
            self.scopes.lookup(node) is binding
        )

    def display(self, path: list[str]) -> str:
        """A function's path for people: `useAnalytics().track`, `Tracker.track`."""
        shown = ""
        for part in path:
            if part == CALL:
                shown += "()"
            elif part == PROTOTYPE:
                continue
            else:
                name = part.split("@", 1)[0]
                if name.startswith('["'):
                    name = name[2:-2]
                shown += name if not shown else "." + name
        if shown.startswith("default"):
            stem = posixpath.basename(self.names.module)
            if stem == "index":
                stem = posixpath.basename(posixpath.dirname(self.names.module)) or stem
            shown = f"{stem} (default export)" + shown[len("default") :]
        return shown


def _returned(function: Node) -> list[Node]:
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
