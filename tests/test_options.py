"""ExtractOptions: a frozen value that pickles, hashes, and narrows to what a file can see."""

from __future__ import annotations

import pickle

from scanner import ScanOptions
from scanner.model import Language, Method
from scanner.options import CallPattern, ExtractOptions, SymbolName, covers_function, match_pattern

OPTIONS = ExtractOptions(
    sdks=("segment", "mixpanel"),
    calls=(CallPattern("trackEvent", Method.TRACK, (0, "name"), (1,)),),
    symbols=(SymbolName("useTrack"), SymbolName("track", "src/a.tsx")),
)


def test_options_pickle_and_hash_for_worker_processes_and_cache_keys() -> None:
    copy = pickle.loads(pickle.dumps(ScanOptions(extraction=OPTIONS)))
    assert copy.extraction == OPTIONS and hash(copy.extraction) == hash(OPTIONS)
    assert OPTIONS.key() == copy.extraction.key()


def test_for_file_keeps_the_names_the_file_spells() -> None:
    spelled = OPTIONS.for_file("src/b.tsx", b"const t = useTrack(); track('x')")
    assert spelled.symbols == (SymbolName("useTrack"),)  # `track` is local to src/a.tsx
    assert OPTIONS.for_file("src/a.tsx", b"track('x')").symbols == (
        SymbolName("track", "src/a.tsx"),
    )
    assert (
        OPTIONS.for_file("src/c.ts", b"nothing").key()
        == ExtractOptions(sdks=OPTIONS.sdks, calls=OPTIONS.calls).key()
    )


def test_infer_wrappers_is_not_part_of_the_extraction_key() -> None:
    assert ExtractOptions(infer_wrappers=False).key() == ExtractOptions().key()


def test_callee_globs() -> None:
    patterns = (
        CallPattern("*.track", event=(0,), language="javascript"),
        CallPattern("useAnalytics().track", event=(0,)),
        CallPattern("self._track", event=(0,), language="python"),
    )
    assert match_pattern(patterns, "this.props.tracker.track", Language.TYPESCRIPT) is patterns[0]
    assert match_pattern(patterns, "track", Language.TYPESCRIPT) is None
    assert match_pattern(patterns, "useAnalytics().track", Language.PYTHON) is patterns[1]
    assert match_pattern(patterns, "self._track", Language.JAVASCRIPT) is None
    assert match_pattern(patterns, "self._tracker", Language.PYTHON) is None
    assert covers_function(patterns, "BaseView._track", Language.PYTHON)
    assert not covers_function(patterns, "BaseView._track", Language.JAVASCRIPT)
