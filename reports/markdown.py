"""The pull-request comment: a headline that stands alone, then collapsible details.

The comment must fit GitHub's 65,536-character limit whatever the report holds, so when
it is too long every section is cut to the largest number of rows that lets the whole
comment fit the budget, and the comment says how many rows were left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from reports.findings import call_label, property_summary
from reports.format import format_coverage
from reports.links import SourceLinks
from reports.mdtext import MdSafe, code_span, escape_text, link
from scanner.model import (
    CallResult,
    CallStatus,
    Delta,
    EventStatus,
    Location,
    Report,
    Summary,
)

MARKER = "<!-- trackscan-report -->"
GITHUB_LIMIT = 65_536
DEFAULT_BUDGET = 60_000  # leaves room for whatever CI adds around the body


@dataclass(frozen=True, slots=True)
class MarkdownOptions:
    links: SourceLinks | None = None
    budget: int = DEFAULT_BUDGET
    max_items: int | None = None  # rows per section at most, before the budget applies
    marker_id: str = ""  # "<!-- trackscan-report id=NAME -->" for monorepos and matrices


def render(report: Report, options: MarkdownOptions | None = None) -> str:
    options = options or MarkdownOptions()
    context = _context(report, options)
    longest = max((len(rows) for rows in context["sections"].values()), default=0)
    cap = longest if options.max_items is None else min(longest, options.max_items)
    text = _render(context, None if cap == longest else cap)
    if len(text) <= options.budget:
        return text
    # Too long: the largest number of rows per section that fits, by bisection (the length
    # grows with the row limit), then a visible note says how many rows were left out.
    low, high = 0, cap
    best = _render(context, 0)
    if len(best) > options.budget:
        # Even the headline alone is over budget (huge names in a huge plan): cut it, visibly.
        return _cut(best, options.budget)
    while low < high:
        middle = (low + high + 1) // 2
        candidate = _render(context, middle)
        if len(candidate) <= options.budget:
            low, best = middle, candidate
        else:
            high = middle - 1
    return best


def _render(context: dict[str, Any], limit: int | None) -> str:
    return str(_template().render(**context, limit=limit, left_out=_left_out(context, limit)))


def _cut(text: str, budget: int) -> str:
    note = (
        "\n\n> [!WARNING]\n"
        "> This comment was cut to fit GitHub's size limit; see the full report.\n"
    )
    kept = text[: max(0, budget - len(note))]
    return kept[: kept.rfind("\n")] + note if "\n" in kept else kept + note


def marker(marker_id: str = "") -> str:
    """The hidden first line CI finds the comment by; an id tells several comments apart.

    The same rule as `trackscan.github.marker_for`, so the poster recognises the marker.
    """
    if not marker_id:
        return MARKER
    return f"<!-- trackscan-report id={re.sub(r'[^A-Za-z0-9_.-]', '-', marker_id)} -->"


@cache
def _template() -> Any:
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=False,  # Markdown, not HTML: escaping is `finalize`'s job
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        code=lambda text: code_span(str(text)),
        cellcode=lambda text: code_span(str(text), in_table=True),
        text=lambda text, limit=None: escape_text(str(text), limit),
        pct=lambda value: MdSafe(format_coverage(value)),
        plural=lambda count, word, plural=None: MdSafe(
            f"{count:,} " + (word if count == 1 else plural or word + "s")
        ),
        number=lambda count: MdSafe(f"{count:,}"),
        # Only for what this template itself rendered (macro and `call` bodies).
        rendered=MdSafe,
    )
    return env.get_template("comment.md")


def _finalize(value: object) -> object:
    """Every `{{ }}` is escaped unless a filter already made it safe Markdown."""
    if isinstance(value, MdSafe):
        return value
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return escape_text(str(value))


def _signed(value: float, unit: str = "") -> str:
    if value == 0:
        return f"±0{unit}"
    return f"{'+' if value > 0 else '−'}{abs(value):,.1f}{unit}".replace(".0" + unit, unit)


def _where_factory(links: SourceLinks | None) -> Any:
    def where(location: Location | None, in_table: bool = True) -> MdSafe:
        if location is None:
            return MdSafe("")
        label = code_span(f"{location.path}:{location.line}", in_table=in_table, limit=120)
        url = links.url(location.path, location.line) if links is not None else None
        return link(label, url) if url else label

    return where


def _context(report: Report, options: MarkdownOptions) -> dict[str, Any]:
    calls = report.calls
    sections = {
        "missing": [e for e in report.events if e.status is EventStatus.MISSING],
        "unplanned": [c for c in calls if c.status is CallStatus.UNPLANNED],
        "dynamic": [c for c in calls if c.status is CallStatus.DYNAMIC],
        "properties": [c for c in calls if c.properties is not None and c.properties.count],
        "errors": list(report.errors),
        "introduced": _introduced(report.delta),
        "names": _inventory(report) if report.plan is None else [],
    }
    return {
        "marker": MdSafe(marker(options.marker_id)),
        "report": report,
        "summary": report.summary,
        "delta": report.delta,
        "sections": sections,
        "where": _where_factory(options.links),
        "label": call_label,
        "property_summary": property_summary,
        "short": _short_commit,
        "changes": _changes(report.summary, report.delta),
        "headline_change": headline_change(report.delta, report.summary),
    }


def _left_out(context: dict[str, Any], limit: int | None) -> int:
    if limit is None:
        return 0
    return sum(max(0, len(rows) - limit) for rows in context["sections"].values())


def _short_commit(commit: str | None) -> str | None:
    return commit[:7] if commit else None


@dataclass(frozen=True, slots=True)
class Introduced:
    """One row of "Introduced by this change"."""

    kind: str
    name: str
    location: Location | None
    note: str
    suggestion: str | None = None


def _introduced(delta: Delta | None) -> list[Introduced]:
    if delta is None:
        return []
    rows = [
        Introduced("missing event", e.event.name, e.event.source, e.event.description)
        for e in delta.newly_missing
    ]
    for result in delta.new_unplanned:
        rows.append(
            Introduced("unplanned", call_label(result), result.call.location, "", result.suggestion)
        )
    for result in delta.new_dynamic:
        rows.append(Introduced("dynamic name", call_label(result), result.call.location, ""))
    for result in delta.new_property_problems:
        rows.append(
            Introduced(
                "properties", call_label(result), result.call.location, property_summary(result)
            )
        )
    return rows


def _inventory(report: Report) -> list[tuple[str, str, list[CallResult]]]:
    by_name: dict[tuple[str, str], list[CallResult]] = {}
    for result in report.calls:
        if result.call.event is not None:
            key = (result.call.event, result.call.method.value)
            by_name.setdefault(key, []).append(result)
    return [(name, method, found) for (name, method), found in sorted(by_name.items())]


@dataclass(frozen=True, slots=True)
class Change:
    label: str
    before: MdSafe  # numbers we formatted ourselves
    after: MdSafe
    difference: MdSafe


def _changes(after: Summary, delta: Delta | None) -> Sequence[Change]:
    """The base/head table: one row per headline number."""
    if delta is None:
        return ()
    before = delta.before
    rows = []
    if before.coverage is not None or after.coverage is not None:
        rows.append(
            Change(
                "Plan coverage",
                MdSafe(_pct(before.coverage)),
                MdSafe(_pct(after.coverage)),
                MdSafe(_pp(before.coverage, after.coverage)),
            )
        )
    pairs = (
        ("Implemented events", before.implemented, after.implemented),
        ("Missing events", before.missing, after.missing),
        ("Unplanned calls", before.unplanned, after.unplanned),
        ("Dynamic names", before.dynamic, after.dynamic),
        ("Calls with property problems", before.property_problems, after.property_problems),
        ("Files not parsed", before.errors, after.errors),
    )
    for label, old, new in pairs:
        rows.append(
            Change(label, MdSafe(f"{old:,}"), MdSafe(f"{new:,}"), MdSafe(_count_delta(new - old)))
        )
    return rows


def _pct(value: float | None) -> str:
    return "n/a" if value is None else format_coverage(value) + "%"


def _pp(before: float | None, after: float | None) -> str:
    if before is None or after is None:
        return ""
    return _signed(round(after - before, 1), " pp")


def _count_delta(change: int) -> str:
    if change == 0:
        return "±0"
    return f"+{change:,}" if change > 0 else f"−{-change:,}"


def headline_change(delta: Delta | None, after: Summary) -> MdSafe:
    """ "▲ +2.5 pp" for the first line, or "" without a baseline."""
    if delta is None or delta.before.coverage is None or after.coverage is None:
        return MdSafe("")
    change = round(after.coverage - delta.before.coverage, 1)
    arrow = "▲ " if change > 0 else "▼ " if change < 0 else ""
    return MdSafe(arrow + _signed(change, " pp"))
