"""Slicing a Python file before libcst parses it (`scanner.python_slice`).

The slicer must keep every line it keeps at its number and columns, blank only functions
that cannot hold or lead to a call, and give up (None) whenever it cannot be sure. The
extraction of a sliced file must equal the reference extraction of the whole file.
"""

from __future__ import annotations

import ast
import textwrap
from dataclasses import replace

import pytest

from scanner.options import ExtractOptions
from scanner.python import extract_python
from scanner.python_slice import prepare_python, slice_python

INTEREST = {"analytics"}


READ_BY_KEPT_CODE = """\
    import analytics
    from app.formats import render_table, TITLE


    @cache
    def event_name(kind: str = TITLE) -> str:
        # The body may read anything: nothing in it is needed.
        table = render_table(kind)
        return helper(table)


    def helper(table):
        return table.upper()


    def one_liner(x): return x


    class Page:
        def title(self):
            return "Page"

        def view(self, user):
            analytics.track(user, event_name(), {"t": self.title(), "o": one_liner(1)})
    """


def sliced(source: str, path: str = "app/module.py") -> str | None:
    result = slice_python(textwrap.dedent(source).encode(), path, INTEREST)
    return None if result is None else result.decode()


def kept_functions(text: str) -> set[str]:
    return {
        node.name
        for node in ast.walk(ast.parse(text))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
    }


MODULE = """\
    import analytics
    from analytics import track as send

    PAGE_SIZE = 25


    def paginate(items):
        return items[:PAGE_SIZE]


    class Report:
        title = "report"

        def render(self):
            return self.title

        @property
        def size(self):
            return 1


    def exported(user):
        analytics.track(user, "Report Exported")


    def paid(order):
        send(order.user, "Order Paid")
    """


def test_irrelevant_functions_become_line_breaks_in_a_string_and_kept_lines_stay_in_place() -> None:
    original = textwrap.dedent(MODULE)
    text = sliced(MODULE)
    assert text is not None
    assert kept_functions(text) == {"exported", "paid"}
    before, after = original.split("\n"), text.split("\n")
    assert len(before) == len(after)
    for number, line in enumerate(after):
        if line.strip() not in ("", '"""'):
            assert line == before[number], f"line {number + 1} moved or changed"
    # Dropped functions are a string statement of line breaks where they stood (libcst
    # reads blank lines one node each, line breaks in a string for free); siblings with
    # only blank lines between them (`render` and `size`) share one.
    module = ast.parse(text)
    report = next(node for node in module.body if isinstance(node, ast.ClassDef))
    blanked = [
        (node.lineno, node.end_lineno)
        for node in [*module.body, *report.body]
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    ]
    assert blanked == [(7, 8), (14, 19)]
    assert all(
        set(node.value.value) == {"\n"}
        for node in ast.walk(module)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    )


def test_a_one_line_function_becomes_pass() -> None:
    text = sliced(
        """\
        class Box:
            def size(self): return 1
            def ship(self): analytics.track("u", "Box Shipped")
        """
    )
    assert text is not None
    assert text.split("\n")[1] == "    pass"
    assert kept_functions(text) == {"ship"}


@pytest.mark.parametrize(
    ("source", "kept"),
    [
        pytest.param(
            """\
            import analytics as segment

            def track_event(name):
                segment.track("u", name)

            def track_signup():
                track_event("Signed Up")

            def unrelated():
                return 1
            """,
            {"track_event", "track_signup"},
            id="an alias, a wrapper and the wrapper's caller",
        ),
        pytest.param(
            """\
            import analytics

            def make_client():
                return analytics.Client("key")

            class Service:
                def handler(self):
                    client = make_client()
                    client.track("u", "Handled")

                def other(self):
                    return client_count
            """,
            {"make_client", "handler"},
            id="a factory and the function using what it makes",
        ),
        pytest.param(
            """\
            import analytics
            EVENT = "Started"

            def rename():
                global EVENT
                EVENT = "Begun"

            class Holder:
                def __init__(self):
                    self.sink = Sink()

                def size(self):
                    return 0

            def helper():
                return 1

            def helper():
                return 2

            analytics.track("u", EVENT)
            """,
            {"rename", "__init__", "helper"},
            id="a global rebinding, a self assignment, a name defined twice",
        ),
    ],
)
def test_functions_on_the_way_to_a_call_are_kept(source: str, kept: set[str]) -> None:
    text = sliced(source)
    assert text is not None
    assert kept_functions(text) == kept


