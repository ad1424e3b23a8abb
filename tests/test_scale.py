"""Speed features never change a result: --jobs, the prefilter, --shard with merge."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
from test_fixtures import case_args

import scanner.cache
import scanner.parallel
import scanner.snapshot
import scanner.tasks
from scanner import ScanOptions, scan
from scanner.discover import discover
from scanner.index import FileIndex
from scanner.model import ProblemKind, ScanResult, Static
from scanner.prefilter import PYTHON_PREFILTER, python_needles, python_syntax_ok
from scanner.python import extract_python
from scanner.resolve import PythonNamespace
from scanner.sdks import PYTHON_SEGMENT
from scanner.shard import parse_shard, shard_of
from trackscan.progress import ProgressBar

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected").is_dir())


def findings(result: ScanResult) -> tuple[object, ...]:
    return (result.calls, result.problems)


def without_syntax_errors_of_unparsed_files(full: ScanResult, fast: ScanResult) -> object:
    """`full`'s findings less the syntax errors of files the prefiltered scan never parsed
    (by default, a file that cannot hold a call is not parsed: its errors change nothing)."""
    parsed = {f.path for f in fast.files if f.calls or f.definitions.constants or f.problems}
    kept = tuple(
        p for p in full.problems if p.kind is not ProblemKind.PARSE_ERROR or p.path in parsed
    )
    return (full.calls, kept)


def check_prefilter(root: Path) -> None:
    """The prefilter changes nothing with --check-syntax, and by default drops only the
    syntax errors of files that cannot hold a call."""
    full = scan(root, ScanOptions(jobs=1, strict=True, prefilter=False))
    checked = scan(root, ScanOptions(jobs=1, strict=True, check_syntax=True))
    assert findings(checked) == findings(full)
    fast = scan(root, ScanOptions(jobs=1, strict=True))
    assert findings(fast) == without_syntax_errors_of_unparsed_files(full, fast)


# -- the prefilter ---------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_prefilter_changes_no_result_on_any_fixture(case: str) -> None:
    check_prefilter(FIXTURES / case)


def test_check_syntax_reports_errors_in_files_that_cannot_hold_a_call(
    run_trackscan, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(FIXTURES / "python-lazy-definitions")
    errors = {}
    for flags in ([], ["--check-syntax"]):
        report = tmp_path / "report.json"
        run = run_trackscan(".", "--no-cache", "--json", report, *flags)
        assert run.code == 0, run.stderr
        errors[bool(flags)] = [e["path"] for e in json.loads(report.read_text())["errors"]]
    assert errors == {False: [], True: ["legacy/broken.py"]}
    config = tmp_path / "trackscan.toml"
    config.write_text("check_syntax = true\n")
    run = run_trackscan(".", "--no-cache", "--config", config, "--json", tmp_path / "c.json")
    assert "legacy/broken.py" in (tmp_path / "c.json").read_text(), run.stderr


def test_the_lazy_fixture_really_exercises_lazy_definitions() -> None:
    result = scan(FIXTURES / "python-lazy-definitions", ScanOptions(jobs=1, strict=True))
    # events.py, constants/*, labels.py: not parsed up front, loaded because calls import them
    assert result.stats.skipped >= 6
    assert result.stats.loaded_for_definitions >= 4
    # legacy/unrelated.py is never parsed at all
    assert result.stats.skipped - result.stats.loaded_for_definitions >= 1


TRICKY_REPOS = {
    "same qualified name from a class and a submodule": {
        # Discovered first, loaded first: the later file (the submodule) must still win.
        "pkg/__init__.py": "",
        "pkg/a/__init__.py": 'class b:\n    X = "From Class"\n',
        "pkg/a/b.py": 'X = "From Submodule"\n',
        "use.py": "import analytics\nfrom pkg.a import b\nanalytics.track('u', b.X)\n",
    },
    "alias chain through three unparsed modules": {
        "one.py": "from two import NAME as FIRST\n",
        "two.py": "from three import NAME\n",
        "three.py": 'NAME = "Deep " + "Name"\n',
        "use.py": (
            "from segment import analytics\nfrom one import FIRST\nanalytics.track('u', FIRST)\n"
        ),
    },
    "constant defined in a file with a syntax error": {
        "names.py": 'NAME = "Broken"\ndef f(:\n',
        "use.py": "import analytics\nfrom names import NAME\nanalytics.track('u', NAME)\n",
    },
    "a module whose path names the SDK": {
        "segment/__init__.py": "",
        "segment/analytics.py": "def track(*args):\n    pass\n\ntrack('u', 'Inside The SDK')\n",
    },
    "cookie and non-ASCII text": {
        "names.py": '# -*- coding: latin-1 -*-\nNAME = "Caf\xe9 Opened"\n',
        "use.py": "import analytics\nfrom names import NAME\nanalytics.track('u', NAME)\n",
    },
    "star import cycle": {
        "a.py": "from b import *\nA = 'A'\n",
        "b.py": "from a import *\nB = 'B'\n",
        "use.py": "import analytics\nimport a\nanalytics.track('u', a.B)\n",
    },
}


@pytest.mark.parametrize("files", TRICKY_REPOS.values(), ids=TRICKY_REPOS.keys())
def test_prefilter_changes_no_result_on_tricky_layouts(
    tmp_path: Path, files: dict[str, str]
) -> None:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("latin-1" if "latin-1" in text else "utf-8"))
    check_prefilter(tmp_path)
    assert scan(tmp_path, ScanOptions(jobs=1, strict=True)).calls, "each layout has a call"


@pytest.mark.parametrize("first", ["pkg.a", "pkg.a.b"])
def test_the_later_file_wins_whatever_order_modules_load_in(first: str) -> None:
    """An eager load (every file, in discovery order) lets the later definition win."""
    scans = [
        extract_python("pkg/a/__init__.py", b'class b:\n    X = "From Class"\n'),
        extract_python("pkg/a/b.py", b'X = "From Submodule"\n'),
    ]
    namespace = PythonNamespace(FileIndex.of(scans))
    namespace._load_module(first)
    assert namespace.lookup("py:pkg.a.b.X") == Static("From Submodule")


def test_python_needles_are_derived_from_the_sdk() -> None:
    assert python_needles([PYTHON_SEGMENT]) == (b"analytics",)


@pytest.mark.parametrize(
    ("path", "code", "expected"),
    [
        ("app/views.py", "import analytics\n", True),
        ("app/views.py", "from segment import analytics as seg\n", True),
        ("app/views.py", "client = Client('key')  # from segment.analytics\n", True),
        ("analytics/events.py", "SIGNED_UP = 'Signed Up'\n", True),  # the path names it
        ("app/events.py", "SIGNED_UP = 'Signed Up'\n", False),
        ("app/tracker.py", "tracker.track('Signed Up')\n", False),
    ],
)
def test_may_have_calls(path: str, code: str, expected: bool) -> None:
    assert PYTHON_PREFILTER.may_have_calls(path, code.encode()) is expected


@pytest.mark.parametrize(
    ("path", "code", "expected"),
    [
        ("src/app.js", 'import { AnalyticsBrowser } from "@segment/analytics-next";\n', True),
        ("src/app.js", 'const a = require("analytics-node");\n', True),
        ("src/analytics/index.js", "export const x = 1;\n", True),  # the path names it
        ("src/app.js", 'import { track } from "@vendor/tracking";\ntrack("A");\n', False),
        ("src/app.js", "myTracker.trackEvent('A');\n", True),  # a configured callee
    ],
)
def test_javascript_files_are_ruled_out_by_the_fewest_needles(
    path: str, code: str, expected: bool
) -> None:
    from scanner.model import Language
    from scanner.options import CallPattern, ExtractOptions
    from scanner.prefilter import _fewest, must_parse, needles_for

    extraction = ExtractOptions(calls=(CallPattern("myTracker.trackEvent"),))
    needles = needles_for(Language.JAVASCRIPT, extraction)
    assert needles is not None and len(_fewest(needles)) < len(needles)
    assert must_parse(path, code.encode(), Language.JAVASCRIPT, extraction) is expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        (b"x = 1\n", True),
        (b"def f(:\n", False),
        (b"print 'python 2'\n", False),
        (b"# -*- coding: latin-1 -*-\nx = 'caf\xe9'\n", True),  # CPython decodes it
        (b"# -*- coding: utf-7 -*-\nx = 1\n", False),  # odd encodings go to libcst
        (b"\xff\xfex\x00", False),
    ],
)
def test_python_syntax_check(code: bytes, expected: bool) -> None:
    assert python_syntax_ok("x.py", code) is expected


@pytest.mark.parametrize(
    ("head", "parsed"),
    [
        (b"# -*- coding: utf-8 -*-\n", False),
        (b"#!/usr/bin/env python\n# vim: set fileencoding=latin-1 :\n", False),
        (b"# coding=cp1252\n", False),
        (b"# Decoding and encoding of bytes\n", False),  # not a cookie
        (b"x = 1\n# coding: utf-8\n", False),
        # The text may spell `analytics` without its ASCII bytes: parsed to be sure.
        (b"# -*- coding: utf-7 -*-\n", True),
        (b"# coding: cp500\n", True),  # EBCDIC
        (b"# coding: no-such-codec\n", True),
    ],
)
def test_a_coding_cookie_hides_needles_only_if_its_encoding_may(head: bytes, parsed: bool) -> None:
    """A file with a cookie naming UTF-8 or Latin-1 is ruled out like any other; UTF-7 can
    spell `a` as `+AGE-`."""
    from scanner.model import Language
    from scanner.options import ExtractOptions
    from scanner.prefilter import must_parse

    code = head + b"def view():\n    return render()\n"
    assert must_parse("app/views.py", code, Language.PYTHON, ExtractOptions()) is parsed
    assert b"+AGE-nalytics".decode("utf-7") == "analytics"


# -- processes ---------------------------------------------------------------------------


@pytest.fixture
def pool_always(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Use the process pool even for a handful of files; count the pools started."""
    monkeypatch.setattr(scanner.parallel, "MIN_PARALLEL_FILES", 1)
    monkeypatch.setattr(scanner.parallel, "PARSED_HERE_AT_MOST", 0)
    started: list[int] = []
    real_pool = scanner.parallel.Runner.started_pool

    def counting_pool(self: scanner.parallel.Runner) -> object:
        if self.pool is None:
            started.append(self.jobs)
        return real_pool(self)

    monkeypatch.setattr(scanner.parallel.Runner, "started_pool", counting_pool)
    return started


