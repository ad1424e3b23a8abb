"""The report flags and config keys: --html, --markdown, --sarif, --source-url, --baseline."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES

import trackscan.cli
import trackscan.outputs
import trackscan.settings
from reports import write_atomic
from reports.links import SourceLinks, check_template

SHOP = FIXTURES / "reports-shop"

TEMPLATES = [
    ("https://github.com/o/r/blob/{commit}/{path}#L{line}", None),
    ("https://example.test/{path}", None),
    ("ftp://example.test/{path}", "starting with https:// or http://"),
    ("javascript:alert(1)//{path}", "starting with https:// or http://"),
    ("https://example.test/{file}#L{line}", "not {file}"),
    ("https://example.test/blob/{commit}", "with a {path} placeholder"),
]


@pytest.mark.parametrize(("template", "problem"), TEMPLATES, ids=range(len(TEMPLATES)))
def test_source_url_templates(template: str, problem: str | None) -> None:
    found = check_template(template)
    assert found is None if problem is None else problem in (found or "")


def test_links_encode_paths_from_the_scanned_tree() -> None:
    links = SourceLinks("https://h.test/blob/{commit}/{path}#L{line}", "abc", "sub dir/")
    url = links.url("a b/#x?.py", 7)
    assert url == "https://h.test/blob/abc/sub%20dir/a%20b/%23x%3F.py#L7"


def test_a_bad_source_url_flag_is_a_usage_error(run_trackscan: Any) -> None:
    run = run_trackscan(SHOP, "--source-url", "file:///etc/{path}")
    assert run.code == 2
    assert "--source-url must be a URL template starting with https:// or http://" in run.stderr


def test_a_bad_source_url_in_config_names_the_file(run_trackscan: Any, tmp_path: Path) -> None:
    config = tmp_path / "trackscan.toml"
    config.write_text('source_url = "https://h.test/{file}"\n', encoding="utf-8")
    run = run_trackscan(SHOP, "--config", config)
    assert run.code == 2
    assert f"{config}: 'source_url' must be a URL template with only the placeholders" in run.stderr


def test_config_keys_write_every_output(run_trackscan: Any, tmp_path: Path) -> None:
    config = tmp_path / "trackscan.toml"
    config.write_text(
        'html = "out/r.html"\nmarkdown = "out/r.md"\nsarif = "out/r.sarif"\n'
        'source_url = "https://h.test/{path}#L{line}"\n',
        encoding="utf-8",
    )
    run = run_trackscan(SHOP, "--config", config, "-q")
    assert run.code == 0, run.stderr
    out = tmp_path / "out"
    assert "(https://h.test/shop/accounts.py#L17)" in (out / "r.md").read_text()
    assert json.loads((out / "r.sarif").read_text())["version"] == "2.1.0"
    assert '"template": "https://h.test/{path}#L{line}"' in (out / "r.html").read_text()


@pytest.mark.parametrize("flag", ["--markdown", "--sarif"])
def test_an_output_on_stdout_moves_the_summary_to_stderr(run_trackscan: Any, flag: str) -> None:
    run = run_trackscan(SHOP, flag, "-", "--color", "never")
    assert run.code == 0
    assert run.stdout.startswith("<!-- trackscan-report -->" if flag == "--markdown" else "{")
    assert "Plan coverage 71.4%" in run.stderr


def test_only_one_output_can_go_to_stdout(run_trackscan: Any) -> None:
    run = run_trackscan(SHOP, "--json", "-", "--sarif", "-")
    assert run.code == 2
    assert "only one output can go to stdout: --json and --sarif" in run.stderr


def test_html_needs_a_file(run_trackscan: Any) -> None:
    run = run_trackscan(SHOP, "--html", "-")
    assert run.code == 2 and "--html needs a file name" in run.stderr


def test_links_needing_a_commit_outside_git_warn_and_are_left_out(
    run_trackscan: Any, tmp_path: Path
) -> None:
    out = tmp_path / "comment.md"
    template = "https://h.test/blob/{commit}/{path}#L{line}"
    run = run_trackscan(SHOP, "--markdown", out, "--source-url", template, "-q")
    assert run.code == 0
    assert (
        "--source-url uses {commit}, but the report has no commit (not scanned in a git checkout)"
        in run.stderr
    )
    assert "](" not in out.read_text()


def test_sarif_paths_start_at_the_repository_top(
    run_trackscan: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(trackscan.outputs, "repo_prefix", lambda root: "services/shop/")
    out = tmp_path / "r.sarif"
    assert run_trackscan(SHOP, "--sarif", out, "-q").code == 0
    results = json.loads(out.read_text())["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {
        "services/shop/shop/accounts.py",
        "services/shop/shop/catalog.py",
        "services/shop/shop/checkout.py",
    }


def test_repo_prefix_of_a_subdirectory_of_this_checkout() -> None:
    prefix = trackscan.settings.repo_prefix(SHOP)
    if not prefix:
        pytest.skip("not running inside a git checkout")
    assert prefix.endswith("tests/fixtures/reports-shop/")


def test_written_reports_are_ordinary_files(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "report.html"
    write_atomic(target, "<!doctype html>")
    umask = os.umask(0)
    os.umask(umask)
    # As any file the user writes (not the 0600 of a temporary file).
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in target.parent.iterdir()] == ["report.html"]


def test_a_report_is_written_past_a_leftover_temporary_and_a_failure_leaves_none(
    tmp_path: Path,
) -> None:
    target = tmp_path / "report.json"
    leftover = tmp_path / f".report.json.{os.getpid()}.0.tmp"  # a crashed run's, same pid
    leftover.write_text("half a report")
    write_atomic(target, "{}")
    assert target.read_text() == "{}" and leftover.read_text() == "half a report"
    folder = tmp_path / "taken"
    folder.mkdir()
    with pytest.raises(OSError):
        write_atomic(folder, "{}")  # a directory stands where the report goes
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [leftover.name, "report.json", "taken"]
    )