@pytest.mark.parametrize(
    ("source", "path"),
    [
        ("import analytics\ndef f():\n    return 1\n", "analytics/client.py"),
        ("import analytics\ndef f(:\n    return 1\n", "app/broken.py"),
        ("import analytics\r\ndef f():\r\n    return 1\r\n", "app/windows.py"),
        ("import analytics\ndef f():\n    analytics.track('u', 'E')\n", "app/all_kept.py"),
        ("x = 1\n", "app/no_functions.py"),
    ],
    ids=["inside the SDK's package", "a syntax error", "CR line ends", "nothing to drop", "flat"],
)
def test_nothing_is_sliced_when_it_cannot_be_sure_or_gains_nothing(source: str, path: str) -> None:
    assert slice_python(source.encode(), path, INTEREST) is None


def test_no_interest_means_no_slicing() -> None:
    assert slice_python(b"def f():\n    return 1\n", "app/m.py", set()) is None


@pytest.mark.parametrize(
    "source",
    [
        MODULE,
        """\
        from app.loggers import EventLogger

        class Service:
            def __init__(self):
                self.events = EventLogger()

            def reset(self):
                self.events = None

            def unrelated(self):
                return 2
        """,
        """\
        import analytics
        from enum import Enum

        class Events(str, Enum):
            SIGNED_UP = "Signed Up"

            def describe(self):
                return self.value

        def lookup(name):
            return Events[name]

        def signup(user):
            analytics.track(user, Events.SIGNED_UP, {"plan": lookup("x")})
        """,
        READ_BY_KEPT_CODE,
    ],
    ids=["module", "self assignments for other files", "enum with methods", "read by kept code"],
)
def test_extraction_of_the_sliced_file_equals_the_reference(source: str) -> None:
    content = textwrap.dedent(source).encode()
    options = ExtractOptions()
    fast = extract_python("app/service.py", content, options)
    reference = extract_python("app/service.py", content, options, reference=True)
    assert fast == reference
    calls_only = extract_python("app/service.py", content, replace(options, calls_only=True))
    assert (calls_only.calls, calls_only.pending) == (reference.calls, reference.pending)


POSITIONS = """\
# a comment before the first statement

import analytics; from app import names


@decorate(
    analytics.track("u", "In A Decorator"),
)
# a comment between decorators
@other
def wrapped(user):
    analytics.track(user, "Wrapped")


def unrelated(values):
    return [value * 2 for value in values]


class Page:
    # a comment
    title = make_title(
        "x"
    )

    def size(self):
        return len(self.title)

    def view(self):
        return (analytics
                .track("u", "View"))
x = 1; analytics.track("u", "Same Line")
if x:  analytics.track("u", "In If")
"""


@pytest.mark.parametrize("sliced_first", [False, True])
def test_positions_by_statement_equal_positions_from_the_whole_module(sliced_first: bool) -> None:
    import libcst as cst

    from scanner.python_collect import Collector
    from scanner.python_modules import module_name_for
    from scanner.python_names import Bindings
    from scanner.python_positions import node_ranges, statement_ranges, top_level_lines
    from scanner.python_slice import prepare_python
    from scanner.python_walk import walk

    content = POSITIONS.encode()
    prepared = prepare_python(content, "app/page.py", INTEREST if sliced_first else ())
    assert prepared is not None and prepared.statement_lines is not None
    module = cst.parse_module(prepared.content)
    tops: dict[cst.CSTNode, cst.CSTNode] = {}
    collector = Collector(Bindings(module=module_name_for("app/page.py"), is_package=False))
    walk(module, collector, tops)
    lines = top_level_lines(module, prepared.statement_lines)
    assert len(lines) == len(module.body) == 6
    assert prepared.sliced == sliced_first  # `unrelated` and `size` become `pass`
    nodes = list(tops)
    assert len(nodes) >= 8  # every call and function name
    assert statement_ranges(module, nodes, tops, lines) == node_ranges(module, nodes)


@pytest.mark.parametrize(
    "source",
    ["@ (\n    decorate)\ndef f():\n    pass\n", "x = 1\n\fy = 2\n"],
    ids=["a decorator's expression on the next line", "a form feed"],
)
def test_statement_lines_give_up_on_lines_they_cannot_read(source: str) -> None:
    from scanner.python_slice import prepare_python

    prepared = prepare_python(source.encode(), "app/m.py", INTEREST)
    assert prepared is not None and prepared.statement_lines is None


