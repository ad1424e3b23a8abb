"""Config API v1 plans (Typewriter v7's `plan.json`) and RudderTyper's, which share the shape:
`rules.events[]` with a full payload JSON Schema each, plus `rules.identify`, `rules.group`
and `rules.global`; RudderTyper adds an `eventType` per event."""

from __future__ import annotations

from typing import Any

from scanner.model import Method, PlannedEvent, PlannedProperty, TrackingPlan
from scanner.plan.common import (
    DEFAULT_RULE_NAMES,
    check_duplicates,
    fail,
    list_at,
    mapping_at,
    merge_common,
    schema_property,
    source_at,
    text_at,
)
from scanner.plan.documents import Document, KeyPath
from scanner.plan.payloads import (
    NAMED_METHODS,
    PAYLOAD_KEY,
    optional_text,
    optional_version,
    owner_from_labels,
    payload_part,
    rule_version,
)


def load_rules_object(
    document: Document, plan: dict[str, Any], path: KeyPath, plan_format: str
) -> TrackingPlan:
    rules_path = (*path, "rules")
    rules = mapping_at(document, rules_path, plan["rules"], "the rules")
    items = list_at(document, (*rules_path, "events"), rules.get("events", []), "the events")
    latest: dict[tuple[str, str], tuple[int, int]] = {}
    for index, item in enumerate(items):
        item = mapping_at(document, (*rules_path, "events", index), item, "an event")
        version = rule_version(item)
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
        common = payload_part(document, (*rules_path, "global"), rules["global"], "properties")[0]
    merged = merge_common(events, common, NAMED_METHODS)
    check_duplicates(merged, document.path)
    return TrackingPlan(
        path=document.path,
        events=merged,
        name=optional_text(plan.get("display_name")) or optional_text(plan.get("name")),
        version=optional_version(plan.get("version")),
        format=plan_format,
    )


def _rules_event(document: Document, path: KeyPath, item: dict[str, Any]) -> PlannedEvent:
    event_type = str(item.get("eventType", "track")).lower()
    method = next((m for m in PAYLOAD_KEY if m.value == event_type), None)
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
    properties, extra = payload_part(document, (*path, "rules"), schema, PAYLOAD_KEY[method])
    description = optional_text(item.get("description")) or optional_text(schema.get("description"))
    return PlannedEvent(
        name=name or DEFAULT_RULE_NAMES[method],
        method=method,
        description=description or "",
        owner=owner_from_labels(schema.get("labels")),
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
        properties, extra = payload_part(document, (*rules_path, part), schema, "traits")
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
        name=DEFAULT_RULE_NAMES[method],
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
