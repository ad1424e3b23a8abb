"""Blank out the functions of a Python file that cannot hold or lead to an analytics call.

libcst costs about ten times CPython's parser, and most of a file that holds a call is
functions that have nothing to do with it (the injected call at the end of a 3,000-line
SymPy module; the one `track` in a Django view module). CPython's parser finds those
functions; libcst then parses a copy in which each of them is one string statement holding
its line breaks (`pass` for a one-line function), so every kept line keeps its number and
its columns.

A function (a `def` directly in the module or in a class body, with its decorators) is kept
when its text mentions a *name of interest*. Those start as the prefilter's needles (every
call the extractor finds spells one of them somewhere in the file, see `scanner.prefilter`)
and grow to a fixpoint: the names bound by a statement that mentions one (an import alias,
an assignment's target, `self.client = Client()`'s `client`), the name of every kept
function and the names bound inside it. So a call through an alias, a client object, a
factory or a wrapper defined in the same file keeps the functions on its way. Text is
matched word by word, strings and comments included: it can only keep too much.

Nothing is sliced when the file lies inside an SDK's own package (its path spells a needle,
and its module-level names resolve without an import) or when CPython cannot parse it (libcst
then reports the problem on the original text).
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

WORD = re.compile(r"[^\W\d]\w*")
FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
# A function that rebinds names outside itself can change what a module-level name
# resolves to (a constant assigned twice is no longer a constant): always kept.
SCOPE_WORDS = frozenset({"global", "nonlocal", "globals", "setattr", "vars", "__dict__"})
# `self.client = Client()` in any method makes `Class.client` a definition other files can
# use, and a second such assignment unmakes it: a method that assigns to `self` is kept.
SELF_ASSIGNMENT = re.compile(r"\bself\s*\.\s*\w+\s*(?::[^=\n]+)?=(?!=)")


@dataclass
class _Unit:
    """A function that may be blanked: its lines (1-based, inclusive) and their words."""

    node: FunctionNode
    first: int
    last: int
    words: set[str]
    # Kept whatever its words: it assigns to `self` or rebinds names outside itself.
    pinned: bool = False


@dataclass
class _Statement:
    """Any other statement in a module or class body: the names it binds if it is kept."""

    words: set[str]
    binds: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A Python file made ready for libcst: its text (sliced or not), and the line of the
    first token of each statement libcst will see at the top level (None if unsure)."""

    content: bytes
    sliced: bool
    statement_lines: tuple[int, ...] | None


def prepare_python(content: bytes, path: str, interest: Iterable[str]) -> Prepared | None:
    """Parse with CPython once: slice the file if it is worth it and safe, and find its
    top-level statements' lines. None when CPython cannot parse it."""
    try:
        module = ast.parse(content, path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    lines = content.split(b"\n")
    text_lines = [line.decode("utf-8", "replace") for line in lines]
    # A lone "\r" ends a line for CPython but not for this split: no lines then.
    lone_cr = content.count(b"\r") != content.count(b"\r\n")
    statement_lines = None if lone_cr else _statement_lines(module.body, text_lines)
    # Slicing splits on "\n" only, so any "\r" (CRLF too) leaves the file as it is.
    sliced = None if b"\r" in content else _slice(module, lines, text_lines, path, set(interest))
    if sliced is None:
        return Prepared(content, False, statement_lines)
    return Prepared(sliced, True, statement_lines)


def slice_python(content: bytes, path: str, interest: Iterable[str]) -> bytes | None:
    """The file with its irrelevant functions blanked, or None to parse it as it is."""
    prepared = prepare_python(content, path, interest)
    return prepared.content if prepared is not None and prepared.sliced else None


def _slice(
    module: ast.Module, lines: list[bytes], text_lines: list[str], path: str, names: set[str]
) -> bytes | None:
    if not names or any(name in path for name in names):
        return None
    units: list[_Unit] = []
    statements: list[_Statement] = []
    _split(module.body, text_lines, units, statements)
    if not units:
        return None
    kept = _keep(units, statements, names)
    dropped = [unit for unit in units if id(unit) not in kept]
    if not dropped:
        return None
    lines = list(lines)
    for unit in dropped:
        first = lines[unit.first - 1]
        indent = first[: len(first) - len(first.lstrip(b" \t"))]
        if unit.first == unit.last:
            lines[unit.first - 1] = indent + b"pass"
            continue
        # One string statement holding the function's line breaks: libcst reads a blank
        # line as a node of its own (~7 µs each), a line break inside a string for free.
        lines[unit.first - 1] = indent + b'"""'
        for number in range(unit.first, unit.last - 1):
            lines[number] = b""
        lines[unit.last - 1] = b'"""'
    return b"\n".join(lines)


COMPOUND = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.Try,
    ast.With,
    ast.AsyncWith,
    ast.Match,
    *((ast.TryStar,) if hasattr(ast, "TryStar") else ()),
)


