"""trackscan's own plan format (YAML or JSON), validated against `plan.schema.json`."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from scanner.errors import PlanError, TrackscanError
from scanner.model import Location, Method, PlannedEvent, PlannedProperty, TrackingPlan
from scanner.plan.common import json_type
from scanner.plan.documents import Document, KeyPath, format_key_path
from scanner.suggest import did_you_mean

if TYPE_CHECKING:
    import jsonschema


@cache
def plan_schema() -> dict[str, Any]:
    text = resources.files("scanner.plan").joinpath("plan.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate(document: Document) -> list[TrackscanError]:
    """Every schema violation, as `key.path: message` errors with the line of the key."""
    import jsonschema  # a tenth of a second to load: only when there is a plan to check

    validator = jsonschema.Draft202012Validator(plan_schema())
    found: list[TrackscanError] = []
    for error in validator.iter_errors(document.data):
        found.extend(_explain(error, document))
    found.sort(key=lambda e: (e.line or 0, e.message))
    return found


def _explain(error: jsonschema.ValidationError, document: Document) -> list[TrackscanError]:
    path: KeyPath = tuple(error.absolute_path)
    where = format_key_path(path)
    instance = error.instance
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}

    def at(message: str, key_path: KeyPath = path) -> TrackscanError:
        return TrackscanError(message, document.path, document.line(key_path))

    if error.validator == "additionalProperties" and isinstance(instance, dict):
        known = sorted(schema.get("properties", {}))
        messages = []
        for key in sorted(set(instance) - set(known)):
            hint = did_you_mean(str(key), known)
            messages.append(at(f"{where}: '{key}' is not a known key{hint}", (*path, str(key))))
        return messages
    if error.validator == "required" and isinstance(instance, dict):
        missing = [key for key in schema.get("required", []) if key not in instance]
        return [at(f"{where}: '{key}' is required") for key in missing]
    if error.validator == "type":
        expected = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        return [at(f"{where}: expected {' or '.join(expected)}, got {json_type(instance)}")]
    if error.validator == "enum":
        options = ", ".join(str(option) for option in schema["enum"])
        return [at(f"{where}: {instance!r} is not one of: {options}")]
    if error.validator == "minLength":
        return [at(f"{where}: must not be empty")]
    if error.validator == "oneOf" and error.context:
        best = min(error.context, key=lambda sub: len(list(sub.absolute_path)) * -1)
        return _explain(best, document)
    return [at(f"{where}: {error.message}")]


def load_native(document: Document) -> TrackingPlan:
    if document.data is None:
        raise PlanError(
            "plan file is empty: expected a mapping with an 'events' list", document.path, 1
        )
    errors = validate(document)
    if errors:
        raise PlanError(errors[0].message, document.path, errors[0].line, tuple(errors))
    data = document.data
    events = tuple(_event(item, index, document) for index, item in enumerate(data["events"]))
    _check_duplicates(events, document)
    version = data.get("version")
    return TrackingPlan(
        path=document.path,
        events=events,
        name=data.get("name"),
        version=None if version is None else str(version),
        format="native",
    )


def _event(item: dict[str, Any], index: int, document: Document) -> PlannedEvent:
    line = document.line(("events", index)) or 1
    properties = item.get("properties")
    return PlannedEvent(
        name=item["name"],
        method=Method(item.get("type", "track")),
        description=item.get("description", ""),
        owner=item.get("owner"),
        properties=None if properties is None else tuple(_property(p) for p in properties),
        source=Location(document.path, line, 1),
        additional_properties=bool(item.get("additional_properties", False)),
    )


def _property(item: dict[str, Any]) -> PlannedProperty:
    types = item.get("type", ())
    types = (types,) if isinstance(types, str) else tuple(types)
    enum = item.get("enum")
    return PlannedProperty(
        name=item["name"],
        types=() if "any" in types else types,
        required=bool(item.get("required", False)),
        enum=None if enum is None else tuple(enum),
        description=item.get("description", ""),
    )


def _check_duplicates(events: tuple[PlannedEvent, ...], document: Document) -> None:
    first_seen: dict[tuple[Method, str], PlannedEvent] = {}
    errors = []
    for event in events:
        key = (event.method, event.name)
        if key in first_seen:
            first = first_seen[key].source
            line = event.source.line if event.source else None
            errors.append(
                TrackscanError(
                    f"duplicate {event.method.value} event '{event.name}' "
                    f"(first defined on line {first.line if first else '?'})",
                    document.path,
                    line,
                )
            )
        else:
            first_seen[key] = event
    if errors:
        raise PlanError(errors[0].message, document.path, errors[0].line, tuple(errors))