def test_lone_carriage_returns_give_no_statement_lines_and_the_same_positions() -> None:
    from scanner.python_slice import prepare_python

    content = b"import analytics\r\rx = 1\r\ranalytics.track('u', 'Old Mac')\r"
    prepared = prepare_python(content, "app/m.py", INTEREST)
    assert prepared is not None and prepared.statement_lines is None
    fast = extract_python("app/m.py", content, ExtractOptions())
    assert fast == extract_python("app/m.py", content, ExtractOptions(), reference=True)
    assert [call.location.line for call in fast.calls] == [5]


# -- statements too: a file's calls only ------------------------------------------------

CALL_FILE = """\
    import analytics
    from app.names import PREFIX
    from app.tables import LOOKUP

    EVENT = PREFIX + " Signed Up"
    OTHER = "Order Completed"
    CONFIG = {"retries": 3}
    CONFIG["retries"] = 5
    Tracker = analytics


    class Events:
        SHIPPED = "Order Shipped"


    def signup(user):
        Tracker.track(user, EVENT)
    """


def prepared_calls(source: str) -> tuple[list[str], frozenset[str] | None]:
    result = prepare_python(textwrap.dedent(source).encode(), "app/views.py", INTEREST, True)
    assert result is not None and result.sliced
    kept = [line for line in result.content.decode().split("\n") if line.strip()]
    return kept, result.complete_names


def test_statements_no_kept_code_needs_are_blanked_and_the_names_they_touch_are_not_whole() -> None:
    kept, complete = prepared_calls(CALL_FILE)
    # The call, the names it reads (EVENT, and PREFIX through EVENT), the alias of the SDK
    # it goes through: kept. The rest: blanked.
    assert "from app.names import PREFIX" in kept
    assert 'EVENT = PREFIX + " Signed Up"' in kept
    assert "Tracker = analytics" in kept
    assert "    Tracker.track(user, EVENT)" in kept
    assert not any("LOOKUP" in line or "OTHER" in line or "CONFIG" in line for line in kept)
    assert "class Events:" in kept  # a class header always stays (its body may not)
    assert complete is not None
    assert {"EVENT", "PREFIX", "Tracker", "analytics", "signup"} <= complete
    # Blanked: their definitions must come from a full extraction.
    assert not complete & {"OTHER", "CONFIG", "LOOKUP", "Events"}


def test_every_binding_of_a_name_kept_code_reads_stays() -> None:
    kept, complete = prepared_calls(
        """\
        import analytics
        EVENT = "Signed Up"
        AGAIN = True
        DEBUG_LEVEL = 3
        if AGAIN:
            EVENT = "Signed Up Again"

        def signup(user):
            analytics.track(user, EVENT)
        """
    )
    assert '    EVENT = "Signed Up Again"' in kept  # so EVENT stays ambiguous, as in full
    assert "AGAIN = True" in kept  # read by what stays
    assert "DEBUG_LEVEL = 3" not in kept
    assert complete is not None and "EVENT" in complete and "DEBUG_LEVEL" not in complete


def test_a_change_to_a_name_in_a_blanked_statement_makes_it_partial() -> None:
    _, complete = prepared_calls(
        """\
        import analytics
        NAMES = {"signup": "Signed Up"}
        NAMES["signup"] = "Registered"
        analytics.track("u", "Literal")
        """
    )
    assert complete is not None and "NAMES" not in complete


def test_statements_sharing_a_line_and_star_imports_are_never_blanked() -> None:
    kept, _ = prepared_calls(
        """\
        import analytics
        from app.constants import *
        A = 1; B = 2
        C = 3
        analytics.track("u", "Literal")
        """
    )
    assert "from app.constants import *" in kept
    assert "A = 1; B = 2" in kept
    assert "C = 3" not in kept


def test_without_statements_every_statement_stays_and_definitions_are_whole() -> None:
    result = prepare_python(textwrap.dedent(CALL_FILE).encode(), "app/views.py", INTEREST)
    assert result is not None
    assert result.complete_names is None
    assert b'OTHER = "Order Completed"' in result.content


def test_a_function_kept_code_only_reads_keeps_its_header_and_not_its_body() -> None:
    kept, complete = prepared_calls(READ_BY_KEPT_CODE)
    # Its header binds its name (and its decorator and defaults are read where it is
    # defined); its body holds no call and leads to none.
    assert "@cache" in kept
    assert "def event_name(kind: str = TITLE) -> str:" in kept
    assert "from app.formats import render_table, TITLE" in kept  # TITLE: in the header
    assert not any("render_table(kind)" in line or "helper" in line for line in kept)
    assert "    def title(self):" in kept and '        return "Page"' not in kept
    assert "def one_liner(x): return x" in kept  # no body of its own to drop
    # No statement went, only functions, which define nothing another file reads.
    assert complete is None