@pytest.mark.parametrize("case", CASES)
def test_jobs_1_and_jobs_2_give_identical_reports(
    case: str, run_trackscan, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, pool_always
) -> None:
    monkeypatch.chdir(FIXTURES / case)
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}.json"
        extra = case_args(FIXTURES / case)
        run = run_trackscan(".", "--jobs", jobs, "--no-cache", "--json", out, *extra)
        if run.code == 2:
            pytest.skip("the case stops before scanning")
        assert "warning" not in run.stderr
        outputs.append(out.read_text() if out.exists() else run.stdout)
    assert outputs[0] == outputs[1]
    assert pool_always == [2]


def test_workers_are_renewed_and_results_stay_in_order(
    monkeypatch: pytest.MonkeyPatch, pool_always: list[int]
) -> None:
    monkeypatch.setattr(scanner.parallel, "RENEW_ABOVE_BYTES", 1)  # after every chunk
    root = FIXTURES / "python-lazy-definitions"
    result = scan(root, ScanOptions(jobs=2, strict=True))
    assert findings(result) == findings(scan(root, ScanOptions(jobs=1, strict=True)))
    assert len(pool_always) >= 2  # 12 one-file chunks: the pool was renewed at least once
    assert result.warnings == ()


def test_without_processes_the_scan_runs_in_one(
    monkeypatch: pytest.MonkeyPatch, pool_always: list[int]
) -> None:
    def no_semaphores(self: object) -> object:
        raise OSError("[Errno 38] Function not implemented")

    monkeypatch.setattr(scanner.parallel.Runner, "started_pool", no_semaphores)
    root = FIXTURES / "python-lazy-definitions"
    result = scan(root, ScanOptions(jobs=2, strict=True))
    assert findings(result) == findings(scan(root, ScanOptions(jobs=1, strict=True)))
    assert result.warnings == (
        "cannot scan in parallel ([Errno 38] Function not implemented); scanning in one process",
    )


