"""What the Python extractor finds, one construct per row (Fixit's VALID/INVALID idea).

`Finds` rows must produce exactly one call with the given method and event (or dynamic
expression); `Ignores` rows must produce no call at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from scanner.model import Dynamic, FileScan, Method, Reference, Static
from scanner.python import extract_python
from scanner.resolve import resolve

PRELUDE = "from segment import analytics\n"


@dataclass(frozen=True)
class Finds:
    code: str
    method: Method = Method.TRACK
    event: str | None = None
    dynamic: str | None = None  # the expression, when the name is dynamic
    keys: tuple[str, ...] | None = None
    prelude: str = PRELUDE


@dataclass(frozen=True)
class Ignores:
    code: str
    prelude: str = PRELUDE


FINDS = [
    Finds('analytics.track("u", "A")', event="A"),
    Finds('analytics.track(user_id="u", event="A")', event="A"),
    Finds('analytics.track(event="A", user_id="u")', event="A"),
    Finds('analytics.track(anonymous_id="x", event="A")', event="A"),
    Finds('analytics.track("u", "A", {"k": 1})', event="A", keys=("k",)),
    Finds('analytics.track("u", "A", properties={"k": 1})', event="A", keys=("k",)),
    Finds('analytics.identify("u", {"email": "e"})', Method.IDENTIFY, keys=("email",)),
    Finds(
        'analytics.identify(user_id="u", traits={"email": "e"})', Method.IDENTIFY, keys=("email",)
    ),
    Finds(
        'analytics.page("u", "Docs", "Home", {"path": "/"})',
        Method.PAGE,
        event="Home",
        keys=("path",),
    ),
    Finds('analytics.page("u", name="Home")', Method.PAGE, event="Home"),
    Finds('analytics.page("u", "Docs")', Method.PAGE, event=None),
    Finds('analytics.screen("u", None, "Settings")', Method.SCREEN, event="Settings"),
    Finds('analytics.group("u", "g", {"plan": "x"})', Method.GROUP, keys=("plan",)),
    Finds('analytics.group("u", group_id="g", traits={"plan": "x"})', Method.GROUP, keys=("plan",)),
    Finds('analytics.alias("old", "new")', Method.ALIAS),
    Finds('self.analytics.track("u", "A")', event="A", prelude=""),
    Finds('app.analytics.track("u", "A")', event="A", prelude=""),
    Finds('segment.analytics.track("u", "A")', event="A", prelude=""),
    Finds('seg.track("u", "A")', event="A", prelude="import segment.analytics as seg\n"),
    Finds('track("u", "A")', event="A", prelude="from segment.analytics import track\n"),
    Finds('t("u", "A")', event="A", prelude="from segment.analytics import track as t\n"),
    Finds('analytics.track("u", "A")', event="A", prelude="import analytics\n"),
    Finds(
        'c.track("u", "A")',
        event="A",
        prelude="from segment.analytics import Client\nc = Client('k')\n",
    ),
    Finds(
        'c.track("u", "A")', event="A", prelude="import segment.analytics as s\nc = s.Client('k')\n"
    ),
    Finds(
        'c.track("u", "A")', event="A", prelude="from analytics import Client\nc = Client('k')\n"
    ),
    Finds(
        "class T:\n    def __init__(self):\n        self.c = Client('k')\n"
        "    def go(self):\n        self.c.track('u', 'A')",
        event="A",
        prelude="from segment.analytics.client import Client\n",
    ),
    Finds(
        "class T:\n    def __init__(self):\n        self.c: Client = Client('k')\n"
        "    def go(self):\n        self.c.track('u', 'A')",
        event="A",
        prelude="from segment.analytics import Client\n",
    ),
    Finds('analytics.track("u", "A" "B")', event="AB"),
    Finds('analytics.track("u", "A" + "B")', event="AB"),
    Finds('analytics.track("u", ("A"))', event="A"),
    Finds("analytics.track('u', '''A''')", event="A"),
    Finds(r'analytics.track("u", "A\tB")', event="A\tB"),
    Finds('analytics.track("u", f"A")', event="A"),
    Finds('analytics.track("u", f"{{A}}")', event="{A}"),
    Finds('analytics.track("u", rb"A")', dynamic='rb"A"'),
    Finds('analytics.track("u", f"{x}")', dynamic='f"{x}"'),
    Finds('analytics.track("u", "{}".format(x))', dynamic='"{}".format(x)'),
    Finds('analytics.track("u", "%s" % x)', dynamic='"%s" % x'),
    Finds('analytics.track("u", x)', dynamic="x"),
    Finds('analytics.track("u", get())', dynamic="get()"),
    Finds("def f(e):\n    analytics.track('u', e)", dynamic="e"),
    Finds("def f():\n    e = 'A'\n    analytics.track('u', e)", event="A"),
    Finds(
        "def f(c):\n    e = 'A'\n    if c:\n        e = 'B'\n    analytics.track('u', e)",
        dynamic="e",
    ),
    Finds("E = 'A'\ndef f():\n    analytics.track('u', E)", event="A"),
    Finds("E = 'A'\nE = 'B'\nanalytics.track('u', E)", dynamic="E"),
    Finds("P = 'Order '\nE = P + 'Done'\nanalytics.track('u', E)", event="Order Done"),
    Finds("class C:\n    E = 'A'\nanalytics.track('u', C.E)", event="A"),
    Finds(
        "import enum\nclass C(enum.Enum):\n    E = 'A'\nanalytics.track('u', C.E.value)", event="A"
    ),
    Finds(
        "from enum import Enum\nclass C(str, Enum):\n    E = 'A'\nanalytics.track('u', C.E.name)",
        event="E",
    ),
    Finds("D = {'k': 'A'}\nanalytics.track('u', D['k'])", event="A"),
    Finds("D = {'k': 'A'}\nanalytics.track('u', D['missing'])", dynamic="D['missing']"),
    Finds("analytics.track(*args)", dynamic="*args"),
    Finds("analytics.track('u', **kw)", dynamic="**kw"),
    Finds("analytics.track('u')", dynamic=None),
    Finds("x = [analytics.track('u', 'A')]", event="A"),
    Finds("f(lambda: analytics.track('u', 'A'))", event="A"),
    Finds("async def f():\n    await analytics.track('u', 'A')", event="A"),
]

IGNORES = [
    Ignores("# analytics.track('u', 'A')"),
    Ignores("x = \"analytics.track('u', 'A')\""),
    Ignores("def f():\n    '''analytics.track('u', 'A')'''"),
    Ignores("tracker.track('u', 'A')"),
    Ignores("self.track('u', 'A')"),
    Ignores("track('u', 'A')"),
    Ignores("analytics.track_event('u', 'A')"),
    Ignores("analytics_client.track('u', 'A')"),
    Ignores("c = Other('k')\nc.track('u', 'A')", prelude="from segment.analytics import Client\n"),
    Ignores("class T:\n    def go(self):\n        self.client.track('u', 'A')"),
    Ignores(
        "def f(client):\n    client.track('u', 'A')",
        prelude="from segment.analytics import Client\nclient = Client('k')\n",
    ),
    Ignores("from mixpanel import track\ntrack('u', 'A')"),
    Ignores("get_analytics().track('u', 'A')"),
]


def extract(code: str) -> FileScan:
    return extract_python("app/sample.py", code.encode())


@pytest.mark.parametrize("row", FINDS, ids=[f"finds-{i}" for i in range(len(FINDS))])
def test_finds(row: Finds) -> None:
    scan = extract(row.prelude + row.code + "\n")
    assert not scan.problems
    (call,) = resolve([scan])
    assert call.method is row.method
    if row.dynamic is not None or (row.event is None and call.dynamic):
        assert call.dynamic and call.event is None
        assert call.expression == row.dynamic
    else:
        assert not call.dynamic
        assert call.event == row.event
    if row.keys is not None:
        assert call.properties is not None and call.properties.keys == row.keys


@pytest.mark.parametrize("row", IGNORES, ids=[f"ignores-{i}" for i in range(len(IGNORES))])
def test_ignores(row: Ignores) -> None:
    scan = extract(row.prelude + row.code + "\n")
    assert not scan.problems
    assert scan.calls == ()


def test_positions_are_one_based_characters() -> None:
    scan = extract("x = 'é'; analytics.track('u', 'A')\n")
    (call,) = scan.calls
    assert (call.location.line, call.location.column) == (1, 10)
    # exclusive end, as SARIF's endColumn: 25 characters from column 10
    assert (call.end_line, call.end_column) == (1, 35)


def test_references_stay_unresolved_in_one_file() -> None:
    scan = extract("from shop.events import E\nanalytics.track('u', E)\n")
    (call,) = scan.calls
    assert call.event == Reference("py:shop.events.E")


def test_definitions_export_constants_enums_and_aliases() -> None:
    scan = extract_python(
        "shop/events.py",
        b"import enum\nfrom .names import X as Y\nA = 'a'\nclass E(enum.Enum):\n    M = 'm'\n"
        b"def f():\n    LOCAL = 'no'\n",
    )
    constants = dict(scan.definitions.constants)
    assert constants["py:shop.events.A"] == Static("a")
    assert constants["py:shop.events.E.M"] == Static("m")
    assert constants["py:shop.events.E.M.name"] == Static("M")
    assert constants["py:shop.events.Y"] == Reference("py:shop.names.X")
    assert "py:shop.events.LOCAL" not in constants
    assert "py:shop.events.f.LOCAL" not in constants


def test_dynamic_reason_is_kept() -> None:
    (call,) = extract("analytics.track('u', f'{x}')\n").calls
    assert isinstance(call.event, Dynamic) and "f-string" in call.event.reason
