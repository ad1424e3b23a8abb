"""Errors that stop a run: a broken plan or configuration (exit 2).

A source file that cannot be read or parsed is never an exception: it becomes a `Problem`
in the report and the scan goes on.
"""

from __future__ import annotations


class TrackscanError(Exception):
    """An error the user can fix, reported as one line per message, never as a traceback."""

    slug = "error"

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class ConfigError(TrackscanError):
    slug = "config-error"


class PlanError(TrackscanError):
    """One or more problems in a plan file; `details` holds every message found."""

    slug = "plan-error"

    def __init__(
        self,
        message: str,
        path: str | None = None,
        line: int | None = None,
        details: tuple[TrackscanError, ...] = (),
    ) -> None:
        super().__init__(message, path, line)
        self.details = details or (TrackscanError(message, path, line),)
