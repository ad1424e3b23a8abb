"""The fast Python pass gives libcst's own answers: the same scopes for every name, the same
nodes collected in the same order, the same positions, the same extraction.

Every check runs on every Python file of the fixture repositories and on the snippets below,
each written to exercise a scope rule (global and nonlocal, class bodies, comprehensions,
PEP 695 scopes, imports, clients...), a position rule (line endings, tabs, non-ASCII text)
or a case the fast pass hands back to libcst (`Unsupported`).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider, ScopeProvider
from test_python_calls import FINDS, IGNORES

from scanner.options import CallPattern, ExtractOptions, SymbolName
from scanner.python import extract_python
from scanner.python_collect import Collector
from scanner.python_names import Bindings
from scanner.python_positions import LazyPositions, node_ranges
from scanner.python_scopes import LibcstScopes, NameScopes
from scanner.python_walk import MAX_DEPTH, Unsupported, child_fields, walk

FIXTURES = Path(__file__).parent / "fixtures"

SNIPPETS = {
    "global and nonlocal": """\
import analytics
EVENT = "Global"
def f():
    global EVENT
    EVENT = "Changed"
    analytics.track("u", EVENT)
def g():
    x = "Outer"
    def h():
        nonlocal x
        x = "Inner"
        analytics.track("u", x)
    analytics.track("u", x)
def setup():
    global tracker
    tracker = analytics
tracker.track("u", "Set Up")
""",
    "class bodies are hidden from their functions": """\
import analytics
NAME = "Module"
class A:
    NAME = "Class"
    OTHER = NAME
    def m(self, event=NAME):
        analytics.track("u", NAME)
        analytics.track("u", event)
    analytics.track("u", NAME)
    items = [NAME for _ in range(3)]
    class B:
        def n(self):
            nonlocal_free = NAME
            analytics.track("u", nonlocal_free)
""",
    "decorated classes and methods": """\
import analytics
NAME = "Module"
def deco(x): return lambda c: c
@deco(NAME)
class K(Base, metaclass=Meta):
    NAME = "Class"
    @deco(NAME)
    def m(self, event=NAME):
        analytics.track("u", NAME)
""",
    "comprehensions, walrus, lambdas": """\
import analytics
E = "x"
[analytics.track("u", E) for E in ["a"]]
[analytics.track("u", y) for x in E if (y := x)]
f = lambda e=E, *a, k=E, **kw: analytics.track("u", e)
{k: analytics.track("u", k) for k in E}
(analytics.track("u", e) for e in E for E in e)
{analytics.track("u", s) for s in (t for t in E)}
print(y)
""",
    "decorators, defaults, annotations, typing": """\
import analytics
from typing import cast, Optional, NewType, TypeVar
LABEL = "Label"
UserId = NewType("UserId", int)
T = TypeVar("T", bound="Thing")
def deco(x): return x
@deco(analytics.track("u", LABEL))
def f(event=LABEL, *, other: Optional["Thing"] = None, flag: "int" = 0) -> "Result":
    analytics.track("u", event)
    return cast("Result", event)
x: "List[Thing]" = cast(Optional["Thing"], None)
""",
    "wrappers, methods, static methods": """\
import analytics
class T:
    def track(self, event, props=None):
        analytics.track("u", event, props or {})
    @staticmethod
    def s(event, /, rest, *, kw):
        analytics.track("u", event)
    @classmethod
    def c(cls, event):
        cls.s(event, 1, kw=2)
def w(name, **kw):
    local = name
    analytics.track("u", local, {**kw, "k": 1})
def twice(name):
    name = name + "!"
    analytics.track("u", name)
w("Wrapped", a=1)
T().track("Method")
""",
    "targets of every kind": """\
import analytics
for E, (F, *G) in []:
    analytics.track("u", E)
with open("x") as H, open("y") as (I, J):
    analytics.track("u", H)
try:
    pass
except Exception as K:
    analytics.track("u", K)
L = "a"
L += "b"
analytics.track("u", L)
del M
M = "m"
analytics.track("u", M)
N: str = "n"
O: str
analytics.track("u", N + O)
P = Q = "pq"
R, S = "r", "s"
analytics.track("u", P + R)
X.attr = "attr"
Y["key"] = "item"
analytics.track("u", X.attr)
""",
    "imports": """\
