"""tsconfig.json / jsconfig.json: JSONC reading, `extends`, `paths` patterns, `baseUrl`, and
project `references` with the `files`/`include`/`exclude` that pick a referenced config."""

from __future__ import annotations

import json

import pytest

from scanner.discover import is_tsconfig_name, language_for
from scanner.javascript.aliases import Aliases
from scanner.javascript.tsconfig import extract_tsconfig, parse_jsonc, strip_jsonc
from scanner.javascript.tsglob import Selection
from scanner.model import FileScan, ProblemKind, TsConfig


def configs(files: dict[str, object]) -> list[FileScan]:
    """Config scans from JSON values (strings are taken as the file's text)."""
    return [
        extract_tsconfig(path, (data if isinstance(data, str) else json.dumps(data)).encode())
        for path, data in files.items()
    ]


def aliases(files: dict[str, object], modules: set[str]) -> Aliases:
    """Aliases over `files`, where only the module ids in `modules` exist."""
    return Aliases(configs(files), lambda module: module if module in modules else None)


# -- JSONC ------------------------------------------------------------------------------


def test_jsonc_comments_and_trailing_commas() -> None:
    text = """{
      // a line comment
      "compilerOptions": {
        /* a block
           comment */
        "baseUrl": ".", // after a value
        "paths": {"@/*": ["src/*",],},
      },
    }"""
    assert parse_jsonc(text) == {"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["src/*"]}}}


def test_jsonc_leaves_strings_alone() -> None:
    text = '{"a": "http://x//y", "b": "/* no */", "c": "a,]", "d": "\\"//\\""}'
    assert parse_jsonc(text) == json.loads(text)


def test_jsonc_keeps_lines_and_columns() -> None:
    text = '{\n  /* one\n two */ "a": 1, // x\n}'
    stripped = strip_jsonc(text)
    assert len(stripped) == len(text)
    assert stripped.splitlines()[2].index('"a"') == text.splitlines()[2].index('"a"')


# -- one file ---------------------------------------------------------------------------


def test_reads_base_url_paths_and_relative_extends() -> None:
    [scan] = configs(
        {
            "apps/web/tsconfig.json": {
                "extends": "../../tsconfig.base.json",
                "compilerOptions": {"baseUrl": "./src", "paths": {"@/*": ["*", "gen/*"]}},
            }
        }
    )
    assert scan.problems == ()
    assert scan.tsconfig == TsConfig(
        extends=("tsconfig.base.json",),
        base_url="apps/web/src",
        paths=(("@/*", ("*", "gen/*")),),
    )


def test_package_extends_are_skipped() -> None:
    [scan] = configs(
        {"tsconfig.json": {"extends": ["@tsconfig/next/tsconfig.json", "./base"], "files": []}}
    )
    assert scan.tsconfig == TsConfig(extends=("base",), files=())


def test_odd_values_are_ignored() -> None:
    [scan] = configs(
        {
            "tsconfig.json": {
                "extends": 3,
                "compilerOptions": {"baseUrl": None, "paths": {"a": "b", "x/*/*": ["y"]}},
            }
        }
    )
    assert scan.tsconfig == TsConfig(paths=())
    [scan] = configs({"jsconfig.json": [1, 2]})
    assert scan.tsconfig == TsConfig()


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('{\n  "compilerOptions": {\n    "baseUrl": .\n  }\n}', 3),
        ("", 1),
        ("{ 'single': 'quotes' }", 1),
    ],
)
def test_a_broken_file_is_a_note_not_a_config(text: str, line: int) -> None:
    [scan] = configs({"web/tsconfig.json": text})
    assert scan.tsconfig is None
    [problem] = scan.problems
    assert (problem.path, problem.line, problem.kind) == (
        "web/tsconfig.json",
        line,
        ProblemKind.TSCONFIG_IGNORED,
    )
    assert not problem.kind.is_error
    assert "paths and baseUrl are not used" in problem.message


def test_not_utf8_is_a_note() -> None:
    scan = extract_tsconfig("tsconfig.json", b'{"compilerOptions": {"baseUrl": "\xff"}}')
    assert scan.tsconfig is None
    assert [p.kind for p in scan.problems] == [ProblemKind.TSCONFIG_IGNORED]


