"""Golden files: compare output with a reviewed expected file.

On a mismatch the actual output is written beside the golden as `<name>.actual` (git-ignored)
so the difference can be inspected with any diff tool; `pytest --update-golden` rewrites
the goldens instead. Review every golden diff before committing it: it is a behaviour change.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

UPDATE = False  # set by the --update-golden option in conftest.py


def assert_golden(actual: str, golden: Path) -> None:
    actual_path = golden.with_name(golden.name + ".actual")
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8", newline="\n")
        actual_path.unlink(missing_ok=True)
        return
    if not golden.exists():
        actual_path.write_text(actual, encoding="utf-8", newline="\n")
        pytest.fail(
            f"no golden file {golden}; review {actual_path.name} and run pytest --update-golden"
        )
    expected = golden.read_text(encoding="utf-8")
    if actual == expected:
        actual_path.unlink(missing_ok=True)
        return
    actual_path.write_text(actual, encoding="utf-8", newline="\n")
    diff = "".join(
        difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=str(golden),
            tofile=str(actual_path),
        )
    )
    pytest.fail(f"output differs from golden {golden.name}:\n{diff}", pytrace=False)
