"""Match resolved calls against the tracking plan: statuses, near misses, property findings."""

from __future__ import annotations

from collections.abc import Iterable

from scanner.model import (
    Call,
    CallResult,
    CallStatus,
    EventResult,
    EventStatus,
    Location,
    Method,
    PlanInfo,
    PlannedEvent,
    PlannedProperty,
    Problem,
    Properties,
    PropertyEntry,
    PropertyFindings,
    Report,
    ReportMeta,
    Summary,
    TrackingPlan,
    TypeMismatch,
    ValueType,
    Wrapper,
)
from scanner.naming import NamingConventions, naming_warnings
from scanner.suggest import NameSuggester

# Methods whose calls carry no name: one plan rule covers every call of the method.
_UNNAMED_RULE_METHODS = (Method.IDENTIFY, Method.GROUP)
# Segment's convention: where the plan has no rule for a page (screen) call but plans a
# `Page Viewed` (`Screen Viewed`) track event, the call is that event.
VIEWED_EVENTS = {Method.PAGE: "Page Viewed", Method.SCREEN: "Screen Viewed"}


def covers_every_call(event: PlannedEvent) -> bool:
    """Whether a rule applies to every call of its method, whatever the call's name."""
    return event.any_name or event.method in _UNNAMED_RULE_METHODS


class PlanIndex:
    """The plan's events by the key a call matches them on."""

    def __init__(self, plan: TrackingPlan) -> None:
        self.named: dict[tuple[Method, str], PlannedEvent] = {}
        self.unnamed: dict[Method, PlannedEvent] = {}
        for event in plan.events:
            if covers_every_call(event):
                self.unnamed.setdefault(event.method, event)
            else:
                self.named.setdefault((event.method, event.name), event)
        self.methods_with_names = {method for method, _ in self.named}
        self.suggesters = {
            method: NameSuggester(name for (m, name) in self.named if m is method)
            for method in (Method.TRACK, Method.PAGE, Method.SCREEN)
        }

    def rule_for(self, call: Call) -> PlannedEvent | None:
        if call.method in _UNNAMED_RULE_METHODS:
            return self.unnamed.get(call.method)
        if call.event is not None:
            rule = self.named.get((call.method, call.event))
            if rule is not None:
                return rule
        if call.method not in VIEWED_EVENTS:
            return None
        if call.dynamic and call.method in self.methods_with_names:
            return None  # the plan names its pages, so an unknown name may matter
        # A page rule without a name, else Segment's "Page Viewed" event.
        return self.unnamed.get(call.method) or self.named.get(
            (Method.TRACK, VIEWED_EVENTS[call.method])
        )

    def key_of(self, event: PlannedEvent) -> tuple[Method, str]:
        if covers_every_call(event):
            return (event.method, "")  # every identify (group) rule is met by any such call
        return (event.method, event.name)


def match_call(call: Call, index: PlanIndex | None) -> tuple[CallResult, PlannedEvent | None]:
    """A call's status against the plan, and the planned event it implements, if any."""
    if call.forwarding:  # a wrapper's own call: its call sites carry the names
        return CallResult(call, CallStatus.FORWARDING), None
    if index is None:
        status = CallStatus.DYNAMIC if call.dynamic else CallStatus.UNCHECKED
        return CallResult(call, status), None
    rule = index.rule_for(call)
    if rule is not None:
        findings = check_properties(call.properties, rule.properties, rule.additional_properties)
        return CallResult(call, CallStatus.PLANNED, properties=findings), rule
    if call.dynamic:
        return CallResult(call, CallStatus.DYNAMIC), None
    if call.event is None or call.method not in index.suggesters:
        return CallResult(call, CallStatus.UNCHECKED), None
    suggestion = index.suggesters[call.method].suggest(call.event)
    return CallResult(call, CallStatus.UNPLANNED, suggestion=suggestion), None


