"""A plan kept as JSON Schema files: one schema per event, in a file or a directory tree.

The event's name is the schema's `self.name` in an Iglu self-describing schema (Snowplow's
registry layout: `schemas/<vendor>/<name>/jsonschema/<model>-<revision>-<addition>`, files
without an extension), else its `title`, else the file name. Of several versions of one
Iglu schema, the newest is the plan.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from scanner.errors import PlanError
from scanner.model import Location, Method, PlannedEvent, TrackingPlan
from scanner.plan.common import (
    check_duplicates,
    fail,
    join_shown,
    mapping_at,
    object_properties,
)
from scanner.plan.documents import Document, is_json_text, load_document

_SCHEMAVER = re.compile(r"^(\d+)-(\d+)-(\d+)$")


def is_json_schema(data: Any) -> bool:
    if not isinstance(data, dict):
        return False
    if is_iglu(data):
        return True
    return isinstance(data.get("properties"), dict) and (
        "$schema" in data or data.get("type") == "object"
    )


def is_iglu(data: Any) -> bool:
    self_ = data.get("self") if isinstance(data, dict) else None
    return isinstance(self_, dict) and "vendor" in self_ and "name" in self_


def load_schema_file(document: Document, file_name: str) -> TrackingPlan:
    event, _ = _event(document, file_name)
    return TrackingPlan(
        path=document.path,
        events=(event,),
        name=None,
        version=None,
        format="iglu" if is_iglu(document.data) else "jsonschema",
    )


def schema_files(directory: Path) -> list[Path]:
    """JSON files, and extensionless files that hold JSON (Iglu), skipping hidden folders."""
    found = []
    for path in sorted(directory.rglob("*")):
        relative = path.relative_to(directory).parts
        if not path.is_file() or any(part.startswith(".") for part in relative):
            continue
        if path.suffix.lower() == ".json" or (not path.suffix and _starts_like_json(path)):
            found.append(path)
    return found


def _starts_like_json(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(64)
    except OSError:
        return False
    return is_json_text(head.decode("utf-8", "replace").lstrip("\ufeff"))


def load_schema_dir(directory: Path, shown: str) -> TrackingPlan:
    newest: dict[tuple[str, str], tuple[tuple[int, ...], PlannedEvent]] = {}
    events: list[PlannedEvent] = []
    iglu = False
    for path in schema_files(directory):
        file_shown = join_shown(shown, path.relative_to(directory).as_posix())
        document = load_document(path, file_shown)
        if not is_json_schema(document.data):
            raise fail(
                document,
                (),
                "not a JSON Schema of an event (expected an object schema with 'properties', "
                "or an Iglu schema with 'self')",
            )
        event, version = _event(document, path.stem if path.suffix else path.name)
        if version is None:
            events.append(event)
            continue
        iglu = True
        key = (str(document.data["self"]["vendor"]), event.name)
        if key not in newest or version > newest[key][0]:
            newest[key] = (version, event)
    events.extend(event for _, event in newest.values())
    if not events:
        raise PlanError("no JSON Schema files found in this directory", shown)
    events.sort(key=lambda e: (e.source.path if e.source else "", e.name))
    check_duplicates(events, shown)
    return TrackingPlan(
        path=shown,
        events=tuple(events),
        name=directory.name,
        version=None,
        format="iglu" if iglu else "jsonschema",
    )


def _event(document: Document, file_name: str) -> tuple[PlannedEvent, tuple[int, ...] | None]:
    data = mapping_at(document, (), document.data, "a JSON Schema")
    version: tuple[int, ...] | None = None
    if is_iglu(data):
        self_ = data["self"]
        name = self_.get("name")
        if not isinstance(name, str) or not name:
            raise fail(document, ("self", "name"), "expected the schema's name")
        match = _SCHEMAVER.match(str(self_.get("version", "")))
        version = tuple(int(part) for part in match.groups()) if match else (0, 0, 0)
    else:
        title = data.get("title")
        fallback = file_name.removesuffix(".schema")
        name = title.strip() if isinstance(title, str) and title.strip() else fallback
    properties, extra = object_properties(document, (), data)
    description = data.get("description")
    line = document.line(("self",)) or document.line(("title",)) or 1
    return (
        PlannedEvent(
            name=name,
            method=Method.TRACK,
            description=description.strip() if isinstance(description, str) else "",
            properties=properties,
            source=Location(document.path, line, 1),
            additional_properties=extra,
        ),
        version,
    )
