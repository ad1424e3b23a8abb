#!/usr/bin/env python3
"""Benchmark trackscan against the tools a team would use instead, on a large real corpus.

    python benchmarks/run.py            # download (once), build, run everything, print tables
    python benchmarks/run.py --help

The corpus is made of pinned releases downloaded with the ordinary clients (`pip download
--no-binary`, `npm pack`) into `benchmarks/corpus/` (git-ignored: third-party code is never
committed). Real packages hold almost no analytics calls, so a known set is injected into a
copy: one `analytics.track(...)` call in every `--inject-every`-th source file, appended at
the end, so every tool has the same calls to find.

Every tool runs on exactly the files trackscan scans (trackscan's own discovery decides,
so JavaScript and TypeScript join in once trackscan scans them): trackscan cold (empty
cache), warm (same cache, nothing changed), warm after one file is edited, warm in a fresh
copy of the tree (a CI checkout with its cache restored), `--jobs 1` (empty cache),
`grep -n` (the floor: text, not code),
semgrep and ast-grep with a rule that finds `analytics.track(...)`. Times are wall-clock,
each the median of `--repeat` runs (3: the machine a benchmark runs on is rarely quiet),
taken in rounds that run every tool once each, so that the ratios compare runs made under the
same load;
peak memory is the largest sum of resident memory over the tool's process tree, sampled
every 20 ms with psutil. A 1x/2x/4x series of corpus copies shows how trackscan's cost grows.

Needs: semgrep, ast-grep and psutil (any missing tool is reported and skipped), npm for the
JavaScript packages, and about 1 GB of disk for the 4x series. semgrep pins versions of
libraries trackscan also uses (click), so keep the tools in a virtual environment of their
own and point at it: `--tools-venv DIR` (or `TRACKSCAN_BENCH_TOOLS=DIR`); the tools are run
from its `bin/` and psutil is imported from it when this interpreter has none.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing

from scanner.discover import SOURCE_SUFFIXES, DiscoverOptions, SourceFile, discover  # noqa: E402
from scanner.snapshot import RACY_SECONDS  # noqa: E402

# The corpus sits in a git-ignored folder of this checkout: trackscan, rightly, skips what
# .gitignore files above the root exclude, so every run says --no-gitignore.
DISCOVERY = DiscoverOptions(respect_gitignore=False)

PYPI = ("django==5.1.4", "sympy==1.13.3")
NPM = ("rxjs@7.8.1", "@mui/material@5.16.7")
INJECTED_EVENT = "Benchmark Event"


# -- the corpus --------------------------------------------------------------------------


def download(corpus: Path) -> Path:
    downloads = corpus / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    if not list(downloads.glob("*.tar.gz")):
        pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:"]
        run_quietly([*pip, "-d", str(downloads), *PYPI])
    if not list(downloads.glob("*.tgz")):
        if shutil.which("npm") is None:
            print("npm not found: the corpus has no JavaScript/TypeScript packages")
        else:
            run_quietly(["npm", "pack", "--silent", "--pack-destination", str(downloads), *NPM])
    return downloads


def unpack(downloads: Path, base: Path) -> None:
    if base.exists():
        return
    staging = base.with_name(base.name + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    for archive in sorted([*downloads.glob("*.tar.gz"), *downloads.glob("*.tgz")]):
        target = staging / archive.name.removesuffix(".tar.gz").removesuffix(".tgz")
        target.mkdir(parents=True)
        with tarfile.open(archive) as tar:
            tar.extractall(target, filter="data")
    staging.rename(base)


def snippet(language: str, number: int) -> str:
    name = f"{INJECTED_EVENT} {number}"
    if language == "python":
        return (
            f'\n\nimport analytics\nanalytics.track("user-{number}", "{name}", {{"n": {number}}})\n'
        )
    return f'\n\nanalytics.track("{name}", {{ n: {number} }});\n'


def build_copy(base: Path, target: Path, every: int) -> int:
    """A copy of the corpus with one call injected in every `every`-th scanned file."""
    if (target / ".injected").exists():
        return int((target / ".injected").read_text())
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(base, target, symlinks=True)
    (target / ".semgrepignore").write_text("# scan everything, as trackscan does\n")
    injected = 0
    for number, source in enumerate(source_files(target)):
        if number % every:
            continue
        text = Path(source.absolute).read_bytes()
        Path(source.absolute).write_bytes(text + snippet(source.language.value, number).encode())
        injected += 1
    (target / ".injected").write_text(str(injected))
    return injected


def build_scaled(x1: Path, target: Path, factor: int) -> None:
    """`factor` copies of the 1x corpus side by side (real copies: hard links share an
    inode, and trackscan rightly scans one file once)."""
    if (target / ".complete").exists():
        return
    shutil.rmtree(target, ignore_errors=True)
    for copy in range(1, factor + 1):
        shutil.copytree(x1, target / f"copy{copy}", symlinks=True)
    (target / ".semgrepignore").write_text("")
    (target / ".complete").write_text("")


# -- measuring ---------------------------------------------------------------------------


@dataclass
class Measurement:
    tool: str
    seconds: float
    peak_mb: float | None
    calls: int | None
    note: str = ""
    matches: list[str] = field(default_factory=list)  # "path:line" of each call found
    files: int = 0
    lines: int = 0
    extra: dict[str, object] = field(default_factory=dict)


def run_quietly(command: list[str], cwd: Path | None = None) -> None:
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


TOOLS_VENV: Path | None = None  # --tools-venv: semgrep, ast-grep and psutil live there


def use_tools_venv(venv: Path | None) -> None:
    """Run the tools from `venv/bin`, and import psutil from it if this Python has none."""
    global TOOLS_VENV
    TOOLS_VENV = venv
    if venv is None:
        return
    try:
        import psutil  # noqa: F401
    except ImportError:
        sys.path.extend(str(path) for path in venv.glob("lib/python*/site-packages"))


# Python's bytecode cache on, as it is by default (some sandboxes and CI images turn it off
# with PYTHONDONTWRITEBYTECODE): a tool should not be timed recompiling itself on every run.
TOOL_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def warm_up_trackscan(root: Path) -> None:
    """One untimed run, so that the timed ones start from compiled bytecode."""
    command = [sys.executable, "-m", "trackscan", "--version"]
    subprocess.run(command, cwd=root, check=False, capture_output=True, env=TOOL_ENVIRONMENT)
    command = [sys.executable, "-c", "import scanner.python, scanner.javascript, trackscan.cli"]
    subprocess.run(command, cwd=root, check=False, capture_output=True, env=TOOL_ENVIRONMENT)


def measure(
    command: list[str], cwd: Path
) -> tuple[float, float | None, subprocess.CompletedProcess[str]]:
    """Wall time, peak resident memory of the whole process tree (MB), and the result."""
    try:
        import psutil
    except ImportError:
        psutil = None
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=out, stderr=err, text=True, env=TOOL_ENVIRONMENT
        )
        peak = 0
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            if psutil is None:
                return
            try:
                root = psutil.Process(process.pid)
            except psutil.Error:
                return
            while not stop.is_set():
                total = 0
                with contextlib.suppress(psutil.Error):
                    for proc in [root, *root.children(recursive=True)]:
                        with contextlib.suppress(psutil.Error):
                            total += proc.memory_info().rss
                peak = max(peak, total)
                stop.wait(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        process.wait()
        seconds = time.perf_counter() - started
        stop.set()
        sampler.join()
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(command, process.returncode, out.read(), err.read())
    return seconds, (peak / 2**20 if psutil is not None else None), done


def tool_path(name: str) -> str | None:
    for folder in (TOOLS_VENV / "bin" if TOOLS_VENV else None, Path(sys.executable).parent):
        if folder is not None and (folder / name).exists():
            return str(folder / name)
    return shutil.which(name)


def trackscan(root: Path, cache: Path, *flags: str, label: str) -> Measurement:
    report = cache.with_suffix(".json")
    command = [sys.executable, "-m", "trackscan", ".", "--json", str(report), "-q"]
    command += ["--no-progress", "--no-gitignore", "--cache-dir", str(cache), *flags]
    seconds, peak, done = measure(command, root)
    if done.returncode not in (0, 1) or not report.exists():  # 1: a coverage gate, not a crash
        return Measurement(label, seconds, peak, None, f"failed: {done.stderr.strip()[-200:]}")
    data = json.loads(report.read_text())
    track = [c for c in data["calls"] if c["callee"].endswith("analytics.track")]
    return Measurement(
        label,
        seconds,
        peak,
        len(track),
        matches=[f"{c['path']}:{c['line']}" for c in track],
        extra={"all_calls": len(data["calls"]), "errors": len(data["errors"])},
    )


def after_one_edit(root: Path, files: list[str], cache: Path, number: int = 0) -> Measurement:
    """A warm scan after one file with a call changed (a comment added), as while editing;
    each `number` is another edit, new to the cache."""
    edited = next(
        root / path
        for path in files
        if path.endswith(".py") and b"analytics.track(" in (root / path).read_bytes()
    )
    original = edited.read_bytes()
    edited.write_bytes(original + f"\n# edit {number} by the benchmark\n".encode())
    try:
        return trackscan(root, cache, label="trackscan warm, 1 file edited")
    finally:
        edited.write_bytes(original)
        # Untimed, once the file's new stamp is old enough to be trusted: the snapshot
        # learns the file is back, so the next round's warm scan finds nothing changed.
        time.sleep(RACY_SECONDS + 1)
        trackscan(root, cache, label="settling")


def in_fresh_checkout(root: Path, checkout: Path, cache: Path) -> Measurement:
    """A warm scan of a fresh copy of the tree with the same cache: a CI job that restores
    its cache into a new checkout (every file new to the stamps, none to the cache)."""
    shutil.copytree(root, checkout, symlinks=True)
    try:
        return trackscan(checkout, cache, label="trackscan warm, fresh checkout")
    finally:
        shutil.rmtree(checkout, ignore_errors=True)


def in_rounds(repeat: int, tools: list[Callable[[int], Measurement]]) -> list[Measurement]:
    """Each tool's `median_of` its runs, run in rounds: every round runs each tool once, in
    order, so that a change in the machine's load (a shared host's neighbours come and go
    over minutes) falls on every tool alike instead of on whichever ran then."""
    runs: list[list[Measurement]] = [[] for _ in tools]
    for number in range(repeat):
        for tool, once in enumerate(tools):
            runs[tool].append(once(number))
    return [median_of(tool_runs) for tool_runs in runs]


def median_of(runs: list[Measurement]) -> Measurement:
    """The median time of a tool's runs, the largest peak memory, the first run's findings;
    every time is kept in `extra["runs"]`."""
    times = [run.seconds for run in runs]
    peaks = [run.peak_mb for run in runs if run.peak_mb is not None]
    first = runs[0]
    first.seconds = statistics.median(times)
    first.peak_mb = max(peaks) if peaks else None
    first.extra["runs"] = [round(seconds, 3) for seconds in times]
    return first


def grep(root: Path, files: list[str]) -> Measurement:
    seconds, peak, done = measure(["grep", "-n", "-E", r"analytics\.track\(", "--", *files], root)
    found = [":".join(line.split(":", 2)[:2]) for line in done.stdout.splitlines()]
    return Measurement("grep -n (text)", seconds, peak, len(found), matches=found)


SEMGREP_LANGUAGES = {
    "python": ["python"],
    "javascript": ["javascript"],
    "typescript": ["typescript"],
}
ASTGREP_LANGUAGES = {"python": "python", "javascript": "javascript", "typescript": "typescript"}


def semgrep(root: Path, files: list[str], languages: set[str], workdir: Path) -> Measurement:
    executable = tool_path("semgrep")
    if executable is None:
        return Measurement("semgrep", 0, None, None, "not installed (pip install semgrep)")
    rules = [
        {
            "id": f"analytics-track-{language}",
            "pattern": "analytics.track(...)",
            "message": "analytics.track call",
            "languages": SEMGREP_LANGUAGES[language],
            "severity": "INFO",
        }
        for language in sorted(languages)
    ]
    rule_file = workdir / "semgrep-rule.json"
    rule_file.write_text(json.dumps({"rules": rules}))
    command = [executable, "scan", "--config", str(rule_file), "--json", "--metrics=off"]
    command += ["--disable-version-check", "--no-git-ignore", "--timeout", "0"]
    command += ["--max-target-bytes", str(2 * 2**20), "--jobs", str(os.cpu_count() or 1), *files]
    seconds, peak, done = measure(command, root)
    try:
        results = json.loads(done.stdout)["results"]
    except (ValueError, KeyError):
        return Measurement("semgrep", seconds, peak, None, f"failed: {done.stderr[-300:]}")
    # Not `semgrep --version`: it looks for a newer release online and can hang offline.
    label = f"semgrep {package_version('semgrep')}".strip()
    found = [f"{r['path']}:{r['start']['line']}" for r in results]
    note = ""
    if len(set(found)) < len(found):  # a .ts file matched by its javascript and typescript rules
        note = f"{len(found) - len(set(found))} calls reported twice, counted once"
    return Measurement(label, seconds, peak, len(set(found)), note, matches=found)


def ast_grep(root: Path, files: list[str], languages: set[str]) -> Measurement:
    executable = tool_path("ast-grep")
    if executable is None:
        return Measurement("ast-grep", 0, None, None, "not installed (pip install ast-grep-cli)")
    version = subprocess.run([executable, "--version"], capture_output=True, text=True).stdout
    total_seconds, peaks, found = 0.0, [], []
    for language in sorted(languages):
        suffixes = SUFFIXES_BY_LANGUAGE[language]
        # ast-grep parses .tsx with its own grammar
        groups = [(ASTGREP_LANGUAGES[language], [x for x in suffixes if x != ".tsx"])]
        if ".tsx" in suffixes:
            groups.append(("tsx", [".tsx"]))
        for grammar, group in groups:
            mine = [f for f in files if f.lower().endswith(tuple(group))]
            if not mine:
                continue
            command = [executable, "run", "--pattern", "analytics.track($$$ARGS)"]
            command += ["--lang", grammar, "--json=stream", *mine]
            seconds, peak, done = measure(command, root)
            total_seconds += seconds
            peaks.append(peak or 0)
            for line in done.stdout.splitlines():
                match = json.loads(line)
                found.append(f"{match['file']}:{match['range']['start']['line'] + 1}")
    peak = max(peaks, default=None)
    label = f"ast-grep {version.strip().split()[-1]}"
    return Measurement(label, total_seconds, peak, len(found), matches=found)


def package_version(name: str) -> str:
    """An installed distribution's version, here or in the tools' environment."""
    from importlib.metadata import PackageNotFoundError, distributions, version

    try:
        return version(name)
    except PackageNotFoundError:
        pass
    if TOOLS_VENV is not None:
        paths = [str(path) for path in TOOLS_VENV.glob("lib/python*/site-packages")]
        for found in distributions(name=name, path=paths):
            return found.version
    return ""


SUFFIXES_BY_LANGUAGE: dict[str, list[str]] = {}


def source_files(root: Path) -> list[SourceFile]:
    """The files trackscan scans for calls (not the package.json manifests it also reads)."""
    suffixes = tuple(SOURCE_SUFFIXES)
    found = discover(root, DISCOVERY).files
    return [source for source in found if source.path.lower().endswith(suffixes)]


def scanned_files(root: Path) -> tuple[list[str], int, set[str]]:
    found = source_files(root)
    lines = 0
    for source in found:
        content = Path(source.absolute).read_bytes()
        lines += content.count(b"\n") + (bool(content) and not content.endswith(b"\n"))
    return [source.path for source in found], lines, {s.language.value for s in found}


# -- reporting ---------------------------------------------------------------------------


def table(rows: list[Measurement], baseline: float) -> str:
    header = f"{'tool':<34} {'files':>6} {'lines':>9} {'seconds':>8} {'lines/s':>9} "
    header += f"{'peak MB':>8} {'x trackscan':>11} {'track calls':>11}"
    out = [header, "-" * len(header)]
    for row in rows:
        if row.note and not row.seconds:
            out.append(f"{row.tool:<34} {row.note}")
            continue
        rate = f"{row.lines / row.seconds:,.0f}" if row.seconds else "-"
        peak = f"{row.peak_mb:,.0f}" if row.peak_mb is not None else "-"
        ratio = f"{row.seconds / baseline:.2f}" if baseline else "-"
        calls = "-" if row.calls is None else str(row.calls)
        out.append(
            f"{row.tool:<34} {row.files:>6} {row.lines:>9,} {row.seconds:>8.2f} {rate:>9} "
            f"{peak:>8} {ratio:>11} {calls:>11}" + (f"  {row.note}" if row.note else "")
        )
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--inject-every", type=int, default=25, metavar="K")
    parser.add_argument("--scales", type=int, nargs="*", default=[1, 2, 4])
    parser.add_argument("--no-others", action="store_true", help="only trackscan and grep")
    parser.add_argument(
        "--repeat", type=int, default=3, metavar="N", help="time each tool N times: the median"
    )
    parser.add_argument("--results", type=Path, default=HERE / "results" / "latest.json")
    parser.add_argument(
        "--tools-venv",
        type=Path,
        default=os.environ.get("TRACKSCAN_BENCH_TOOLS") or None,
        help="virtual environment holding semgrep, ast-grep and psutil",
    )
    args = parser.parse_args()
    use_tools_venv(args.tools_venv)

    for suffix, language in SOURCE_SUFFIXES.items():
        SUFFIXES_BY_LANGUAGE.setdefault(language.value, []).append(suffix)

    corpus: Path = args.corpus.resolve()
    base = corpus / "base"
    unpack(download(corpus), base)
    x1 = corpus / "x1"
    injected = build_copy(base, x1, args.inject_every)
    files, lines, languages = scanned_files(x1)
    all_sources = sum(
        1
        for p in base.rglob("*")
        if p.suffix in (".py", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx")
        and not p.name.endswith(".d.ts")
    )
    work = Path(tempfile.mkdtemp(prefix="trackscan-bench-"))
    print(f"corpus: {', '.join(PYPI + NPM)}")
    print(f"  {all_sources:,} Python/JS/TS source files in the packages")
    scanned = ", ".join(sorted(languages))
    print(f"  trackscan scans {len(files):,} of them ({scanned}), {lines:,} lines")
    print(f"  {injected} analytics.track calls injected (one in every {args.inject_every} files)")
    python = platform.python_version()
    print(f"  machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {python}")
    print()

    warm_up_trackscan(x1)
    cache = work / "cold0"  # the first cold run's: the warm runs use it
    tools: list[Callable[[int], Measurement]] = [
        lambda n: trackscan(x1, work / f"cold{n}", label="trackscan cold"),
        lambda n: trackscan(x1, cache, label="trackscan warm (cache)"),
        lambda n: after_one_edit(x1, files, cache, n),
        lambda n: in_fresh_checkout(x1, work / f"checkout{n}", cache),
        lambda n: trackscan(x1, work / f"jobs1_{n}", "--jobs", "1", label="trackscan --jobs 1"),
        lambda n: grep(x1, files),
    ]
    if not args.no_others:
        tools.append(lambda n: ast_grep(x1, files, languages))
        tools.append(lambda n: semgrep(x1, files, languages, work))
    rows = in_rounds(args.repeat, tools)
    for row in rows:
        row.files, row.lines = len(files), lines
    cold = rows[0].seconds
    print(table(rows, cold))
    print()

    series = []
    for factor in args.scales:
        root = x1 if factor == 1 else corpus / f"x{factor}"
        if factor != 1:
            build_scaled(x1, root, factor)
        shutil.rmtree(work / f"series{factor}", ignore_errors=True)
        row = trackscan(root, work / f"series{factor}", label=f"trackscan cold {factor}x")
        row.files, row.lines = len(files) * factor, lines * factor
        series.append(row)
    if series:
        print("Growth with corpus size (trackscan cold, fresh cache each):")
        for row in series:
            per_file = 1000 * row.seconds / row.files
            print(
                f"  {row.files:>7,} files  {row.seconds:7.2f} s  {per_file:6.3f} ms/file  "
                f"peak {row.peak_mb or 0:,.0f} MB"
            )
        print()

    checks = verdicts(rows, injected)
    for line in checks:
        print(line)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(
        json.dumps(
            {
                "rows": [asdict(r) for r in rows],
                "series": [asdict(r) for r in series],
                "injected": injected,
                "checks": checks,
            },
            indent=2,
        )
    )
    print(f"\nresults written to {args.results}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


def verdicts(rows: list[Measurement], injected: int) -> list[str]:
    by = {
        row.tool.split()[0] if not row.tool.startswith("trackscan") else row.tool: row
        for row in rows
    }
    cold, warm = by["trackscan cold"], by["trackscan warm (cache)"]
    out = []

    def check(ok: bool, text: str) -> None:
        out.append(f"[{'PASS' if ok else 'FAIL'}] {text}")

    for name in ("ast-grep", "semgrep", "grep"):
        other = by.get(name)
        if other is not None and other.calls is not None and cold.calls is not None:
            check(
                cold.calls >= other.calls,
                f"trackscan finds {cold.calls} track calls, {name} {other.calls}",
            )
            only_other = sorted(set(other.matches) - set(cold.matches))
            only_mine = sorted(set(cold.matches) - set(other.matches))
            for where in only_other[:5]:
                out.append(f"       only {name} reports {where}")
            if only_mine:
                out.append(f"       {len(only_mine)} found by trackscan only, e.g. {only_mine[0]}")
    if cold.calls is not None:
        check(cold.calls >= injected, f"trackscan finds all {injected} injected calls")
    if "ast-grep" in by and by["ast-grep"].seconds:
        check(
            cold.seconds <= by["ast-grep"].seconds,
            f"cold {cold.seconds:.2f}s no slower than ast-grep {by['ast-grep'].seconds:.2f}s",
        )
    if "semgrep" in by and by["semgrep"].seconds:
        check(
            by["semgrep"].seconds >= 5 * cold.seconds,
            f"semgrep takes {by['semgrep'].seconds / cold.seconds:.1f}x trackscan cold "
            f"(target >= 5x; round by round: {per_round(by['semgrep'], cold, 'x')})",
        )
    check(
        warm.seconds < 0.15 * cold.seconds,
        f"warm {warm.seconds:.2f}s is {100 * warm.seconds / cold.seconds:.0f}% of cold "
        f"(target < 15%; round by round: {per_round(warm, cold, '%')})",
    )
    peak = max((r.peak_mb or 0) for r in rows if r.tool.startswith("trackscan"))
    check(peak < 500, f"trackscan peak memory {peak:.0f} MB (target < 500 MB)")
    return out


def per_round(row: Measurement, baseline: Measurement, unit: str) -> str:
    """The ratio of two tools' times in each round, as `5.1x, 6.0x` or `12%, 14%`."""
    pairs = zip(row.extra.get("runs", []), baseline.extra.get("runs", []), strict=False)
    if unit == "%":
        return ", ".join(f"{100 * mine / base:.0f}%" for mine, base in pairs if base)
    return ", ".join(f"{mine / base:.1f}x" for mine, base in pairs if base)


if __name__ == "__main__":
    sys.exit(main())
