"""--baseline: what a change introduced, on two revisions of one fixture repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, fixed_meta

from reports import json_report
from scanner import scan
from scanner.baseline import compare
from scanner.match import match
from scanner.model import (
    Call,
    Language,
    Location,
    Method,
    PlannedEvent,
    Report,
    TrackingPlan,
)
from scanner.plan import load_plan


def scanned(name: str) -> Report:
    root = FIXTURES / name
    plan = load_plan(root / "tracking-plan.yaml", "tracking-plan.yaml")
    result = scan(root)
    return match(plan, result.calls, result.problems, fixed_meta(None))


def names(results: tuple[object, ...]) -> list[str]:
    return [r.call.event or r.call.expression for r in results]


def test_two_revisions_of_one_repository() -> None:
    delta = compare(scanned("baseline-before"), scanned("baseline-after"))
    assert [e.event.name for e in delta.newly_implemented] == ["Product Viewed"]
    assert [e.event.name for e in delta.newly_missing] == ["Order Completed"]
    assert names(delta.new_unplanned) == ["Product viewed", "Wishlist Added"]
    assert names(delta.new_near_miss) == ["Product viewed"]
    # `f"{kind} Shared"` moved eleven lines down: not new. The step name is.
    assert names(delta.new_dynamic) == ['f"Step {name} Completed"']
    # The enterprise sign-up is a new call with an enum problem; the old one is unchanged.
    assert [(r.call.event, r.call.location.line) for r in delta.new_property_problems] == [
        ("Signed Up", 15)
    ]
    assert (delta.resolved_unplanned, delta.resolved_dynamic) == (1, 0)
    assert delta.before.coverage == 50.0


def test_no_change_is_an_empty_delta() -> None:
    report = scanned("reports-shop")
    delta = compare(report, report)
    assert delta.newly_implemented == delta.newly_missing == ()
    assert delta.new_unplanned == delta.new_dynamic == delta.new_property_problems == ()
    assert delta.resolved_unplanned == delta.resolved_dynamic == 0


def _call(event: str, line: int, path: str = "app/a.py", callee: str = "analytics.track") -> Call:
    return Call(
        Location(path, line, 5),
        line,
        30,
        Language.PYTHON,
        Method.TRACK,
        callee,
        event,
        False,
        repr(event),
        None,
    )


PLAN = TrackingPlan("plan.yaml", (PlannedEvent("Planned"),))


def _report(*calls: Call, plan: TrackingPlan = PLAN) -> Report:
    return match(plan, calls, (), fixed_meta(None))


# (before, after, how many unplanned calls are new)
IDENTITY_CASES = [
    ((_call("X", 3),), (_call("X", 40),), 0),  # moved
    ((_call("X", 3),), (_call("X", 3), _call("X", 9)), 1),  # a second identical call
    ((_call("X", 3),), (_call("X", 3, path="app/b.py"),), 1),  # another file
    ((_call("X", 3),), (_call("X", 3, callee="client.track"),), 1),  # another receiver
    ((_call("X", 3), _call("X", 5)), (_call("X", 8),), 0),  # one of two removed
    ((), (_call("Planned", 3),), 0),  # planned calls are not findings
]


@pytest.mark.parametrize(("before", "after", "new"), IDENTITY_CASES, ids=range(len(IDENTITY_CASES)))
def test_call_identity(before: tuple[Call, ...], after: tuple[Call, ...], new: int) -> None:
    assert len(compare(_report(*before), _report(*after)).new_unplanned) == new


def test_the_later_of_identical_calls_is_the_new_one() -> None:
    delta = compare(_report(_call("X", 3)), _report(_call("X", 3), _call("X", 9)))
    assert [r.call.location.line for r in delta.new_unplanned] == [9]


def test_a_plan_change_can_make_an_old_call_unplanned_and_an_event_missing() -> None:
    plan_after = TrackingPlan("plan.yaml", (PlannedEvent("Renamed"),))
    before = _report(_call("Planned", 3))
    after = _report(_call("Planned", 3), plan=plan_after)
    delta = compare(before, after)
    assert names(delta.new_unplanned) == ["Planned"]
    assert [e.event.name for e in delta.newly_missing] == ["Renamed"]


def test_delta_round_trips_through_json() -> None:
    report = scanned("baseline-after")
    report = json_report.load(json_report.render(report))  # the JSON view of the report
    with_delta = json_report.load(
        json_report.render(
            Report(**{**_fields(report), "delta": compare(scanned("baseline-before"), report)})
        )
    )
    assert with_delta.delta is not None
    again = json_report.load(json_report.render(with_delta))
    assert again == with_delta
    assert json_report.to_dict(again) == json_report.to_dict(with_delta)


def _fields(report: Report) -> dict[str, object]:
    return {name: getattr(report, name) for name in Report.__dataclass_fields__}


BAD_BASELINES = [
    ("missing.json", None, "cannot read the report"),
    ("empty.json", "", "not valid JSON"),
    ("list.json", "[1, 2]", "not a trackscan JSON report"),
    ("future.json", '{"schema": 99}', "report schema 99 is not supported"),
    ("broken.json", '{"schema": 1, "root": "."}', "$: 'tool' is a required property"),
]


@pytest.mark.parametrize(
    ("name", "content", "message"), BAD_BASELINES, ids=range(len(BAD_BASELINES))
)
def test_a_bad_baseline_is_a_usage_error(
    name: str, content: str | None, message: str, run_trackscan, tmp_path: Path
) -> None:
    baseline = tmp_path / name
    if content is not None:
        baseline.write_text(content, encoding="utf-8")
    out = tmp_path / "report.json"
    run = run_trackscan(FIXTURES / "reports-shop", "--baseline", baseline, "--json", out)
    assert run.code == 2
    assert run.stderr.startswith(f"trackscan: {baseline}: --baseline: ")
    assert message in run.stderr
    assert len(run.stderr.splitlines()) == 1
    assert not out.exists()


def test_a_baseline_with_a_wrong_value_names_it(run_trackscan, tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "reports-shop/expected/report.json").read_text())
    data["calls"][2]["line"] = "twelve"
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps(data), encoding="utf-8")
    run = run_trackscan(FIXTURES / "reports-shop", "--baseline", baseline)
    assert run.code == 2
    assert "$.calls[2].line: 'twelve' is not of type 'integer'" in run.stderr


AFTER = Path(__file__).parent / "fixtures" / "baseline-after"  # its config names the baseline


@pytest.mark.parametrize(
    ("kind", "code", "message"),
    [
        ("new-unplanned", 1, "--fail-on new-unplanned: 2 introduced by this change"),
        ("new-dynamic", 1, "--fail-on new-dynamic: 1 introduced by this change"),
        ("new-missing", 1, "--fail-on new-missing: 1 introduced by this change"),
        ("new-near-miss", 1, "--fail-on new-near-miss: 1 introduced by this change"),
    ],
)
def test_fail_on_new_gates_on_what_changed(
    run_trackscan, kind: str, code: int, message: str
) -> None:
    run = run_trackscan(AFTER, "-q", "--fail-on", kind)
    assert run.code == code, run.stderr
    assert message in run.stderr


def test_a_legacy_finding_does_not_fail_new_gates(run_trackscan, tmp_path: Path) -> None:
    same = tmp_path / "same.json"
    assert run_trackscan(AFTER, "-q", "--json", same).code == 0
    kinds = "new-unplanned,new-dynamic,new-property,new-near-miss,new-missing"
    run = run_trackscan(AFTER, "-q", "--baseline", same, "--fail-on", kinds)
    assert run.code == 0, run.stderr
    assert run_trackscan(AFTER, "-q", "--baseline", same, "--fail-on", "unplanned").code == 1


def test_new_gates_need_a_baseline(run_trackscan, tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("from segment import analytics\nanalytics.track('u', 'X')\n")
    run = run_trackscan(tmp_path, "-q", "--fail-on", "new-unplanned")
    assert run.code == 2 and "pass --baseline REPORT.json" in run.stderr