def test_a_warm_scan_starts_no_worker(
    tmp_path: Path, pool_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scanner.snapshot, "RACY_SECONDS", 10**9)  # no snapshot: the cache's work
    root = FIXTURES / "python-lazy-definitions"
    options = ScanOptions(jobs=2, strict=True, cache_dir=tmp_path / "cache")
    cold = scan(root, options)
    assert pool_always == [2]
    warm = scan(root, options)
    assert findings(warm) == findings(cold)
    assert warm.stats.cached == warm.stats.files - warm.stats.skipped
    assert pool_always == [2], "every file came from the cache, looked up in this process"


def test_a_warm_scan_after_an_edit_parses_the_file_here(
    tmp_path: Path, pool_always: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scanner.parallel, "PARSED_HERE_AT_MOST", 7)
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "python-lazy-definitions", root)
    options = ScanOptions(jobs=2, strict=True, cache_dir=tmp_path / "cache")
    scan(root, options)
    pools = len(pool_always)
    views = root / "app" / "views.py"
    views.write_text(views.read_text().replace("(user.id, CART_VIEWED)", '(user.id, "Edited")'))
    looked_up = record_lookups(monkeypatch)
    warm = scan(root, options)
    assert looked_up.count("app/views.py") == 1, "parsed from the bytes read for the lookup"
    assert len(pool_always) == pools, "one file to parse: parsed here, no worker started"
    assert warm.stats.parsed - warm.stats.cached == 1
    assert "Edited" in {call.event for call in warm.calls}
    assert findings(warm) == findings(scan(root, ScanOptions(jobs=1, strict=True)))


