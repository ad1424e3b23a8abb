"""A tracking plan kept in a spreadsheet, exported as CSV.

Two layouts, told apart by the header:
- **one row per property** (a `Property` column): an event's rows follow each other; a blank
  Event cell continues the event above (the way people lay sheets out), and a row without a
  property carries the event's own description and owner;
- **one row per event** (no `Property` column): an optional `Properties` cell lists the
  properties, one per line or separated by commas: `plan`, `plan*` (required),
  `total: number`, `plan (string, required)`.

Amplitude Data's CSV export fits the first layout (`Object Type`, `Object Name`,
`Event Property Name`, `Property Value Type`, `Property Required`, `Enum Values`). Every
problem names the row; all problems of the file are reported at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scanner.errors import PlanError, TrackscanError
from scanner.model import Location, Method, PlannedEvent, PlannedProperty, TrackingPlan
from scanner.plan.common import DEFAULT_RULE_NAMES, EnumValue
from scanner.plan.csv_table import CsvTable, read_table
from scanner.plan.csv_values import (
    RowError,
    parse_enum,
    parse_method,
    parse_property_list,
    parse_required,
    parse_types,
)

EventKey = tuple[Method, str]


@dataclass(frozen=True, slots=True)
class CsvPlan:
    table: CsvTable
    plan: TrackingPlan
    row_events: tuple[EventKey | None, ...]  # per record: the event the row belongs to


@dataclass
class _EventDraft:
    """An event being assembled from its rows (mutable scratch state)."""

    key: EventKey
    source: Location
    row: int
    any_name: bool = False
    description: str = ""
    owner: str | None = None
    properties: dict[str, PlannedProperty] = field(default_factory=dict)
    property_rows: dict[str, int] = field(default_factory=dict)


def load_csv(path: Path, shown: str) -> TrackingPlan:
    return parse_csv_plan(read_table(path, shown)).plan


def parse_csv_plan(table: CsvTable) -> CsvPlan:
    reader = _Reader(table)
    for index in range(table.header_index + 1, len(table.records)):
        try:
            reader.read_row(index)
        except RowError as error:
            reader.errors.append(
                TrackscanError(
                    f"row {table.row_number(index)}: {error}", table.shown, table.lines[index]
                )
            )
    if reader.errors:
        first = reader.errors[0]
        raise PlanError(first.message, first.path, first.line, tuple(reader.errors))
    lists_properties = reader.per_property or reader.per_event_list
    events = tuple(_finish(draft, lists_properties) for draft in reader.drafts.values())
    plan = TrackingPlan(path=table.shown, events=events, name=None, version=None, format="csv")
    return CsvPlan(table, plan, tuple(reader.row_events))


class _Reader:
    def __init__(self, table: CsvTable) -> None:
        self.table = table
        self.per_property = "property" in table.columns
        self.per_event_list = not self.per_property and "properties" in table.columns
        self.drafts: dict[EventKey, _EventDraft] = {}
        self.current: _EventDraft | None = None
        self.errors: list[TrackscanError] = []
        self.row_events: list[EventKey | None] = [None] * len(table.records)

    def cell(self, index: int, role: str) -> str:
        return self.table.cell(self.table.records[index], role)

    def read_row(self, index: int) -> None:
        record = self.table.records[index]
        if not any(cell.strip() for cell in record):
            return
        object_type = self.cell(index, "object_type").lower()
        if object_type and object_type not in ("event", "event property", "property"):
            return  # Amplitude: user properties, groups, property groups
        draft = self._event_for(index)
        if draft is None:
            return
        self.row_events[index] = draft.key
        prop_cell = self.cell(index, "property")
        if self.per_property and prop_cell and object_type != "event":
            self._add_property(draft, index, prop_cell)
        else:
            self._event_details(draft, index)
        if self.per_event_list and self.cell(index, "properties"):
            for item in parse_property_list(self.cell(index, "properties")):
                self._store_property(draft, index, item)

    def _event_for(self, index: int) -> _EventDraft | None:
        name = self.cell(index, "event")
        method_cell = self.cell(index, "method")
        method = parse_method(method_cell) if method_cell else None
        current = self.current
        if not name:
            if method is None or (current is not None and current.key[0] is method):
                if current is None:
                    if self.cell(index, "property") or self.cell(index, "properties"):
                        raise RowError("the Event cell is empty and no event is above it")
                    return None  # notes or a stray cell before the first event
                return current  # a blank Event cell continues the event above
            if method is Method.TRACK:
                raise RowError("a track event needs a name in the Event cell")
            name, any_name = DEFAULT_RULE_NAMES[method], True
        else:
            any_name = False
        key = (method or Method.TRACK, name)
        if current is not None and current.key == key:
            return current  # the event's name repeated on each of its rows
        if key in self.drafts:
            first = self.drafts[key].row
            raise RowError(
                f"duplicate {key[0].value} event '{name}' (first defined on row {first}; "
                "keep an event's rows together)"
            )
        line = self.table.lines[index]
        draft = _EventDraft(
            key, Location(self.table.shown, line, 1), self.table.row_number(index), any_name
        )
        self.drafts[key] = self.current = draft
        return draft

    def _event_details(self, draft: _EventDraft, index: int) -> None:
        description = self.cell(index, "event_description") or self.cell(index, "description")
        if description and not draft.description:
            draft.description = description
        owner = self.cell(index, "owner")
        if owner and draft.owner is None:
            draft.owner = owner

    def _add_property(self, draft: _EventDraft, index: int, name: str) -> None:
        if self.cell(index, "event_description") and not draft.description:
            draft.description = self.cell(index, "event_description")
        owner = self.cell(index, "owner")
        if owner and draft.owner is None:
            draft.owner = owner
        types, is_array = parse_types(self.cell(index, "type"))
        if _truthy(self.cell(index, "is_array")) or is_array:
            types = ("array",)
        enum: tuple[EnumValue, ...] | None = None
        if self.cell(index, "enum"):
            enum = parse_enum(self.cell(index, "enum"), types)
        prop = PlannedProperty(
            name=name,
            types=types,
            required=parse_required(self.cell(index, "required")),
            enum=enum,
            description=self.cell(index, "property_description") or self.cell(index, "description"),
        )
        self._store_property(draft, index, prop)

    def _store_property(self, draft: _EventDraft, index: int, prop: PlannedProperty) -> None:
        if prop.name in draft.properties:
            first = draft.property_rows[prop.name]
            raise RowError(
                f"duplicate property '{prop.name}' of event '{draft.key[1]}' (first on row {first})"
            )
        draft.properties[prop.name] = prop
        draft.property_rows[prop.name] = self.table.row_number(index)


def _truthy(cell: str) -> bool:
    try:
        return bool(cell) and parse_required(cell)
    except RowError:
        return False


def _finish(draft: _EventDraft, lists_properties: bool) -> PlannedEvent:
    """An events-only sheet says nothing about properties: they are not checked."""
    return PlannedEvent(
        name=draft.key[1],
        method=draft.key[0],
        description=draft.description,
        owner=draft.owner,
        properties=tuple(draft.properties.values()) if lists_properties else None,
        source=draft.source,
        any_name=draft.any_name,
    )
