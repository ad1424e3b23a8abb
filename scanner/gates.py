"""Policy gates CI can fail a build on: `--fail-under` and `--fail-on`."""

from __future__ import annotations

from scanner.model import CallStatus, Report

FAIL_ON_KINDS = (
    "missing",
    "unplanned",
    "dynamic",
    "near-miss",
    "property",
    "naming",
    "parse-error",
)


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
            messages.append(f"--fail-on {kind}: {counts[kind]} found")
    return messages
