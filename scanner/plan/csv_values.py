"""Reading the values people type into plan spreadsheets: types, yes/no, lists, call kinds."""

from __future__ import annotations

import re

from scanner.model import Method, PlannedProperty
from scanner.plan.common import EnumValue
from scanner.suggest import did_you_mean


class RowError(Exception):
    """A problem with one cell; the CSV reader turns it into an error naming the row."""


_TYPE_WORDS = {
    "string": "string",
    "str": "string",
    "text": "string",
    "varchar": "string",
    "date": "string",
    "datetime": "string",
    "date time": "string",
    "timestamp": "string",
    "time": "string",
    "url": "string",
    "uri": "string",
    "email": "string",
    "uuid": "string",
    "id": "string",
    "number": "number",
    "numeric": "number",
    "float": "number",
    "double": "number",
    "decimal": "number",
    "currency": "number",
    "integer": "integer",
    "int": "integer",
    "long": "integer",
    "boolean": "boolean",
    "bool": "boolean",
    "object": "object",
    "map": "object",
    "dict": "object",
    "dictionary": "object",
    "json": "object",
    "array": "array",
    "list": "array",
    "null": "null",
}
_ANY_WORDS = {"", "any", "mixed", "enum", "unknown", "*", "-"}

_YES = {"yes", "y", "true", "t", "1", "x", "✓", "✔", "required", "req", "mandatory", "always"}
_NO = {"no", "n", "false", "f", "0", "", "-", "optional", "opt", "sometimes", "never"}

_METHOD_WORDS = {
    "track": Method.TRACK,
    "event": Method.TRACK,
    "track event": Method.TRACK,
    "identify": Method.IDENTIFY,
    "identify traits": Method.IDENTIFY,
    "user": Method.IDENTIFY,
    "page": Method.PAGE,
    "page view": Method.PAGE,
    "screen": Method.SCREEN,
    "screen view": Method.SCREEN,
    "group": Method.GROUP,
    "group traits": Method.GROUP,
}


def parse_method(cell: str) -> Method:
    word = " ".join(cell.lower().replace("_", " ").split())
    if word in _METHOD_WORDS:
        return _METHOD_WORDS[word]
    suggestion = did_you_mean(word, ["track", "identify", "page", "screen", "group"])
    raise RowError(
        f"'{cell}' is not a kind of call{suggestion}; expected track, identify, page, "
        "screen or group"
    )


def parse_required(cell: str) -> bool:
    word = cell.strip().lower().rstrip(".")
    # Avo's presence column says "Always sent" / "Sometimes sent".
    word = word.removesuffix(" sent").strip()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise RowError(f"Required: '{cell}' is not yes or no (yes/no, true/false, y/n, x, 1/0)")


def parse_types(cell: str) -> tuple[tuple[str, ...], bool]:
    """JSON types from `string`, `String | null`, `number or null`, `list of strings`, ...

    The second value is True when the cell describes a list (`string[]`, `array<string>`).
    """
    text = cell.strip().lower()
    is_array = bool(re.search(r"\[\]$|^array\s*<|^list\s+of\b|^array\s+of\b", text))
    if is_array:
        return ("array",), True
    found: list[str] = []
    for word in re.split(r"\s*(?:\||/|,|;|\bor\b)\s*", text):
        word = " ".join(word.split()).removesuffix("?")
        if word in _ANY_WORDS:
            return (), False  # any of them allows every type
        json_type = _TYPE_WORDS.get(word)
        if json_type is None:
            suggestion = did_you_mean(word, list(_TYPE_WORDS))
            raise RowError(
                f"Type: '{cell}' is not a type{suggestion}; expected string, number, integer, "
                "boolean, object, array or null"
            )
        if json_type not in found:
            found.append(json_type)
    return tuple(found), False


def parse_enum(cell: str, types: tuple[str, ...]) -> tuple[EnumValue, ...]:
    """Allowed values, one per line or separated by `;`, `|` or `,` (in that preference)."""
    separator = next((s for s in ("\n", ";", "|", ",") if s in cell), None)
    parts = cell.split(separator) if separator else [cell]
    values: list[EnumValue] = []
    for part in parts:
        text = part.strip().strip("\"'`").strip()
        if text:
            values.append(_typed(text, types))
    return tuple(values)


def _typed(text: str, types: tuple[str, ...]) -> EnumValue:
    if types and set(types) <= {"number", "integer", "null"}:
        try:
            number = float(text)
        except ValueError:
            raise RowError(f"allowed value '{text}' is not a number") from None
        return int(number) if number.is_integer() and "." not in text else number
    if types == ("boolean",) and text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


_LIST_ITEM = re.compile(
    r"^(?P<name>[^:(*]+?)\s*(?P<star>\*)?\s*(?:[:(]\s*(?P<spec>[^)]*?)\s*\)?)?\s*(?P<star2>\*)?$"
)


def parse_property_list(cell: str) -> list[PlannedProperty]:
    """`plan*, total: number, referrer (string, optional)` → planned properties."""
    separator = "\n" if "\n" in cell else (";" if ";" in cell else ",")
    if separator == "," and "(" in cell:
        items = re.split(r",\s*(?![^()]*\))", cell)  # commas inside (...) stay
    else:
        items = cell.split(separator)
    found = []
    for item in items:
        item = item.strip().lstrip("-•").strip()
        if not item:
            continue
        match = _LIST_ITEM.match(item)
        if match is None:
            raise RowError(
                f"Properties: cannot read '{item}'; write 'name', 'name*' or 'name: type'"
            )
        required = bool(match.group("star") or match.group("star2"))
        type_words: list[str] = []
        for word in re.split(r"[,\s]+", match.group("spec") or ""):
            if word.lower() in ("required", "req", "mandatory"):
                required = True
            elif word.lower() not in ("", "optional", "opt"):
                type_words.append(word)
        types, _ = parse_types(" | ".join(type_words))
        found.append(PlannedProperty(match.group("name").strip(), types, required))
    return found
