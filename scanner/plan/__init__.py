"""Load a tracking plan from any supported format into a `TrackingPlan`."""

from __future__ import annotations

from pathlib import Path

from scanner.errors import PlanError
from scanner.model import TrackingPlan
from scanner.plan.documents import load_document
from scanner.plan.native import load_native

PLAN_FILE_NAMES = ("tracking-plan.yaml", "tracking-plan.yml", "tracking-plan.json")
NATIVE_SUFFIXES = (".yaml", ".yml", ".json")


def find_default_plan(root: Path) -> Path | None:
    """The first of the conventional plan file names at the scanned root."""
    directory = root if root.is_dir() else root.parent
    for name in PLAN_FILE_NAMES:
        candidate = directory / name
        if candidate.is_file():
            return candidate
    return None


def load_plan(path: Path, shown: str | None = None, plan_format: str | None = None) -> TrackingPlan:
    """Read the plan at `path`; `shown` is how messages name the file."""
    shown = shown or str(path)
    if path.is_dir():
        raise PlanError("plan is a directory; expected a .yaml, .yml or .json file", shown)
    if not path.exists():
        raise PlanError("plan file not found", shown)
    if plan_format not in (None, "native"):
        raise PlanError(f"unknown plan format '{plan_format}'", shown)
    if path.suffix.lower() not in NATIVE_SUFFIXES:
        raise PlanError("unsupported plan file type; expected .yaml, .yml or .json", shown)
    return load_native(load_document(path, shown))
