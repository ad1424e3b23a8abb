"""The cheap prefilter: which files can hold an analytics call, and a fast syntax check.

Full extraction (libcst with scope and position metadata) costs tens of milliseconds a file,
and in a real repository almost no file calls an analytics SDK. A file whose bytes and path
contain none of a language's *needles* cannot hold a call, so it is not parsed at all, unless
a call refers to one of its constants (it is then parsed late, see `scanner.index`). Its syntax
errors cannot change the report; `ScanOptions.check_syntax` (`--check-syntax`) checks such
files too, quickly, so that the report lists the same errors as a full parse.

Soundness rests on one argument per language, written next to its needles: every way the
extractor recognises a call needs one needle in the file's text or in its path (the path
names the module, and module names take part in qualified names).
"""

from __future__ import annotations

import ast
import codecs
import re
import symtable
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from scanner.javascript import javascript_syntax_ok, read_in_full
from scanner.model import Language
from scanner.options import ExtractOptions
from scanner.sdks import PYTHON_SEGMENT, JsSdk, PythonSdk


@dataclass(frozen=True, slots=True)
class Prefilter:
    # A file whose bytes and path contain none of these cannot hold a call.
    needles: tuple[bytes, ...]
    # True when a full extraction would report no problem for the file; False means "not
    # sure", and the caller runs the full extraction to get the exact problem.
    syntax_ok: Callable[[str, bytes], bool]

    def may_have_calls(self, path: str, content: bytes) -> bool:
        return may_have_calls(path, content, self.needles)


def python_needles(sdks: Iterable[PythonSdk]) -> tuple[bytes, ...]:
    """Identifiers at least one of which every call the Python extractor finds must mention.

    The extractor accepts `<...>.<receiver>.<method>(...)` (the receiver is in the text),
    functions imported from an SDK module, and methods of SDK client instances. A name only
    resolves to a module's member when the file spells every component of that module's
    qualified name, in an import or an attribute chain (aliases rename the binding, never the
    components), or when the file lies inside that module (relative imports, `self`, module-
    level definitions), in which case its path holds them. So one component of each SDK
    module and client class is enough; reusing one already chosen keeps the set small.
    """
    needles: list[str] = []
    for sdk in sdks:
        needles.extend(sorted(sdk.receiver_names))
        for qualified in sorted(sdk.modules | sdk.client_classes):
            components = qualified.split(".")
            if not any(component in needles for component in components):
                needles.append(max(components, key=len))
    return tuple(dict.fromkeys(needle.encode("ascii") for needle in needles))


# PEP 263's coding cookie, on one of a file's first two lines.
CODING_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", re.ASCII)
# Encodings in which every ASCII character is its own byte, so that a needle in the text is
# a needle in the bytes (by `codecs.lookup` name). Nearly every cookie names UTF-8 or
# Latin-1: on the benchmark corpus, 14 files with a UTF-8 cookie and no needle were a fifth
# of the Python text parsed.
SPELLS_ASCII_AS_ASCII = frozenset(
    {
        "utf-8",
        "ascii",
        *(f"iso8859-{n}" for n in range(1, 17)),
        *(f"cp{n}" for n in range(1250, 1259)),
    }
)


def _odd_encoding(content: bytes) -> bool:
    """A UTF-16/32 byte order mark, or a coding cookie naming an encoding that may spell
    ASCII otherwise (UTF-16, UTF-7, EBCDIC …) or that Python does not know: the text may not
    spell the needles in ASCII bytes, and such files are rare, so they go to the full
    extraction."""
    head = content[:512]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"coding" not in head:
        return False
    for line in head.splitlines()[:2]:
        cookie = CODING_COOKIE.match(line)
        if cookie is not None:
            return _codec_name(cookie.group(1)) not in SPELLS_ASCII_AS_ASCII
    return False


