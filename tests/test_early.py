"""The guess that starts the workers before the CLI loads (`trackscan.early`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import scanner.workers
import trackscan.early
from trackscan.early import cold_scan_likely, start_workers_early


@pytest.fixture(autouse=True)
def two_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scanner.workers, "default_jobs", lambda: 2)


@pytest.mark.parametrize(
    "argv",
    [
        ["history", "."],
        ["merge", "a.json"],
        ["--help"],
        [".", "--version"],
        [".", "--jobs", "1"],
        [".", "--jobs=1"],
        [".", "-j1"],
        [".", "-j", "1"],
    ],
)
def test_no_early_start_for_other_commands_or_one_process(
    argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert not cold_scan_likely(argv)


def test_a_scan_without_a_cache_yet_starts_early(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "repo").mkdir()
    assert cold_scan_likely([])
    assert cold_scan_likely(["repo", "--json", "out.json"])
    assert cold_scan_likely(["repo", "--jobs", "4", "--no-cache"])


def test_a_cache_where_the_arguments_say_means_no_early_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "repo" / ".trackscan_cache").mkdir(parents=True)
    (tmp_path / "repo" / ".trackscan_cache" / "cache.sqlite3").write_bytes(b"")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "cache.sqlite3").write_bytes(b"")
    assert not cold_scan_likely(["repo", "--json", "out.json"])
    assert not cold_scan_likely([".", "--cache-dir", "elsewhere"])
    assert not cold_scan_likely([".", "--cache-dir=elsewhere"])
    assert cold_scan_likely(["repo", "--no-cache"])  # no cache at all: cold by definition
    assert cold_scan_likely(["repo", "--cache-dir", "empty"])


def test_the_config_file_the_scan_reads_is_part_of_the_guess(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRACKSCAN_CONFIG", raising=False)
    repo = tmp_path / "repo"
    (repo / "build" / "ts").mkdir(parents=True)
    (repo / "build" / "ts" / "cache.sqlite3").write_bytes(b"")
    config = repo / "trackscan.toml"
    config.write_text('cache_dir = "build/ts"\n')  # relative to the config file
    assert not cold_scan_likely(["repo"])
    assert cold_scan_likely(["repo", "--cache-dir", "empty"])  # the argument wins
    config.write_text("jobs = 1\n")
    assert not cold_scan_likely(["repo"])
    assert cold_scan_likely(["repo", "--jobs", "4"])
    (repo / ".trackscan_cache").mkdir()
    (repo / ".trackscan_cache" / "cache.sqlite3").write_bytes(b"")
    config.write_text("cache = false\n")  # no cache at all: every scan is cold
    assert cold_scan_likely(["repo"])
    config.unlink()
    pyproject = repo / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n\n[tool.trackscan]\ncache = false\n')
    assert cold_scan_likely(["repo"])
    pyproject.write_text("[tool.other]\ncache = false\n")  # not trackscan's: not read
    assert not cold_scan_likely(["repo"])
    elsewhere = tmp_path / "ci.toml"
    elsewhere.write_text("cache = false\n")
    assert cold_scan_likely(["repo", "--config", str(elsewhere)])
    monkeypatch.setenv("TRACKSCAN_CONFIG", str(elsewhere))
    assert cold_scan_likely(["repo"])


def test_a_failing_guess_is_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(argv: list[str]) -> bool:
        raise OSError("no /proc")

    monkeypatch.setattr(trackscan.early, "cold_scan_likely", broken)
    start_workers_early(["."])  # does not raise


def test_the_command_scans_with_its_workers_started_early(tmp_path: Path) -> None:
    root = Path(__file__).parent / "fixtures" / "python-static-names"
    out = tmp_path / "report.json"
    command = [sys.executable, "-m", "trackscan", str(root), "--json", str(out), "-q"]
    command += ["--cache-dir", str(tmp_path / "cache"), "--jobs", "2"]
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    assert done.stderr == ""
    assert '"calls"' in out.read_text()


def test_the_guess_looks_where_the_scan_keeps_its_cache(tmp_path: Path) -> None:
    import scanner.cache
    import trackscan.config
    import trackscan.settings

    assert trackscan.early.CACHE_DATABASE == scanner.cache.DATABASE
    default = trackscan.settings.default_cache_dir(tmp_path)
    assert default == tmp_path / trackscan.early.DEFAULT_CACHE
    # The config file: found and read by the same code as the scan's settings.
    assert trackscan.early.config_file_path is trackscan.config.config_file_path
