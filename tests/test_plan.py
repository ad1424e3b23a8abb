"""Native plan loading: every error names the file, the line and the key path."""

from __future__ import annotations

from pathlib import Path

import pytest

from scanner.errors import PlanError
from scanner.model import Method
from scanner.plan import find_default_plan, load_plan


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(path: Path) -> list[str]:
    with pytest.raises(PlanError) as caught:
        load_plan(path, path.name)
    return [str(detail) for detail in caught.value.details]


def test_loads_every_field(tmp_path: Path) -> None:
    plan = load_plan(
        write(
            tmp_path,
            "plan.yaml",
            "name: Shop\nversion: 2\nevents:\n"
            "  - name: Signed Up\n    description: Why\n    owner: growth\n"
            "    properties:\n"
            "      - {name: type, type: string, required: true, enum: [organic, invite]}\n"
            "      - {name: seats, type: [integer, 'null']}\n"
            "  - name: Home\n    type: page\n",
        )
    )
    assert plan.name == "Shop" and plan.version == "2"
    signed_up, home = plan.events
    assert signed_up.description == "Why" and signed_up.owner == "growth"
    assert signed_up.source is not None and signed_up.source.line == 4
    assert signed_up.properties is not None
    kind, seats = signed_up.properties
    assert kind.required and kind.types == ("string",) and kind.enum == ("organic", "invite")
    assert seats.types == ("integer", "null") and not seats.required
    assert home.method is Method.PAGE and home.properties is None


def test_yaml_booleans_do_not_eat_event_names(tmp_path: Path) -> None:
    plan = load_plan(write(tmp_path, "p.yaml", "events:\n  - name: No\n  - name: on\n"))
    assert [e.name for e in plan.events] == ["No", "on"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "events:\n  - name: A\n    properties:\n      - {name: x, requierd: true}\n",
            [
                "p.yaml:4: events[0].properties[0]: 'requierd' is not a known key (did you mean 'required'?)"
            ],
        ),
        (
            "events:\n  - name: A\n  - name: B\n    type: trak\n",
            [
                "p.yaml:4: events[1].type: 'trak' is not one of: track, identify, page, screen, group"
            ],
        ),
        ("events:\n  - description: x\n", ["p.yaml:2: events[0]: 'name' is required"]),
        ("events:\n  - name: ''\n", ["p.yaml:2: events[0].name: must not be empty"]),
        ("events:\n  - name: 12\n", ["p.yaml:2: events[0].name: expected string, got integer"]),
        ("events: {name: A}\n", ["p.yaml:1: events: expected array, got object"]),
        (
            "evnts: []\n",
            [
                "p.yaml:1: (top level): 'events' is required",
                "p.yaml:1: (top level): 'evnts' is not a known key (did you mean 'events'?)",
            ],
        ),
        (
            "events:\n  - name: A\n    properties:\n      - {name: x, type: strng}\n",
            [
                "p.yaml:4: events[0].properties[0].type: 'strng' is not one of: "
                "string, number, integer, boolean, object, array, null, any"
            ],
        ),
        (
            "events:\n  - name: A\n  - name: B\n  - name: A\n",
            ["p.yaml:4: duplicate track event 'A' (first defined on line 2)"],
        ),
        (
            "events:\n  - name: A\n    name: B\n",
            ["p.yaml:3: events[0].name: duplicate key (first defined on line 2)"],
        ),
        (
            "events:\n  - name: [A\n",
            ["p.yaml:3: invalid YAML: expected ',' or ']', but got '<stream end>'"],
        ),
        ("", ["p.yaml:1: plan file is empty: expected a mapping with an 'events' list"]),
        ("- just\n- a list\n", ["p.yaml:1: (top level): expected object, got array"]),
    ],
)
def test_yaml_errors_name_file_line_and_key(tmp_path: Path, text: str, expected: list[str]) -> None:
    assert errors_of(write(tmp_path, "p.yaml", text)) == expected


def test_json_syntax_error_has_line(tmp_path: Path) -> None:
    path = write(tmp_path, "p.json", '{\n  "events": [\n    {"name": "A",}\n  ]\n}\n')
    (message,) = errors_of(path)
    assert message.startswith(
        "p.json:3: invalid JSON: Expecting property name enclosed in double quotes"
    )


def test_json_schema_errors_have_lines(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "p.json",
        '{\n  "events": [\n    {"name": "A"},\n    {"name": "B", "owner": 3}\n  ]\n}\n',
    )
    assert errors_of(path) == ["p.json:4: events[1].owner: expected string, got integer"]


def test_every_error_is_reported_not_just_the_first(tmp_path: Path) -> None:
    path = write(tmp_path, "p.yaml", "events:\n  - {name: A, typo: 1}\n  - {name: B, type: x}\n")
    assert len(errors_of(path)) == 2


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: d / "missing.yaml", "plan file not found"),
        (lambda d: d, "no tracking plan found in this directory"),
        (lambda d: write(d, "plan.xml", "x"), "unsupported plan file type"),
        (
            lambda d: (
                (d / "bad.yaml").write_bytes(b"events:\n  - name: caf\xe9\n") and d / "bad.yaml"
            ),
            "not valid UTF-8",
        ),
    ],
)
def test_unusable_plan_files(tmp_path: Path, setup, message: str) -> None:
    path = setup(tmp_path)
    assert message in "\n".join(errors_of(path))


def test_default_plan_is_found_in_order(tmp_path: Path) -> None:
    assert find_default_plan(tmp_path) is None
    write(tmp_path, "tracking-plan.json", '{"events": []}')
    assert find_default_plan(tmp_path) == tmp_path / "tracking-plan.json"
    write(tmp_path, "tracking-plan.yml", "events: []\n")
    assert find_default_plan(tmp_path) == tmp_path / "tracking-plan.yml"
    write(tmp_path, "tracking-plan.yaml", "events: []\n")
    assert find_default_plan(tmp_path) == tmp_path / "tracking-plan.yaml"


def test_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(b"\xef\xbb\xbfevents:\n  - name: A\n")
    assert [e.name for e in load_plan(path).events] == ["A"]
