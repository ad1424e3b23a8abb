"""The coverage trend of the HTML report: chart geometry for inline SVG, computed here.

The template only draws what this module lays out (no markup here, no chart library in the
page). Every series has its own marker shape and line pattern, so the chart reads without
colour, and a data table beside it carries the same numbers for screen readers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from reports.format import format_coverage
from scanner.model import HistoryPoint

WIDTH, HEIGHT = 720, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 14, 30


@dataclass(frozen=True, slots=True)
class Mark:
    x: float
    y: float
    title: str  # the tooltip: date, commit, value
    url: str | None


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    css: str  # line style class: coverage | unplanned | dynamic
    marker: str  # circle | square | diamond
    marks: tuple[Mark, ...]

    @property
    def polyline(self) -> str:
        return " ".join(f"{m.x:.1f},{m.y:.1f}" for m in self.marks)


@dataclass(frozen=True, slots=True)
class Chart:
    title: str
    description: str
    y_ticks: tuple[tuple[float, str], ...]  # (y, label)
    x_ticks: tuple[tuple[float, str], ...]  # (x, label)
    series: tuple[Series, ...]
    width: int = WIDTH
    height: int = HEIGHT


@dataclass(frozen=True, slots=True)
class OwnerTrend:
    owner: str
    implemented: int
    planned: int
    percent: float
    sparkline: str  # polyline points in a 120×28 box


@dataclass(frozen=True, slots=True)
class TableRow:
    date: str
    commit: str
    url: str | None
    subject: str
    coverage: str
    implemented: int
    planned: int
    unplanned: int
    dynamic: int
    landed: tuple[str, ...]
    regressed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Trend:
    coverage: Chart
    findings: Chart
    owners: tuple[OwnerTrend, ...]
    rows: tuple[TableRow, ...]


def commit_url_from(source_url: str | None) -> str | None:
    """`https://host/o/r/blob/{commit}/{path}#L{line}` → `https://host/o/r/commit/{commit}`."""
    if not source_url or "/blob/{commit}/" not in source_url:
        return None
    return source_url.split("/blob/{commit}/", 1)[0] + "/commit/{commit}"


def _link(template: str | None, commit: str) -> str | None:
    return template.replace("{commit}", quote(commit, safe="")) if template else None


def _timestamps(points: list[HistoryPoint]) -> list[float]:
    stamps = []
    for index, point in enumerate(points):
        try:
            stamps.append(dt.datetime.fromisoformat(point.date.replace("Z", "+00:00")).timestamp())
        except ValueError:
            stamps.append(float(index))
    if len(set(stamps)) < len(stamps) or stamps != sorted(stamps):
        return [float(i) for i in range(len(points))]  # equal spacing when dates collide
    return stamps


def _x_positions(points: list[HistoryPoint]) -> list[float]:
    stamps = _timestamps(points)
    low, high = stamps[0], stamps[-1]
    span = high - low or 1.0
    inner = WIDTH - LEFT - RIGHT
    if len(points) == 1:
        return [LEFT + inner / 2]
    return [LEFT + inner * (s - low) / span for s in stamps]


def _y(value: float, top: float) -> float:
    inner = HEIGHT - TOP - BOTTOM
    return TOP + inner * (1 - (value / top if top else 0.0))


def _x_ticks(points: list[HistoryPoint], xs: list[float]) -> tuple[tuple[float, str], ...]:
    chosen: list[int]
    if len(points) <= 6:
        chosen = list(range(len(points)))
    else:
        step = (len(points) - 1) / 5
        chosen = sorted({round(i * step) for i in range(6)})
    return tuple((xs[i], points[i].date[:10]) for i in chosen)


def _nice_top(value: int) -> int:
    for top in (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if value <= top:
            return top
    return ((value + 999) // 1000) * 1000


def build_trend(points: list[HistoryPoint], commit_url: str | None = None) -> Trend | None:
    """The charts and table for a series of points (oldest first), or None for no points."""
    if not points:
        return None
    xs = _x_positions(points)
    ticks = _x_ticks(points, xs)

    def marks(values: list[float], top: float, unit: str) -> tuple[Mark, ...]:
        return tuple(
            Mark(
                x,
                _y(v, top),
                f"{p.date[:10]} · {p.commit[:7]} · {shown}",
                _link(commit_url, p.commit),
            )
            for x, v, p, shown in zip(
                xs,
                values,
                points,
                [format_coverage(v) + unit if unit == "%" else f"{int(v)} {unit}" for v in values],
                strict=True,
            )
        )

    coverage_values = [p.summary.coverage or 0.0 for p in points]
    coverage = Chart(
        "Plan coverage",
        "Percentage of planned events implemented at each point",
        tuple((_y(v, 100), f"{v}%") for v in (0, 25, 50, 75, 100)),
        ticks,
        (Series("Coverage", "coverage", "circle", marks(coverage_values, 100, "%")),),
    )
    unplanned = [float(p.summary.unplanned) for p in points]
    dynamic = [float(p.summary.dynamic) for p in points]
    top = _nice_top(int(max(unplanned + dynamic + [1.0])))
    findings = Chart(
        "Unplanned and dynamic calls",
        "Number of calls with unplanned and with dynamic event names at each point",
        tuple((_y(v, top), str(v)) for v in (0, top // 2, top)),
        ticks,
        (
            Series("Unplanned", "unplanned", "square", marks(unplanned, top, "unplanned")),
            Series("Dynamic", "dynamic", "diamond", marks(dynamic, top, "dynamic")),
        ),
    )
    return Trend(coverage, findings, _owner_trends(points), _rows(points, commit_url))


def _owner_trends(points: list[HistoryPoint]) -> tuple[OwnerTrend, ...]:
    owners = sorted({owner for p in points for owner, _ in p.owners})
    trends = []
    for owner in owners:
        series = []
        for point in points:
            summary = dict(point.owners).get(owner)
            series.append(
                0.0
                if summary is None or not summary.planned
                else 100.0 * summary.implemented / summary.planned
            )
        latest = dict(points[-1].owners).get(owner)
        implemented = latest.implemented if latest else 0
        planned = latest.planned if latest else 0
        step = 120 / max(len(series) - 1, 1)
        spark = " ".join(f"{i * step:.1f},{26 - 24 * v / 100:.1f}" for i, v in enumerate(series))
        trends.append(
            OwnerTrend(
                owner,
                implemented,
                planned,
                100.0 * implemented / planned if planned else 0.0,
                spark,
            )
        )
    return tuple(trends)


def _rows(points: list[HistoryPoint], commit_url: str | None) -> tuple[TableRow, ...]:
    return tuple(
        TableRow(
            p.date[:10],
            p.commit[:12],
            _link(commit_url, p.commit),
            p.subject,
            format_coverage(p.summary.coverage),
            p.summary.implemented,
            p.summary.planned,
            p.summary.unplanned,
            p.summary.dynamic,
            p.landed,
            p.regressed,
        )
        for p in reversed(points)  # newest first, as people read a history
    )
