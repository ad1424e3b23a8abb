"""`trackscan comment`: create or update the one pull-request comment that carries our marker."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from reports import json_report, markdown
from reports.links import source_links
from scanner.errors import ConfigError
from trackscan.github import (
    DEFAULT_API_URL,
    DEFAULT_AUTHOR,
    CommentForbidden,
    GitHubClient,
    GitHubError,
    fit_comment,
    marker_for,
    upsert_comment,
    with_marker,
)
from trackscan.settings import root_prefix


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="trackscan comment",
        description="Post the report as a sticky pull-request comment (token from $GITHUB_TOKEN).",
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--report", metavar="REPORT.json", help="render the comment from this JSON report"
    )
    source.add_argument("--body-file", metavar="FILE", help="post this Markdown file as it is")
    parser.add_argument("--repo", metavar="OWNER/NAME", help="default: $GITHUB_REPOSITORY")
    parser.add_argument(
        "--pr", type=int, metavar="N", help="default: the pull request of $GITHUB_EVENT_PATH"
    )
    parser.add_argument(
        "--id",
        dest="comment_id",
        metavar="NAME",
        help="keep several reports apart (monorepos, matrices)",
    )
    parser.add_argument(
        "--comment-author",
        default=DEFAULT_AUTHOR,
        metavar="LOGIN",
        help=f"only edit comments by this account (default: {DEFAULT_AUTHOR})",
    )
    parser.add_argument(
        "--source-url", metavar="TEMPLATE", help="link path:line to the repository host"
    )
    parser.add_argument(
        "--path-prefix",
        metavar="DIR/",
        help="the scanned root inside the repository, for links "
        "(default: the report's root when it is a relative path)",
    )
    parser.add_argument(
        "--output-file",
        metavar="FILE",
        help="also write the comment body here (always written when posting is forbidden)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the body instead of posting it"
    )
    return parser


def render_body(args: argparse.Namespace) -> str:
    if args.body_file:
        try:
            return Path(args.body_file).read_text(encoding="utf-8")
        except OSError as error:
            raise ConfigError(f"cannot read body file: {error.strerror}", args.body_file) from None
    try:
        report = json_report.load(Path(args.report).read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"cannot read report: {error.strerror}", args.report) from None
    except (ValueError, KeyError, TypeError) as error:
        raise ConfigError(f"not a trackscan JSON report: {error}", args.report) from None
    prefix = args.path_prefix if args.path_prefix is not None else root_prefix(report.meta.root)
    links = source_links(args.source_url, report.meta.commit, prefix)
    return markdown.render(
        report, markdown.MarkdownOptions(links=links, marker_id=args.comment_id or "")
    )


def pull_request_number() -> int | None:
    event_path = os.environ.get("GITHUB_EVENT_PATH")
    if not event_path:
        return None
    try:
        event = json.loads(Path(event_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    number = (event.get("pull_request") or {}).get("number") or event.get("number")
    return int(number) if isinstance(number, int) else None


def comment_main(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    body = fit_comment(with_marker(render_body(args), marker_for(args.comment_id)))
    if args.output_file:
        Path(args.output_file).write_text(body, encoding="utf-8")
    if args.dry_run:
        sys.stdout.write(body)
        return 0
    repo = args.repo or os.environ.get("GITHUB_REPOSITORY")
    pr = args.pr or pull_request_number()
    token = os.environ.get("GITHUB_TOKEN")
    if not repo or "/" not in repo:
        raise ConfigError("no repository: pass --repo OWNER/NAME or set GITHUB_REPOSITORY")
    if not pr:
        raise ConfigError("no pull request: pass --pr N (or run on a pull_request event)")
    if not token:
        raise ConfigError("no token: set GITHUB_TOKEN (a job token with pull-requests: write)")
    client = GitHubClient(token, os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL)
    try:
        outcome = upsert_comment(
            client, repo, pr, body, marker_for(args.comment_id), args.comment_author
        )
    except CommentForbidden as error:
        saved = args.output_file or "trackscan-comment.md"
        Path(saved).write_text(body, encoding="utf-8")
        print(
            f"trackscan: warning: cannot comment on {repo}#{pr} ({error}). Pull requests from "
            f"forks get a read-only token: use the two-workflow pattern (docs/github-actions.md). "
            f"The comment was written to {saved}.",
            file=sys.stderr,
        )
        return 0
    except GitHubError as error:
        print(f"trackscan: {error}", file=sys.stderr)
        return 2
    print(f"trackscan: comment {outcome.action}: {outcome.url or f'{repo}#{pr}'}", file=sys.stderr)
    return 0
