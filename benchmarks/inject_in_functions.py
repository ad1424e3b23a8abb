#!/usr/bin/env python3
"""Copy Python files of the benchmark corpus with an analytics call inside a function.

    python benchmarks/inject_in_functions.py benchmarks/corpus/base /tmp/injected
    python benchmarks/compare_paths.py /tmp/injected --no-gitignore

`benchmarks/run.py` appends its calls at the end of a file, at module level; real code calls
an SDK inside functions, through an alias, a client object or a wrapper defined in the same
file. This puts one such call at the start of a function in the middle of every `--every`-th
Python file (rotating over four shapes) so that `compare_paths.py` can check the fast paths,
which blank the functions that cannot lead to a call, against the plain libcst path on large
real modules. Every call it writes names the event `Injected <n>`.
"""

from __future__ import annotations

import argparse
import ast
from pathlib import Path

SHAPES = (
    ('analytics.track("u", "Injected {n}")', "\nimport analytics\n"),
    ('seg.track("u", "Injected {n}")', "\nimport analytics as seg\n"),
    (
        '_track_event("Injected {n}")',
        '\nimport analytics\n\n\ndef _track_event(name):\n    analytics.track("u", name)\n',
    ),
    (
        'EVENTS_CLIENT.track("u", "Injected {n}")',
        '\nfrom analytics import Client\nEVENTS_CLIENT = Client("key")\n',
    ),
)


def inject(text: str, number: int) -> str | None:
    """`text` with a call at the start of its middle function's body, or None."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    functions = [
        node
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.body
    ]
    if not functions:
        return None
    first = functions[len(functions) // 2].body[0]
    lines = text.split("\n")
    indent = " " * first.col_offset
    if first.col_offset == 0 or not lines[first.lineno - 1].startswith(indent):
        return None  # a body on the `def` line, or tabs
    call, tail = SHAPES[number % len(SHAPES)]
    lines.insert(first.lineno - 1, indent + call.format(n=number))
    injected = "\n".join(lines) + tail
    try:
        ast.parse(injected)
    except SyntaxError:
        return None
    return injected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="a tree of Python files (benchmarks/corpus/base)")
    parser.add_argument("output", type=Path)
    parser.add_argument("--every", type=int, default=8, help="one file in this many")
    parser.add_argument("--limit", type=int, default=220, help="at most this many files")
    args = parser.parse_args()
    written = 0
    for number, source in enumerate(sorted(args.corpus.rglob("*.py"))[:: args.every]):
        if written >= args.limit:
            break
        injected = inject(source.read_text(encoding="utf-8", errors="replace"), number)
        if injected is None:
            continue
        target = args.output / source.relative_to(args.corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(injected, encoding="utf-8")
        written += 1
    print(f"{written} files with a call inside a function written to {args.output}")


if __name__ == "__main__":
    main()
