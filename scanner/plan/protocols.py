"""Segment Protocols tracking plans, in the shapes Segment's APIs and Typewriter write them.

- **Public API** (`GET /tracking-plans/{id}` with its rules, as Typewriter v8+ caches it in
  `plan.json`): `rules` is a list of `{type, key, version, jsonSchema}`. The raw API wraps
  an event's properties in the payload schema (`jsonSchema.properties.properties`);
  Typewriter "sanitizes" the cache so `jsonSchema.properties` are the event's own and adds
  `jsonSchema.eventMetadata` with the original name. Both are read.
- **Config API v1** (`platform.segmentapis.com/v1beta`, Typewriter v7's `plan.json`):
  `rules.events[]` with the full payload schema per event, `rules.identify`,
  `rules.group` and `rules.global`. RudderTyper's `plan.json` has the same shape with an
  `eventType` per event. Both are read in `config_api.py`.
"""

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
    object_properties,
    source_at,
    text_at,
)
from scanner.plan.config_api import load_rules_object
from scanner.plan.documents import Document, KeyPath
from scanner.plan.payloads import (
    NAMED_METHODS,
    PAYLOAD_KEY,
    RULE_TYPES,
    optional_text,
    optional_version,
    owner_from_labels,
    payload_part,
    plan_object,
    rule_version,
)


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
        version = rule_version(rule)
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
            common = payload_part(document, (*rule_path, "jsonSchema"), schema, "properties")[0]
            common_traits = payload_part(document, (*rule_path, "jsonSchema"), schema, "traits")[0]
            continue
        if rule_type not in RULE_TYPES:
            raise fail(
                document,
                (*rule_path, "type"),
                f"unknown rule type {rule.get('type')!r} "
                "(expected TRACK, IDENTIFY, GROUP, PAGE, SCREEN or COMMON)",
            )
        if _is_deprecated(rule):
            continue
        events.append(_public_api_event(document, rule_path, rule, RULE_TYPES[rule_type]))
    merged = merge_common(events, common, NAMED_METHODS)
    merged = merge_common(merged, common_traits, {Method.IDENTIFY, Method.GROUP})
    check_duplicates(merged, document.path)
    return TrackingPlan(
        path=document.path,
        events=merged,
        name=optional_text(plan.get("name")),
        version=optional_version(plan.get("version")),
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
        properties, extra = payload_part(document, schema_path, schema, PAYLOAD_KEY[method])
    name = name or key
    if method is Method.TRACK and not name:
        raise fail(document, (*path, "key"), "a TRACK rule needs a key (the event name)")
    labels = schema.get("labels")
    return PlannedEvent(
        name=name or DEFAULT_RULE_NAMES[method],
        method=method,
        description=optional_text(schema.get("description")) or "",
        owner=owner_from_labels(labels),
        properties=properties,
        source=source_at(document, path),
        any_name=not name,
        additional_properties=extra,
    )


def _is_deprecated(rule: dict[str, Any]) -> bool:
    stamp = rule.get("deprecatedAt")
    # Segment writes the zero time "0001-01-01T00:00:00.000Z" for live rules.
    return isinstance(stamp, str) and bool(stamp) and not stamp.startswith("0001-")
