"""The JSON report: trackscan's data file, which every other output can be rebuilt from.

`to_dict` and `from_dict` round-trip: `to_dict(from_dict(d)) == d` for any report we wrote,
which is what `--baseline`, `trackscan report --from` and `trackscan merge` rely on.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from scanner.model import (
    Call,
    CallResult,
    CallStatus,
    Delta,
    EventResult,
    EventStatus,
    Language,
    Location,
    Method,
    PlanInfo,
    PlannedEvent,
    PlannedProperty,
    Problem,
    ProblemKind,
    Properties,
    PropertyEntry,
    PropertyFindings,
    Report,
    ReportMeta,
    ReportWarning,
    Shard,
    Summary,
    TypeMismatch,
    ValueType,
    WarningKind,
    Wrapper,
    WrapperRef,
)

# Version history of the JSON report format:
# 1: first release. Later additions that older readers can ignore:
#    - optional "delta" section (--baseline): indexes into "events" and "calls".
#    - "warnings" (naming conventions).
#    - calls' "sdk", "wrapper" and "forwarding", the "forwarding" call status, and the
#      "wrappers" section (SDK presets and wrapper inference).
SCHEMA_VERSION = 1


@cache
def report_schema() -> dict[str, Any]:
    from importlib import resources  # read only to explain a broken report

    text = resources.files("reports").joinpath("report.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def render(report: Report) -> str:
    return json.dumps(to_dict(report), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def to_dict(report: Report) -> dict[str, Any]:
    meta = report.meta
    data: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "tool": {"name": "trackscan", "version": meta.tool_version},
        "root": meta.root,
        "generated_at": meta.generated_at,
        "commit": meta.commit,
        "plan": _plan(report.plan),
        "summary": summary_dict(report.summary),
        "events": [_event(result) for result in report.events],
        "calls": [_call(result) for result in report.calls],
        "errors": [_problem(p) for p in report.errors],
        "notes": [_problem(p) for p in report.notes],
        "warnings": [_warning(w) for w in report.warnings],
        "wrappers": [_wrapper(w) for w in report.wrappers],
    }
    if report.delta is not None:
        data["delta"] = _delta(report.delta, report)
    if report.shard is not None:  # only on a `--shard` run's partial report
        data["shard"] = {"index": report.shard.index, "count": report.shard.count}
    return data


def summary_dict(summary: Summary) -> dict[str, Any]:
    coverage = summary.coverage
    return {
        "planned": summary.planned,
        "implemented": summary.implemented,
        "missing": summary.missing,
        "coverage": None if coverage is None else round(coverage, 2),
        "calls": summary.calls,
        "unplanned": summary.unplanned,
        "dynamic": summary.dynamic,
        "near_miss": summary.near_miss,
        "property_problems": summary.property_problems,
        "errors": summary.errors,
    }


def _plan(plan: PlanInfo | None) -> dict[str, Any] | None:
    if plan is None:
        return None
    return {"path": plan.path, "name": plan.name, "version": plan.version, "format": plan.format}


def _location(location: Location) -> dict[str, Any]:
    return {"path": location.path, "line": location.line, "column": location.column}


def _event(result: EventResult) -> dict[str, Any]:
    event = result.event
    return {
        "name": event.name,
        "type": event.method.value,
        "description": event.description,
        "owner": event.owner,
        "status": result.status.value,
        "locations": [_location(loc) for loc in result.locations],
        "properties": None
        if event.properties is None
        else [_planned_property(p) for p in event.properties],
        "source": None
        if event.source is None
        else {"path": event.source.path, "line": event.source.line},
    }


def _planned_property(prop: PlannedProperty) -> dict[str, Any]:
    return {
        "name": prop.name,
        "type": list(prop.types),
        "required": prop.required,
        "enum": None if prop.enum is None else list(prop.enum),
        "description": prop.description,
    }


def _call(result: CallResult) -> dict[str, Any]:
    call = result.call
    return {
        "path": call.location.path,
        "line": call.location.line,
        "column": call.location.column,
        "end_line": call.end_line,
        "end_column": call.end_column,
        "language": call.language.value,
        "method": call.method.value,
        "callee": call.callee,
        "event": call.event,
        "dynamic": call.dynamic,
        "expression": call.expression,
        "status": result.status.value,
        "suggestion": result.suggestion,
        "properties": _call_properties(call.properties, result.properties),
        "sdk": call.sdk,
        "wrapper": None
        if call.wrapper is None
        else {
            "name": call.wrapper.name,
            "path": call.wrapper.location.path,
            "line": call.wrapper.location.line,
        },
        "forwarding": call.forwarding,
    }


def _wrapper(wrapper: Wrapper) -> dict[str, Any]:
    return {
        "name": wrapper.name,
        **_location(wrapper.location),
        "language": wrapper.language.value,
        "parameter": wrapper.parameter,
        "properties": wrapper.properties,
        "method": wrapper.method.value,
        "sdk": wrapper.sdk,
        "forwards_to": {**_location(wrapper.forwards_to), "callee": wrapper.forwards_callee},
        "calls": wrapper.calls,
    }


def _call_properties(
    given: Properties | None, findings: PropertyFindings | None
) -> dict[str, Any] | None:
    if given is None and findings is None:
        return None
    given = given or Properties()
    findings = findings or PropertyFindings()
    return {
        "keys": list(given.keys),
        "dynamic": given.dynamic,
        "missing_required": list(findings.missing_required),
        "unplanned": list(findings.unplanned),
        "type_mismatches": [
            {"key": m.key, "kind": m.kind, "expected": list(m.expected), "got": m.got}
            for m in findings.type_mismatches
        ],
    }


def _delta(delta: Delta, report: Report) -> dict[str, Any]:
    # The delta names results of this report by their index in "events" and "calls", so
    # every detail lives in one place and a reader cannot see two versions of one call.
    event_index = {result: i for i, result in enumerate(report.events)}
    call_index = {result: i for i, result in enumerate(report.calls)}
    base = delta.base
    return {
        "base": {
            "root": base.root,
            "tool_version": base.tool_version,
            "generated_at": base.generated_at,
            "commit": base.commit,
        },
        "before": summary_dict(delta.before),
        "newly_implemented": [event_index[e] for e in delta.newly_implemented],
        "newly_missing": [event_index[e] for e in delta.newly_missing],
        "new_unplanned": [call_index[c] for c in delta.new_unplanned],
        "new_dynamic": [call_index[c] for c in delta.new_dynamic],
        "new_near_miss": [call_index[c] for c in delta.new_near_miss],
        "new_property_problems": [call_index[c] for c in delta.new_property_problems],
        "resolved": {
            "unplanned": delta.resolved_unplanned,
            "dynamic": delta.resolved_dynamic,
            "property_problems": delta.resolved_property_problems,
        },
    }


def _problem(problem: Problem) -> dict[str, Any]:
    return {
        "path": problem.path,
        "line": problem.line,
        "column": problem.column,
        "kind": problem.kind.value,
        "message": problem.message,
    }


def _warning(warning: ReportWarning) -> dict[str, Any]:
    return {
        "kind": warning.kind.value,
        "path": warning.location.path,
        "line": warning.location.line,
        "column": warning.location.column,
        "name": warning.name,
        "convention": warning.convention,
        "event": warning.event,
        "message": warning.message,
    }


# ---------------------------------------------------------------------------
# Reading a report back.


def load(text: str) -> Report:
    """Parse a JSON report written by `render`; raises ValueError with a reason otherwise."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON: {error}") from None
    if not isinstance(data, dict) or "schema" not in data:
        raise ValueError("not a trackscan JSON report (no 'schema' key)")
    if data["schema"] != SCHEMA_VERSION:
        raise ValueError(
            f"report schema {data['schema']!r} is not supported (expected {SCHEMA_VERSION})"
        )
    try:
        return from_dict(data)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        # Validate only on failure: the schema names the first bad value precisely, and
        # validating a 20,000-call report on every run would cost more than reading it.
        raise ValueError(_first_schema_error(data)) from None


