"""Line and column of the few libcst nodes a report shows, without positions for all the rest.

libcst's `PositionProvider` regenerates the module's code and records a range for every
node, splitting every token with a regular expression as it goes: a tenth of a full
extraction, for a handful of nodes (the calls found, the functions and clients they name).
`LazyPositions` regenerates the code once with a state that only watches the nodes asked for
up front, works out lines and columns from the text generated so far when one of them
starts or ends, and stops as soon as the last one is done. The rules are libcst's own
(`PositionProvidingCodegenState`): the syntactic range where a node records one, else the
range of its whole code; lines are counted the way libcst counts them, token by token.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst._position import CodePosition, CodeRange

# libcst's own definition of a line break (libcst.metadata.position_provider.NEWLINE_RE).
_NEWLINE = re.compile(r"\r\n?|\n")
_NOTHING = nullcontext()


class _Done(Exception):
    """Every node asked for has its range: the rest of the module need not be generated."""


class _WatchingState(CodegenState):
    """A code generator that records the ranges of the watched nodes only."""

    def __init__(self, module: cst.Module, watched: set[cst.CSTNode]) -> None:
        super().__init__(
            default_indent=module.default_indent, default_newline=module.default_newline
        )
        self.watched = watched
        self.ranges: dict[cst.CSTNode, CodeRange] = {}
        self.starts: dict[cst.CSTNode, CodePosition] = {}
        self.syntactic: set[cst.CSTNode] = set()
        self._counted = 0  # tokens already counted into line and column
        self._line = 1
        self._column = 0

    def _position(self) -> CodePosition:
        tokens = self.tokens
        if self._counted < len(tokens):
            fresh = tokens[self._counted :]
            self._counted = len(tokens)
            text = "".join(fresh)
            if "\r" in text:  # "\r" ending one token and "\n" starting the next: two breaks
                for token in fresh:
                    self._advance(token)
            else:
                self._advance(text)
        return CodePosition(self._line, self._column)

    def _advance(self, text: str) -> None:
        breaks = _NEWLINE.findall(text)
        if not breaks:
            self._column += len(text)
        else:
            self._line += len(breaks)
            self._column = len(text) - (text.rfind(breaks[-1]) + len(breaks[-1]))

    def before_codegen(self, node: cst.CSTNode) -> None:
        if node in self.watched:
            self.starts[node] = self._position()

    def after_codegen(self, node: cst.CSTNode) -> None:
        if node in self.watched:
            start = self.starts.pop(node)
            if node not in self.ranges:
                self.ranges[node] = CodeRange(start, self._position())
            self._maybe_done()

    def record_syntactic_position(  # type: ignore[override]  # any context manager will do
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> AbstractContextManager[None]:
        if node not in self.watched:
            return _NOTHING
        return self._syntactic(node, start_node, end_node)

    @contextmanager
    def _syntactic(
        self, node: cst.CSTNode, start_node: cst.CSTNode | None, end_node: cst.CSTNode | None
    ) -> Iterator[None]:
        # Ranges hoisted from children need those children watched too.
        self.watched.update(n for n in (start_node, end_node) if n is not None)
        start = self._position()
        try:
            yield
        finally:
            end = self._position()
            if start_node is not None:
                start = self.ranges[start_node].start
            if end_node is not None:
                end = self.ranges[end_node].end
            self.ranges[node] = CodeRange(start, end)

    def _maybe_done(self) -> None:
        done = not self.starts and len(self.ranges) >= len(self.watched)
        if done and all(node in self.ranges for node in self.watched):
            raise _Done


def node_ranges(module: cst.Module, nodes: Iterable[cst.CSTNode]) -> dict[cst.CSTNode, CodeRange]:
    """The ranges libcst's `PositionProvider` gives these nodes of `module`."""
    state = _WatchingState(module, set(nodes))
    if not state.watched:
        return {}
    with suppress(_Done):
        module._codegen(state)
    return state.ranges


def statement_ranges(
    module: cst.Module,
    nodes: Iterable[cst.CSTNode],
    tops: dict[cst.CSTNode, cst.CSTNode],
    lines: dict[cst.CSTNode, int],
) -> dict[cst.CSTNode, CodeRange]:
    """`node_ranges`, generating only the top-level statements that hold the nodes, each
    from the line its first token is on (`lines`, from CPython's parser): a call at the end
    of a long module costs its statement, not the module."""
    by_statement: dict[cst.CSTNode, set[cst.CSTNode]] = {}
    for node in nodes:
        top = tops.get(node)
        if top is None or top not in lines:
            return node_ranges(module, nodes)
        by_statement.setdefault(top, set()).add(node)
    ranges: dict[cst.CSTNode, CodeRange] = {}
    for top, watched in by_statement.items():
        state = _WatchingState(module, watched)
        state._line = lines[top] - _lines_before_first_token(top)
        with suppress(_Done):
            top._codegen(state)
        ranges.update(state.ranges)
    return ranges


def _lines_before_first_token(statement: cst.CSTNode) -> int:
    """The comment and blank lines a statement's code starts with (one line each)."""
    before = len(getattr(statement, "leading_lines", ()))
    decorators = getattr(statement, "decorators", ())
    if decorators:
        before += len(decorators[0].leading_lines)
    return before


def top_level_lines(module: cst.Module, lines: tuple[int, ...] | None) -> dict[cst.CSTNode, int]:
    """Each top-level statement's first-token line, when CPython saw as many statements."""
    if lines is None or len(lines) != len(module.body):
        return {}
    return dict(zip(module.body, lines, strict=True))


class LazyPositions:
    """`positions[node]` like libcst's `PositionProvider` metadata, computed on first use for
    every node announced with `want()` by then (in one pass over the code, or over the
    statements that hold them when `tops` and `lines` say where those are)."""

    def __init__(
        self,
        module: cst.Module,
        tops: dict[cst.CSTNode, cst.CSTNode] | None = None,
        lines: dict[cst.CSTNode, int] | None = None,
    ) -> None:
        self.module = module
        self.tops = tops or {}
        self.lines = lines or {}
        self.wanted: set[cst.CSTNode] = set()
        self.ranges: dict[cst.CSTNode, CodeRange] = {}

    def want(self, node: cst.CSTNode) -> None:
        if node not in self.ranges:
            self.wanted.add(node)

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        found = self.ranges.get(node)
        if found is None:
            self.wanted.add(node)
            if self.lines:
                ranges = statement_ranges(self.module, self.wanted, self.tops, self.lines)
            else:
                ranges = node_ranges(self.module, self.wanted)
            self.ranges.update(ranges)
            self.wanted.clear()
            found = self.ranges[node]
        return found
