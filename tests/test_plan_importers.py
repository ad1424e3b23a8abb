"""Every importer on real-shaped plans: what each format's events, properties and rules become."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.errors import PlanError
from scanner.model import Method, PlannedEvent, TrackingPlan
from scanner.plan import load_plan

INPUTS = Path(__file__).parent / "plan_inputs"


def load(relative: str, plan_format: str | None = None) -> TrackingPlan:
    return load_plan(INPUTS / relative, relative, plan_format)


def event(plan: TrackingPlan, name: str, method: Method = Method.TRACK) -> PlannedEvent:
    found = [e for e in plan.events if e.name == name and e.method is method]
    assert len(found) == 1, f"{name!r} ({method.value}) not in {[e.name for e in plan.events]}"
    return found[0]


def props(planned: PlannedEvent) -> dict[str, tuple[tuple[str, ...], bool, object]]:
    assert planned.properties is not None
    return {p.name: (p.types, p.required, p.enum) for p in planned.properties}


# ---------------------------------------------------------------------------
# Segment


def test_segment_public_api_as_cached_by_typewriter() -> None:
    plan = load("segment/typewriter-telemetry.public-api.plan.json")
    assert (plan.format, plan.name) == ("segment-public-api", "Typewriter Tracking Plan")
    assert [e.name for e in plan.events] == [
        "Command Build",
        "Command Error",
        "Command Help",
        "Command Init",
        "KitchenSink",
        "VersionCommand",
    ]
    build = props(event(plan, "Command Build"))
    assert build["mode"] == (("string",), True, ("dev", "prod"))
    assert build["config"] == (("object",), True, None)
    assert props(event(plan, "KitchenSink"))["anything"] == ((), False, None)
    assert event(plan, "Command Help").source is not None
    assert event(plan, "Command Help").source.line > 1  # tab-indented JSON still has lines


def test_segment_public_api_raw_payload_schemas(fixture_repo) -> None:
    plan = load_plan(fixture_repo("plan-segment") / "tracking-plan.json", "tracking-plan.json")
    # The newest version of a rule wins; deprecated rules are not planned.
    order = event(plan, "Order Completed")
    assert order.description == "Revenue, reconciled by finance (v2 adds the total)."
    assert props(order)["total"] == (("number",), True, None)
    assert props(order)["currency"] == (("string", "null"), False, ("EUR", "USD", None))
    assert "Legacy Coupon Applied" not in [e.name for e in plan.events]
    # COMMON properties are planned for every event; labels give owners.
    assert "app_version" in props(event(plan, "Home", Method.PAGE))
    assert event(plan, "Signed Up").owner == "growth, web"
    identify = event(plan, "Identify", Method.IDENTIFY)
    assert props(identify)["email"] == (("string",), True, None)
    assert event(plan, "Checkout Started").additional_properties


def test_segment_rules_response_with_unnamed_screen_rule() -> None:
    plan = load("segment/rules-response.json")
    assert props(event(plan, "Song Played"))["seconds"] == (("integer", "null"), False, None)
    screen = event(plan, "Screen", Method.SCREEN)
    assert screen.any_name and screen.properties == ()


def test_segment_config_api_v1() -> None:
    plan = load("segment/config-api-v1.plan.json")
    assert (plan.format, plan.name) == ("segment-config-api", "Wallet Tracking Plan")
    changed = event(plan, "Account Password Changed")
    assert changed.owner == "security"
    assert props(changed)["platform"] == (("string",), True, ("WALLET", "EXCHANGE"))
    # rules.global adds its properties to every event; the newest version of an event wins.
    deposit = props(event(plan, "Deposit Started"))
    assert set(deposit) == {"amount_minor", "currency", "device"}
    traits = props(event(plan, "Identify", Method.IDENTIFY))
    assert traits["device"] == (("string",), False, ("APP-Android", "APP-iOS", "WEB"))


def test_typewriter_config_reads_the_cached_plan() -> None:
    plan = load("segment/typewriter-project/typewriter.yml")
    assert plan.path == "segment/typewriter-project/analytics/plan.json"
    assert len(plan.events) == 4
    assert load("segment/typewriter-project").events == plan.events  # the directory too


def test_typewriter_config_without_cached_plan_says_how_to_get_it(tmp_path: Path) -> None:
    config = tmp_path / "typewriter.yml"
    config.write_text(
        "client: {sdk: analytics-node, language: typescript}\n"
        "trackingPlans:\n  - id: rs_123\n    path: ./analytics\n"
    )
    with pytest.raises(PlanError) as raised:
        load_plan(config, "typewriter.yml")
    assert raised.value.line == 3
    assert "rs_123" in raised.value.message
    assert "analytics/plan.json" in raised.value.message
    assert "npx typewriter" in raised.value.message


# ---------------------------------------------------------------------------
# RudderStack


def test_rudder_cli_v1_project_from_any_of_its_files() -> None:
    plan = load("rudderstack/rudder-cli-v1")
    assert (plan.format, plan.name) == ("rudder-cli", "App Tracking")
    page = event(plan, "Page", Method.PAGE)
    assert page.any_name and not page.additional_properties
    signup = props(event(plan, "Signup"))
    assert signup["Email Address"] == (("string",), True, None)
    assert signup["User Metadata"] == (("object", "null"), False, None)
    assert load("rudderstack/rudder-cli-v1/events_v1.yaml").events == plan.events


def test_rudder_cli_reference_typo_names_the_line() -> None:
    with pytest.raises(PlanError) as raised:
        load("rudderstack/rudder-cli-broken")
    error = raised.value
    assert (error.path, error.line) == ("rudderstack/rudder-cli-broken/plan.yaml", 11)
    assert "unknown event '#event:sigup' (did you mean 'signup'?)" in error.message


def test_ruddertyper_plan_with_every_call_type() -> None:
    plan = load("rudderstack/sample-tracking-plan-1.plan.json")
    assert plan.format == "rudderstack-tracking-plan"
    methods = {e.method for e in plan.events if e.any_name}
    assert methods == {Method.IDENTIFY, Method.PAGE, Method.SCREEN, Method.GROUP}
    assert props(event(plan, "Sample event 1")) == {"Sample property 1": ((), False, None)}


def test_data_catalog_api_plan() -> None:
    plan = load("rudderstack/tracking-plan_api_tracking.json")
    assert (plan.format, plan.version) == ("rudderstack-data-catalog", "4")
    login = props(event(plan, "Login Event"))
    assert login["Signin Info"] == (("object",), True, None)  # nested properties
    assert event(plan, "Logout Event").properties == ()


# ---------------------------------------------------------------------------
# JSON Schema and Iglu


def test_json_schema_directory() -> None:
    plan = load("jsonschema")
    assert [e.name for e in plan.events] == ["Order Completed", "signed_up"]
    order = event(plan, "Order Completed")
    assert props(order)["currency"] == ((), False, ("EUR", "USD"))
    assert props(order)["coupon"] == ((), False, None)  # a $ref: any type
    assert not order.additional_properties
    signed_up = event(plan, "signed_up")
    assert signed_up.additional_properties
    assert props(signed_up)["plan"] == (("string",), False, ("free",))


def test_iglu_registry_keeps_the_newest_version() -> None:
    plan = load("iglu/schemas")
    assert plan.format == "iglu"
    assert [e.name for e in plan.events] == ["button_click", "link_click"]
    assert "elementId" in props(event(plan, "link_click"))  # 1-0-1, not 1-0-0
    single = load("iglu/schemas/com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-0")
    assert props(event(single, "link_click")) == {"targetUrl": (("string",), True, None)}


# ---------------------------------------------------------------------------
# CSV


def test_google_sheets_export_with_title_row_and_continuation_rows() -> None:
    plan = load("csv/google-sheets.csv")
    assert [e.name for e in plan.events] == ["Signed Up", "Order Completed", "Product Viewed"]
    signed_up = event(plan, "Signed Up")
    assert (signed_up.description, signed_up.owner) == (
        "Account created, top of the funnel",
        "growth",
    )
    assert props(signed_up) == {
        "plan": (("string",), True, None),
        "referrer": (("string", "null"), False, None),
    }
    assert props(event(plan, "Order Completed"))["currency"] == ((), False, None)
    assert event(plan, "Product Viewed").properties == ()
    assert event(plan, "Order Completed").source.line == 7  # type: ignore[union-attr]


def test_excel_semicolon_cp1252_with_sep_line() -> None:
    plan = load("csv/excel-semicolon.csv")
    order = event(plan, "Bestellung Abgeschlossen")
    assert order.description == "Umsatz für die Buchhaltung"
    assert props(order) == {
        "betrag": (("number",), True, None),
        "währung": (("string",), False, None),
    }
    assert event(plan, "Konto Erstellt").owner == "Wachstum"


def test_one_row_per_event_with_properties_cell_and_bom() -> None:
    plan = load("csv/one-row-per-event.csv")
    assert props(event(plan, "Order Completed")) == {
        "order_id": (("string",), True, None),
        "total": (("number",), True, None),
        "coupon": ((), False, None),
    }
    identify = event(plan, "Identify", Method.IDENTIFY)
    assert identify.any_name
    assert props(identify) == {"email": ((), True, None), "age": (("integer",), False, None)}
    assert event(plan, "Home", Method.PAGE).owner == "web"


def test_utf16_tab_separated_unicode_text() -> None:
    plan = load("csv/unicode-text.txt.csv")
    assert props(event(plan, "Signed Up")) == {"plan": (("string",), True, None)}


def test_amplitude_data_export_layout() -> None:
    plan = load("csv/amplitude-export.csv")
    assert [e.name for e in plan.events] == ["Song Played", "Song Skipped"]
    played = event(plan, "Song Played")
    assert (played.owner, played.description) == ("music", "A song started playing")
    assert props(played) == {
        "song_id": (("string",), True, None),
        "source": (("string",), False, ("library", "search", "radio")),
        "genres": (("array",), False, None),
    }


def test_events_only_sheet_checks_no_properties(tmp_path: Path) -> None:
    sheet = tmp_path / "events.csv"
    sheet.write_text("Event,Description\nSigned Up,Account created\n")
    assert load_plan(sheet, "events.csv").events[0].properties is None


def test_plan_format_flag_forces_a_family() -> None:
    with pytest.raises(PlanError, match="not a Segment tracking plan"):
        load("rudderstack/tracking-plan_api_tracking.json", "segment")
    with pytest.raises(PlanError, match=r"unknown plan format 'segmnet'.*did you mean 'segment'"):
        load("segment/rules-response.json", "segmnet")
    assert load("jsonschema/events/order_completed.json", "jsonschema").format == "jsonschema"
