"""Policy gates CI can fail a build on: `--fail-under` and `--fail-on`."""

from __future__ import annotations

from scanner.model import CallStatus, Report

FINDING_KINDS = (
    "missing",
    "unplanned",
    "dynamic",
    "near-miss",
    "property",
    "naming",
    "parse-error",
)
# What a change introduced, against `--baseline`: gates a team can adopt on a legacy code base.
NEW_KINDS = ("new-missing", "new-unplanned", "new-dynamic", "new-near-miss", "new-property")
FAIL_ON_KINDS: tuple[str, ...] = FINDING_KINDS + NEW_KINDS


def should_fail_under(coverage: float, fail_under: float) -> bool:
    """Whether coverage is below the threshold; 100 must really be 100 (coverage.py's rule)."""
    if fail_under >= 100.0:
        return coverage < 100.0
    return round(coverage, 2) < fail_under


def counts_by_kind(report: Report) -> dict[str, int]:
    calls = report.calls
    return {
        "missing": report.summary.missing,
        "unplanned": sum(1 for c in calls if c.status is CallStatus.UNPLANNED),
        "dynamic": sum(1 for c in calls if c.status is CallStatus.DYNAMIC),
        "near-miss": sum(1 for c in calls if c.suggestion is not None),
        "property": sum(1 for c in calls if c.properties is not None and c.properties.count),
        "naming": len(report.warnings),
        "parse-error": len(report.errors),
        **new_counts(report),
    }


def new_counts(report: Report) -> dict[str, int]:
    delta = report.delta
    if delta is None:
        return dict.fromkeys(NEW_KINDS, 0)
    return {
        "new-missing": len(delta.newly_missing),
        "new-unplanned": len(delta.new_unplanned),
        "new-dynamic": len(delta.new_dynamic),
        "new-near-miss": len(delta.new_near_miss),
        "new-property": len(delta.new_property_problems),
    }


def failures(report: Report, fail_under: float | None, fail_on: tuple[str, ...]) -> list[str]:
    """One message per failed gate; empty when the run passes."""
    messages = []
    coverage = report.summary.coverage
    if fail_under is not None and coverage is not None and should_fail_under(coverage, fail_under):
        messages.append(f"plan coverage {coverage:.2f}% is below --fail-under {fail_under:g}%")
    counts = counts_by_kind(report)
    for kind in fail_on:
        if counts.get(kind):
            what = "introduced by this change" if kind in NEW_KINDS else "found"
            messages.append(f"--fail-on {kind}: {counts[kind]} {what}")
    return messages
