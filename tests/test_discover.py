"""File discovery beyond the `discovery` fixture: git checkouts, subdirectories, include globs."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from stand_ins import STAND_INS

from scanner.discover import DiscoverOptions, discover
from scanner.model import ProblemKind
from scanner.source import looks_minified, read_source


def tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def paths(root: Path, **options: object) -> list[str]:
    return [f.path for f in discover(root, DiscoverOptions(**options)).files]  # type: ignore[arg-type]


def test_stand_ins_are_skipped_by_name_without_any_gitignore(tmp_path: Path) -> None:
    """The `discovery` fixture's dependencies, virtual environments, build output and
    bytecode caches, outside this checkout (whose .gitignore also lists them) and with no
    .gitignore at all: discovery skips them by their directory names alone."""
    files = STAND_INS["discovery"]
    tree(tmp_path, {**files, "app/main.py": ""})
    assert paths(tmp_path, respect_gitignore=False) == ["app/main.py"]


def test_parent_gitignore_applies_when_scanning_a_subdirectory(tmp_path: Path) -> None:
    tree(
        tmp_path,
        {
            ".gitignore": "/services/api/generated/\n*.tmp.py\n",
            "services/.gitignore": "legacy/\n",
            "services/api/app.py": "",
            "services/api/generated/models.py": "",
            "services/api/x.tmp.py": "",
            "services/api/legacy/old.py": "",
        },
    )
    (tmp_path / ".git").mkdir()
    assert paths(tmp_path / "services" / "api") == ["app.py"]


def test_git_info_exclude_is_honoured(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".git" / "info").mkdir(exist_ok=True)
    (tmp_path / ".git" / "info" / "exclude").write_text("private.py\n")
    tree(tmp_path, {"private.py": "", "public.py": ""})
    assert paths(tmp_path) == ["public.py"]


def test_gitignore_is_honoured_outside_a_checkout_and_can_be_turned_off(tmp_path: Path) -> None:
    tree(tmp_path, {".gitignore": "skip.py\n", "skip.py": "", "keep.py": ""})
    assert paths(tmp_path) == ["keep.py"]
    assert paths(tmp_path, respect_gitignore=False) == ["keep.py", "skip.py"]


def test_include_and_exclude_globs(tmp_path: Path) -> None:
    tree(tmp_path, {"a/x.py": "", "a/tests/test_x.py": "", "b/y.py": ""})
    assert paths(tmp_path, include=("a/",)) == ["a/tests/test_x.py", "a/x.py"]
    assert paths(tmp_path, exclude=("tests/", "b/*.py")) == ["a/x.py"]


def test_a_single_file_root(tmp_path: Path) -> None:
    tree(tmp_path, {"only.py": ""})
    assert paths(tmp_path / "only.py") == ["only.py"]


def test_files_reached_twice_through_symlinks_are_scanned_once(tmp_path: Path) -> None:
    tree(tmp_path, {"real/a.py": ""})
    (tmp_path / "alias").symlink_to(tmp_path / "real")
    assert paths(tmp_path) == ["alias/a.py"]


def test_unreadable_file_is_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tree(tmp_path, {"a.py": ""})

    def deny(path: str, mode: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", deny)  # root reads any file: deny it by hand
    problem = read_source(str(tmp_path / "a.py"), "a.py")
    assert not isinstance(problem, bytes)
    assert problem.kind is ProblemKind.UNREADABLE and "Permission denied" in problem.message


@pytest.mark.parametrize(
    ("name", "content", "minified"),
    [
        ("vendor.min.js", b"var a=1;", True),
        (
            "bundle.js",
            (b"!function(e){var t={};function n(r){if(t[r])return t[r].exports;}" * 200 + b"\n")
            * 3,
            True,
        ),
        # transpiled: long helper lines at the top, ordinary code after
        (
            "app.js",
            b"var __assign=function(){"
            + b"a=1;" * 400
            + b"};\n"
            + b"analytics.track('A');\n" * 400,
            False,
        ),
        # an icon component: one long SVG path, few code characters on it
        (
            "Icon.jsx",
            b'export const Icon = () => (\n  <svg><path d="'
            + b"M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 " * 300
            + b'" /></svg>\n);\n',
            False,
        ),
        ("small.js", b"x();" * 10, False),
        # the bundle after a license banner: its long line is not the first
        ("banner.js", b"/*! license */\n" + b"f(a);g(b);" * 600 + b"\n", True),
        # dense lines of exactly the limit are not long
        ("edge.js", (b"f(a);" * 200 + b"\n") * 30, False),
        ("edge-plus-one.js", (b"f(a);" * 200 + b";\n") * 30, True),
    ],
)
def test_minified_is_decided_by_the_whole_file(name: str, content: bytes, minified: bool) -> None:
    assert looks_minified(name, content) is minified


@pytest.mark.parametrize("hint", [None, 0, 3, 5, 100_000])
def test_a_file_is_read_whole_whatever_size_discovery_saw(tmp_path: Path, hint: int | None) -> None:
    content = b"x = 1\n" * 20_000  # grown, shrunk or as it was since it was found
    (tmp_path / "a.py").write_bytes(content)
    assert read_source(str(tmp_path / "a.py"), "a.py", hint) == content


def test_a_file_that_cannot_be_read_is_a_note_when_its_size_is_known(tmp_path: Path) -> None:
    problem = read_source(str(tmp_path), "a.py", 10)  # a directory where a file was
    assert not isinstance(problem, bytes)
    assert problem.kind is ProblemKind.UNREADABLE and "Is a directory" in problem.message


def write_file_named_in_latin1(directory: Path) -> None:
    """`café.py`, named in Latin-1 on a UTF-8 system, with an `Odd` event (or skip the test
    where the filesystem takes UTF-8 names only)."""
    try:
        with open(bytes(directory) + b"/caf\xe9.py", "wb") as file:  # noqa: PTH123 (bytes)
            file.write(b"import analytics\nanalytics.track('u', 'Odd')\n")
    except OSError:
        pytest.skip("this filesystem takes UTF-8 names only")


def test_a_file_name_that_is_not_utf8_is_scanned_and_shown_escaped(tmp_path: Path) -> None:
    write_file_named_in_latin1(tmp_path)
    [found] = discover(tmp_path).files
    assert found.path == "caf\\xe9.py"
    assert read_source(found.absolute, found.path, found.size) == Path(found.absolute).read_bytes()


def test_reports_name_a_file_that_is_not_utf8(tmp_path: Path, run_trackscan: object) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    write_file_named_in_latin1(root)
    outputs = {kind: tmp_path / f"report.{kind}" for kind in ("json", "html", "markdown", "sarif")}
    args = [arg for kind, path in outputs.items() for arg in (f"--{kind}", path)]
    run = run_trackscan(root, "-q", *args)  # type: ignore[operator]
    assert run.code == 0, run.stderr
    calls = json.loads(outputs["json"].read_text(encoding="utf-8"))["calls"]
    assert [(call["path"], call["event"]) for call in calls] == [("caf\\xe9.py", "Odd")]
    assert "caf\\xe9.py" in outputs["markdown"].read_text(encoding="utf-8")
