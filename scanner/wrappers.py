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

from collections import deque
from dataclasses import dataclass, field
from typing import Protocol

from scanner.model import (
    FileScan,
    Location,
    Method,
    NameExpr,
    Parameter,
    PendingCall,
    RawCall,
    Reference,
    Symbol,
    SymbolKind,
    Wrapper,
)
from scanner.options import ExtractOptions, SymbolName, covers_function
from scanner.qualified import is_local, last_name, parent, spelled
from scanner.wrapper_binding import Fact, bind


class Bindings(Protocol):
    def bound(self, target: str) -> NameExpr | None:
        """What a qualified name is bound to, one step."""

    def follow(self, expr: NameExpr | None) -> NameExpr | None:
        """What a name expression ends at, following references."""


@dataclass
class Linked:
    calls: list[RawCall]
    forwarding: set[tuple[Location, Method]]
    wrappers: list[Wrapper]
    symbols: set[SymbolName]  # names call sites spell to reach the wrappers and clients
    reached: set[str] = field(default_factory=set)  # keys of every wrapper found


class Linker:
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
        receiver = parent(site.target)
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
        facts: dict[tuple[str, str, Method], Fact] = {}
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
                passed = self.bindings.follow(call.event)
                if isinstance(passed, Parameter) and passed.function == fact.symbol.key:
                    continue  # a recursive call passes the same name on: no new call
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

    def _fact(self, raw: RawCall) -> Fact | None:
        parameter = self.bindings.follow(raw.event)
        if not isinstance(parameter, Parameter):
            return None
        symbol = self.bindings.bound(parameter.function)
        if not isinstance(symbol, Symbol) or symbol.kind is not SymbolKind.FUNCTION:
            return None
        if not any(p.name == parameter.name for p in symbol.params):
            return None
        return Fact(symbol, parameter.name, raw)

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
        everywhere: set[str] = set()  # names not limited to one file
        for key, path in reached:
            local = path if is_local(key) else ""
            for name in spelled(key):
                if name != "default":  # every module has one: the file name is spelled
                    names.add(SymbolName(name, local))
                if not local:
                    everywhere.add(name)
        # Re-exports under another name: `export { trackEvent as track } from './track'`.
        for scan in self.files:
            for key, value in scan.definitions.constants:
                if isinstance(value, Reference) and last_name(value.target) in everywhere:
                    alias = last_name(key)
                    if alias and alias not in everywhere and self.locate(value.target):
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


def _describe(fact: Fact, calls: int) -> Wrapper:
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
