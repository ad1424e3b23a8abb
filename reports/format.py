"""Small display rules shared by every renderer."""

from __future__ import annotations

import unicodedata

from scanner.model import Location


def format_coverage(percent: float | None) -> str:
    """One decimal, but never "100.0" unless it is 100, nor "0.0" unless it is 0 (coverage.py)."""
    if percent is None:
        return "n/a"
    text = f"{percent:.1f}"
    if text == "100.0" and percent < 100:
        return "99.9"
    if text == "0.0" and percent > 0:
        return "0.1"
    return text


def printable(text: str) -> str:
    """Text from scanned code, safe for a terminal: control characters become escapes."""
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char.isprintable() or char == " ":
            out.append(char)
        elif unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"):
            out.append(char.encode("unicode_escape").decode("ascii"))
        else:
            out.append(char)
    return "".join(out)


def where(location: Location) -> str:
    return f"{location.path}:{location.line}"
