"""`trackscan history` on a repository the test builds commit by commit."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

PLAN = "events:\n  - {name: Signed Up, owner: growth}\n  - {name: Order Completed, owner: checkout}\n  - {name: Cart Viewed, owner: checkout}\n"
CALL = 'analytics.track("u", "{}")\n'
PRELUDE = "from segment import analytics\n"


def git(repo: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env
    ).stdout


def commit(repo: Path, message: str, date: str, files: dict[str, str | None]) -> str:
    for name, text in files.items():
        path = repo / name
        if text is None:
            git(repo, "rm", "-q", name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        git(repo, "add", name)
    env_date = f"{date}T12:00:00+00:00"
    os.environ["GIT_COMMITTER_DATE"] = env_date
    os.environ["GIT_AUTHOR_DATE"] = env_date
    try:
        git(repo, "commit", "-q", "-m", message)
    finally:
        del os.environ["GIT_COMMITTER_DATE"], os.environ["GIT_AUTHOR_DATE"]
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, list[str]]:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    shas = [
        commit(repo, "plan only", "2026-01-05", {"tracking-plan.yaml": PLAN}),
        commit(
            repo, "sign up", "2026-01-12", {"app/signup.py": PRELUDE + CALL.format("Signed Up")}
        ),
        commit(
            repo,
            "orders",
            "2026-01-19",
            {"app/orders.py": PRELUDE + CALL.format("Order Completed") + CALL.format("order done")},
        ),
        commit(
            repo,
            "rename module",
            "2026-01-26",
            {"app/orders.py": None, "app/checkout.py": PRELUDE + CALL.format("Order Completed")},
        ),
        commit(repo, "drop sign up", "2026-02-02", {"app/signup.py": None}),
    ]
    git(repo, "tag", "v1", shas[2])
    git(repo, "tag", "v2", shas[4])
    return repo, shas


def series(run_trackscan, repo: Path, *args: str) -> list[dict]:
    run = run_trackscan("history", repo, "--json", "-", *args)
    assert run.code == 0, run.stderr
    return json.loads(run.stdout)["points"]


def test_series_point_by_point(run_trackscan, repo) -> None:
    path, shas = repo
    points = series(run_trackscan, path)
    assert [p["commit"] for p in points] == shas
    assert [p["date"][:10] for p in points] == [
        "2026-01-05",
        "2026-01-12",
        "2026-01-19",
        "2026-01-26",
        "2026-02-02",
    ]
    assert [p["summary"]["implemented"] for p in points] == [0, 1, 2, 2, 1]
    assert [p["summary"]["coverage"] for p in points] == [0.0, 33.33, 66.67, 66.67, 33.33]
    assert [p["summary"]["unplanned"] for p in points] == [0, 0, 1, 0, 0]
    assert [p["landed"] for p in points] == [[], ["Signed Up"], ["Order Completed"], [], []]
    assert [p["regressed"] for p in points] == [[], [], [], [], ["Signed Up"]]
    assert points[2]["owners"] == {
        "checkout": {"planned": 2, "implemented": 1, "missing": 1},
        "growth": {"planned": 1, "implemented": 1, "missing": 0},
    }


def test_work_tree_is_never_read_or_touched(run_trackscan, repo) -> None:
    path, _ = repo
    dirty = path / "app" / "checkout.py"
    dirty.write_text(PRELUDE + CALL.format("Cart Viewed"))  # uncommitted
    (path / "app" / "new.py").write_text(PRELUDE + CALL.format("Signed Up"))  # untracked
    before = {p: p.read_bytes() for p in path.rglob("*") if p.is_file() and ".git" not in p.parts}
    points = series(run_trackscan, path)
    assert points[-1]["summary"]["implemented"] == 1, "only committed content counts"
    after = {p: p.read_bytes() for p in path.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert before == after
    assert git(path, "status", "--porcelain").splitlines() == [
        " M app/checkout.py",
        "?? app/new.py",
    ]


def test_plan_at_commit(run_trackscan, repo) -> None:
    path, _ = repo
    (path / "tracking-plan.yaml").write_text(PLAN + "  - {name: Refund Issued}\n")
    git(path, "commit", "-qam", "plan grows")
    now = series(run_trackscan, path)
    then = series(run_trackscan, path, "--plan-at-commit")
    assert [p["summary"]["planned"] for p in now] == [4] * 6
    assert [p["summary"]["planned"] for p in then] == [3, 3, 3, 3, 3, 4]


def test_tags_every_and_since(run_trackscan, repo) -> None:
    path, shas = repo
    assert [p["commit"] for p in series(run_trackscan, path, "--tags")] == [shas[2], shas[4]]
    assert [p["commit"] for p in series(run_trackscan, path, "--every", "2")] == [
        shas[0],
        shas[2],
        shas[4],
    ]
    assert [p["commit"] for p in series(run_trackscan, path, "--since", "2026-01-20")] == [
        shas[3],
        shas[4],
    ]
    assert len(series(run_trackscan, path, "--max-points", "3")) == 3


def test_unchanged_files_are_parsed_once(run_trackscan, repo) -> None:
    path, _ = repo
    run = run_trackscan("history", path)
    # signup.py (1 blob), orders.py (1), checkout.py (1): 3 parses for 5 points
    assert "5 points, 3 files parsed, 0 from the cache" in run.stderr


def test_outside_a_repository_is_a_clear_error(run_trackscan, tmp_path: Path) -> None:
    run = run_trackscan("history", tmp_path)
    assert run.code == 2 and "git rev-parse" in run.stderr


def test_html_report_has_the_trend_and_escapes_commit_subjects(
    run_trackscan, repo, tmp_path: Path
) -> None:
    path, shas = repo
    (path / "app" / "x.py").write_text(PRELUDE + CALL.format("Cart Viewed"))
    git(path, "add", "app/x.py")
    git(path, "commit", "-qm", "<img src=x onerror=alert(1)> cart")
    out = tmp_path / "history.html"
    run = run_trackscan(
        "history",
        path,
        "-q",
        "--html",
        out,
        "--source-url",
        "https://github.test/o/r/blob/{commit}/{path}#L{line}",
    )
    assert run.code == 0, run.stderr
    page = out.read_text()
    assert page.count('<section class="panel trend"') == 1
    assert f'href="https://github.test/o/r/commit/{shas[1]}"' in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt; cart" in page
    assert "http://" not in page.replace("http://www.w3.org", "")


def test_a_second_run_reads_the_content_cache(run_trackscan, repo, tmp_path: Path) -> None:
    path, _ = repo
    cache = tmp_path / "cache"
    first = run_trackscan("history", path, "--cache-dir", cache, "--json", tmp_path / "1.json")
    assert first.code == 0 and "3 files parsed, 0 from the cache" in first.stderr
    second = run_trackscan("history", path, "--cache-dir", cache, "--json", tmp_path / "2.json")
    assert "0 files parsed, 3 from the cache" in second.stderr
    assert (tmp_path / "1.json").read_text() == (tmp_path / "2.json").read_text()
    third = run_trackscan("history", path, "--no-cache", "--cache-dir", cache)
    assert "3 files parsed, 0 from the cache" in third.stderr


def test_wrapper_rounds_read_the_content_cache_too(run_trackscan, tmp_path: Path) -> None:
    """The files extracted again with a wrapper's name (a later linking round) are cached
    like the others: a second run parses nothing."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "plan", "2026-01-05", {"tracking-plan.yaml": PLAN})
    wrapper = PRELUDE + 'def track_event(name):\n    analytics.track("u", name)\n'
    commit(repo, "wrapper", "2026-01-12", {"app/tracking.py": wrapper})
    caller = 'from app.tracking import track_event\ntrack_event("Cart Viewed")\n'
    commit(repo, "caller", "2026-01-19", {"app/views.py": caller})
    cache = tmp_path / "cache"
    first = run_trackscan("history", repo, "--cache-dir", cache, "--json", tmp_path / "1.json")
    assert first.code == 0, first.stderr
    points = json.loads((tmp_path / "1.json").read_text())["points"]
    assert [p["summary"]["implemented"] for p in points] == [0, 0, 1]
    second = run_trackscan("history", repo, "--cache-dir", cache, "--json", tmp_path / "2.json")
    assert "0 files parsed" in second.stderr, second.stderr
    assert (tmp_path / "1.json").read_text() == (tmp_path / "2.json").read_text()


def test_files_that_cannot_hold_a_call_are_parsed_only_when_a_call_needs_them(
    run_trackscan, tmp_path: Path
) -> None:
    """As in a scan: the constants module is loaded because a call imports it; the broken
    file and the unrelated one are never parsed, so the broken one is no error."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit(
        repo,
        "first",
        "2026-01-05",
        {
            "tracking-plan.yaml": PLAN,
            "app/events.py": 'class Events:\n    SIGNED_UP = "Signed Up"\n',
            "app/views.py": PRELUDE + "from app.events import Events\n"
            'analytics.track("u", Events.SIGNED_UP)\n',
            "app/unrelated.py": "def add(a, b):\n    return a + b\n",
            "legacy/broken.py": "def broken(:\n",
        },
    )
    run = run_trackscan("history", repo, "--no-cache", "--json", tmp_path / "h.json")
    assert run.code == 0, run.stderr
    (point,) = json.loads((tmp_path / "h.json").read_text())["points"]
    assert point["summary"]["implemented"] == 1
    assert point["summary"]["errors"] == 0
    assert "2 files parsed" in run.stderr, run.stderr  # views.py, then events.py for its name
