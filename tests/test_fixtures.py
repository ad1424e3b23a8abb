"""Every fixture repository, scanned end to end and compared with its checked-in goldens.

Each `tests/fixtures/<case>/` is a small repository; `expected/` beside its sources holds
`report.json` (the JSON report) and `summary.txt` (exit code, stderr and the plain terminal
summary). Optional `expected/args.txt` holds extra command-line arguments, one per line.
Where a case is about the reports, `expected/comment.md` (the pull-request comment) and
`expected/report.sarif` are compared too, and the SARIF is validated against its schema.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from golden import assert_golden
from sarif_schema import sarif_validator

from reports.json_report import report_schema

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected").is_dir())


def case_args(case: Path) -> list[str]:
    args_file = case / "expected" / "args.txt"
    if not args_file.exists():
        return []
    return [
        line for line in args_file.read_text().splitlines() if line and not line.startswith("#")
    ]


@pytest.mark.parametrize("name", CASES)
def test_fixture(name: str, run_trackscan, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    case = FIXTURES / name
    monkeypatch.chdir(case)
    report_path = tmp_path / "report.json"
    outputs = {  # extra outputs, compared only where the case has a golden for them
        name: (flag, tmp_path / name)
        for name, flag in (("comment.md", "--markdown"), ("report.sarif", "--sarif"))
        if (case / "expected" / name).exists()
    }
    extra = [str(arg) for flag, path in outputs.values() for arg in (flag, path)]
    run = run_trackscan(".", "--json", report_path, "--color", "never", *extra, *case_args(case))
    summary = f"exit code: {run.code}\n--- stderr\n{run.stderr}--- stdout\n{run.stdout}"
    assert_golden(summary, case / "expected" / "summary.txt")
    if run.code == 2:
        assert not report_path.exists(), "a run that stops with exit 2 must not write a report"
        return
    report_text = report_path.read_text(encoding="utf-8")
    jsonschema.Draft202012Validator(report_schema()).validate(json.loads(report_text))
    assert_golden(report_text, case / "expected" / "report.json")
    for name, (_, path) in outputs.items():
        text = path.read_text(encoding="utf-8")
        if name == "report.sarif":
            sarif_validator().validate(json.loads(text))
        assert_golden(text, case / "expected" / name)
