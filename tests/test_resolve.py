"""Cross-file resolution: imports, re-exports, src layouts, ambiguity and cycles."""

from __future__ import annotations

from scanner.model import Call
from scanner.python import extract_python
from scanner.resolve import resolve


def scan_tree(files: dict[str, str]) -> tuple[Call, ...]:
    return resolve(extract_python(path, text.encode()) for path, text in sorted(files.items()))


def events(files: dict[str, str]) -> list[str | None]:
    return [call.event for call in scan_tree(files)]


CALL = "from segment import analytics\n"


def test_absolute_import_under_a_src_layout() -> None:
    assert events(
        {
            "src/shop/events.py": "SIGNED_UP = 'Signed Up'\n",
            "src/shop/views.py": CALL
            + "from shop.events import SIGNED_UP\nanalytics.track('u', SIGNED_UP)\n",
        }
    ) == ["Signed Up"]


def test_relative_imports_at_several_levels() -> None:
    assert events(
        {
            "pkg/__init__.py": "",
            "pkg/events.py": "A = 'A'\n",
            "pkg/sub/__init__.py": "from ..events import A as B\n",
            "pkg/sub/deep/view.py": CALL + "from .. import B\nfrom ...events import A\n"
            "analytics.track('u', B)\nanalytics.track('u', A)\n",
        }
    ) == ["A", "A"]


def test_module_import_then_attribute() -> None:
    assert events(
        {
            "app/constants/events.py": "class Events:\n    X = 'X'\n",
            "app/view.py": CALL
            + "import app.constants.events as ev\nfrom app.constants import events\n"
            "analytics.track('u', ev.Events.X)\nanalytics.track('u', events.Events.X)\n",
        }
    ) == ["X", "X"]


def test_star_import_chain() -> None:
    assert events(
        {
            "a/names.py": "X = 'X'\n",
            "a/__init__.py": "from a.names import *\n",
            "b.py": CALL + "from a import X\nanalytics.track('u', X)\n",
        }
    ) == ["X"]


def test_constant_built_from_another_module() -> None:
    assert events(
        {
            "a.py": "PREFIX = 'Order '\n",
            "b.py": "from a import PREFIX\nDONE = PREFIX + 'Done'\n",
            "c.py": CALL + "from b import DONE\nanalytics.track('u', DONE + '!')\n",
        }
    ) == ["Order Done!"]


def test_ambiguous_suffix_stays_dynamic_unless_values_agree() -> None:
    calls = scan_tree(
        {
            "one/events.py": "X = 'One'\nY = 'Same'\n",
            "two/events.py": "X = 'Two'\nY = 'Same'\n",
            "view.py": CALL
            + "from events import X, Y\nanalytics.track('u', X)\nanalytics.track('u', Y)\n",
        }
    )
    assert [(c.event, c.dynamic) for c in calls] == [(None, True), ("Same", False)]


def test_exact_module_beats_suffix_match() -> None:
    assert events(
        {
            "events.py": "X = 'Top'\n",
            "vendor/events.py": "X = 'Vendor'\n",
            "view.py": CALL + "from events import X\nanalytics.track('u', X)\n",
        }
    ) == ["Top"]


def test_a_suffix_matches_whole_module_names_only() -> None:
    assert events(
        {
            "lib/events.py": "X = 'Right'\n",
            "lib/myevents.py": "X = 'Wrong'\n",
            "lib/events/names.py": "X = 'Wrong too'\n",
            "view.py": CALL + "from events import X\nanalytics.track('u', X)\n",
        }
    ) == ["Right"]


def test_cycles_and_unknown_names_are_dynamic_not_crashes() -> None:
    calls = scan_tree(
        {
            "a.py": "from b import Y as X\n",
            "b.py": "from a import X as Y\n",
            "c.py": CALL
            + "from a import X\nfrom nowhere import Z\nanalytics.track('u', X)\nanalytics.track('u', Z)\n",
        }
    )
    assert [(c.event, c.dynamic) for c in calls] == [(None, True), (None, True)]


def test_third_party_constant_is_dynamic() -> None:
    calls = scan_tree(
        {"v.py": CALL + "from django.conf import settings\nanalytics.track('u', settings.EVENT)\n"}
    )
    assert calls[0].dynamic and calls[0].expression == "settings.EVENT"


def test_calls_are_sorted_by_path_then_line() -> None:
    calls = scan_tree(
        {
            "b.py": CALL + "analytics.track('u', 'B1')\nanalytics.track('u', 'B2')\n",
            "a.py": CALL + "analytics.track('u', 'A')\n",
        }
    )
    assert [(c.location.path, c.event) for c in calls] == [
        ("a.py", "A"),
        ("b.py", "B1"),
        ("b.py", "B2"),
    ]


def test_a_constant_a_function_rebinds_with_global_is_dynamic() -> None:
    """`global NAME` in a function may change the value any call sees: not a constant,
    here or in a file that imports it. A `global` for another name changes nothing."""
    assert events(
        {
            "app/names.py": "EVENT = 'Cart Opened'\nOTHER = 'Cart Viewed'\n"
            "def rename():\n    global EVENT\n    EVENT = 'Basket Opened'\n"
            "def touch():\n    global COUNT\n    COUNT = 1\n",
            "app/views.py": CALL + "from app.names import EVENT, OTHER\n"
            "analytics.track('u', EVENT)\nanalytics.track('u', OTHER)\n",
        }
    ) == [None, "Cart Viewed"]


F_STRING_EVENTS = """\
import enum
PREFIX = 'Order '
class Pages(str, enum.Enum):
    HOME = 'Home Viewed'
class Names:
    CHECKOUT = 'Checkout'
ALIAS = Pages.HOME
JOINED = Pages.HOME + ' Again'
"""

F_STRING_CALLS = """\
from events import PREFIX, Pages, Names, ALIAS, JOINED
LOCAL = 'Cart '
def view(user, kind):
    analytics.track(user, f'{PREFIX}Completed')
    analytics.track(user, f'{LOCAL}Viewed {Names.CHECKOUT}')
    analytics.track(user, f'{PREFIX!s}Paid {{braces}}\\tTab')
    analytics.track(user, f'{Pages.HOME.value} Tab')
    analytics.track(user, f'{JOINED}')
    analytics.track(user, f'{Pages.HOME}')
    analytics.track(user, f'{ALIAS}')
    analytics.track(user, f'{PREFIX!r}')
    analytics.track(user, f'{PREFIX:>10}')
    analytics.track(user, f'{PREFIX=}')
    analytics.track(user, f'{kind} Viewed')
"""


def test_f_strings_of_constants_resolve_and_enum_members_in_them_do_not() -> None:
    calls = scan_tree({"events.py": F_STRING_EVENTS, "view.py": CALL + F_STRING_CALLS})
    assert [(call.event, call.dynamic) for call in calls] == [
        ("Order Completed", False),
        ("Cart Viewed Checkout", False),
        ("Order Paid {braces}\tTab", False),
        ("Home Viewed Tab", False),  # `.value`: the string itself
        ("Home Viewed Again", False),  # `+` on a member makes a plain string
        # An enum member formats as `Pages.HOME` from Python 3.11 on, as its value before:
        (None, True),
        (None, True),  # also through an alias
        (None, True),  # `!r` quotes it
        (None, True),  # a format spec pads it
        (None, True),  # `=` writes the expression too
        (None, True),  # a parameter
    ]
