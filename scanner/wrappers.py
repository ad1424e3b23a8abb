"""Wrapper inference: functions that pass an event name on unchanged to an analytics call.

Extraction marks a function's parameter that reaches a call unchanged as a `Parameter`, and
gives such functions a `Symbol` in their file's definitions. Here, across files:

1. a known call whose name is `Parameter(F, p)` makes F a wrapper: `p` is its event
   parameter, and a parameter that reaches the call's properties is its properties one;
2. every call site of F (a `PendingCall` whose callee resolves to F's symbol) becomes a
   call, named by the argument it passes for `p`; a call site inside another function G
   that passes G's own parameter makes G a wrapper in turn, and so on, transitively;
3. the call inside a wrapper is kept, marked as forwarding: its name is only known at its
   call sites, which are checked instead.

Calls on SDK clients defined in another file are pending calls too: kept when their
receiver resolves to a client symbol, read as that client's SDK reads them.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from typing import Protocol

from scanner.javascript.functions import CALL
from scanner.javascript.modules import JS, split_target, target
from scanner.javascript.pending import spelled_names
from scanner.model import (
    Argument,
    Dynamic,
    FileScan,
    Location,
    Method,
    NameExpr,
    Param,
    Parameter,
    PendingCall,
    Properties,
    PropertyEntry,
    RawCall,
    Reference,
    Symbol,
    SymbolKind,
    Wrapper,
    WrapperRef,
)
from scanner.options import ExtractOptions, SymbolName, covers_function
from scanner.python_names import PY, join_components

_COMPONENT = re.compile(r'\["(?:[^"\\]|\\.)*"\]|[^.\[]+')


class Bindings(Protocol):
    def bound(self, target: str) -> NameExpr | None:
        """What a qualified name is bound to, one step."""

    def follow(self, expr: NameExpr | None) -> NameExpr | None:
        """What a name expression ends at, following references."""


@dataclass(frozen=True, slots=True)
class _Fact:
    """Why a function is a wrapper: the call its event parameter reaches."""

    symbol: Symbol
    parameter: str
    forwarded: RawCall  # the call inside it (an SDK call, or a call site of another wrapper)


@dataclass
class Linked:
    calls: list[RawCall]
    forwarding: set[tuple[Location, Method]]
    wrappers: list[Wrapper]
    symbols: set[SymbolName]  # names call sites spell to reach the wrappers and clients
    reached: set[str] = field(default_factory=set)  # keys of every wrapper found


class Linker:
    MAX_HOPS = 32

    def __init__(self, files: tuple[FileScan, ...], bindings: Bindings, options: ExtractOptions):
        self.files = files
        self.bindings = bindings
        self.options = options
        self._located: dict[str, Symbol | None] = {}

    def locate(self, qualified: str) -> Symbol | None:
        """The symbol a callee's qualified name ends at, through imports and re-exports."""
        if qualified not in self._located:
            self._located[qualified] = None
            found = self.bindings.follow(Reference(qualified))
            self._located[qualified] = found if isinstance(found, Symbol) else None
        return self._located[qualified]

    def link(self) -> Linked:
        calls = [raw for scan in self.files for raw in scan.calls]
        taken = {(raw.location, raw.method) for raw in calls}
        pending = [site for scan in self.files for site in scan.pending]
        for site in pending:
            reading = self._client_reading(site)
            if reading is not None and (reading.location, reading.method) not in taken:
                calls.append(reading)
                taken.add((reading.location, reading.method))
        linked = Linked(calls, set(), [], set())
        if self.options.infer_wrappers:
            self._infer(linked, pending, taken)
        else:
            self._configured_wrappers(linked)
        linked.symbols = self._symbol_names(linked)
        return linked

    # -- clients defined elsewhere ---------------------------------------------
    def _client_reading(self, site: PendingCall) -> RawCall | None:
        if not site.readings:
            return None
        receiver = _parent(site.target)
        client = self.locate(receiver) if receiver is not None else None
        if client is None or client.kind is not SymbolKind.CLIENT:
            return None
        for reading in site.readings:
            if reading.sdk == client.sdk and reading.form in ("", client.form):
                return reading.call
        return None

    # -- wrappers ----------------------------------------------------------------
    def _infer(
        self, linked: Linked, pending: list[PendingCall], taken: set[tuple[Location, Method]]
    ) -> None:
        sites: dict[str, list[PendingCall]] = {}
        for site in pending:
            symbol = self.locate(site.target)
            if symbol is not None and symbol.kind is SymbolKind.FUNCTION:
                sites.setdefault(symbol.key, []).append(site)
        facts: dict[tuple[str, str, Method], _Fact] = {}
        counts: dict[tuple[str, str, Method], int] = {}
        inner: dict[tuple[str, str, Method], list[RawCall]] = {}
        queue = deque(linked.calls)
        while queue:
            raw = queue.popleft()
            fact = self._fact(raw)
            if fact is None:
                continue
            key = (fact.symbol.key, fact.parameter, raw.method)
            inner.setdefault(key, []).append(raw)
            if key in facts:
                continue
            facts[key] = fact
            counts[key] = 0
            for site in sites.get(fact.symbol.key, []):
                call = bind(site, fact)
                if (call.location, call.method) in taken:
                    continue
                taken.add((call.location, call.method))
                counts[key] += 1
                linked.calls.append(call)
                queue.append(call)
        # A wrapper nobody calls by name (a view the framework calls, a callback) sends
        # names trackscan cannot see: its call stays dynamic rather than forwarding.
        for key, calls in inner.items():
            if counts[key]:
                linked.forwarding.update((raw.location, raw.method) for raw in calls)
        linked.reached = {fact.symbol.key for fact in facts.values()}
        linked.wrappers = sorted(
            (_describe(fact, counts[key]) for key, fact in facts.items()),
            key=lambda w: (w.location, w.parameter, w.method.value),
        )

    def _fact(self, raw: RawCall) -> _Fact | None:
        parameter = self.bindings.follow(raw.event)
        if not isinstance(parameter, Parameter):
            return None
        symbol = self.bindings.bound(parameter.function)
        if not isinstance(symbol, Symbol) or symbol.kind is not SymbolKind.FUNCTION:
            return None
        if not any(p.name == parameter.name for p in symbol.params):
            return None
        return _Fact(symbol, parameter.name, raw)

    def _configured_wrappers(self, linked: Linked) -> None:
        """Without inference, the functions configured patterns name still forward."""
        for raw in linked.calls:
            fact = self._fact(raw) if self.options.calls else None
            if fact is not None and covers_function(
                self.options.calls, fact.symbol.name, raw.language
            ):
                linked.forwarding.add((raw.location, raw.method))

    # -- names for the next extraction round -------------------------------------
    def _symbol_names(self, linked: Linked) -> set[SymbolName]:
        """The names a call site spells to reach each wrapper and exported client."""
        reached: list[tuple[str, str]] = []  # (key, the file it is defined in)
        for key in sorted(linked.reached):
            symbol = self.bindings.bound(key)
            if isinstance(symbol, Symbol) and symbol.location is not None:
                reached.append((key, symbol.location.path))
                reached.extend((alias, symbol.location.path) for alias in self._aliases(symbol))
        for scan in self.files:
            for key, value in scan.definitions.constants:
                if isinstance(value, Symbol) and value.kind is SymbolKind.CLIENT:
                    reached.append((key, scan.path))
        names: set[SymbolName] = set()
        spelled: set[str] = set()
        for key, path in reached:
            local = path if _is_local(key) else ""
            for name in _spelled(key):
                names.add(SymbolName(name, local))
                if not local:
                    spelled.add(name)
        # Re-exports under another name: `export { trackEvent as track } from './track'`.
        for scan in self.files:
            for key, value in scan.definitions.constants:
                if isinstance(value, Reference) and _last_name(value.target) in spelled:
                    alias = _last_name(key)
                    if alias and alias not in spelled and self.locate(value.target) is not None:
                        names.add(SymbolName(alias))
        return names

    def _aliases(self, symbol: Symbol) -> list[str]:
        """Keys in the symbol's own file that name it: `useAnalytics.["()"].track`."""
        if symbol.location is None:
            return []
        return [
            key
            for scan in self.files
            if scan.path == symbol.location.path
            for key, value in scan.definitions.constants
            if isinstance(value, Reference) and value.target == symbol.key
        ]


