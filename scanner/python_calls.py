"""Which Python calls are analytics calls, of which SDK, and what each one sends.

A callee is a call of an SDK when it is a function of one of its modules
(`from posthog import capture`), a method of one of its clients (`mp = Mixpanel(token)`,
`self.client = Client(key)`), or a method of a receiver named like the SDK's global
(`analytics.track`). Clients are matched before names: `analytics = Mixpanel(token)` makes
`analytics.track(...)` a Mixpanel call even where Segment is enabled too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import libcst as cst

from scanner.model import (
    Dynamic,
    Language,
    Location,
    Method,
    NameExpr,
    NameFormat,
    Properties,
    PropertyEntry,
    RawCall,
)
from scanner.options import CallPattern
from scanner.python_args import (
    MISSING,
    bind_argument,
    literal_entry,
    positional_count,
    read_properties,
)
from scanner.python_clients import ClientIndex
from scanner.python_collect import Collector, FoundCall
from scanner.python_names import Bindings, NameReader, dotted_parts
from scanner.python_traits import TraitReader
from scanner.sdks import EventObject, PyMethod, PythonSdk, Signature

Code = Callable[[cst.CSTNode], str]


@dataclass(frozen=True, slots=True)
class SdkCall:
    sdk: PythonSdk
    spec: PyMethod


@dataclass(frozen=True, slots=True)
class _Read:
    method: Method
    event: NameExpr | None
    expression: str | None
    properties: Properties | None
    name_format: NameFormat = NameFormat.PLAIN


class CallMatcher:
    """Decides which SDK (if any) a call belongs to."""

    def __init__(
        self,
        sdks: tuple[PythonSdk, ...],
        collector: Collector,
        names: NameReader,
        bindings: Bindings,
    ) -> None:
        self.sdks = sdks
        self.names = names
        self.bindings = bindings
        self.clients = [ClientIndex(sdk, collector, names) for sdk in sdks]

    def match(self, found: FoundCall) -> SdkCall | None:
        func = found.node.func
        qualified = self.names.qualified_parts(func, None)
        if qualified is not None:
            module = ".".join(qualified[:-1])
            for sdk in self.sdks:  # `from posthog import capture as ph_capture`
                spec = sdk.methods.get(qualified[-1])
                if spec is not None and module in sdk.modules:
                    return SdkCall(sdk, spec)
        if not isinstance(func, cst.Attribute):
            return None
        name = func.attr.value
        for index in self.clients:
            spec = index.sdk.methods.get(name)
            if spec is not None and index.holds_client(
                func.value, found.class_name, self.bindings, self.names
            ):
                return SdkCall(index.sdk, spec)
        parts = dotted_parts(func)
        if parts is None:
            return None
        for sdk in self.sdks:
            spec = sdk.methods.get(name)
            if spec is not None and parts[-2] in sdk.receiver_names:
                return SdkCall(sdk, spec)
        return None


class CallReader:
    """Reads an SDK's (or a configured pattern's) call into a `RawCall`."""

    MAX_DEPTH = 4  # event objects inside event objects

    def __init__(
        self, path: str, names: NameReader, code: Code, positions: object, module: cst.Module
    ) -> None:
        self.path = path
        self.names = names
        self.code = code
        self.positions = positions
        self.traits = TraitReader(names, module)

    def site(self, found: FoundCall) -> tuple[Location, int, int, str]:
        span = self.positions[found.node]  # type: ignore[index]
        location = Location(self.path, span.start.line, span.start.column + 1)
        return location, span.end.line, span.end.column + 1, self.code(found.node.func)

    def raw_call(self, found: FoundCall, read: _Read, sdk: str) -> RawCall:
        location, end_line, end_column, callee = self.site(found)
        return RawCall(
            location=location,
            end_line=end_line,
            end_column=end_column,
            language=Language.PYTHON,
            method=read.method,
            callee=callee,
            event=read.event,
            expression=read.expression,
            properties=read.properties,
            sdk=sdk,
            name_format=read.name_format,
        )

    # -- SDK calls -----------------------------------------------------------
    def read(self, found: FoundCall, call: SdkCall) -> RawCall:
        node, spec = found.node, call.spec
        signature = _pick(spec.signatures, positional_count(node))
        if spec.objects and signature.event is not None:
            arg = bind_argument(node, signature.params, signature.event, signature.positional)
            read = self._event_object(arg, spec.objects, spec.method, found.class_name, 0)
        else:
            read = self._signature(node, signature, spec.method, found.class_name)
        if spec.traits is not None and signature.properties is not None:
            arg = bind_argument(node, signature.params, signature.properties, signature.positional)
            built = (
                self.traits.read(arg, node, spec.traits)
                if isinstance(arg, cst.BaseExpression)
                else None
            )
            if built is not None:
                read = replace(read, properties=built)
        return self.raw_call(found, read, call.sdk.name)

    def _signature(
        self, node: cst.Call, signature: Signature, method: Method, class_name: str | None
    ) -> _Read:
        event: NameExpr | None = None
        expression: str | None = None
        if signature.event is not None:
            arg = bind_argument(node, signature.params, signature.event, signature.positional)
            event, expression = self._name(arg, class_name)
            if method is not Method.TRACK and arg == MISSING:
                event = None  # `page()` without a name
        properties = None
        if signature.properties is not None:
            arg = bind_argument(node, signature.params, signature.properties, signature.positional)
            properties = self._properties(arg)
        if signature.property_params:
            properties = _with_entries(
                properties,
                [
                    literal_entry(key, arg)
                    for param, key in signature.property_params
                    if isinstance(
                        arg := bind_argument(node, signature.params, param, signature.positional),
                        cst.BaseExpression,
                    )
                    and not (isinstance(arg, cst.Name) and arg.value == "None")
                ],
            )
        return _Read(method, event, expression, properties, signature.name_format)

    def _event_object(
        self,
        arg: cst.BaseExpression | str,
        objects: tuple[EventObject, ...],
        method: Method,
        class_name: str | None,
        depth: int,
    ) -> _Read:
        """The event inside an event object: `BaseEvent(event_type="X")`, `SelfDescribing(…)`."""
        if isinstance(arg, str):
            return _Read(method, Dynamic(arg), None if arg == MISSING else arg, None)
        node = arg
        if isinstance(node, cst.Name):
            node = self.names.local_value(node) or node  # `event = BaseEvent(...)`
        found = self._object_class(node, objects) if depth < self.MAX_DEPTH else None
        if found is None or not isinstance(node, cst.Call):
            return _Read(method, Dynamic("event object"), self.code(arg), Properties(dynamic=True))
        signature = found.signature
        if found.inner and signature.event is not None:
            inner = bind_argument(node, signature.params, signature.event, signature.positional)
            return self._event_object(inner, found.inner, found.method, class_name, depth + 1)
        return self._signature(node, signature, found.method, class_name)

    def _object_class(
        self, node: cst.BaseExpression, objects: tuple[EventObject, ...]
    ) -> EventObject | None:
        if not isinstance(node, cst.Call):
            return None
        parts = self.names.qualified_parts(node.func, None)
        qualified = ".".join(parts) if parts is not None else None
        return next((o for o in objects if qualified in o.classes), None)

    def _name(
        self, arg: cst.BaseExpression | str, class_name: str | None
    ) -> tuple[NameExpr, str | None]:
        if isinstance(arg, cst.BaseExpression):
            return self.names.read(arg, class_name), self.code(arg)
        return Dynamic(arg), None if arg == MISSING else arg

    def _properties(self, arg: cst.BaseExpression | str) -> Properties | None:
        if isinstance(arg, cst.BaseExpression):
            return read_properties(arg, self.names)
        return None if arg == MISSING else Properties(dynamic=True)

    # -- configured patterns -------------------------------------------------
    def read_pattern(self, found: FoundCall, pattern: CallPattern) -> RawCall:
        node = found.node
        event: NameExpr | None = None
        expression: str | None = None
        if pattern.method.has_event_name:
            arg = _pick_argument(node, pattern.event)
            event, expression = self._name(arg, found.class_name)
            if pattern.method is not Method.TRACK and arg == MISSING:
                event = None
        properties = None
        if pattern.properties:
            properties = self._properties(_pick_argument(node, pattern.properties))
        read = _Read(pattern.method, event, expression, properties)
        return self.raw_call(found, read, "custom")


def _pick(signatures: tuple[Signature, ...], positional: int) -> Signature:
    return next((s for s in signatures if s.accepts(positional)), signatures[-1])


def _pick_argument(call: cst.Call, where: tuple[int | str, ...]) -> cst.BaseExpression | str:
    """A configured pattern's argument: a keyword if given, else a position."""
    for keyword in (w for w in where if isinstance(w, str)):
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == keyword:
                return arg.value
    for index in (w for w in where if isinstance(w, int)):
        position = 0
        for arg in call.args:
            if arg.star == "*":
                return "*" + cst.Module([]).code_for_node(arg.value)
            if arg.keyword is not None or arg.star:
                continue
            if position == index:
                return arg.value
            position += 1
    return MISSING


def _with_entries(properties: Properties | None, entries: list[PropertyEntry]) -> Properties | None:
    if not entries:
        return properties
    base = properties or Properties()
    return Properties((*base.entries, *entries), base.dynamic)


def callee_text(node: cst.BaseExpression) -> str | None:
    """A callee as configured patterns see it: `self._track`, `get_tracker().track`."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = callee_text(node.value)
        return None if head is None else f"{head}.{node.attr.value}"
    if isinstance(node, cst.Call):
        head = callee_text(node.func)
        return None if head is None else f"{head}()"
    return None
