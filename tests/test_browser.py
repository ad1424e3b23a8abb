"""The HTML report in a real browser: Playwright driving Debian's Chromium, headless.

Skipped only when no Chromium is installed (.ci/run installs it). Screenshots and the
big-report timings land in tests/artifacts/ (git-ignored) for people to look at.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from bigreport import big_report
from conftest import FIXTURES
from playwright.sync_api import expect

from reports import html

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and Path("/usr/bin/chromium").exists():
        found = "/usr/bin/chromium"
    return found


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium()
    if executable is None:
        pytest.skip("no Chromium installed: apt-get install --no-install-recommends chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@dataclass
class Opened:
    """A page with everything that went wrong on it recorded."""

    page: Any
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def count(self, table: str) -> tuple[int, int]:
        section = self.page.locator(f"section[data-table={table}]")
        return int(section.get_attribute("data-shown")), int(section.get_attribute("data-matching"))

    def column(self, table: str, column: str) -> list[str]:
        cells = self.page.locator(
            f"section[data-table={table}] tbody tr:not(.detail) td.col-{column}"
        )
        return [" ".join(text.split()) for text in cells.all_inner_texts()]


def open_page(browser: Any, path: Path, **context_options: Any) -> Opened:
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **context_options})
    page = context.new_page()
    opened = Opened(page)

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:  # nothing may leave the machine: record and refuse
            opened.requests.append(url)
            route.abort()

    context.route("**/*", route)
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    page.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-ready=true]", timeout=30_000)
    return opened


@pytest.fixture
def shop_html(run_trackscan: Any, tmp_path: Path) -> Path:
    out = tmp_path / "report.html"
    run = run_trackscan(FIXTURES / "reports-shop", "--html", out, "-q")
    assert run.code == 0, run.stderr
    return out


def screenshot(opened: Opened, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    opened.page.screenshot(path=str(ARTIFACTS / name), full_page=True)


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("report-light.png", {"color_scheme": "light"}),
        ("report-dark.png", {"color_scheme": "dark"}),
        ("report-narrow.png", {"color_scheme": "light", "viewport": {"width": 390, "height": 844}}),
    ],
)
def test_opens_cleanly(browser: Any, shop_html: Path, name: str, options: dict[str, Any]) -> None:
    opened = open_page(browser, shop_html, **options)
    assert opened.errors == []
    assert opened.requests == []
    assert opened.count("calls") == (10, 10)
    assert opened.count("events") == (7, 7)
    width = opened.page.evaluate("document.documentElement.scrollWidth")
    assert width <= opened.page.viewport_size["width"]  # no sideways scrolling, even narrow
    screenshot(opened, name)


def test_filter_box_and_status_filters(browser: Any, shop_html: Path) -> None:
    opened = open_page(browser, shop_html)
    page = opened.page
    page.fill("#calls-filter", "signed")
    expect(page.locator("#calls")).to_have_attribute("data-matching", "3")
    assert all("signed" in name.lower() for name in opened.column("calls", "name"))
    page.fill("#calls-filter", "")
    expect(page.locator("#calls")).to_have_attribute("data-matching", "10")

    page.locator("#calls").get_by_role("checkbox", name="Planned 6", exact=True).uncheck()
    assert opened.count("calls") == (4, 4)
    page.locator("#calls input[value=dynamic]").uncheck()
    assert set(opened.column("calls", "status")) == {"! Unplanned", "! Near miss"}
    page.locator("#calls input[value=properties]").check()
    assert opened.count("calls") == (0, 0)
    assert page.locator("#calls .empty").is_visible()

    page.locator("#events input[value=implemented]").uncheck()
    assert opened.column("events", "name") == ["Cart Abandoned", "Search Performed"]
    assert opened.errors == []


def test_sort_by_column(browser: Any, shop_html: Path) -> None:
    opened = open_page(browser, shop_html)
    page = opened.page
    header = page.locator("#calls th[data-key=where]")
    assert header.get_attribute("aria-sort") is None
    assert page.locator("#calls th[aria-sort]").count() == 1  # the default sort, by status
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert page.locator("#calls th[aria-sort]").count() == 1
    where = opened.column("calls", "where")
    assert where == sorted(where, key=lambda w: (w.split(":")[0], int(w.split(":")[1])))
    header.get_by_role("button").press("Enter")  # keyboard: the header is a button
    assert header.get_attribute("aria-sort") == "descending"
    assert opened.column("calls", "where")[0] == "shop/checkout.py:22"
    assert (
        "Sorted by Location, descending" in page.locator("#calls [data-role=announce]").inner_text()
    )


def test_cards_keyboard_theme_and_excerpts(browser: Any, shop_html: Path) -> None:
    opened = open_page(browser, shop_html, color_scheme="light")
    page = opened.page
    page.locator("a.card[data-filter='events:missing']").click()
    assert opened.count("events") == (2, 2)
    page.locator("a.card[data-filter='calls:properties']").click()
    assert opened.count("calls") == (3, 3)

    page.locator("body").click(position={"x": 5, "y": 400})
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "calls-filter"
    page.keyboard.press("Escape")
    page.locator("h1").click()
    page.keyboard.press("?")
    assert page.locator("dialog#help").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("dialog#help").is_visible()

    page.keyboard.press("t")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.locator("#theme-toggle").get_attribute("aria-pressed") == "true"

    location = page.locator("#calls button.loc", has_text="shop/checkout.py:13")
    location.click()
    assert location.get_attribute("aria-expanded") == "true"
    code = page.locator("#calls tr.detail .excerpt").inner_text()
    assert "client.track(" in code and "ORDER_COMPLETED," in code
    location.click()
    assert page.locator("#calls tr.detail").count() == 0
    screenshot(opened, "report-dark-toggled.png")
    assert opened.errors == [] and opened.requests == []


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_xss_fixture_runs_no_script(
    browser: Any, run_trackscan: Any, tmp_path: Path, bypass_csp: bool
) -> None:
    out = tmp_path / "xss.html"
    assert run_trackscan(FIXTURES / "xss-names", "--html", out, "-q").code == 0
    context = {"bypass_csp": bypass_csp}
    opened = open_page(browser, out, **context)
    page = opened.page
    for table in ("events", "calls"):  # every row drawn, every excerpt opened
        pager = page.locator(f"#{table} [data-role=all]")
        if pager.is_visible():
            pager.click()
    for button in page.locator("#calls button.loc").all():
        button.click()
    page.wait_for_timeout(200)
    assert opened.dialogs == []
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    injected = page.evaluate(
        "Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes)"
        ".some(a => a.name.startsWith('on'))).length"
    )
    assert injected == 0
    assert page.get_by_text("<img src=x onerror=alert(1)>", exact=True).count() >= 3
    assert page.get_by_text("</script><script>alert(3)</script>", exact=True).count() == 1
    assert opened.errors == [] and opened.requests == []
    if not bypass_csp:
        screenshot(opened, "xss-names.png")


def test_accessibility_axe(browser: Any, shop_html: Path) -> None:
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    for scheme in ("light", "dark"):
        opened = open_page(browser, shop_html, color_scheme=scheme, bypass_csp=True)
        results = axe_module.Axe().run(opened.page)
        assert results.violations_count == 0, f"{scheme}:\n{results.generate_snapshot()}"


def test_big_report_opens_and_filters(browser: Any, tmp_path: Path) -> None:
    """5,000 events and 20,000 calls: measured, written to tests/artifacts, not asserted."""
    report = big_report()
    out = tmp_path / "big.html"
    out.write_text(html.render(report), encoding="utf-8")
    started = time.perf_counter()
    opened = open_page(browser, out)
    opened_s = time.perf_counter() - started
    page = opened.page
    ready_ms = page.locator("html").get_attribute("data-ready-ms")
    assert opened.count("calls") == (200, 20_000)

    started = time.perf_counter()
    page.fill("#calls-filter", "unplanned thing 1")
    expect(page.locator("#calls")).not_to_have_attribute("data-matching", "20000")
    filter_s = time.perf_counter() - started
    filter_draw_ms = page.locator("#calls").get_attribute("data-draw-ms")
    shown, matching = opened.count("calls")
    assert 0 < matching < 20_000 and shown == min(200, matching)

    started = time.perf_counter()
    page.locator("#calls th[data-key=name] button").click()
    expect(page.locator("#calls th[data-key=name]")).to_have_attribute("aria-sort", "ascending")
    sort_s = time.perf_counter() - started
    sort_draw_ms = page.locator("#calls").get_attribute("data-draw-ms")

    page.fill("#calls-filter", "")
    expect(page.locator("#calls")).to_have_attribute("data-matching", "20000")
    started = time.perf_counter()
    page.locator("#calls input[value=planned]").uncheck()
    status_s = time.perf_counter() - started
    status_draw_ms = page.locator("#calls").get_attribute("data-draw-ms")
    assert opened.errors == [] and opened.requests == []

    ARTIFACTS.mkdir(exist_ok=True)
    figures = (
        f"big report: {len(report.events):,} events, {len(report.calls):,} calls, "
        f"{out.stat().st_size / 1e6:.1f} MB\n"
        f"in the page: usable {ready_ms} ms after navigation started; redraw after typing "
        f"{filter_draw_ms} ms, after a sort {sort_draw_ms} ms, after a status filter "
        f"{status_draw_ms} ms\n"
        f"seen from the test (Playwright round trips included): open {opened_s * 1000:.0f} ms, "
        f"filter {filter_s * 1000:.0f} ms (60 ms debounce included), sort {sort_s * 1000:.0f} "
        f"ms, status filter {status_s * 1000:.0f} ms\n"
    )
    (ARTIFACTS / "html-performance.txt").write_text(figures, encoding="utf-8")
    print(figures)
