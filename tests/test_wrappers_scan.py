"""Wrapper rounds in a real scan: with the prefilter, the cache, processes and shards.

A file that calls a wrapper need not mention any SDK: the prefilter must let the rounds
parse it once the wrapper's name is known, the cache must key its result by the names it
spells, and every shard must see the wrappers and call sites of the others.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from scanner import ScanOptions, scan
from scanner.model import ScanResult, Shard

FILES = {
    # the only file that names the SDK
    "lib/segment_wrapper.py": """
        from segment import analytics


        def track_event(user, name, props=None):
            analytics.track(user, name, props)
    """,
    # a wrapper of the wrapper, and its callers: none of them mentions the SDK
    "lib/events.py": """
        from lib.segment_wrapper import track_event


        def track_step(user, step):
            track_event(user, step, {"flow": "checkout"})
    """,
    "app/views.py": """
        from lib.events import track_step
        from lib.segment_wrapper import track_event

        track_event("u", "Signed Up", {"plan": "pro"})
        track_step("u", "Step Viewed")
    """,
    "app/unrelated.py": "def add(a, b):\n    return a + b\n",
    "web/track.ts": "export const trackEvent = (name: string) => window.analytics.track(name)\n",
    "web/page.ts": "import { trackEvent } from './track'\ntrackEvent('Page Opened')\n",
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for name, text in FILES.items():
        path = tmp_path / "repo" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return tmp_path / "repo"


def found(result: ScanResult) -> list[tuple[str, str | None, bool]]:
    return [(c.location.path, c.event, c.forwarding) for c in result.calls]


EXPECTED = [
    ("app/views.py", "Signed Up", False),
    ("app/views.py", "Step Viewed", False),
    ("lib/events.py", None, True),
    ("lib/segment_wrapper.py", None, True),
    ("web/page.ts", "Page Opened", False),
    ("web/track.ts", None, True),
]


def test_the_prefilter_lets_the_rounds_parse_callers_that_never_name_the_sdk(repo: Path) -> None:
    fast = scan(repo, ScanOptions(jobs=1, strict=True))
    full = scan(repo, ScanOptions(jobs=1, strict=True, prefilter=False))
    assert found(fast) == found(full) == EXPECTED
    assert fast.stats.skipped >= 3  # the callers were not parsed in the first pass


def test_a_warm_cache_gives_the_same_calls(repo: Path, tmp_path: Path) -> None:
    options = ScanOptions(jobs=1, strict=True, cache_dir=tmp_path / "cache")
    cold = scan(repo, options)
    warm = scan(repo, options)
    assert found(cold) == found(warm) == EXPECTED
    assert warm.stats.cached == warm.stats.files - warm.stats.skipped
    # a wrapper renamed: its callers are keyed by the names they spell, and change too
    wrapper = repo / "lib" / "segment_wrapper.py"
    wrapper.write_text(wrapper.read_text().replace("analytics.track(user, name", "print(name"))
    changed = scan(repo, options)
    assert [c for c in found(changed) if c[0].startswith(("app", "lib"))] == []


def test_processes_give_the_same_calls(repo: Path) -> None:
    assert found(scan(repo, ScanOptions(jobs=2, strict=True))) == EXPECTED


@pytest.mark.parametrize("count", [2, 3])
def test_each_shard_sees_the_wrappers_of_the_others(repo: Path, count: int) -> None:
    calls = []
    for index in range(1, count + 1):
        part = scan(repo, ScanOptions(jobs=1, strict=True, shard=Shard(index, count)))
        calls += found(part)
        assert [w.name for w in part.wrappers] == ["track_step", "track_event", "trackEvent"]
    assert sorted(calls) == EXPECTED
