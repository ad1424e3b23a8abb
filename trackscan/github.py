"""A small GitHub REST client: just enough to keep one sticky pull-request comment up to date.

Standard library only (urllib): one dependency less in every CI job that posts a comment.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

DEFAULT_API_URL = "https://api.github.com"
MARKER = "<!-- trackscan-report -->"
DEFAULT_AUTHOR = "github-actions[bot]"
# GitHub rejects bodies over 65,536 characters ("Body is too long").
MAX_COMMENT_CHARS = 65_536
_NEXT_LINK = re.compile(r'<([^>]+)>;\s*rel="next"')


class GitHubError(Exception):
    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class CommentForbidden(GitHubError):
    """The token may not comment: a pull request from a fork, or missing permissions."""


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    headers: dict[str, str]
    data: Any


@dataclass(frozen=True, slots=True)
class Outcome:
    action: str  # "created", "updated" or "unchanged"
    url: str | None


def marker_for(comment_id: str | None) -> str:
    """The hidden first line; an id keeps several reports (monorepo, matrix) apart."""
    if not comment_id:
        return MARKER
    safe = re.sub(r"[^A-Za-z0-9_.\-]", "-", comment_id)
    return f"<!-- trackscan-report id={safe} -->"


def with_marker(body: str, marker: str) -> str:
    """`body` with `marker` as its first line (replacing a default marker already there)."""
    lines = body.split("\n", 1)
    if lines[0].startswith("<!-- trackscan-report"):
        body = lines[1] if len(lines) > 1 else ""
    return f"{marker}\n{body}"


def fit_comment(body: str, limit: int = MAX_COMMENT_CHARS) -> str:
    """A last guard on size: renderers budget their sections; this cuts what still overflows."""
    if len(body) <= limit:
        return body
    note = "\n\n… the report was cut to fit GitHub's comment size limit; see the full report.\n"
    cut = body[: limit - len(note)]
    # Never leave an unclosed <details>: close every one the cut left open.
    open_details = cut.count("<details") - cut.count("</details>")
    closing = "\n</details>" * max(open_details, 0)
    return cut[: limit - len(note) - len(closing)] + closing + note


Sleep = Callable[[float], None]


class GitHubClient:
    """REST calls with retries on 5xx and rate limits, and a clear error otherwise."""

    def __init__(
        self,
        token: str,
        api_url: str = DEFAULT_API_URL,
        attempts: int = 3,
        sleep: Sleep = time.sleep,
        timeout: float = 30.0,
    ) -> None:
        self.token = token
        self.api_url = api_url.rstrip("/")
        self.attempts = attempts
        self.sleep = sleep
        self.timeout = timeout

    def request(self, method: str, url: str, body: dict[str, Any] | None = None) -> Response:
        if url.startswith("/"):
            url = self.api_url + url
        data = json.dumps(body).encode() if body is not None else None
        last_error = ""
        for attempt in range(1, self.attempts + 1):
            request = urllib.request.Request(url, data=data, method=method, headers=self._headers())
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    payload = response.read()
                    return Response(
                        response.status,
                        {k.lower(): v for k, v in response.headers.items()},
                        json.loads(payload) if payload else None,
                    )
            except urllib.error.HTTPError as error:
                detail = _error_message(error)
                retry_after = _retry_delay(error, attempt)
                if retry_after is None or attempt == self.attempts:
                    raise self._error(method, url, error.code, detail) from None
                last_error = f"{error.code} {detail}"
                self.sleep(retry_after)
            except (urllib.error.URLError, TimeoutError, OSError) as error:
                reason = getattr(error, "reason", error)
                last_error = str(reason)
                if attempt == self.attempts:
                    raise GitHubError(f"cannot reach {self.api_url}: {reason}") from None
                self.sleep(2.0 ** (attempt - 1))
        raise GitHubError(f"{method} {url} failed: {last_error}")  # pragma: no cover

    def _headers(self) -> dict[str, str]:
        return {
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {self.token}",
            "X-GitHub-Api-Version": "2022-11-28",
            "User-Agent": "trackscan",
            "Content-Type": "application/json",
        }

    def _error(self, method: str, url: str, status: int, detail: str) -> GitHubError:
        path = url[len(self.api_url) :] if url.startswith(self.api_url) else url
        message = f"GitHub API {method} {path.split('?')[0]} returned {status}: {detail}"
        if status == 403:
            return CommentForbidden(message, status)
        return GitHubError(message, status)

    def paginate(self, url: str) -> Iterator[Any]:
        next_url: str | None = url
        while next_url:
            response = self.request("GET", next_url)
            yield from response.data or []
            match = _NEXT_LINK.search(response.headers.get("link", ""))
            next_url = match.group(1) if match else None


def _error_message(error: urllib.error.HTTPError) -> str:
    try:
        data = json.loads(error.read() or b"{}")
    except (ValueError, OSError):
        return error.reason or ""
    return str(data.get("message", error.reason)) if isinstance(data, dict) else str(error.reason)


def _retry_delay(error: urllib.error.HTTPError, attempt: int) -> float | None:
    """Seconds to wait before retrying, or None when retrying cannot help."""
    rate_limited = error.code == 429 or (
        error.code == 403 and error.headers.get("x-ratelimit-remaining") == "0"
    )
    if error.code >= 500 or rate_limited:
        retry_after = error.headers.get("retry-after")
        if retry_after and retry_after.isdigit():
            return min(float(retry_after), 60.0)
        return 2.0 ** (attempt - 1)
    return None


def upsert_comment(
    client: GitHubClient, repo: str, pr: int, body: str, marker: str, author: str
) -> Outcome:
    """Edit the comment that carries `marker` and was written by `author`, or create one.

    Reads every page of comments (30 a page by default; we ask for 100) so a long pull request
    never gets a second comment.
    """
    comments_url = f"/repos/{repo}/issues/{pr}/comments"
    for comment in client.paginate(f"{comments_url}?per_page=100"):
        text = comment.get("body") or ""
        login = (comment.get("user") or {}).get("login")
        if text.split("\n", 1)[0].strip() == marker and login == author:
            if text == body:
                return Outcome("unchanged", comment.get("html_url"))
            response = client.request(
                "PATCH", f"/repos/{repo}/issues/comments/{comment['id']}", {"body": body}
            )
            return Outcome("updated", (response.data or {}).get("html_url"))
    response = client.request("POST", comments_url, {"body": body})
    return Outcome("created", (response.data or {}).get("html_url"))
