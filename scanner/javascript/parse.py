"""tree-sitter for JavaScript and TypeScript: the grammars, loaded once per process.

Grammars come from the official wheels (`tree-sitter-javascript`, `tree-sitter-typescript`);
parsers and compiled queries are cached per dialect, so a worker process pays for them once.
Also here: the one helper that turns tree-sitter's 0-based rows and byte columns into the
1-based lines and character columns trackscan reports.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from functools import cache

import tree_sitter
import tree_sitter_javascript
import tree_sitter_typescript

from scanner.model import Language

Node = tree_sitter.Node
Tree = tree_sitter.Tree


class Dialect(str, Enum):
    JAVASCRIPT = "javascript"  # the JavaScript grammar parses JSX too
    TYPESCRIPT = "typescript"  # no JSX: `<T>x` is a type assertion
    TSX = "tsx"


# Suffix → (dialect tried first, dialect tried when the first reports syntax errors).
# `.jsx` files get the TSX grammar; plain `.js` files that carry Flow or TypeScript-style
# annotations parse better with TSX too, so each JavaScript dialect falls back to the other.
DIALECTS: dict[str, tuple[Dialect, Dialect | None]] = {
    ".js": (Dialect.JAVASCRIPT, Dialect.TSX),
    ".mjs": (Dialect.JAVASCRIPT, Dialect.TSX),
    ".cjs": (Dialect.JAVASCRIPT, Dialect.TSX),
    ".jsx": (Dialect.TSX, Dialect.JAVASCRIPT),
    ".ts": (Dialect.TYPESCRIPT, None),
    ".mts": (Dialect.TYPESCRIPT, None),
    ".cts": (Dialect.TYPESCRIPT, None),
    ".tsx": (Dialect.TSX, None),
}


def dialects_for(path: str) -> tuple[Dialect, Dialect | None]:
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return DIALECTS.get(suffix, (Dialect.JAVASCRIPT, Dialect.TSX))


def language_of(dialect: Dialect) -> Language:
    return Language.JAVASCRIPT if dialect is Dialect.JAVASCRIPT else Language.TYPESCRIPT


@cache
def grammar(dialect: Dialect) -> tree_sitter.Language:
    if dialect is Dialect.JAVASCRIPT:
        return tree_sitter.Language(tree_sitter_javascript.language())
    if dialect is Dialect.TYPESCRIPT:
        return tree_sitter.Language(tree_sitter_typescript.language_typescript())
    return tree_sitter.Language(tree_sitter_typescript.language_tsx())


@cache
def _parser(dialect: Dialect) -> tree_sitter.Parser:
    return tree_sitter.Parser(grammar(dialect))


@cache
def query(dialect: Dialect, source: str) -> tree_sitter.Query:
    """A compiled query; `source` must only use node types all three grammars share."""
    compiled: tree_sitter.Query = tree_sitter.Query(grammar(dialect), source)
    return compiled


def captures(dialect: Dialect, source: str, node: Node) -> dict[str, list[Node]]:
    return tree_sitter.QueryCursor(query(dialect, source)).captures(node)


def parse(content: bytes, dialect: Dialect) -> Tree:
    return _parser(dialect).parse(content)


def syntax_errors(root: Node) -> Iterator[Node]:
    """ERROR and MISSING nodes in document order, descending only into broken parts."""
    if not root.has_error:
        return
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            yield node
            continue
        broken = [child for child in node.children if child.has_error or child.is_missing]
        if not broken and node.has_error:
            yield node  # the error is this node itself
        stack.extend(reversed(broken))


def error_count(root: Node) -> int:
    """How many separate syntax errors a tree holds (used to pick the better dialect)."""
    if not root.has_error:
        return 0
    count, stack = 0, [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            count += 1
            continue
        stack.extend(child for child in node.children if child.has_error or child.is_missing)
    return count


class Positions:
    """1-based lines and character columns for tree-sitter's rows and byte columns."""

    BOM = b"\xef\xbb\xbf"

    def __init__(self, content: bytes) -> None:
        self.content = content
        self.bom = content.startswith(self.BOM)

    def column(self, byte_offset: int, row: int, byte_column: int) -> int:
        """The 1-based character column of a byte offset on a 0-based row."""
        line_start = byte_offset - byte_column
        if row == 0 and self.bom:
            line_start = min(len(self.BOM), byte_offset)
        prefix = self.content[line_start:byte_offset]
        if prefix.isascii():
            return len(prefix) + 1
        return len(prefix.decode("utf-8", errors="replace")) + 1

    def start(self, node: Node) -> tuple[int, int]:
        row, byte_column = node.start_point
        return row + 1, self.column(node.start_byte, row, byte_column)

    def end(self, node: Node) -> tuple[int, int]:
        row, byte_column = node.end_point
        return row + 1, self.column(node.end_byte, row, byte_column)


def text(node: Node) -> str:
    raw = node.text
    return raw.decode("utf-8", errors="replace") if raw is not None else ""
