"""SARIF 2.1.0: valid against the official schema, stable fingerprints, no fake locations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bigreport import big_report
from conftest import FIXTURES
from sarif_schema import sarif_validator

from reports import sarif
from reports.json_report import load
from scanner.model import FindingKind


def fixture_sarif(name: str, prefix: str = "") -> dict[str, object]:
    report = load((FIXTURES / name / "expected" / "report.json").read_text(encoding="utf-8"))
    return sarif.to_sarif(report, sarif.SarifOptions(path_prefix=prefix))


def results(log: dict[str, object]) -> list[dict[str, object]]:
    return log["runs"][0]["results"]  # type: ignore[index,no-any-return]


def test_one_rule_per_finding_kind() -> None:
    rules = fixture_sarif("reports-shop")["runs"][0]["tool"]["driver"]["rules"]  # type: ignore[index]
    assert [rule["id"] for rule in rules] == [kind.value for kind in sarif.RULE_INDEX]
    assert set(FindingKind) - set(sarif.RULE_INDEX) == {FindingKind.MISSING_EVENT}


@pytest.mark.parametrize(
    "name", ["reports-shop", "xss-names", "baseline-after", "python-signatures"]
)
def test_fixture_reports_validate(name: str) -> None:
    sarif_validator().validate(fixture_sarif(name, prefix="services/shop/"))


def test_a_big_report_validates() -> None:
    log = sarif.to_sarif(big_report())
    sarif_validator().validate(log)
    assert len(results(log)) > 5_000


def test_schema_catches_a_broken_document() -> None:
    log = fixture_sarif("reports-shop")
    log["runs"][0]["results"][0]["level"] = "fatal"  # type: ignore[index]
    assert list(sarif_validator().iter_errors(log))


def test_results_point_at_the_call_with_the_repository_prefix() -> None:
    found = results(fixture_sarif("reports-shop", prefix="services/shop/"))
    near_miss = next(r for r in found if r["ruleId"] == "near-miss-event-name")
    location = near_miss["locations"][0]["physicalLocation"]  # type: ignore[index]
    assert location["artifactLocation"]["uri"] == "services/shop/shop/accounts.py"
    assert location["region"] == {"startLine": 17, "startColumn": 5, "endLine": 17, "endColumn": 60}
    assert "did you mean 'Signed Up'?" in near_miss["message"]["text"]  # type: ignore[index]


def test_missing_events_are_run_properties_not_results() -> None:
    log = fixture_sarif("reports-shop")
    run = log["runs"][0]  # type: ignore[index]
    missing = run["properties"]["trackscan"]["missingEvents"]
    assert [m["name"] for m in missing] == ["Cart Abandoned", "Search Performed"]
    assert all(r["ruleId"] != "missing-event" for r in run["results"])
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert "tracking-plan.yaml" not in uris


def test_unparsable_files_are_notifications() -> None:
    run = fixture_sarif("reports-shop")["runs"][0]  # type: ignore[index]
    (notification,) = run["invocations"][0]["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["descriptor"] == {"id": "parse-error"}
    assert notification["locations"][0]["physicalLocation"]["region"]["startLine"] == 4


def test_fingerprints_ignore_line_numbers() -> None:
    """The same dynamic call moved down eleven lines keeps its fingerprint."""

    def dynamic(name: str) -> dict[str, str]:
        return {
            r["message"]["text"]: r["partialFingerprints"]["trackscan/v1"]  # type: ignore[index]
            for r in results(fixture_sarif(name))
            if r["ruleId"] == "dynamic-event-name"
        }

    before, after = dynamic("baseline-before"), dynamic("baseline-after")
    (message,) = before
    assert "{kind} Shared" in message
    assert after[message] == before[message]
    assert len(set(after.values())) == len(after)


def test_identical_findings_in_one_file_get_distinct_fingerprints() -> None:
    found = results(fixture_sarif("xss-names"))
    missing = [r for r in found if r["ruleId"] == "missing-required-property"]
    assert len(missing) == 2
    prints = [r["partialFingerprints"]["trackscan/v1"] for r in missing]  # type: ignore[index]
    assert prints[0].split(":")[0] == prints[1].split(":")[0]
    assert prints[0] != prints[1]


def test_brackets_in_names_are_not_embedded_links() -> None:
    texts = [r["message"]["text"] for r in results(fixture_sarif("xss-names"))]  # type: ignore[index]
    assert any("\\[link\\](javascript:alert(4))" in text for text in texts)
    assert not any("[link](" in text.replace("\\[link\\](", "") for text in texts)


def test_render_writes_the_schema_and_version(tmp_path: Path) -> None:
    text = sarif.render(load((FIXTURES / "reports-shop/expected/report.json").read_text()))
    document = json.loads(text)
    assert document["$schema"] == sarif.SARIF_SCHEMA
    assert document["version"] == "2.1.0"
