"""JavaScript and TypeScript files as a whole: which are read, positions, languages, errors.

The per-construct rows live in test_javascript_calls.py; these tests are about files:
discovery skips, minified bundles, Vue and Svelte components, syntax and encoding errors,
and the line and character-column arithmetic.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from scanner import ScanOptions, scan, scan_bytes
from scanner.javascript import extract_javascript
from scanner.javascript.sfc import extract_scripts
from scanner.model import Language, ProblemKind

FIXTURES = Path(__file__).parent / "fixtures"
CALL = b"window.analytics.track('Signed Up')\n"


def write(root: Path, relative: str, content: bytes) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


# -- which files are read ------------------------------------------------------------


SKIPPED = [
    "node_modules/@segment/analytics-next/dist/index.js",
    "web/node_modules/lib/index.ts",
    "dist/main.js",
    "build/static/js/main.js",
    ".next/server/app/page.js",
    "out/index.js",
    "coverage/lcov-report/prettify.js",
    ".svelte-kit/output/server/index.js",
    ".nuxt/dist/server/server.mjs",
    ".output/server/index.mjs",
    "src/types/analytics.d.ts",
    "src/types/analytics.d.mts",
    "src/types/analytics.d.cts",
    "src/notes.md",
]


@pytest.mark.parametrize("relative", SKIPPED)
def test_skipped_files(tmp_path: Path, relative: str) -> None:
    write(tmp_path, relative, CALL)
    write(tmp_path, "src/app.ts", CALL)  # the control: the same call where it counts
    result = scan(tmp_path, ScanOptions(strict=True))
    assert [call.location.path for call in result.calls] == ["src/app.ts"]


READ = ["a.js", "a.jsx", "a.mjs", "a.cjs", "a.ts", "a.tsx", "a.mts", "a.cts", "lib/events.js"]


@pytest.mark.parametrize("relative", READ)
def test_read_files(tmp_path: Path, relative: str) -> None:
    write(tmp_path, relative, CALL)
    result = scan(tmp_path, ScanOptions(strict=True))
    assert [call.location.path for call in result.calls] == [relative]


@pytest.mark.parametrize(
    ("relative", "language"),
    [
        ("a.js", Language.JAVASCRIPT),
        ("a.jsx", Language.JAVASCRIPT),
        ("a.mjs", Language.JAVASCRIPT),
        ("a.cjs", Language.JAVASCRIPT),
        ("a.ts", Language.TYPESCRIPT),
        ("a.tsx", Language.TYPESCRIPT),
        ("a.mts", Language.TYPESCRIPT),
        ("a.cts", Language.TYPESCRIPT),
    ],
)
def test_language_per_file(relative: str, language: Language) -> None:
    scanned = extract_javascript(relative, CALL)
    assert scanned.language is language
    assert [call.language for call in scanned.calls] == [language]


# -- minified bundles and long lines ---------------------------------------------------

TRAPS = FIXTURES / "js-traps"


def test_minified_bundle_is_skipped_with_a_note() -> None:
    path = "public/assets/app.js"
    content = (TRAPS / path).read_bytes()
    assert b"analytics.track(" in content  # it does hold calls: compiled copies of real ones
    scanned = scan_bytes(path, content, Language.JAVASCRIPT, ScanOptions(strict=True))
    assert scanned.calls == ()
    assert [p.kind for p in scanned.problems] == [ProblemKind.MINIFIED]


def test_min_js_is_skipped_by_name() -> None:
    scanned = scan_bytes("vendor.min.js", CALL, Language.JAVASCRIPT, ScanOptions(strict=True))
    assert [p.kind for p in scanned.problems] == [ProblemKind.MINIFIED]


def test_transpiled_file_with_long_helper_lines_is_scanned() -> None:
    path = "src/legacy/cart-abandon.js"
    content = (TRAPS / path).read_bytes()
    longest = max(len(line) for line in content.splitlines())
    assert longest > 2000 and longest * 2 > len(content)  # one helper line holds half the file
    scanned = scan_bytes(path, content, Language.JAVASCRIPT, ScanOptions(strict=True))
    assert scanned.problems == ()
    assert [call.expression for call in scanned.calls] == ["_events.CartEvents.ABANDONED"]


def test_icon_component_with_long_svg_paths_is_scanned() -> None:
    path = "src/components/CartIcon.tsx"
    content = (TRAPS / path).read_bytes()
    long_bytes = sum(len(line) for line in content.splitlines() if len(line) > 1000)
    assert long_bytes * 2 > len(content)  # most of the file is on very long lines
    scanned = scan_bytes(path, content, Language.TYPESCRIPT, ScanOptions(strict=True))
    assert scanned.problems == ()
    assert [call.expression for call in scanned.calls] == ["'Cart Icon Clicked'"]


# -- positions ---------------------------------------------------------------------------


def positions(code: str, path: str = "a.ts") -> list[tuple[int, int, int, int]]:
    scanned = extract_javascript(path, code.encode("utf-8"))
    return [(c.location.line, c.location.column, c.end_line, c.end_column) for c in scanned.calls]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("analytics.track('A')", (1, 1, 1, 21)),
        ("const s = 'café'; analytics.track('A')", (1, 19, 1, 39)),
        ("const s = '😀'; analytics.track('A')", (1, 16, 1, 36)),
        ("\tanalytics.track('A')", (1, 2, 1, 22)),
        ("x\r\n  analytics.track('A')\r\n", (2, 3, 2, 23)),
        ("\ufeffanalytics.track('A')", (1, 1, 1, 21)),
        ("const é = 1; await analytics.track(\n  'A',\n  { é },\n)", (1, 20, 4, 2)),
    ],
)
def test_lines_and_character_columns(code: str, expected: tuple[int, int, int, int]) -> None:
    assert positions(code) == [expected]


def test_utf16_file_is_read() -> None:
    content = "// é\nanalytics.track('Wide')\n".encode("utf-16")
    scanned = extract_javascript("a.js", content)
    assert [(c.location.line, c.location.column) for c in scanned.calls] == [(2, 1)]
    assert scanned.problems == ()


# -- errors -----------------------------------------------------------------------------


def test_syntax_error_keeps_readable_calls_and_names_the_first_error_line() -> None:
    code = textwrap.dedent(
        """\
        analytics.track('Before')
        function broken(a {
          analytics.track('Inside')
        }
        const x = ;
        analytics.track('After')
        """
    )
    scanned = extract_javascript("src/broken.js", code.encode())
    assert [c.expression for c in scanned.calls] == ["'Before'", "'Inside'", "'After'"]
    assert [(p.path, p.line, p.kind) for p in scanned.problems] == [
        ("src/broken.js", 2, ProblemKind.PARSE_ERROR)
    ]


def test_latin1_file_is_an_encoding_error_with_its_line() -> None:
    scanned = extract_javascript("a.js", b"// ok\nconst s = 'caf\xe9'\nanalytics.track('A')\n")
    assert [c.expression for c in scanned.calls] == ["'A'"]
    assert [(p.line, p.kind) for p in scanned.problems] == [(2, ProblemKind.ENCODING_ERROR)]


def test_flow_annotations_in_a_js_file_are_not_errors() -> None:
    code = b"// @flow\nexport function f(name: string): void { analytics.track(name) }\n"
    scanned = extract_javascript("a.js", code)
    assert scanned.problems == ()
    assert [c.expression for c in scanned.calls] == ["name"]


def test_typescript_angle_bracket_assertion_is_not_jsx() -> None:
    scanned = extract_javascript("a.ts", b"analytics.track(<string>name)\n")
    assert scanned.problems == ()
    assert [c.expression for c in scanned.calls] == ["<string>name"]


def test_broken_package_json_is_a_parse_error_with_its_line() -> None:
    scanned = extract_javascript("packages/a/package.json", b'{\n  "name": "a",\n}\n')
    assert [(p.line, p.kind) for p in scanned.problems] == [(3, ProblemKind.PARSE_ERROR)]


# -- Vue and Svelte components ----------------------------------------------------------

VUE = """\
<template>
  <p>analytics.track('In Text')</p>
  <!-- <button @click="analytics.track('Commented')"> -->
  <button @click="analytics.track('Clicked')" :title="'analytics.track(x)'">Go</button>
</template>

<script setup lang="ts">
import { onMounted } from 'vue'
onMounted(() => analytics.page('Home'))
</script>

<style>
.a::before { content: "analytics.track('In CSS')"; }
</style>
"""


def test_vue_component_lines_columns_and_language() -> None:
    scanned = extract_javascript("src/Home.vue", VUE.encode())
    assert scanned.language is Language.TYPESCRIPT
    found = [
        (c.location.line, c.location.column, c.method.value, c.expression) for c in scanned.calls
    ]
    assert found == [(4, 19, "track", "'Clicked'"), (9, 17, "page", "'Home'")]
    assert scanned.problems == ()


def test_vue_component_without_lang_is_javascript() -> None:
    scanned = extract_javascript("a.vue", b"<script>\nanalytics.track('A')\n</script>\n")
    assert scanned.language is Language.JAVASCRIPT
    assert [c.location.line for c in scanned.calls] == [2]


SVELTE = """\
<script context="module">
  export const PLAN = 'Pro Selected'
</script>

<script lang="ts">
  let open: boolean = true
</script>

{#if open && 1 < 2}
  <button on:click|once={() => analytics.track(PLAN)}>{'analytics.track("x")'}</button>
  <button onclick={() => { open = false; analytics.track('Closed') }}>x</button>
{/if}
"""


def test_svelte_component_module_and_instance_scripts_and_handlers() -> None:
    scanned = extract_javascript("src/Plan.svelte", SVELTE.encode())
    assert scanned.language is Language.TYPESCRIPT
    found = [(c.location.line, c.location.column, c.expression) for c in scanned.calls]
    assert found == [(10, 32, "PLAN"), (11, 42, "'Closed'")]
    assert scanned.problems == ()


def test_component_script_blocks_keep_every_byte_position() -> None:
    content = VUE.encode()
    scripts = extract_scripts(content)
    assert len(scripts.source) == len(content)
    assert scripts.source.count(b"\n") == content.count(b"\n")
    assert b"In Text" not in scripts.source and b"In CSS" not in scripts.source
    assert scripts.blocks == 1 and scripts.handlers == 1


def test_non_script_blocks_are_not_code() -> None:
    component = (
        b'<script type="application/ld+json">{"analytics.track": 1}</script>\n'
        b'<script type="text/x-template">analytics.track("Template")</script>\n'
    )
    scanned = extract_javascript("a.vue", component)
    assert scanned.calls == () and scanned.problems == ()


def test_syntax_errors_in_markup_handlers_are_not_reported() -> None:
    component = b"<script>\nanalytics.page('Home')\n</script>\n<a @click=\"go(\">x</a>\n"
    scanned = extract_javascript("a.vue", component)
    assert scanned.problems == ()
    assert [c.expression for c in scanned.calls] == ["'Home'"]