import analytics, os.path
import segment.analytics as seg
from segment import analytics as a2
from . import events
from .events import *
from ..pkg.events import NAMES as N
seg.track("u", events.SIGNED_UP)
a2.track("u", N.X)
analytics.track("u", os.path.sep)
def f():
    import analytics as local_a
    from .names import EVENT
    local_a.track("u", EVENT)
""",
    "PEP 695 type parameters and aliases": """\
import analytics
type Alias[T] = list[T]
def f[T: int, *Ts, **P](x: T) -> T:
    analytics.track("u", x)
class C[T](Base[T]):
    def m(self, e: T):
        analytics.track("u", e)
""",
    "match statements": """\
import analytics
match command:
    case {"event": E, **rest}:
        analytics.track("u", E)
    case [F, *G] if F:
        analytics.track("u", F)
    case Point(x=H) as I:
        analytics.track("u", H)
""",
    "SDK clients": """\
from mixpanel import Mixpanel
from posthog import Posthog, capture as ph_capture
mp = Mixpanel("t")
ph = Posthog("k")
class S:
    def __init__(self):
        self.client = Mixpanel("t")
    def go(self):
        self.client.track("id", "Go")
        mp.track("id", "Module")
        ph.capture("id", "Captured")
def f():
    mp = Mixpanel("x")
    mp.track("id", "Local")
    ph_capture("id", "Function")
Mixpanel("t").track("id", "Inline")
""",
    "enums, dicts, class constants": """\
import enum, analytics
class Events(enum.Enum):
    A = "A"
    B = A
class Names:
    X = "X"
    Y = X + "Y"
EVENTS = {"signup": "Signed Up", "other": Names.X}
analytics.track("u", Events.B.value)
analytics.track("u", EVENTS["signup"])
analytics.track("u", Names.Y)
analytics.track("u", f"{Names.X} {EVENTS}")
""",
    "positions: continuation lines, parentheses, tabs, non-ASCII": (
        "import analytics\n"
        "s = 'é'; analytics.track('u', 'Café'); analytics.track('u', 'É')\n"
        "if s:\n\tanalytics.track(\n\t\t'u', 'Tab'\n\t)\n"
        "(analytics.track)('u', 'Parenthesized')\n"
        "(analytics\n  .track('u',\n    'Multi'))\n"
        "x = 1 + \\\n    analytics.track('u', 'Continued')\n"
        "analytics.track('u', '''\nLong\n''')\n"
        "class A(make_base(analytics.track('u', 'Base'))): pass\n"
    ),
    "positions: CRLF": "import analytics\r\nx = 'é'\r\nanalytics.track('u', 'A')\r\n"
    "def f():\r\n    analytics.track('u',\r\n        'B')\r\n",
    "positions: lone CR": "import analytics\rx = 1\ranalytics.track('u', 'A')\r",
    "positions: no final newline": "import analytics\nanalytics.track('u', 'A')",
    "empty module": "",
    "comments only": "# nothing\n\n# here\n",
}

# The fast pass hands these to libcst's providers: where libcst may read a string as an
# annotation that binds a name, skips a non-literal first argument of what may be
# `NewType`, or (deeply nested trees) may run out of stack.
UNSUPPORTED = {
    "an annotation string that imports": """\
import analytics
def f(x: "import os") -> None:
    analytics.track("u", os)
""",
    "an annotation string that declares a global": 'def f(x: "global y"):\n    pass\n',
    "an aliased NewType with a call for its name": """\