@pytest.mark.parametrize(
    ("name", "read"),
    [
        ("tsconfig.json", True),
        ("jsconfig.json", True),
        ("tsconfig.base.json", True),
        ("tsconfig.app.json", True),
        ("tsconfig-paths.json", True),
        ("tsconfig.json.bak", False),
        ("mytsconfig.json", False),
        ("config.json", False),
    ],
)
def test_config_file_names(name: str, read: bool) -> None:
    assert is_tsconfig_name(name) is read
    assert (language_for(name) is not None) is read


# -- resolving specifiers ---------------------------------------------------------------

NEXT = {"tsconfig.json": {"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./src/*"]}}}}


def test_wildcard_and_base_url() -> None:
    found = aliases(NEXT, {"src/constants/events", "lib/util"})
    assert found.module_for("src/app/page.tsx", "@/constants/events") == "src/constants/events"
    assert found.module_for("src/app/page.tsx", "lib/util") == "lib/util"  # baseUrl
    assert found.module_for("src/app/page.tsx", "@/missing") is None
    assert found.module_for("src/app/page.tsx", "react") is None


def test_first_existing_target_wins() -> None:
    files = {"tsconfig.json": {"compilerOptions": {"paths": {"#/*": ["gen/*", "src/*"]}}}}
    assert aliases(files, {"src/events"}).module_for("a.ts", "#/events") == "src/events"
    both = aliases(files, {"src/events", "gen/events"})
    assert both.module_for("a.ts", "#/events") == "gen/events"


def test_exact_pattern_beats_wildcards_and_longest_prefix_wins() -> None:
    paths = {"@app/*": ["app/*"], "@app/events/*": ["events/*"], "@app/config": ["cfg/main"]}
    found = aliases({"tsconfig.json": {"compilerOptions": {"paths": paths}}}, set())
    found.resolve_module = lambda module: module
    assert found.module_for("a.ts", "@app/config") == "cfg/main"
    assert found.module_for("a.ts", "@app/events/login") == "events/login"
    assert found.module_for("a.ts", "@app/views/home") == "app/views/home"


def test_paths_are_relative_to_base_url_else_to_their_config() -> None:
    with_base = {
        "web/tsconfig.json": {"compilerOptions": {"baseUrl": "src", "paths": {"@/*": ["*"]}}}
    }
    assert aliases(with_base, {"web/src/x"}).module_for("web/a.ts", "@/x") == "web/src/x"
    without = {"web/tsconfig.json": {"compilerOptions": {"paths": {"@/*": ["src/*"]}}}}
    assert aliases(without, {"web/src/x"}).module_for("web/a.ts", "@/x") == "web/src/x"


def test_extends_inherits_and_overrides() -> None:
    files = {
        "tsconfig.base.json": {"compilerOptions": {"paths": {"@shared/*": ["libs/shared/*"]}}},
        "apps/web/tsconfig.json": {"extends": "../../tsconfig.base"},  # `.json` is implied
        "apps/docs/tsconfig.json": {
            "extends": "../../tsconfig.base.json",
            "compilerOptions": {"paths": {"@/*": ["./src/*"]}},
        },
    }
    found = aliases(files, {"libs/shared/events", "apps/docs/src/events"})
    # inherited `paths` stay relative to the config that defines them
    assert found.module_for("apps/web/src/a.ts", "@shared/events") == "libs/shared/events"
    # a config's own `paths` replace its base's whole
    assert found.module_for("apps/docs/src/a.ts", "@/events") == "apps/docs/src/events"
    assert found.module_for("apps/docs/src/a.ts", "@shared/events") is None


def test_extends_cycles_and_missing_bases_are_harmless() -> None:
    files = {
        "a/tsconfig.json": {"extends": "../b/tsconfig.json", "compilerOptions": {"baseUrl": "."}},
        "b/tsconfig.json": {"extends": ["../a/tsconfig.json", "./nowhere.json"]},
    }
    found = aliases(files, {"a/x"})
    assert found.module_for("a/y.ts", "x") == "a/x"
    assert found.module_for("b/y.ts", "x") == "a/x"  # a's baseUrl, through the cycle


