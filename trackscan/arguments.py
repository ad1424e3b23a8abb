"""The command line's flags, in groups the subcommands that scan or render share."""

from __future__ import annotations

import argparse

from scanner.gates import FAIL_ON_KINDS
from scanner.naming import EVENT_CONVENTIONS, PROPERTY_CONVENTIONS
from scanner.plan import PLAN_FORMATS
from scanner.sdks import PRESET_NAMES
from scanner.source import DEFAULT_MAX_FILE_SIZE
from trackscan import __version__


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
        "--gitlab",
        metavar="FILE",
        help="write a GitLab Code Quality report to FILE ('-' for stdout)",
    )
    group.add_argument(
        "--github-annotations",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="print ::warning file=...,line=...:: annotations for GitHub Actions "
        "(default: on when GITHUB_ACTIONS=true; 10 per level)",
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
        "--check-syntax",
        action="store_const",
        const=True,
        help="also report syntax errors in files that cannot hold a call (slower: "
        "by default such files are not parsed)",
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
        + ", ".join([*PRESET_NAMES, "all"])
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
