"""`trackscan history`: plan coverage at past commits, read from git objects."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from reports import history as history_report
from reports import html, write_atomic
from reports.format import format_coverage, printable
from reports.links import source_links
from reports.trend import commit_url_from
from scanner import ScanOptions
from scanner.discover import DiscoverOptions
from scanner.errors import ConfigError
from scanner.gitsource import list_commits, repository_top, tagged_commits
from scanner.history import HistoryScanner, history, plan_from_commit, sample
from scanner.model import HistoryPoint
from scanner.options import ExtractOptions
from scanner.plan import find_default_plan, load_plan
from scanner.sdks import DEFAULT_SDKS
from scanner.source import DEFAULT_MAX_FILE_SIZE
from trackscan import __version__
from trackscan.config import find_config_file, read_config
from trackscan.settings import cache_directory


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trackscan history",
        description="Plan coverage at past commits of the current git repository. "
        "Reads git objects only: the work tree and uncommitted changes are never touched.",
    )
    parser.add_argument(
        "path", nargs="?", default=".", help="directory inside the repository (default: .)"
    )
    parser.add_argument(
        "-p", "--plan", metavar="FILE", help="tracking plan (default: as for a scan)"
    )
    parser.add_argument(
        "--plan-at-commit",
        action="store_true",
        help="use the plan file as it was at each commit instead of the current one",
    )
    parser.add_argument(
        "--since", metavar="DATE", help="first commit date, e.g. 2026-01-01 or '1 year ago'"
    )
    parser.add_argument("--until", metavar="DATE", help="last commit date")
    parser.add_argument(
        "--ref", default="HEAD", help="branch or commit to walk back from (default: HEAD)"
    )
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--every", type=int, metavar="N", help="every Nth commit (always including the newest)"
    )
    which.add_argument("--tags", action="store_true", help="one point per tag")
    parser.add_argument(
        "--first-parent",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="follow only the first parent of merges (default: on)",
    )
    parser.add_argument(
        "--max-points",
        type=int,
        default=100,
        metavar="N",
        help="spread at most N points evenly over the range (default: 100)",
    )
    parser.add_argument("--json", metavar="FILE", help="write the series as JSON ('-' for stdout)")
    parser.add_argument(
        "--html",
        metavar="FILE",
        help="write the HTML report of the newest point with the trend charts",
    )
    parser.add_argument(
        "--source-url",
        metavar="TEMPLATE",
        help="link template with {commit}, {path}, {line}; commits link to the host",
    )
    parser.add_argument(
        "--commit-url",
        metavar="TEMPLATE",
        help="commit link template with {commit} (default: from --source-url)",
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the cache of per-file results",
    )
    parser.add_argument(
        "--cache-dir", metavar="DIR", help="cache directory (default: .trackscan_cache at the path)"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print no table")
    return parser


def history_main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    path = Path(args.path)
    if not path.exists():
        raise ConfigError("path does not exist", args.path)
    repo, subdirectory = repository_top(path)
    config = read_config(find_config_file(path))
    plan_file = args.plan or config.values.get("plan")
    if args.plan_at_commit:
        shown = plan_file or _default_plan_name(path)
        if shown is None:
            raise ConfigError("--plan-at-commit needs a plan file name: pass --plan FILE")
        plan_in_repo = (Path(shown) if Path(shown).is_absolute() else path / shown).resolve()
        plan_at = plan_from_commit(repo, plan_in_repo.relative_to(repo.resolve()).as_posix())
    else:
        plan_path = Path(plan_file) if plan_file else find_default_plan(path)
        plan = load_plan(plan_path, str(plan_path)) if plan_path else None
        plan_at = lambda commit: plan  # noqa: E731 - the same plan at every commit
    if args.tags:
        commits = tagged_commits(repo)
    else:
        commits = list_commits(repo, args.since, args.until, args.first_parent, args.ref)
    commits = sample(commits, args.every, None if args.tags else args.max_points)
    values = config.values
    if args.no_cache:
        values["cache"] = False
    if args.cache_dir:
        values["cache_dir"] = args.cache_dir
    options = ScanOptions(
        discover=DiscoverOptions(
            include=tuple(values.get("include", ())), exclude=tuple(values.get("exclude", ()))
        ),
        max_file_size=values.get("max_file_size", DEFAULT_MAX_FILE_SIZE),
        cache_dir=cache_directory(path, values),
        extraction=ExtractOptions(
            sdks=values.get("sdks", DEFAULT_SDKS),
            calls=values.get("calls", ()),
            infer_wrappers=values.get("infer_wrappers", True),
        ),
    )
    scanner = HistoryScanner(repo, subdirectory, options, __version__)
    points, newest = history(scanner, commits, plan_at)
    text = history_report.render(points, args.path, plan_file)
    if args.html and newest is not None:
        links = source_links(args.source_url, newest.meta.commit, subdirectory_prefix(subdirectory))
        page = html.HtmlOptions(
            links=links,
            history=tuple(points),
            commit_url=args.commit_url or commit_url_from(args.source_url),
        )
        write_atomic(Path(args.html), html.render(newest, page))
    if args.json == "-":
        sys.stdout.write(text)
    elif args.json:
        write_atomic(Path(args.json), text)
    if not args.quiet:
        stream = sys.stderr if args.json == "-" else sys.stdout
        stream.write(table(points))
        print(
            f"{len(points)} points, {scanner.parsed} files parsed, {scanner.cached} from the cache",
            file=sys.stderr,
        )
    return 0


def subdirectory_prefix(subdirectory: str) -> str:
    return f"{subdirectory}/" if subdirectory else ""


def _default_plan_name(path: Path) -> str | None:
    found = find_default_plan(path)
    return found.name if found else None


def table(points: list[HistoryPoint]) -> str:
    header = ("date", "commit", "coverage", "impl", "unpl", "dyn", "changes")
    lines = ["{:<10}  {:<7}  {:>8}  {:>5}  {:>5}  {:>4}  {}".format(*header)]
    for point in points:
        s = point.summary
        changes = []
        if point.landed:
            changes.append("+" + ", +".join(point.landed))
        if point.regressed:
            changes.append("-" + ", -".join(point.regressed))
        coverage = format_coverage(s.coverage) + ("%" if s.coverage is not None else "")
        change_text = printable("; ".join(changes))[:80]
        lines.append(
            f"{point.date[:10]:<10}  {point.commit[:7]:<7}  {coverage:>8}  {s.implemented:>5}  "
            f"{s.unplanned:>5}  {s.dynamic:>4}  {change_text}"
        )
    return "\n".join(lines) + "\n"