def test_tsconfig_beats_jsconfig_and_outside_files_are_ungoverned() -> None:
    files = {
        "web/tsconfig.json": {"compilerOptions": {"paths": {"@/*": ["ts/*"]}}},
        "web/jsconfig.json": {"compilerOptions": {"paths": {"@/*": ["js/*"]}}},
    }
    found = aliases(files, {"web/ts/x", "web/js/x"})
    assert found.module_for("web/deep/er/a.ts", "@/x") == "web/ts/x"
    assert found.module_for("api/a.ts", "@/x") is None
    assert not found.maps("api/a.ts")


def test_targets_outside_the_root_are_not_candidates() -> None:
    files = {"tsconfig.json": {"compilerOptions": {"paths": {"@up/*": ["../outside/*"]}}}}
    found = aliases(files, set())
    found.resolve_module = lambda module: module
    assert found.module_for("a.ts", "@up/x") is None


def test_a_broken_config_governs_nothing() -> None:
    files = {"tsconfig.json": '{"compilerOptions": {"baseUrl": "."'}
    found = aliases(files, {"src/x"})
    assert not found
    assert found.module_for("a.ts", "src/x") is None


# -- project references -----------------------------------------------------------------


def test_reads_references_include_exclude_and_files() -> None:
    [scan] = configs(
        {
            "web/tsconfig.json": {
                "references": [
                    {"path": "./tsconfig.app.json"},
                    {"path": "../packages/ui"},  # a directory: its tsconfig.json
                    {"path": "./config/"},
                    {"prepend": True},
                    "./not-an-object.json",
                ],
                "include": ["src", "./types/**/*.d.ts", "/abs/*.ts"],
                "exclude": ["src/**/*.test.ts"],
                "files": ["./main.ts"],
            }
        }
    )
    assert scan.tsconfig == TsConfig(
        references=(
            "web/tsconfig.app.json",
            "packages/ui/tsconfig.json",
            "web/config/tsconfig.json",
        ),
        include=("web/src", "web/types/**/*.d.ts"),
        exclude=("web/src/**/*.test.ts",),
        files=("web/main.ts",),
    )


@pytest.mark.parametrize(
    ("files", "include", "exclude", "path", "selected"),
    [
        ((), ("src",), (), "src/main.tsx", True),  # a directory: everything under it
        ((), ("src",), (), "src/a/b/c.vue", True),
        ((), ("src",), (), "srcs/main.ts", False),
        ((), ("src",), (), "lib/src/main.ts", False),  # anchored at the config
        ((), ("src",), (), "src/.storybook/main.ts", False),  # wildcards skip dot names
        ((), ("src",), (), "src/node_modules/x/index.js", False),
        ((), ("src",), (), "src/vendor.min.js", False),
        ((), ("src/**/*.ts",), (), "src/x/y.ts", True),
        ((), ("src/**/*.ts",), (), "src/y.ts", True),
        ((), ("src/**/*.ts",), (), "src/y.tsx", False),
        ((), ("src/*.ts",), (), "src/x/y.ts", False),
        ((), ("src/?.ts",), (), "src/a.ts", True),
        ((), ("src/env.d.ts",), (), "src/env.d.ts", True),  # a dot: a file
        ((), ("**/*",), (), "anything/at/all.js", True),
        ((), ("",), (), "x.ts", True),  # `"."` at the root
        ((), ("src",), ("src/**/__tests__",), "src/a/__tests__/x.ts", False),
        ((), ("src",), ("src/legacy",), "src/legacy/old/x.js", False),  # under an excluded dir
        ((), ("src",), ("src/*.test.ts",), "src/a.test.ts", False),
        ((), ("src",), ("src/*.test.ts",), "src/a.ts", True),
        (("vite.config.ts",), (), ("*.ts",), "vite.config.ts", True),  # exclude spares `files`
        (("vite.config.ts",), (), (), "src/main.ts", False),
        ((), ("src/**",), (), "src/main.ts", False),  # TypeScript rejects a trailing `**`
    ],
)
def test_include_and_exclude_follow_typescript(
    files: tuple[str, ...],
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    path: str,
    selected: bool,
) -> None:
    assert Selection.of(files, include, exclude).selects(path) is selected


def test_wildcards_stay_linear_on_long_names() -> None:
    assert not Selection.of((), ("src/**/*.ts",), ()).selects("src/" + "a." * 5000 + "js")


