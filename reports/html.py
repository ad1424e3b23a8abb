"""The HTML report: one self-contained file (inline CSS, JS and SVG; no network).

The page's headline, cards and owner breakdown are rendered here by Jinja2 with autoescaping.
The long tables (events, calls, problems) are rendered in the browser from JSON embedded in
the page, a screenful at a time, so a report with 20,000 calls opens and filters quickly:
the browser never lays out rows nobody has asked to see. Rows are built with `textContent`,
so names and code excerpts are text, never markup; the embedded JSON escapes `<`, `>` and
`&`, so `</script>` in a name cannot end the data element; and a Content-Security-Policy
allows only the page's own script (by hash) and no network access at all.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from reports.excerpts import FileExcerpt
from reports.findings import call_label, property_summary
from reports.format import format_coverage
from reports.links import SourceLinks
from reports.trend import build_trend
from scanner.model import (
    CallResult,
    CallStatus,
    Delta,
    EventResult,
    EventStatus,
    HistoryPoint,
    Report,
)

RING_RADIUS = 52


@dataclass(frozen=True, slots=True)
class HtmlOptions:
    links: SourceLinks | None = None
    excerpts: tuple[FileExcerpt, ...] = ()
    title: str = "Tracking plan coverage"
    # Coverage over time (trackscan history, report --history), oldest first.
    history: tuple[HistoryPoint, ...] = ()
    commit_url: str | None = None  # "https://host/o/r/commit/{commit}" for the trend's points


@dataclass(frozen=True, slots=True)
class OwnerRow:
    owner: str | None
    planned: int
    implemented: int

    @property
    def percent(self) -> float:
        return 100.0 * self.implemented / self.planned if self.planned else 0.0


@dataclass(frozen=True, slots=True)
class Card:
    key: str  # filter the card applies: "<table>:<status>"
    label: str
    value: str
    detail: str
    tone: str  # good | bad | warn | neutral
    change: str = ""  # "+2 new" against the baseline


def render(report: Report, options: HtmlOptions | None = None) -> str:
    options = options or HtmlOptions()
    env = _environment()
    script = _asset("report.js")
    summary = report.summary
    return env.get_template("report.html").render(
        report=report,
        summary=summary,
        title=options.title,
        coverage=format_coverage(summary.coverage),
        **_change_context(report.delta, summary.coverage),
        event_counts={"missing": summary.missing, "implemented": summary.implemented},
        call_filters=_call_filters(report),
        format_coverage=format_coverage,
        row_tone=_tone,
        ring=_ring(report.summary.coverage),
        tone=_tone(report.summary.coverage),
        cards=_cards(report),
        owners=owner_rows(report.events),
        trend=build_trend(list(options.history), options.commit_url),
        delta=report.delta,
        data=page_data(report, options),
        style=Markup(_asset("report.css")),
        script=Markup(script),
        script_hash=_csp_hash(script),
        short=lambda commit: commit[:12] if commit else "",
    )


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=True,  # always, not by file extension (select_autoescape)
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _asset(name: str) -> str:
    loader = _environment().loader
    assert loader is not None
    source, _, _ = loader.get_source(_environment(), name)
    return source


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _change_context(delta: Delta | None, after: float | None) -> dict[str, Any]:
    before = None if delta is None else delta.before.coverage
    change = 0.0 if before is None or after is None else round(after - before, 1)
    text = "no change" if change == 0 else f"{change:+.1f} pp"
    return {
        "before_coverage": format_coverage(before),
        "coverage_change": change,
        "coverage_change_text": text.replace("-", "−"),
    }


def _call_filters(report: Report) -> list[tuple[str, str, int]]:
    counts = Counter(result.status for result in report.calls)
    if report.plan is None:
        shown = [(CallStatus.UNCHECKED, "Static names"), (CallStatus.DYNAMIC, "Dynamic")]
    else:
        shown = [
            (CallStatus.UNPLANNED, "Unplanned"),
            (CallStatus.DYNAMIC, "Dynamic"),
            (CallStatus.PLANNED, "Planned"),
        ]
        if counts[CallStatus.UNCHECKED]:
            shown.append((CallStatus.UNCHECKED, "Unchecked"))
    if counts[CallStatus.FORWARDING]:  # a wrapper's own call: its call sites are checked
        shown.append((CallStatus.FORWARDING, "In a wrapper"))
    return [(status.value, label, counts[status]) for status, label in shown]


def _tone(coverage: float | None) -> str:
    if coverage is None:
        return "neutral"
    return "good" if coverage >= 90 else "warn" if coverage >= 60 else "bad"


def _ring(coverage: float | None) -> dict[str, float]:
    circumference = 2 * 3.141592653589793 * RING_RADIUS
    filled = circumference * (coverage or 0.0) / 100
    return {"r": RING_RADIUS, "c": round(circumference, 2), "filled": round(filled, 2)}


def _cards(report: Report) -> list[Card]:
    s = report.summary
    delta = report.delta
    cards = []
    if report.plan is not None:
        cards += [
            Card(
                "events:implemented",
                "Implemented",
                f"{s.implemented:,}",
                f"of {s.planned:,} planned",
                "good" if s.planned and s.implemented == s.planned else "neutral",
                _new(delta, "newly_implemented"),
            ),
            Card(
                "events:missing",
                "Missing",
                f"{s.missing:,}",
                "planned, never sent",
                "bad" if s.missing else "good",
                _new(delta, "newly_missing"),
            ),
            Card(
                "calls:unplanned",
                "Unplanned",
                f"{s.unplanned:,}",
                f"{s.near_miss:,} near miss{'es' if s.near_miss != 1 else ''}",
                "warn" if s.unplanned else "good",
                _new(delta, "new_unplanned"),
            ),
        ]
    else:
        names = {(c.call.method, c.call.event) for c in report.calls if c.call.event}
        cards.append(Card("calls:all", "Calls", f"{s.calls:,}", f"{len(names):,} names", "neutral"))
    cards += [
        Card(
            "calls:dynamic",
            "Dynamic",
            f"{s.dynamic:,}",
            "names built at run time",
            "warn" if s.dynamic else "good",
            _new(delta, "new_dynamic"),
        ),
        Card(
            "calls:properties",
            "Property issues",
            f"{s.property_problems:,}",
            "calls",
            "bad" if s.property_problems else "good",
            _new(delta, "new_property_problems"),
        ),
        Card(
            "problems:errors",
            "Not scanned",
            f"{s.errors:,}",
            "files with errors",
            "bad" if s.errors else "good",
        ),
    ]
    return cards


def _new(delta: Delta | None, field: str) -> str:
    if delta is None:
        return ""
    count = len(getattr(delta, field))
    return f"+{count:,} new" if count else "none new"


def owner_rows(events: Iterable[EventResult]) -> list[OwnerRow]:
    """Planned and implemented events per owner; events without an owner come last."""
    counts: dict[str | None, list[int]] = {}
    for result in events:
        planned_implemented = counts.setdefault(result.event.owner, [0, 0])
        planned_implemented[0] += 1
        planned_implemented[1] += result.status is EventStatus.IMPLEMENTED
    return [
        OwnerRow(owner, planned, implemented)
        for owner, (planned, implemented) in sorted(
            counts.items(), key=lambda item: (item[0] is None, (item[0] or "").casefold())
        )
    ]


# ---------------------------------------------------------------------------
# The data the page's script renders the tables from. Keys are short because a report
# can hold 20,000 calls; report.js names them in one place (see `FIELDS` there).


def page_data(report: Report, options: HtmlOptions) -> dict[str, Any]:
    files: dict[str, int] = {}

    def file_index(path: str) -> int:
        return files.setdefault(path, len(files))

    delta = report.delta
    new_calls = _new_calls(delta)
    newly: dict[EventResult, str] = {}
    if delta is not None:
        newly = dict.fromkeys(delta.newly_implemented, "implemented")
        newly.update(dict.fromkeys(delta.newly_missing, "missing"))
    events = [_event_row(e, file_index, newly.get(e)) for e in report.events]
    calls = [_call_row(c, file_index, c in new_calls) for c in report.calls]
    problems = [
        {
            "f": file_index(p.path),
            "l": p.line,
            "k": p.kind.value,
            "t": p.message,
            "x": p.kind.is_error,
        }
        for p in report.problems
    ]
    excerpts = {
        str(file_index(excerpt.path)): [[number, text] for number, text in excerpt.lines]
        for excerpt in options.excerpts
    }
    links = options.links
    return {
        "files": list(files),
        "events": events,
        "calls": calls,
        "problems": problems,
        "excerpts": excerpts,
        "links": None
        if links is None
        else {"template": links.template, "commit": links.commit, "prefix": links.prefix},
        "plan": report.plan is not None,
        "baseline": delta is not None,
    }


def _new_calls(delta: Delta | None) -> set[CallResult]:
    if delta is None:
        return set()
    groups = (delta.new_unplanned, delta.new_dynamic, delta.new_property_problems)
    return {result for group in groups for result in group}


def _event_row(result: EventResult, file_index: Any, newly: str | None) -> dict[str, Any]:
    event = result.event
    row: dict[str, Any] = {
        "s": result.status.value,
        "e": event.name,
        "m": event.method.value,
        "o": event.owner or "",
        "d": event.description,
        "L": [[file_index(loc.path), loc.line, loc.column] for loc in result.locations],
    }
    if newly:
        row["n"] = newly
    return row


def _call_row(result: CallResult, file_index: Any, is_new: bool) -> dict[str, Any]:
    call = result.call
    row: dict[str, Any] = {
        "s": result.status.value,
        "e": call_label(result),
        "m": call.method.value,
        "f": file_index(call.location.path),
        "l": call.location.line,
        "c": call.location.column,
        "z": call.end_line,
        "k": call.callee,
    }
    if call.dynamic:
        row["d"] = 1
    if result.suggestion is not None:
        row["g"] = result.suggestion
    if call.wrapper is not None:  # a call site of an inferred wrapper
        row["w"] = call.wrapper.name
    if result.properties is not None and result.properties.count:
        row["p"] = property_summary(result)
        row["pc"] = result.properties.count
    if is_new:
        row["n"] = 1
    return row
