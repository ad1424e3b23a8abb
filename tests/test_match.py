"""Matching on hand-built model objects: statuses, suggestions, property findings, summary."""

from __future__ import annotations

from scanner.match import check_properties, match
from scanner.model import (
    Call,
    CallStatus,
    EventStatus,
    Language,
    Location,
    Method,
    PlannedEvent,
    PlannedProperty,
    Properties,
    PropertyEntry,
    ReportMeta,
    TrackingPlan,
    TypeMismatch,
    ValueType,
)

META = ReportMeta(root=".", tool_version="test", generated_at="2026-01-01T00:00:00+00:00")


def call(
    event: str | None,
    method: Method = Method.TRACK,
    *,
    line: int = 1,
    dynamic: bool = False,
    props: Properties | None = None,
) -> Call:
    return Call(
        Location("a.py", line, 1),
        line,
        10,
        Language.PYTHON,
        method,
        "analytics.track",
        event,
        dynamic,
        None if event is None else repr(event),
        props,
    )


def plan(*events: PlannedEvent) -> TrackingPlan:
    return TrackingPlan("plan.yaml", events)


def test_statuses_and_summary() -> None:
    report = match(
        plan(PlannedEvent("Signed Up"), PlannedEvent("Home", Method.PAGE), PlannedEvent("Never")),
        [
            call("Signed Up", line=1),
            call("signed up", line=2),
            call(None, dynamic=True, line=3),
            call("Home", Method.PAGE, line=4),
            call("Home", line=5),
            call(None, Method.ALIAS, line=6),
        ],
        [],
        META,
    )
    assert [r.status for r in report.calls] == [
        CallStatus.PLANNED,
        CallStatus.UNPLANNED,
        CallStatus.DYNAMIC,
        CallStatus.PLANNED,
        CallStatus.UNPLANNED,
        CallStatus.UNCHECKED,
    ]
    assert report.calls[1].suggestion == "Signed Up"
    assert report.calls[4].suggestion is None, "a track call never suggests a page name"
    assert [e.status for e in report.events] == [
        EventStatus.IMPLEMENTED,
        EventStatus.IMPLEMENTED,
        EventStatus.MISSING,
    ]
    assert report.events[0].locations == (Location("a.py", 1, 1),)
    s = report.summary
    assert (s.planned, s.implemented, s.missing, s.calls, s.unplanned, s.dynamic, s.near_miss) == (
        3,
        2,
        1,
        6,
        2,
        1,
        1,
    )
    assert round(s.coverage or 0, 2) == 66.67


def test_identify_rule_covers_every_identify_call() -> None:
    rule = PlannedEvent(
        "Identify", Method.IDENTIFY, properties=(PlannedProperty("email", ("string",), True),)
    )
    report = match(
        plan(rule),
        [
            call(
                None,
                Method.IDENTIFY,
                props=Properties((PropertyEntry("name", ValueType.STRING, "x"),)),
            )
        ],
        [],
        META,
    )
    (result,) = report.calls
    assert result.status is CallStatus.PLANNED
    assert result.properties is not None and result.properties.missing_required == ("email",)
    assert report.events[0].status is EventStatus.IMPLEMENTED


def test_without_a_plan_everything_is_unchecked_but_dynamic() -> None:
    report = match(None, [call("A"), call(None, dynamic=True)], [], META)
    assert [r.status for r in report.calls] == [CallStatus.UNCHECKED, CallStatus.DYNAMIC]
    assert report.summary.coverage is None and report.plan is None


PLANNED = (
    PlannedProperty("plan", ("string",), True, ("free", "pro")),
    PlannedProperty("seats", ("integer",)),
    PlannedProperty("price", ("number",)),
    PlannedProperty("flag", ("boolean",), enum=(True,)),
    PlannedProperty("anything"),
)


def entries(**values: tuple[ValueType, object]) -> tuple[PropertyEntry, ...]:
    return tuple(PropertyEntry(k, t, v) for k, (t, v) in values.items())  # type: ignore[arg-type]


def test_property_findings() -> None:
    findings = check_properties(
        Properties(
            entries(
                seats=(ValueType.NUMBER, 2.5),
                price=(ValueType.INTEGER, 3),
                extra=(ValueType.STRING, "x"),
                anything=(ValueType.OBJECT, None),
                flag=(ValueType.INTEGER, 1),
            )
        ),
        PLANNED,
    )
    assert findings is not None
    assert findings.missing_required == ("plan",)
    assert findings.unplanned == ("extra",)
    assert findings.type_mismatches == (
        TypeMismatch("seats", ("integer",), "number"),
        TypeMismatch("flag", ("boolean",), "integer"),
    )


def test_enum_and_unknown_values() -> None:
    findings = check_properties(
        Properties(entries(plan=(ValueType.STRING, "enterprise"), seats=(ValueType.UNKNOWN, None))),
        PLANNED,
    )
    assert findings is not None
    assert findings.type_mismatches == (
        TypeMismatch("plan", ("free", "pro"), "enterprise", "enum"),
    )


def test_dynamic_properties_skip_missing_and_unplanned() -> None:
    findings = check_properties(
        Properties(entries(extra=(ValueType.STRING, "x")), dynamic=True), PLANNED
    )
    assert findings is not None and findings.count == 0


def test_no_planned_properties_means_nothing_to_check() -> None:
    assert check_properties(Properties(entries(x=(ValueType.STRING, "x"))), None) is None


def test_no_properties_argument_misses_required_ones() -> None:
    findings = check_properties(None, PLANNED)
    assert findings is not None and findings.missing_required == ("plan",)
