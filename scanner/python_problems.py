"""Why a Python file could not be read: syntax errors and bad encodings, with their lines."""

from __future__ import annotations

import io
import tokenize

from scanner.model import FileScan, Language, Problem, ProblemKind


def failed(path: str, problem: Problem) -> FileScan:
    return FileScan(path=path, language=Language.PYTHON, problems=(problem,))


def syntax_problem(path: str, content: bytes, line: int, message: str) -> Problem:
    """Prefer CPython's own message and position: libcst's point past the error."""
    try:
        compile(content, path, "exec", dont_inherit=True)
    except SyntaxError as error:
        if error.lineno:
            return Problem(
                path,
                error.lineno,
                ProblemKind.PARSE_ERROR,
                f"syntax error: {error.msg}",
                error.offset,
            )
    except (ValueError, UnicodeDecodeError):
        pass
    detail = message.split(": ", 1)[-1] if message.startswith("parser error") else message
    return Problem(path, line, ProblemKind.PARSE_ERROR, f"syntax error: {detail}")


def decode_problem(path: str, content: bytes, error: Exception) -> Problem:
    """Name the encoding and the line of the first byte that does not decode."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(content).readline)
    except SyntaxError as bad_cookie:
        return Problem(path, cookie_line(content), ProblemKind.ENCODING_ERROR, str(bad_cookie))
    try:
        content.decode(encoding)
    except UnicodeDecodeError as bad_bytes:
        line = content.count(b"\n", 0, bad_bytes.start) + 1
        return Problem(
            path,
            line,
            ProblemKind.ENCODING_ERROR,
            f"not valid {encoding} (byte 0x{content[bad_bytes.start]:02x}); "
            "add a PEP 263 coding cookie or fix the file's encoding",
        )
    except LookupError:
        return Problem(
            path, cookie_line(content), ProblemKind.ENCODING_ERROR, f"unknown encoding: {encoding}"
        )
    return Problem(path, None, ProblemKind.ENCODING_ERROR, str(error))


def cookie_line(content: bytes) -> int:
    first_lines = content.split(b"\n", 2)[:2]
    for number, line in enumerate(first_lines, start=1):
        if b"coding" in line:
            return number
    return 1
