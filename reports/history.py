"""The coverage series of `trackscan history` as JSON, oldest point first."""

from __future__ import annotations

import json
from typing import Any

from reports.json_report import summary_dict
from scanner.model import HistoryPoint


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
