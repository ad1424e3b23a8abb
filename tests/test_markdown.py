"""The pull-request comment: escaping, links, the marker and the size budget."""

from __future__ import annotations

import re

import pytest
from bigreport import big_report

from reports import markdown
from reports.links import SourceLinks
from reports.mdtext import code_span, escape_text
from scanner.match import match
from scanner.model import (
    Call,
    Language,
    Location,
    Method,
    PlannedEvent,
    ReportMeta,
    TrackingPlan,
)

META = ReportMeta(root=".", tool_version="0.0.0-test", generated_at="2026-01-01T00:00:00+00:00")

# What a scanned name may contain, and what must never come out of `escape_text` raw.
TEXT_CASES = [
    ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert\\(1\\)&gt;"),
    ("**bold** _it_ ~~gone~~", "\\*\\*bold\\*\\* \\_it\\_ \\~\\~gone\\~\\~"),
    ("[link](javascript:x)", "\\[link\\]\\(javascript:x\\)"),
    ("@everyone", "@\u200beveryone"),
    ("fixes #123", "fixes \\#\u200b123"),
    ("a | b", "a \\| b"),
    ("--> end", "\\--\u200b&gt; end"),
    ("AT&T", "AT&amp;T"),
    ("line\nbreak", "line\\\\nbreak"),
    ("1. not a list", "1\\. not a list"),
    ("- not a bullet", "\\- not a bullet"),
    ("`tick`", "\\`tick\\`"),
    ("3.5 stars", "3.5 stars"),
]


@pytest.mark.parametrize(("raw", "expected"), TEXT_CASES, ids=range(len(TEXT_CASES)))
def test_escape_text(raw: str, expected: str) -> None:
    assert escape_text(raw) == expected


CODE_CASES = [
    ("Signed Up", False, "`Signed Up`"),
    ("a`b", False, "``a`b``"),
    ("a ` b `` c", False, "```a ` b `` c```"),
    ("`edge`", False, "`` `edge` ``"),
    ("a | b", True, "`a \\| b`"),
    ("a | b", False, "`a | b`"),
    ("-->", False, "`--\u200b>`"),
    ("", False, "` `"),
    ("<b>@here</b>", False, "`<b>@here</b>`"),
]


@pytest.mark.parametrize(("raw", "in_table", "expected"), CODE_CASES, ids=range(len(CODE_CASES)))
def test_code_span(raw: str, in_table: bool, expected: str) -> None:
    assert code_span(raw, in_table=in_table) == expected


def _report(*names: str) -> markdown.Report:
    plan = TrackingPlan("tracking-plan.yaml", (PlannedEvent("Signed Up"),))
    calls = [
        Call(
            Location("app/views.py", 10 + i, 5),
            10 + i,
            40,
            Language.PYTHON,
            Method.TRACK,
            "analytics.track",
            name,
            False,
            repr(name),
            None,
        )
        for i, name in enumerate(names)
    ]
    return match(plan, calls, (), META)


def test_first_line_is_the_marker_and_the_next_the_headline() -> None:
    lines = markdown.render(_report("Signed Up", "Other")).splitlines()
    assert lines[0] == "<!-- trackscan-report -->"
    assert lines[1].startswith("### Tracking plan: 100.0% implemented · 1/1 events")


def test_marker_id_is_sanitised() -> None:
    text = markdown.render(_report(), markdown.MarkdownOptions(marker_id="web --> x"))
    assert text.splitlines()[0] == "<!-- trackscan-report id=web-----x -->"


def test_locations_are_links_only_with_a_source_url() -> None:
    report = _report("Unplanned (thing)")
    plain = markdown.render(report)
    assert "`app/views.py:10`" in plain
    assert "](" not in plain
    links = SourceLinks("https://example.test/r/blob/{commit}/{path}#L{line}", "abc123", "web/")
    linked = markdown.render(report, markdown.MarkdownOptions(links=links))
    assert "[`app/views.py:10`](https://example.test/r/blob/abc123/web/app/views.py#L10)" in linked


def test_links_with_a_commit_placeholder_need_a_commit() -> None:
    links = SourceLinks("https://example.test/r/blob/{commit}/{path}#L{line}", None)
    text = markdown.render(_report("Unplanned"), markdown.MarkdownOptions(links=links))
    assert "](" not in text


def test_hostile_names_cannot_break_the_table_or_the_marker() -> None:
    text = markdown.render(_report("a | b", "--> <!-- x", "@everyone\n| x |"))
    rows = [line for line in text.splitlines() if "`app/views.py:" in line]
    assert len(rows) == 3
    for row in rows:  # three cells each: no name adds a cell separator
        assert len(re.findall(r"(?<!\\)\|", row)) == 4
    assert text.count("-->") == 1  # only the marker's own
    # A code span: no mention, and the newline and pipes stay inside the cell.
    assert "| `@everyone\\n\\| x \\|` |" in text


def test_a_huge_report_fits_the_budget_and_says_it_was_shortened() -> None:
    text = markdown.render(big_report())
    assert len(text) <= markdown.DEFAULT_BUDGET < markdown.GITHUB_LIMIT
    assert len(text) > markdown.DEFAULT_BUDGET * 0.9  # uses the room it has
    assert "This comment is shortened to fit GitHub's size limit" in text
    assert re.search(r"\| … and [\d,]+ more \|", text)
    assert text.startswith("<!-- trackscan-report -->\n### Tracking plan: 87.5% implemented")


def test_max_items_caps_the_rows_of_each_section() -> None:
    text = markdown.render(
        _report(*(f"Thing {i}" for i in range(30))), markdown.MarkdownOptions(max_items=5)
    )
    assert text.count("| `Thing") == 5
    assert "| … and 25 more |" in text


def test_even_a_headline_over_budget_is_cut_with_a_note() -> None:
    text = markdown.render(_report("x" * 500), markdown.MarkdownOptions(budget=150))
    assert len(text) <= 150
    assert text.startswith("<!-- trackscan-report -->")
    assert "cut to fit" in text
