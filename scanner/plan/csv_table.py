"""Reading a spreadsheet export as a table: encoding, delimiter, header row and columns.

Spreadsheets are exported in many ways: Google Sheets writes UTF-8 with commas; Excel
"Save as CSV" writes the machine's code page (cp1252 on Windows) with commas or, where the
decimal separator is a comma, semicolons, and may start with a `sep=;` line; "CSV UTF-8"
adds a BOM; "Unicode Text" is UTF-16 with tabs. Column names vary by team and tool, so each
column is found by a list of case-insensitive aliases.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from scanner.errors import PlanError

DELIMITERS = (",", ";", "\t", "|")
HEADER_SEARCH_ROWS = 10  # a title or notes may sit above the header row

# Role → header names (normalised: lower case, single spaces, no "(...)"), best first.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "event": ("event", "event name", "object name", "events", "event type name"),
    "method": ("call type", "rule type", "segment call", "call", "method", "kind", "event type"),
    "property": (
        "property",
        "property name",
        "event property name",
        "property key",
        "prop",
        "attribute",
        "parameter",
    ),
    "properties": ("properties", "event properties", "property names"),
    "type": ("property value type", "property type", "type", "data type", "value type"),
    "required": ("required", "is required", "property required", "mandatory", "presence"),
    "event_description": ("event description", "why", "purpose", "object description"),
    "property_description": ("property description",),
    "description": ("description", "definition", "details"),
    "owner": ("owner", "event owner", "object owner", "team", "owner team", "squad"),
    "where": ("where", "location", "locations", "trigger location"),
    "enum": ("enum", "enum values", "allowed values", "accepted values", "possible values"),
    "is_array": ("property is array", "is array", "property is list", "is list"),
    "object_type": ("object type",),
    "status": ("status",),
}
# "name" alone names the event only when nothing better does (an events-only sheet).
FALLBACK_EVENT_ALIASES = ("name", "event type")


@dataclass(frozen=True, slots=True)
class CsvTable:
    """Every record of the file, with the line each starts on and where the columns are."""

    shown: str
    records: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]  # 1-based physical line where each record starts
    header_index: int  # index of the header record
    delimiter: str
    columns: dict[str, int] = field(default_factory=dict)  # role → column index
    sep_line: str | None = None  # Excel's "sep=;" first line, kept for writing back
    encoding: str = "utf-8"  # as read, for writing back: "utf-8-sig", "cp1252", ...

    @property
    def header(self) -> tuple[str, ...]:
        return self.records[self.header_index]

    def row_number(self, index: int) -> int:
        """The spreadsheet row of a record (Excel hides the `sep=` line)."""
        return index + 1

    def cell(self, record: tuple[str, ...], role: str) -> str:
        column = self.columns.get(role)
        if column is None or column >= len(record):
            return ""
        return unguard(record[column].strip())


# Spreadsheets run a cell starting with one of these as a formula; names from scanned code
# are untrusted, so cells we write get a leading apostrophe, which we drop when reading.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def safe_row(*cells: str) -> tuple[str, ...]:
    return tuple(safe_cell(cell) for cell in cells)


def unguard(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS) else text


def decode(raw: bytes) -> tuple[str, str]:
    """The text and the encoding it was in."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16"), "utf-16"
    try:
        encoding = "utf-8-sig" if raw.startswith(codecs.BOM_UTF8) else "utf-8"
        return raw.decode(encoding), encoding
    except UnicodeDecodeError:
        pass
    try:  # Excel's default "CSV" on Windows is the ANSI code page, not UTF-8
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return raw.decode("latin-1"), "latin-1"


def normalise_header(text: str) -> str:
    text = re.sub(r"\(.*?\)", " ", text.replace("\ufeff", "")).lower()
    text = re.sub(r"[\s_\-]+", " ", text).strip(" *:?.#")
    return text


def read_table(path: Path, shown: str) -> CsvTable:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise PlanError(f"cannot read plan file: {error.strerror}", shown) from None
    text, encoding = decode(raw)
    return parse_table(text, shown, encoding)


def parse_table(text: str, shown: str, encoding: str = "utf-8") -> CsvTable:
    sep_line = None
    first, _, rest = text.partition("\n")
    sep = re.fullmatch(r"sep=(.)\r?", first)
    skipped_lines = 0
    if sep:
        sep_line, text, skipped_lines = first.rstrip("\r"), rest, 1
    candidates = (sep.group(1),) if sep else _delimiter_order(text)
    best: tuple[int, str, list[list[str]], list[int], int, dict[str, int]] | None = None
    first_error: PlanError | None = None
    for delimiter in candidates:
        try:
            records, lines = _records(text, delimiter, skipped_lines, shown)
        except PlanError as error:  # a quote that only closes under another delimiter
            first_error = first_error or error
            continue
        header_index, columns = _find_header(records)
        score = len(columns) if header_index is not None and "event" in columns else -1
        if best is None or score > best[0]:
            best = (score, delimiter, records, lines, header_index or 0, columns)
    if best is None or (best[0] < 0 and first_error is not None):
        assert first_error is not None
        raise first_error
    score, delimiter, records, lines, header_index, columns = best
    if score < 0:
        found = next((r for r in records if any(c.strip() for c in r)), [])
        listed = ", ".join(repr(c.strip()) for c in found if c.strip()) or "nothing"
        raise PlanError(
            "no header row with an event column in the first "
            f"{HEADER_SEARCH_ROWS} rows (found {listed}); name one column 'Event' or "
            "'Event Name' (optional: Property, Type, Required, Description, Owner, Where)",
            shown,
            lines[0] if lines else 1,
        )
    return CsvTable(
        shown=shown,
        records=tuple(tuple(r) for r in records),
        lines=tuple(lines),
        header_index=header_index,
        delimiter=delimiter,
        columns=columns,
        sep_line=sep_line,
        encoding=encoding,
    )


def _delimiter_order(text: str) -> tuple[str, ...]:
    """The sniffed delimiter first; the header decides among the rest."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        return DELIMITERS
    return (sniffed, *(d for d in DELIMITERS if d != sniffed))


def _records(
    text: str, delimiter: str, first_line: int, shown: str
) -> tuple[list[list[str]], list[int]]:
    # strict: an unterminated quote is an error, not a cell that swallows the rest
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    lines: list[int] = []
    consumed = 0
    try:
        for record in reader:
            lines.append(first_line + consumed + 1)
            consumed = reader.line_num
            records.append(record)
    except csv.Error as error:  # e.g. a quoted cell never closed
        line = first_line + consumed + 1
        raise PlanError(f"malformed CSV: {error} (in the row starting here)", shown, line) from None
    return records, lines


def _find_header(records: list[list[str]]) -> tuple[int | None, dict[str, int]]:
    for index, record in enumerate(records[:HEADER_SEARCH_ROWS]):
        columns = header_columns(record)
        if "event" in columns:
            return index, columns
    return None, {}


def header_columns(record: list[str] | tuple[str, ...]) -> dict[str, int]:
    names = [normalise_header(cell) for cell in record]
    columns: dict[str, int] = {}
    for role, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            if alias in names and names.index(alias) not in columns.values():
                columns[role] = names.index(alias)
                break
    if "event" not in columns:
        for alias in FALLBACK_EVENT_ALIASES:
            if alias in names:
                index = names.index(alias)
                columns = {r: c for r, c in columns.items() if c != index}
                columns["event"] = index
                break
    return columns
