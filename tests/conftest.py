from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import golden
import pytest
from stand_ins import write_stand_ins

from scanner.model import ReportMeta

FIXTURES = Path(__file__).parent / "fixtures"
FIXED_VERSION = "0.0.0-test"
FIXED_DATE = "2026-01-01T00:00:00+00:00"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite golden files from actual output"
    )


def pytest_configure(config: pytest.Config) -> None:
    golden.UPDATE = bool(config.getoption("--update-golden"))


def pytest_sessionstart(session: pytest.Session) -> None:
    # Dependencies, virtual environments and build output the fixture repositories must hold
    # to prove they are never scanned: git-ignored, so written here.
    write_stand_ins(FIXTURES)


def fixed_meta(settings: object) -> ReportMeta:
    return ReportMeta(
        root=getattr(settings, "root_shown", "."),
        tool_version=FIXED_VERSION,
        generated_at=FIXED_DATE,
        commit=None,
    )


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_trackscan(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[object]:
    """Run the CLI in-process with fixed report metadata: run_trackscan(*args) -> Run."""
    import trackscan.cli
    import trackscan.outputs
    import trackscan.settings

    monkeypatch.setattr(trackscan.cli, "make_meta", fixed_meta)
    # Fixtures live inside this checkout: keep their paths relative to the fixture root.
    monkeypatch.setattr(trackscan.outputs, "repo_prefix", lambda root: "")
    # The default cache goes to a temporary directory, never into tests/fixtures.
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setattr(trackscan.settings, "default_cache_dir", lambda root: cache)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TRACKSCAN_CONFIG", raising=False)

    def run(*args: str | Path) -> Run:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = trackscan.cli.main([str(a) for a in args])
            except SystemExit as exit_:
                code = int(exit_.code or 0)
        return Run(code, out.getvalue(), err.getvalue())

    yield run


@pytest.fixture
def fixture_repo() -> object:
    def get(name: str) -> Path:
        path = FIXTURES / name
        assert path.is_dir(), f"no fixture repository {name}"
        return path

    return get


sys.setrecursionlimit(max(sys.getrecursionlimit(), 3000))
