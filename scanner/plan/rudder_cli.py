"""RudderStack "tracking plans as code": a rudder-cli project of YAML files.

A project spreads one plan over several files, each `version: rudder/<v>` with a `kind`:
`events`, `properties`, `custom-types`, `categories` and the plan itself (`tracking-plan`
in v1, `tp` in v0.1). The plan's rules point at events and properties by reference:
`"#event:signup"` and `"#property:email"` in v1, `$ref: "#/events/<group>/<id>"` in v0.1.
Any file of a project loads the whole project (its directory, recursively), since no file
means anything alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scanner.errors import PlanError
from scanner.model import Method, PlannedEvent, PlannedProperty, TrackingPlan
from scanner.plan.common import (
    DEFAULT_RULE_NAMES,
    JSON_TYPES,
    EnumValue,
    check_duplicates,
    fail,
    join_shown,
    list_at,
    mapping_at,
    source_at,
    text_at,
)
from scanner.plan.documents import Document, KeyPath, load_document
from scanner.suggest import did_you_mean

_PLAN_KINDS = ("tracking-plan", "tp")
_METHODS = {m.value: m for m in Method if m is not Method.ALIAS}


def is_rudder_cli(data: Any) -> bool:
    version = data.get("version") if isinstance(data, dict) else None
    return isinstance(version, str) and version.startswith("rudder/")


@dataclass
class _Entity:
    """An event, property or custom type, with the document and key path it came from."""

    document: Document
    path: KeyPath
    data: dict[str, Any]


@dataclass
class _Project:
    events: dict[str, _Entity] = field(default_factory=dict)
    properties: dict[str, _Entity] = field(default_factory=dict)
    custom_types: dict[str, _Entity] = field(default_factory=dict)
    plans: list[tuple[Path, Document]] = field(default_factory=list)


def project_files(directory: Path) -> list[Path]:
    return sorted(
        p for pattern in ("*.yaml", "*.yml") for p in directory.rglob(pattern) if p.is_file()
    )


def load_rudder_project(directory: Path, shown: str, chosen: Path | None = None) -> TrackingPlan:
    """The tracking plan of the project in `directory` (`chosen`: the plan file to use)."""
    project = _Project()
    for path in project_files(directory):
        file_shown = join_shown(shown, path.relative_to(directory).as_posix())
        document = load_document(path, file_shown)
        if is_rudder_cli(document.data):
            _collect(project, path, document)
    if chosen is not None and any(p == chosen for p, _ in project.plans):
        plans = [(p, d) for p, d in project.plans if p == chosen]
    else:
        plans = project.plans
    if not plans:
        raise PlanError(
            "this rudder-cli project has no tracking plan (a file with kind: tracking-plan, "
            "or kind: tp in rudder/v0.1)",
            shown,
        )
    if len(plans) > 1:
        names = ", ".join(d.path for _, d in plans)
        raise PlanError(f"this project holds several tracking plans ({names}); pass one", shown)
    return _plan(project, plans[0][1])


def _collect(project: _Project, path: Path, document: Document) -> None:
    data = document.data
    kind = text_at(document, ("kind",), data.get("kind"))
    if kind in _PLAN_KINDS:
        project.plans.append((path, document))
        return
    spec = mapping_at(document, ("spec",), data.get("spec", {}), "the spec")
    metadata = data.get("metadata")
    group = metadata.get("name", "") if isinstance(metadata, dict) else ""
    sections = {"events": "events", "properties": "properties", "custom-types": "types"}
    if kind not in sections:
        return  # categories and anything newer carry nothing trackscan checks
    key = sections[kind]
    items = list_at(document, ("spec", key), spec.get(key, []), f"the {kind}")
    table = {
        "events": project.events,
        "properties": project.properties,
        "custom-types": project.custom_types,
    }[kind]
    for index, item in enumerate(items):
        item_path = ("spec", key, index)
        item = mapping_at(document, item_path, item, f"an item of {kind}")
        entity_id = text_at(document, (*item_path, "id"), item.get("id"))
        if not entity_id:
            raise fail(document, item_path, "every item needs an 'id'")
        entity = _Entity(document, item_path, item)
        table[entity_id] = entity  # v1 references: "#event:<id>"
        table[f"{group}/{entity_id}"] = entity  # v0.1 references: "#/events/<group>/<id>"


# ---------------------------------------------------------------------------


def _plan(project: _Project, document: Document) -> TrackingPlan:
    spec = mapping_at(document, ("spec",), document.data.get("spec"), "the plan's spec")
    rules = list_at(document, ("spec", "rules"), spec.get("rules", []), "the rules")
    events = [
        _rule(project, document, ("spec", "rules", index), rule)
        for index, rule in enumerate(rules)
        if isinstance(rule, dict) and rule.get("type", "event_rule") == "event_rule"
    ]
    check_duplicates(events, document.path)
    name = spec.get("display_name") or spec.get("id")
    return TrackingPlan(
        path=document.path,
        events=tuple(events),
        name=name if isinstance(name, str) else None,
        version=None,  # `version: rudder/v1` is the file format's, not the plan's
        format="rudder-cli",
    )


def _rule(
    project: _Project, document: Document, path: KeyPath, rule: dict[str, Any]
) -> PlannedEvent:
    reference = rule.get("event")
    allow_unplanned = rule.get("additional_properties")
    ref_path = (*path, "event")
    if isinstance(reference, dict):  # v0.1: event: {$ref: ..., allow_unplanned: ...}
        allow_unplanned = reference.get("allow_unplanned", allow_unplanned)
        reference = reference.get("$ref")
        ref_path = (*ref_path, "$ref")
    event = _resolve(project.events, document, ref_path, reference, "event")
    data = event.data
    method = _METHODS.get(str(data.get("event_type", "track")).lower())
    if method is None:
        raise fail(event.document, (*event.path, "event_type"), "unknown event_type")
    name = data.get("name") if isinstance(data.get("name"), str) else ""
    if method is Method.TRACK and not name:
        raise fail(event.document, event.path, "a track event needs a 'name'")
    properties = _rule_properties(project, document, path, rule)
    return PlannedEvent(
        name=name or DEFAULT_RULE_NAMES[method],
        method=method,
        description=str(data.get("description") or "").strip(),
        properties=properties,
        source=source_at(document, path),
        any_name=method is not Method.TRACK and not name,
        additional_properties=allow_unplanned is True,
    )


def _rule_properties(
    project: _Project, document: Document, path: KeyPath, rule: dict[str, Any]
) -> tuple[PlannedProperty, ...]:
    found: dict[str, PlannedProperty] = {}
    items = list_at(document, (*path, "properties"), rule.get("properties", []), "the properties")
    for index, item in enumerate(items):
        prop = _rule_property(project, document, (*path, "properties", index), item, True)
        found.setdefault(prop.name, prop)
    # Variant cases add properties under a condition: allowed, never required everywhere.
    for variant_index, variant in enumerate(rule.get("variants") or []):
        if not isinstance(variant, dict):
            continue
        base = (*path, "variants", variant_index)
        sources: list[tuple[KeyPath, Any]] = [
            ((*base, "cases", i, "properties"), case.get("properties"))
            for i, case in enumerate(variant.get("cases") or [])
            if isinstance(case, dict)
        ]
        sources.append(((*base, "default"), variant.get("default")))
        for items_path, variant_items in sources:
            for index, item in enumerate(variant_items or []):
                prop = _rule_property(project, document, (*items_path, index), item, False)
                found.setdefault(prop.name, prop)
    return tuple(found.values())


def _rule_property(
    project: _Project, document: Document, path: KeyPath, item: Any, may_require: bool
) -> PlannedProperty:
    item = mapping_at(document, path, item, "a property rule")
    if "property" in item:  # v1: {property: "#property:x", required: true}
        reference, ref_path = item["property"], (*path, "property")
    else:  # v0.1: {$ref: "#/properties/<group>/<id>", required: true}
        reference, ref_path = item.get("$ref"), (*path, "$ref")
    entity = _resolve(project.properties, document, ref_path, reference, "property")
    data = entity.data
    name = text_at(entity.document, (*entity.path, "name"), data.get("name")) or str(data["id"])
    types, enum = _property_types(project, entity)
    return PlannedProperty(
        name=name,
        types=types,
        required=may_require and item.get("required") is True,
        enum=enum,
        description=str(data.get("description") or "").strip(),
    )


def _property_types(
    project: _Project, entity: _Entity
) -> tuple[tuple[str, ...], tuple[EnumValue, ...] | None]:
    data = entity.data
    config = data.get("config") or data.get("propConfig") or {}
    enum = _enum(config)
    declared = data.get("types", data.get("type"))
    names: list[str] = []
    raw = declared if isinstance(declared, list) else str(declared or "").split(",")
    for part in raw:
        part = str(part).strip()
        if not part:
            continue
        if part.startswith("#"):  # a custom type: its base type and its enum
            custom = _resolve(
                project.custom_types, entity.document, (*entity.path, "type"), part, "custom type"
            )
            names.append(str(custom.data.get("type", "")))
            enum = enum or _enum(custom.data.get("config") or {})
        else:
            names.append(part)
    for type_name in names:
        if type_name and type_name not in JSON_TYPES:
            raise fail(entity.document, (*entity.path, "type"), f"unknown type '{type_name}'")
    return tuple(dict.fromkeys(n for n in names if n)), enum


def _enum(config: Any) -> tuple[EnumValue, ...] | None:
    values = config.get("enum") if isinstance(config, dict) else None
    if not isinstance(values, list) or not values:
        return None
    return tuple(v for v in values if v is None or isinstance(v, (str, int, float, bool)))


def _resolve(
    table: dict[str, _Entity], document: Document, path: KeyPath, reference: Any, what: str
) -> _Entity:
    if not isinstance(reference, str) or not reference.startswith("#"):
        raise fail(document, path, f"expected a reference to a {what}, got {reference!r}")
    # "#event:signup" / "#property:email" / "#custom-type:x" (v1);
    # "#/events/<group>/<id>" / "#/properties/<group>/<id>" / "#/custom-types/<group>/<id>".
    key = reference.split(":", 1)[1] if ":" in reference else reference.split("/", 2)[-1]
    found = table.get(key)
    if found is None:
        v1_style = ":" in reference
        suggestion = did_you_mean(key, [k for k in table if ("/" in k) != v1_style])
        raise fail(document, path, f"unknown {what} '{reference}'{suggestion}")
    return found