# ---------------------------------------------------------------------------
# Binding a call site to a wrapper's parameters.


def bind(site: PendingCall, fact: _Fact) -> RawCall:
    """A wrapper's call site as the call it makes: named by the argument for its parameter."""
    params = fact.symbol.params
    inner = fact.forwarded
    param = next(p for p in params if p.name == fact.parameter)
    argument = bind_parameter(site.arguments, param)
    event: NameExpr | None
    if isinstance(argument, Argument):
        event, expression = argument.name, argument.expression
    elif argument is None:
        event, expression = Dynamic("missing"), None
        if inner.method is not Method.TRACK:
            event = None
    else:
        event, expression = Dynamic("spread arguments"), argument
    return RawCall(
        location=site.location,
        end_line=site.end_line,
        end_column=site.end_column,
        language=site.language,
        method=inner.method,
        callee=site.callee,
        event=event,
        expression=expression,
        properties=_properties(site, fact, params),
        sdk=inner.sdk,
        name_format=inner.name_format,
        wrapper=WrapperRef(fact.symbol.name, fact.symbol.location or site.location),
    )


def bind_parameter(arguments: tuple[Argument, ...], param: Param) -> Argument | str | None:
    """The argument a call site passes for a parameter; a string when a spread hides it
    (its source text), None when the call does not pass it."""
    if param.keyword is not None:
        for argument in arguments:
            if argument.index is None and argument.keyword == param.keyword and not argument.spread:
                return argument
    found: Argument | str | None = None
    if param.index is not None:
        for argument in arguments:
            if argument.spread and not argument.expression.startswith("**"):
                found = argument.expression
                break
            if argument.index == param.index:
                found = argument
                break
    if found is None and param.keyword is not None:
        spread = next((a for a in arguments if a.spread and a.expression.startswith("**")), None)
        if spread is not None:
            return spread.expression
    if isinstance(found, Argument) and param.key is not None:
        member = next((m for m in found.members if m.keyword == param.key and not m.spread), None)
        if member is not None:
            return member
        if not found.members and found.properties is None:
            return None
        return found.expression  # not an object literal, or a spread in it
    return found


