"""Calls to wrappers and clients another file defines: recorded for `resolve` to bind.

Only calls whose callee spells a name the options list (a wrapper's or an exported client's)
are recorded, with their arguments read every way `resolve` may need them.
"""

from __future__ import annotations

import posixpath

from scanner.javascript.callees import Callees
from scanner.javascript.calls import CallFinder
from scanner.javascript.functions import Functions
from scanner.javascript.modules import split_target
from scanner.javascript.parse import Node, text
from scanner.javascript.reading import CallReader, CallSite, callee_source
from scanner.model import ClientReading, PendingCall
from scanner.sdks import JsForm


def pending_call(
    node: Node,
    functions: Functions,
    finder: CallFinder,
    reader: CallReader,
    symbols: frozenset[str],
) -> PendingCall | None:
    function = node.child_by_field_name("function")
    target = Callees(functions).callee_target(function) if function is not None else None
    if target is None or not symbols.intersection(spelled_names(target)):
        return None
    readings: list[ClientReading] = []
    prop = function.child_by_field_name("property") if function is not None else None
    if function is not None and function.type == "member_expression" and prop is not None:
        for clients in finder.clients:
            forms: set[JsForm | None] = {factory.form for factory in clients.sdk.factories}
            for form in sorted(forms or {None}, key=lambda f: f.value if f else ""):
                spec = clients.sdk.method(text(prop), form)
                if spec is None:
                    continue
                call = reader.read(CallSite(node, spec, clients.sdk, form))
                readings.append(ClientReading(clients.sdk.name, form.value if form else "", call))
    location, end_line, end_column = reader.span(node)
    return PendingCall(
        target=target,
        location=location,
        end_line=end_line,
        end_column=end_column,
        language=reader.language,
        callee=callee_source(node),
        arguments=reader.objects.arguments(node),
        readings=tuple(readings),
    )


def spelled_names(target: str) -> set[str]:
    """The identifiers a call site spells to reach `target`: its members, and for a default
    export the module's file (or directory) name, which the import specifier spells."""
    module, path = split_target(target)
    names = {part.split("@", 1)[0] for part in path if not part.startswith("[")}
    if path and path[0] == "default":
        stem = posixpath.basename(module)
        names.add(posixpath.basename(posixpath.dirname(module)) if stem == "index" else stem)
    return names