def _codec_name(name: bytes) -> str | None:
    try:
        return codecs.lookup(name.decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def hides_needles(language: Language, content: bytes) -> bool:
    """A file whose text may not spell the needles in ASCII bytes (a coding cookie, UTF-16):
    the prefilter cannot rule it out, so it is parsed."""
    if language is Language.PYTHON:
        return _odd_encoding(content)
    return content.startswith((b"\xff\xfe", b"\xfe\xff"))


def python_syntax_ok(path: str, content: bytes) -> bool:
    """CPython's parser (C, ~20x faster than libcst with metadata) agrees the file is valid."""
    if _odd_encoding(content):
        return False
    try:
        compile(content, path, "exec", flags=ast.PyCF_ONLY_AST, dont_inherit=True)
    except Exception:  # SyntaxError, ValueError, RecursionError, MemoryError: let libcst say
        return False
    return True


def python_syntax_ok_fast(path: str, content: bytes) -> bool:
    """`python_syntax_ok`, three times faster: the same parser, without a Python object for
    every node of the tree.

    `symtable` runs CPython's parser and builds only the symbol tables, so a file it accepts
    is one `compile(..., PyCF_ONLY_AST)` accepts. It rejects a few more (semantic errors such
    as a module-level `nonlocal`), so a rejection is checked again the slow way: the answer
    is always `python_syntax_ok`'s.
    """
    if _odd_encoding(content):
        return False
    try:
        symtable.symtable(content, path, "exec")  # type: ignore[arg-type]  # bytes: as compile
    except Exception:
        return python_syntax_ok(path, content)
    return True


def javascript_needles(sdks: Iterable[JsSdk]) -> tuple[bytes, ...]:
    """What every JavaScript call an SDK preset matches spells: its global's name, a
    command function's name, or the package it is imported from (namespace, default and
    named imports of its functions, and the packages of its client factories). A member's
    methods (`mixpanel.people.set`) and the methods of one form of client (Snowplow's React
    Native trackers) are reached only through such a receiver, so they spell it too."""
    needles: list[str] = []
    for sdk in sdks:
        needles += sorted(sdk.receiver_names | sdk.command_functions | sdk.modules)
        needles += sorted({factory.module for factory in sdk.factories})
    return tuple(dict.fromkeys(needle.encode("utf-8") for needle in needles))


@cache
def needles_for(language: Language, extraction: ExtractOptions) -> tuple[bytes, ...] | None:
    """The needles of the options' presets, configured patterns and symbols in a language;
    None when a configured pattern spells no name (`callee = "*"`): then nothing can be
    ruled out.

    A configured pattern's callee spells its literal names (the longest one is enough), and
    a call to a wrapper or a client defined elsewhere spells its symbol's name
    (`ExtractOptions.symbols`, which only holds names call sites spell).
    """
    patterns = [p for p in extraction.calls if p.applies_to(language)]
    if any(not pattern.literal_names for pattern in patterns):
        return None
    if language is Language.PYTHON:
        found = list(python_needles(extraction.python_sdks()))
    else:
        found = list(javascript_needles(extraction.js_sdks()))
    found += [max(p.literal_names, key=len).encode("utf-8") for p in patterns]
    found += sorted({s.name.encode("utf-8") for s in extraction.symbols})
    return tuple(dict.fromkeys(found))


def may_have_calls(path: str, content: bytes, needles: tuple[bytes, ...]) -> bool:
    encoded_path = path.encode("utf-8", "surrogateescape")
    return any(needle in content or needle in encoded_path for needle in _fewest(needles))


@cache
def _fewest(needles: tuple[bytes, ...]) -> tuple[bytes, ...]:
    """The needles without those that hold another one (`@segment/analytics-next` holds
    `analytics`): a text without the shorter one has neither, one with it is in anyway."""
    return tuple(
        needle
        for needle in needles
        if not any(other in needle and other != needle for other in needles)
    )


def must_parse(path: str, content: bytes, language: Language, extraction: ExtractOptions) -> bool:
    """Whether a scan's first pass parses this file: it may hold a call (or the prefilter
    cannot tell), or it is a `package.json`/`tsconfig.json` whose names are needed up front."""
    if read_in_full(path):
        return True
    needles = needles_for(language, extraction)
    return (
        needles is None
        or may_have_calls(path, content, needles)
        or hides_needles(language, content)
    )


PYTHON_PREFILTER = Prefilter(python_needles([PYTHON_SEGMENT]), python_syntax_ok)

SyntaxCheck = Callable[[str, bytes], bool]

# The quick syntax checks: a file that cannot hold a call is only checked for problems, and
# only in these languages; the others are parsed in full for their problems (correct, just
# not prefiltered), unless they belong to another shard and only their calls matter.
# `FAST_SYNTAX_CHECKS` are the ones `ScanOptions.fast` uses; `SYNTAX_CHECKS` the originals.
SYNTAX_CHECKS: dict[Language, SyntaxCheck] = {Language.PYTHON: python_syntax_ok}
FAST_SYNTAX_CHECKS: dict[Language, SyntaxCheck] = {
    Language.PYTHON: python_syntax_ok_fast,
    # The parse is the check: the queries and definitions after it are what a JavaScript
    # file costs, and they are needed only for files that can hold calls or that a call
    # refers to (`JsNamespace` loads those on demand).
    Language.JAVASCRIPT: javascript_syntax_ok,
    Language.TYPESCRIPT: javascript_syntax_ok,
}


def syntax_check(language: Language, fast: bool) -> SyntaxCheck | None:
    return (FAST_SYNTAX_CHECKS if fast else SYNTAX_CHECKS).get(language)