# `npm create vite@latest -- --template react-ts`, with an `@/*` alias in the app config.
VITE = {
    "tsconfig.json": {
        "files": [],
        "references": [{"path": "./tsconfig.app.json"}, {"path": "./tsconfig.node.json"}],
    },
    "tsconfig.app.json": {
        "compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./src/*"]}},
        "include": ["src"],
    },
    "tsconfig.node.json": {"compilerOptions": {"strict": True}, "include": ["vite.config.ts"]},
}


def test_a_referenced_config_governs_the_files_it_includes() -> None:
    found = aliases(VITE, {"src/analytics/events"})
    assert found.governing_config("src/App.tsx") == "tsconfig.app.json"
    assert found.module_for("src/App.tsx", "@/analytics/events") == "src/analytics/events"
    assert found.governing_config("vite.config.ts") == "tsconfig.node.json"
    assert found.module_for("vite.config.ts", "@/analytics/events") is None
    # selected by no reference: the referencing config itself, which maps nothing
    assert found.governing_config("scripts/seed.ts") == "tsconfig.json"
    assert found.module_for("scripts/seed.ts", "@/analytics/events") is None
    assert not found.maps("scripts/seed.ts")


def test_a_reference_to_a_directory_means_its_tsconfig() -> None:
    files = {
        "tsconfig.json": {"files": [], "references": [{"path": "./apps/web"}]},
        "apps/web/tsconfig.json": {"compilerOptions": {"paths": {"@/*": ["./src/*"]}}},
    }
    found = aliases(files, {"apps/web/src/events"})
    assert found.module_for("apps/web/src/a.ts", "@/events") == "apps/web/src/events"


def test_exclude_hands_a_file_to_the_next_reference() -> None:
    files = {
        "tsconfig.json": {
            "files": [],
            "references": [{"path": "./tsconfig.app.json"}, {"path": "./tsconfig.spec.json"}],
        },
        "tsconfig.app.json": {
            "compilerOptions": {"paths": {"@/*": ["./src/*"]}},
            "include": ["src/**/*.ts"],
            "exclude": ["src/**/*.spec.ts"],
        },
        "tsconfig.spec.json": {
            "compilerOptions": {"paths": {"@/*": ["./test-utils/*"]}},
            "include": ["src/**/*.spec.ts"],
        },
    }
    found = aliases(files, {"src/events", "test-utils/events"})
    assert found.module_for("src/a.ts", "@/events") == "src/events"
    assert found.module_for("src/a.spec.ts", "@/events") == "test-utils/events"


def test_the_first_reference_that_selects_a_file_wins() -> None:
    files = {
        "tsconfig.json": {
            "references": [{"path": "./tsconfig.one.json"}, {"path": "./tsconfig.two.json"}]
        },
        "tsconfig.one.json": {"compilerOptions": {"paths": {"@/*": ["one/*"]}}, "include": ["src"]},
        "tsconfig.two.json": {"compilerOptions": {"paths": {"@/*": ["two/*"]}}, "include": ["src"]},
    }
    found = aliases(files, {"one/x", "two/x"})
    assert found.module_for("src/a.ts", "@/x") == "one/x"


def test_a_reference_without_include_or_files_takes_its_directory() -> None:
    files = {
        "tsconfig.json": {
            "compilerOptions": {"paths": {"@/*": ["./root/*"]}},
            "references": [{"path": "./web"}],
        },
        "web/tsconfig.json": {"compilerOptions": {"paths": {"@/*": ["./src/*"]}}},
    }
    found = aliases(files, {"web/src/x", "root/x"})
    assert found.governing_config("web/src/deep/a.ts") == "web/tsconfig.json"
    assert found.module_for("tools/a.ts", "@/x") == "root/x"  # outside web/: the root's


def test_include_and_files_are_inherited_through_extends() -> None:
    files = {
        "tsconfig.json": {"files": [], "references": [{"path": "./configs/tsconfig.app.json"}]},
        "tsconfig.shared.json": {"include": ["src"]},  # relative to this file
        "configs/tsconfig.app.json": {
            "extends": "../tsconfig.shared.json",
            "compilerOptions": {"paths": {"@/*": ["../src/*"]}},
        },
    }
    found = aliases(files, {"src/x"})
    assert found.governing_config("src/a.ts") == "configs/tsconfig.app.json"
    assert found.module_for("src/a.ts", "@/x") == "src/x"