def test_names_a_kept_function_binds_for_itself_keep_no_other_function() -> None:
    kept, _ = prepared_calls(
        """\
        import analytics

        class Service:
            def __init__(self):
                self.sink = analytics.Client("key")

            def send(self, user):
                table = build()
                self.sink.track(user, "Sent")

            def report(self):
                table = 1
                return table

            def flush(self):
                self.sink.flush()

        def configure():
            global COUNTER
            table = 2
            COUNTER = analytics.counter()

        def count():
            return COUNTER
        """
    )
    text = "\n".join(kept)
    assert "self.sink.flush()" in text  # an attribute the kept code assigns
    assert "return COUNTER" in text  # a global the kept code assigns
    assert "return table" not in text  # `table` is local wherever it is bound


# -- runs of blanked siblings: one placeholder ------------------------------------------

SIBLINGS = """\
import os
import sys
# a comment between imports, with a "\"\"" in it

import analytics

LIMIT = 3


def first(values):
    return values[:LIMIT]

# a comment between functions
def second(values):
    return values[1:]


@decorate
def third():
    return 3


class Page:
    size = 1
    # the title
    title = "t"

    def view(self):
        analytics.track("u", "View")

    def other(self):
        return 2

    def more(self):
        return 3
def after():
    return 4
after2 = after()


def signup(user):
    analytics.track(user, "Signed Up")
"""


def test_blanked_siblings_become_one_placeholder_and_positions_stay_right() -> None:
    import libcst as cst

    from scanner.python_collect import Collector
    from scanner.python_names import Bindings
    from scanner.python_positions import node_ranges, statement_ranges, top_level_lines
    from scanner.python_walk import walk

    prepared = prepare_python(SIBLINGS.encode(), "app/page.py", INTEREST, statements=True)
    assert prepared is not None and prepared.sliced and prepared.statement_lines is not None
    text = prepared.content.decode()
    module = ast.parse(text)
    page = next(node for node in module.body if isinstance(node, ast.ClassDef))
    placeholders = sorted(
        (node.lineno, node.end_lineno)
        for node in [*module.body, *page.body]
        if isinstance(node, (ast.Expr, ast.Pass)) and not _is_call(node)
    )
    # os and sys (a comment between them and what follows); LIMIT to `third` (blank and
    # comment lines between); the class's two attributes, then its two last methods; the
    # function after the class is not their sibling (it is one level out), and merges with
    # the assignment after it.
    assert placeholders == [(1, 2), (7, 20), (24, 26), (31, 35), (36, 38)]
    assert all(
        set(node.value.value) <= {"\n"}
        for node in ast.walk(module)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    )
    for number, line in enumerate(text.split("\n")):
        if line.strip() not in ("", '"""', "pass"):
            assert line == SIBLINGS.split("\n")[number], f"line {number + 1} moved or changed"
    # CPython's statement lines still pair with libcst's statements one to one.
    tree = cst.parse_module(prepared.content)
    assert len(prepared.statement_lines) == len(tree.body) == 6
    tops: dict[cst.CSTNode, cst.CSTNode] = {}
    walk(tree, Collector(Bindings(module="app.page", is_package=False)), tops)
    lines = top_level_lines(tree, prepared.statement_lines)
    nodes = list(tops)
    assert statement_ranges(tree, nodes, tops, lines) == node_ranges(tree, nodes)
    options = ExtractOptions(calls_only=True)
    fast = extract_python("app/page.py", SIBLINGS.encode(), options)
    reference = extract_python("app/page.py", SIBLINGS.encode(), options, reference=True)
    assert fast.calls == reference.calls and len(fast.calls) == 2


def _is_call(node: ast.stmt) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)


@pytest.mark.parametrize(
    "text",
    [
        "self.client = Client(); x1 = 0x1f + 1st_place if _a else __dict__",
        "def f(a, *args, **kw):\n    return a.b_c['d'] + 2e10",
        'π_client = make(); client.track("Été")',
        "",
    ],
)
def test_words_are_the_same_whether_the_text_is_ascii_or_not(text: str) -> None:
    from scanner.python_slice import WORD, _words_in

    assert _words_in(text) == set(WORD.findall(text))
