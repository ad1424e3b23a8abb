"""The per-file cache: hits, misses, corruption, foreign entries, concurrent runs."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

import scanner
from scanner import ScanOptions, scan
from scanner import serialize as codec
from scanner.model import FileScan, Language, ScanResult

FIXTURES = Path(__file__).parent / "fixtures"
LAZY = FIXTURES / "python-lazy-definitions"


def copy_fixture(tmp_path: Path, name: str = "python-lazy-definitions") -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / name, root, ignore=shutil.ignore_patterns("expected"))
    return root


def cached_scan(root: Path, cache: Path, **options: object) -> ScanResult:
    return scan(root, ScanOptions(jobs=1, cache_dir=cache, strict=True, **options))  # type: ignore[arg-type]


def same_findings(a: ScanResult, b: ScanResult) -> bool:
    return a.calls == b.calls and a.problems == b.problems


def test_second_run_reads_every_file_from_the_cache(tmp_path: Path) -> None:
    root, cache = copy_fixture(tmp_path), tmp_path / "cache"
    cold = cached_scan(root, cache)
    warm = cached_scan(root, cache)
    assert cold.stats.cached == 0
    # Every file is read from the cache but those that cannot hold a call: never parsed.
    assert warm.stats.skipped > 0
    assert warm.stats.cached == warm.stats.files - warm.stats.skipped
    assert warm.stats.files == cold.stats.files
    assert same_findings(cold, warm)
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    tag = (cache / "CACHEDIR.TAG").read_text()
    assert tag.startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_a_changed_file_is_scanned_again_and_its_new_content_counts(tmp_path: Path) -> None:
    root, cache = copy_fixture(tmp_path), tmp_path / "cache"
    cached_scan(root, cache)
    views = root / "app" / "views.py"
    views.write_text(views.read_text().replace("Events.SIGNED_UP)", '"Signed Up Renamed")'))
    warm = cached_scan(root, cache)
    assert warm.stats.cached == warm.stats.files - warm.stats.skipped - 1
    assert "Signed Up Renamed" in {call.event for call in warm.calls}
    assert same_findings(warm, scan(root, ScanOptions(jobs=1, strict=True)))


def test_a_changed_constant_in_an_unparsed_file_is_seen(tmp_path: Path) -> None:
    root, cache = copy_fixture(tmp_path), tmp_path / "cache"
    cached_scan(root, cache)
    names = root / "app" / "constants" / "names.py"
    names.write_text('CART_VIEWED = "Basket Viewed"\n')
    warm = cached_scan(root, cache)
    assert "Basket Viewed" in {call.event for call in warm.calls}
    assert "Cart Viewed" not in {call.event for call in warm.calls}


def test_options_that_change_extraction_are_part_of_the_key(tmp_path: Path) -> None:
    root, cache = copy_fixture(tmp_path), tmp_path / "cache"
    cached_scan(root, cache)
    small = cached_scan(root, cache, max_file_size=10)
    assert small.stats.cached == 0
    assert any(p.kind.value == "file-too-large" for p in small.problems)


def test_a_corrupt_database_is_ignored_and_rebuilt(tmp_path: Path) -> None:
    root, cache = copy_fixture(tmp_path), tmp_path / "cache"
    expected = cached_scan(root, cache)
    (cache / "cache.sqlite3").write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        (cache / f"cache.sqlite3{suffix}").unlink(missing_ok=True)
    rebuilt = cached_scan(root, cache)
    assert same_findings(expected, rebuilt)
    assert rebuilt.warnings == ()
    assert cached_scan(root, cache).stats.cached == expected.stats.files - expected.stats.skipped


def test_a_damaged_or_foreign_entry_is_never_used(tmp_path: Path) -> None:
    root, cache = copy_fixture(tmp_path), tmp_path / "cache"
    expected = cached_scan(root, cache)
    with sqlite3.connect(cache / "cache.sqlite3") as db:
        rows = db.execute("SELECT key, value FROM entries").fetchall()
        # Every entry swapped for another file's entry (digest and all): each one is valid
        # data for some file, but never for the file its key belongs to.
        rotated = [value for _, value in rows[1:] + rows[:1]]
        for (key, _), value in zip(rows, rotated, strict=True):
            digest = hashlib.sha256(value).digest()[:16]
            db.execute(
                "UPDATE entries SET value = ?, digest = ? WHERE key = ?", (value, digest, key)
            )
        # And one entry damaged in place without fixing its digest.
        db.execute("UPDATE entries SET value = ? WHERE key = ?", (b"1{}", rows[0][0]))
    again = cached_scan(root, cache)
    assert again.stats.cached == 0
    assert same_findings(expected, again)
    assert cached_scan(root, cache).stats.cached == expected.stats.files - expected.stats.skipped


def test_internal_errors_are_not_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, cache = copy_fixture(tmp_path), tmp_path / "cache"

    def crash(path: str, content: bytes) -> FileScan:
        raise RuntimeError("boom")

    monkeypatch.setitem(scanner.EXTRACTORS, Language.PYTHON, crash)
    broken = scan(root, ScanOptions(jobs=1, cache_dir=cache))
    assert any(p.kind.value == "internal-error" for p in broken.problems)
    monkeypatch.undo()
    fixed = scan(root, ScanOptions(jobs=1, cache_dir=cache))
    assert not any(p.kind.value == "internal-error" for p in fixed.problems)
    assert same_findings(fixed, scan(root, ScanOptions(jobs=1)))


def test_concurrent_runs_share_one_cache_safely(tmp_path: Path) -> None:
    root, cache = copy_fixture(tmp_path), tmp_path / "cache"
    command = [sys.executable, "-m", "trackscan", str(root), "-q", "--jobs", "1"]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "0"}
    runs = [
        subprocess.Popen(
            [*command, "--cache-dir", str(cache), "--json", str(tmp_path / f"run{n}.json")],
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in range(4)
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=120)
        assert run.returncode == 0, stderr
        assert "warning" not in stderr
    reports = [json.loads((tmp_path / f"run{n}.json").read_text()) for n in range(4)]
    assert all(report == reports[0] for report in reports)
    stats = cached_scan(root, cache).stats
    assert stats.cached == len(list(root.rglob("*.py"))) - stats.skipped


def test_an_unusable_cache_directory_is_a_warning(tmp_path: Path, run_trackscan) -> None:
    root = copy_fixture(tmp_path)
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    run = run_trackscan(root, "--cache-dir", blocker / "cache", "-q")
    assert run.code == 0
    assert "warning: cannot create cache directory" in run.stderr
    assert "scanning without a cache" in run.stderr


def test_no_cache_writes_nothing(tmp_path: Path, run_trackscan) -> None:
    root = copy_fixture(tmp_path)
    run = run_trackscan(root, "--no-cache", "--cache-dir", tmp_path / "cache", "-q")
    assert run.code == 0
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize("case", sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()))
def test_every_file_scan_survives_the_cache_codec_and_pickling(case: str) -> None:
    for file in scan(FIXTURES / case, ScanOptions(jobs=1, prefilter=False)).files:
        assert codec.decode(codec.encode(file)) == file
        assert pickle.loads(pickle.dumps(file)) == file


@pytest.mark.parametrize(
    "data",
    [
        b'{"$": "system", "v": "echo"}',
        b'{"$": "Problem", "path": "x", "line": 1, "kind": "parse-error", "message": "m"}',
        b'{"$": "FileScan", "path": "x", "language": {"$": "Language", "v": "cobol"}}',
        b'{"$": "FileScan", "path": "x", "no_such_field": 1}',
        b"[" * 100000,
        b"\xff",
    ],
    ids=["unknown-type", "not-a-file-scan", "bad-enum", "bad-field", "deep", "not-json"],
)
def test_the_codec_rejects_anything_but_a_file_scan(data: bytes) -> None:
    with pytest.raises(ValueError):
        codec.decode(data)


@dataclass(frozen=True)
class _NotOurs:
    path: str


@pytest.mark.parametrize(
    "value", [object(), {"path": "x"}, _NotOurs("x"), (1, _NotOurs("x")), b"bytes"]
)
def test_the_codec_encodes_nothing_but_model_values(value: object) -> None:
    with pytest.raises(TypeError):
        codec.encode(value)


def test_the_code_fingerprint_changes_with_any_source_change(tmp_path: Path) -> None:
    from scanner.fingerprint import code_fingerprint, sources_fingerprint

    package = tmp_path / "scanner"
    (package / "sub").mkdir(parents=True)
    (package / "api.py").write_text("X = 1\n")
    (package / "sub" / "walk.py").write_text("Y = 2\n")
    (package / "notes.txt").write_text("not code")
    before = sources_fingerprint(package, "3.11;libcst=1.5;")
    assert sources_fingerprint(package, "3.11;libcst=1.5;") == before
    assert sources_fingerprint(package, "3.12;libcst=1.5;") != before  # another Python
    (package / "notes.txt").write_text("still not code")
    assert sources_fingerprint(package, "3.11;libcst=1.5;") == before
    for change in (
        lambda: (package / "api.py").write_text("X = 2\n"),  # one byte
        lambda: (package / "sub" / "walk.py").rename(package / "sub" / "walk2.py"),
        lambda: (package / "new.py").write_text(""),  # an empty file still counts
    ):
        change()
        after = sources_fingerprint(package, "3.11;libcst=1.5;")
        assert after != before
        before = after
    assert code_fingerprint() == code_fingerprint()
