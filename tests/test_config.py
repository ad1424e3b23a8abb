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


# ---------------------------------------------------------------------------
# What to look for: `sdks`, `[[calls]]`, `infer_wrappers`.

MIXPANEL_CALL = "from mixpanel import Mixpanel\nmp = Mixpanel('t')\nmp.track('u', 'A')\n"


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        (
            'sdks = ["mixpanl"]',
            "trackscan.toml: 'sdks': unknown SDK 'mixpanl' (did you mean 'mixpanel'?); known: "
            "segment, rudderstack, mixpanel, posthog, amplitude, ga4, snowplow, all",
        ),
        (
            "sdks = []",
            "trackscan.toml: 'sdks' must name at least one SDK: segment, rudderstack, mixpanel, posthog, amplitude, ga4, snowplow",
        ),
        ("sdks = [1]", "trackscan.toml: 'sdks' must be a list of SDK names, got [1]"),
        (
            "[[calls]]\nevent = 0",
            "trackscan.toml: calls[0].callee is required: the function as called, e.g. 'trackEvent'",
        ),
        (
            '[[calls]]\ncallee = "track event"\nevent = 0',
            "trackscan.toml: calls[0].callee: 'track event' is not a callee pattern (names joined "
            "by '.', with '()' for a call and '*' for anything: 'trackEvent', '*.track', "
            "'useAnalytics().track', 'self._track')",
        ),
        (
            '[[calls]]\ncallee = "a"\nevent = 0\n[[calls]]\ncallee = "b"\nmethod = "trak"\nevent = 0',
            "trackscan.toml: calls[1].method must be one of track, identify, page, screen, group, "
            "alias, got 'trak'",
        ),
        (
            '[[calls]]\ncallee = "trackEvent"',
            "trackscan.toml: calls[0].event is required for track calls: the argument's position "
            "(0 is the first), its keyword (Python) or its key in an object argument "
            "(JavaScript), or both as a list",
        ),
        (
            '[[calls]]\ncallee = "identifyUser"\nmethod = "identify"\nevent = 0',
            "trackscan.toml: calls[0].event: identify calls have no event name",
        ),
        (
            '[[calls]]\ncallee = "t"\nevent = -1',
            "trackscan.toml: calls[0].event: positions count from 0, got -1",
        ),
        (
            '[[calls]]\ncallee = "t"\nevent = true',
            "trackscan.toml: calls[0].event must be a position, a name, or a list of both, got True",
        ),
        (
            '[[calls]]\ncallee = "t"\nevent = 0\nproperties = [""]',
            "trackscan.toml: calls[0].properties: a name cannot be empty",
        ),
        (
            '[[calls]]\ncallee = "t"\nevent = 0\nlanguage = "ruby"',
            "trackscan.toml: calls[0].language must be 'python' or 'javascript' (which includes "
            "TypeScript), got 'ruby'",
        ),
        (
            '[[calls]]\ncallee = "t"\nevnt = 0',
            "trackscan.toml: calls[0]: unknown key 'evnt' (did you mean 'event'?); expected "
            "callee, method, event, properties, language",
        ),
        (
            'calls = "trackEvent"',
            "trackscan.toml: 'calls' must be an array of tables ([[calls]] entries), got 'trackEvent'",
        ),
        ("infer_wrappers = 1", "trackscan.toml: 'infer_wrappers' must be true or false, got 1"),
    ],
)
def test_bad_call_settings_stop_the_run(run_trackscan, repo: Path, toml: str, message: str) -> None:
    (repo / "trackscan.toml").write_text(toml + "\n")
    run = run_trackscan(repo, "-q")
    assert run.code == 2
    assert (
        run.stderr
        == f"trackscan: {repo / 'trackscan.toml'}: {message.removeprefix('trackscan.toml: ')}\n"
    )


def test_pyproject_calls_tables_are_read(run_trackscan, repo: Path) -> None:
    (repo / "app.py").write_text("from acme import track_event\ntrack_event('u', 'A')\n")
    (repo / "pyproject.toml").write_text(
        '[tool.trackscan]\nplan = "plans/plan.yaml"\n\n'
        '[[tool.trackscan.calls]]\ncallee = "track_event"\nevent = 1\n'
    )
    report = report_of(run_trackscan, repo)
    calls = [(c["path"], c["callee"], c["event"], c["sdk"]) for c in report["calls"]]
    assert ("app.py", "track_event", "A", "custom") in calls


def test_sdk_flag_replaces_the_configured_presets(run_trackscan, repo: Path) -> None:
    (repo / "mp.py").write_text(MIXPANEL_CALL)
    (repo / "trackscan.toml").write_text('sdks = ["segment"]\nplan = "plans/plan.yaml"\n')
    by_sdk = lambda report: sorted({c["sdk"] for c in report["calls"]})  # noqa: E731
    assert by_sdk(report_of(run_trackscan, repo)) == ["segment"]
    assert by_sdk(report_of(run_trackscan, repo, "--sdk", "mixpanel")) == ["mixpanel"]
    both = report_of(run_trackscan, repo, "--sdk", "segment", "--sdk", "mixpanel")
    assert by_sdk(both) == ["mixpanel", "segment"]
    assert by_sdk(report_of(run_trackscan, repo, "--sdk", "all")) == ["mixpanel", "segment"]


def test_unknown_sdk_flag_is_a_usage_error(run_trackscan, repo: Path) -> None:
    run = run_trackscan(repo, "--sdk", "segmnt")
    assert run.code == 2
    assert "unknown SDK 'segmnt' (did you mean 'segment'?)" in run.stderr
    assert run.stderr.startswith("trackscan: '--sdk': ")


def test_no_infer_wrappers_flag_and_key(run_trackscan, repo: Path) -> None:
    (repo / "lib.py").write_text(
        "from segment import analytics\n\ndef t(name):\n    analytics.track('u', name)\n"
    )
    (repo / "app.py").write_text("from lib import t\nt('A')\n")
    (repo / "trackscan.toml").write_text('plan = "plans/plan.yaml"\n')
    statuses = lambda report: sorted(c["status"] for c in report["calls"])  # noqa: E731
    found = report_of(run_trackscan, repo)
    assert statuses(found) == ["forwarding", "planned", "planned"]
    assert [w["name"] for w in found["wrappers"]] == ["t"]
    off = report_of(run_trackscan, repo, "--no-infer-wrappers")
    assert statuses(off) == ["dynamic", "planned"] and off["wrappers"] == []
    (repo / "trackscan.toml").write_text('plan = "plans/plan.yaml"\ninfer_wrappers = false\n')
    assert statuses(report_of(run_trackscan, repo)) == ["dynamic", "planned"]
