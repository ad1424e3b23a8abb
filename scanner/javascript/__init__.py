"""JavaScript and TypeScript extraction with tree-sitter: calls and definitions out.

`extract_javascript(path, content)` is a pure function of one file's bytes, like the Python
extractor: `.js .jsx .mjs .cjs .ts .tsx .mts .cts` files, the `<script>` blocks and markup
event handlers of `.vue` and `.svelte` components (at their original lines), and
`package.json` manifests (package names for workspace imports), and `tsconfig.json` /
`jsconfig.json` files (path aliases, `scanner.javascript.tsconfig`). Names that point into
other files stay qualified `Reference`s for `resolve` to join.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from scanner.discover import is_tsconfig_name
from scanner.javascript.calls import CallFinder, calls_query
from scanner.javascript.definitions import module_definitions
from scanner.javascript.functions import Functions
from scanner.javascript.names import Names
from scanner.javascript.packages import extract_package
from scanner.javascript.parse import (
    Dialect,
    Positions,
    Tree,
    captures,
    dialects_for,
    error_count,
    parse,
    syntax_errors,
    text,
)
from scanner.javascript.pending import pending_call
from scanner.javascript.reading import CallReader
from scanner.javascript.scope import WRITES_QUERY, Scopes
from scanner.javascript.sfc import extract_scripts
from scanner.javascript.tsconfig import extract_tsconfig
from scanner.model import FileScan, Language, PendingCall, Problem, ProblemKind, RawCall
from scanner.options import ExtractOptions

DEFAULT_OPTIONS = ExtractOptions()

COMPONENT_SUFFIXES = (".vue", ".svelte")
TYPESCRIPT_SUFFIXES = (".ts", ".tsx", ".mts", ".cts")
_SFC_DIALECTS = {
    "js": (Dialect.JAVASCRIPT, Dialect.TSX),
    "jsx": (Dialect.JAVASCRIPT, Dialect.TSX),
    "ts": (Dialect.TYPESCRIPT, Dialect.TSX),
    "tsx": (Dialect.TSX, None),
}


@dataclass(frozen=True, slots=True)
class _Parsed:
    language: Language
    problems: tuple[Problem, ...]  # encoding and syntax: everything but internal errors
    dialect: Dialect | None = None  # None: a component without scripts, nothing to parse
    tree: Tree | None = None
    positions: Positions | None = None


def _parsed(path: str, content: bytes) -> _Parsed:
    """Decode, pick the scripts of a component, parse, and find the first syntax error."""
    problems: list[Problem] = []
    content = _as_utf8(path, content, problems)
    source = content
    lowered = path.lower()
    language = Language.TYPESCRIPT if lowered.endswith(TYPESCRIPT_SUFFIXES) else Language.JAVASCRIPT
    dialects = dialects_for(path)
    checked: tuple[tuple[int, int], ...] | None = None  # where syntax errors are ours to report
    if lowered.endswith(COMPONENT_SUFFIXES):
        scripts = extract_scripts(content, svelte=lowered.endswith(".svelte"))
        if not scripts.blocks and not scripts.handlers:
            return _Parsed(language, tuple(problems))
        source, checked = scripts.source, scripts.script_ranges
        dialects = _SFC_DIALECTS[scripts.lang]
        if scripts.lang in ("ts", "tsx"):
            language = Language.TYPESCRIPT
    dialect, tree = _parse(source, dialects)
    positions = Positions(content)
    error = _syntax_problem(path, tree, positions, checked)
    if error is not None:
        problems.append(error)
    return _Parsed(language, tuple(problems), dialect, tree, positions)


def read_in_full(path: str) -> bool:
    """`package.json` and `tsconfig.json`: never left to the prefilter; cheap, and their
    package names or aliases are needed up front."""
    name = posixpath.basename(path)
    return name == "package.json" or is_tsconfig_name(name)


def javascript_syntax_ok(path: str, content: bytes) -> bool:
    """True when a full extraction would report no problem for the file (the prefilter's
    quick check: the same parse, without the queries and definitions that follow it)."""
    if read_in_full(path):
        return False
    return not _parsed(path, content).problems


def extract_javascript(
    path: str, content: bytes, options: ExtractOptions = DEFAULT_OPTIONS
) -> FileScan:
    """Find the analytics calls and exported constants of one JavaScript or TypeScript file."""
    if posixpath.basename(path) == "package.json":
        return extract_package(path, content)
    if is_tsconfig_name(posixpath.basename(path)):
        return extract_tsconfig(path, content)
    parsed = _parsed(path, content)
    language, problems = parsed.language, parsed.problems
    dialect, tree, positions = parsed.dialect, parsed.tree, parsed.positions
    if dialect is None or tree is None or positions is None:
        return FileScan(path=path, language=language, problems=problems)
    # One query pass over the tree finds call candidates and every assignment target.
    captured = captures(dialect, calls_query(options) + WRITES_QUERY, tree.root_node)
    names = Names(path, Scopes(tree.root_node, captured))
    functions = Functions(names, positions)
    names.functions = functions
    patterns = tuple(p for p in options.calls if p.applies_to(language))
    finder = CallFinder(names, options.js_sdks(), patterns)
    reader = CallReader(path, language, names, positions)
    symbols = options.symbol_names(path)
    calls: list[RawCall] = []
    pending: list[PendingCall] = []
    for node in sorted(captured.get("call", []), key=lambda node: node.start_byte):
        site = finder.site(node, language)
        if site is not None:
            calls.append(reader.read(site))
        elif symbols:
            found = pending_call(node, functions, finder, reader, symbols)
            if found is not None:
                pending.append(found)
    return FileScan(
        path=path,
        language=language,
        calls=tuple(calls),
        definitions=module_definitions(names, tree.root_node, functions, tuple(finder.clients)),
        problems=problems,
        pending=tuple(pending),
    )


def _parse(source: bytes, dialects: tuple[Dialect, Dialect | None]) -> tuple[Dialect, Tree]:
    """Parse with the file's dialect; on errors, keep the other dialect's tree if it is cleaner."""
    primary, fallback = dialects
    tree = parse(source, primary)
    if fallback is None or not tree.root_node.has_error:
        return primary, tree
    other = parse(source, fallback)
    if error_count(other.root_node) < error_count(tree.root_node):
        return fallback, other
    return primary, tree


def _syntax_problem(
    path: str, tree: Tree, positions: Positions, within: tuple[tuple[int, int], ...] | None
) -> Problem | None:
    """The first syntax error (in `within`, when given), as a problem naming its line."""
    node = next(
        (
            found
            for found in syntax_errors(tree.root_node)
            if within is None or any(start <= found.start_byte < end for start, end in within)
        ),
        None,
    )
    if node is None:
        return None
    line, column = positions.start(node)
    if node.is_missing:
        message = f"syntax error: missing {node.type!r}"
    else:
        snippet = text(node).strip().split("\n", 1)[0][:40]
        message = f"syntax error: unexpected {snippet!r}" if snippet else "syntax error"
    return Problem(path, line, ProblemKind.PARSE_ERROR, message, column)


def _as_utf8(path: str, content: bytes, problems: list[Problem]) -> bytes:
    """tree-sitter reads UTF-8: convert UTF-16 files, and flag bytes that are not UTF-8."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            pass
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as bad:
        line = content.count(b"\n", 0, bad.start) + 1
        problems.append(
            Problem(
                path,
                line,
                ProblemKind.ENCODING_ERROR,
                f"not valid UTF-8 (byte 0x{content[bad.start]:02x}); "
                "scanned with replacement characters",
            )
        )
    return content
