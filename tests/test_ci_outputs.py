"""GitHub annotations and the GitLab Code Quality report, from real fixture reports."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest

from reports import github_annotations as annotations
from reports import gitlab, json_report
from scanner.model import Report

FIXTURES = Path(__file__).parent / "fixtures"

# GitLab publishes no schema; this one is built from its documentation's field table.
GITLAB_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string"},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def load(case: str) -> Report:
    return json_report.load((FIXTURES / case / "expected" / "report.json").read_text())


def test_annotations_for_every_finding_kind() -> None:
    lines = annotations.render(load("plan-matching"), prefix="web/", per_level=100).splitlines()
    assert lines[0] == (
        "::warning file=web/app/matching.py,line=5,col=5,endLine=5,endColumn=57,"
        "title=trackscan%3A Event name nearly matches a planned event"
        "::Event 'signed up' is not in the tracking plan; did you mean 'Signed Up'?"
    )
    levels = {line.split(" ", 1)[0] for line in lines}
    assert levels == {"::warning", "::error"}
    assert all(line.startswith("::") for line in lines)


def test_annotations_are_capped_per_level_with_a_notice() -> None:
    lines = annotations.render(load("plan-matching")).splitlines()
    assert sum(1 for line in lines if line.startswith("::warning ")) == 10
    assert (
        lines[-1]
        == "::notice title=trackscan::1 more finding not annotated (GitHub shows 10 per level); see the report"
    )


def test_annotation_data_cannot_inject_commands() -> None:
    report = load("xss-names")
    for line in annotations.render(report, per_level=1000).splitlines():
        assert line.startswith(("::warning ", "::error ", "::notice "))
        assert "\n" not in line and "\r" not in line
        properties, _, _ = line[2:].partition("::")
        assert properties.count("::") == 0


def test_with_a_baseline_only_new_findings_are_annotated() -> None:
    after = load("baseline-after")
    assert after.delta is not None
    new = {
        id(r)
        for group in (
            after.delta.new_unplanned,
            after.delta.new_dynamic,
            after.delta.new_near_miss,
            after.delta.new_property_problems,
        )
        for r in group
    }
    lines = annotations.render(after, per_level=100).splitlines()
    assert len(lines) == sum(len(annotations.call_findings(r)) for r in after.calls if id(r) in new)
    without = dataclasses.replace(after, delta=None)
    assert len(annotations.render(without, per_level=100).splitlines()) > len(lines)


@pytest.mark.parametrize("case", ["plan-matching", "broken-inputs", "xss-names", "reports-shop"])
def test_gitlab_report_is_valid_and_unique(case: str) -> None:
    items = json.loads(gitlab.render(load(case), prefix="svc/"))
    jsonschema.validate(items, GITLAB_SCHEMA)
    fingerprints = [item["fingerprint"] for item in items]
    assert len(fingerprints) == len(set(fingerprints))
    assert all(item["location"]["path"].startswith("svc/") for item in items)


def test_gitlab_fingerprints_survive_moved_lines() -> None:
    report = load("plan-matching")
    moved = dataclasses.replace(
        report,
        calls=tuple(
            dataclasses.replace(
                r,
                call=dataclasses.replace(
                    r.call,
                    location=dataclasses.replace(r.call.location, line=r.call.location.line + 7),
                ),
            )
            for r in report.calls
        ),
    )
    before = [i["fingerprint"] for i in json.loads(gitlab.render(report))]
    after = [i["fingerprint"] for i in json.loads(gitlab.render(moved))]
    assert before == after
