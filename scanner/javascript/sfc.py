"""The `<script>` blocks of Vue and Svelte single-file components, at their original positions.

Everything outside the script blocks is blanked byte for byte (newlines kept), so the parser
sees one program whose lines, byte offsets and columns are the file's own: a call on line 40
of `Checkout.vue` is reported on line 40, with no offset arithmetic anywhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# An HTML comment (skipped, so a commented-out block is not code), or a script element. Both
# alternatives scan left to right, so `<!--` inside a script belongs to the script.
_BLOCK = re.compile(
    rb"(?P<comment><!--.*?-->)"
    rb"|<script\b(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>(?P<body>.*?)</script\s*>",
    re.IGNORECASE | re.DOTALL,
)
_ATTRIBUTE = re.compile(rb"""([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")

_TS_LANGS = frozenset({"ts", "typescript", "tsx"})
_TS_TYPES = frozenset({"text/typescript", "application/typescript", "ts"})
# `type` values that still mean script code (anything else: JSON, templates, ...).
_JS_TYPES = frozenset(
    {
        "",
        "module",
        "text/javascript",
        "application/javascript",
        "text/ecmascript",
        "application/ecmascript",
        "text/babel",
        "text/jsx",
        *_TS_TYPES,
    }
)
# Every byte becomes a space but line breaks, so rows and byte columns stay put.
_BLANK = bytes.maketrans(
    bytes(range(256)), bytes(b if b in b"\r\n" else ord(" ") for b in range(256))
)


@dataclass(frozen=True, slots=True)
class Scripts:
    source: bytes  # the file with everything but script code blanked; same length and lines
    lang: str  # "js", "jsx", "ts" or "tsx": the most demanding block decides
    blocks: int  # how many script blocks hold code


def _attributes(raw: bytes) -> dict[str, str]:
    found = {}
    for name, value in _ATTRIBUTE.findall(raw):
        text = value.decode("utf-8", errors="replace").strip("\"'")
        found[name.decode("utf-8", errors="replace").lower()] = text.strip().lower()
    return found


def _lang(attributes: dict[str, str]) -> str | None:
    """The block's language, or None when it is not script code (`type="application/json"`)."""
    kind = attributes.get("type", "")
    if kind not in _JS_TYPES:
        return None
    lang = attributes.get("lang", "")
    if lang == "tsx":
        return "tsx"
    if lang in _TS_LANGS or kind in _TS_TYPES:
        return "ts"
    return "jsx" if lang == "jsx" else "js"


def extract_scripts(content: bytes) -> Scripts:
    parts: list[bytes] = []
    langs: set[str] = set()
    blocks = 0
    position = 0
    for match in _BLOCK.finditer(content):
        if match.group("comment") is not None:
            continue
        lang = _lang(_attributes(match.group("attrs")))
        if lang is None:
            continue
        start, end = match.span("body")
        parts += [content[position:start].translate(_BLANK), content[start:end]]
        position = end
        langs.add(lang)
        blocks += 1
    parts.append(content[position:].translate(_BLANK))
    if "tsx" in langs or {"ts", "jsx"} <= langs:
        lang = "tsx"
    elif "ts" in langs:
        lang = "ts"
    else:
        lang = "jsx" if "jsx" in langs else "js"
    return Scripts(source=b"".join(parts), lang=lang, blocks=blocks)
