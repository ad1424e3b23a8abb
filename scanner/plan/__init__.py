"""Load a tracking plan from any supported format into a `TrackingPlan`.

The importer is chosen by extension and content (`--plan-format` forces a family):

| family        | files                                                                    |
|---------------|--------------------------------------------------------------------------|
| `native`      | trackscan's own YAML or JSON (`native.py`)                               |
| `csv`         | spreadsheet exports, one row per event or per property (`csv_plan.py`)   |
| `segment`     | Segment Public API / Config API plans, Typewriter `plan.json` and        |
|               | `typewriter.yml` (`protocols.py`, `typewriter_config.py`)                |
| `rudderstack` | rudder-cli YAML projects, Data Catalog API JSON, RudderTyper `plan.json` |
|               | and `ruddertyper.yml` (`rudder_cli.py`, `rudderstack.py`)                |
| `jsonschema`  | one JSON Schema per event, Iglu self-describing schemas included         |
|               | (`jsonschema_dir.py`)                                                    |

A directory is a rudder-cli project, a folder holding one conventional plan file, or a tree
of JSON Schemas.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from scanner.errors import PlanError
from scanner.suggest import did_you_mean

if TYPE_CHECKING:
    from scanner.model import TrackingPlan

PLAN_FILE_NAMES = (
    "tracking-plan.yaml",
    "tracking-plan.yml",
    "tracking-plan.json",
    "tracking-plan.csv",
)
PLAN_FORMATS = ("auto", "native", "csv", "segment", "rudderstack", "jsonschema")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")  # Excel saves "Unicode Text" as .txt
DOCUMENT_SUFFIXES = (".json", ".yaml", ".yml", "")  # no extension: Iglu schemas


def find_default_plan(root: Path) -> Path | None:
    """The first of the conventional plan file names at the scanned root."""
    directory = root if root.is_dir() else root.parent
    for name in PLAN_FILE_NAMES:
        candidate = directory / name
        if candidate.is_file():
            return candidate
    return None


def load_plan(path: Path, shown: str | None = None, plan_format: str | None = None) -> TrackingPlan:
    """Read the plan at `path` (a file or a directory); `shown` is how messages name it."""
    shown = shown or str(path)
    family = plan_format or "auto"
    if family not in PLAN_FORMATS:
        suggestion = did_you_mean(family, PLAN_FORMATS)
        raise PlanError(
            f"unknown plan format '{family}'{suggestion}; expected one of "
            + ", ".join(PLAN_FORMATS),
            shown,
        )
    if not path.exists():
        raise PlanError("plan file not found", shown)
    # The readers (YAML, CSV, JSON Schema) are imported only when a plan is read.
    from scanner.plan.loading import load_directory, load_file

    if path.is_dir():
        return load_directory(path, shown, family)
    return load_file(path, shown, family)
