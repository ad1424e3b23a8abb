"""Blank out the functions of a Python file that cannot hold or lead to an analytics call.

libcst costs about ten times CPython's parser, and most of a file that holds a call is
functions that have nothing to do with it (the injected call at the end of a 3,000-line
SymPy module; the one `track` in a Django view module). CPython's parser finds those
functions; libcst then parses a copy in which each of them is one string statement holding
its line breaks (`pass` for a one-line function), so every kept line keeps its number and
its columns. Blanked siblings with only blank and comment lines between them share one
string: libcst spends as long on a placeholder statement as on real code, and the runs are
long (half the parsing time on the benchmark corpus).

A function (a `def` directly in the module or in a class body, with its decorators) is kept
when its text mentions a *name of interest*. Those start as the prefilter's needles (every
call the extractor finds spells one of them somewhere in the file, see `scanner.prefilter`)
and grow to a fixpoint: the names bound by a statement that mentions one (an import alias,
an assignment's target), the name of every kept function and the names it binds that other
code can read (`self.client = Client()`'s `client`, a `global`). So a call through an alias,
a client object, a factory or a wrapper defined in the same file keeps the functions on its
way. Text is matched word by word, strings and comments included: it can only keep too much.
When only a file's calls are wanted, a function that kept code merely reads (a helper whose
result is passed along) keeps its header, which binds its name, and loses its body.

Nothing is sliced when the file lies inside an SDK's own package (its path spells a needle,
and its module-level names resolve without an import) or when CPython cannot parse it (libcst
then reports the problem on the original text).
"""

from __future__ import annotations

import ast
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

WORD = re.compile(r"[^\W\d]\w*")
# The same words in ASCII text, found twice as fast (no Unicode categories to look up).
ASCII_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)
FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef
# A function that rebinds names outside itself can change what a module-level name
# resolves to (a constant assigned twice is no longer a constant): always kept.
SCOPE_WORDS = frozenset({"global", "nonlocal", "globals", "setattr", "vars", "__dict__"})
# `self.client = Client()` in any method makes `Class.client` a definition other files can
# use, and a second such assignment unmakes it: a method that assigns to `self` is kept.
# (No `\b` in front: a pattern that opens with a literal is searched for twenty times faster;
# `_assigns_to_self` checks the boundary.)
SELF_ASSIGNMENT = re.compile(r"self\s*\.\s*\w+\s*(?::[^=\n]+)?=(?!=)")


@dataclass
class _Unit:
    """A function that may be blanked: its lines (1-based, inclusive) and their words."""

    node: FunctionNode
    first: int
    last: int
    words: set[str]
    # Kept whatever its words: it rebinds names outside itself.
    pinned: bool = False
    owner: str | None = None  # the top-level class it is a method of
    # Kept whatever its words when the definitions must stay whole: it assigns to `self`,
    # or its name is bound twice in its scope.
    defines: bool = False
    # The line its body starts on, when the body has lines of its own (not `def f(): …`):
    # a function kept only because kept code reads its name keeps its header and loses
    # its body.
    body_first: int | None = None


@dataclass
class _Statement:
    """Any other statement in a module or class body: the names it binds if it is kept."""

    words: set[str]
    binds: set[str] = field(default_factory=set)
    first: int = 0
    last: int = 0
    # The module-level name it is defined under: its own binds at module level (None), or
    # the top-level class whose body holds it.
    owner: str | None = None
    # Never blanked: a class header, a star import, a statement sharing a line with another.
    pinned: bool = True


@dataclass(frozen=True, slots=True)
class Prepared:
    """A Python file made ready for libcst: its text (sliced or not), and the line of the
    first token of each statement libcst will see at the top level (None if unsure)."""

    content: bytes
    sliced: bool
    statement_lines: tuple[int, ...] | None
    # With `statements=True`: None when no statement was blanked (the definitions are
    # whole), else the module-level names whose definitions the sliced text still holds
    # in full (nothing that binds them was blanked).
    complete_names: frozenset[str] | None = None