def test_solution_configs_can_reference_solution_configs() -> None:
    files = {
        "tsconfig.json": {"files": [], "references": [{"path": "./configs"}]},
        "configs/tsconfig.json": {"files": [], "references": [{"path": "./tsconfig.app.json"}]},
        "configs/tsconfig.app.json": {
            "compilerOptions": {"paths": {"@/*": ["../src/*"]}},
            "include": ["../src"],
        },
    }
    found = aliases(files, {"src/x"})
    assert found.governing_config("src/a.ts") == "configs/tsconfig.app.json"
    assert found.module_for("src/a.ts", "@/x") == "src/x"


def test_many_references_are_all_searched() -> None:
    projects = [f"libs/lib{n}" for n in range(40)]  # an Nx-sized solution of solutions
    files: dict[str, object] = {
        "tsconfig.json": {
            "files": [],
            "references": [{"path": f"./{p}/tsconfig.solution.json"} for p in projects],
        }
    }
    for project in projects:
        files[f"{project}/tsconfig.solution.json"] = {
            "files": [],
            "references": [{"path": "./tsconfig.lib.json"}],
        }
        files[f"{project}/tsconfig.lib.json"] = {
            "compilerOptions": {"paths": {"@/*": ["./src/*"]}},
            "include": ["src"],
        }
    found = aliases(files, {"libs/lib39/src/x"})
    assert found.governing_config("libs/lib39/src/a.ts") == "libs/lib39/tsconfig.lib.json"
    assert found.module_for("libs/lib39/src/a.ts", "@/x") == "libs/lib39/src/x"


def test_reference_cycles_end() -> None:
    files = {
        "tsconfig.json": {
            "compilerOptions": {"paths": {"@/*": ["./root/*"]}},
            "references": [{"path": "./tsconfig.a.json"}],
        },
        "tsconfig.a.json": {"files": [], "references": [{"path": "./tsconfig.b.json"}]},
        "tsconfig.b.json": {
            "files": [],
            "references": [{"path": "./tsconfig.a.json"}, {"path": "./tsconfig.json"}],
        },
    }
    found = aliases(files, {"root/x"})
    assert found.governing_config("src/a.ts") == "tsconfig.json"
    assert found.module_for("src/a.ts", "@/x") == "root/x"


def test_a_broken_referenced_config_is_absent() -> None:
    files: dict[str, object] = {
        **VITE,
        "tsconfig.app.json": '{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}, "include": [',
        "tsconfig.node.json": {"compilerOptions": {"paths": {"@/*": ["./node/*"]}}},
    }
    scans = configs(files)
    assert [p.kind for s in scans for p in s.problems] == [ProblemKind.TSCONFIG_IGNORED]
    found = Aliases(scans, lambda module: module if module in {"src/x", "node/x"} else None)
    # the app config is skipped; the node config (no include: everything) takes the file
    assert found.governing_config("src/App.tsx") == "tsconfig.node.json"
    assert found.module_for("src/App.tsx", "@/x") == "node/x"


def test_a_missing_referenced_config_is_absent() -> None:
    files = {
        "tsconfig.json": {
            "compilerOptions": {"paths": {"@/*": ["./src/*"]}},
            "references": [{"path": "./tsconfig.gone.json"}, {"path": "../outside"}],
        }
    }
    found = aliases(files, {"src/x"})
    assert found.module_for("src/a.ts", "@/x") == "src/x"


def test_files_of_one_directory_can_have_different_configs() -> None:
    files = {
        **VITE,
        "tsconfig.node.json": {
            "compilerOptions": {"paths": {"@/*": ["./node/*"]}},
            "include": ["vite.config.ts"],
        },
        "tsconfig.app.json": {
            "compilerOptions": {"paths": {"@/*": ["./src/*"]}},
            "include": ["src", "*.app.ts"],
        },
    }
    found = aliases(files, {"src/x", "node/x"})
    assert found.module_for("main.app.ts", "@/x") == "src/x"
    assert found.module_for("vite.config.ts", "@/x") == "node/x"  # same directory, own config
