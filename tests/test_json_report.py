"""The JSON report validates against its shipped schema and round-trips through `load`."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from reports import json_report

FIXTURES = Path(__file__).parent / "fixtures"
GOLDENS = sorted(FIXTURES.glob("*/expected/report.json"))


def test_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(json_report.report_schema())


@pytest.mark.parametrize("golden", GOLDENS, ids=[g.parent.parent.name for g in GOLDENS])
def test_round_trip(golden: Path) -> None:
    text = golden.read_text(encoding="utf-8")
    assert json_report.render(json_report.load(text)) == text


@pytest.mark.parametrize(
    "text",
    ["[]", '{"schema": 99}', '{"calls": []}'],
)
def test_load_rejects_other_documents(text: str) -> None:
    with pytest.raises(ValueError):
        json_report.load(text)


def test_schema_rejects_a_bad_status() -> None:
    data = json.loads(GOLDENS[0].read_text())
    data["calls"][0]["status"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json_report.report_schema())
