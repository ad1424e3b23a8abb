"""HEAD's commit read from a repository's files agrees with `git rev-parse HEAD`."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from trackscan.git_head import AskGit, head_commit
from trackscan.settings import git_commit

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "app").mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    (root / "app" / "views.py").write_text("x = 1\n")
    git(root, "add", ".")
    git(root, "commit", "-qm", "first")
    (root / "app" / "views.py").write_text("x = 2\n")
    git(root, "commit", "-qam", "second")
    return root


def test_a_branch_in_a_loose_ref_and_then_packed(repo: Path) -> None:
    expected = git(repo, "rev-parse", "HEAD")
    assert head_commit(repo / "app") == expected  # from a folder inside the work tree
    git(repo, "pack-refs", "--all")
    assert not (repo / ".git" / "refs" / "heads" / "main").exists()
    assert head_commit(repo) == expected


def test_a_detached_head(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD~1")
    git(repo, "checkout", "-q", "--detach", first)
    assert head_commit(repo) == first


def test_a_worktree_reads_its_own_head(repo: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    git(repo, "worktree", "add", "-q", "-b", "side", str(other), "HEAD~1")
    assert (other / ".git").is_file()
    assert head_commit(other) == git(other, "rev-parse", "HEAD") == git(repo, "rev-parse", "HEAD~1")
    assert head_commit(repo) == git(repo, "rev-parse", "HEAD")


def test_what_the_files_cannot_tell_is_left_to_git(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty"
    git(tmp_path, "init", "-q", str(empty))
    with pytest.raises(AskGit):  # an unborn branch: no commit yet
        head_commit(empty)
    assert git_commit(empty) is None  # nor does git name one
    monkeypatch.setenv("GIT_DIR", str(repo / ".git"))
    with pytest.raises(AskGit):
        head_commit(empty)
    assert git_commit(empty) == git(repo, "rev-parse", "HEAD")  # git follows GIT_DIR


def test_outside_any_repository(tmp_path: Path) -> None:
    outside = subprocess.run(
        ["git", "-C", str(tmp_path), "rev-parse", "--git-dir"], capture_output=True, check=False
    )
    if outside.returncode == 0:
        pytest.skip("the temporary directory is inside a repository")
    assert head_commit(tmp_path) is None
    assert git_commit(tmp_path) is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
def test_a_git_file_that_is_not_a_regular_file_is_left_to_git(tmp_path: Path) -> None:
    """A pipe named `.git` would block a reader: it is never opened."""
    os.mkfifo(tmp_path / ".git")
    with pytest.raises(AskGit):
        head_commit(tmp_path)
