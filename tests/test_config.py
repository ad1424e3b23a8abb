"""Config precedence (defaults < file < flags), unknown keys warn, wrong types stop the run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from trackscan.config import parse_size

CALL = 'from segment import analytics\nanalytics.track("u", "{}")\n'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "plan.yaml").write_text("events:\n  - name: A\n  - name: B\n")
    (tmp_path / "app.py").write_text(CALL.format("A"))
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "tool.py").write_text(CALL.format("B"))
    return tmp_path


def report_of(run_trackscan, repo: Path, *args: str) -> dict:
    out = repo / "out.json"
    run = run_trackscan(repo, "-q", "--json", out, *args)
    assert run.code in (0, 1), run.stderr
    return json.loads(out.read_text())


def test_pyproject_table_is_read(run_trackscan, repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.trackscan]\nplan = "plans/plan.yaml"\nexclude = ["scripts/"]\n'
    )
    report = report_of(run_trackscan, repo)
    assert report["plan"]["path"] == "plans/plan.yaml"
    assert report["summary"]["implemented"] == 1


def test_trackscan_toml_wins_over_pyproject(run_trackscan, repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[tool.trackscan]\nexclude = ["scripts/"]\nplan = "plans/plan.yaml"\n'
    )
    (repo / "trackscan.toml").write_text('plan = "plans/plan.yaml"\n')
    assert report_of(run_trackscan, repo)["summary"]["implemented"] == 2


def test_flags_override_the_file(run_trackscan, repo: Path) -> None:
    (repo / "trackscan.toml").write_text('plan = "plans/plan.yaml"\nfail_under = 100\n')
    assert run_trackscan(repo, "-q", "--exclude", "scripts/").code == 1
    assert run_trackscan(repo, "-q", "--exclude", "scripts/", "--fail-under", "50").code == 0


def test_paths_in_config_are_relative_to_the_config_file(
    run_trackscan, repo: Path, monkeypatch
) -> None:
    (repo / "trackscan.toml").write_text('plan = "plans/plan.yaml"\n')
    monkeypatch.chdir(repo / "scripts")
    assert run_trackscan("..", "-q").code == 0


def test_explicit_config_and_environment(run_trackscan, repo: Path, monkeypatch) -> None:
    other = repo / "ci.toml"
    other.write_text('plan = "plans/plan.yaml"\nfail_on = ["missing"]\nexclude = ["scripts/"]\n')
    assert run_trackscan(repo, "-q", "--config", other).code == 1
    monkeypatch.setenv("TRACKSCAN_CONFIG", str(other))
    assert run_trackscan(repo, "-q").code == 1


def test_unknown_key_warns_with_a_suggestion(run_trackscan, repo: Path) -> None:
    (repo / "pyproject.toml").write_text(
        '[tool.trackscan]\nplan = "plans/plan.yaml"\nexclud = ["x"]\n'
    )
    run = run_trackscan(repo, "-q")
    assert run.code == 0
    assert (
        "pyproject.toml: unknown option [tool.trackscan] 'exclud' (did you mean 'exclude'?)"
        in run.stderr
    )


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('fail_under = "high"', "'fail_under' must be a number, got 'high'"),
        ("fail_under = true", "'fail_under' must be a number, got True"),
        ("exclude = 3", "'exclude' must be a list of strings, got 3"),
        ('quiet = "yes"', "'quiet' must be true or false"),
        ('color = "sometimes"', "'color' must be one of 'auto', 'always', 'never'"),
        ('max_file_size = "big"', "'max_file_size' must be a size in bytes"),
        ('fail_on = ["everything"]', "unknown --fail-on kind 'everything'"),
        ("plan = ", "invalid TOML"),
    ],
)
def test_wrong_types_exit_2(run_trackscan, repo: Path, toml: str, message: str) -> None:
    (repo / "trackscan.toml").write_text(toml + "\n")
    run = run_trackscan(repo, "-q")
    assert run.code == 2, run.stderr
    assert message in run.stderr
    assert "trackscan.toml" in run.stderr or "fail-on" in run.stderr


def test_pyproject_without_our_table_is_ignored(run_trackscan, repo: Path) -> None:
    (repo / "pyproject.toml").write_text("[tool.black]\nline-length = 100\n")
    run = run_trackscan(repo, "-q", "--plan", repo / "plans" / "plan.yaml")
    assert run.code == 0 and run.stderr == ""


@pytest.mark.parametrize(
    ("value", "size"),
    [
        (1024, 1024),
        ("2 MiB", 2 * 1024**2),
        ("500kB", 500_000),
        ("1.5M", 1_500_000),
        ("10", 10),
        ("3 KiB", 3072),
    ],
)
def test_sizes(value: object, size: int) -> None:
    assert parse_size(value) == size
