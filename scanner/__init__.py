"""trackscan's scanner: discover files → extract calls → resolve names (→ match).

The entry points live in `scanner.api` and are read from here (`scanner.scan`,
`scanner.ScanOptions` …), imported on first use: a process that only starts the workers
(`scanner.workers`) must not pay for the rest of the scanner first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scanner.api import (
        EXTRACTORS,
        Extractor,
        Rescan,
        ScanOptions,
        link,
        problem_order,
        scan,
        scan_bytes,
        snapshots_for,
        worker_config,
    )

__all__ = [
    "EXTRACTORS",
    "Extractor",
    "Rescan",
    "ScanOptions",
    "link",
    "problem_order",
    "scan",
    "scan_bytes",
    "snapshots_for",
    "worker_config",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from scanner import api

        return getattr(api, name)
    raise AttributeError(f"module 'scanner' has no attribute {name!r}")
