"""Command line: settings → plan → scan → match → render → exit code.

This module is the only place that prints or decides the exit code.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import importlib
import os
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any, TextIO

from reports import html, json_report, markdown, sarif, terminal, write_atomic
from reports.links import SourceLinks, check_template, source_links
from scanner import ScanOptions, scan
from scanner.baseline import compare
from scanner.discover import DiscoverOptions
from scanner.errors import ConfigError, PlanError, TrackscanError
from scanner.gates import FAIL_ON_KINDS, NEW_KINDS, failures
from scanner.match import match
from scanner.model import Report, ReportMeta, Shard, TrackingPlan
from scanner.naming import EVENT_CONVENTIONS, PROPERTY_CONVENTIONS, NamingConventions
from scanner.options import ExtractOptions
from scanner.parallel import Progress
from scanner.plan import PLAN_FORMATS, find_default_plan, load_plan
from scanner.sdks import DEFAULT_SDKS, PRESETS
from scanner.shard import parse_shard
from scanner.source import DEFAULT_MAX_FILE_SIZE
from scanner.suggest import closest_key
from trackscan import __version__
from trackscan.call_patterns import sdk_list
from trackscan.config import OPTIONS, find_config_file, parse_size, read_config
from trackscan.excerpts import read_excerpts
from trackscan.explain import describe_patterns
from trackscan.progress import ProgressBar


class ExitCode(IntEnum):
    OK = 0
    GATE_FAILED = 1  # --fail-under or --fail-on
    USAGE_ERROR = 2  # bad flags, unreadable or invalid config or plan
    INTERNAL_ERROR = 3  # a bug in trackscan


# Subcommands other than `scan`, imported only when used: name -> "module:function".
SUBCOMMANDS: dict[str, str] = {
    "sdks": "trackscan.sdks_command:sdks_command",
    "comment": "trackscan.comment_command:comment_main",
    "history": "trackscan.history_command:history_main",
    "init": "trackscan.init_command:init_command",
    "export": "trackscan.export_command:export_command",
    "merge": "trackscan.merge:merge_command",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trackscan",
        description=(
            "Find analytics calls in Python, JavaScript and TypeScript code and check them "
            "against a tracking plan."
        ),
        epilog="Exit codes: 0 ok, 1 a gate failed, 2 usage/config/plan error, 3 internal error. "
        "Other commands: `trackscan init` drafts a plan from the code, `trackscan export` "
        "writes the plan as a CSV with implementation status, `trackscan sdks` lists the SDK "
        "presets and what each matches (each has --help).",
    )
    parser.add_argument(
        "path", nargs="?", default=".", help="repository or directory to scan (default: .)"
    )
    parser.add_argument("--version", action="version", version=f"trackscan {__version__}")
    group = parser.add_argument_group("plan and configuration")
    group.add_argument(
        "-p",
        "--plan",
        metavar="FILE",
        help="tracking plan: a file or a directory (default: tracking-plan.yaml|yml|json "
        "at the root)",
    )
    group.add_argument(
        "--plan-format",
        choices=PLAN_FORMATS,
        help="read the plan as this format (default: auto, from the file's name and content)",
    )
    group.add_argument(
        "-c",
        "--config",
        metavar="FILE",
        help="config file (default: trackscan.toml or pyproject.toml [tool.trackscan] at the root)",
    )
    add_file_arguments(parser)
    add_call_arguments(parser)
    add_speed_arguments(parser)
    add_output_arguments(parser)
    group = parser.add_argument_group("naming conventions (reported as warnings)")
    group.add_argument(
        "--event-naming",
        choices=EVENT_CONVENTIONS,
        help="warn about event names that are not in this style",
    )
    group.add_argument(
        "--property-naming",
        choices=PROPERTY_CONVENTIONS,
        help="warn about property keys and traits that are not in this style",
    )
    add_gate_arguments(parser)
    return parser


def add_speed_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("speed")
    group.add_argument(
        "-j", "--jobs", metavar="N", type=int, help="scan in N processes (default: one per CPU)"
    )
    group.add_argument(
        "--no-cache",
        dest="cache",
        action="store_const",
        const=False,
        help="neither read nor write the cache of per-file results",
    )
    group.add_argument(
        "--cache-dir", metavar="DIR", help="cache directory (default: .trackscan_cache at the root)"
    )
    group.add_argument(
        "--shard",
        metavar="K/N",
        help="scan only the K-th of N parts of the files; join the reports with trackscan merge",
    )
    group.add_argument(
        "--no-progress",
        dest="progress",
        action="store_const",
        const=False,
        help="no progress bar (shown only on a terminal, for scans that take a while)",
    )


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    """Where the report goes; shared with `trackscan merge`."""
    group = parser.add_argument_group("output")
    group.add_argument(
        "--json", metavar="FILE", help="write the JSON report to FILE ('-' for stdout)"
    )
    group.add_argument("--html", metavar="FILE", help="write the HTML report to FILE")
    group.add_argument(
        "--markdown",
        metavar="FILE",
        help="write the pull-request comment (Markdown) to FILE ('-' for stdout)",
    )
    group.add_argument(
        "--sarif",
        metavar="FILE",
        help="write SARIF 2.1.0 for code scanning to FILE ('-' for stdout)",
    )
    group.add_argument(
        "--source-url",
        metavar="TEMPLATE",
        help="link locations to the repository host, e.g. "
        "https://github.com/ORG/REPO/blob/{commit}/{path}#L{line}",
    )
    group.add_argument(
        "--baseline",
        metavar="REPORT.json",
        help="compare with an earlier JSON report: what is new, what was fixed",
    )
    group.add_argument("-q", "--quiet", action="store_const", const=True, help="print no summary")
    group.add_argument(
        "-v",
        "--verbose",
        action="store_const",
        const=True,
        help="list every finding in the summary",
    )
    group.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        help="colour the summary (default: auto, honours NO_COLOR)",
    )
    group.add_argument(
        "--explain",
        action="store_const",
        const=True,
        help="after the summary, list the call patterns looked for and every wrapper found, "
        "with why it is one",
    )


def add_gate_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("gates (exit code 1)")
    group.add_argument(
        "--fail-under", metavar="PCT", type=float, help="fail when plan coverage is below PCT"
    )
    group.add_argument(
        "--fail-on",
        metavar="KINDS",
        help="fail when any of these are found: " + ",".join(FAIL_ON_KINDS),
    )
    group.add_argument(
        "--exit-zero", action="store_const", const=True, help="exit 0 even when a gate fails"
    )


def add_file_arguments(parser: argparse.ArgumentParser) -> None:
    """Which files a scan reads; shared with the subcommands that scan."""
    group = parser.add_argument_group("files")
    group.add_argument(
        "--include",
        metavar="GLOB",
        action="append",
        help="only scan files matching GLOB (gitignore syntax; repeatable)",
    )
    group.add_argument(
        "--exclude",
        metavar="GLOB",
        action="append",
        help="skip files matching GLOB (gitignore syntax; repeatable)",
    )
    group.add_argument(
        "--no-gitignore",
        dest="respect_gitignore",
        action="store_const",
        const=False,
        help="scan files that .gitignore excludes",
    )
    group.add_argument(
        "--max-file-size",
        metavar="SIZE",
        help=f"skip larger files (default: {DEFAULT_MAX_FILE_SIZE // 1024**2} MiB)",
    )


def add_call_arguments(parser: argparse.ArgumentParser) -> None:
    """Which calls a scan looks for; shared with the subcommands that scan."""
    group = parser.add_argument_group("analytics calls")
    group.add_argument(
        "--sdk",
        dest="sdks",
        metavar="NAME",
        action="append",
        help="look for this SDK's calls (repeatable; default: segment): "
        + ", ".join([*PRESETS, "all"])
        + " (`trackscan sdks` shows what each matches)",
    )
    group.add_argument(
        "--no-infer-wrappers",
        dest="infer_wrappers",
        action="store_const",
        const=False,
        help="do not treat functions that pass their parameter on as the event name as "
        "calls themselves",
    )


@dataclass(frozen=True)
class Settings:
    root: Path
    root_shown: str
    plan: Path | None
    plan_format: str | None
    scan: ScanOptions
    fail_under: float | None
    fail_on: tuple[str, ...]
    exit_zero: bool
    json: str | None
    quiet: bool
    verbose: bool
    color: str
    warnings: tuple[str, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)  # every merged option, for extensions
    html: str | None = None
    markdown: str | None = None
    sarif: str | None = None
    source_url: str | None = None
    baseline: Path | None = None
    naming: NamingConventions = field(default_factory=NamingConventions)
    progress: bool = True
    explain: bool = False

    @property
    def stdout_output(self) -> str | None:
        """The output written to stdout ('-'), if any: the summary then goes to stderr."""
        for name in ("json", "markdown", "sarif"):
            if getattr(self, name) == "-":
                return name
        return None


def load_settings(args: argparse.Namespace) -> Settings:
    # 1) the root must exist
    root = Path(args.path)
    if not root.exists():
        raise ConfigError("path does not exist", args.path)
    # 2) the config file, if any
    config = read_config(find_config_file(root, Path(args.config) if args.config else None))
    values = dict(config.values)
    # 3) flags override the file
    for key in OPTIONS:
        flag_value = getattr(args, key, None)
        if flag_value is not None:
            values[key] = _flag_value(key, flag_value)
    fail_on = tuple(values.get("fail_on", ()))
    for kind in fail_on:
        if kind not in FAIL_ON_KINDS:
            hint = closest_key(kind, FAIL_ON_KINDS)
            raise ConfigError(
                f"unknown --fail-on kind '{kind}'"
                + (f" (did you mean '{hint}'?)" if hint else "")
                + "; expected "
                + ", ".join(FAIL_ON_KINDS)
            )
    introduced = [kind for kind in fail_on if kind in NEW_KINDS]
    if introduced and not values.get("baseline"):
        raise ConfigError(
            f"--fail-on {introduced[0]} gates on what a change introduced: "
            "pass --baseline REPORT.json (the base branch's JSON report)"
        )
    _check_outputs(values)
    shard = _shard(values.get("shard"))
    if shard is not None and (values.get("fail_under") is not None or "missing" in fail_on):
        raise ConfigError(
            "--fail-under and --fail-on missing judge the whole repository, not one shard: "
            "apply them to `trackscan merge` of the shard reports"
        )
    return Settings(
        root=root,
        root_shown=args.path,
        plan=Path(values["plan"]) if values.get("plan") else None,
        plan_format=values.get("plan_format"),
        naming=NamingConventions(values.get("event_naming"), values.get("property_naming")),
        scan=ScanOptions(
            discover=DiscoverOptions(
                include=tuple(values.get("include", ())),
                exclude=tuple(values.get("exclude", ())),
                respect_gitignore=values.get("respect_gitignore", True),
            ),
            max_file_size=values.get("max_file_size", DEFAULT_MAX_FILE_SIZE),
            jobs=values.get("jobs"),
            cache_dir=_cache_dir(root, values),
            shard=shard,
            extraction=ExtractOptions(
                sdks=values.get("sdks", DEFAULT_SDKS),
                calls=values.get("calls", ()),
                infer_wrappers=values.get("infer_wrappers", True),
            ),
        ),
        fail_under=values.get("fail_under"),
        fail_on=fail_on,
        exit_zero=bool(values.get("exit_zero", False)),
        json=values.get("json"),
        quiet=bool(values.get("quiet", False)),
        verbose=bool(values.get("verbose", False)),
        color=values.get("color", "auto"),
        warnings=config.warnings,
        values=values,
        html=values.get("html"),
        markdown=values.get("markdown"),
        sarif=values.get("sarif"),
        source_url=values.get("source_url"),
        baseline=Path(values["baseline"]) if values.get("baseline") else None,
        progress=bool(values.get("progress", True)),
        explain=bool(values.get("explain", False)),
    )


def _shard(text: str | None) -> Shard | None:
    if text is None:
        return None
    try:
        return parse_shard(text)
    except ValueError as error:
        raise ConfigError(f"--shard: {error}") from None


def _cache_dir(root: Path, values: dict[str, Any]) -> Path | None:
    if values.get("cache") is False:
        return None
    if values.get("cache_dir"):
        return Path(values["cache_dir"])
    return default_cache_dir(root)


def default_cache_dir(root: Path) -> Path:
    """`.trackscan_cache` at the root: discovery never descends into it."""
    return (root if root.is_dir() else root.parent) / ".trackscan_cache"


def _check_outputs(values: dict[str, Any]) -> None:
    to_stdout = [f"--{name}" for name in ("json", "markdown", "sarif") if values.get(name) == "-"]
    if len(to_stdout) > 1:
        raise ConfigError(f"only one output can go to stdout: {' and '.join(to_stdout)} are '-'")
    if values.get("html") == "-":
        raise ConfigError("--html needs a file name (the report is one self-contained file)")
    template = values.get("source_url")
    if template is not None:
        problem = check_template(template)
        if problem is not None:
            raise ConfigError(f"--source-url must be a URL template {problem}, got {template!r}")


def _flag_value(key: str, value: Any) -> Any:
    if key == "max_file_size":
        try:
            return parse_size(value)
        except TypeError:
            raise ConfigError(
                f"--max-file-size: expected a size such as 2MiB, got {value!r}"
            ) from None
    if key == "fail_on" and isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if key in ("include", "exclude"):
        return tuple(value)
    if key == "jobs" and value < 1:
        raise ConfigError(f"--jobs: expected at least 1, got {value}")
    if key == "sdks":
        try:
            return sdk_list(value, "--sdk")
        except ValueError as problem:
            raise ConfigError(str(problem)) from None
    return value


def load_tracking_plan(settings: Settings) -> TrackingPlan | None:
    plan_path = settings.plan or find_default_plan(settings.root)
    if plan_path is None:
        if settings.fail_under is not None or "missing" in settings.fail_on:
            raise ConfigError(
                "--fail-under and --fail-on missing need a tracking plan (--plan FILE)"
            )
        return None
    return load_plan(plan_path, display_path(plan_path, settings.root), settings.plan_format)


def display_path(path: Path, root: Path) -> str:
    """A path relative to the scanned root when it lies inside it, else as given."""
    try:
        base = root if root.is_dir() else root.parent
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return str(path)


def make_meta(settings: Settings) -> ReportMeta:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")  # reproducible reports
    now = (
        dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        if epoch and epoch.isdigit()
        else dt.datetime.now(dt.timezone.utc)
    )
    return ReportMeta(
        root=settings.root_shown,
        tool_version=__version__,
        generated_at=now.replace(microsecond=0).isoformat(),
        commit=git_commit(settings.root),
    )


def git_commit(root: Path) -> str | None:
    directory = root if root.is_dir() else root.parent
    try:
        done = subprocess.run(
            ["git", "-C", str(directory), "rev-parse", "--verify", "-q", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = done.stdout.strip()
    return commit if done.returncode == 0 and commit else None


def repo_prefix(root: Path) -> str:
    """The scanned root's path inside its git checkout ("" at the top or outside git)."""
    directory = root if root.is_dir() else root.parent
    try:
        done = subprocess.run(
            ["git", "-C", str(directory), "rev-parse", "--show-prefix"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def load_baseline(path: Path) -> Report:
    """The `--baseline` report; anything unreadable or invalid stops the run (exit 2)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(
            f"--baseline: cannot read the report: {error.strerror}", str(path)
        ) from None
    except UnicodeDecodeError:
        raise ConfigError("--baseline: the report is not UTF-8 text", str(path)) from None
    try:
        return json_report.load(text)
    except ValueError as error:
        raise ConfigError(
            f"--baseline: not a usable trackscan JSON report: {error}", str(path)
        ) from None


def use_color(choice: str, stream: TextIO) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"


def run_scan(
    settings: Settings,
    meta_factory: Callable[[Settings], ReportMeta] | None = None,
    progress: Progress | None = None,
    warn: Callable[[str], None] | None = None,
) -> Report:
    """The pipeline, without printing: plan, scan, match (and compare with --baseline)."""
    plan = load_tracking_plan(settings)
    baseline = load_baseline(settings.baseline) if settings.baseline else None
    result = scan(settings.root, settings.scan, progress)
    for message in result.warnings:
        if warn is not None:
            warn(message)
    meta = (meta_factory or make_meta)(settings)
    report = match(plan, result.calls, result.problems, meta, settings.naming, result.wrappers)
    report = dataclasses.replace(report, shard=settings.scan.shard)
    if baseline is not None:
        report = dataclasses.replace(report, delta=compare(baseline, report))
    return report


def scan_command(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings(args)
    for message in settings.warnings:
        warn(message)
    show_progress = settings.progress and not settings.quiet and ProgressBar.wanted(sys.stderr)
    with ProgressBar(sys.stderr, enabled=show_progress) as progress:
        report = run_scan(settings, progress=progress, warn=warn)
    if settings.scan.shard is not None and not settings.quiet:
        print(
            f"trackscan: shard {settings.scan.shard}: this report covers only this shard's "
            "files; join the shard reports with `trackscan merge`",
            file=sys.stderr,
        )
    return finish(report, settings)


def warn(message: str) -> None:
    print(f"trackscan: warning: {message}", file=sys.stderr)


def finish(report: Report, settings: Settings) -> int:
    """Write the outputs, print the summary and apply the gates: the exit code."""
    write_outputs(report, settings)
    summary_stream = sys.stderr if settings.stdout_output else sys.stdout
    if not settings.quiet:
        options = terminal.TerminalOptions(
            color=use_color(settings.color, summary_stream),
            verbose=settings.verbose,
            explain=settings.explain,
            patterns=describe_patterns(settings.scan.extraction) if settings.explain else (),
        )
        summary_stream.write(terminal.render(report, options))
    failed = failures(report, settings.fail_under, settings.fail_on)
    for message in failed:
        print(f"trackscan: gate failed: {message}", file=sys.stderr)
    if failed and not settings.exit_zero:
        return ExitCode.GATE_FAILED
    return ExitCode.OK


def write_outputs(report: Report, settings: Settings) -> None:
    needs_prefix = settings.html or settings.markdown or settings.sarif
    prefix = repo_prefix(settings.root) if needs_prefix else ""
    links = make_links(report, settings, prefix) if settings.html or settings.markdown else None
    renderers: dict[str, Callable[[], str]] = {
        "json": lambda: json_report.render(report),
        "markdown": lambda: markdown.render(report, markdown.MarkdownOptions(links=links)),
        "sarif": lambda: sarif.render(report, sarif.SarifOptions(path_prefix=prefix)),
        "html": lambda: html.render(report, html_options(report, settings, links)),
    }
    for name, render in renderers.items():
        target = getattr(settings, name)
        if target == "-":
            sys.stdout.write(render())
        elif target:
            write_atomic(Path(target), render())


def make_links(report: Report, settings: Settings, prefix: str) -> SourceLinks | None:
    links = source_links(settings.source_url, report.meta.commit, prefix)
    if links is not None and not links.usable:
        print(
            "trackscan: warning: --source-url uses {commit}, but the scanned path is not in a "
            "git checkout with a commit; locations are not linked",
            file=sys.stderr,
        )
        return None
    return links


def html_options(report: Report, settings: Settings, links: SourceLinks | None) -> html.HtmlOptions:
    # With links to the host the report needs no copy of the code; without, it shows excerpts.
    excerpts = () if links is not None else read_excerpts(settings.root, report)
    return html.HtmlOptions(links=links, excerpts=excerpts)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            module_name, function = SUBCOMMANDS[argv[0]].split(":")
            command = getattr(importlib.import_module(module_name), function)
            return int(command(argv[1:]))
        if argv and argv[0] == "scan":
            argv = argv[1:]
        return int(scan_command(argv))
    except PlanError as error:
        for detail in error.details:
            print(f"trackscan: {detail}", file=sys.stderr)
        return ExitCode.USAGE_ERROR
    except TrackscanError as error:
        print(f"trackscan: {error}", file=sys.stderr)
        return ExitCode.USAGE_ERROR
    except KeyboardInterrupt:
        print("trackscan: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as error:  # the last line of defence: a short message, never a bare traceback
        return report_crash(error)


def report_crash(error: Exception) -> int:
    details = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    try:
        with tempfile.NamedTemporaryFile(
            "w", prefix="trackscan-crash-", suffix=".txt", delete=False, encoding="utf-8"
        ) as handle:
            handle.write(details)
        saved = f"; traceback saved to {handle.name}"
    except OSError:
        saved = ""
    print(
        f"trackscan: internal error: {type(error).__name__}: {error}{saved}\n"
        "This is a bug in trackscan; please report it with that file.",
        file=sys.stderr,
    )
    return ExitCode.INTERNAL_ERROR
