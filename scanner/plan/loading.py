"""Reading a plan file or directory with the importer its name and content call for."""

from __future__ import annotations

import re
from pathlib import Path

from scanner.errors import PlanError
from scanner.model import TrackingPlan
from scanner.plan import CSV_SUFFIXES, DOCUMENT_SUFFIXES, PLAN_FILE_NAMES
from scanner.plan.csv_plan import load_csv
from scanner.plan.documents import Document, load_document
from scanner.plan.jsonschema_dir import (
    is_json_schema,
    load_schema_dir,
    load_schema_file,
    schema_files,
)
from scanner.plan.native import load_native
from scanner.plan.payloads import is_public_api, is_rules_object
from scanner.plan.protocols import load_segment
from scanner.plan.rudder_cli import is_rudder_cli, load_rudder_project, project_files
from scanner.plan.rudderstack import (
    is_data_catalog_plan,
    is_ruddertyper_plan,
    load_data_catalog_plan,
    load_ruddertyper_plan,
)
from scanner.plan.typewriter_config import is_typewriter_config, load_typewriter_config

# Files that hold a whole plan when they sit at the top of a directory given as --plan.
_DIRECTORY_PLAN_FILES = (
    *PLAN_FILE_NAMES,
    "plan.json",
    "typewriter.yml",
    "typewriter.yaml",
    "ruddertyper.yml",
    "ruddertyper.yaml",
)
_RUDDER_VERSION = re.compile(r"^version:\s*[\"']?rudder/", re.MULTILINE)


def load_file(path: Path, shown: str, family: str) -> TrackingPlan:
    if path.suffix.lower() in CSV_SUFFIXES or family == "csv":
        if family not in ("auto", "csv"):
            raise PlanError(f"a spreadsheet export is a csv plan, not {family}", shown)
        return load_csv(path, shown)
    if family == "auto" and path.suffix.lower() not in DOCUMENT_SUFFIXES:
        raise PlanError(
            "unsupported plan file type; expected .yaml, .yml, .json or .csv "
            "(or name the format with --plan-format)",
            shown,
        )
    document = load_document(path, shown)
    if family == "auto":
        family = _detect(document.data)
    if family == "rudder-cli":
        return load_rudder_project(path.parent, _parent(shown), chosen=path)
    if family == "native":
        return load_native(document)
    if family == "jsonschema":
        if not is_json_schema(document.data):
            raise PlanError(
                "not a JSON Schema of an event: expected an object schema with 'properties'",
                shown,
                1,
            )
        return load_schema_file(document, path.stem if path.suffix else path.name)
    if is_typewriter_config(document.data):
        return load_typewriter_config(
            document, path, lambda cached, cached_shown: load_file(cached, cached_shown, "auto")
        )
    if family == "segment":
        return load_segment(document)
    return _load_rudderstack(document, path)


def _detect(data: object) -> str:
    if is_rudder_cli(data):
        return "rudder-cli"
    if is_typewriter_config(data):
        return "segment"  # the config itself says whether Segment or RudderStack keeps it
    if is_ruddertyper_plan(data) or is_data_catalog_plan(data):
        return "rudderstack"
    if is_public_api(data) or is_rules_object(data):
        return "segment"
    if is_json_schema(data):
        return "jsonschema"
    return "native"  # its schema validation explains what is wrong with anything else


def _load_rudderstack(document: Document, path: Path) -> TrackingPlan:
    data = document.data
    if is_rudder_cli(data):
        return load_rudder_project(path.parent, _parent(document.path), chosen=path)
    if is_data_catalog_plan(data):
        return load_data_catalog_plan(document)
    if is_rules_object(data):
        return load_ruddertyper_plan(document)
    raise PlanError(
        "not a RudderStack tracking plan: expected a rudder-cli YAML file (version: rudder/…), "
        "a Data Catalog API plan ('events' with 'eventType') or a RudderTyper plan.json "
        "('rules.events')",
        document.path,
        1,
    )


def load_directory(path: Path, shown: str, family: str) -> TrackingPlan:
    if family in ("auto", "rudderstack") and any(
        _RUDDER_VERSION.search(_head(p)) for p in project_files(path)
    ):
        return load_rudder_project(path, shown)
    if family != "jsonschema":
        for name in _DIRECTORY_PLAN_FILES:
            if (path / name).is_file():
                return load_file(path / name, f"{shown}/{name}", family)
    if family in ("auto", "jsonschema") and schema_files(path):
        return load_schema_dir(path, shown)
    raise PlanError(
        "no tracking plan found in this directory: expected a rudder-cli project, JSON Schema "
        "files, or one of " + ", ".join(_DIRECTORY_PLAN_FILES),
        shown,
    )


def _head(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return handle.read(4096)
    except OSError:
        return ""


def _parent(shown: str) -> str:
    return shown.rsplit("/", 1)[0] if "/" in shown else "."
