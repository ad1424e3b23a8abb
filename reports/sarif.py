"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One rule per finding kind; one result per finding, located at the call; a semantic
fingerprint without line numbers, so an alert survives code moving around. Missing planned
events have no place in the code: they go into the run's properties. Files that could not
be scanned are tool execution notifications, not results.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from reports.findings import Finding, call_findings, fingerprint, semantic_key
from scanner.model import EventStatus, FindingKind, Problem, Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/trackscan/trackscan"
FINGERPRINT_KEY = "trackscan/v1"


@dataclass(frozen=True, slots=True)
class Rule:
    kind: FindingKind
    name: str
    short: str
    full: str
    help: str
    level: str  # SARIF level: error | warning | note
    severity: str  # GitHub's problem.severity: error | warning | recommendation


RULES: tuple[Rule, ...] = (
    Rule(
        FindingKind.UNPLANNED_EVENT,
        "UnplannedEvent",
        "Event is not in the tracking plan",
        "An analytics call sends an event whose name the tracking plan does not define, so "
        "nobody has agreed on what it means or who owns it.",
        "Add the event to the tracking plan (with a description and an owner), or rename the "
        "call to a planned event.",
        "warning",
        "warning",
    ),
    Rule(
        FindingKind.NEAR_MISS,
        "NearMissEventName",
        "Event name nearly matches a planned event",
        "An analytics call sends an event that is not in the tracking plan but differs from a "
        "planned name only by case, spacing, punctuation or a typo. Such events split one "
        "metric into two in the analytics tool.",
        "Use the planned name exactly, as suggested in the message.",
        "warning",
        "warning",
    ),
    Rule(
        FindingKind.DYNAMIC_NAME,
        "DynamicEventName",
        "Event name is built at run time",
        "The event name is an f-string, a format call, a parameter or another expression "
        "whose value is only known at run time, so it cannot be checked against the plan.",
        "Use a constant from the tracking plan, or map the run-time value to planned names "
        "with a dictionary of constants.",
        "note",
        "recommendation",
    ),
    Rule(
        FindingKind.MISSING_REQUIRED_PROPERTY,
        "MissingRequiredProperty",
        "Required property is missing",
        "The tracking plan marks this property (or trait) as required, and the call does not "
        "send it.",
        "Send the property, or change the plan if it is not really required.",
        "error",
        "error",
    ),
    Rule(
        FindingKind.UNPLANNED_PROPERTY,
        "UnplannedProperty",
        "Property is not in the tracking plan",
        "The call sends a property (or trait) that the tracking plan does not list for this event.",
        "Add the property to the event in the tracking plan, or stop sending it.",
        "warning",
        "warning",
    ),
    Rule(
        FindingKind.PROPERTY_TYPE_MISMATCH,
        "PropertyTypeMismatch",
        "Property value has the wrong type",
        "The call sends a literal value whose JSON type is not one the tracking plan allows "
        "for this property.",
        "Send a value of the planned type, or change the planned type.",
        "error",
        "error",
    ),
    Rule(
        FindingKind.PROPERTY_ENUM_MISMATCH,
        "PropertyEnumMismatch",
        "Property value is not one of the planned values",
        "The tracking plan lists the allowed values of this property, and the call sends a "
        "literal value that is not among them.",
        "Send one of the planned values, or add the value to the plan.",
        "error",
        "error",
    ),
)
RULE_INDEX = {rule.kind: index for index, rule in enumerate(RULES)}


@dataclass(frozen=True, slots=True)
class SarifOptions:
    # The scanned root's path inside the repository ("" at the top): code scanning resolves
    # artifact URIs from the repository's top, the report's paths start at the scanned root.
    path_prefix: str = ""


def render(report: Report, options: SarifOptions | None = None) -> str:
    return json.dumps(to_sarif(report, options), indent=2, ensure_ascii=False) + "\n"


