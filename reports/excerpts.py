"""Code excerpts for the HTML report: the lines around each location, read at scan time.

Excerpts are a rendering input, not a scan result: the JSON report (the contract other
tools read) stays free of source text, `scanner` stays a pure function of file bytes, and
only the CLI reads files again, for the HTML report, when no `--source-url` links to the
host. The text is untrusted like every name: the HTML report escapes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from scanner.model import Value

MAX_LINE = 400  # characters kept of one excerpt line (a long line is cut, not dropped)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class FileExcerpt(Value):
    """The lines of a file around the calls a report shows."""

    path: str
    lines: tuple[tuple[int, str], ...]  # (1-based line number, text) around the locations


def wanted_lines(locations: Iterable[tuple[int, int]], context: int) -> list[int]:
    """Line numbers to keep for (first line, last line) spans, with `context` lines around."""
    wanted: set[int] = set()
    for first, last in locations:
        last = min(max(first, last), first + 12)  # a 300-line call shows its head only
        wanted.update(range(max(1, first - context), last + context + 1))
    return sorted(wanted)


def excerpt(path: str, text: str, lines: Iterable[int]) -> FileExcerpt:
    """The given lines of a file's text (lines past its end are left out)."""
    all_lines = text.splitlines()
    kept = []
    for number in lines:
        if 1 <= number <= len(all_lines):
            line = all_lines[number - 1].rstrip()
            kept.append((number, line if len(line) <= MAX_LINE else line[:MAX_LINE] + " …"))
    return FileExcerpt(path, tuple(kept))
