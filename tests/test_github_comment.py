"""The sticky comment upsert, against a fake GitHub API on 127.0.0.1 that records requests."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from trackscan.github import (
    MARKER,
    CommentForbidden,
    GitHubClient,
    GitHubError,
    fit_comment,
    marker_for,
    upsert_comment,
    with_marker,
)

BOT = "github-actions[bot]"
PREFIX = "/api/v3"  # as on GitHub Enterprise: GITHUB_API_URL carries a path


@dataclass
class FakeGitHub:
    comments: list[dict[str, Any]] = field(default_factory=list)
    requests: list[tuple[str, str, Any]] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)  # statuses to answer with first
    forbid_writes: bool = False
    page_size_cap: int = 100
    url: str = ""

    def comment(self, body: str, login: str = BOT) -> None:
        number = len(self.comments) + 1
        self.comments.append(
            {
                "id": number,
                "body": body,
                "user": {"login": login},
                "html_url": f"https://github.test/c/{number}",
            }
        )


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    fake = FakeGitHub()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def reply(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def handle_any(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length)) if length else None
            fake.requests.append((method, self.path, body))
            assert self.headers["Authorization"] == "Bearer secret-token"
            if fake.failures:
                self.reply(fake.failures.pop(0), {"message": "Server Error"}, {"Retry-After": "0"})
                return
            path, _, query = self.path.partition("?")
            path = path.removeprefix(PREFIX)
            if method == "GET" and path.endswith("/comments"):
                params = dict(p.split("=") for p in query.split("&") if p)
                per_page = min(int(params.get("per_page", 30)), fake.page_size_cap)
                page = int(params.get("page", 1))
                chunk = fake.comments[(page - 1) * per_page : page * per_page]
                headers = {}
                if page * per_page < len(fake.comments):
                    headers["Link"] = (
                        f'<{fake.url}{path}?per_page={per_page}&page={page + 1}>; rel="next"'
                    )
                self.reply(200, chunk, headers)
            elif fake.forbid_writes:
                self.reply(403, {"message": "Resource not accessible by integration"})
            elif method == "POST":
                fake.comment(body["body"])
                self.reply(201, fake.comments[-1])
            elif method == "PATCH":
                number = int(path.rsplit("/", 1)[1])
                fake.comments[number - 1]["body"] = body["body"]
                self.reply(200, fake.comments[number - 1])

        def do_GET(self) -> None:
            self.handle_any("GET")

        def do_POST(self) -> None:
            self.handle_any("POST")

        def do_PATCH(self) -> None:
            self.handle_any("PATCH")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()


def client(fake: FakeGitHub) -> GitHubClient:
    return GitHubClient("secret-token", fake.url, sleep=lambda seconds: None)


BODY = f"{MARKER}\n### Tracking plan: 80.0% implemented\n"


def test_creates_a_comment_when_none_is_marked(github: FakeGitHub) -> None:
    github.comment("Looks good to me")
    outcome = upsert_comment(client(github), "o/r", 7, BODY, MARKER, BOT)
    assert outcome.action == "created"
    assert [(m, p.split("?")[0]) for m, p, _ in github.requests] == [
        ("GET", f"{PREFIX}/repos/o/r/issues/7/comments"),
        ("POST", f"{PREFIX}/repos/o/r/issues/7/comments"),
    ]
    assert github.comments[-1]["body"] == BODY


def test_updates_the_marked_comment_found_on_a_later_page(github: FakeGitHub) -> None:
    github.page_size_cap = 30
    for i in range(45):
        github.comment(f"chatter {i}", login="someone")
    github.comment(f"{MARKER}\nold report")
    for i in range(20):
        github.comment(f"more chatter {i}", login="someone")
    outcome = upsert_comment(client(github), "o/r", 7, BODY, MARKER, BOT)
    assert outcome.action == "updated"
    assert sum(1 for m, _, _ in github.requests if m == "GET") == 2
    patches = [(p, b) for m, p, b in github.requests if m == "PATCH"]
    assert patches == [(f"{PREFIX}/repos/o/r/issues/comments/46", {"body": BODY})]
    assert len(github.comments) == 66, "never a second comment"


def test_unchanged_body_is_not_patched(github: FakeGitHub) -> None:
    github.comment(BODY)
    assert upsert_comment(client(github), "o/r", 7, BODY, MARKER, BOT).action == "unchanged"
    assert [m for m, _, _ in github.requests] == ["GET"]


def test_marker_from_another_author_is_not_ours(github: FakeGitHub) -> None:
    github.comment(f"{MARKER}\nquoted by a human", login="mallory")
    assert upsert_comment(client(github), "o/r", 7, BODY, MARKER, BOT).action == "created"
    assert github.comments[0]["body"].endswith("quoted by a human")


def test_marker_ids_keep_reports_apart(github: FakeGitHub) -> None:
    github.comment(with_marker(BODY, marker_for("web")))
    api = marker_for("api")
    outcome = upsert_comment(client(github), "o/r", 7, with_marker(BODY, api), api, BOT)
    assert outcome.action == "created" and len(github.comments) == 2


def test_server_errors_are_retried(github: FakeGitHub) -> None:
    github.failures = [502, 503]
    assert upsert_comment(client(github), "o/r", 7, BODY, MARKER, BOT).action == "created"
    assert [m for m, _, _ in github.requests] == ["GET", "GET", "GET", "POST"]


def test_persistent_server_errors_are_reported(github: FakeGitHub) -> None:
    github.failures = [500, 500, 500]
    with pytest.raises(GitHubError, match="returned 500"):
        upsert_comment(client(github), "o/r", 7, BODY, MARKER, BOT)


def test_forbidden_is_its_own_error(github: FakeGitHub) -> None:
    github.forbid_writes = True
    with pytest.raises(CommentForbidden, match="Resource not accessible by integration"):
        upsert_comment(client(github), "o/r", 7, BODY, MARKER, BOT)


def test_unreachable_api_is_a_clear_error() -> None:
    dead = GitHubClient("t", "http://127.0.0.1:9", sleep=lambda s: None, timeout=2)
    with pytest.raises(GitHubError, match="cannot reach"):
        upsert_comment(dead, "o/r", 1, BODY, MARKER, BOT)


def test_command_posts_and_handles_forbidden(
    run_trackscan, github: FakeGitHub, monkeypatch, tmp_path: Path
) -> None:
    body = tmp_path / "comment.md"
    body.write_text("### Tracking plan: 100.0% implemented\n")
    monkeypatch.setenv("GITHUB_TOKEN", "secret-token")
    monkeypatch.setenv("GITHUB_API_URL", github.url)
    monkeypatch.setattr("trackscan.github.time.sleep", lambda s: None)
    run = run_trackscan("comment", "--body-file", body, "--repo", "o/r", "--pr", "3")
    assert run.code == 0, run.stderr
    assert "comment created" in run.stderr
    assert github.comments[0]["body"].startswith(MARKER + "\n### Tracking plan")

    github.forbid_writes = True
    body.write_text("### changed\n")
    saved = tmp_path / "saved.md"
    run = run_trackscan(
        "comment", "--body-file", body, "--repo", "o/r", "--pr", "3", "--output-file", saved
    )
    assert run.code == 0
    assert "cannot comment on o/r#3" in run.stderr and "two-workflow" in run.stderr
    assert saved.read_text().startswith(MARKER)


def test_command_reads_the_pull_request_from_the_event(
    run_trackscan, github: FakeGitHub, monkeypatch, tmp_path: Path
) -> None:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": 12}}))
    body = tmp_path / "b.md"
    body.write_text("hello\n")
    for key, value in {
        "GITHUB_TOKEN": "secret-token",
        "GITHUB_API_URL": github.url,
        "GITHUB_REPOSITORY": "o/r",
        "GITHUB_EVENT_PATH": str(event),
    }.items():
        monkeypatch.setenv(key, value)
    assert run_trackscan("comment", "--body-file", body).code == 0
    assert github.requests[0][1].startswith(f"{PREFIX}/repos/o/r/issues/12/comments")


@pytest.mark.parametrize("missing", ["GITHUB_TOKEN", "GITHUB_REPOSITORY"])
def test_command_needs_token_and_repo(
    run_trackscan, monkeypatch, tmp_path: Path, missing: str
) -> None:
    body = tmp_path / "b.md"
    body.write_text("x\n")
    monkeypatch.setenv("GITHUB_TOKEN", "t")
    monkeypatch.setenv("GITHUB_REPOSITORY", "o/r")
    monkeypatch.delenv(missing)
    run = run_trackscan("comment", "--body-file", body, "--pr", "1")
    assert run.code == 2 and ("no token" in run.stderr or "no repository" in run.stderr)


def test_command_renders_the_report_with_links_and_id(run_trackscan, tmp_path: Path) -> None:
    report = Path(__file__).parent / "fixtures" / "reports-shop" / "expected" / "report.json"
    data = json.loads(report.read_text())
    data["root"], data["commit"] = "services/shop", "abc1234"
    copy = tmp_path / "r.json"
    copy.write_text(json.dumps(data))
    run = run_trackscan(
        "comment",
        "--report",
        copy,
        "--dry-run",
        "--id",
        "shop",
        "--source-url",
        "https://github.test/o/r/blob/{commit}/{path}#L{line}",
    )
    assert run.code == 0, run.stderr
    assert run.stdout.startswith("<!-- trackscan-report id=shop -->\n### Tracking plan")
    assert "(https://github.test/o/r/blob/abc1234/services/shop/shop/accounts.py#L17)" in run.stdout


def test_command_rejects_a_file_that_is_not_a_report(run_trackscan, tmp_path: Path) -> None:
    bad = tmp_path / "r.json"
    bad.write_text("{}")
    run = run_trackscan("comment", "--report", bad, "--dry-run")
    assert run.code == 2 and "not a trackscan JSON report" in run.stderr


def test_fit_comment_keeps_details_balanced() -> None:
    body = MARKER + "\n" + "<details><summary>x</summary>\n\n" + "row\n" * 30_000
    fitted = fit_comment(body)
    assert len(fitted) <= 65_536
    assert fitted.count("<details") == fitted.count("</details>")
    assert "cut to fit" in fitted
