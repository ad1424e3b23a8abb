"""The HTML report as a file: self-contained, escaped, and its script allowed by its CSP."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from bigreport import big_report
from conftest import FIXTURES

from reports import html
from reports.excerpts import excerpt, wanted_lines
from reports.json_report import load
from reports.links import SourceLinks

HOSTILE = (
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(3)</script>",
    "<svg onload=alert(5)>",
    "<u>more</u>",
    "<b>owner</b>",
)


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each script element."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def fixture_html(name: str, options: html.HtmlOptions | None = None) -> str:
    report = load((FIXTURES / name / "expected" / "report.json").read_text(encoding="utf-8"))
    return html.render(report, options)


def parsed(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    return parser


def test_hostile_names_are_never_markup() -> None:
    page = fixture_html("xss-names")
    elements = parsed(page)
    assert [tag for tag, _ in elements.tags if tag in ("img", "svg", "u", "b", "i")] == [
        "svg",  # the logo
        "svg",  # the coverage ring; nothing from the scanned code
    ]
    assert not any(name.startswith("on") for _, attrs in elements.tags for name in attrs)
    assert len(elements.scripts) == 2  # the JSON data and the page's own script
    for name in HOSTILE:
        assert name not in page


def test_embedded_json_cannot_end_its_script_element() -> None:
    page = fixture_html("xss-names")
    data_element = re.search(
        r'<script type="application/json" id="trackscan-data">(.*?)</script>', page, re.S
    )
    assert data_element is not None
    text = data_element.group(1)
    assert "<" not in text and ">" not in text
    data = json.loads(text)
    assert "<img src=x onerror=alert(1)>" in [event["e"] for event in data["events"]]


def test_the_script_is_allowed_by_its_hash_and_nothing_else_is() -> None:
    page = fixture_html("reports-shop")
    elements = parsed(page)
    script = elements.scripts[1]
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = next(
        attrs["content"]
        for tag, attrs in elements.tags
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    )
    assert f"script-src 'sha256-{digest}'" in (policy or "")
    assert "default-src 'none'" in (policy or "")


def test_self_contained_no_urls_to_fetch() -> None:
    elements = parsed(fixture_html("reports-shop"))
    for tag, attrs in elements.tags:
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            assert not re.match(r"(https?:)?//", value), (tag, name, value)


def test_source_links_go_to_the_host_and_replace_excerpts() -> None:
    links = SourceLinks(
        "https://git.example.test/shop/blob/{commit}/{path}#L{line}", "c0ffee", "web/"
    )
    page = fixture_html("reports-shop", html.HtmlOptions(links=links))
    data = json.loads(re.search(r'id="trackscan-data">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]
    assert data["links"] == {"template": links.template, "commit": "c0ffee", "prefix": "web/"}
    assert data["excerpts"] == {}


def test_owner_rows_put_events_without_an_owner_last() -> None:
    report = load((FIXTURES / "reports-shop/expected/report.json").read_text())
    rows = html.owner_rows(report.events)
    assert [(r.owner, r.implemented, r.planned) for r in rows] == [
        ("catalog", 1, 2),
        ("checkout", 2, 2),
        ("growth", 1, 2),
        (None, 1, 1),
    ]


def test_excerpts_keep_the_lines_around_each_location() -> None:
    text = "".join(f"line {n}\n" for n in range(1, 31))
    lines = wanted_lines([(10, 11), (29, 29)], context=2)
    assert lines == [8, 9, 10, 11, 12, 13, 27, 28, 29, 30, 31]
    found = excerpt("a.py", text, lines)
    assert [n for n, _ in found.lines] == [8, 9, 10, 11, 12, 13, 27, 28, 29, 30]
    assert found.lines[0] == (8, "line 8")


def test_a_big_report_stays_a_few_megabytes(tmp_path: Path) -> None:
    page = html.render(big_report())
    assert len(page) < 6_000_000
    assert page.count("<tr>") < 50  # rows are drawn by the browser, a page at a time


def test_calls_through_a_wrapper_name_it_and_forwarding_calls_have_their_filter() -> None:
    page = fixture_html("wrappers-js")
    data_element = re.search(
        r'<script type="application/json" id="trackscan-data">(.*?)</script>', page, re.S
    )
    assert data_element is not None
    data = json.loads(data_element.group(1))
    through = {(call["e"], call.get("w")) for call in data["calls"] if call["s"] != "forwarding"}
    assert ("Signed Up", "useAnalytics().track") in through
    assert ("Cart Viewed", "useTrack()") in through
    assert sum(1 for call in data["calls"] if call["s"] == "forwarding") == 5
    assert 'value="forwarding" checked><span>In a wrapper</span>' in page
