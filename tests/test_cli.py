"""Exit codes, output streams and flags of `trackscan`, run in-process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
MATCHING = FIXTURES / "plan-matching"


def test_clean_scan_exits_zero(run_trackscan) -> None:
    run = run_trackscan(FIXTURES / "python-static-names", "--color", "never")
    assert run.code == 0
    assert "Plan coverage 100.0%" in run.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--fail-under", "50"], 0, ""),
        (["--fail-under", "60"], 1, "plan coverage 57.14% is below --fail-under 60%"),
        (["--fail-on", "missing"], 1, "--fail-on missing: 3 found"),
        (["--fail-on", "unplanned,near-miss"], 1, "--fail-on near-miss: 5 found"),
        (["--fail-on", "property"], 1, "--fail-on property: 5 found"),
        (["--fail-on", "dynamic"], 0, ""),
        (["--fail-on", "parse-error"], 0, ""),
        (["--fail-on", "missing", "--exit-zero"], 0, "--fail-on missing: 3 found"),
    ],
)
def test_gates(run_trackscan, args: list[str], code: int, message: str) -> None:
    run = run_trackscan(MATCHING, "-q", *args)
    assert run.code == code
    assert message in run.stderr
    assert run.stdout == ""


def test_fail_under_100_means_exactly_100(run_trackscan, tmp_path: Path) -> None:
    (tmp_path / "tracking-plan.yaml").write_text(
        "events:\n" + "".join(f"  - name: E{i}\n" for i in range(1000))
    )
    (tmp_path / "a.py").write_text(
        "from segment import analytics\n"
        + "".join(f'analytics.track("u", "E{i}")\n' for i in range(999))
    )
    run = run_trackscan(tmp_path, "-q", "--fail-under", "100")
    assert run.code == 1, "99.9% must not round up to pass a 100% gate"


def test_parse_errors_fail_only_when_asked(run_trackscan) -> None:
    broken = FIXTURES / "broken-inputs"
    assert run_trackscan(broken, "-q").code == 0
    run = run_trackscan(broken, "-q", "--fail-on", "parse-error")
    assert run.code == 1 and "--fail-on parse-error: 4 found" in run.stderr


def test_json_to_stdout_moves_summary_to_stderr(run_trackscan) -> None:
    run = run_trackscan(MATCHING, "--json", "-", "--color", "never")
    report = json.loads(run.stdout)
    assert report["summary"]["planned"] == 7
    assert "Plan coverage" in run.stderr


def test_json_file_is_written(run_trackscan, tmp_path: Path) -> None:
    out = tmp_path / "nested" / "report.json"
    run = run_trackscan(MATCHING, "-q", "--json", out)
    assert run.code == 0
    assert json.loads(out.read_text())["schema"] == 1
    assert not list(out.parent.glob(".*.tmp")), "no temporary file may be left behind"


def test_quiet_prints_nothing(run_trackscan) -> None:
    run = run_trackscan(MATCHING, "--quiet")
    assert run.stdout == "" and run.stderr == ""


def test_colour_only_when_asked_or_on_a_tty(run_trackscan, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "\x1b[" not in run_trackscan(MATCHING).stdout  # not a TTY
    assert "\x1b[" in run_trackscan(MATCHING, "--color", "always").stdout
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run_trackscan(MATCHING).stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run_trackscan(MATCHING).stdout


def test_verbose_lists_everything(run_trackscan, tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text(
        "from segment import analytics\n"
        + "".join(f'analytics.track("u", f"{{x}}{i}")\n' for i in range(15))
    )
    short = run_trackscan(tmp_path, "--color", "never").stdout
    assert "… and 5 more" in short
    assert "… and" not in run_trackscan(tmp_path, "--color", "never", "-v").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["does-not-exist"], "does-not-exist: path does not exist"),
        (["--plan", "nope.yaml"], "nope.yaml: plan file not found"),
        (["--fail-on", "misssing"], "unknown --fail-on kind 'misssing' (did you mean 'missing'?)"),
        (["--max-file-size", "lots"], "--max-file-size: expected a size"),
        (["--config", "nope.toml"], "nope.toml: config file not found"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    run_trackscan, args: list[str], message: str, monkeypatch
) -> None:
    monkeypatch.chdir(MATCHING)
    run = run_trackscan(*args)
    assert run.code == 2
    assert message in run.stderr
    assert "Traceback" not in run.stderr


def test_unknown_flag_is_a_usage_error(run_trackscan) -> None:
    run = run_trackscan("--no-such-flag")
    assert run.code == 2 and "unrecognized arguments" in run.stderr


def test_fail_under_needs_a_plan(run_trackscan) -> None:
    run = run_trackscan(FIXTURES / "inventory-mode", "--fail-under", "50")
    assert run.code == 2 and "need a tracking plan" in run.stderr


def test_invalid_plan_lists_every_problem_and_writes_no_report(
    run_trackscan, tmp_path: Path
) -> None:
    (tmp_path / "tracking-plan.yaml").write_text(
        "events:\n  - {name: A, typo: 1}\n  - {name: B, type: x}\n"
    )
    out = tmp_path / "report.json"
    run = run_trackscan(tmp_path, "--json", out)
    assert run.code == 2
    lines = run.stderr.strip().splitlines()
    assert lines[0].startswith(
        "trackscan: tracking-plan.yaml:2: events[0]: 'typo' is not a known key"
    )
    assert lines[1].startswith("trackscan: tracking-plan.yaml:3: events[1].type: 'x' is not one of")
    assert not out.exists()


def test_internal_error_exits_3_with_a_short_message(run_trackscan, monkeypatch) -> None:
    import trackscan.cli

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(trackscan.cli, "match", explode)
    run = run_trackscan(MATCHING)
    assert run.code == 3
    assert "internal error: RuntimeError: boom" in run.stderr
    assert "traceback saved to" in run.stderr
    assert "Traceback (most recent call last)" not in run.stderr


def test_a_crashing_file_is_a_problem_not_a_crash(
    run_trackscan, monkeypatch, tmp_path: Path
) -> None:
    import scanner
    from scanner.model import Language

    def explode(path: str, content: bytes, options: object) -> object:
        raise ValueError("extractor bug")

    monkeypatch.setitem(scanner.EXTRACTORS, Language.PYTHON, explode)
    # A file that can hold a call: others are not extracted (see the prefilter).
    (tmp_path / "a.py").write_text("import analytics\n")
    out = tmp_path / "r.json"
    run = run_trackscan(tmp_path, "-q", "--json", out)
    assert run.code == 0
    (error,) = json.loads(out.read_text())["errors"]
    assert error["kind"] == "internal-error" and "extractor bug" in error["message"]


def test_python_dash_m_and_console_script_agree(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "trackscan", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and done.stdout.startswith("trackscan ")


def test_the_command_leaves_at_once_with_its_output_whole_and_its_exit_code(
    tmp_path: Path,
) -> None:
    # `trackscan.__main__.run` ends with `os._exit`: nothing buffered may be lost.
    command = [sys.executable, "-m", "trackscan", str(MATCHING), "--no-cache"]
    done = subprocess.run(
        [*command, "--json", str(tmp_path / "r.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["calls"] and report["summary"]["planned"] > 0
    # The terminal summary, printed to a pipe (so buffered), is there to its last line.
    assert "Plan coverage" in done.stdout and done.stdout.endswith("\n")
    assert len(done.stdout.splitlines()) > 5
    gated = subprocess.run([*command, "-q", "--fail-on", "missing"], capture_output=True)
    assert gated.returncode == 1


def test_scan_subcommand_is_the_default(run_trackscan) -> None:
    assert run_trackscan("scan", MATCHING, "-q", "--fail-on", "missing").code == 1


def test_inventory_mode_reports_calls_without_statuses(run_trackscan) -> None:
    run = run_trackscan(FIXTURES / "inventory-mode", "--json", "-")
    report = json.loads(run.stdout)
    assert report["plan"] is None and report["summary"]["coverage"] is None
    assert {c["status"] for c in report["calls"]} == {"unchecked", "dynamic"}


def test_sdks_command_lists_every_preset_and_what_it_matches(run_trackscan) -> None:
    from scanner.sdks import PRESETS

    run = run_trackscan("sdks")
    assert run.code == 0
    for name, preset in PRESETS.items():
        assert f"\n{name} — {preset.title}\n" in run.stdout
    one = run_trackscan("sdks", "posthog").stdout
    assert (
        "capture(event, *, distinct_id, properties) → track (name: event; properties: properties)"
        in one
    )
    assert "capture(distinct_id, event, properties) → track" in one
    assert "mixpanel" not in one.split("\n", 2)[2]


def test_sdks_command_rejects_an_unknown_name(run_trackscan) -> None:
    run = run_trackscan("sdks", "posthgo")
    assert run.code == 2
    assert run.stderr.startswith("trackscan: unknown SDK 'posthgo' (did you mean 'posthog'?)")