def _first_schema_error(data: dict[str, Any]) -> str:
    import jsonschema  # only needed to explain a broken file

    validator = jsonschema.Draft202012Validator(report_schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is None:
        return "the report does not match its schema"
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return f"${where}: {error.message}"


def from_dict(data: dict[str, Any]) -> Report:
    meta = _read_meta(data["root"], data["tool"]["version"], data["generated_at"], data)
    plan = data.get("plan")
    events = tuple(_read_event(e) for e in data["events"])
    calls = tuple(_read_call(c) for c in data["calls"])
    delta = data.get("delta")
    shard = data.get("shard")
    return Report(
        meta=meta,
        plan=None
        if plan is None
        else PlanInfo(plan["path"], plan["name"], plan["version"], plan["format"]),
        summary=_read_summary(data["summary"]),
        events=events,
        calls=calls,
        problems=tuple(_read_problem(p) for p in [*data["errors"], *data["notes"]]),
        warnings=tuple(_read_warning(w) for w in data.get("warnings", [])),
        delta=None if delta is None else _read_delta(delta, events, calls),
        shard=None if shard is None else Shard(shard["index"], shard["count"]),
        wrappers=tuple(_read_wrapper(w) for w in data.get("wrappers", [])),
    )


def _read_meta(root: str, version: str, generated_at: str, data: dict[str, Any]) -> ReportMeta:
    return ReportMeta(
        root=root, tool_version=version, generated_at=generated_at, commit=data.get("commit")
    )


def _read_summary(summary: dict[str, Any]) -> Summary:
    return Summary(
        planned=summary["planned"],
        implemented=summary["implemented"],
        calls=summary["calls"],
        unplanned=summary["unplanned"],
        dynamic=summary["dynamic"],
        near_miss=summary["near_miss"],
        property_problems=summary["property_problems"],
        errors=summary["errors"],
    )


def _read_delta(
    data: dict[str, Any], events: tuple[EventResult, ...], calls: tuple[CallResult, ...]
) -> Delta:
    base = data["base"]
    resolved = data["resolved"]
    return Delta(
        base=_read_meta(base["root"], base["tool_version"], base["generated_at"], base),
        before=_read_summary(data["before"]),
        newly_implemented=tuple(events[i] for i in data["newly_implemented"]),
        newly_missing=tuple(events[i] for i in data["newly_missing"]),
        new_unplanned=tuple(calls[i] for i in data["new_unplanned"]),
        new_dynamic=tuple(calls[i] for i in data["new_dynamic"]),
        new_near_miss=tuple(calls[i] for i in data["new_near_miss"]),
        new_property_problems=tuple(calls[i] for i in data["new_property_problems"]),
        resolved_unplanned=resolved["unplanned"],
        resolved_dynamic=resolved["dynamic"],
        resolved_property_problems=resolved["property_problems"],
    )


def _read_event(data: dict[str, Any]) -> EventResult:
    source = data.get("source")
    properties = data.get("properties")
    event = PlannedEvent(
        name=data["name"],
        method=Method(data["type"]),
        description=data["description"],
        owner=data["owner"],
        properties=None
        if properties is None
        else tuple(
            PlannedProperty(
                name=p["name"],
                types=tuple(p["type"]),
                required=p["required"],
                enum=None if p["enum"] is None else tuple(p["enum"]),
                description=p["description"],
            )
            for p in properties
        ),
        source=None if source is None else _location_of(source["path"], source["line"], 1),
    )
    return EventResult(
        event,
        EventStatus(data["status"]),
        tuple(_location_of(loc["path"], loc["line"], loc["column"]) for loc in data["locations"]),
    )


def _location_of(path: object, line: object, column: object) -> Location:
    # Locations are sorted and compared (--baseline): a wrong type must fail here, where
    # `load` turns it into a message, not later as a crash.
    if not isinstance(path, str) or not all(
        isinstance(n, int) and not isinstance(n, bool) for n in (line, column)
    ):
        raise TypeError("bad location")
    return Location(path, line, column)  # type: ignore[arg-type]


def _read_call(data: dict[str, Any]) -> CallResult:
    props = data["properties"]
    wrapper = data.get("wrapper")
    given = findings = None
    if props is not None:
        given = Properties(
            tuple(PropertyEntry(key, ValueType.UNKNOWN) for key in props["keys"]), props["dynamic"]
        )
        findings = PropertyFindings(
            tuple(props["missing_required"]),
            tuple(props["unplanned"]),
            tuple(
                TypeMismatch(m["key"], tuple(m["expected"]), m["got"], m["kind"])
                for m in props["type_mismatches"]
            ),
        )
    call = Call(
        location=_location_of(data["path"], data["line"], data["column"]),
        end_line=data["end_line"],
        end_column=data["end_column"],
        language=Language(data["language"]),
        method=Method(data["method"]),
        callee=data["callee"],
        event=data["event"],
        dynamic=data["dynamic"],
        expression=data["expression"],
        properties=given,
        sdk=data.get("sdk", "segment"),  # reports from before presets: Segment's calls
        wrapper=None
        if wrapper is None
        else WrapperRef(wrapper["name"], _location_of(wrapper["path"], wrapper["line"], 1)),
        forwarding=data.get("forwarding", False),
    )
    return CallResult(call, CallStatus(data["status"]), data["suggestion"], findings)


def _read_wrapper(data: dict[str, Any]) -> Wrapper:
    target = data["forwards_to"]
    return Wrapper(
        name=data["name"],
        location=_location_of(data["path"], data["line"], data["column"]),
        language=Language(data["language"]),
        parameter=data["parameter"],
        properties=data["properties"],
        method=Method(data["method"]),
        sdk=data["sdk"],
        forwards_to=_location_of(target["path"], target["line"], target["column"]),
        forwards_callee=target["callee"],
        calls=data["calls"],
    )


def _read_warning(data: dict[str, Any]) -> ReportWarning:
    return ReportWarning(
        location=Location(data["path"], data["line"], data["column"]),
        kind=WarningKind(data["kind"]),
        name=data["name"],
        convention=data["convention"],
        message=data["message"],
        event=data["event"],
    )


def _read_problem(data: dict[str, Any]) -> Problem:
    return Problem(
        data["path"], data["line"], ProblemKind(data["kind"]), data["message"], data["column"]
    )
