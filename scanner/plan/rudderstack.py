"""RudderStack tracking plans as its APIs return them.

- **Tracking plan API (v2), as RudderTyper caches it** in `plan.json`: the Config API v1
  shape (`rules.events[]` with a payload JSON Schema each) plus an `eventType` per event;
  `protocols.load_rules_object` reads it.
- **Data Catalog API** tracking-plan object: `events[]` with `eventType`, `name` and
  `properties[]` of `{name, required, additionalProperties, properties}`. It carries no
  property types (they live in the catalog's property objects), so only presence is checked.

rudder-cli's YAML projects are in `rudder_cli.py`.
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
    source_at,
    text_at,
)
from scanner.plan.config_api import load_rules_object
from scanner.plan.documents import Document, KeyPath
from scanner.plan.payloads import is_rules_object, plan_object

_METHODS = {m.value: m for m in Method if m is not Method.ALIAS}


def is_ruddertyper_plan(data: Any) -> bool:
    """A `rules.events` plan written by RudderStack rather than Segment's Config API."""
    if not is_rules_object(data):
        return False
    found = plan_object(data)
    assert found is not None
    plan = found[0]
    if "creationType" in plan or "workspaceId" in plan:
        return True
    events = plan["rules"].get("events")
    return isinstance(events, list) and any(
        isinstance(e, dict) and "eventType" in e for e in events
    )


def is_data_catalog_plan(data: Any) -> bool:
    if not isinstance(data, dict) or not isinstance(data.get("events"), list):
        return False
    return "creationType" in data or any(
        isinstance(e, dict) and "eventType" in e for e in data["events"]
    )


def load_ruddertyper_plan(document: Document) -> TrackingPlan:
    found = plan_object(document.data)
    if found is None or not isinstance(found[0].get("rules"), dict):
        raise fail(document, (), "not a RudderStack tracking plan: expected 'rules.events'")
    return load_rules_object(document, found[0], found[1], "rudderstack-tracking-plan")


def load_data_catalog_plan(document: Document) -> TrackingPlan:
    data = mapping_at(document, (), document.data, "a tracking plan")
    items = list_at(document, ("events",), data.get("events"), "the events")
    events = tuple(_event(document, ("events", index), item) for index, item in enumerate(items))
    check_duplicates(events, document.path)
    version = data.get("version")
    return TrackingPlan(
        path=document.path,
        events=events,
        name=data.get("name") if isinstance(data.get("name"), str) else None,
        version=None if version is None or isinstance(version, bool) else str(version),
        format="rudderstack-data-catalog",
    )


def _event(document: Document, path: KeyPath, item: Any) -> PlannedEvent:
    item = mapping_at(document, path, item, "an event")
    event_type = str(item.get("eventType", "track")).lower()
    method = _METHODS.get(event_type)
    if method is None:
        raise fail(document, (*path, "eventType"), f"unknown eventType {item.get('eventType')!r}")
    name = text_at(document, (*path, "name"), item.get("name"))
    if method is Method.TRACK and not name:
        raise fail(document, (*path, "name"), "a track event needs a name")
    properties = list_at(
        document, (*path, "properties"), item.get("properties", []), "the properties"
    )
    planned = _properties(document, (*path, "properties"), properties)
    for name in _variant_property_names(item.get("variants")):
        planned.setdefault(name, PlannedProperty(name))  # conditional: allowed, not required
    return PlannedEvent(
        name=name or DEFAULT_RULE_NAMES[method],
        method=method,
        description=str(item.get("description") or "").strip(),
        properties=tuple(planned.values()),
        source=source_at(document, path),
        any_name=method is not Method.TRACK and not name,
        additional_properties=item.get("additionalProperties") is True,
    )


def _variant_property_names(variants: Any) -> list[str]:
    """Names of the properties variant cases add (the API often gives only their ids)."""
    names = []
    for variant in variants if isinstance(variants, list) else []:
        cases = variant.get("cases") if isinstance(variant, dict) else None
        for case in cases if isinstance(cases, list) else []:
            items = case.get("properties") if isinstance(case, dict) else None
            for prop in items if isinstance(items, list) else []:
                if isinstance(prop, dict) and isinstance(prop.get("name"), str):
                    names.append(prop["name"])
    return names


def _properties(document: Document, path: KeyPath, items: list[Any]) -> dict[str, PlannedProperty]:
    planned: dict[str, PlannedProperty] = {}
    for index, prop in enumerate(items):
        prop = mapping_at(document, (*path, index), prop, "a property")
        name = text_at(document, (*path, index, "name"), prop.get("name"))
        if not name:
            raise fail(document, (*path, index), "a property needs a name")
        nested = prop.get("properties")
        planned[name] = PlannedProperty(
            name=name,
            # Nested properties make it an object; trackscan checks top-level keys only.
            types=("object",) if isinstance(nested, list) and nested else (),
            required=prop.get("required") is True,
        )
    return planned
