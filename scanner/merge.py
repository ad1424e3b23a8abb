"""Join the partial reports of `--shard K/N` runs into the report one run would have made.

Each file belongs to exactly one shard, and every shard resolved its calls against the whole
repository's definitions, so calls and problems just add up. What depends on all shards
together is re-derived here: a planned event is implemented when any shard implements it
(its locations are the union), and the summary is recounted from the joined lists.
`--baseline` applies to the merged report, not to the shards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from scanner import problem_order
from scanner.match import summarize
from scanner.model import EventResult, EventStatus, Report, Shard


class MergeError(ValueError):
    """The reports cannot be joined: a message a person can act on."""


def merge_reports(reports: Sequence[Report]) -> Report:
    if not reports:
        raise MergeError("no reports to merge")
    first = reports[0]
    check_shards([report.shard for report in reports])
    for label, value_of in (
        ("trackscan versions", lambda r: r.meta.tool_version),
        ("roots", lambda r: r.meta.root),
        ("commits", lambda r: r.meta.commit),
        ("tracking plans", lambda r: r.plan),
        ("planned events", lambda r: tuple(e.event for e in r.events)),
    ):
        values = {repr(value_of(report)) for report in reports}
        if len(values) > 1:
            raise MergeError(f"the shard reports come from different {label}; rerun the shards")
    events = tuple(_merge_event([r.events[i] for r in reports]) for i in range(len(first.events)))
    calls = sorted(
        (call for report in reports for call in report.calls),
        key=lambda c: (c.call.location.path, c.call.location.line, c.call.location.column),
    )
    problems = sorted(
        (p for report in reports for p in report.problems),
        key=problem_order,
    )
    # Warnings about plan entries are in every shard's report; those about calls in one.
    plan_path = first.plan.path if first.plan is not None else None
    warnings = sorted(
        [
            *first.warnings,
            *(w for r in reports[1:] for w in r.warnings if w.location.path != plan_path),
        ]
    )
    return replace(
        first,
        meta=replace(first.meta, generated_at=max(r.meta.generated_at for r in reports)),
        summary=summarize(events, calls, problems),
        events=events,
        calls=tuple(calls),
        problems=tuple(problems),
        warnings=tuple(warnings),
        delta=None,  # a shard's comparison with a baseline covers only its own files
        shard=None,
    )


def check_shards(shards: Sequence[Shard | None]) -> None:
    """Exactly one report for each of the N shards, or a message naming what is wrong."""
    if any(shard is None for shard in shards):
        raise MergeError("only reports of `trackscan --shard K/N` runs can be merged")
    counts = {shard.count for shard in shards if shard is not None}
    if len(counts) > 1:
        raise MergeError(f"the reports split the files differently (N = {sorted(counts)})")
    count = counts.pop()
    indexes = sorted(shard.index for shard in shards if shard is not None)
    duplicates = sorted({i for i in indexes if indexes.count(i) > 1})
    if duplicates:
        raise MergeError(f"shard {', '.join(f'{i}/{count}' for i in duplicates)} given twice")
    missing = [i for i in range(1, count + 1) if i not in indexes]
    if missing:
        raise MergeError(f"missing shard {', '.join(f'{i}/{count}' for i in missing)}")


def _merge_event(results: Sequence[EventResult]) -> EventResult:
    locations = tuple(sorted({loc for result in results for loc in result.locations}))
    implemented = any(result.status is EventStatus.IMPLEMENTED for result in results)
    return EventResult(
        results[0].event,
        EventStatus.IMPLEMENTED if implemented else EventStatus.MISSING,
        locations,
    )
