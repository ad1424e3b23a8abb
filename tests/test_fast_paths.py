"""The fast paths (`ScanOptions.fast`) never change a report.

Each fixture repository is scanned twice through the CLI, with the fast paths on (the
default) and off (`fast=False`: the `ast` syntax check, libcst's scope and position
providers, every JavaScript file extracted up front), and the two JSON reports and terminal
summaries must be identical. Small repositories below add the layouts the fast paths are
most likely to get wrong: JavaScript definitions loaded on demand (barrels, workspace
packages, spreads), re-exported wrappers, and files the quick checks must flag.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from test_fixtures import case_args
from test_scale import TRICKY_REPOS

import scanner
import trackscan.cli
from scanner import ScanOptions, scan
from scanner.model import ScanResult

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected").is_dir())


def slow_scan(root: Path, options: ScanOptions, progress: object = None) -> ScanResult:
    return scanner.scan(root, replace(options, fast=False), progress)  # type: ignore[arg-type]


@pytest.mark.parametrize("case", CASES)
def test_fast_paths_change_no_report(
    case: str, run_trackscan, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(FIXTURES / case)
    extra = case_args(FIXTURES / case)
    runs = []
    for name in ("fast", "slow"):
        if name == "slow":
            monkeypatch.setattr(trackscan.cli, "scan", slow_scan)
        out = tmp_path / f"{name}.json"
        run = run_trackscan(".", "--no-cache", "--jobs", "1", "--json", out, *extra)
        runs.append((run.code, run.stdout, run.stderr, out.read_text() if out.exists() else ""))
    assert runs[0] == runs[1]


JS_REPOS = {
    "a barrel without SDK names re-exports a wrapper under another name": {
        "web/track.ts": (
            "import { analytics } from './analytics';\n"
            "export function trackEvent(name: string) { analytics.track(name); }\n"
        ),
        "web/analytics.ts": "export const analytics = (window as any).analytics;\n",
        "web/index.ts": "export { trackEvent as track } from './track';\n",
        "web/page.ts": "import { track } from './index';\ntrack('Page Viewed');\n",
        "web/other.ts": "import { trackEvent } from './track';\ntrackEvent('Other');\n",
    },
    "constants through workspace packages, spreads and star exports": {
        "package.json": '{"name": "root", "workspaces": ["packages/*"]}',
        "packages/events/package.json": '{"name": "@acme/events", "main": "dist/index.js"}',
        "packages/events/src/index.ts": "export * from './names';\nexport { MORE } from './more';\n",
        "packages/events/src/names.ts": (
            "const BASE = { A: 'Signed Up' };\nexport const EVENTS = { ...BASE, B: 'Logged In' };\n"
        ),
        "packages/events/src/more.ts": "export const MORE = { C: 'Checked Out' } as const;\n",
        "apps/web/app.ts": (
            "import { EVENTS, MORE } from '@acme/events';\n"
            "analytics.track(EVENTS.A);\nanalytics.track(EVENTS.B);\nanalytics.track(MORE.C);\n"
        ),
    },
    "files the quick checks must flag": {
        "web/broken.js": "export const X = ;\n",
        "web/latin.js": "export const X = 'caf\xe9';\n",
        "web/empty.vue": "<template><div/></template>\n",
        "web/comp.vue": "<script>\nexport default { data() { return { x: }; } }\n</script>\n",
        "web/use.js": "import { X } from './latin';\nanalytics.track(X);\n",
        "app/broken.py": "def f(:\n",
        "app/semantic.py": "nonlocal x\n",
        "app/future.py": "from __future__ import braces\n",
    },
}


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("latin-1" if "latin" in name else "utf-8"))


REPOS = {**TRICKY_REPOS, **JS_REPOS}


@pytest.mark.parametrize("files", REPOS.values(), ids=REPOS.keys())
@pytest.mark.parametrize("jobs", [1, 2])
def test_fast_paths_change_no_result_on_tricky_layouts(
    tmp_path: Path, files: dict[str, str], jobs: int
) -> None:
    write(tmp_path, files)
    fast = scan(tmp_path, ScanOptions(jobs=jobs))
    slow = scan(tmp_path, ScanOptions(jobs=jobs, fast=False))
    assert (fast.calls, fast.problems, fast.wrappers) == (slow.calls, slow.problems, slow.wrappers)
    assert fast.calls or fast.problems, "each layout reports something"


def test_javascript_without_calls_is_only_checked() -> None:
    root = FIXTURES / "js-monorepo"
    fast = scan(root, ScanOptions(jobs=1, strict=True, check_syntax=True))
    slow = scan(root, ScanOptions(jobs=1, strict=True, check_syntax=True, fast=False))
    assert fast.stats.checked > slow.stats.checked
    assert fast.stats.loaded_for_definitions >= 1  # a constants module, loaded on demand
