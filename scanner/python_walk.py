"""One walk over a libcst module: the `Collector`'s hooks and the scope analysis together.

libcst's visitors rebuild every node they pass (`_visit_and_replace_children`), and scope
analysis takes three such visits (expression contexts, scopes, then ours). This walk reads
the tree in place, once, in the order libcst visits it (each node type's children in the
order of its `_visit_and_replace_children`, read from libcst itself), calls the
`Collector`'s `visit_*`/`leave_*` hooks at the same points libcst would, and records what
`scanner.python_scopes.FastScopes` needs along the way, following `ScopeVisitor` and
`ExpressionContextVisitor` of `libcst.metadata` rule for rule.

Where libcst's analysis depends on more than the tree's shape, the walk does not guess: it
raises `Unsupported` and the file is extracted with libcst's providers instead. That is the
case for a string that libcst may parse as a type annotation and that would bind a name
there (`"import os"` in an annotation: practically never), for the first argument of what
may be `typing.NewType`/`TypeVar` when it is not a string literal (libcst skips it), and for
trees nested deeper than `MAX_DEPTH`, where libcst's recursive visitors may run out of stack
(then the reference decides what happens, exactly as before).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from functools import cache
from typing import Any

import libcst as cst

from scanner.python_collect import Collector
from scanner.python_scopes import FastScope, FastScopes, Kind, new_module_scope

# Depth of nested nodes the walk handles; libcst's visitors need 3-5 frames per level and
# fail with RecursionError beyond 200-300 levels (see tests/test_python_walk.py).
MAX_DEPTH = 100


class Unsupported(Exception):
    """The fast walk cannot promise libcst's answer for this file: use libcst's providers."""


# Fields that only hold whitespace, punctuation and other leaves without names or calls.
_LEAF_FIELDS = frozenset(
    {
        "lpar", "rpar", "comma", "semicolon", "leading_lines", "lines_after_decorators",
        "trailing_whitespace", "header", "footer", "colon", "first_colon", "second_colon",
        "equal", "dot", "lbrace", "rbrace", "lbracket", "rbracket", "operator",
        "asynchronous", "newline", "comment", "empty_lines", "first_line", "last_line",
        "leading_whitespace", "separator", "relative", "posonly_ind", "trailing_comma",
        "whitespace",
    }
)  # fmt: skip
_VISITED_FIELD = re.compile(r'visit_\w+\(\s*self,\s*"(\w+)"')


@cache
def child_fields(kind: type[cst.CSTNode]) -> tuple[str, ...]:
    """The fields libcst visits, in its order, without the leaf-only ones."""
    try:
        source = inspect.getsource(kind._visit_and_replace_children)
    except (OSError, TypeError) as error:  # no source to read: let libcst do the work
        raise Unsupported(f"cannot read the child order of {kind.__name__}") from error
    fields = dict.fromkeys(_VISITED_FIELD.findall(source))  # a field in two branches: once
    return tuple(
        name for name in fields if name not in _LEAF_FIELDS and not name.startswith("whitespace")
    )


_SPECIAL_CALLS = frozenset({"cast", "NewType", "TypeVar"})  # libcst reads their arguments as types
_SKIPS_FIRST = frozenset({"NewType", "TypeVar"})  # libcst does not visit their first argument
# Names an annotation string may hold without libcst having to parse it to know it binds none.
_DOTTED = re.compile(r"[^\W\d]\w*(?:\.[^\W\d]\w*)*")
_BINDING_STATEMENTS = (
    cst.Import, cst.ImportFrom, cst.FunctionDef, cst.ClassDef, cst.Global, cst.Nonlocal,
    cst.TypeAlias,
)  # fmt: skip
_SKIP = object()  # `where` marker: this field is not visited at all

Where = dict[str, Any]  # field -> (scope or None, store flag or None), or _SKIP


class Walker:
    def __init__(
        self,
        collector: Collector,
        scopes: FastScopes,
        tops: dict[cst.CSTNode, cst.CSTNode] | None = None,
    ) -> None:
        self.collector = collector
        self.scopes = scopes
        # The top-level statement around each call and function name (what a report may
        # need the position of): their positions are then found statement by statement.
        self.tops = tops
        self.top: cst.CSTNode | None = None
        self.scope = new_module_scope()
        self.store = False  # inside an assignment target (libcst's ExpressionContext.STORE)
        self.depth = 0
        self.hint = 0  # inside what libcst may read as a type: its strings may be parsed
        self.first_iter: dict[cst.CSTNode, FastScope] = {}
        self.special_aliases: set[str] = set()  # `from typing import cast as c`
        self.bare_calls: list[tuple[str, cst.Call]] = []
        self.handlers: dict[type[cst.CSTNode], Callable[[Any], None]] = {
            cst.Import: self._import,
            cst.ImportFrom: self._import_from,
            cst.Global: self._global,
            cst.Nonlocal: self._nonlocal,
            cst.Name: self._name,
            cst.FunctionDef: self._function_def,
            cst.Lambda: self._lambda,
            cst.Param: self._param,
            cst.ClassDef: self._class_def,
            cst.Arg: lambda node: self.children(node, {"keyword": _SKIP}),
            cst.Attribute: self._attribute,
            cst.Subscript: self._subscript,
            cst.Call: self._call,
            cst.Annotation: self._annotation,
            cst.SimpleString: self._string,
            cst.ConcatenatedString: self._string,
            cst.Assign: lambda node: self.children(node, {"targets": (None, True)}),
            cst.AnnAssign: lambda node: self.children(node, {"target": (None, True)}),
            cst.AugAssign: lambda node: self.children(node, {"target": (None, True)}),
            cst.NamedExpr: lambda node: self.children(node, {"target": (None, True)}),
            cst.AsName: lambda node: self.children(node, {"name": (None, True)}),
            cst.Del: lambda node: self.children(node, {"target": (None, False)}),
            cst.For: lambda node: self.children(node, {"target": (None, True)}),
            cst.CompFor: self._comp_for,
            cst.ListComp: self._comprehension,
            cst.SetComp: self._comprehension,
            cst.GeneratorExp: self._comprehension,
            cst.DictComp: self._comprehension,
            cst.TypeAlias: self._type_alias,
            cst.TypeVar: self._type_param,
            cst.TypeVarTuple: self._type_param,
            cst.ParamSpec: self._type_param,
        }
        self._hooks: dict[type[cst.CSTNode], tuple[Any, Any]] = {}

    # -- traversal ---------------------------------------------------------------
    def walk(self, module: cst.Module) -> None:
        self.visit(module)
        for name, call in self.bare_calls:
            if name in self.special_aliases:
                self._special_arguments(call, name)

    def visit(self, node: cst.CSTNode) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Unsupported("nested too deeply")
        kind = type(node)
        if self.tops is not None:
            if self.depth == 2:
                self.top = node
            if kind is cst.Call:
                self.tops[node] = self.top  # type: ignore[assignment]
            elif kind is cst.FunctionDef:
                self.tops[node.name] = self.top  # type: ignore[attr-defined,assignment]
        hooks = self._hooks.get(kind)
        if hooks is None:
            hooks = self._hooks[kind] = self._collector_hooks(kind)
        enter, leave = hooks
        if enter is not None:
            enter(node)
        handler = self.handlers.get(kind)
        if handler is not None:
            handler(node)
        else:
            self.children(node)
        if leave is not None:
            leave(node)
        self.depth -= 1

    def _collector_hooks(self, kind: type[cst.CSTNode]) -> tuple[Any, Any]:
        """The hooks the `Collector` itself defines (not libcst's empty defaults)."""
        own = {
            name
            for base in type(self.collector).__mro__
            if not base.__module__.startswith("libcst")
            for name in vars(base)
        }
        enter, leave = f"visit_{kind.__name__}", f"leave_{kind.__name__}"
        return (
            getattr(self.collector, enter) if enter in own else None,
            getattr(self.collector, leave) if leave in own else None,
        )

    def children(self, node: cst.CSTNode, where: Where | None = None) -> None:
        for field in child_fields(type(node)):
            value = getattr(node, field)
            if where is None or field not in where:
                self._value(value)
                continue
            context = where[field]
            if context is _SKIP:
                continue
            scope, store = context
            saved = self.scope, self.store
            if scope is not None:
                self.scope = scope
            if store is not None:
                self.store = store
            self._value(value)
            self.scope, self.store = saved

    def _value(self, value: object) -> None:
        if isinstance(value, cst.CSTNode):
            self.visit(value)
        elif isinstance(value, (tuple, list)):
            for item in value:
                if isinstance(item, cst.CSTNode):
                    self.visit(item)

    # -- names and bindings -------------------------------------------------------
    def _name(self, node: cst.Name) -> None:
        if self.store:
            self.scope.record(node.value, node)
        self.scopes.of[node] = self.scope

    def _import(self, node: cst.Import) -> None:
        for alias in node.names:
            self._import_alias(node, alias)

    def _import_from(self, node: cst.ImportFrom) -> None:
        if not isinstance(node.names, cst.ImportStar):
            for alias in node.names:
                self._import_alias(node, alias)

    def _import_alias(self, node: cst.Import | cst.ImportFrom, alias: cst.ImportAlias) -> None:
        imported = _dotted_names(alias.name)
        if alias.asname is not None:
            if not isinstance(alias.asname.name, cst.Name):
                raise Unsupported("import alias that is not a name")
            names = [alias.asname.name.value]
            if imported and imported[0].rsplit(".", 1)[-1] in _SPECIAL_CALLS:
                self.special_aliases.add(names[0])
        else:
            names = imported
        for name in names:
            self.scope.record(name, node)

    def _global(self, node: cst.Global) -> None:
        for item in node.names:
            self.scope.declare_global(item.name.value)

    def _nonlocal(self, node: cst.Nonlocal) -> None:
        for item in node.names:
            self.scope.declare_nonlocal(item.name.value)

    # -- scopes ----------------------------------------------------------------------
    def _define(self, node: cst.FunctionDef | cst.ClassDef) -> tuple[FastScope, FastScope]:
        """Bind a `def`'s or `class`'s name here: this scope, and the one its type
        parameters open (PEP 695), which is this one when it has none."""
        scope = self.scope
        scope.record(node.name.value, node)
        self.scopes.of[node.name] = scope
        outer = scope.child(Kind.ANNOTATION, node) if node.type_parameters is not None else scope
        return scope, outer

    def _function_def(self, node: cst.FunctionDef) -> None:
        _, outer = self._define(node)
        inner = outer.child(Kind.FUNCTION, node)
        self.children(
            node,
            {
                "name": _SKIP,
                "decorators": (outer, None),
                "type_parameters": (outer, None),
                "params": (inner, None),
                "returns": (outer, None),
                "body": (inner, None),
            },
        )

    def _lambda(self, node: cst.Lambda) -> None:
        inner = self.scope.child(Kind.FUNCTION, node)
        self.children(node, {"params": (inner, None), "body": (inner, None)})

    def _param(self, node: cst.Param) -> None:
        self.scope.record(node.name.value, node)
        self.scopes.of[node.name] = self.scope
        outer = self.scope.parent  # defaults and annotations belong to the enclosing scope
        self.children(node, {"name": _SKIP, "annotation": (outer, None), "default": (outer, None)})

    def _class_def(self, node: cst.ClassDef) -> None:
        scope, outer = self._define(node)
        body = outer.child(Kind.CLASS, node)
        self.children(
            node,
            {
                "name": _SKIP,
                "decorators": (scope, None),
                "type_parameters": (outer, None),
                "bases": (outer, None),
                "keywords": (outer, None),
                "body": (body, None),
            },
        )

    def _comprehension(
        self, node: cst.ListComp | cst.SetComp | cst.GeneratorExp | cst.DictComp
    ) -> None:
        # The first `for`'s iterable is evaluated outside the comprehension's scope.
        inner = self.scope.child(Kind.COMPREHENSION, node)
        self.first_iter[node.for_in] = self.scope
        self.children(
            node,
            {
                "elt": (inner, None),
                "key": (inner, None),
                "value": (inner, None),
                "for_in": (inner, None),
            },
        )

    def _comp_for(self, node: cst.CompFor) -> None:
        outer = self.first_iter.pop(node, None)
        self.children(node, {"target": (None, True), "iter": (outer, None)})

    def _type_alias(self, node: cst.TypeAlias) -> None:
        self.scope.record(node.name.value, node)
        inner = self.scope.child(Kind.ANNOTATION, node)
        self.children(
            node, {"name": _SKIP, "type_parameters": (inner, None), "value": (inner, None)}
        )

    def _type_param(self, node: cst.TypeVar | cst.TypeVarTuple | cst.ParamSpec) -> None:
        self.scope.record(node.name.value, node)
        self.children(node, {"name": _SKIP})

    # -- expressions --------------------------------------------------------------------
    def _attribute(self, node: cst.Attribute) -> None:
        self.children(node, {"attr": _SKIP, "value": (None, False)})

    def _subscript(self, node: cst.Subscript) -> None:
        # libcst reads strings inside `Name[...]` as types when the name is typing's.
        hint = isinstance(node.value, cst.Name)
        self.hint += hint
        self.children(node, {"value": (None, False), "slice": (None, False)})
        self.hint -= hint

    def _annotation(self, node: cst.Annotation) -> None:
        self.hint += 1
        self.children(node)
        self.hint -= 1

    def _call(self, node: cst.Call) -> None:
        func = node.func
        last = (
            func.attr.value
            if isinstance(func, cst.Attribute)
            else func.value
            if isinstance(func, cst.Name)
            else None
        )
        if last in _SPECIAL_CALLS:
            self._special_arguments(node, last)
            self.hint += 1
            self.children(node)
            self.hint -= 1
            return
        if isinstance(func, cst.Name) and node.args:
            self.bare_calls.append((func.value, node))
        self.children(node)

    def _special_arguments(self, node: cst.Call, name: str) -> None:
        """What may be `typing.cast`, `NewType` or `TypeVar`: its arguments may be types."""
        if name in _SKIPS_FIRST or name in self.special_aliases:
            first = node.args[0].value if node.args else None
            if first is not None and not _plain_string(first):
                raise Unsupported("a type variable's name that is not a string")
        if name in self.special_aliases:
            for argument in node.args:
                _check_strings(argument.value)

    def _string(self, node: cst.SimpleString | cst.ConcatenatedString) -> None:
        if self.hint:
            _check_string(node)
        self.children(node)


def _dotted_names(node: cst.BaseExpression) -> list[str]:
    """`a.b.c` -> ["a.b.c", "a.b", "a"]: every name `import a.b.c` binds in libcst's eyes."""
    if isinstance(node, cst.Name):
        return [node.value]
    if isinstance(node, cst.Attribute):
        inner = _dotted_names(node.value)
        return [f"{inner[0]}.{node.attr.value}", *inner] if inner else []
    return []


def _plain_string(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.SimpleString):
        return True
    if isinstance(node, cst.ConcatenatedString):
        return _plain_string(node.left) and _plain_string(node.right)
    return False


def _check_strings(node: cst.CSTNode) -> None:
    """Every string in a subtree, as `_check_string`."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        _check_string(node)
    for child in node.children:
        _check_strings(child)


def _check_string(node: cst.SimpleString | cst.ConcatenatedString) -> None:
    """Raise `Unsupported` unless parsing the string as libcst would (a string annotation)
    can bind no name, declare no global and raise no other error than a syntax error."""
    try:
        value = node.evaluated_value
    except Exception as error:
        raise Unsupported("a string libcst cannot evaluate") from error
    if not _inert(value, 0):
        raise Unsupported("a string that may be an annotation binding a name")


def _inert(value: str | bytes | None, depth: int) -> bool:
    if not value or (isinstance(value, str) and _DOTTED.fullmatch(value)):
        return True
    if depth > 4:
        return False
    try:
        module = cst.parse_module(value)
    except cst.ParserSyntaxError:
        return True
    except Exception:
        return False
    try:
        return _inert_tree(module, depth)
    except RecursionError:
        return False


def _inert_tree(node: cst.CSTNode, depth: int) -> bool:
    if isinstance(node, _BINDING_STATEMENTS):
        return False
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        try:
            value = node.evaluated_value
        except Exception:
            return False
        if not _inert(value, depth + 1):
            return False
    return all(_inert_tree(child, depth) for child in node.children)


def walk(
    module: cst.Module,
    collector: Collector,
    tops: dict[cst.CSTNode, cst.CSTNode] | None = None,
) -> FastScopes:
    """Run `collector` over `module` and return the scopes of its names; fill `tops` with
    the top-level statement of each call and function name."""
    scopes = FastScopes()
    try:
        Walker(collector, scopes, tops).walk(module)
    except RecursionError as error:
        raise Unsupported("nested too deeply") from error
    return scopes
