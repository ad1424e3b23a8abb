"""Read the code excerpts the HTML report shows beside each location (CLI side: file I/O)."""

from __future__ import annotations

import io
import tokenize
from collections import defaultdict
from pathlib import Path

from reports.excerpts import FileExcerpt, excerpt, wanted_lines
from scanner.model import Report

CONTEXT_LINES = 2
# Excerpts stop here so a huge repository still gives a report a browser opens quickly;
# locations past the budget show no excerpt (the report says so).
DEFAULT_BUDGET = 3_000_000  # characters


def locations_by_file(report: Report) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for result in report.calls:
        call = result.call
        spans[call.location.path].append((call.location.line, call.end_line))
    for problem in report.errors:
        if problem.line is not None:
            spans[problem.path].append((problem.line, problem.line))
    return spans


def decode(path: str, content: bytes) -> str:
    """Source text as the scanner read it: PEP 263 cookies for Python, else UTF-8."""
    if path.endswith((".py", ".pyw")):
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(content).readline)
            return content.decode(encoding, errors="replace")
        except (SyntaxError, LookupError):
            pass
    return content.decode("utf-8", errors="replace")


def read_excerpts(
    root: Path, report: Report, context: int = CONTEXT_LINES, budget: int = DEFAULT_BUDGET
) -> tuple[FileExcerpt, ...]:
    base = root if root.is_dir() else root.parent
    excerpts = []
    used = 0
    for path, spans in sorted(locations_by_file(report).items()):
        try:
            content = (base / path).read_bytes()
        except OSError:
            continue  # deleted since the scan, or unreadable: the report shows no excerpt
        found = excerpt(path, decode(path, content), wanted_lines(spans, context))
        used += sum(len(text) + 8 for _, text in found.lines)
        if used > budget:
            break
        excerpts.append(found)
    return tuple(excerpts)
