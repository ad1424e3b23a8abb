"""`trackscan init` drafts a plan the same tree then fully implements; `trackscan export`
writes the plan back as a spreadsheet with Status and code locations."""

from __future__ import annotations

import codecs
import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from scanner.plan import load_plan
from scanner.suggest import normalize_name

FIXTURES = Path(__file__).parent / "fixtures"
DEMO = Path(__file__).parent.parent / "examples" / "demo"


def code_tree(source: Path, destination: Path) -> Path:
    """A copy of a fixture's code without its plan, config and goldens."""
    ignore = shutil.ignore_patterns("expected", "tracking-plan.*", "trackscan.toml", "*.actual")
    shutil.copytree(source, destination, ignore=ignore)
    return destination


def scan_summary(run_trackscan, root: Path, plan: Path) -> dict[str, object]:
    run = run_trackscan(root, "--plan", plan, "--json", "-", "-q")
    assert run.code == 0, run.stderr
    summary: dict[str, object] = json.loads(run.stdout)["summary"]
    return summary


ROUND_TRIP_TREES = [
    "python-signatures",
    "python-static-names",
    "python-dynamic-names",
    "plan-matching",
    "plan-segment",
    "plan-csv",
    "js-react-app",
    "js-node-server",
    "js-components",
    "js-monorepo",
    "js-traps",
]


@pytest.mark.parametrize("case", ROUND_TRIP_TREES)
@pytest.mark.parametrize("plan_format", ["yaml", "csv"])
def test_init_then_scan_covers_every_call(
    run_trackscan, tmp_path: Path, case: str, plan_format: str
) -> None:
    root = code_tree(FIXTURES / case, tmp_path / "repo")
    run_init = run_trackscan("init", root, "--format", plan_format)
    assert run_init.code == 0, run_init.stderr
    plan = root / f"tracking-plan.{plan_format}"
    assert plan.is_file()
    run = run_trackscan(root, "--plan", plan, "--json", "-", "-q")
    assert run.code == 0, run.stderr
    report = json.loads(run.stdout)
    summary = report["summary"]
    assert summary["coverage"] == 100.0
    assert summary["planned"] == summary["implemented"] and summary["planned"]
    assert summary["property_problems"] == 0
    # A spreadsheet trims cells, so a name with spaces at an end stays unplanned (a near
    # miss of its trimmed twin) in a CSV plan; init says so. YAML keeps every name.
    untrimmed = [
        c for c in report["calls"] if c["event"] is not None and c["event"] != c["event"].strip()
    ]
    expected = untrimmed if plan_format == "csv" else []
    assert [c for c in report["calls"] if c["status"] == "unplanned"] == expected
    # ... and its near miss is a planned name that differs only by case or spacing
    assert all(
        c["suggestion"] and normalize_name(c["suggestion"]) == normalize_name(c["event"])
        for c in expected
    )
    assert len(untrimmed) == run_init.stderr.count("has spaces at an end") or plan_format == "yaml"


def test_init_yaml_lists_locations_properties_and_dynamic_calls(
    run_trackscan, tmp_path: Path
) -> None:
    root = code_tree(DEMO, tmp_path / "demo")
    run = run_trackscan("init", root, "--output", tmp_path / "plan.yaml")
    assert run.code == 0, run.stderr
    text = (tmp_path / "plan.yaml").read_text()
    assert "  # 1 call:\n  #   app/views.py:20\n  - name: Order Completed\n" in text
    assert "      - name: total\n        type: string\n        required: true\n" in text
    assert "        # seen: '12.50'\n" in text
    assert "  - name: Identify\n    type: identify\n" in text
    assert '#   app/views.py:25  track(f"{kind} Shared")\n' in text
    assert 'app/views.py:25  track(f"{kind} Shared")' in run.stdout
    assert f"--plan {tmp_path / 'plan.yaml'}" in run.stdout
    plan = load_plan(tmp_path / "plan.yaml")
    assert [e.name for e in plan.events][:3] == [
        "Cart Abandoned",
        "Cart Shared",
        "Newsletter Subscribed",
    ]


WEIRD_NAMES = [
    "No",
    "null",
    "- dash",
    "a: b",
    "# hash",
    "=HYPERLINK(1)",
    'quote\'s "double"',
    "Café ☕",
    "tab\there",
    "line\nbreak",
    "[list]",
    "123",
]


