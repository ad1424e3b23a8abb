"""Rounds of extraction and resolution until every wrapper's call sites are known.

A wrapper's call sites, and calls on a client another file creates, are recorded only by an
extraction that knows their names (`ExtractOptions.symbols`), and those names come from
resolving. So: resolve; extract again the files that spell a name found new, with every
name found so far; resolve again; until no new name turns up. Each level of wrappers
(a wrapper of a wrapper) takes one round, and only files that spell a new name are read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

from scanner.index import FileIndex
from scanner.model import FileScan, Language
from scanner.options import ExtractOptions, SymbolName
from scanner.resolve import Resolution, resolve_all

# Wrappers of wrappers of wrappers…: real code stops after two or three levels.
MAX_ROUNDS = 8

# Extract again, with these symbols, the files that spell one of the new names; returns
# the files whose results changed.
Again = Callable[[tuple[SymbolName, ...], frozenset[str]], Mapping[str, FileScan]]
Reader = Callable[[str], bytes | None]
Rescan = Callable[[str, bytes, Language, tuple[SymbolName, ...]], FileScan]


def link(
    files: dict[str, FileScan],
    options: ExtractOptions,
    again: Again,
    index: FileIndex | None = None,
) -> Resolution:
    """Resolve `files`, extracting files again (`again`) while new names turn up."""
    plain = replace(options, symbols=())
    known: set[SymbolName] = set()
    for _ in range(MAX_ROUNDS):
        resolution = resolve_all(files.values(), index, plain)
        new = set(resolution.symbols) - known
        if not new:
            return resolution
        known |= new
        symbols = tuple(sorted(known, key=lambda s: (s.name, s.path)))
        for path, scan in again(symbols, frozenset(s.name for s in new)).items():
            files[path] = scan
            if index is not None:
                index.put(scan)
    return resolve_all(files.values(), index, plain)


def read_again(files: Mapping[str, FileScan], read: Reader, rescan: Rescan) -> Again:
    """An `Again` that reads each file itself (in memory, from git objects, in one process)."""

    def again(symbols: tuple[SymbolName, ...], new: frozenset[str]) -> dict[str, FileScan]:
        needles = [name.encode("utf-8") for name in sorted(new)]
        changed = {}
        for path, scan in files.items():
            if scan.problems and not (scan.calls or scan.definitions.constants):
                continue  # skipped or unparsable: nothing new to learn
            content = read(path)
            if content is not None and any(needle in content for needle in needles):
                changed[path] = rescan(path, content, scan.language, symbols)
        return changed

    return again
