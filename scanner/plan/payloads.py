"""What Segment's (and RudderTyper's) plan documents share: where the plan object sits in
an API response, where a payload schema keeps an event's properties or traits, labels."""

from __future__ import annotations

from typing import Any

from scanner.model import Method, PlannedProperty
from scanner.plan.common import fail, object_properties
from scanner.plan.documents import Document, KeyPath

RULE_TYPES = {
    "TRACK": Method.TRACK,
    "IDENTIFY": Method.IDENTIFY,
    "GROUP": Method.GROUP,
    "PAGE": Method.PAGE,
    "SCREEN": Method.SCREEN,
}
# Where a payload schema keeps what each kind of call sends.
PAYLOAD_KEY = {
    Method.TRACK: "properties",
    Method.PAGE: "properties",
    Method.SCREEN: "properties",
    Method.IDENTIFY: "traits",
    Method.GROUP: "traits",
}
NAMED_METHODS = {Method.TRACK, Method.PAGE, Method.SCREEN}


def plan_object(data: Any) -> tuple[dict[str, Any], KeyPath] | None:
    """The tracking-plan object inside an API response, and its key path; None if absent."""
    path: KeyPath = ()
    if isinstance(data, dict) and isinstance(data.get("data"), dict):
        data, path = data["data"], ("data",)
    if isinstance(data, dict) and isinstance(data.get("trackingPlan"), dict):
        inner = data["trackingPlan"]
        if "rules" in inner or "rules" not in data:
            return inner, (*path, "trackingPlan")
        return data, path  # {"trackingPlan": {...}, "rules": [...]}
    if isinstance(data, dict) and "rules" in data:
        return data, path
    return None


def is_public_api(data: Any) -> bool:
    found = plan_object(data)
    return found is not None and isinstance(found[0].get("rules"), list)


def is_rules_object(data: Any) -> bool:
    found = plan_object(data)
    return found is not None and isinstance(found[0].get("rules"), dict)


def payload_part(
    document: Document, path: KeyPath, payload: dict[str, Any], part: str
) -> tuple[tuple[PlannedProperty, ...], bool]:
    """The object schema of `properties` or `traits` inside a full payload schema."""
    inner = payload.get("properties", {})
    if not isinstance(inner, dict):
        raise fail(document, (*path, "properties"), "expected the payload's properties object")
    schema = inner.get(part)
    if not isinstance(schema, dict) or not schema:
        return (), False  # `{}` or absent: nothing planned for this part
    return object_properties(document, (*path, "properties", part), schema)


def rule_version(rule: dict[str, Any]) -> int:
    version = rule.get("version")
    return version if isinstance(version, int) and not isinstance(version, bool) else 0


def owner_from_labels(labels: Any) -> str | None:
    """Segment labels are free key/values; teams often record the owner there."""
    if not isinstance(labels, dict):
        return None
    for key in ("owner", "team", "squad"):
        value = labels.get(key)
        if isinstance(value, str) and value:
            return value
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return ", ".join(value)
    return None


def optional_text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def optional_version(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    return str(value) if isinstance(value, (str, int, float)) else None
