"""The coverage series of `trackscan history` as JSON, oldest point first."""

from __future__ import annotations

import json
from typing import Any

from reports.json_report import summary_dict
from scanner.model import HistoryPoint, Summary


def to_dict(points: list[HistoryPoint], root: str, plan_path: str | None) -> dict[str, Any]:
    return {
        "schema": 1,
        "root": root,
        "plan": plan_path,
        "points": [point_dict(point) for point in points],
    }


def point_dict(point: HistoryPoint) -> dict[str, Any]:
    return {
        "commit": point.commit,
        "date": point.date,
        "subject": point.subject,
        "summary": summary_dict(point.summary),
        "owners": {
            owner: {"planned": s.planned, "implemented": s.implemented, "missing": s.missing}
            for owner, s in point.owners
        },
        "landed": list(point.landed),
        "regressed": list(point.regressed),
    }


def render(points: list[HistoryPoint], root: str, plan_path: str | None) -> str:
    return json.dumps(to_dict(points, root, plan_path), indent=2, ensure_ascii=False) + "\n"


def point_from_dict(data: dict[str, Any]) -> HistoryPoint:
    """A point as `point_dict` wrote it (a line of a history JSON-lines file)."""
    summary = data["summary"]
    return HistoryPoint(
        commit=str(data.get("commit") or ""),
        date=str(data["date"]),
        subject=str(data.get("subject") or ""),
        summary=Summary(
            planned=summary["planned"],
            implemented=summary["implemented"],
            calls=summary["calls"],
            unplanned=summary["unplanned"],
            dynamic=summary["dynamic"],
            near_miss=summary.get("near_miss", 0),
            property_problems=summary.get("property_problems", 0),
            errors=summary.get("errors", 0),
        ),
        owners=tuple(
            (owner, Summary(planned=o["planned"], implemented=o["implemented"]))
            for owner, o in sorted(data.get("owners", {}).items())
        ),
        landed=tuple(data.get("landed", ())),
        regressed=tuple(data.get("regressed", ())),
    )


def read_lines(text: str, shown: str) -> list[dict[str, Any]]:
    """Every line of a JSON-lines history, checked; a bad line is a ValueError with its number."""
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            point_from_dict(data)
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"{shown}:{number}: not a trackscan history point ({error})") from None
        lines.append(data)
    return lines


def append_line(
    lines: list[dict[str, Any]], point: HistoryPoint, implemented: set[str]
) -> list[dict[str, Any]]:
    """The history's lines with one for `point`; a re-run on the newest line's commit replaces it.

    Each line keeps the names implemented at that point, so the next run can tell which events
    landed or regressed since.
    """
    if lines and point.commit and lines[-1].get("commit") == point.commit:
        lines = lines[:-1]
    before = set(lines[-1].get("implemented", ())) if lines else None
    line = point_dict(point)
    line["landed"] = sorted(implemented - before) if before is not None else []
    line["regressed"] = sorted(before - implemented) if before is not None else []
    line["implemented"] = sorted(implemented)
    return [*lines, line]


def render_lines(lines: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n" for line in lines)
