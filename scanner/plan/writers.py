"""Writing plans: the native YAML `trackscan init` drafts, and spreadsheet CSV.

The YAML is written as text so that it can carry comments (where each event is sent, values
seen, what a person must still decide); every scalar goes through PyYAML's emitter, so any
name a codebase holds comes out correctly quoted and reads back unchanged.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence

import yaml

from scanner.model import Call, Location, Method
from scanner.plan.csv_table import safe_row
from scanner.plan.draft import Draft, DraftEvent, DraftProperty

LOCATIONS_PER_LINE = 4
_HIDDEN_CATEGORIES = ("Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn")
CSV_HEADER = (
    "Event",
    "Call Type",
    "Property",
    "Property Type",
    "Required",
    "Description",
    "Owner",
    "Where",
)


def yaml_scalar(value: str | int | float | bool | None) -> str:
    """One scalar as YAML flow text, quoted when plain text would read back differently."""
    # Line breaks and control characters only stay on one line inside double quotes, and
    # invisible ones (bidi overrides, zero-width) are written as escapes a reviewer can see.
    hidden = isinstance(value, str) and any(
        unicodedata.category(char) in _HIDDEN_CATEGORIES for char in value
    )
    style = '"' if isinstance(value, str) and not value.isprintable() else None
    text = yaml.safe_dump(
        value,
        default_flow_style=True,
        default_style=style,
        allow_unicode=not hidden,
        width=1 << 30,
    )
    return text.removesuffix("\n").removesuffix("\n...").removesuffix("\n")


def comment_text(text: str) -> str:
    """Text safe inside a YAML comment: one line, control characters escaped."""
    return "".join(
        char if char.isprintable() or char == " " else char.encode("unicode_escape").decode()
        for char in text
    )


def where(location: Location) -> str:
    return f"{location.path}:{location.line}"


def render_yaml(draft: Draft, source: str, name: str | None) -> str:
    lines = [
        f"# Tracking plan drafted by `trackscan init` from the code in {comment_text(source)}.",
        "# Review every event: say why it is tracked (description), who owns it (owner), and",
        "# which properties it must send (required), then check the code with `trackscan`.",
    ]
    if name:
        lines.append(f"name: {yaml_scalar(name)}")
    lines.append("events:" if draft.events else "events: []")
    for item in draft.events:
        lines += _yaml_event(item)
    if draft.dynamic:
        lines += ["", *_dynamic_comment(draft.dynamic)]
    return "\n".join(lines) + "\n"


def _yaml_event(item: DraftEvent) -> list[str]:
    event = item.event
    count = len(item.locations)
    lines = ["", f"  # {count} call{'s' if count != 1 else ''}:"]
    lines += _location_comments(item.locations, "  #   ")
    lines.append(f"  - name: {yaml_scalar(event.name)}")
    if event.method is not Method.TRACK:
        lines.append(f"    type: {event.method.value}")
    lines.append('    description: ""')
    if item.open_properties:
        lines.append("    # Properties are also built at run time here; add the ones it sends:")
        lines += _location_comments(item.open_properties, "    #   ")
    if event.properties is None:
        return lines
    if not item.properties:
        lines.append("    properties: []")
        return lines
    lines.append("    properties:")
    for prop in item.properties:
        lines += _yaml_property(prop)
    return lines


def _yaml_property(item: DraftProperty) -> list[str]:
    prop = item.planned
    lines = [f"      - name: {yaml_scalar(prop.name)}"]
    if len(prop.types) == 1:
        lines.append(f"        type: {yaml_scalar(prop.types[0])}")
    elif prop.types:
        lines.append(f"        type: [{', '.join(yaml_scalar(t) for t in prop.types)}]")
    if prop.required:
        lines.append("        required: true")
    if item.examples:
        lines.append(f"        # seen: {comment_text(', '.join(item.examples))}")
    return lines


def _location_comments(locations: Sequence[Location], prefix: str) -> list[str]:
    shown = [comment_text(where(loc)) for loc in locations]
    return [
        prefix + ", ".join(shown[start : start + LOCATIONS_PER_LINE])
        for start in range(0, len(shown), LOCATIONS_PER_LINE)
    ]


def _dynamic_comment(calls: Iterable[Call]) -> list[str]:
    lines = [
        "# Calls whose event name is only known at run time. Find the names they send and add",
        "# them above, or build the names from constants trackscan can read:",
    ]
    for call in calls:
        expression = comment_text(" ".join((call.expression or "…").split()))
        lines.append(f"#   {where(call.location)}  {call.method.value}({expression})")
    return lines


def fits_a_cell(name: str) -> bool:
    """Whether a name survives a spreadsheet: cells are trimmed when read back."""
    return bool(name) and name == name.strip()


def render_csv(draft: Draft) -> str:
    """The draft as a spreadsheet: one row per property, the event repeated on each row.

    Names with spaces at either end cannot survive a trimmed cell, and would collide with
    their trimmed twin; they are left out (`init` warns about each).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    write = writer.writerow
    for item in draft.events:
        event = item.event
        if not fits_a_cell(event.name):
            continue
        locations = "; ".join(where(loc) for loc in item.locations)
        base = (event.name, event.method.value)
        properties = [p for p in item.properties if fits_a_cell(p.planned.name)]
        if not properties:
            write(safe_row(*base, "", "", "", "", "", locations))
        for prop in properties:
            planned = prop.planned
            write(
                safe_row(
                    *base,
                    planned.name,
                    " | ".join(planned.types),
                    "yes" if planned.required else "",
                    "",
                    "",
                    locations,
                )
            )
    return out.getvalue()
