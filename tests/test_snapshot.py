"""The tree snapshot: a scan of an unchanged tree reads no file; any change is seen."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from test_discover import write_file_named_in_latin1

import scanner.api
import scanner.discover
import scanner.snapshot
import scanner.tasks
from scanner import ScanOptions, scan, snapshots_for
from scanner.discover import DiscoverOptions
from scanner.model import ScanResult

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(
        FIXTURES / "python-lazy-definitions", root, ignore=shutil.ignore_patterns("expected")
    )
    (root / ".git").mkdir()  # the checkout's top: .gitignore files above it do not count
    return root


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Count files the test has just written as settled (not racy), so snapshots are kept."""
    monkeypatch.setattr(scanner.snapshot, "RACY_SECONDS", -3600)


def cached_scan(root: Path, cache: Path, **options: object) -> ScanResult:
    return scan(root, ScanOptions(jobs=1, cache_dir=cache, strict=True, **options))  # type: ignore[arg-type]


def findings(result: ScanResult) -> tuple[object, ...]:
    return (result.calls, result.problems, result.wrappers)


def events(result: ScanResult) -> set[str | None]:
    return {call.event for call in result.calls}


def no_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(absolute: str, relative: str, size: int | None = None) -> bytes:
        raise AssertionError(f"{relative} was read")

    monkeypatch.setattr(scanner.tasks, "read_source", refuse)


