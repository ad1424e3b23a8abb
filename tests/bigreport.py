"""A large, varied report built from model objects, for size and speed checks of the outputs."""

from __future__ import annotations

from scanner.match import match
from scanner.model import (
    Call,
    Language,
    Location,
    Method,
    PlannedEvent,
    PlannedProperty,
    Problem,
    ProblemKind,
    Properties,
    PropertyEntry,
    Report,
    ReportMeta,
    TrackingPlan,
    ValueType,
)

OWNERS = ("growth", "checkout", "catalog", "search", "platform", "mobile", None)
META = ReportMeta(root="big", tool_version="0.0.0-test", generated_at="2026-01-01T00:00:00+00:00")


def big_report(events: int = 5_000, calls: int = 20_000) -> Report:
    """`events` planned events, `calls` calls: most planned, some unplanned, dynamic, broken."""
    plan = TrackingPlan(
        path="tracking-plan.yaml",
        events=tuple(
            PlannedEvent(
                name=f"Event {i:05d} Happened",
                description=f"Why event {i} matters to the {OWNERS[i % len(OWNERS)]} team.",
                owner=OWNERS[i % len(OWNERS)],
                properties=(PlannedProperty("plan", ("string",), required=True),)
                if i % 10 == 0
                else None,
                source=Location("tracking-plan.yaml", 3 + 4 * i, 5),
            )
            for i in range(events)
        ),
    )
    found = []
    for i in range(calls):
        path = f"src/module_{i // 40:04d}/views.py"
        line = 10 + (i % 40) * 5
        kind = i % 20
        if kind == 0:
            event, dynamic = None, True  # dynamic name
        elif kind in (1, 2):
            event, dynamic = f"Unplanned Thing {i}", False
        elif kind == 3:
            event, dynamic = f"event {(i * 7) % events:05d} happened", False  # near miss
        else:
            planned = (i // 20 * 16 + kind - 4) % (events * 7 // 8)  # 7/8 of the plan is sent
            event, dynamic = f"Event {planned:05d} Happened", False
        properties = (
            Properties((PropertyEntry("plan", ValueType.INTEGER, 3),)) if i % 9 == 0 else None
        )
        found.append(
            Call(
                location=Location(path, line, 5),
                end_line=line,
                end_column=60,
                language=Language.PYTHON,
                method=Method.TRACK,
                callee="analytics.track",
                event=event,
                dynamic=dynamic,
                expression=f'f"{{kind}} {i}"' if dynamic else f'"{event}"',
                properties=properties,
            )
        )
    problems = [
        Problem(f"src/broken_{i}.py", 3, ProblemKind.PARSE_ERROR, "syntax error", 7)
        for i in range(25)
    ]
    return match(plan, found, problems, META)
