"""`trackscan report --from`, the --gitlab and --github-annotations outputs, and --history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
MATCHING = FIXTURES / "plan-matching"
GOLDEN = MATCHING / "expected" / "report.json"


def test_report_rerenders_without_scanning(run_trackscan, tmp_path: Path) -> None:
    out = {name: tmp_path / f"r.{name}" for name in ("json", "html", "markdown", "sarif", "gitlab")}
    run = run_trackscan(
        "report",
        "--from",
        GOLDEN,
        "--color",
        "never",
        *[arg for name, path in out.items() for arg in (f"--{name}", path)],
    )
    assert run.code == 0, run.stderr
    assert out["json"].read_text() == GOLDEN.read_text(), "JSON round-trips unchanged"
    assert out["markdown"].read_text().startswith("<!-- trackscan-report -->")
    assert json.loads(out["sarif"].read_text())["version"] == "2.1.0"
    assert json.loads(out["gitlab"].read_text())[0]["check_name"] == "near-miss-event-name"
    assert "<!doctype html>" in out["html"].read_text()
    assert "Plan coverage 57.1%" in run.stdout


def test_report_applies_gates(run_trackscan) -> None:
    run = run_trackscan("report", "--from", GOLDEN, "-q", "--fail-on", "near-miss")
    assert run.code == 1 and "--fail-on near-miss: 5 found" in run.stderr
    assert run_trackscan("report", "--from", GOLDEN, "-q", "--fail-under", "50").code == 0


def test_report_with_links_uses_the_reports_root_as_prefix(run_trackscan, tmp_path: Path) -> None:
    data = json.loads(GOLDEN.read_text())
    data["root"], data["commit"] = "services/web", "abc123"
    source = tmp_path / "r.json"
    source.write_text(json.dumps(data))
    run = run_trackscan(
        "report",
        "--from",
        source,
        "-q",
        "--markdown",
        "-",
        "--source-url",
        "https://h.test/o/r/blob/{commit}/{path}#L{line}",
    )
    assert run.code == 0, run.stderr
    assert "(https://h.test/o/r/blob/abc123/services/web/app/matching.py#L5)" in run.stdout


@pytest.mark.parametrize("text", ["{}", "not json", '{"schema": 1}'])
def test_report_refuses_other_files(run_trackscan, tmp_path: Path, text: str) -> None:
    source = tmp_path / "r.json"
    source.write_text(text)
    run = run_trackscan("report", "--from", source)
    assert run.code == 2 and "not a trackscan JSON report" in run.stderr


def test_annotations_on_inside_github_actions(run_trackscan, monkeypatch) -> None:
    assert "::warning " not in run_trackscan(MATCHING, "-q").stdout
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    lines = run_trackscan(MATCHING, "-q").stdout.splitlines()
    assert sum(1 for line in lines if line.startswith("::warning ")) == 10
    assert lines[-1].startswith("::notice title=trackscan::")
    assert run_trackscan(MATCHING, "-q", "--no-github-annotations").stdout == ""


def test_annotations_move_to_stderr_when_stdout_is_a_report(run_trackscan) -> None:
    run = run_trackscan(MATCHING, "-q", "--github-annotations", "--json", "-")
    assert json.loads(run.stdout)["schema"] == 1
    assert "::warning file=app/matching.py,line=5" in run.stderr


def test_gitlab_report_from_a_scan(run_trackscan, tmp_path: Path) -> None:
    out = tmp_path / "gl-code-quality.json"
    assert run_trackscan(MATCHING, "-q", "--gitlab", out).code == 0
    items = json.loads(out.read_text())
    assert {i["check_name"] for i in items} >= {"unplanned-event", "near-miss-event-name"}


def test_history_file_grows_and_draws_the_trend(run_trackscan, tmp_path: Path) -> None:
    history = tmp_path / "history.jsonl"
    html = tmp_path / "report.html"
    for commit, golden in (("a" * 40, GOLDEN), ("b" * 40, GOLDEN), ("b" * 40, GOLDEN)):
        data = json.loads(golden.read_text())
        data["commit"] = commit
        source = tmp_path / "r.json"
        source.write_text(json.dumps(data))
        run = run_trackscan(
            "report",
            "--from",
            source,
            "-q",
            "--history",
            history,
            "--html",
            html,
            "--source-url",
            "https://h.test/o/r/blob/{commit}/{path}#L{line}",
        )
        assert run.code == 0, run.stderr
    lines = [json.loads(line) for line in history.read_text().splitlines()]
    assert [line["commit"] for line in lines] == ["a" * 40, "b" * 40], "a re-run replaces its line"
    assert lines[1]["landed"] == [] and lines[1]["regressed"] == []
    assert "Signed Up" in lines[1]["implemented"]
    page = html.read_text()
    assert '<section class="panel trend"' in page
    assert 'href="https://h.test/o/r/commit/' + "a" * 40 + '"' in page


def test_history_notes_what_landed(run_trackscan, tmp_path: Path) -> None:
    history = tmp_path / "history.jsonl"
    data = json.loads(GOLDEN.read_text())
    first = dict(data, commit="a" * 40)
    first["events"] = [
        dict(e, status="missing", locations=[]) if e["name"] == "Signed Up" else e
        for e in data["events"]
    ]
    for commit, report in (("a", first), ("b", dict(data, commit="b" * 40))):
        source = tmp_path / f"{commit}.json"
        source.write_text(json.dumps(report))
        assert run_trackscan("report", "--from", source, "-q", "--history", history).code == 0
    last = json.loads(history.read_text().splitlines()[-1])
    assert last["landed"] == ["Signed Up"]


def test_a_broken_history_line_is_named(run_trackscan, tmp_path: Path) -> None:
    history = tmp_path / "history.jsonl"
    history.write_text('{"date": "x"}\n')
    run = run_trackscan("report", "--from", GOLDEN, "-q", "--history", history)
    assert run.code == 2 and f"{history}:1: not a trackscan history point" in run.stderr
