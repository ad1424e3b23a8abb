"""The data model's shared `Value` methods behave as the ones `@dataclass` would write.

Every frozen dataclass that says `eq=False, repr=False` and inherits `Value` is checked
against a twin made by `dataclasses.make_dataclass` with the same fields (and the same
`compare`, `hash` and `repr` flags), on the values of real scans and reports.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scanner import ScanOptions, scan
from scanner.discover import DiscoverOptions, discover
from scanner.match import match
from scanner.model import ReportMeta, Value
from scanner.naming import NamingConventions
from scanner.plan import load_plan

FIXTURES = Path(__file__).parent / "fixtures"
CASES = ("reports-shop", "wrappers-python", "python-static-names", "js-react-app", "plan-matching")


def values_in(thing: object, seen: set[int] | None = None) -> Iterator[Value]:
    """Every `Value` in a tree of values, tuples, lists and dicts."""
    seen = set() if seen is None else seen
    if id(thing) in seen:
        return
    seen.add(id(thing))
    if isinstance(thing, Value):
        yield thing
    if dataclasses.is_dataclass(thing) and not isinstance(thing, type):
        for field in dataclasses.fields(thing):
            yield from values_in(getattr(thing, field.name), seen)
    elif isinstance(thing, (tuple, list, frozenset, set)):
        for item in thing:
            yield from values_in(item, seen)
    elif isinstance(thing, dict):
        for key, item in thing.items():
            yield from values_in(key, seen)
            yield from values_in(item, seen)


def real_values() -> list[Value]:
    found: list[Value] = []
    for case in CASES:
        root = FIXTURES / case
        options = ScanOptions(jobs=1, strict=True, discover=DiscoverOptions())
        result = scan(root, options)
        plan = load_plan(root / "tracking-plan.yaml")
        meta = ReportMeta(root=case, tool_version="test", generated_at="2026-01-01T00:00:00")
        report = match(plan, result.calls, result.problems, meta, NamingConventions())
        found += values_in((options, discover(root), result, plan, report))
    return found


@pytest.fixture(scope="module")
def samples() -> dict[type, list[Value]]:
    by_class: dict[type, list[Value]] = {}
    for value in real_values():
        by_class.setdefault(type(value), []).append(value)
    return by_class


TWINS: dict[type, Any] = {}


def twin_of(value: Value) -> Any:
    """The same field values in a class `@dataclass` writes every method of."""
    cls = type(value)
    if cls not in TWINS:
        TWINS[cls] = dataclasses.make_dataclass(
            cls.__qualname__,
            [
                (f.name, Any, dataclasses.field(compare=f.compare, hash=f.hash, repr=f.repr))
                for f in dataclasses.fields(cls)
            ],
            frozen=True,
        )
    return TWINS[cls](**{f.name: getattr(value, f.name) for f in dataclasses.fields(cls)})


def test_the_shared_methods_behave_as_the_generated_ones(samples: dict[type, list[Value]]) -> None:
    assert len(samples) >= 25, sorted(cls.__name__ for cls in samples)
    for cls, values in samples.items():
        params = cls.__dataclass_params__  # type: ignore[attr-defined]
        assert params.frozen and not params.eq and not params.repr, cls
        for value in values[:50]:
            twin = twin_of(value)
            assert repr(value) == repr(twin)
            assert hash(value) == hash(twin)
            assert value == dataclasses.replace(value)
            assert value.__eq__(object()) is NotImplemented
        for left, right in itertools.pairwise(values[:51]):
            assert (left == right) == (twin_of(left) == twin_of(right))
            assert (left != right) == (twin_of(left) != twin_of(right))


def test_a_field_left_out_of_comparison_is_left_out_of_equality_and_hash(
    samples: dict[type, list[Value]],
) -> None:
    from scanner.discover import SourceFile

    source = samples[SourceFile][0]
    assert isinstance(source, SourceFile)
    moved = dataclasses.replace(source, stamp=(1, 2, 3, 4, 5))
    assert moved == source and hash(moved) == hash(source)
    assert repr(moved) != repr(source)


def test_values_stay_frozen(samples: dict[type, list[Value]]) -> None:
    for values in samples.values():
        field = dataclasses.fields(values[0])[0]  # type: ignore[arg-type]
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(values[0], field.name, None)
