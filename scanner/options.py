"""What extraction looks for: SDK presets, a team's own call patterns, names from other files.

`ExtractOptions` is passed explicitly to every extractor and is a frozen value made of
tuples, so it hashes, pickles and serialises: the per-file cache key includes it (through
`for_file`, which keeps only what a file's bytes can refer to), and the prefilter's needles
come from it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

from scanner.model import Language, Method, Value
from scanner.sdks import DEFAULT_SDKS

if TYPE_CHECKING:
    from scanner.sdks import JsSdk, Preset, PythonSdk

_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class CallPattern(Value):
    """A team's own tracking call, from the config's `[[tool.trackscan.calls]]`.

    `callee` is a glob over the callee as written, with call arguments left out and `?.`
    read as `.`: `trackEvent`, `*.track`, `useAnalytics().track`, `self._track`. `*` matches
    any run of characters (dots included); everything else matches itself. `event` and
    `properties` name the argument: a position, a keyword (Python) or a key of the first
    argument when it is an object (JavaScript), or both (`[0, "name"]`).
    """

    callee: str
    method: Method = Method.TRACK
    event: tuple[int | str, ...] = ()
    properties: tuple[int | str, ...] = ()
    language: str = ""  # "python" or "javascript" (TypeScript too); "" for both

    def applies_to(self, language: Language) -> bool:
        if not self.language:
            return True
        if self.language == "python":
            return language is Language.PYTHON
        return language is not Language.PYTHON

    @property
    def literal_names(self) -> tuple[str, ...]:
        """The identifiers every matching callee spells out (for the prefilter)."""
        return tuple(_IDENTIFIER.findall(self.callee.replace("*", " ")))


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class SymbolName(Value):
    """A wrapper or client defined in another file, by the name a call site spells.

    `path` limits a function-local wrapper to the file that defines it.
    """

    name: str
    path: str = ""


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ExtractOptions(Value):
    """What the extractors look for: presets, configured calls, known symbols."""

    sdks: tuple[str, ...] = DEFAULT_SDKS
    calls: tuple[CallPattern, ...] = ()
    # Infer wrappers (`scanner.wrappers`). Extraction records what inference needs either
    # way, so this option changes the resolve stage only, never a file's extraction.
    infer_wrappers: bool = True
    # Names of the wrappers and clients found so far: calls to them are recorded as
    # `PendingCall`s for `resolve` to bind (a second pass over the files that mention them).
    symbols: tuple[SymbolName, ...] = ()
    # Only the file's calls are wanted (a first pass): Python extraction may then leave out
    # the statements its calls do not need, and says whose definitions are whole
    # (`FileScan.complete_names`). Not for users: the scan sets it per file.
    calls_only: bool = False

    def presets(self) -> tuple[Preset, ...]:
        from scanner.sdks import PRESETS

        return tuple(PRESETS[name] for name in self.sdks)

    def python_sdks(self) -> tuple[PythonSdk, ...]:
        return tuple(p.python for p in self.presets() if p.python is not None)

    def js_sdks(self) -> tuple[JsSdk, ...]:
        return tuple(p.javascript for p in self.presets() if p.javascript is not None)

    def symbol_names(self, path: str) -> frozenset[str]:
        return frozenset(s.name for s in self.symbols if not s.path or s.path == path)

    def for_file(self, path: str, content: bytes) -> ExtractOptions:
        """These options as far as one file can tell them apart: its cache key.

        Extraction only ever matches a symbol's name against names the file spells, so the
        symbols its bytes do not contain cannot change its result.
        """
        relevant = tuple(
            s
            for s in self.symbols
            if (not s.path or s.path == path) and s.name.encode("utf-8") in content
        )
        return replace(self, symbols=relevant)

    def key(self) -> str:
        """A stable text of everything here that changes extraction (for cache keys)."""
        return json.dumps(
            {
                "sdks": list(self.sdks),
                "calls": [
                    [c.callee, c.method.value, list(c.event), list(c.properties), c.language]
                    for c in self.calls
                ],
                "symbols": sorted([s.name, s.path] for s in self.symbols),
                "calls_only": self.calls_only,
            },
            sort_keys=True,
        )


# ---------------------------------------------------------------------------
# Matching configured patterns against a callee as written.


@cache
def _compiled(callee: str) -> re.Pattern[str]:
    parts = (re.escape(part) for part in callee.split("*"))
    return re.compile(".*".join(parts), re.DOTALL)


def match_pattern(
    patterns: tuple[CallPattern, ...], callee: str, language: Language
) -> CallPattern | None:
    """The first configured pattern whose glob matches a normalized callee text."""
    for pattern in patterns:
        if pattern.applies_to(language) and _compiled(pattern.callee).fullmatch(callee):
            return pattern
    return None


def covers_function(patterns: tuple[CallPattern, ...], name: str, language: Language) -> bool:
    """Whether a pattern's last segment names a function (`self._track` names `_track`)."""
    last = name.rsplit(".", 1)[-1]
    for pattern in patterns:
        if not pattern.applies_to(language):
            continue
        segment = pattern.callee.rsplit(".", 1)[-1].removesuffix("()")
        if _compiled(segment).fullmatch(last):
            return True
    return False
