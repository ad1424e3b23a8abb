"""Every discovered file, with its definitions loaded on demand.

Files that may hold calls are extracted up front. The rest (files the prefilter passed over,
and the files of other shards) are extracted only when resolving a call reaches one of their
names, so a repository pays for the constants modules its calls import, not for every file.
Namespaces see the same definitions either way: laziness changes when a file is read, never
what a lookup answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from scanner.discover import SourceFile
from scanner.model import FileScan, Language

Loader = Callable[[Sequence[SourceFile]], Sequence[FileScan]]


class FileIndex:
    def __init__(
        self,
        sources: Sequence[SourceFile],
        complete: Mapping[str, FileScan],
        loader: Loader | None = None,
    ) -> None:
        self.sources = {source.path: source for source in sources}
        self.order = {source.path: number for number, source in enumerate(sources)}
        self.loaded: dict[str, FileScan] = dict(complete)
        # Scans of the calls only (`FileScan.complete_names`), by path, with those names:
        # enough for a lookup of one of them, else the file is loaded in full.
        self.partial: dict[str, tuple[FileScan, frozenset[str]]] = {}
        self.loader = loader
        self.loaded_late = 0

    @classmethod
    def of(cls, scans: Iterable[FileScan]) -> FileIndex:
        """An index of scans that are all loaded already (no files behind them)."""
        scans = tuple(scans)
        # Never read: every scan is loaded already.
        sources = [SourceFile(scan.path, scan.path, scan.language) for scan in scans]
        return cls(sources, {scan.path: scan for scan in scans})

    def paths(self, languages: Iterable[Language] | None = None) -> list[str]:
        """Every file's path in discovery order, optionally only those of some languages."""
        wanted = None if languages is None else set(languages)
        return [
            path
            for path, source in self.sources.items()
            if wanted is None or source.language in wanted
        ]

    def put(self, scan: FileScan) -> None:
        """A newer scan of a file: whole, or of its calls only."""
        if scan.complete_names is None:
            self.loaded[scan.path] = scan
            self.partial.pop(scan.path, None)
        elif scan.path not in self.loaded:
            self.partial[scan.path] = (scan, frozenset(scan.complete_names))

    def partial_for(self, path: str, name: str) -> FileScan | None:
        """The file's calls-only scan, if the file is not loaded in full and that scan
        holds every definition of the module-level `name`."""
        found = self.partial.get(path)
        if found is None or path in self.loaded or name not in found[1]:
            return None
        return found[0]

    def get(self, path: str) -> FileScan:
        if path not in self.loaded:
            self.prefetch([path])
        return self.loaded[path]

    def prefetch(self, paths: Iterable[str]) -> None:
        """Load the given files' definitions in one batch (in parallel where possible)."""
        wanted = [self.sources[p] for p in dict.fromkeys(paths) if p not in self.loaded]
        if not wanted:
            return
        if self.loader is None:
            raise LookupError(f"no extraction loaded for {wanted[0].path}")
        for source, scan in zip(wanted, self.loader(wanted), strict=True):
            self.loaded[source.path] = scan
        self.loaded_late += len(wanted)

    def scans(self, languages: Iterable[Language]) -> list[FileScan]:
        """Every scan of files in these languages, in discovery order (loads them all)."""
        paths = self.paths(languages)
        self.prefetch(paths)
        return [self.loaded[path] for path in paths]

    def __iter__(self) -> Iterator[FileScan]:
        """Every file's scan in discovery order (loads them all: the eager way)."""
        self.prefetch(self.sources)
        return (self.loaded[path] for path in self.sources)
