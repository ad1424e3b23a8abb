"""The code of Vue and Svelte single-file components, at its original positions.

A component's code is its `<script>` blocks plus the event handlers in its markup
(`@click="analytics.track('Buy')"`, `on:click={() => analytics.track('Buy')}`). Everything
else is blanked byte for byte (line breaks kept), so the parser sees one program whose lines,
byte offsets and columns are the file's own: a call on line 40 of `Checkout.vue` is reported
on line 40, with no offset arithmetic anywhere else. Each handler starts with a `;` written
over its opening quote or brace, so two handlers on one line stay two statements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ATTRIBUTE = re.compile(rb"""([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?""")
_TAG_NAME = re.compile(rb"[A-Za-z][^\s/>]*")
_NAME = re.compile(rb"[^\s=/>{]+")
_SVELTE_EVENT = re.compile(rb"on:[^=\s]+|on[a-z]+")

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
    source: bytes  # the file with everything but code blanked; same length and lines
    lang: str  # "js", "jsx", "ts" or "tsx": the most demanding block decides
    blocks: int  # how many script blocks hold code
    handlers: int  # how many markup event handlers were kept
    # Byte ranges of the script blocks: syntax errors outside them (in markup handlers)
    # are the framework compiler's to report, not ours.
    script_ranges: tuple[tuple[int, int], ...] = ()


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


def _balanced(content: bytes, start: int) -> int:
    """The index just past the `}` matching the `{` at `start` (strings and templates skipped),
    or -1 when there is none."""
    depth = 0
    index = start
    length = len(content)
    while index < length:
        char = content[index]
        if char in b"\"'`":
            index = _string_end(content, index)
            continue
        if char == ord("{"):
            depth += 1
        elif char == ord("}"):
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return -1


def _string_end(content: bytes, start: int) -> int:
    quote = content[start]
    index = start + 1
    while index < len(content):
        char = content[index]
        if char == ord("\\"):
            index += 2
            continue
        if char == quote:
            return index + 1
        if quote == ord("`") and content.startswith(b"${", index):
            end = _balanced(content, index + 1)
            if end < 0:
                return len(content)
            index = end
            continue
        if char == ord("\n") and quote != ord("`"):
            return index  # an unterminated quote in markup text: stop at the line end
        index += 1
    return len(content)


class _Component:
    """One pass over the file: script blocks, raw-text elements, tags and their handlers."""

    def __init__(self, content: bytes, svelte: bool) -> None:
        self.content = content
        self.svelte = svelte
        self.kept: list[tuple[int, int]] = []  # byte ranges to keep as code
        self.openers: list[int] = []  # bytes to overwrite with `;`
        self.scripts: list[tuple[int, int]] = []
        self.langs: set[str] = set()
        self.handlers = 0

    def scan(self) -> None:
        content, index = self.content, 0
        lowered = content.lower()
        while True:
            index = _next_markup(content, index)
            if index >= len(content):
                return
            if content[index] == ord("{"):
                end = _balanced(content, index)  # `{{ x }}`, `{#if a < b}`: not tags
                index = index + 1 if end < 0 else end
            elif content.startswith(b"<!--", index):
                end = content.find(b"-->", index + 4)
                index = len(content) if end < 0 else end + 3
            else:
                index = self.tag(index, lowered)

    def tag(self, start: int, lowered: bytes) -> int:
        name = _TAG_NAME.match(self.content, start + 1)
        if name is None:
            return start + 1
        tag = lowered[name.start() : name.end()]
        attributes_start = index = name.end()
        while index < len(self.content) and self.content[index] != ord(">"):
            index = self.attribute(index)
        attributes = self.content[attributes_start:index]
        index = min(index + 1, len(self.content))
        if tag in (b"script", b"style", b"textarea", b"title"):
            close = lowered.find(b"</" + tag, index)
            close = len(self.content) if close < 0 else close
            if tag == b"script" and not attributes.rstrip().endswith(b"/"):
                self.script(index, close, attributes)
            end = self.content.find(b">", close)
            return len(self.content) if end < 0 else end + 1
        return index

    def attribute(self, index: int) -> int:
        content = self.content
        while index < len(content) and content[index : index + 1].isspace():
            index += 1
        if index >= len(content) or content[index] == ord(">"):
            return index
        if content[index] == ord("{"):
            end = _balanced(content, index)  # `{...props}`, `{handler}`
            return index + 1 if end < 0 else end
        name = _NAME.match(content, index)
        if name is None:
            return index + 1
        index = name.end()
        while index < len(content) and content[index : index + 1].isspace():
            index += 1
        if index >= len(content) or content[index] != ord("="):
            return index
        index += 1
        while index < len(content) and content[index : index + 1].isspace():
            index += 1
        if index >= len(content):
            return index
        opener = content[index]
        if opener in b"\"'":
            end = content.find(bytes([opener]), index + 1)
            end = len(content) if end < 0 else end
            if not self.svelte and _is_vue_handler(name.group()):
                self.handler(index, end)
            return end + 1
        if opener == ord("{"):
            end = _balanced(content, index)
            if end < 0:
                return index + 1
            if self.svelte and _SVELTE_EVENT.fullmatch(name.group().split(b"|")[0]):
                self.handler(index, end - 1)
            return end
        while index < len(content) and not content[index : index + 1].isspace():
            if content[index] == ord(">"):
                break
            index += 1
        return index

    def handler(self, opener: int, end: int) -> None:
        self.openers.append(opener)
        self.kept.append((opener + 1, end))
        self.handlers += 1

    def script(self, start: int, end: int, attributes: bytes) -> None:
        lang = _lang(_attributes(attributes))
        if lang is None:
            return
        self.kept.append((start, end))
        self.scripts.append((start, end))
        self.langs.add(lang)


def _next_markup(content: bytes, index: int) -> int:
    """The next `<` or `{` from `index`, or the end."""
    found = [i for i in (content.find(b"<", index), content.find(b"{", index)) if i >= 0]
    return min(found) if found else len(content)


def _is_vue_handler(name: bytes) -> bool:
    return name.startswith((b"@", b"v-on:"))


def extract_scripts(content: bytes, svelte: bool = False) -> Scripts:
    component = _Component(content, svelte)
    component.scan()
    source = bytearray(content.translate(_BLANK))
    for start, end in component.kept:
        source[start:end] = content[start:end]
    for opener in component.openers:
        source[opener] = ord(";")
    langs = component.langs
    if "tsx" in langs or {"ts", "jsx"} <= langs:
        lang = "tsx"
    elif "ts" in langs:
        lang = "ts"
    else:
        lang = "jsx" if "jsx" in langs else "js"
    return Scripts(
        source=bytes(source),
        lang=lang,
        blocks=len(component.scripts),
        handlers=component.handlers,
        script_ranges=tuple(component.scripts),
    )
