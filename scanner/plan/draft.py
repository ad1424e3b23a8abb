"""A first tracking plan drafted from the code: what `trackscan init` writes.

Every call whose name is static becomes a planned event (identify and group calls become
their rule); its properties are the union of the literal keys its calls pass, typed by
the literal values seen. A key is required only when every call sends it. The draft is
built so that scanning the same tree against it finds every event and no unplanned call.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from scanner.model import (
    Call,
    Location,
    Method,
    PlannedEvent,
    PlannedProperty,
    TrackingPlan,
    ValueType,
)

_ORDER = (Method.TRACK, Method.PAGE, Method.SCREEN, Method.IDENTIFY, Method.GROUP)
_RULE_NAMES = {Method.IDENTIFY: "Identify", Method.GROUP: "Group"}
MAX_EXAMPLES = 5


@dataclass(frozen=True, slots=True)
class DraftProperty:
    planned: PlannedProperty
    examples: tuple[str, ...]  # literal values seen, shown to the reviewer as a hint


@dataclass(frozen=True, slots=True)
class DraftEvent:
    event: PlannedEvent
    locations: tuple[Location, ...]
    properties: tuple[DraftProperty, ...]
    # Calls that pass properties built at run time (`**extra`, a variable): there may be more.
    open_properties: tuple[Location, ...] = ()


@dataclass(frozen=True, slots=True)
class Draft:
    events: tuple[DraftEvent, ...]
    dynamic: tuple[Call, ...]  # calls whose event name only exists at run time

    def plan(self, path: str, name: str | None = None) -> TrackingPlan:
        return TrackingPlan(path, tuple(e.event for e in self.events), name, None, "native")


def draft_plan(calls: Iterable[Call]) -> Draft:
    groups: dict[tuple[Method, str], list[Call]] = {}
    dynamic: list[Call] = []
    for call in calls:
        if call.method is Method.ALIAS or call.forwarding:
            continue  # a wrapper's own call: its call sites name the events
        if call.dynamic:
            dynamic.append(call)
        elif call.method in _RULE_NAMES:
            groups.setdefault((call.method, _RULE_NAMES[call.method]), []).append(call)
        elif call.event is not None:
            groups.setdefault((call.method, call.event), []).append(call)
    ordered = sorted(groups, key=lambda key: (_ORDER.index(key[0]), key[1].casefold(), key[1]))
    return Draft(
        events=tuple(
            _draft_event(method, name, groups[(method, name)]) for method, name in ordered
        ),
        dynamic=tuple(dynamic),
    )


def _draft_event(method: Method, name: str, calls: list[Call]) -> DraftEvent:
    keys: dict[str, list[Call]] = {}
    for call in calls:
        for key in dict.fromkeys(call.properties.keys if call.properties else ()):
            keys.setdefault(key, []).append(call)
    open_calls = tuple(c.location for c in calls if c.properties and c.properties.dynamic)
    properties = tuple(_draft_property(key, calls) for key in keys)
    planned: tuple[PlannedProperty, ...] | None = tuple(p.planned for p in properties)
    if not properties and open_calls:
        planned = None  # only run-time properties: say nothing rather than "none"
    event = PlannedEvent(name=name, method=method, properties=planned)
    return DraftEvent(event, tuple(c.location for c in calls), properties, open_calls)


def _draft_property(key: str, calls: list[Call]) -> DraftProperty:
    seen_types: list[str] = []
    examples: list[str] = []
    sent_by_all = True
    for call in calls:
        given = call.properties
        entries = [e for e in given.entries if e.key == key] if given else []
        if not entries and not (given is not None and given.dynamic):
            sent_by_all = False
        for entry in entries:
            if entry.type is not ValueType.UNKNOWN and entry.type.value not in seen_types:
                seen_types.append(entry.type.value)
            if entry.value is not None and len(examples) < MAX_EXAMPLES:
                shown = _example(entry.value)
                if shown not in examples:
                    examples.append(shown)
    if "number" in seen_types and "integer" in seen_types:
        seen_types.remove("integer")  # a number property accepts integers
    return DraftProperty(PlannedProperty(key, tuple(seen_types), sent_by_all), tuple(examples))


def _example(value: str | int | float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)
