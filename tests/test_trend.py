"""Trend chart geometry: positions by date, ticks, owner sparklines and commit links."""

from __future__ import annotations

from reports.trend import HEIGHT, LEFT, RIGHT, WIDTH, build_trend, commit_url_from
from scanner.model import HistoryPoint, Summary


def point(
    commit: str, date: str, implemented: int, unplanned: int = 0, owners: tuple = ()
) -> HistoryPoint:
    return HistoryPoint(
        commit,
        f"{date}T00:00:00+00:00",
        f"subject {commit}",
        Summary(planned=4, implemented=implemented, unplanned=unplanned),
        owners,
    )


def test_no_points_no_trend() -> None:
    assert build_trend([]) is None


def test_x_follows_dates_and_y_follows_values() -> None:
    points = [
        point("a" * 40, "2026-01-01", 0),
        point("b" * 40, "2026-01-02", 2),
        point("c" * 40, "2026-01-05", 4, 3),
    ]
    trend = build_trend(points, "https://h/o/r/commit/{commit}")
    assert trend is not None
    marks = trend.coverage.series[0].marks
    assert [round(m.x) for m in marks] == [
        LEFT,
        round(LEFT + (WIDTH - LEFT - RIGHT) / 4),
        WIDTH - RIGHT,
    ]
    assert marks[0].y > marks[1].y > marks[2].y  # 0% at the bottom, 100% at the top
    assert marks[2].url == "https://h/o/r/commit/" + "c" * 40
    assert marks[1].title == "2026-01-02 · bbbbbbb · 50.0%"
    unplanned = trend.findings.series[0]
    assert unplanned.name == "Unplanned" and unplanned.marker == "square"
    assert [r.commit[0] for r in trend.rows] == ["c", "b", "a"], "table rows newest first"


def test_equal_dates_are_spaced_evenly() -> None:
    points = [point(c * 40, "2026-01-01", 1) for c in "abc"]
    trend = build_trend(points)
    assert trend is not None
    xs = [m.x for m in trend.coverage.series[0].marks]
    assert xs[1] - xs[0] == xs[2] - xs[1] > 0
    assert all(m.url is None for m in trend.coverage.series[0].marks)


def test_single_point_is_centred_and_in_range() -> None:
    trend = build_trend([point("a" * 40, "2026-01-01", 4)])
    assert trend is not None
    (mark,) = trend.coverage.series[0].marks
    assert 0 < mark.x < WIDTH and 0 <= mark.y <= HEIGHT


def test_owner_sparklines() -> None:
    points = [
        point("a" * 40, "2026-01-01", 1, owners=(("growth", Summary(planned=2, implemented=1)),)),
        point(
            "b" * 40,
            "2026-01-08",
            2,
            owners=(
                ("growth", Summary(planned=2, implemented=2)),
                ("web", Summary(planned=1, implemented=0)),
            ),
        ),
    ]
    trend = build_trend(points)
    assert trend is not None
    growth, web = trend.owners
    assert (growth.owner, growth.implemented, growth.planned, growth.percent) == (
        "growth",
        2,
        2,
        100.0,
    )
    assert growth.sparkline == "0.0,14.0 120.0,2.0"
    assert web.sparkline == "0.0,26.0 120.0,26.0"


def test_commit_url_from_a_blob_template() -> None:
    assert (
        commit_url_from("https://github.com/o/r/blob/{commit}/{path}#L{line}")
        == "https://github.com/o/r/commit/{commit}"
    )
    assert commit_url_from("https://example.test/{path}") is None
    assert commit_url_from(None) is None
