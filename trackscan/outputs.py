"""Writing a report's outputs: JSON, HTML, Markdown, SARIF, GitLab, GitHub annotations."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from reports import html, json_report, markdown, sarif, write_atomic
from reports.links import SourceLinks, source_links
from scanner.model import Report
from trackscan.excerpts import read_excerpts
from trackscan.settings import Settings, repo_prefix


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


def use_color(choice: str, stream: TextIO) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"