def prepare_python(
    content: bytes, path: str, interest: Iterable[str], statements: bool = False
) -> Prepared | None:
    """Parse with CPython once: slice the file if it is worth it and safe, and find its
    top-level statements' lines. None when CPython cannot parse it.

    `statements=True` blanks the module- and class-level statements that no kept code needs
    too (for a file's calls only: its definitions are then whole only for `complete_names`).
    """
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
    if b"\r" in content:
        return Prepared(content, False, statement_lines)
    sliced = _slice(module, lines, text_lines, path, set(interest), statements)
    if sliced is None:
        return Prepared(content, False, statement_lines)
    text, complete_names, placeholders = sliced
    if statement_lines is not None:
        statement_lines = _lines_after_merging(statement_lines, placeholders)
    return Prepared(text, True, statement_lines, complete_names)


def slice_python(content: bytes, path: str, interest: Iterable[str]) -> bytes | None:
    """The file with its irrelevant functions blanked, or None to parse it as it is."""
    prepared = prepare_python(content, path, interest)
    return prepared.content if prepared is not None and prepared.sliced else None


def _slice(
    module: ast.Module,
    lines: list[bytes],
    text_lines: list[str],
    path: str,
    names: set[str],
    statements_too: bool,
) -> tuple[bytes, frozenset[str] | None, list[tuple[int, int]]] | None:
    """The sliced text, `complete_names`, and the blanked spans (each now one statement)."""
    if not names or any(name in path for name in names):
        return None
    units: list[_Unit] = []
    statements: list[_Statement] = []
    _split(module.body, text_lines, units, statements, None)
    if not units and not statements_too:
        return None
    kept_units, headers_only, kept_statements = _keep(
        units, statements, names, statements_too, text_lines
    )
    dropped = [
        (unit.first, unit.last)
        for unit in units
        if id(unit) not in kept_units and id(unit) not in headers_only
    ]
    dropped += [
        (unit.body_first, unit.last)
        for unit in units
        if id(unit) in headers_only and unit.body_first is not None
    ]
    dropped_statements = [st for st in statements if id(st) not in kept_statements]
    dropped += [(statement.first, statement.last) for statement in dropped_statements]
    if not dropped:
        return None
    lines = list(lines)
    placeholders = _merge_siblings(dropped, lines)
    for first_line, last_line in placeholders:
        first = lines[first_line - 1]
        indent = first[: len(first) - len(first.lstrip(b" \t"))]
        if first_line == last_line:
            lines[first_line - 1] = indent + b"pass"
            continue
        # One string statement holding the function's line breaks: libcst reads a blank
        # line as a node of its own (~7 µs each), a line break inside a string for free.
        lines[first_line - 1] = indent + b'"""'
        for number in range(first_line, last_line - 1):
            lines[number] = b""
        lines[last_line - 1] = b'"""'
    complete = None
    if dropped_statements:
        # A function without its body still binds its name, and its body held no call, no
        # client and nothing assigned to `self` of interest: its definitions are whole.
        whole = kept_units | headers_only
        complete = _complete_names(units, statements, whole, kept_statements)
    return b"\n".join(lines), complete, placeholders


def _lines_after_merging(
    statement_lines: tuple[int, ...], placeholders: list[tuple[int, int]]
) -> tuple[int, ...]:
    """The top-level statements' lines once each run of blanked siblings is one statement:
    the lines of the runs' later members go."""
    starts = [first for first, _ in placeholders]
    kept = []
    for line in statement_lines:
        at = bisect_right(starts, line) - 1
        if at < 0 or line == starts[at] or line > placeholders[at][1]:
            kept.append(line)
    return tuple(kept)


def _merge_siblings(spans: list[tuple[int, int]], lines: list[bytes]) -> list[tuple[int, int]]:
    """The blanked spans, each run of siblings one span: spans that start at the same
    indentation with nothing but blank and comment lines between them are statements of
    the same body, and one string can stand for them all (libcst spends as long on a
    placeholder statement as on a kept one)."""
    merged: list[tuple[int, int]] = []
    for first, last in sorted(spans):
        if merged and _siblings(merged[-1], first, lines):
            merged[-1] = (merged[-1][0], last)
        else:
            merged.append((first, last))
    return merged