def _properties(site: PendingCall, fact: _Fact, params: tuple[Param, ...]) -> Properties | None:
    """The wrapper's call's properties, with what the call site passes filled in."""
    inner = fact.forwarded.properties
    if inner is None or inner.parameter is None or inner.parameter.function != fact.symbol.key:
        return inner
    param = next((p for p in params if p.name == inner.parameter.name), None)
    if param is None:
        return Properties(inner.entries, True)
    given: Properties | None
    if param.rest:
        given = _keyword_properties(site.arguments, params)
    else:
        argument = bind_parameter(site.arguments, param)
        if isinstance(argument, Argument):
            given = argument.properties
        else:
            given = None if argument is None else Properties(dynamic=True)
    if given is None and not inner.entries:
        return None  # `props` left out (or None), passed on as it is
    before, after = inner.entries[: inner.parameter_at], inner.entries[inner.parameter_at :]
    given = given or Properties()
    merged: dict[str, PropertyEntry] = {}
    for entry in (*before, *given.entries, *after):
        merged.pop(entry.key, None)  # a later key replaces an earlier one, as at run time
        merged[entry.key] = entry
    if given.parameter is not None:  # passed on again by an enclosing wrapper
        return Properties(
            tuple(merged.values()), True, given.parameter, len(before) + given.parameter_at
        )
    return Properties(tuple(merged.values()), given.dynamic)


def _keyword_properties(arguments: tuple[Argument, ...], params: tuple[Param, ...]) -> Properties:
    """Python `**props`: every keyword argument no other parameter takes."""
    taken = {p.keyword for p in params if p.keyword is not None}
    entries = tuple(
        PropertyEntry(a.keyword, a.entry_type, a.entry_value)
        for a in arguments
        if a.index is None and a.keyword is not None and a.keyword not in taken and not a.spread
    )
    dynamic = any(a.spread and a.expression.startswith("**") for a in arguments)
    return Properties(entries, dynamic)


def _describe(fact: _Fact, calls: int) -> Wrapper:
    symbol, inner = fact.symbol, fact.forwarded
    properties = inner.properties.parameter if inner.properties is not None else None
    location = symbol.location or inner.location
    return Wrapper(
        name=symbol.name,
        location=location,
        language=inner.language,
        parameter=fact.parameter,
        properties=properties.name
        if properties is not None and properties.function == symbol.key
        else None,
        method=inner.method,
        sdk=inner.sdk,
        forwards_to=inner.location,
        forwards_callee=inner.callee,
        calls=calls,
    )


# ---------------------------------------------------------------------------
# Qualified names.


def _parent(qualified: str) -> str | None:
    """The receiver of a method's qualified name: `…segment_client.track` → `…segment_client`."""
    if qualified.startswith(JS):
        module, path = split_target(qualified)
        return target(module, path[:-1]) if len(path) > 1 else None
    parts = _COMPONENT.findall(qualified[len(PY) :])
    return PY + join_components(parts[:-1]) if len(parts) > 1 else None


def _spelled(key: str) -> set[str]:
    """The identifiers a call site spells to reach a key: a JavaScript hook's name rather
    than its result's member, a Python function's or method's own name."""
    if key.startswith(JS):
        _, path = split_target(key)
        if CALL in path:
            head = path[: path.index(CALL)]
            return {head[-1].split("@", 1)[0]} if head else set()
        if path and path[0] == "default":
            return spelled_names(key)
        return {path[-1].split("@", 1)[0]} if path else set()
    parts = [p for p in _COMPONENT.findall(key[len(PY) :]) if p != "()" and not p.startswith("[")]
    return {parts[-1]} if parts else set()


def _is_local(key: str) -> bool:
    """A function-local JavaScript function: only its own file can call it."""
    if not key.startswith(JS):
        return False
    _, path = split_target(key)
    return bool(path) and "@" in path[0]


def _last_name(qualified: str) -> str:
    if qualified.startswith(JS):
        _, path = split_target(qualified)
        return path[-1].split("@", 1)[0] if path else ""
    parts = _COMPONENT.findall(qualified[len(PY) :])
    return parts[-1] if parts else ""
