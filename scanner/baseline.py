"""Compare a report with a baseline report: what a change introduced, and what it fixed.

A call's identity leaves out line and column numbers — (path, callee, method, event name or
expression) — because "line numbers are subject to change" (detect-secrets): code that moves
or gains a line above it is not new. Identical calls in one file are counted, so a second
`track("Signed Up")` beside an existing one is one new call, and the later ones (by position)
are the ones reported as new.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from scanner.model import CallResult, CallStatus, Delta, EventResult, EventStatus, Report

CallIdentity = tuple[str, ...]


def call_identity(result: CallResult) -> CallIdentity:
    call = result.call
    name = (call.expression or "") if call.dynamic else (call.event or "")
    return (call.location.path, call.callee, call.method.value, name)


def property_identity(result: CallResult) -> CallIdentity:
    """A call with its property findings: a new finding on an old call is a new problem."""
    findings = result.properties
    if findings is None:
        return call_identity(result)
    mismatches = sorted(f"{m.kind}:{m.key}:{m.got}" for m in findings.type_mismatches)
    return (
        *call_identity(result),
        "missing:" + ",".join(sorted(findings.missing_required)),
        "unplanned:" + ",".join(sorted(findings.unplanned)),
        "mismatch:" + ",".join(mismatches),
    )


def _is_unplanned(result: CallResult) -> bool:
    return result.status is CallStatus.UNPLANNED


def _is_dynamic(result: CallResult) -> bool:
    return result.status is CallStatus.DYNAMIC


def _is_near_miss(result: CallResult) -> bool:
    return result.status is CallStatus.UNPLANNED and result.suggestion is not None


def _has_property_problems(result: CallResult) -> bool:
    return result.properties is not None and result.properties.count > 0


def new_calls(
    previous: Iterable[CallResult],
    current: Iterable[CallResult],
    selected: Callable[[CallResult], bool],
    identity: Callable[[CallResult], CallIdentity] = call_identity,
) -> tuple[tuple[CallResult, ...], int]:
    """The selected calls of `current` that `previous` did not have, and how many it lost."""
    remaining = Counter(identity(r) for r in previous if selected(r))
    ordered = sorted(
        (r for r in current if selected(r)),
        key=lambda r: (r.call.location, r.call.end_line, r.call.end_column),
    )
    new = []
    for result in ordered:
        key = identity(result)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            new.append(result)
    return tuple(new), sum(remaining.values())


def _implemented_names(report: Report) -> set[tuple[str, str]]:
    return {
        (e.event.method.value, e.event.name)
        for e in report.events
        if e.status is EventStatus.IMPLEMENTED
    }


def _missing_names(report: Report) -> set[tuple[str, str]]:
    return {
        (e.event.method.value, e.event.name)
        for e in report.events
        if e.status is EventStatus.MISSING
    }


def _key(result: EventResult) -> tuple[str, str]:
    return (result.event.method.value, result.event.name)


def compare(previous: Report, current: Report) -> Delta:
    """What `current` introduced and resolved relative to the baseline `previous`.

    An event is newly implemented when it is implemented now and was not before (missing,
    or not in the baseline's plan); newly missing when it is missing now and was not before
    (implemented, or just added to the plan).
    """
    was_implemented = _implemented_names(previous)
    was_missing = _missing_names(previous)
    unplanned, resolved_unplanned = new_calls(previous.calls, current.calls, _is_unplanned)
    dynamic, resolved_dynamic = new_calls(previous.calls, current.calls, _is_dynamic)
    near_miss, _ = new_calls(previous.calls, current.calls, _is_near_miss)
    properties, resolved_properties = new_calls(
        previous.calls, current.calls, _has_property_problems, property_identity
    )
    return Delta(
        base=previous.meta,
        before=previous.summary,
        newly_implemented=tuple(
            e
            for e in current.events
            if e.status is EventStatus.IMPLEMENTED and _key(e) not in was_implemented
        ),
        newly_missing=tuple(
            e
            for e in current.events
            if e.status is EventStatus.MISSING and _key(e) not in was_missing
        ),
        new_unplanned=unplanned,
        new_dynamic=dynamic,
        new_near_miss=near_miss,
        new_property_problems=properties,
        resolved_unplanned=resolved_unplanned,
        resolved_dynamic=resolved_dynamic,
        resolved_property_problems=resolved_properties,
    )
