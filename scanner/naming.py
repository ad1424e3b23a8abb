"""Naming conventions: event names in Title Case or Object Action, keys in snake_case, ...

A name that breaks the team's convention is a warning, not a plan violation: it is found
where the name is defined, the plan for planned names and the call for the rest, so a
planned name used in fifty calls warns once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from scanner.model import (
    CallResult,
    Location,
    Method,
    PlannedEvent,
    ReportWarning,
    TrackingPlan,
    Value,
    WarningKind,
)

EVENT_CONVENTIONS = ("title-case", "object-action", "snake_case", "camelCase")
PROPERTY_CONVENTIONS = ("snake_case", "camelCase", "title-case")

# Title Case keeps short function words in lower case: "Product Added to Wishlist".
_MINOR = "a an and as at but by for from in into of on or per the to via vs with"
# Past participles that do not end in -ed, for Object Action names ("Email Sent").
_IRREGULAR = (
    "begun bought built chosen done drawn driven drunk eaten fallen felt found forgotten "
    "given gone got gotten grown heard held hidden hit kept known laid led left lent lost "
    "made meant met paid put quit read reset run said seen sent set shown shut sold spent "
    "split spun stolen struck swept taken taught thought thrown told undone understood "
    "unset upset woken won withdrawn worn written"
)
# Segment's reserved traits are camelCase whatever the team's style (`firstName`).
_RESERVED = (
    "address age avatar birthday company createdAt description email employees firstName "
    "gender id industry lastName name phone plan title username website"
)
# Phrasal actions end in a particle: "Signed Up", "Logged In", "Opted Out".
_PARTICLES = frozenset(["up", "in", "out", "on", "off", "down", "over", "back", "away"])
_MINOR_WORDS = frozenset(_MINOR.split())
_IRREGULAR_PAST = frozenset(_IRREGULAR.split())
_RESERVED_TRAITS = frozenset(_RESERVED.split())


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class NamingConventions(Value):
    """The naming conventions event and property names are checked against."""

    events: str | None = None  # one of EVENT_CONVENTIONS
    properties: str | None = None  # one of PROPERTY_CONVENTIONS

    @property
    def active(self) -> bool:
        return self.events is not None or self.properties is not None


def _words(name: str) -> list[str]:
    return name.split(" ")


def is_title_case(name: str) -> bool:
    words = _words(name)
    if not name or name != name.strip() or "" in words or "_" in name:
        return False
    for position, word in enumerate(words):
        first = word[0]
        if first.isupper() or first.isdigit() or any(c.isupper() for c in word[1:]):
            continue  # "Order", "3D", "iOS"
        if position > 0 and word in _MINOR_WORDS:
            continue
        return False
    return True


def is_object_action(name: str) -> bool:
    words = _words(name)
    if len(words) < 2 or not is_title_case(name):
        return False
    # The action ends the name, or comes before a phrase: "Product Added to Wishlist".
    head = next((words[:i] for i in range(1, len(words)) if words[i] in _MINOR_WORDS), words)
    if len(head) >= 2 and head[-1].lower() in _PARTICLES:
        head = head[:-1]  # "Signed Up", "Logged In"
    action = head[-1].lower()
    return action.endswith("ed") or action in _IRREGULAR_PAST


def is_snake_case(name: str) -> bool:
    return re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*", name) is not None


def is_camel_case(name: str) -> bool:
    return re.fullmatch(r"[a-z][a-z0-9]*(?:[A-Z0-9][a-z0-9]*)*", name) is not None


CHECKS: dict[str, Callable[[str], bool]] = {
    "title-case": is_title_case,
    "object-action": is_object_action,
    "snake_case": is_snake_case,
    "camelCase": is_camel_case,
}
_EVENT_EXAMPLES = {
    "title-case": "Title Case (e.g. 'Order Completed')",
    "object-action": "Object Action (e.g. 'Product Viewed')",
    "snake_case": "snake_case (e.g. 'order_completed')",
    "camelCase": "camelCase (e.g. 'orderCompleted')",
}
_KEY_EXAMPLES = {
    "title-case": "Title Case (e.g. 'Order Id')",
    "snake_case": "snake_case (e.g. 'order_id')",
    "camelCase": "camelCase (e.g. 'orderId')",
}


def naming_warnings(
    plan: TrackingPlan | None,
    matched: Iterable[tuple[CallResult, PlannedEvent | None]],
    conventions: NamingConventions,
) -> tuple[ReportWarning, ...]:
    """Every name that breaks a convention, once where it is defined.

    `matched` pairs each call's result with the planned event it implements, if any.
    """
    if not conventions.active:
        return ()
    found: list[ReportWarning] = []
    for event in plan.events if plan is not None else ():
        where = event.source or Location(plan.path if plan else "", 1, 1)
        found += _event_name(event.name, event.method, where, conventions, event.any_name)
        for prop in event.properties or ():
            found += _property_key(prop.name, event, where, conventions)
    for result, planned in matched:
        call = result.call
        if call.event is not None and planned is None:
            found += _event_name(call.event, call.method, call.location, conventions, False)
        listed = {p.name for p in planned.properties or ()} if planned is not None else set()
        for key in dict.fromkeys(call.properties.keys if call.properties else ()):
            if key not in listed:
                found += _property_key(key, planned, call.location, conventions, call.method)
    return tuple(sorted(found))


def _event_name(
    name: str, method: Method, where: Location, conventions: NamingConventions, any_name: bool
) -> list[ReportWarning]:
    # Page and screen names ("Home", "Pricing") and identify/group rules have no event name.
    if conventions.events is None or method is not Method.TRACK or any_name:
        return []
    if CHECKS[conventions.events](name):
        return []
    return [
        ReportWarning(
            where,
            WarningKind.EVENT_NAMING,
            name,
            conventions.events,
            f"event name '{name}' is not {_EVENT_EXAMPLES[conventions.events]}",
        )
    ]


def _property_key(
    key: str,
    event: PlannedEvent | None,
    where: Location,
    conventions: NamingConventions,
    method: Method | None = None,
) -> list[ReportWarning]:
    if conventions.properties is None:
        return []
    method = event.method if event is not None else method
    if method in (Method.IDENTIFY, Method.GROUP) and key in _RESERVED_TRAITS:
        return []
    if CHECKS[conventions.properties](key):
        return []
    owner = f" of '{event.name}'" if event is not None else ""
    noun = "trait" if method in (Method.IDENTIFY, Method.GROUP) else "property"
    return [
        ReportWarning(
            where,
            WarningKind.PROPERTY_NAMING,
            key,
            conventions.properties,
            f"{noun} '{key}'{owner} is not {_KEY_EXAMPLES[conventions.properties]}",
            event.name if event is not None else None,
        )
    ]
