"""The last thing the process the workers fork from loads (`scanner.workers.PRELOAD`).

It scans a few lines of Python and of JavaScript once, so that what the parsers build on
first use (libcst's child orders read by `scanner.python_walk`, tree-sitter's parser and
queries) is built once here instead of once in every worker; then it freezes every object
made so far, so that no worker's garbage collector walks them again (nor, walking them,
copies the memory they share with this process). TypeScript and TSX are left to the
workers that meet them: their queries take 35 ms each to build, and the workers wait for
this process to finish before they start.
"""

from __future__ import annotations

import gc
from contextlib import suppress

from scanner.workers import collect_less_often

_SAMPLES = (
    (
        "warm_up.py",
        b"import analytics\n\n\nclass Page:\n"
        b"    def view(self, user):\n"
        b'        analytics.track(user, f"{self.name} Viewed", {"plan": PLAN})\n',
    ),
    (
        "warm_up.js",
        b'import analytics from "analytics";\n'
        b'export function view(user) { analytics.track("Page Viewed", { user }); }\n',
    ),
)


def warm_up() -> None:
    from scanner.api import ScanOptions, scan_bytes
    from scanner.discover import language_for

    options = ScanOptions()
    for path, content in _SAMPLES:
        language = language_for(path)
        if language is not None:
            scan_bytes(path, content, language, options)


collect_less_often()
with suppress(Exception):  # a warm-up that fails leaves the work to the workers
    warm_up()
gc.freeze()