def _siblings(before: tuple[int, int], first: int, lines: list[bytes]) -> bool:
    start = lines[before[0] - 1]
    line = lines[first - 1]
    indent = len(start) - len(start.lstrip(b" \t"))
    if line[:indent] != start[:indent] or line[indent : indent + 1] in b" \t":
        return False
    between = lines[before[1] : first - 1]
    return all(not gap.strip() or gap.lstrip().startswith(b"#") for gap in between)


def _complete_names(
    units: list[_Unit],
    statements: list[_Statement],
    kept_units: set[int],
    kept_statements: set[int],
) -> frozenset[str]:
    """The module-level names whose definitions the sliced text holds whole: bound at
    module level, and mentioned by no blanked statement (which could bind or change them:
    `N = …`, `N.x = …`, `N["k"] = …`); a class also loses its name when a statement of its
    body goes, or a method that assigns to `self` or shares its name. (Other blanked
    methods define nothing another file reads, as in a slice of functions only.)"""
    bound: set[str] = set()
    lost: set[str] = set()
    for statement in statements:
        kept = id(statement) in kept_statements
        if statement.owner is None:
            bound |= statement.binds
        if not kept:
            lost |= statement.words
            if statement.owner is not None:
                lost.add(statement.owner)
    for unit in units:
        if unit.owner is None:
            bound.add(unit.node.name)
        if id(unit) not in kept_units and (unit.owner is None or unit.defines):
            lost.add(unit.node.name if unit.owner is None else unit.owner)
    return frozenset(bound - lost)


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
    body: list[ast.stmt],
    text: list[str],
    units: list[_Unit],
    statements: list[_Statement],
    owner: str | None,
) -> None:
    bound: list[str] = []  # every name this body (one scope) binds, with repeats
    functions: list[_Unit] = []
    for number, node in enumerate(body):
        if isinstance(node, FunctionNode):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            last = node.end_lineno or node.lineno
            source = "\n".join(text[first - 1 : last])
            words = _words_in(source)
            pinned = bool(words & SCOPE_WORDS)
            defines = _assigns_to_self(source)
            body_first = _body_line(node, text)
            functions.append(_Unit(node, first, last, words, pinned, owner, defines, body_first))
            bound.append(node.name)
        elif isinstance(node, ast.ClassDef):
            header_end = max(node.lineno, node.body[0].lineno - 1)
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            header = _Statement(_words(text[first - 1 : header_end]), {node.name}, owner=owner)
            statements.append(header)
            bound.append(node.name)
            _split(node.body, text, units, statements, owner or node.name)
        else:
            last = node.end_lineno or node.lineno
            source = "\n".join(text[node.lineno - 1 : last])
            binds = list(_statement_binds(node, source))
            words = _words_in(source)
            statement = _Statement(words, set(binds), node.lineno, last, owner)
            statement.pinned = (
                bool(words & SCOPE_WORDS)
                or _star_import(node)
                or not _alone_on_its_lines(body, number, text)
            )
            statements.append(statement)
            bound.extend(binds)
    # A function whose name this scope binds twice (another `def`, an assignment, an
    # import) makes that name ambiguous where the extractor would otherwise resolve it.
    counts = Counter(bound)
    for unit in functions:
        unit.defines = unit.defines or counts[unit.node.name] > 1
    units.extend(functions)


def _body_line(node: FunctionNode, text: list[str]) -> int | None:
    """The line a function's body starts on, if nothing of its header shares that line."""
    start = node.body[0]
    line = text[start.lineno - 1] if 0 < start.lineno <= len(text) else ""
    if start.lineno <= node.lineno or line[: start.col_offset].strip():
        return None
    return start.lineno


def _assigns_to_self(source: str) -> bool:
    for found in SELF_ASSIGNMENT.finditer(source):
        before = source[found.start() - 1 : found.start()]
        if not (before.isalnum() or before == "_"):  # `self.x = …`, not `myself.x = …`
            return True
    return False


def _star_import(node: ast.stmt) -> bool:
    return isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names)


