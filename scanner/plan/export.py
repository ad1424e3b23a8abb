"""The plan as a spreadsheet with implementation progress: `trackscan export`.

A plan that came from a CSV is written back row for row, every column kept, with two more:
`Status` and `Where (code locations)` (filled in again when the file already has them), in
the file's own delimiter and encoding, so the team's sheet just gains the columns. Any
other plan becomes one row per property.
"""

from __future__ import annotations

import csv
import io

from scanner.match import covers_every_call
from scanner.model import EventResult, Method, Report
from scanner.plan.csv_plan import CsvPlan, EventKey
from scanner.plan.csv_table import safe_cell, safe_row

STATUS_HEADER = "Status"
WHERE_HEADER = "Where (code locations)"
PLAN_HEADER = (
    "Event",
    "Call Type",
    "Description",
    "Owner",
    "Property",
    "Property Type",
    "Required",
    "Allowed Values",
    "Property Description",
)


def _progress(report: Report) -> dict[EventKey, tuple[str, str]]:
    """Status and code locations of each planned event, by the key its CSV rows carry."""
    found: dict[EventKey, tuple[str, str]] = {}
    for result in report.events:
        event = result.event
        where = "; ".join(f"{loc.path}:{loc.line}" for loc in result.locations)
        found[(event.method, event.name)] = (result.status.value, where)
    return found


def export_csv_plan(source: CsvPlan, report: Report) -> str:
    table = source.table
    progress = _progress(report)
    header = list(table.header)
    status_column = _column(header, STATUS_HEADER)
    where_column = _column(header, WHERE_HEADER)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=table.delimiter, lineterminator="\r\n")
    if table.sep_line is not None:
        out.write(table.sep_line + "\r\n")
    for index, record in enumerate(table.records):
        row = list(record)
        if index == table.header_index:
            row = header
        elif index > table.header_index and any(cell.strip() for cell in row):
            key = source.row_events[index]
            status, where = progress.get(key, ("", "")) if key is not None else ("", "")
            row += [""] * (max(status_column, where_column) + 1 - len(row))
            row[status_column] = status
            row[where_column] = safe_cell(where)
        writer.writerow(row)
    return out.getvalue()


def _column(header: list[str], title: str) -> int:
    """The index of an existing column with this title (a re-export), else of a new one."""
    for index, cell in enumerate(header):
        if cell.strip().lower() == title.lower():
            return index
    header.append(title)
    return len(header) - 1


def export_plan(report: Report) -> str:
    """Any plan as a spreadsheet: one row per property, the event repeated on each row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow((*PLAN_HEADER, STATUS_HEADER, WHERE_HEADER))
    for result in report.events:
        for row in _event_rows(result):
            writer.writerow(row)
    return out.getvalue()


def _event_rows(result: EventResult) -> list[tuple[str, ...]]:
    event = result.event
    name = "" if covers_every_call(event) and event.method is not Method.TRACK else event.name
    where = "; ".join(f"{loc.path}:{loc.line}" for loc in result.locations)
    head = (name, event.method.value, event.description, event.owner or "")
    tail = (result.status.value, where)
    if not event.properties:
        return [safe_row(*head, "", "", "", "", "", *tail)]
    return [
        safe_row(
            *head,
            prop.name,
            " | ".join(prop.types),
            "yes" if prop.required else "",
            "; ".join(_show(v) for v in prop.enum or ()),
            prop.description,
            *tail,
        )
        for prop in event.properties
    ]


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)
