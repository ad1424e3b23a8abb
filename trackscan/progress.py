"""A progress bar on stderr, for scans on a terminal that take more than a moment.

It appears only after `DELAY` seconds, so quick scans print nothing extra, and it is
transient: it disappears when the scan ends, leaving the summary as the only output.
"""

from __future__ import annotations

import os
import time
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class ProgressBar:
    DELAY = 1.0  # seconds before the bar appears

    def __init__(self, stream: TextIO, enabled: bool = True) -> None:
        self.stream = stream
        self.enabled = enabled
        self.started = time.monotonic()
        self.bar: Progress | None = None
        self.task_id: TaskID | None = None

    @staticmethod
    def wanted(stream: TextIO) -> bool:
        """Only for a person watching a terminal: never in CI logs or redirected output."""
        try:
            interactive = stream.isatty()
        except (AttributeError, ValueError):
            return False
        return interactive and os.environ.get("TERM") != "dumb"

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if done >= total or time.monotonic() - self.started < self.DELAY:
                return
            # rich is imported only for a bar shown: most scans end before one is.
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self.bar = Progress(
                TextColumn("scanning"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("files"),
                TimeElapsedColumn(),
                console=Console(file=self.stream, stderr=True),
                transient=True,
            )
            self.task_id = self.bar.add_task("scan", total=total)
            self.bar.start()
        assert self.task_id is not None
        self.bar.update(self.task_id, completed=done, total=total)

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