def record_lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths this process reads and looks up (worker processes are not patched)."""
    looked_up: list[str] = []
    real_lookup = scanner.tasks.FileScanner.lookup

    def lookup(
        self: scanner.tasks.FileScanner, task: scanner.tasks.FileTask, ask_cache: bool = True
    ) -> object:
        looked_up.append(task.source.path)
        return real_lookup(self, task, ask_cache)

    monkeypatch.setattr(scanner.tasks.FileScanner, "lookup", lookup)
    return looked_up


def test_files_are_read_here_and_only_those_that_need_parsing_go_to_the_workers(
    monkeypatch: pytest.MonkeyPatch, pool_always: list[int]
) -> None:
    root = FIXTURES / "python-lazy-definitions"
    looked_up = record_lookups(monkeypatch)
    result = scan(root, ScanOptions(jobs=2, strict=True))
    monkeypatch.undo()
    assert findings(result) == findings(scan(root, ScanOptions(jobs=1, strict=True)))
    first_pass = looked_up[: result.stats.files]
    assert sorted(first_pass) == sorted(scan_file.path for scan_file in result.files)
    # `legacy/latin1.py` has a Latin-1 cookie and no needle: ruled out like the others.
    assert result.stats.parsed == 2 and result.stats.skipped == 10
    assert pool_always == [2]  # the two files that can hold calls were parsed there


def test_workers_with_nothing_to_parse_are_handed_files_from_the_end_to_read(
    monkeypatch: pytest.MonkeyPatch, pool_always: list[int]
) -> None:
    monkeypatch.setattr(scanner.parallel, "HANDED_OUT", 2)
    monkeypatch.setattr(scanner.parallel, "HUNGER_CHECK_EVERY", 1)
    monkeypatch.setattr(scanner.parallel, "STREAMED_CHUNK", 1)  # so the pool starts at once
    root = FIXTURES / "python-lazy-definitions"
    looked_up = record_lookups(monkeypatch)
    result = scan(root, ScanOptions(jobs=2, strict=True))
    monkeypatch.undo()
    files = sorted(scan_file.path for scan_file in result.files)
    here = looked_up[: len(files)]
    assert len(set(here)) < len(files), "the workers read some of the files"
    last = max(files.index(path) for path in here)
    assert set(here) == set(files[: last + 1]), "this process reads from the front only"
    assert findings(result) == findings(scan(root, ScanOptions(jobs=1, strict=True)))


def test_once_the_workers_run_a_chunk_of_files_to_parse_closes_at_its_byte_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pool_always: list[int]
) -> None:
    monkeypatch.setattr(scanner.parallel, "STREAMED_CHUNK", 3)
    monkeypatch.setattr(scanner.parallel, "STREAMED_CHUNK_BYTES", 200)
    for number in range(7):
        padding = "x = 1\n" * (10 if number % 2 else 60)  # 60 to 360 bytes a file
        text = f'import analytics\n{padding}analytics.track("u", "Event {number}")\n'
        (tmp_path / f"view{number}.py").write_text(text)
    sizes: list[int] = []
    real_close = scanner.parallel._Feed._close_chunk

    def recording_close(feed: scanner.parallel._Feed) -> None:
        if feed.chunk:
            sizes.append(len(feed.chunk))
        real_close(feed)

    monkeypatch.setattr(scanner.parallel._Feed, "_close_chunk", recording_close)
    result = scan(tmp_path, ScanOptions(jobs=2, strict=True))
    monkeypatch.undo()
    # The first chunk goes by count (a big file alone must not start the workers); then
    # each closes as soon as it holds 200 bytes (a small file and a big one), not at three.
    assert sizes == [3, 2, 2]
    assert findings(result) == findings(scan(tmp_path, ScanOptions(jobs=1, strict=True)))


def test_a_worker_parses_the_bytes_it_is_sent_without_reading_the_file_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from scanner.api import worker_config
    from scanner.discover import discover
    from scanner.tasks import FileScanner, FileTask, Miss, Parse

    root = FIXTURES / "python-lazy-definitions"
    options = ScanOptions(jobs=2, strict=True, cache_dir=tmp_path / "cache")
    scanner.cache.prepare_directory(tmp_path / "cache")
    here = FileScanner(worker_config(options))
    misses = [here.lookup(FileTask(source)) for source in discover(root).files]
    sent = [Parse.of(miss) for miss in misses if isinstance(miss, Miss)]
    assert len(sent) == 2 and all(parse.key is not None for parse in sent)
    monkeypatch.chdir(root)  # undone after the test, as is the worker set up here
    monkeypatch.setattr(scanner.parallel, "_WORKER", None)
    scanner.parallel._init_worker(worker_config(options), str(root))  # as a worker starts

    def no_reading(*args: object) -> object:
        raise AssertionError("a file sent with its bytes was read again")

    monkeypatch.setattr(scanner.tasks, "read_source", no_reading)
    outcomes, _ = scanner.parallel._run_chunk(list(sent))
    expected = [here.finish(miss) for miss in misses if isinstance(miss, Miss)]
    assert [o.scan for o in outcomes] == [o.scan for o in expected]
    assert [o.entry for o in outcomes] == [o.entry for o in expected]  # the same cache entries
    here.close()


def test_files_that_mostly_need_parsing_are_left_to_the_workers_to_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pool_always: list[int]
) -> None:
    monkeypatch.setattr(scanner.parallel, "LOOKUP_SAMPLE", 2)
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "python-lazy-definitions", root)
    cache = tmp_path / "cache"
    options = ScanOptions(jobs=2, strict=True, cache_dir=cache, prefilter=False)
    scan(root, options)
    for path in sorted(root.rglob("*.py")):
        path.write_bytes(path.read_bytes() + b"\n# changed\n")
    looked_up = record_lookups(monkeypatch)
    changed = scan(root, options)
    monkeypatch.undo()
    one_process = ScanOptions(jobs=1, strict=True, prefilter=False)
    assert findings(changed) == findings(scan(root, one_process))
    assert changed.stats.cached == 0
    assert len(looked_up) == 2, "two misses here, then the workers read and look up the rest"
    assert pool_always == [2, 2]


# -- shards ------------------------------------------------------------------------------


def test_shards_partition_the_files_by_path() -> None:
    files = [source.path for source in discover(FIXTURES).files]
    for count in (1, 2, 3, 7):
        parts = [[p for p in files if shard_of(p, count) == k] for k in range(1, count + 1)]
        assert sorted(p for part in parts for p in part) == sorted(files)
    # A stable hash: the same path lands in the same shard on every machine and run.
    assert shard_of("app/views.py", 4) == shard_of("app/views.py", 4)
    assert [shard_of(f"f{n}.py", 3) for n in range(6)] == [
        shard_of(f"f{n}.py", 3) for n in range(6)
    ]


@pytest.mark.parametrize("text", ["0/2", "3/2", "1/0", "a/b", "2", "-1/2"])
def test_bad_shards_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_shard(text)


@pytest.mark.parametrize("count", [2, 3])
@pytest.mark.parametrize("case", CASES)
def test_merged_shards_equal_an_unsharded_scan(
    case: str, count: int, run_trackscan, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(FIXTURES / case)
    extra = case_args(FIXTURES / case)
    whole = run_trackscan(".", "--no-cache", "--json", tmp_path / "whole.json", *extra)
    if whole.code == 2:
        pytest.skip("the case stops before scanning")
    gates = [a for a in extra if a.startswith("--fail")]
    shard_args = [a for a in extra if a not in gates]
    shards = []
    for index in range(1, count + 1):
        path = tmp_path / f"shard{index}.json"
        run = run_trackscan(".", "--shard", f"{index}/{count}", "--json", path, *shard_args)
        assert run.code in (0, 1), run.stderr
        assert json.loads(path.read_text())["shard"] == {"index": index, "count": count}
        shards.append(path)
    merged = run_trackscan("merge", *shards, "--json", tmp_path / "merged.json", *gates)
    assert merged.code == whole.code, merged.stderr
    assert (tmp_path / "merged.json").read_text() == (tmp_path / "whole.json").read_text()
    assert merged.stdout == whole.stdout


@pytest.fixture
def shard_reports(run_trackscan, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    monkeypatch.chdir(FIXTURES / "python-lazy-definitions")
    paths = [tmp_path / f"s{k}.json" for k in (1, 2, 3)]
    for k, path in enumerate(paths, start=1):
        assert run_trackscan(".", "--shard", f"{k}/3", "--json", path, "-q").code == 0
    return paths


@pytest.mark.parametrize(
    ("pick", "message"),
    [
        (lambda s: [s[0], s[1]], "missing shard 3/3"),
        (lambda s: [s[0], s[1], s[2], s[2]], "shard 3/3 given twice"),
        (lambda s: [s[0], s[1], s[2], "whole"], "only reports of `trackscan --shard K/N` runs"),
        (lambda s: [s[0], s[1], "other-plan"], "different tracking plans"),
        (lambda s: [s[0], "not-json"], "not a trackscan JSON report"),
    ],
    ids=["missing", "duplicate", "unsharded", "other-plan", "not-json"],
)
def test_merge_refuses_reports_that_do_not_add_up(
    pick, message: str, shard_reports: list[Path], run_trackscan, tmp_path: Path
) -> None:
    whole = tmp_path / "whole.json"
    run_trackscan(".", "--json", whole, "-q")
    other = json.loads(shard_reports[2].read_text())
    other["plan"]["name"] = "Another plan"
    (tmp_path / "other-plan.json").write_text(json.dumps(other))
    (tmp_path / "not-json.json").write_text("{")
    named = {"whole": whole, "other-plan": tmp_path / "other-plan.json"}
    named["not-json"] = tmp_path / "not-json.json"
    inputs = [named.get(p, p) if isinstance(p, str) else p for p in pick(shard_reports)]
    run = run_trackscan("merge", *inputs, "-q")
    assert run.code == 2
    assert message in run.stderr


def test_coverage_gates_need_the_whole_repository(run_trackscan) -> None:
    root = FIXTURES / "python-lazy-definitions"
    run = run_trackscan(root, "--shard", "1/2", "--fail-under", "90")
    assert run.code == 2
    assert "apply them to `trackscan merge`" in run.stderr


@pytest.mark.parametrize("args", [["--jobs", "0"], ["--shard", "3/2"]])
def test_bad_speed_flags_are_usage_errors(args: list[str], run_trackscan) -> None:
    run = run_trackscan(FIXTURES / "python-lazy-definitions", *args)
    assert run.code == 2


def test_speed_options_come_from_the_config_file(tmp_path: Path, run_trackscan) -> None:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "python-lazy-definitions", root)
    (root / "trackscan.toml").write_text(
        textwrap.dedent(
            """
            jobs = 2
            cache_dir = "build-cache"
            shard = "1/1"
            progress = false
            """
        )
    )
    run = run_trackscan(root, "-q")
    assert run.code == 0, run.stderr
    assert (root / "build-cache" / "cache.sqlite3").exists()


# -- progress -----------------------------------------------------------------------------


def test_progress_bar_only_on_a_terminal() -> None:
    import io

    assert not ProgressBar.wanted(io.StringIO())


def test_progress_bar_stays_silent_for_quick_scans() -> None:
    import io

    stream = io.StringIO()
    with ProgressBar(stream) as bar:
        bar(5, 10)
        bar(10, 10)
    assert stream.getvalue() == ""


def test_a_repository_with_packages_named_like_trackscans_own_scans_in_parallel(
    tmp_path: Path,
) -> None:
    """A Django project with a `reports` app (or any `scanner`/`trackscan` package at its
    root): the worker processes must still import trackscan's modules, not the project's."""
    import subprocess
    import sys

    console_script = Path(sys.executable).parent / "trackscan"
    if not console_script.exists():
        pytest.skip("trackscan is not installed as a console script here")
    for package in ("scanner", "reports", "trackscan"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "__init__.py").write_text(
            f"raise RuntimeError('the project\\'s own {package} package was imported')\n"
        )
    app = tmp_path / "app"
    app.mkdir()
    for number in range(80):  # enough files for worker processes
        (app / f"view_{number}.py").write_text(
            f"import analytics\nanalytics.track('u', 'Event {number}')\n"
        )
    done = subprocess.run(
        [str(console_script), ".", "--jobs", "2", "--no-cache", "--json", "out.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr, done.stderr
    calls = json.loads((tmp_path / "out.json").read_text())["calls"]
    assert len(calls) == 80


# -- call files scanned for their calls only ----------------------------------------------


def write_tree(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


CALLS_ONLY_TREE = {  # a namespace package: no __init__.py to load on the way
    "app/views.py": """\
        import analytics

        SIGNED_UP = "Signed Up"
        ORDER_COMPLETED = "Order Completed"
        RETRIES = {"default": 3}


        def signup(user):
            analytics.track(user, SIGNED_UP)
        """,
    "app/checkout.py": """\
        import analytics
        from app.views import ORDER_COMPLETED, SIGNED_UP


        def complete(user):
            analytics.track(user, ORDER_COMPLETED)
            analytics.track(user, SIGNED_UP)
        """,
}


def test_a_call_file_scanned_for_its_calls_still_answers_every_lookup(tmp_path: Path) -> None:
    write_tree(tmp_path, CALLS_ONLY_TREE)
    fast = scan(tmp_path, ScanOptions(jobs=1, strict=True))
    reference = scan(tmp_path, ScanOptions(jobs=1, strict=True, fast=False))
    assert findings(fast) == findings(reference)
    events = sorted((call.location.path, call.event) for call in fast.calls)
    assert events == [
        ("app/checkout.py", "Order Completed"),
        ("app/checkout.py", "Signed Up"),
        ("app/views.py", "Signed Up"),
    ]
    views = next(file for file in fast.files if file.path == "app/views.py")
    assert views.complete_names is not None and "ORDER_COMPLETED" not in views.complete_names
    # ORDER_COMPLETED's statement was left out of views.py's first scan: the file was read
    # again in full for it; SIGNED_UP alone would not have needed that.
    assert fast.stats.loaded_for_definitions == 1


def test_a_lookup_the_calls_only_scan_holds_needs_no_second_read(tmp_path: Path) -> None:
    tree = dict(CALLS_ONLY_TREE)
    tree["app/checkout.py"] = """\
        import analytics
        from app.views import SIGNED_UP

        analytics.track("user", SIGNED_UP)
        """
    write_tree(tmp_path, tree)
    result = scan(tmp_path, ScanOptions(jobs=1, strict=True))
    assert [call.event for call in result.calls] == ["Signed Up", "Signed Up"]
    assert result.stats.loaded_for_definitions == 0
    assert findings(result) == findings(scan(tmp_path, ScanOptions(jobs=1, fast=False)))
    assert result.stats.parsed == 2
