"""Every workflow, the composite action and the pre-commit manifest pass three offline checks."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml")) + sorted(
    (ROOT / "docs" / "examples").glob("*.yml")
)
ACTION = ROOT / "action.yml"


def tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; install the test extras: pip install '.[test]'")
    return found


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_there_are_workflows_to_check() -> None:
    names = {w.name for w in WORKFLOWS}
    assert {"ci.yml", "trackscan.yml", "trackscan-comment.yml"} <= names


def test_actionlint() -> None:
    done = run(tool("actionlint"), *map(str, WORKFLOWS))
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflow_schema() -> None:
    done = run(
        tool("check-jsonschema"),
        "--builtin-schema",
        "vendor.github-workflows",
        *map(str, WORKFLOWS),
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_action_schema() -> None:
    done = run(tool("check-jsonschema"), "--builtin-schema", "vendor.github-actions", str(ACTION))
    assert done.returncode == 0, done.stdout + done.stderr


def test_zizmor_offline() -> None:
    done = run(tool("zizmor"), "--offline", "--no-progress", *map(str, WORKFLOWS), str(ACTION))
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_zizmor_ignore_gives_a_reason() -> None:
    for path in [*WORKFLOWS, ACTION]:
        for line in path.read_text().splitlines():
            if "zizmor: ignore" in line:
                reason = line.split("]", 1)[1].strip() if "]" in line else ""
                assert len(reason) > 10, f"{path.name}: ignore without a reason: {line.strip()}"


def test_third_party_actions_are_pinned_by_sha() -> None:
    for path in [*WORKFLOWS, ACTION]:
        for match in re.finditer(r"uses:\s*([^\s#]+)(.*)", path.read_text()):
            target, comment = match.groups()
            if target.startswith("./"):
                continue
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", target), (
                f"{path.name}: {target} is not pinned"
            )
            assert re.search(r"#\s*v\d", comment), f"{path.name}: {target} needs a # vX.Y.Z comment"


def test_pre_commit_manifest() -> None:
    done = run(tool("pre-commit"), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml"))
    assert done.returncode == 0, done.stdout + done.stderr