def _alone_on_its_lines(body: list[ast.stmt], number: int, text: list[str]) -> bool:
    """Whether a statement can be blanked line by line: no other statement shares one of
    its lines (`a = 1; b = 2`), and nothing but indentation comes before it."""
    node = body[number]
    last = node.end_lineno or node.lineno
    if number > 0 and (body[number - 1].end_lineno or 0) >= node.lineno:
        return False
    if number + 1 < len(body) and body[number + 1].lineno <= last:
        return False
    line = text[node.lineno - 1] if 0 < node.lineno <= len(text) else ""
    return not line[: node.col_offset].strip()


def _keep(
    units: list[_Unit],
    statements: list[_Statement],
    names: set[str],
    statements_too: bool,
    text: list[str],
) -> tuple[set[int], set[int], set[int]]:
    """The functions to keep, those to keep without their bodies, and the statements to
    keep.

    A function or statement that mentions a name of interest is kept, and the names it
    binds (a function's own name too) are of interest from then on. Pinned functions are
    kept too, without adding names: they are kept for what they define, not for a call.
    Statements are all kept, unless `statements_too`: then only those of interest, the
    pinned ones, and those that bind a name the kept code mentions, so that every name
    the kept code reads keeps every binding it has. A function is such a binding by its
    header alone: its body mentions no name of interest (else it is kept whole), so it
    holds no call and leads to none, and the names it reads need not stay.
    """
    # Without `statements_too` the definitions stay whole: what defines them is kept.
    pinned = [u for u in units if u.pinned or (u.defines and not statements_too)]
    kept_units = {id(unit) for unit in pinned}
    of_interest: set[int] = set()  # the functions kept for the names they mention
    headers_only: set[int] = set()  # the functions kept for their names: header only
    mentioned = {word for unit in pinned for word in unit.words}
    kept_statements = set() if statements_too else {id(s) for s in statements}
    not_of_interest = list(statements)
    changed = True
    while changed:
        changed = False
        still = []
        for statement in not_of_interest:
            if statement.words & names:
                names |= statement.binds
                kept_statements.add(id(statement))
                mentioned |= statement.words
                changed = True
            else:
                still.append(statement)
        not_of_interest = still
        for statement in not_of_interest if statements_too else ():
            needed = statement.pinned or statement.binds & mentioned
            if needed and id(statement) not in kept_statements:
                kept_statements.add(id(statement))
                mentioned |= statement.words
                changed = True
        for unit in units:
            if id(unit) not in of_interest and unit.words & names:
                of_interest.add(id(unit))
                kept_units.add(id(unit))
                names.add(unit.node.name)
                names.update(_bindings_seen_outside(unit.node.body))
                mentioned |= unit.words
                changed = True
            elif (
                statements_too
                and id(unit) not in kept_units
                and id(unit) not in headers_only
                and unit.node.name in mentioned
            ):
                # Read by kept code: its name keeps every binding.
                if unit.body_first is None:
                    kept_units.add(id(unit))
                    mentioned |= unit.words
                else:
                    headers_only.add(id(unit))
                    mentioned |= _words(text[unit.first - 1 : unit.body_first - 1])
                changed = True
    return kept_units, headers_only - kept_units, kept_statements


def _words(lines: list[str]) -> set[str]:
    return _words_in("\n".join(lines))


def _words_in(text: str) -> set[str]:
    return set((ASCII_WORD if text.isascii() else WORD).findall(text))


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


def _bindings_seen_outside(body: Sequence[ast.AST]) -> set[str]:
    """The names a function's body binds that code outside it can read: the attributes it
    assigns (`self.client = …`), and the names it declares `global` or `nonlocal`. Its local
    names are seen only by its own code, which is kept or blanked with it."""
    attributes: set[str] = set()
    declared: set[str] = set()
    for statement in body:
        for node in ast.walk(statement):
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                attributes.add(node.attr)
            elif isinstance(node, (ast.Global, ast.Nonlocal)):
                declared.update(node.names)
    if not declared:  # nearly always: no second walk
        return attributes
    return attributes | (declared & set(_bound_names(body)))