@pytest.mark.parametrize("plan_format", ["yaml", "csv"])
def test_init_quotes_any_name_so_it_reads_back(
    run_trackscan, tmp_path: Path, plan_format: str
) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    lines = ["import analytics", "", "def f(u):"]
    for name in WEIRD_NAMES:
        lines.append(f"    analytics.track(u, {name!r}, {{{name!r}: 1, 'ok': {name!r}}})")
    (root / "app.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = run_trackscan("init", root, "--format", plan_format)
    assert run.code == 0, run.stderr
    plan = load_plan(root / f"tracking-plan.{plan_format}")
    assert sorted(e.name for e in plan.events) == sorted(WEIRD_NAMES)
    for event in plan.events:
        assert {p.name for p in event.properties or ()} == {event.name, "ok"}
    summary = scan_summary(run_trackscan, root, root / f"tracking-plan.{plan_format}")
    assert (summary["coverage"], summary["unplanned"], summary["property_problems"]) == (
        100.0,
        0,
        0,
    )
    if plan_format == "csv":  # a formula from scanned code must not run in a spreadsheet
        assert "'=HYPERLINK(1)" in (root / "tracking-plan.csv").read_text(encoding="utf-8")


def test_init_refuses_to_overwrite_without_force(run_trackscan, tmp_path: Path) -> None:
    root = code_tree(DEMO, tmp_path / "demo")
    existing = root / "tracking-plan.yaml"
    existing.write_text("events: []\n")
    run = run_trackscan("init", root)
    assert run.code == 2
    assert run.stderr == f"trackscan: {existing} already exists; pass --force to overwrite it\n"
    assert existing.read_text() == "events: []\n"
    assert run_trackscan("init", root, "--force").code == 0
    assert "Signed Up" in existing.read_text()


def test_init_to_stdout(run_trackscan, tmp_path: Path) -> None:
    root = code_tree(DEMO, tmp_path / "demo")
    run = run_trackscan("init", root, "-o", "-")
    assert run.code == 0
    assert run.stdout.startswith("# Tracking plan drafted by `trackscan init`")
    assert "Wrote stdout: 9 events with 10 properties, from 10 calls." in run.stderr
    assert not (root / "tracking-plan.yaml").exists()


# ---------------------------------------------------------------------------
# export


def read_csv(path: Path, delimiter: str = ",", encoding: str = "utf-8") -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding=encoding)), delimiter=delimiter))


def test_export_native_plan(run_trackscan, tmp_path: Path) -> None:
    out = tmp_path / "progress.csv"
    run = run_trackscan("export", DEMO, "-o", out)
    assert run.code == 0, run.stderr
    assert run.stdout == f"Wrote {out}: 6 of 7 planned events implemented.\n"
    rows = read_csv(out)
    assert rows[0][-2:] == ["Status", "Where (code locations)"]
    by_event = {(r[0], r[4]): r for r in rows[1:]}
    assert by_event[("Signed Up", "plan")][-2:] == ["implemented", "app/views.py:11"]
    assert by_event[("Signed Up", "plan")][7] == "free; pro"
    assert by_event[("Cart Abandoned", "cart_id")][-2:] == ["implemented", "web/src/cart.ts:8"]
    assert by_event[("Search Performed", "")][-2:] == ["missing", ""]
    assert by_event[("", "email")][1] == "identify"  # the identify rule has no event name
    assert load_plan(out).events[-1].name == "Identify"  # and it reads back as a plan


def test_export_csv_plan_keeps_the_sheet(run_trackscan, tmp_path: Path) -> None:
    case = FIXTURES / "plan-csv"
    out = tmp_path / "progress.csv"
    run = run_trackscan("export", case, "--plan", case / "tracking-plan.csv", "-o", out)
    assert run.code == 0, run.stderr
    raw = out.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)  # written back the way Excel saved it
    rows = read_csv(out, ";", "utf-8-sig")
    original = read_csv(case / "tracking-plan.csv", ";", "utf-8-sig")
    assert rows[0] == [*original[0], "Status", "Where (code locations)"]
    for row, before in zip(rows[1:], original[1:], strict=True):
        assert row[: len(before)] == before
    assert rows[1][-2:] == ["implemented", "app/events.py:6"]
    assert rows[2][-2:] == ["implemented", "app/events.py:6"]  # continuation rows too
    assert rows[9][-2:] == ["implemented", "app/events.py:17"]  # the identify rule
    # Exporting the export fills the same columns again instead of adding more.
    again = tmp_path / "again.csv"
    assert run_trackscan("export", case, "--plan", out, "-o", again).code == 0
    assert read_csv(again, ";", "utf-8-sig") == rows


def test_export_never_overwrites_the_plan(run_trackscan, tmp_path: Path) -> None:
    plan = DEMO / "tracking-plan.yaml"
    run = run_trackscan("export", DEMO, "--plan", plan, "-o", plan)
    assert run.code == 2
    assert "is the plan itself" in run.stderr


def test_export_needs_a_plan(run_trackscan, tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("import analytics\nanalytics.track('u', 'A')\n")
    run = run_trackscan("export", tmp_path, "-o", tmp_path / "out.csv")
    assert (run.code, run.stderr) == (
        2,
        "trackscan: export needs a tracking plan: pass --plan FILE\n",
    )


def test_fail_on_naming_gates_the_build(run_trackscan) -> None:
    case = FIXTURES / "plan-csv"
    run = run_trackscan(case, "--fail-on", "naming", "-q")
    assert run.code == 1
    assert "--fail-on naming: 1 found" in run.stderr
    assert (
        run_trackscan(case, "--fail-on", "naming", "--event-naming", "snake_case", "-q").code == 1
    )
