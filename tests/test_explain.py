"""`--explain`: what a scan looked for and every wrapper it found, checked against goldens.

The summary with `--explain` is kept beside each case's other goldens, as
`expected/explain.txt` (the fixture run itself leaves `--explain` out, so that merged shard
reports print the same summary as one run).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from golden import assert_golden

FIXTURES = Path(__file__).parent / "fixtures"
CASES = ["wrappers-python", "wrappers-js", "custom-calls"]


@pytest.mark.parametrize("case", CASES)
def test_explain(case: str, run_trackscan, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / case)
    run = run_trackscan(".", "--explain", "--color", "never")
    assert run.code == 0, run.stderr
    assert_golden(run.stdout, FIXTURES / case / "expected" / "explain.txt")


def test_explain_without_inference_says_so(run_trackscan, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURES / "wrappers-js")
    run = run_trackscan(".", "--explain", "--no-infer-wrappers", "--sdk", "segment", "--sdk", "ga4")
    assert "SDK presets: segment, ga4 (`trackscan sdks` shows what each matches)\n" in run.stdout
    assert "  Wrapper inference: off\n" in run.stdout
    assert run.stdout.endswith("\nNo wrappers found.\n")
