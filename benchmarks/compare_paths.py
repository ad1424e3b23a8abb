#!/usr/bin/env python3
"""Scan a tree with trackscan's fast paths on and off, and compare the two JSON reports.

    python benchmarks/compare_paths.py benchmarks/corpus/x1 --no-gitignore
    python benchmarks/compare_paths.py ROOT [trackscan options...]

The fast paths (`ScanOptions.fast`: the symtable syntax check, scopes and positions from one
light walk instead of libcst's providers, JavaScript files without calls only parsed) must
never change a report. The tests check that on every fixture repository; this runs the same
comparison on a real corpus. Both scans run without a cache and with the same options; the
reports are compared whole, except `generated_at`. Exit code 0 when they are identical.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing

import scanner  # noqa: E402
import trackscan.cli  # noqa: E402


def run(root: str, options: list[str], report: Path, fast: bool) -> float:
    real_scan = scanner.scan

    def scan(path: Path, settings: scanner.ScanOptions, progress: object = None) -> object:
        return real_scan(path, replace(settings, fast=fast), progress)  # type: ignore[arg-type]

    trackscan.cli.scan = scan  # type: ignore[assignment]
    started = time.perf_counter()
    code = trackscan.cli.main(
        [root, "--no-cache", "-q", "--no-progress", "--json", str(report), *options]
    )
    seconds = time.perf_counter() - started
    if code not in (0, 1):
        raise SystemExit(f"trackscan exited with {code}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root")
    parser.add_argument("--keep", type=Path, help="write both reports to this directory")
    args, options = parser.parse_known_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="trackscan-paths-"))
    work.mkdir(parents=True, exist_ok=True)
    reports = {}
    for name, fast in (("fast", True), ("reference", False)):
        path = work / f"{name}.json"
        seconds = run(args.root, options, path, fast)
        data = json.loads(path.read_text(encoding="utf-8"))
        data.pop("generated_at", None)
        reports[name] = data
        print(
            f"{name:>9}: {seconds:7.1f} s, {len(data['calls'])} calls, "
            f"{len(data['errors'])} errors, {len(data.get('wrappers', []))} wrappers"
        )
    if reports["fast"] == reports["reference"]:
        print("identical reports")
        return 0
    for key in sorted(reports["fast"]):
        if reports["fast"].get(key) != reports["reference"].get(key):
            print(f"reports differ in {key!r} (see {work})")
    return 1


if __name__ == "__main__":
    sys.exit(main())
