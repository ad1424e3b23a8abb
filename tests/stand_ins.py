"""Files a real repository never commits, which some fixture repositories must still hold.

The `discovery`, `js-traps` and `js-monorepo` cases prove that dependencies, virtual
environments, build output and bytecode caches are never scanned, so each needs such a
directory with a tracking call inside (an event name that must never show up in a report).
Like anything generated, those directories are git-ignored, so the tests write them here,
before any test runs (`conftest.pytest_sessionstart`).
"""

from __future__ import annotations

from pathlib import Path

STAND_INS: dict[str, dict[str, str]] = {
    "discovery": {
        ".venv/lib/site.py": 'from segment import analytics\nanalytics.track("u", "Ignored Venv")\n',
        "app/__pycache__/main.py": 'from segment import analytics\nanalytics.track("u", "Ignored Pycache")\n',
        "build/lib/app/main.py": 'from segment import analytics\nanalytics.track("u", "Ignored Build Output")\n',
        "custom-env/lib/mod.py": 'from segment import analytics\nanalytics.track("u", "Ignored Custom Venv")\n',
        "custom-env/pyvenv.cfg": "home = /usr/bin\n",
        "dist/app.py": 'from segment import analytics\nanalytics.track("u", "Ignored Dist")\n',
        "node_modules/pkg/index.py": 'from segment import analytics\nanalytics.track("u", "Ignored Node Modules")\n',
    },
    "js-monorepo": {
        "packages/events/dist/index.js": '"use strict";\n// Build output (tsc): never scanned; imports of @acme/events resolve to src/ instead.\nObject.defineProperty(exports, "__esModule", { value: true });\nexports.AuthEvents = { SIGNED_UP: "Signed Up (stale build)" };\nwindow.analytics.track("From Build Output");\n',
    },
    "js-traps": {
        "build/index.js": "window.analytics.track('From build')\n",
        "dist/index.js": "window.analytics.track('From dist')\n",
        "node_modules/@segment/analytics-next/dist/index.js": "export const track = () => window.analytics.track('From node_modules')\n",
    },
}


def write_stand_ins(fixtures: Path) -> None:
    """Write every stand-in that is missing or differs (a no-op on later runs)."""
    for case, files in STAND_INS.items():
        for relative, text in files.items():
            path = fixtures / case / relative
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
