"""What every importer shares: JSON Schema properties, shape checks and duplicate events.

Segment, RudderStack and JSON Schema plans all describe an event's properties as a JSON
Schema object; `object_properties` turns one into trackscan's `PlannedProperty` tuple.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from scanner.errors import PlanError, TrackscanError
from scanner.model import Location, Method, PlannedEvent, PlannedProperty
from scanner.plan.documents import Document, KeyPath, format_key_path

JSON_TYPES = ("string", "number", "integer", "boolean", "object", "array", "null")
EnumValue = str | int | float | bool | None
# How a rule that covers every call of its method is shown when the plan gives no name.
DEFAULT_RULE_NAMES = {
    Method.IDENTIFY: "Identify",
    Method.GROUP: "Group",
    Method.PAGE: "Page",
    Method.SCREEN: "Screen",
}


def fail(document: Document, path: KeyPath, message: str) -> PlanError:
    """A `PlanError` at the line of `path`, its message prefixed with the key path."""
    where = format_key_path(path)
    return PlanError(f"{where}: {message}", document.path, document.line(path))


def join_shown(base: str, relative: str) -> str:
    """How messages name a file inside a plan directory shown as `base`."""
    return relative if base in ("", ".") else f"{base.rstrip('/')}/{relative}"


def source_at(document: Document, path: KeyPath) -> Location:
    return Location(document.path, document.line(path) or 1, 1)


def mapping_at(document: Document, path: KeyPath, value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise fail(document, path, f"expected {what} (an object), got {json_type(value)}")
    return value


def list_at(document: Document, path: KeyPath, value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise fail(document, path, f"expected {what} (a list), got {json_type(value)}")
    return value


def text_at(document: Document, path: KeyPath, value: Any, default: str = "") -> str:
    if value is None:
        return default
    if not isinstance(value, str):
        raise fail(document, path, f"expected a string, got {json_type(value)}")
    return value


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


# ---------------------------------------------------------------------------
# JSON Schema → planned properties.


def object_properties(
    document: Document, path: KeyPath, schema: Any
) -> tuple[tuple[PlannedProperty, ...], bool]:
    """The properties an object schema plans, and whether it allows others.

    Properties the schema does not list count as unplanned unless `additionalProperties`
    is `true` or a schema: Segment Protocols reports them even when the key is absent.
    """
    schema = mapping_at(document, path, schema, "a JSON Schema")
    listed = schema.get("properties", {})
    listed = mapping_at(document, (*path, "properties"), listed, "the properties")
    required = schema.get("required", [])
    required = list_at(document, (*path, "required"), required, "the required keys")
    required_names = {name for name in required if isinstance(name, str)}
    planned = tuple(
        schema_property(document, (*path, "properties", name), name, item, name in required_names)
        for name, item in listed.items()
    )
    extra = schema.get("additionalProperties")
    return planned, extra is True or isinstance(extra, dict)


def schema_property(
    document: Document, path: KeyPath, name: str, schema: Any, required: bool
) -> PlannedProperty:
    schema = mapping_at(document, path, schema, f"the schema of property '{name}'")
    description = schema.get("description")
    return PlannedProperty(
        name=name,
        types=schema_types(document, path, schema),
        required=required,
        enum=schema_enum(document, path, schema),
        description=description.strip() if isinstance(description, str) else "",
    )


def schema_types(document: Document, path: KeyPath, schema: dict[str, Any]) -> tuple[str, ...]:
    """The JSON types a schema allows; empty means any (no `type`, a `$ref`, `{}`)."""
    declared = schema.get("type")
    if declared is None:
        alternatives = schema.get("anyOf") or schema.get("oneOf")
        if isinstance(alternatives, list):
            found: list[str] = []
            for index, option in enumerate(alternatives):
                if not isinstance(option, dict):
                    continue
                option_types = schema_types(document, (*path, "anyOf", index), option)
                if not option_types:
                    return ()  # one alternative allows anything
                found.extend(t for t in option_types if t not in found)
            return tuple(found)
        return ()
    names = [declared] if isinstance(declared, str) else declared
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise fail(document, (*path, "type"), "expected a JSON type or a list of them")
    for type_name in names:
        if type_name not in JSON_TYPES:
            raise fail(
                document,
                (*path, "type"),
                f"'{type_name}' is not a JSON Schema type ({', '.join(JSON_TYPES)})",
            )
    return tuple(dict.fromkeys(names))


def schema_enum(
    document: Document, path: KeyPath, schema: dict[str, Any]
) -> tuple[EnumValue, ...] | None:
    if "const" in schema:
        return (schema["const"],) if _is_scalar(schema["const"]) else None
    values = schema.get("enum")
    if values is None:
        return None
    values = list_at(document, (*path, "enum"), values, "the enum values")
    scalars = tuple(v for v in values if _is_scalar(v))
    return scalars if scalars else None


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


# ---------------------------------------------------------------------------
# Whole plans.


def merge_common(
    events: Iterable[PlannedEvent], common: tuple[PlannedProperty, ...], methods: set[Method]
) -> tuple[PlannedEvent, ...]:
    """Add properties a plan declares for every event (Segment's COMMON rule) to each rule."""
    merged = []
    for event in events:
        if common and event.method in methods and event.properties is not None:
            have = {p.name for p in event.properties}
            extra = tuple(p for p in common if p.name not in have)
            event = replace(event, properties=event.properties + extra)
        merged.append(event)
    return tuple(merged)


def check_duplicates(events: Iterable[PlannedEvent], shown: str) -> None:
    """Two rules for the same call are an error: which one would a call be checked against?"""
    first_seen: dict[tuple[Method, str], PlannedEvent] = {}
    errors: list[TrackscanError] = []
    for event in events:
        key = (event.method, "" if _covers_every_call(event) else event.name)
        first = first_seen.setdefault(key, event)
        if first is event:
            continue
        where = first.source
        if where is None:
            at = ""
        elif event.source is not None and where.path == event.source.path:
            at = f" (first defined on line {where.line})"
        else:
            at = f" (first defined at {where.path}:{where.line})"
        what = (
            f"{event.method.value} rule"
            if _covers_every_call(event)
            else f"{event.method.value} event '{event.name}'"
        )
        errors.append(
            TrackscanError(
                f"duplicate {what}{at}",
                event.source.path if event.source else shown,
                event.source.line if event.source else None,
            )
        )
    if errors:
        raise PlanError(errors[0].message, errors[0].path, errors[0].line, tuple(errors))


def _covers_every_call(event: PlannedEvent) -> bool:
    return event.any_name or event.method in (Method.IDENTIFY, Method.GROUP)