def _statement_lines(body: list[ast.stmt], text: list[str]) -> tuple[int, ...] | None:
    """The first line of each top-level statement as libcst groups them: simple statements
    sharing a line (`a = 1; b = 2`) are one. None when a line does not look as expected
    (then positions are found the slow way)."""
    found: list[int] = []
    previous_end: int | None = None  # where the previous simple statement ended
    for node in body:
        simple = not isinstance(node, COMPOUND)
        if simple and previous_end == node.lineno:
            continue  # the same logical line as the statement before
        decorators = getattr(node, "decorator_list", None) or []
        start = min([node.lineno, *(d.lineno for d in decorators)])
        line = text[start - 1] if 0 < start <= len(text) else ""
        if not line or line[0] in " \t\f#" or (decorators and not line.startswith("@")):
            return None
        found.append(start)
        previous_end = (node.end_lineno or node.lineno) if simple else None
    return tuple(found)


def _split(
    body: list[ast.stmt], text: list[str], units: list[_Unit], statements: list[_Statement]
) -> None:
    bound: list[str] = []  # every name this body (one scope) binds, with repeats
    functions: list[_Unit] = []
    for node in body:
        if isinstance(node, FunctionNode):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            last = node.end_lineno or node.lineno
            source = "\n".join(text[first - 1 : last])
            words = set(WORD.findall(source))
            pinned = bool(words & SCOPE_WORDS) or SELF_ASSIGNMENT.search(source) is not None
            functions.append(_Unit(node, first, last, words, pinned))
            bound.append(node.name)
        elif isinstance(node, ast.ClassDef):
            header_end = max(node.lineno, node.body[0].lineno - 1)
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            statements.append(_Statement(_words(text[first - 1 : header_end]), {node.name}))
            bound.append(node.name)
            _split(node.body, text, units, statements)
        else:
            source = "\n".join(text[node.lineno - 1 : node.end_lineno or node.lineno])
            binds = list(_statement_binds(node, source))
            statements.append(_Statement(set(WORD.findall(source)), set(binds)))
            bound.extend(binds)
    # A function whose name this scope binds twice (another `def`, an assignment, an
    # import) makes that name ambiguous where the extractor would otherwise resolve it.
    counts = Counter(bound)
    for unit in functions:
        unit.pinned = unit.pinned or counts[unit.node.name] > 1
    units.extend(functions)


def _keep(units: list[_Unit], statements: list[_Statement], names: set[str]) -> set[int]:
    """The functions to keep: those that mention a name of interest, whose names and
    bindings are then of interest too, and the pinned ones (which add no names: they are
    kept for what they define, not for a call)."""
    kept: set[int] = set()
    waiting = list(statements)
    changed = True
    while changed:
        changed = False
        still_waiting = []
        for statement in waiting:
            if statement.words & names:
                names |= statement.binds
                changed = True
            else:
                still_waiting.append(statement)
        waiting = still_waiting
        for unit in units:
            if id(unit) not in kept and unit.words & names:
                kept.add(id(unit))
                names.add(unit.node.name)
                names.update(_bound_names(unit.node.body))
                changed = True
    kept.update(id(unit) for unit in units if unit.pinned)
    return kept


def _words(lines: list[str]) -> set[str]:
    return set(WORD.findall("\n".join(lines)))


def _statement_binds(node: ast.stmt, source: str) -> Iterator[str]:
    """The names a module- or class-level statement binds, without walking a big literal
    unless it may hold a `:=`."""
    if isinstance(node, ast.Assign) and ":=" not in source:
        yield from _bound_names(node.targets)
    elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and ":=" not in source:
        yield from _bound_names([node.target])
    elif not isinstance(node, ast.Expr) or ":=" in source:
        yield from _bound_names([node])


def _bound_names(body: Sequence[ast.AST]) -> Iterator[str]:
    """Every name a statement binds, at any depth: assignment and loop targets (an
    attribute's last component), imports, definitions, `with ... as`, `:=`, `except ... as`."""
    for statement in body:
        for node in ast.walk(statement):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                yield node.id
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                yield node.attr
            elif isinstance(node, ast.alias):
                yield (node.asname or node.name).split(".")[0]
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                yield node.name
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                yield from node.names
            elif isinstance(node, ast.ExceptHandler) and node.name:
                yield node.name
