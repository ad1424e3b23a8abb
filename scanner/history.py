"""Plan coverage over a repository's history, scanned from git objects.

A file's extraction is a pure function of its bytes and path, so a blob seen at one commit is
never parsed again at the next: a year of weekly points re-parses only what changed.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from scanner import ScanOptions, link, scan_bytes, worker_config
from scanner.cache import Cache, CacheError, Entry, encode_entry, prepare_directory
from scanner.discover import SourceFile
from scanner.errors import PlanError
from scanner.gitsource import BlobReader, Commit, file_at, list_tree
from scanner.index import FileIndex
from scanner.match import match, summarize
from scanner.model import (
    EventResult,
    EventStatus,
    FileScan,
    HistoryPoint,
    Language,
    Report,
    ReportMeta,
    Summary,
    TrackingPlan,
)
from scanner.plan import load_plan
from scanner.prefilter import must_parse
from scanner.source import unparsed_scan
from scanner.tasks import FULL, cache_key

PlanAt = Callable[[Commit], TrackingPlan | None]


@dataclass
class HistoryScanner:
    repo: Path
    subdirectory: str
    options: ScanOptions
    tool_version: str
    memo: dict[tuple[str, str, str], FileScan] = field(default_factory=dict)
    # The first pass over each blob: its scan, and whether it is complete (see first_look).
    first_pass: dict[tuple[str, str], tuple[FileScan, bool]] = field(default_factory=dict)
    parsed: int = 0  # files actually extracted (the rest came from the memo or the cache)
    cached: int = 0  # files found in the persistent cache (`options.cache_dir`)
    cache: Cache | None = None
    pending: list[Entry] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.options.cache_dir is not None:
            try:
                prepare_directory(self.options.cache_dir)
                self.cache = Cache(self.options.cache_dir, worker_config(self.options).fingerprint)
            except CacheError:
                self.cache = None  # history works without it, only slower

    def extract(
        self, path: str, content: bytes, language: Language, options: ScanOptions | None = None
    ) -> FileScan:
        """A full extraction, through the same content cache as `trackscan` scans (keyed,
        as there, by the wrapper and client names the file spells when `options` has any)."""
        options = options or self.options
        if self.cache is None:
            self.parsed += 1
            return scan_bytes(path, content, language, options)
        key = cache_key(self.cache, FULL, SourceFile(path, path, language), content, options)
        hit = self.cache.get(key, path, language)
        if hit is not None and hit.complete:
            self.cached += 1
            return hit.scan
        scan = scan_bytes(path, content, language, options)
        self.parsed += 1
        entry = encode_entry(key, scan, True)
        if entry is not None:
            self.pending.append(entry)
        return scan

    def first_look(self, path: str, content: bytes, language: Language) -> tuple[FileScan, bool]:
        """What `trackscan` makes of a file in its first pass: extracted when it may hold a
        call, else left unparsed (True: the scan is complete, not waiting for a late load)."""
        extraction = self.options.extraction
        if not self.options.prefilter or must_parse(path, content, language, extraction):
            return self.extract(path, content, language), True
        return unparsed_scan(path, content, language, self.options.max_file_size)

    def close(self) -> None:
        if self.cache is not None:
            with contextlib.suppress(CacheError):
                self.cache.write(self.pending, ())
            self.cache.close()
        self.pending.clear()

    def report_at(self, commit: Commit, plan: TrackingPlan | None, reader: BlobReader) -> Report:
        files = list_tree(self.repo, commit.sha, self.subdirectory, self.options.discover)
        scans: dict[str, FileScan] = {}
        complete: dict[str, FileScan] = {}
        blobs: dict[str, str] = {}
        sources: list[SourceFile] = []
        for tree_file in files:
            key = (tree_file.blob, tree_file.path)
            found = self.first_pass.get(key)
            if found is None:
                content = reader.read(tree_file.blob)
                if content is None:
                    continue
                found = self.first_look(tree_file.path, content, tree_file.language)
                self.first_pass[key] = found
            scan, is_complete = found
            scans[tree_file.path] = scan
            if is_complete:
                complete[tree_file.path] = scan
            blobs[tree_file.path] = tree_file.blob
            sources.append(SourceFile(tree_file.path, tree_file.path, tree_file.language))

        def load(wanted: Sequence[SourceFile]) -> list[FileScan]:
            """Files the prefilter passed over, extracted when a call uses their names."""
            loaded = []
            for source in wanted:
                key = (blobs[source.path], source.path)
                content = reader.read(blobs[source.path]) or b""
                scan = self.extract(source.path, content, source.language)
                self.first_pass[key] = (scan, True)
                loaded.append(scan)
            return loaded

        def rescan(path: str, content: bytes, language: Language, options: ScanOptions) -> FileScan:
            # Extracted again with the names of wrappers found: memoized by what it depends on.
            key = (blobs[path], path, options.extraction.for_file(path, content).key())
            if key not in self.memo:
                self.memo[key] = self.extract(path, content, language, options)
            return self.memo[key]

        index = FileIndex(sources, complete, load)
        resolution = link(scans, lambda path: reader.read(blobs[path]), self.options, rescan, index)
        problems = sorted(
            (p for scan in scans.values() for p in scan.problems),
            key=lambda p: (p.path, p.line or 0),
        )
        meta = ReportMeta(
            root=self.subdirectory or ".",
            tool_version=self.tool_version,
            generated_at=commit.date,
            commit=commit.sha,
        )
        return match(plan, resolution.calls, problems, meta, wrappers=resolution.wrappers)


def owner_summaries(report: Report) -> tuple[tuple[str, Summary], ...]:
    """Per-owner planned/implemented counts (calls are not attributed to owners)."""
    by_owner: dict[str, list[EventResult]] = {}
    for event in report.events:
        by_owner.setdefault(event.event.owner or "", []).append(event)
    return tuple(
        (owner, summarize(tuple(events), (), ())) for owner, events in sorted(by_owner.items())
    )


def implemented_names(report: Report) -> set[str]:
    return {e.event.name for e in report.events if e.status is EventStatus.IMPLEMENTED}


def plan_from_commit(repo: Path, plan_path: str) -> PlanAt:
    """The plan as it was at each commit (`--plan-at-commit`); None where it did not exist."""

    def plan_at(commit: Commit) -> TrackingPlan | None:
        content = file_at(repo, commit.sha, plan_path)
        if content is None:
            return None
        suffix = Path(plan_path).suffix
        with tempfile.TemporaryDirectory() as directory:
            copy = Path(directory) / f"plan{suffix}"
            copy.write_bytes(content)
            try:
                return load_plan(copy, f"{plan_path}@{commit.sha[:7]}")
            except PlanError:
                return None  # a broken plan at an old commit: that point has no plan

    return plan_at


def history(
    scanner: HistoryScanner, commits: list[Commit], plan_at: PlanAt
) -> tuple[list[HistoryPoint], Report | None]:
    """One point per commit, oldest first, and the full report of the newest commit."""
    points: list[HistoryPoint] = []
    previous: set[str] = set()
    report: Report | None = None
    with BlobReader(scanner.repo) as reader, contextlib.closing(scanner):
        for commit in commits:
            report = scanner.report_at(commit, plan_at(commit), reader)
            implemented = implemented_names(report)
            points.append(
                HistoryPoint(
                    commit=commit.sha,
                    date=commit.date,
                    subject=commit.subject,
                    summary=report.summary,
                    owners=owner_summaries(report),
                    landed=tuple(sorted(implemented - previous)) if points else (),
                    regressed=tuple(sorted(previous - implemented)),
                )
            )
            previous = implemented
    return points, report


def sample(commits: list[Commit], every: int | None, max_points: int | None) -> list[Commit]:
    """Every Nth commit, or an even spread of at most `max_points`; always the newest one."""
    if not commits:
        return []
    if every and every > 1:
        chosen = commits[::-1][::every][::-1]
    elif max_points and len(commits) > max_points > 1:
        step = (len(commits) - 1) / (max_points - 1)
        chosen = [commits[round(i * step)] for i in range(max_points)]
    else:
        chosen = list(commits)
    if chosen[-1] is not commits[-1]:
        chosen.append(commits[-1])
    return chosen
