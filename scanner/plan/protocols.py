"""Segment Protocols tracking plans, in the shapes Segment's APIs and Typewriter write them.

- **Public API** (`GET /tracking-plans/{id}` with its rules, as Typewriter v8+ caches it in
  `plan.json`): `rules` is a list of `{type, key, version, jsonSchema}`. The raw API wraps
  an event's properties in the payload schema (`jsonSchema.properties.properties`);
  Typewriter "sanitizes" the cache so `jsonSchema.properties` are the event's own and adds
  `jsonSchema.eventMetadata` with the original name. Both are read.
- **Config API v1** (`platform.segmentapis.com/v1beta`, Typewriter v7's `plan.json`):
  `rules.events[]` with the full payload schema per event, `rules.identify`,
  `rules.group` and `rules.global`. RudderTyper's `plan.json` has the same shape with an
  `eventType` per event, so `rudderstack.py` reuses `load_rules_object`.
"""

from __future__ import annotations

from typing import Any

from scanner.model import Method, PlannedEvent, PlannedProperty, TrackingPlan
from scanner.plan.common import (
    check_duplicates,
    fail,
    list_at,
    mapping_at,
    merge_common,
    object_properties,
    schema_property,
    source_at,
    text_at,
)
from scanner.plan.documents import Document, KeyPath

_RULE_TYPES = {
    "TRACK": Method.TRACK,
    "IDENTIFY": Method.IDENTIFY,
    "GROUP": Method.GROUP,
    "PAGE": Method.PAGE,
    "SCREEN": Method.SCREEN,
}
# Where a payload schema keeps what each kind of call sends.
_PAYLOAD_KEY = {
    Method.TRACK: "properties",
    Method.PAGE: "properties",
    Method.SCREEN: "properties",
    Method.IDENTIFY: "traits",
    Method.GROUP: "traits",
}
_NAMED = {Method.TRACK, Method.PAGE, Method.SCREEN}
_DEFAULT_NAMES = {
    Method.IDENTIFY: "Identify",
    Method.GROUP: "Group",
    Method.PAGE: "Page",
    Method.SCREEN: "Screen",
}


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


def load_segment(document: Document) -> TrackingPlan:
    found = plan_object(document.data)
    if found is None:
        raise fail(
            document,
            (),
            "not a Segment tracking plan: expected a 'rules' list (Public API, Typewriter "
            "v8+) or a 'rules' object with 'events' (Config API v1, Typewriter v7)",
        )
    plan, path = found
    if isinstance(plan.get("rules"), list):
        return load_public_api(document, plan, path)
    return load_rules_object(document, plan, path, "segment-config-api")


# ---------------------------------------------------------------------------
# Public API.


def load_public_api(document: Document, plan: dict[str, Any], path: KeyPath) -> TrackingPlan:
    rules = list_at(document, (*path, "rules"), plan["rules"], "the rules")
    latest: dict[tuple[str, str], tuple[int, int]] = {}  # (type, key) → (version, index)
    for index, rule in enumerate(rules):
        rule = mapping_at(document, (*path, "rules", index), rule, "a rule")
        rule_type = str(rule.get("type", "")).upper()
        version = _rule_version(rule)
        key = (rule_type, str(rule.get("key") or ""))
        if key not in latest or version >= latest[key][0]:
            latest[key] = (version, index)  # Typewriter too keeps only the newest version
    events: list[PlannedEvent] = []
    common: tuple[PlannedProperty, ...] = ()
    common_traits: tuple[PlannedProperty, ...] = ()
    for _version, index in sorted(latest.values(), key=lambda item: item[1]):
        rule_path = (*path, "rules", index)
        rule = rules[index]
        rule_type = str(rule.get("type", "")).upper()
        if rule_type == "COMMON":
            schema = mapping_at(document, (*rule_path, "jsonSchema"), rule.get("jsonSchema"), "")
            common = _payload_part(document, (*rule_path, "jsonSchema"), schema, "properties")[0]
            common_traits = _payload_part(document, (*rule_path, "jsonSchema"), schema, "traits")[0]
            continue
        if rule_type not in _RULE_TYPES:
            raise fail(
                document,
                (*rule_path, "type"),
                f"unknown rule type {rule.get('type')!r} "
                "(expected TRACK, IDENTIFY, GROUP, PAGE, SCREEN or COMMON)",
            )
        if _is_deprecated(rule):
            continue
        events.append(_public_api_event(document, rule_path, rule, _RULE_TYPES[rule_type]))
    merged = merge_common(events, common, _NAMED)
    merged = merge_common(merged, common_traits, {Method.IDENTIFY, Method.GROUP})
    check_duplicates(merged, document.path)
    return TrackingPlan(
        path=document.path,
        events=merged,
        name=_optional_text(plan.get("name")),
        version=_optional_version(plan.get("version")),
        format="segment-public-api",
    )


def _public_api_event(
    document: Document, path: KeyPath, rule: dict[str, Any], method: Method
) -> PlannedEvent:
    schema_path = (*path, "jsonSchema")
    schema = mapping_at(document, schema_path, rule.get("jsonSchema", {}), "the rule's jsonSchema")
    metadata = schema.get("eventMetadata")
    key = text_at(document, (*path, "key"), rule.get("key"))
    if isinstance(metadata, dict):  # Typewriter's sanitized cache: the schema is the event's
        name = text_at(document, (*schema_path, "eventMetadata", "name"), metadata.get("name"))
        properties, extra = object_properties(document, schema_path, schema)
    else:
        name = key
        properties, extra = _payload_part(document, schema_path, schema, _PAYLOAD_KEY[method])
    name = name or key
    if method is Method.TRACK and not name:
        raise fail(document, (*path, "key"), "a TRACK rule needs a key (the event name)")
    labels = schema.get("labels")
    return PlannedEvent(
        name=name or _DEFAULT_NAMES[method],
        method=method,
        description=_optional_text(schema.get("description")) or "",
        owner=_owner(labels),
        properties=properties,
        source=source_at(document, path),
        any_name=not name,
        additional_properties=extra,
    )