def check_properties(
    given: Properties | None,
    planned: tuple[PlannedProperty, ...] | None,
    allow_unplanned: bool = False,
) -> PropertyFindings | None:
    """What a call's literal properties get wrong against the plan (None: nothing to check)."""
    if planned is None:
        return None
    given = given or Properties()
    by_name = {prop.name: prop for prop in planned}
    keys = set(given.keys)
    missing: tuple[str, ...] = ()
    unplanned: tuple[str, ...] = ()
    if not given.dynamic:
        missing = tuple(p.name for p in planned if p.required and p.name not in keys)
        if not allow_unplanned:
            unplanned = tuple(sorted(k for k in keys if k not in by_name))
    mismatches = tuple(
        mismatch
        for entry in given.entries
        if entry.key in by_name and (mismatch := type_mismatch(entry, by_name[entry.key]))
    )
    return PropertyFindings(missing, unplanned, mismatches)


def type_mismatch(entry: PropertyEntry, planned: PlannedProperty) -> TypeMismatch | None:
    if entry.type is ValueType.UNKNOWN:
        return None
    if planned.types and not _type_fits(entry.type, planned.types):
        return TypeMismatch(entry.key, planned.types, entry.type.value)
    if planned.enum is not None and entry.value is not None and not _in_enum(entry, planned.enum):
        return TypeMismatch(
            entry.key, tuple(_show(v) for v in planned.enum), _show(entry.value), "enum"
        )
    return None


def _type_fits(got: ValueType, types: tuple[str, ...]) -> bool:
    return got.value in types or (got is ValueType.INTEGER and "number" in types)


def _in_enum(entry: PropertyEntry, enum: tuple[str | int | float | bool | None, ...]) -> bool:
    # bool is an int in Python: keep True from matching 1.
    return any(type(option) is type(entry.value) and option == entry.value for option in enum) or (
        entry.type in (ValueType.INTEGER, ValueType.NUMBER)
        and any(
            isinstance(o, (int, float)) and not isinstance(o, bool) and o == entry.value
            for o in enum
        )
    )


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


def match(
    plan: TrackingPlan | None,
    calls: Iterable[Call],
    problems: Iterable[Problem],
    meta: ReportMeta,
    conventions: NamingConventions | None = None,
    wrappers: tuple[Wrapper, ...] = (),
) -> Report:
    """Everything a report shows: per-event status, per-call status and the totals."""
    index = PlanIndex(plan) if plan is not None else None
    results: list[CallResult] = []
    matched: list[tuple[CallResult, PlannedEvent | None]] = []
    locations: dict[tuple[Method, str], list[Location]] = {}
    for call in calls:
        result, rule = match_call(call, index)
        results.append(result)
        matched.append((result, rule))
        if rule is not None and index is not None:
            locations.setdefault(index.key_of(rule), []).append(call.location)
    events: tuple[EventResult, ...] = ()
    if plan is not None and index is not None:
        events = tuple(
            EventResult(
                event,
                EventStatus.IMPLEMENTED
                if locations.get(index.key_of(event))
                else EventStatus.MISSING,
                tuple(sorted(locations.get(index.key_of(event), []))),
            )
            for event in plan.events
        )
    problems = tuple(problems)
    return Report(
        meta=meta,
        plan=None if plan is None else PlanInfo(plan.path, plan.name, plan.version, plan.format),
        summary=summarize(events, results, problems),
        events=events,
        calls=tuple(results),
        problems=problems,
        warnings=naming_warnings(plan, matched, conventions or NamingConventions()),
        wrappers=wrappers,
    )


def summarize(
    events: tuple[EventResult, ...], calls: Iterable[CallResult], problems: Iterable[Problem]
) -> Summary:
    calls = tuple(calls)
    return Summary(
        planned=len(events),
        implemented=sum(1 for e in events if e.status is EventStatus.IMPLEMENTED),
        calls=len(calls),
        unplanned=sum(1 for c in calls if c.status is CallStatus.UNPLANNED),
        dynamic=sum(1 for c in calls if c.status is CallStatus.DYNAMIC),
        near_miss=sum(1 for c in calls if c.suggestion is not None),
        property_problems=sum(1 for c in calls if c.properties is not None and c.properties.count),
        errors=sum(1 for p in problems if p.kind.is_error),
    )
