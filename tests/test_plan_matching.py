"""Matching calls against imported plans: Segment's page/screen conventions, rules without a
name, allowed extra properties, identify traits, and naming conventions. One row per case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner.match import PlanIndex, match, match_call
from scanner.model import (
    Call,
    CallStatus,
    Language,
    Location,
    Method,
    PlannedEvent,
    PlannedProperty,
    Properties,
    PropertyEntry,
    ReportMeta,
    TrackingPlan,
    ValueType,
    WarningKind,
)
from scanner.naming import (
    NamingConventions,
    is_camel_case,
    is_object_action,
    is_snake_case,
    is_title_case,
)
from scanner.plan import load_plan

INPUTS = Path(__file__).parent / "plan_inputs"
META = ReportMeta(root=".", tool_version="0", generated_at="2026-01-01T00:00:00+00:00")


def call(
    method: Method,
    event: str | None = None,
    properties: dict[str, object] | None = None,
    dynamic: bool = False,
    line: int = 1,
) -> Call:
    entries = None
    if properties is not None:
        entries = Properties(tuple(_entry(k, v) for k, v in properties.items()))
    return Call(
        location=Location("app.py", line, 1),
        end_line=line,
        end_column=20,
        language=Language.PYTHON,
        method=method,
        callee=f"analytics.{method.value}",
        event=None if dynamic else event,
        dynamic=dynamic,
        expression=None if event is None else repr(event),
        properties=entries,
    )


def _entry(key: str, value: object) -> PropertyEntry:
    if isinstance(value, bool):
        return PropertyEntry(key, ValueType.BOOLEAN, value)
    if isinstance(value, int):
        return PropertyEntry(key, ValueType.INTEGER, value)
    if isinstance(value, float):
        return PropertyEntry(key, ValueType.NUMBER, value)
    if isinstance(value, str):
        return PropertyEntry(key, ValueType.STRING, value)
    return PropertyEntry(key, ValueType.UNKNOWN)


def plan_of(*events: PlannedEvent) -> TrackingPlan:
    return TrackingPlan("plan.yaml", events)


HOME = PlannedEvent("Home", Method.PAGE)
ANY_PAGE = PlannedEvent("Page", Method.PAGE, any_name=True, properties=())
PAGE_VIEWED = PlannedEvent("Page Viewed", Method.TRACK)
SCREEN_VIEWED = PlannedEvent("Screen Viewed", Method.TRACK)

# (case, plan events, call, expected status, planned event the call implements)
PAGE_CASES = [
    (
        "page matches a PAGE rule by name",
        (HOME, PAGE_VIEWED),
        call(Method.PAGE, "Home"),
        CallStatus.PLANNED,
        "Home",
    ),
    (
        "other page names count as Page Viewed",
        (HOME, PAGE_VIEWED),
        call(Method.PAGE, "About"),
        CallStatus.PLANNED,
        "Page Viewed",
    ),
    (
        "a page without a name counts as Page Viewed",
        (PAGE_VIEWED,),
        call(Method.PAGE),
        CallStatus.PLANNED,
        "Page Viewed",
    ),
    (
        "screen counts as Screen Viewed",
        (PAGE_VIEWED, SCREEN_VIEWED),
        call(Method.SCREEN, "Settings"),
        CallStatus.PLANNED,
        "Screen Viewed",
    ),
    (
        "a page is not a Screen Viewed",
        (SCREEN_VIEWED,),
        call(Method.PAGE, "Home"),
        CallStatus.UNPLANNED,
        None,
    ),
    (
        "without Page Viewed an unknown page is unplanned",
        (HOME,),
        call(Method.PAGE, "About"),
        CallStatus.UNPLANNED,
        None,
    ),
    (
        "a rule without a name takes every page",
        (HOME, ANY_PAGE),
        call(Method.PAGE, "About"),
        CallStatus.PLANNED,
        "Page",
    ),
    (
        "the named rule wins over the unnamed one",
        (HOME, ANY_PAGE),
        call(Method.PAGE, "Home"),
        CallStatus.PLANNED,
        "Home",
    ),
    (
        "a dynamic page name is fine when the plan names no page",
        (PAGE_VIEWED,),
        call(Method.PAGE, "x", dynamic=True),
        CallStatus.PLANNED,
        "Page Viewed",
    ),
    (
        "a dynamic page name stays dynamic when pages are named",
        (HOME, PAGE_VIEWED),
        call(Method.PAGE, "x", dynamic=True),
        CallStatus.DYNAMIC,
        None,
    ),
    (
        "a dynamic track name is never planned",
        (PAGE_VIEWED,),
        call(Method.TRACK, "x", dynamic=True),
        CallStatus.DYNAMIC,
        None,
    ),
    (
        "track 'Home' is not the page 'Home'",
        (HOME,),
        call(Method.TRACK, "Home"),
        CallStatus.UNPLANNED,
        None,
    ),
]


@pytest.mark.parametrize(
    ("events", "the_call", "status", "implements"),
    [case[1:] for case in PAGE_CASES],
    ids=[case[0] for case in PAGE_CASES],
)
def test_page_and_screen_conventions(
    events: tuple[PlannedEvent, ...], the_call: Call, status: CallStatus, implements: str | None
) -> None:
    result, rule = match_call(the_call, PlanIndex(plan_of(*events)))
    assert result.status is status
    assert (rule.name if rule else None) == implements


def test_page_viewed_is_implemented_by_page_calls() -> None:
    report = match(plan_of(HOME, PAGE_VIEWED), [call(Method.PAGE, "About", line=7)], [], META)
    status = {r.event.name: (r.status.value, r.locations) for r in report.events}
    assert status["Page Viewed"] == ("implemented", (Location("app.py", 7, 1),))
    assert status["Home"][0] == "missing"


def test_additional_properties_allow_unplanned_keys_but_check_the_planned_ones() -> None:
    open_rule = PlannedEvent(
        "Checkout Started",
        properties=(PlannedProperty("cart_id", ("string",), required=True),),
        additional_properties=True,
    )
    result, _ = match_call(
        call(Method.TRACK, "Checkout Started", {"cart_id": 3, "anything": 1}),
        PlanIndex(plan_of(open_rule)),
    )
    assert result.properties is not None
    assert result.properties.unplanned == ()
    assert [(m.key, m.got) for m in result.properties.type_mismatches] == [("cart_id", "integer")]


def test_identify_traits_against_an_imported_segment_plan() -> None:
    plan = load_plan(INPUTS / "segment/config-api-v1.plan.json", "plan.json")
    traits = {"country": "FR", "device": "TV", "tier": 2, "nickname": "x"}
    result, rule = match_call(call(Method.IDENTIFY, None, traits), PlanIndex(plan))
    assert rule is not None and rule.method is Method.IDENTIFY
    findings = result.properties
    assert findings is not None
    assert findings.unplanned == ("nickname",)
    assert [(m.key, m.kind, m.got) for m in findings.type_mismatches] == [
        ("device", "enum", "TV"),
        ("tier", "type", "integer"),
    ]


def test_property_types_and_enums_from_an_imported_plan() -> None:
    plan = load_plan(INPUTS / "csv/google-sheets.csv", "plan.csv")
    result, _ = match_call(
        call(Method.TRACK, "Order Completed", {"order_id": 5, "total": "12"}), PlanIndex(plan)
    )
    assert result.properties is not None
    assert [(m.key, m.expected, m.got) for m in result.properties.type_mismatches] == [
        ("order_id", ("string",), "integer"),
        ("total", ("number",), "string"),
    ]


# ---------------------------------------------------------------------------
# Naming conventions


@pytest.mark.parametrize(
    ("name", "title", "object_action"),
    [
        ("Order Completed", True, True),
        ("Product Added to Wishlist", True, True),
        ("Signed Up", True, True),
        ("Email Sent", True, True),
        ("iOS App Opened", True, True),
        ("Checkout", True, False),
        ("Checkout Step 2 Viewed", True, True),
        ("View Product", True, False),
        ("order completed", False, False),
        ("Order completed", False, False),
        ("Order  Completed", False, False),
        ("Order Completed ", False, False),
        ("Order_Completed", False, False),
        ("", False, False),
    ],
)
def test_event_name_conventions(name: str, title: bool, object_action: bool) -> None:
    assert is_title_case(name) is title
    assert is_object_action(name) is object_action


@pytest.mark.parametrize(
    ("key", "snake", "camel"),
    [
        ("order_id", True, False),
        ("orderId", False, True),
        ("order", True, True),
        ("order2_id", True, False),
        ("OrderId", False, False),
        ("order__id", False, False),
        ("_order", False, False),
        ("order-id", False, False),
        ("Order Id", False, False),
    ],
)
def test_key_conventions(key: str, snake: bool, camel: bool) -> None:
    assert is_snake_case(key) is snake
    assert is_camel_case(key) is camel


def test_naming_warnings_once_where_each_name_is_defined() -> None:
    planned = PlannedEvent(
        "order completed",
        properties=(PlannedProperty("orderId"),),
        source=Location("plan.yaml", 4, 1),
    )
    identify = PlannedEvent("Identify", Method.IDENTIFY, properties=(PlannedProperty("firstName"),))
    calls = [
        call(Method.TRACK, "order completed", {"orderId": "1", "couponCode": "x"}, line=10),
        call(Method.TRACK, "order completed", {"orderId": "2"}, line=11),
        call(Method.TRACK, "cart viewed", {"cart_id": "1"}, line=12),
        call(Method.PAGE, "home", line=13),
        call(Method.IDENTIFY, None, {"firstName": "A", "lastName": "B", "favoriteColor": "C"}),
    ]
    report = match(
        plan_of(planned, identify), calls, [], META, NamingConventions("title-case", "snake_case")
    )
    found = [(w.location.path, w.location.line, w.kind, w.name) for w in report.warnings]
    assert found == [
        ("app.py", 1, WarningKind.PROPERTY_NAMING, "favoriteColor"),
        ("app.py", 10, WarningKind.PROPERTY_NAMING, "couponCode"),
        ("app.py", 12, WarningKind.EVENT_NAMING, "cart viewed"),
        ("plan.yaml", 4, WarningKind.EVENT_NAMING, "order completed"),
        ("plan.yaml", 4, WarningKind.PROPERTY_NAMING, "orderId"),
    ]
    assert report.warnings[-1].message == (
        "property 'orderId' of 'order completed' is not snake_case (e.g. 'order_id')"
    )


def test_no_conventions_no_warnings() -> None:
    report = match(None, [call(Method.TRACK, "whatever now", {"A b": 1})], [], META)
    assert report.warnings == ()


def test_json_report_round_trips_warnings() -> None:
    from reports import json_report

    golden = Path(__file__).parent / "fixtures" / "plan-segment" / "expected" / "report.json"
    data = json.loads(golden.read_text(encoding="utf-8"))
    assert data["warnings"], "the fixture must carry warnings for this test to mean anything"
    assert json_report.to_dict(json_report.from_dict(data)) == data


def test_naming_conventions_are_checked_config_keys(run_trackscan, tmp_path: Path) -> None:
    (tmp_path / "trackscan.toml").write_text('event_naming = "kebab-case"\n')
    run = run_trackscan(tmp_path)
    assert run.code == 2
    assert "'event_naming' must be one of 'title-case', 'object-action'" in run.stderr
