"""trackscan's scanner: discover files → extract calls → resolve names (→ match).

`scan()` runs the per-file stages and the cross-file join; matching against a plan is
`scanner.match.match()`. Nothing here renders or prints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scanner.discover import DiscoverOptions, SourceFile, discover
from scanner.javascript import extract_javascript
from scanner.model import FileScan, Language, Problem, ProblemKind, ScanResult
from scanner.python import extract_python
from scanner.resolve import resolve
from scanner.source import DEFAULT_MAX_FILE_SIZE, read_source, skip_reason

Extractor = Callable[[str, bytes], FileScan]

EXTRACTORS: dict[Language, Extractor] = {
    Language.PYTHON: extract_python,
    Language.JAVASCRIPT: extract_javascript,
    Language.TYPESCRIPT: extract_javascript,
}


@dataclass(frozen=True, slots=True)
class ScanOptions:
    discover: DiscoverOptions = field(default_factory=DiscoverOptions)
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    # Re-raise unexpected exceptions instead of recording them (tests run strict).
    strict: bool = False


def scan_bytes(path: str, content: bytes, language: Language, options: ScanOptions) -> FileScan:
    """Everything trackscan learns from one file: a pure function of its bytes."""
    skipped = skip_reason(path, content, language, options.max_file_size)
    if skipped is not None:
        return FileScan(path=path, language=language, problems=(skipped,))
    extractor = EXTRACTORS.get(language)
    if extractor is None:
        return FileScan(path=path, language=language)
    try:
        return extractor(path, content)
    except RecursionError:
        problem = Problem(path, None, ProblemKind.PARSE_ERROR, "too deeply nested to analyse")
        return FileScan(path=path, language=language, problems=(problem,))
    except Exception as error:  # a bug in trackscan must not lose the rest of the scan
        if options.strict:
            raise
        message = f"internal error while scanning: {type(error).__name__}: {error}"
        return FileScan(
            path=path,
            language=language,
            problems=(Problem(path, None, ProblemKind.INTERNAL_ERROR, message),),
        )


def scan_file(source: SourceFile, options: ScanOptions) -> FileScan:
    content = read_source(source.absolute, source.path)
    if isinstance(content, Problem):
        return FileScan(path=source.path, language=source.language, problems=(content,))
    return scan_bytes(source.path, content, source.language, options)


def scan(root: Path, options: ScanOptions | None = None) -> ScanResult:
    """Scan every source file under `root` and resolve the event names of its calls."""
    options = options or ScanOptions()
    found = discover(root, options.discover)
    files = tuple(scan_file(source, options) for source in found.files)
    problems = [*found.problems, *(p for scan in files for p in scan.problems)]
    problems.sort(key=lambda p: (p.path, p.line or 0, p.kind.value))
    return ScanResult(files=files, problems=tuple(problems), calls=resolve(files))