def to_sarif(report: Report, options: SarifOptions | None = None) -> dict[str, Any]:
    options = options or SarifOptions()
    findings = [f for result in report.calls for f in call_findings(result)]
    run: dict[str, Any] = {
        "tool": {"driver": _driver(report)},
        "automationDetails": {"id": "trackscan/"},
        "columnKind": "unicodeCodePoints",
        "results": _results(findings, options.path_prefix),
        "invocations": [_invocation(report.problems, options.path_prefix)],
        "properties": {"trackscan": _run_properties(report, options.path_prefix)},
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def _driver(report: Report) -> dict[str, Any]:
    return {
        "name": "trackscan",
        "semanticVersion": report.meta.tool_version,
        "informationUri": INFORMATION_URI,
        "rules": [_rule(rule) for rule in RULES],
    }


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.kind.value,
        "name": rule.name,
        "shortDescription": {"text": rule.short},
        "fullDescription": {"text": rule.full},
        "help": {"text": rule.help, "markdown": rule.help},
        "helpUri": f"{INFORMATION_URI}#{rule.kind.value}",
        "defaultConfiguration": {"level": rule.level},
        "properties": {
            "tags": ["analytics", "tracking-plan"],
            "precision": "very-high" if rule.kind is not FindingKind.DYNAMIC_NAME else "high",
            "problem.severity": rule.severity,
        },
    }


def _results(findings: list[Finding], prefix: str) -> list[dict[str, Any]]:
    seen: Counter[str] = Counter()
    results = []
    for finding in findings:
        call = finding.result.call
        rule = RULES[RULE_INDEX[finding.kind]]
        key = semantic_key(finding, prefix)
        seen[key] += 1  # identical findings in one file stay distinct, in source order
        results.append(
            {
                "ruleId": rule.kind.value,
                "ruleIndex": RULE_INDEX[finding.kind],
                "level": rule.level,
                "message": {"text": sarif_text(finding.message)},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": prefix + call.location.path},
                            "region": {
                                "startLine": call.location.line,
                                "startColumn": call.location.column,
                                "endLine": call.end_line,
                                "endColumn": call.end_column,
                            },
                        }
                    }
                ],
                "partialFingerprints": {FINGERPRINT_KEY: fingerprint(key, seen[key])},
            }
        )
    return results


def sarif_text(text: str) -> str:
    """Plain SARIF message text: brackets escaped, so no name reads as an embedded link.

    SARIF viewers turn `[label](target)` in a message into a link (SARIF 2.1.0 §3.11.6);
    literal brackets and the backslash itself must be escaped with a backslash.
    """
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def _invocation(problems: tuple[Problem, ...], prefix: str) -> dict[str, Any]:
    notifications = []
    for problem in problems:
        location: dict[str, Any] = {"artifactLocation": {"uri": prefix + problem.path}}
        if problem.line is not None:
            region: dict[str, int] = {"startLine": problem.line}
            if problem.column is not None:
                region["startColumn"] = problem.column
            location["region"] = region
        notifications.append(
            {
                "level": "error" if problem.kind.is_error else "note",
                "message": {"text": sarif_text(f"{problem.path}: {problem.message}")},
                "descriptor": {"id": problem.kind.value},
                "locations": [{"physicalLocation": location}],
            }
        )
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return invocation


def _in_repo(prefix: str, path: str) -> str:
    """A root-relative path from the repository's top; other paths (outside the root) as given."""
    inside = not path.startswith(("/", "../")) and ":" not in path
    return prefix + path if inside else path


def _run_properties(report: Report, prefix: str) -> dict[str, Any]:
    summary = report.summary
    coverage = summary.coverage
    missing = [
        {
            "name": result.event.name,
            "type": result.event.method.value,
            "owner": result.event.owner,
            "plan": None
            if result.event.source is None
            else {
                "path": _in_repo(prefix, result.event.source.path),
                "line": result.event.source.line,
            },
        }
        for result in report.events
        if result.status is EventStatus.MISSING
    ]
    return {
        "commit": report.meta.commit,
        "plan": None if report.plan is None else report.plan.path,
        "planCoverage": None if coverage is None else round(coverage, 2),
        "plannedEvents": summary.planned,
        "implementedEvents": summary.implemented,
        "missingEvents": missing,
        "calls": summary.calls,
    }
