"""Broken plans stop the run with exit 2 and `file:line: message`, never a traceback.

Also: every real plan file under `../shared/plans` (beside the repository) loads.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.errors import PlanError
from scanner.model import Method
from scanner.plan import load_plan

INPUTS = Path(__file__).parent / "plan_inputs"
# CI clones the repository beside shared/; a worktree may sit one level deeper.
SHARED_PLANS = next(
    (
        parent / "shared" / "plans"
        for parent in Path(__file__).resolve().parents[1:4]
        if (parent / "shared" / "plans").is_dir()
    ),
    Path(__file__).resolve().parents[2] / "shared" / "plans",
)


@pytest.mark.parametrize(
    ("relative", "line", "message"),
    [
        ("broken/trailing-comma.json", 3, "invalid JSON: Expecting property name"),
        ("broken/unclosed.yaml", 5, "invalid YAML"),
        ("broken/duplicate-events.json", 5, "duplicate track event 'Signed Up' (first defined"),
        ("broken/bad-type.plan.json", 4, "'text' is not a JSON Schema type"),
        ("csv/missing-event-column.csv", 1, "no header row with an event column"),
        ("csv/duplicate-event.csv", 4, "row 4: duplicate track event 'Signed Up' (first"),
        ("csv/duplicate-property.csv", 3, "row 3: duplicate property 'plan' of event"),
        ("csv/bad-values.csv", 2, "row 2: Type: 'strng' is not a type (did you mean 'string'?)"),
        ("csv/property-before-event.csv", 2, "row 2: the Event cell is empty"),
    ],
)
def test_broken_plan_names_file_and_line(
    run_trackscan, relative: str, line: int, message: str
) -> None:
    plan = INPUTS / relative
    run = run_trackscan(INPUTS / "jsonschema", "--plan", plan, "--color", "never")
    assert run.code == 2
    assert f"trackscan: {plan}:{line}: " in run.stderr
    assert message in run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""


def test_every_problem_of_a_csv_is_reported_at_once() -> None:
    with pytest.raises(PlanError) as raised:
        load_plan(INPUTS / "csv/bad-values.csv", "bad-values.csv")
    assert [str(d) for d in raised.value.details] == [
        "bad-values.csv:2: row 2: Type: 'strng' is not a type (did you mean 'string'?); "
        "expected string, number, integer, boolean, object, array or null",
        "bad-values.csv:3: row 3: 'trak' is not a kind of call (did you mean 'track'?); "
        "expected track, identify, page, screen or group",
    ]


def test_csv_row_numbers_count_records_and_lines_count_lines(tmp_path: Path) -> None:
    sheet = tmp_path / "plan.csv"
    sheet.write_text('Event,Description,Required,Property\nA,"two\nlines",,\nB,,maybe,x\n')
    with pytest.raises(PlanError) as raised:
        load_plan(sheet, "plan.csv")
    assert (raised.value.line, raised.value.message.split(":")[0]) == (4, "row 3")


def test_unterminated_quote_in_csv(tmp_path: Path) -> None:
    sheet = tmp_path / "plan.csv"
    sheet.write_text('Event,Property\nSigned Up,"plan\n')
    with pytest.raises(PlanError):
        load_plan(sheet, "plan.csv")


def test_plan_directory_without_a_plan(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="no tracking plan found in this directory"):
        load_plan(tmp_path, "empty")


# ---------------------------------------------------------------------------
# The real plans in ../shared/plans (see its SOURCES.md).

MALFORMED = "snowplow-iglu/malformed/add_to_cart-1-0-0.at-a1d860a.json"
# Typewriter and RudderTyper configs name a plan kept in Segment or RudderStack by id; the
# copy the tool downloads is not among these files, so they must say how to get it.
CONFIGS_WITHOUT_CACHE = (
    "segment-typewriter/typewriter.v7-example.yml",
    "segment-typewriter/typewriter.v9-e2e.yml",
    "segment-real-world/blockchain-wallet-v4-frontend.typewriter.yml",
    "rudderstack/rudder-typer/ruddertyper.yml",
)


def shared_plan_inputs() -> list[str]:
    if not SHARED_PLANS.is_dir():
        return []
    files = sorted(
        p.relative_to(SHARED_PLANS).as_posix()
        for p in SHARED_PLANS.rglob("*")
        if p.is_file() and p.name != "SOURCES.md"
    )
    directories = [
        "rudderstack/rudder-cli-v1",
        "rudderstack/rudder-cli-v0.1",
        "snowplow-iglu/schemas",
    ]
    return files + directories


needs_shared = pytest.mark.skipif(
    not SHARED_PLANS.is_dir(),
    reason=f"the shared plans are not beside the repository ({SHARED_PLANS})",
)


@needs_shared
@pytest.mark.parametrize("relative", shared_plan_inputs())
def test_every_shared_plan_loads(relative: str) -> None:
    path = SHARED_PLANS / relative
    if relative == MALFORMED:
        with pytest.raises(PlanError) as raised:
            load_plan(path, relative)
        assert (raised.value.path, raised.value.line) == (relative, 19)
        assert "invalid JSON: Expecting ':' delimiter (column 14)" in raised.value.message
        return
    if relative in CONFIGS_WITHOUT_CACHE:
        with pytest.raises(PlanError) as raised:
            load_plan(path, relative)
        assert raised.value.line is not None
        assert "does not exist. Run `npx " in raised.value.message
        return
    plan = load_plan(path, relative)
    assert plan.events, relative
    for planned in plan.events:
        assert planned.name and planned.source is not None and planned.source.line >= 1


@needs_shared
def test_production_segment_plan() -> None:
    relative = "segment-real-world/blockchain-wallet-v4-frontend.plan.json"
    plan = load_plan(SHARED_PLANS / relative, relative)
    tracks = [e for e in plan.events if e.method is Method.TRACK]
    assert (len(tracks), plan.format) == (262, "segment-config-api")
    assert sum(len(e.properties or ()) for e in tracks) == 1373
    identify = next(e for e in plan.events if e.method is Method.IDENTIFY)
    device = next(p for p in identify.properties or () if p.name == "device")
    assert device.enum == ("APP-Android", "APP-iOS", "WEB")


@needs_shared
def test_typewriter_e2e_plans_keep_odd_names() -> None:
    relative = "segment-typewriter/typewriter-e2e.public-api.plan.json"
    names = {e.name for e in load_plan(SHARED_PLANS / relative, relative).events}
    assert "42_--terrible==\\\"event'++name~!3" in names
    assert {"Event Collided", "event_collided", "Property Object Name Collision #1"} <= names


@needs_shared
def test_rudder_cli_v01_custom_types_enums_and_variants() -> None:
    plan = load_plan(SHARED_PLANS / "rudderstack/rudder-cli-v0.1", "project")
    some = next(e for e in plan.events if e.name == "Some Track Event")
    by_name = {p.name: p for p in some.properties or ()}
    assert by_name["someStringWithEnum"].enum == ("GET", "PUT", "POST", "DELETE", "PATCH")
    assert by_name["someIntegerWithEnum"].enum is not None
    assert by_name["someCustomString"].types == ("string",)
    assert by_name["someMultiType"].types == (
        "string",
        "integer",
        "number",
        "boolean",
        "object",
        "array",
        "null",
    )
    variants = next(e for e in plan.events if e.name == "Some Track Event With Variants")
    by_name = {p.name: p for p in variants.properties or ()}
    assert by_name["someString"].required and not by_name["someNumber"].required
    open_event = next(e for e in plan.events if e.name.endswith("With Additional Properties"))
    assert open_event.additional_properties
