"""`typewriter.yml` and `ruddertyper.yml`: configs that name a plan kept in Segment/RudderStack.

The config holds only the plan's id; Typewriter (and its fork RudderTyper) downloads the plan
into `<trackingPlans[].path>/plan.json` and reads it from there. trackscan never calls those
services: it reads that cached copy, or says how to get one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from scanner.errors import PlanError
from scanner.model import Method, PlannedEvent, TrackingPlan
from scanner.plan.common import fail, list_at, mapping_at, text_at
from scanner.plan.documents import Document

CACHED_PLAN = "plan.json"  # Typewriter's TRACKING_PLAN_FILENAME

PlanFileLoader = Callable[[Path, str], TrackingPlan]


def is_typewriter_config(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("trackingPlans"), list)


def load_typewriter_config(
    document: Document, config_path: Path, load_file: PlanFileLoader
) -> TrackingPlan:
    entries = list_at(
        document, ("trackingPlans",), document.data["trackingPlans"], "the tracking plans"
    )
    if not entries:
        raise fail(document, ("trackingPlans",), "the config lists no tracking plan")
    tool = _tool(document.data, entries)
    plans: list[TrackingPlan] = []
    for index, entry in enumerate(entries):
        path = ("trackingPlans", index)
        entry = mapping_at(document, path, entry, "a tracking plan entry")
        plan_id = text_at(document, (*path, "id"), entry.get("id"), "(no id)")
        folder = text_at(document, (*path, "path"), entry.get("path"), ".")
        cached = config_path.parent / folder / CACHED_PLAN
        shown = _shown_beside(document.path, folder)
        if not cached.is_file():
            raise PlanError(
                f"tracking plan {plan_id} is kept in {tool['service']}, and {tool['name']} "
                f"keeps its local copy in {shown}, which does not exist. Run "
                f"`{tool['command']}` to download it, then run trackscan again (or pass "
                "--plan with an exported plan file)",
                document.path,
                document.line((*path, "id")),
            )
        plans.append(load_file(cached, shown))
    return _merge(plans, document.path)


def _tool(data: dict[str, Any], entries: list[Any]) -> dict[str, str]:
    ids = [str(e.get("id", "")) for e in entries if isinstance(e, dict)]
    rudder = any(i.startswith("tp_") for i in ids) or any(
        isinstance(e, dict) and "APIVersion" in e for e in entries
    )
    if rudder:
        return {"service": "RudderStack", "name": "RudderTyper", "command": "npx rudder-typer"}
    return {"service": "Segment", "name": "Typewriter", "command": "npx typewriter"}


def _shown_beside(config_shown: str, folder: str) -> str:
    parent = config_shown.rsplit("/", 1)[0] if "/" in config_shown else ""
    parts = [p for p in (parent, folder.strip("/"), CACHED_PLAN) if p and p != "."]
    return "/".join(part.removeprefix("./") for part in parts)


def _merge(plans: list[TrackingPlan], shown: str) -> TrackingPlan:
    """Several plans in one config generate one client each; together they are the plan."""
    if len(plans) == 1:
        return plans[0]
    seen: set[tuple[Method, str]] = set()
    events: list[PlannedEvent] = []
    for plan in plans:
        for event in plan.events:
            key = (event.method, event.name)
            if key not in seen:  # the same event in two plans is one planned event
                seen.add(key)
                events.append(event)
    return TrackingPlan(
        path=shown,
        events=tuple(events),
        name=" + ".join(p.name for p in plans if p.name) or None,
        version=None,
        format=plans[0].format,
    )