def _payload_part(
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


def _is_deprecated(rule: dict[str, Any]) -> bool:
    stamp = rule.get("deprecatedAt")
    # Segment writes the zero time "0001-01-01T00:00:00.000Z" for live rules.
    return isinstance(stamp, str) and bool(stamp) and not stamp.startswith("0001-")


# ---------------------------------------------------------------------------
# Config API v1 and RudderTyper: `rules.events[]` with full payload schemas.


def load_rules_object(
    document: Document, plan: dict[str, Any], path: KeyPath, plan_format: str
) -> TrackingPlan:
    rules_path = (*path, "rules")
    rules = mapping_at(document, rules_path, plan["rules"], "the rules")
    items = list_at(document, (*rules_path, "events"), rules.get("events", []), "the events")
    latest: dict[tuple[str, str], tuple[int, int]] = {}
    for index, item in enumerate(items):
        item = mapping_at(document, (*rules_path, "events", index), item, "an event")
        version = _rule_version(item)
        key = (str(item.get("eventType", "track")).lower(), str(item.get("name") or ""))
        if key not in latest or version >= latest[key][0]:
            latest[key] = (version, index)
    events = [
        _rules_event(document, (*rules_path, "events", index), items[index])
        for _version, index in sorted(latest.values(), key=lambda item: item[1])
    ]
    for part, method in (("identify", Method.IDENTIFY), ("group", Method.GROUP)):
        event = _call_rule(document, rules_path, rules, part, method)
        if event is not None:
            events.append(event)
    common: tuple[PlannedProperty, ...] = ()
    if isinstance(rules.get("global"), dict):
        common = _payload_part(document, (*rules_path, "global"), rules["global"], "properties")[0]
    merged = merge_common(events, common, _NAMED)
    check_duplicates(merged, document.path)
    return TrackingPlan(
        path=document.path,
        events=merged,
        name=_optional_text(plan.get("display_name")) or _optional_text(plan.get("name")),
        version=_optional_version(plan.get("version")),
        format=plan_format,
    )


def _rules_event(document: Document, path: KeyPath, item: dict[str, Any]) -> PlannedEvent:
    event_type = str(item.get("eventType", "track")).lower()
    method = next((m for m in _PAYLOAD_KEY if m.value == event_type), None)
    if method is None:
        raise fail(
            document,
            (*path, "eventType"),
            f"unknown eventType {item.get('eventType')!r} "
            "(expected track, identify, page, screen or group)",
        )
    name = text_at(document, (*path, "name"), item.get("name"))
    if method is Method.TRACK and not name:
        raise fail(document, (*path, "name"), "a track event needs a name")
    schema = mapping_at(document, (*path, "rules"), item.get("rules", {}), "the event's rules")
    properties, extra = _payload_part(document, (*path, "rules"), schema, _PAYLOAD_KEY[method])
    description = _optional_text(item.get("description")) or _optional_text(
        schema.get("description")
    )
    return PlannedEvent(
        name=name or _DEFAULT_NAMES[method],
        method=method,
        description=description or "",
        owner=_owner(schema.get("labels")),
        properties=properties,
        source=source_at(document, path),
        any_name=method is not Method.TRACK and not name,
        additional_properties=extra,
    )


def _call_rule(
    document: Document, rules_path: KeyPath, rules: dict[str, Any], part: str, method: Method
) -> PlannedEvent | None:
    """`rules.identify` / `rules.group` (payload schemas), or the older `*_traits` lists."""
    schema = rules.get(part)
    if isinstance(schema, dict) and schema:
        properties, extra = _payload_part(document, (*rules_path, part), schema, "traits")
        source = source_at(document, (*rules_path, part))
    else:
        traits = rules.get(f"{part}_traits")
        if not isinstance(traits, list) or not traits:
            return None
        source = source_at(document, (*rules_path, f"{part}_traits"))
        properties = tuple(
            _trait(document, (*rules_path, f"{part}_traits", index), trait)
            for index, trait in enumerate(traits)
        )
        extra = False
    return PlannedEvent(
        name=_DEFAULT_NAMES[method],
        method=method,
        properties=properties,
        source=source,
        additional_properties=extra,
    )


def _trait(document: Document, path: KeyPath, trait: Any) -> PlannedProperty:
    trait = mapping_at(document, path, trait, "a trait")
    name = trait.get("key") or trait.get("name")
    if not isinstance(name, str) or not name:
        raise fail(document, path, "a trait needs a 'key' or 'name'")
    return schema_property(document, path, name, trait, bool(trait.get("required", False)))


# ---------------------------------------------------------------------------


def _rule_version(rule: dict[str, Any]) -> int:
    version = rule.get("version")
    return version if isinstance(version, int) and not isinstance(version, bool) else 0


def _owner(labels: Any) -> str | None:
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


def _optional_text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _optional_version(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    return str(value) if isinstance(value, (str, int, float)) else None
