"""Read a source file's bytes and decide whether it is worth parsing.

Binary files, files over the size limit and minified bundles are skipped with a note;
the decision looks at the whole file, never at one long line, because transpiled sources
open with long helper lines and hand-written icon components carry long SVG paths.
"""

from __future__ import annotations

import os
import re

from scanner.model import FileScan, Language, Problem, ProblemKind

DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024
MINIFIED_SUFFIXES = (".min.js", ".min.mjs", ".min.cjs", "-min.js", ".bundle.js")
_LONG_LINE = 1000
# A line over `_LONG_LINE` bytes, with the break before it: a pattern that opens with a
# literal is searched for in linear time.
_LONG_LINE_AFTER_A_BREAK = re.compile(rb"\n[^\n]{%d,}" % (_LONG_LINE + 1))
_BINARY_SNIFF = 8192
# Lines that only hold a comment (license banners above a bundle) are not code lines.
_COMMENT_STARTS = (b"//", b"/*", b"*", b"#!")


def read_source(absolute: str, relative: str, size: int | None = None) -> bytes | Problem:
    """The file's bytes; `size`, when discovery knows it, spares a buffered reader: one read
    of that size (plus one byte) and one that finds the end, for every file of a tree."""
    try:
        if size is None:
            with open(absolute, "rb") as file:  # noqa: PTH123 (no Path for every file)
                return file.read()
        descriptor = os.open(absolute, os.O_RDONLY)
        try:
            chunks = [os.read(descriptor, size + 1)]
            while chunks[-1]:  # until the end: the file may have grown, a read may be short
                chunks.append(os.read(descriptor, max(size, 1 << 16)))
        finally:
            os.close(descriptor)
        return chunks[0] if len(chunks) == 2 else b"".join(chunks)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return Problem(relative, None, ProblemKind.UNREADABLE, f"cannot read file: {reason}")


def skip_reason(
    relative: str, content: bytes, language: Language, max_size: int = DEFAULT_MAX_FILE_SIZE
) -> Problem | None:
    """Why this file should not be parsed, as a note for the report, or None to parse it."""
    if b"\0" in content[:_BINARY_SNIFF] and not _is_utf16(content):
        return Problem(relative, None, ProblemKind.BINARY, "binary file (contains NUL bytes)")
    if len(content) > max_size:
        return Problem(
            relative,
            None,
            ProblemKind.TOO_LARGE,
            f"file is {len(content):,} bytes, over the {max_size:,}-byte limit (max_file_size)",
        )
    if language is not Language.PYTHON and looks_minified(relative, content):
        return Problem(
            relative,
            None,
            ProblemKind.MINIFIED,
            "minified bundle (most of its code is on very long lines)",
        )
    return None


def unparsed_scan(
    relative: str, content: bytes, language: Language, max_size: int = DEFAULT_MAX_FILE_SIZE
) -> tuple[FileScan, bool]:
    """The scan of a file left unparsed because it cannot hold a call, and whether it is
    complete: a file that would not be parsed anyway (binary, too large, minified) is, with
    its note; any other may still be parsed late for its definitions."""
    skipped = skip_reason(relative, content, language, max_size)
    if skipped is not None:
        return FileScan(relative, language, problems=(skipped,)), True
    return FileScan(relative, language), False


def _is_utf16(content: bytes) -> bool:
    return content.startswith((b"\xff\xfe", b"\xfe\xff"))


def looks_minified(relative: str, content: bytes) -> bool:
    """A minified bundle: named so, or made of very long, code-dense lines.

    Code density (statement and bracket punctuation per character) separates a minifier's
    output from a long string literal such as an SVG path or a data URI. Dense lines must
    hold most of the bytes *and* be most of the lines that hold code: a small module
    transpiled by Babel opens with a 3 KB regenerator helper line, yet it is ordinary code.
    """
    if relative.lower().endswith(MINIFIED_SUFFIXES):
        return True
    if len(content) < 4 * _LONG_LINE:
        return False
    # The long lines, found without splitting the file (this runs for every JavaScript
    # file that cannot hold a call, and most have none).
    first = content[: content.find(b"\n")] if b"\n" in content else content
    long_lines = [first] if len(first) > _LONG_LINE else []
    long_lines += [found.group()[1:] for found in _LONG_LINE_AFTER_A_BREAK.finditer(content)]
    dense = [line for line in long_lines if _punctuation(line) * 25 >= len(line)]
    if sum(map(len, dense)) * 2 <= len(content):
        return False
    code_lines = 0
    for line in content.split(b"\n"):
        stripped = line.strip()
        if not stripped or (len(line) <= _LONG_LINE and stripped.startswith(_COMMENT_STARTS)):
            continue  # (a long line that opens with `/*! license */` is still the bundle)
        code_lines += 1
    return len(dense) * 2 >= code_lines


def _punctuation(line: bytes) -> int:
    return sum(line.count(c) for c in (b";", b"{", b"}", b"(", b")", b"="))