from typing import NewType as NT
import analytics
X = NT(analytics.track("u", "A"), int)
""",
    "NewType with a name that is not a string": "from typing import NewType\nX = NewType(n, int)\n",
    "an aliased cast of an annotation string that defines a class": (
        "from typing import cast as c\nc('class X: pass', 1)\n"
    ),
    "nested too deeply": "x = " + "f(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH + "\n",
}

# Plain strings in annotation-like places: the fast pass checks and accepts them.
SUPPORTED_STRINGS = {
    "dict keys": 'd = {}\nd["content-type"] = 1\nd["some key"] = d["other: key"]\n',
    "annotations": 'def f(x: "Optional[Thing]", y: "a.b.C" = None) -> "List[\'X\']": ...\n',
    "a cast of an expression string": 'from typing import cast\ncast("Dict[str, int]", {})\n',
    "a message with keywords outside annotations": 'print("import failed: class X")\n',
}


def fixture_sources() -> dict[str, str]:
    found = {}
    for path in sorted(FIXTURES.rglob("*.py")):
        try:
            found[str(path.relative_to(FIXTURES))] = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):  # a dangling link, a latin-1 file: not Python
            continue
    return found


def table_sources() -> dict[str, str]:
    rows = {f"finds-{n}": row.prelude + row.code + "\n" for n, row in enumerate(FINDS)}
    rows |= {f"ignores-{n}": row.prelude + row.code + "\n" for n, row in enumerate(IGNORES)}
    return rows


SOURCES = {**fixture_sources(), **SNIPPETS, **SUPPORTED_STRINGS, **table_sources()}


def parses(code: str) -> bool:
    try:
        cst.parse_module(code)
    except Exception:
        return False
    return True


PARSED = {name: code for name, code in SOURCES.items() if parses(code)}


def analyse(code: str) -> tuple[cst.Module, Collector, NameScopes, Collector, NameScopes]:
    """Both analyses of one module: (module, fast collector and scopes, libcst's)."""
    module = cst.parse_module(code)
    fast = Collector(Bindings("pkg.mod", False))
    scopes = walk(module, fast)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    reference = Collector(Bindings("pkg.mod", False))
    reference_scopes = LibcstScopes(wrapper.resolve(ScopeProvider))
    wrapper.visit(reference)
    return module, fast, scopes, reference, reference_scopes


def every_node(node: cst.CSTNode) -> list[cst.CSTNode]:
    found = [node]
    for child in node.children:
        found.extend(every_node(child))
    return found


def collected(collector: Collector) -> dict[str, object]:
    """What the collector gathered, with nodes by identity."""
    bindings = collector.bindings
    return {
        "calls": [(id(c.node), c.class_name) for c in collector.calls],
        "constants": [(q, id(v), c) for q, v, c in collector.constants],
        "enums": sorted(collector.enum_classes),
        "clients": [(id(t), id(v), c) for t, v, c in collector.client_targets],
        "stars": collector.star_imports,
        "functions": [(id(n), i.qualname, i.is_method) for n, i in collector.functions.items()],
        "classes": {
            p: ([id(b) for b in i.bases], [(a, id(v)) for a, v in i.self_assignments])
            for p, i in collector.classes.items()
        },
        "imports": list(bindings.imports.items()),
        "assigned": {id(k): id(v) for k, v in bindings.assigned_values.items()},
        "function keys": {id(k): v for k, v in bindings.function_keys.items()},
    }


@pytest.mark.parametrize("code", PARSED.values(), ids=PARSED.keys())
def test_the_walk_collects_what_libcst_visits(code: str) -> None:
    try:
        _, fast, _, reference, _ = analyse(code)
    except Unsupported:
        pytest.skip("handed to libcst")
    assert collected(fast) == collected(reference)


@pytest.mark.parametrize("code", PARSED.values(), ids=PARSED.keys())
def test_every_name_has_the_scope_libcst_gives_it(code: str) -> None:
    try:
        module, _, scopes, _, reference = analyse(code)
    except Unsupported:
        pytest.skip("handed to libcst")
    for node in every_node(module):
        if isinstance(node, cst.Name):
            fast, slow = scopes.lookup(node), reference.lookup(node)
            assert (fast is None) == (slow is None), node.value
            if fast is not None and slow is not None:
                key = lambda b: (id(b.node), b.in_module, id(b.scope_node))  # noqa: E731
                assert Counter(map(key, fast)) == Counter(map(key, slow)), node.value


@pytest.mark.parametrize("code", PARSED.values(), ids=PARSED.keys())
def test_positions_are_libcst_positions(code: str) -> None:
    module = cst.parse_module(code)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    nodes = every_node(module)
    assert node_ranges(module, nodes) == {node: expected[node] for node in nodes}
    calls = [node for node in nodes if isinstance(node, cst.Call)]
    lazy = LazyPositions(module)
    for call in calls[1:]:
        lazy.want(call)
    # the first call was not announced: asking for it still answers, in a second pass
    assert [lazy[call] for call in calls] == [expected[call] for call in calls]


OPTIONS = [
    ExtractOptions(),
    ExtractOptions(
        sdks=("segment", "mixpanel", "posthog", "amplitude", "rudderstack", "snowplow"),
        calls=(CallPattern("self.*"), CallPattern("*.s", event=(0,), properties=("props",))),
        symbols=tuple(SymbolName(n) for n in ("w", "track", "c", "f", "deco", "print", "T")),
    ),
]


@pytest.mark.parametrize("options", OPTIONS, ids=["defaults", "every feature"])
@pytest.mark.parametrize(
    "code", {**PARSED, **UNSUPPORTED}.values(), ids={**PARSED, **UNSUPPORTED}.keys()
)
def test_fast_extraction_equals_the_reference(code: str, options: ExtractOptions) -> None:
    content = code.encode("utf-8")
    try:
        reference = extract_python("pkg/mod.py", content, options, reference=True)
    except Exception as error:  # the fast path must fail the same way
        with pytest.raises(type(error)):
            extract_python("pkg/mod.py", content, options)
        return
    assert extract_python("pkg/mod.py", content, options) == reference


@pytest.mark.parametrize("code", UNSUPPORTED.values(), ids=UNSUPPORTED.keys())
def test_what_the_walk_hands_to_libcst(code: str) -> None:
    with pytest.raises(Unsupported):
        walk(cst.parse_module(code), Collector(Bindings("mod", False)))


@pytest.mark.parametrize("code", SUPPORTED_STRINGS.values(), ids=SUPPORTED_STRINGS.keys())
def test_plain_strings_in_annotation_like_places_stay_fast(code: str) -> None:
    walk(cst.parse_module(code), Collector(Bindings("mod", False)))


def test_a_module_level_nonlocal_fails_as_in_libcst() -> None:
    with pytest.raises(NotImplementedError):
        walk(cst.parse_module("nonlocal x\n"), Collector(Bindings("mod", False)))


NESTINGS = {
    "calls": lambda n: "f(" * n + "1" + ")" * n,
    "lists": lambda n: "[" * n + "1" + "]" * n,
    "subscripts": lambda n: "a" + "[0]" * n,
    "attributes": lambda n: "a" + ".b" * n,
    "sums": lambda n: " + ".join(["a"] * n),
    "lambdas": lambda n: "lambda: " * n + "1",
}


@pytest.mark.parametrize("make", NESTINGS.values(), ids=NESTINGS.keys())
def test_libcst_handles_every_depth_the_walk_accepts(make) -> None:  # type: ignore[no-untyped-def]
    """Below MAX_DEPTH the fast pass must not meet a tree libcst's visitors would fail on."""
    deepest = ""
    for size in range(1, MAX_DEPTH + 1):
        code = f"import analytics\nanalytics.track('u', {make(size)})\n"
        try:
            walk(cst.parse_module(code), Collector(Bindings("mod", False)))
        except Unsupported:
            break
        deepest = code
    reference = extract_python("mod.py", deepest.encode(), reference=True)
    assert not reference.problems
    assert extract_python("mod.py", deepest.encode()) == reference


def test_child_order_is_libcsts() -> None:
    """The walk visits children in `node.children` order (leaves aside)."""
    code = "\n".join(SNIPPETS.values())
    module = cst.parse_module(code)
    for node in every_node(module):
        fields = child_fields(type(node))
        mine = []
        for field in fields:
            value = getattr(node, field)
            values = value if isinstance(value, (tuple, list)) else [value]
            mine.extend(id(v) for v in values if isinstance(v, cst.CSTNode))
        theirs = [id(child) for child in node.children]
        assert [i for i in theirs if i in set(mine)] == mine, type(node).__name__
