"""Writing a report's outputs: JSON, HTML, Markdown, SARIF, GitLab, GitHub annotations.

Both `trackscan` (after a scan) and `trackscan report --from` (no scan) write through here.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from reports import write_atomic
from reports.links import SourceLinks, source_links
from scanner.model import HistoryPoint, Report, Value
from trackscan.settings import Settings, repo_prefix

if TYPE_CHECKING:
    from reports.html import HtmlOptions

FILE_OUTPUTS = ("json", "markdown", "sarif", "gitlab", "html")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Outputs(Value):
    """Where each rendering goes ('-' for stdout) and what links and extras it carries."""

    json: str | None = None
    html: str | None = None
    markdown: str | None = None
    sarif: str | None = None
    gitlab: str | None = None
    source_url: str | None = None
    prefix: str = ""  # the scanned root inside the repository, for links and SARIF/GitLab paths
    excerpts_root: Path | None = None  # read code excerpts for the HTML report from here
    history: tuple[HistoryPoint, ...] = ()  # the trend drawn in the HTML report

    @property
    def stdout(self) -> str | None:
        return next((name for name in FILE_OUTPUTS if getattr(self, name) == "-"), None)


def outputs_for(settings: Settings) -> Outputs:
    needs_prefix = any(
        (settings.html, settings.markdown, settings.sarif, settings.gitlab)
    ) or annotations_wanted(settings.github_annotations)
    return Outputs(
        json=settings.json,
        html=settings.html,
        markdown=settings.markdown,
        sarif=settings.sarif,
        gitlab=settings.gitlab,
        source_url=settings.source_url,
        prefix=repo_prefix(settings.root) if needs_prefix else "",
        excerpts_root=settings.root,
    )


def write_outputs(report: Report, outputs: Outputs) -> None:
    links = make_links(report, outputs) if outputs.html or outputs.markdown else None
    for name in ("json", "markdown", "sarif", "gitlab", "html"):
        target = getattr(outputs, name)
        if target == "-":
            sys.stdout.write(render_output(name, report, outputs, links))
        elif target:
            write_atomic(Path(target), render_output(name, report, outputs, links))


def render_output(name: str, report: Report, outputs: Outputs, links: SourceLinks | None) -> str:
    """One report format. Each renderer is imported when asked for: Jinja2 alone is a tenth
    of the start-up of a scan that writes no HTML."""
    if name == "json":
        from reports import json_report

        return json_report.render(report)
    if name == "markdown":
        from reports import markdown

        return markdown.render(report, markdown.MarkdownOptions(links=links))
    if name == "sarif":
        from reports import sarif

        return sarif.render(report, sarif.SarifOptions(path_prefix=outputs.prefix))
    if name == "gitlab":
        from reports import gitlab

        return gitlab.render(report, outputs.prefix)
    from reports import html

    return html.render(report, html_options(report, outputs, links))


def make_links(report: Report, outputs: Outputs) -> SourceLinks | None:
    links = source_links(outputs.source_url, report.meta.commit, outputs.prefix)
    if links is not None and not links.usable:
        print(
            "trackscan: warning: --source-url uses {commit}, but the report has no commit "
            "(not scanned in a git checkout); locations are not linked",
            file=sys.stderr,
        )
        return None
    return links


def html_options(report: Report, outputs: Outputs, links: SourceLinks | None) -> HtmlOptions:
    # With links to the host the report needs no copy of the code; without, it shows excerpts.
    from reports.html import HtmlOptions
    from reports.trend import commit_url_from
    from trackscan.excerpts import read_excerpts

    root = outputs.excerpts_root
    excerpts = () if links is not None or root is None else read_excerpts(root, report)

    return HtmlOptions(
        links=links,
        excerpts=excerpts,
        history=outputs.history,
        commit_url=commit_url_from(outputs.source_url),
    )


def annotations_wanted(choice: bool | None) -> bool:
    """On by default inside GitHub Actions; the flag decides otherwise."""
    if choice is not None:
        return choice
    return os.environ.get("GITHUB_ACTIONS") == "true"


def print_annotations(report: Report, outputs: Outputs) -> None:
    """GitHub workflow commands, on stdout unless a report is written there."""
    stream = sys.stderr if outputs.stdout else sys.stdout
    from reports import github_annotations

    stream.write(github_annotations.render(report, outputs.prefix))


def use_color(choice: str, stream: TextIO) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty() and os.environ.get("TERM") != "dumb"