def test_an_unchanged_tree_is_answered_without_reading_a_file(
    repo: Path, tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cold = cached_scan(repo, cache)
    assert not cold.stats.reused and cold.calls
    no_reads(monkeypatch)

    def no_listing(*args: object) -> None:
        raise AssertionError("the tree was walked: its stamps should have told")

    monkeypatch.setattr(scanner.api, "discover", no_listing)
    warm = cached_scan(repo, cache)
    assert warm.stats.reused
    assert findings(warm) == findings(cold)
    assert warm.stats.files == cold.stats.files


def test_a_file_changed_in_place_is_seen_even_with_its_old_size_and_mtime(
    repo: Path, tmp_path: Path, settled: None
) -> None:
    cache = tmp_path / "cache"
    cached_scan(repo, cache)
    views = repo / "app" / "views.py"
    before = views.stat()
    text = views.read_text()
    changed = text.replace("(user.id, CART_VIEWED)", '(user.id, "Cart View")')
    assert changed != text and len(changed) == len(text)
    time.sleep(0.05)  # past the clock tick the copy was made in: the ctime must move
    views.write_text(changed)
    os.utime(views, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `touch -r` would
    warm = cached_scan(repo, cache)
    assert not warm.stats.reused
    assert "Cart View" in events(warm) and "Cart Viewed" not in events(warm)


def test_added_and_removed_files_are_seen(repo: Path, tmp_path: Path, settled: None) -> None:
    cache = tmp_path / "cache"
    cached_scan(repo, cache)
    extra = repo / "app" / "extra.py"
    extra.write_text('import analytics\nanalytics.track("u", "Extra Happened")\n')
    added = cached_scan(repo, cache)
    assert not added.stats.reused and "Extra Happened" in events(added)
    again = cached_scan(repo, cache)
    assert again.stats.reused and "Extra Happened" in events(again)
    extra.unlink()
    removed = cached_scan(repo, cache)
    assert not removed.stats.reused and "Extra Happened" not in events(removed)


def test_a_new_gitignore_rule_is_seen(repo: Path, tmp_path: Path, settled: None) -> None:
    cache = tmp_path / "cache"
    cold = cached_scan(repo, cache)
    assert any(call.location.path == "app/views.py" for call in cold.calls)
    (repo / "app" / ".gitignore").write_text("views.py\n")
    ignored = cached_scan(repo, cache)
    assert not ignored.stats.reused
    assert not any(call.location.path == "app/views.py" for call in ignored.calls)


def test_a_touched_directory_with_the_same_files_still_reuses_the_result(
    repo: Path, tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cold = cached_scan(repo, cache)
    (repo / "report.json").write_text("{}")  # not a source file, but the root's mtime moves
    no_reads(monkeypatch)
    warm = cached_scan(repo, cache)
    assert warm.stats.reused and findings(warm) == findings(cold)


def test_files_changed_just_now_get_no_snapshot(repo: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cached_scan(repo, cache)  # the copy is seconds old at most: racy, as git calls it
    assert not list((cache / scanner.snapshot.FOLDER).glob(f"*{scanner.snapshot.SUFFIX}"))
    assert not cached_scan(repo, cache).stats.reused


def test_a_directory_changed_just_now_is_walked_again_and_then_trusted(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As on a first scan with the default cache, made in the root: every file settled, the
    # root itself changed a moment ago.
    root_stamp = scanner.discover.stamp_of(repo.stat())
    real_settled = scanner.snapshot.settled
    monkeypatch.setattr(scanner.snapshot, "RACY_SECONDS", -3600)
    monkeypatch.setattr(
        scanner.snapshot,
        "settled",
        lambda stamp, started_ns: stamp != root_stamp and real_settled(stamp, started_ns),
    )
    cache = tmp_path / "cache"
    cold = cached_scan(repo, cache)
    assert list((cache / scanner.snapshot.FOLDER).glob(f"*{scanner.snapshot.SUFFIX}")), (
        "saved, the root unknown"
    )
    walks: list[Path] = []
    real_discover = scanner.api.discover

    def counting_discover(root: Path, options: DiscoverOptions) -> object:
        walks.append(root)
        return real_discover(root, options)

    monkeypatch.setattr(scanner.api, "discover", counting_discover)
    monkeypatch.setattr(scanner.snapshot, "settled", real_settled)  # settled by now
    no_reads(monkeypatch)
    second = cached_scan(repo, cache)
    assert second.stats.reused and findings(second) == findings(cold)
    assert len(walks) == 1, "the unknown directory is walked again"
    third = cached_scan(repo, cache)
    assert third.stats.reused and len(walks) == 1, "saved again with its stamp: no walk"


def test_a_damaged_snapshot_is_ignored_and_replaced(
    repo: Path, tmp_path: Path, settled: None
) -> None:
    cache = tmp_path / "cache"
    cold = cached_scan(repo, cache)
    [saved] = (cache / scanner.snapshot.FOLDER).glob(f"*{scanner.snapshot.SUFFIX}")
    data = saved.read_bytes()
    header, _, rest = data.partition(b"\n")
    fields = json.loads(header)
    other_order = {**fields, "byteorder": "big" if sys.byteorder == "little" else "little"}
    older = {**fields, "format": scanner.snapshot.FORMAT - 1}
    for damaged in (
        data[: len(data) // 2],
        data.replace(b"Cart Viewed", b"Cart Vexed!"),
        b"\x00",
        json.dumps(other_order).encode() + b"\n" + rest,  # stamps from another machine
        json.dumps(older).encode() + b"\n" + rest,
    ):
        saved.write_bytes(damaged)
        result = cached_scan(repo, cache)
        assert not result.stats.reused and findings(result) == findings(cold)
        rewritten = snapshots_for(repo, ScanOptions(cache_dir=cache)).read()  # type: ignore[union-attr]
        assert rewritten is not None and findings(rewritten.result()) == findings(cold)  # type: ignore[arg-type]


def test_other_options_and_roots_have_their_own_snapshots(
    repo: Path, tmp_path: Path, settled: None
) -> None:
    cache = tmp_path / "cache"
    cached_scan(repo, cache)
    assert not cached_scan(repo, cache, max_file_size=10).stats.reused
    no_gitignore = DiscoverOptions(respect_gitignore=False)
    assert not cached_scan(repo, cache, discover=no_gitignore).stats.reused
    other = tmp_path / "other"
    shutil.copytree(repo, other)
    assert not cached_scan(other, cache).stats.reused
    options = ScanOptions(cache_dir=cache)
    assert snapshots_for(repo, options) != snapshots_for(other, options)
    assert snapshots_for(repo, options) == snapshots_for(repo, ScanOptions(cache_dir=cache, jobs=3))


def test_no_cache_no_snapshot(repo: Path, settled: None) -> None:
    assert snapshots_for(repo, ScanOptions()) is None
    assert not scan(repo, ScanOptions(jobs=1)).stats.reused


@pytest.mark.parametrize("fixture", ["reports-shop", "broken-inputs", "js-monorepo"])
def test_the_cli_reports_the_same_from_a_snapshot(
    fixture: str,
    run_trackscan: object,
    tmp_path: Path,
    settled: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = FIXTURES / fixture
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    cold = run_trackscan(root, "--json", first, "-q")  # type: ignore[operator]
    no_reads(monkeypatch)
    warm = run_trackscan(root, "--json", second, "-q")  # type: ignore[operator]
    assert (warm.code, warm.stdout, warm.stderr) == (cold.code, cold.stdout, cold.stderr)
    assert second.read_text() == first.read_text()


def test_installed_versions_agree_with_importlib_metadata() -> None:
    import importlib.metadata

    from scanner.fingerprint import LIBRARIES, installed_versions

    versions = installed_versions(LIBRARIES)
    assert versions == {name: importlib.metadata.version(name) for name in LIBRARIES}
    assert installed_versions(("no-such-distribution",)) == {}


def test_snapshots_unused_for_a_month_are_removed(
    repo: Path, tmp_path: Path, settled: None
) -> None:
    cache = tmp_path / "cache"
    folder = cache / scanner.snapshot.FOLDER
    folder.mkdir(parents=True)
    stale, recent = folder / f"{'0' * 32}.json", folder / f"{'1' * 32}.json"
    for old in (stale, recent):
        old.write_text("{}")
    month_ago = time.time() - 31 * 86400
    os.utime(stale, (month_ago, month_ago))
    cached_scan(repo, cache)
    names = sorted(path.name for path in folder.iterdir())
    assert stale.name not in names
    assert recent.name in names and len(names) == 2  # with this scan's own


def record_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    real = scanner.tasks.read_source

    def reading(absolute: str, relative: str, size: int | None = None) -> bytes | object:
        read.append(relative)
        return real(absolute, relative, size)

    monkeypatch.setattr(scanner.tasks, "read_source", reading)
    return read


def test_after_an_edit_in_place_only_files_that_may_matter_are_read(
    repo: Path, tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    cached_scan(repo, cache)
    views = repo / "app" / "views.py"
    views.write_text(views.read_text().replace("(user.id, CART_VIEWED)", '(user.id, "Edited")'))
    unrelated = repo / "legacy" / "unrelated.py"
    unrelated.write_text(unrelated.read_text() + "\nanalytics.track('u', 'Now Tracked')\n")
    expected = scan(repo, ScanOptions(jobs=1, strict=True))
    read = record_reads(monkeypatch)
    monkeypatch.setattr(scanner.api, "discover", lambda *args: pytest.fail("the tree was walked"))
    warm = cached_scan(repo, cache)
    assert not warm.stats.reused
    assert {"Edited", "Now Tracked"} <= events(warm)
    assert findings(warm) == findings(expected)
    # Unchanged files without a needle are not even read; the changed ones are.
    assert "app/views.py" in read and "legacy/unrelated.py" in read
    assert "legacy/broken.py" not in read


def test_a_rule_in_a_gitignore_above_the_root_is_seen(
    repo: Path, tmp_path: Path, settled: None
) -> None:
    cache, root = tmp_path / "cache", repo / "app"
    cold = cached_scan(root, cache)
    assert any(call.location.path == "views.py" for call in cold.calls)
    assert cached_scan(root, cache).stats.reused
    (repo / ".gitignore").write_text("app/views.py\n")
    ignored = cached_scan(root, cache)
    assert not ignored.stats.reused
    assert not any(call.location.path == "views.py" for call in ignored.calls)
    (repo / ".gitignore").write_text("# nothing ignored\n")  # in place: only its stamp moves
    again = cached_scan(root, cache)
    assert not again.stats.reused and findings(again) == findings(cold)


def test_a_file_that_became_a_directory_is_walked_again(
    repo: Path, tmp_path: Path, settled: None
) -> None:
    cache = tmp_path / "cache"
    cached_scan(repo, cache)
    views = repo / "app" / "views.py"
    views.unlink()
    views.mkdir()
    (views / "inner.py").write_text('import analytics\nanalytics.track("u", "Inside")\n')
    result = cached_scan(repo, cache)
    assert not result.stats.reused
    assert {call.location.path for call in result.calls if call.event == "Inside"} == {
        "app/views.py/inner.py"
    }


def test_a_file_name_that_is_not_utf8_still_gets_its_result_reused(
    repo: Path, tmp_path: Path, settled: None
) -> None:
    write_file_named_in_latin1(repo)
    cache = tmp_path / "cache"
    cold = cached_scan(repo, cache)
    assert "Odd" in events(cold)
    warm = cached_scan(repo, cache)  # the stamps cannot find it by its shown name: walked
    assert warm.stats.reused and findings(warm) == findings(cold)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
def test_the_stamps_a_recheck_takes_are_those_discovery_took(tmp_path: Path) -> None:
    """`_stamps_now` inlines `stamp_of`: were they to differ, no snapshot would ever hold."""
    (tmp_path / "app.py").write_text("x = 1\n")
    (tmp_path / "pkg").mkdir()
    os.mkfifo(tmp_path / "pipe")
    names = ["app.py", "pkg", "pipe", "gone.py"]
    now = scanner.snapshot._stamps_now(str(tmp_path / name) for name in names)
    absent = (0,) * scanner.snapshot.STAMP_FIELDS
    expected = [
        *scanner.discover.stamp_of((tmp_path / "app.py").stat()),
        *scanner.discover.stamp_of((tmp_path / "pkg").stat()),
        *absent,  # neither a file nor a directory
        *absent,
    ]
    assert list(now) == expected
