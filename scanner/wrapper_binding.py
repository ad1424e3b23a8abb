"""A wrapper's call site as the call it makes: its arguments bound to the wrapper's parameters.

The event name is the argument the call site passes for the wrapper's event parameter; the
properties are the wrapper's own properties with what the call site passes for its
properties parameter filled in (`{...props, surface: "web"}` keeps `surface`).
"""

from __future__ import annotations

from dataclasses import dataclass

from scanner.model import (
    Argument,
    Dynamic,
    Method,
    NameExpr,
    Param,
    PendingCall,
    Properties,
    PropertyEntry,
    RawCall,
    Symbol,
    WrapperRef,
)


@dataclass(frozen=True, slots=True)
class Fact:
    """Why a function is a wrapper: the call its event parameter reaches."""

    symbol: Symbol
    parameter: str
    forwarded: RawCall  # the call inside it (an SDK call, or a call site of another wrapper)


def bind(site: PendingCall, fact: Fact) -> RawCall:
    """A wrapper's call site as the call it makes: named by the argument for its parameter."""
    params = fact.symbol.params
    inner = fact.forwarded
    param = next(p for p in params if p.name == fact.parameter)
    argument = bind_parameter(site.arguments, param)
    event: NameExpr | None
    expression: str | None
    if isinstance(argument, Argument):
        event, expression = argument.name, argument.expression
    elif argument is None and param.default is not None:
        event, expression = param.default, param.default_source  # the default value
    elif argument is None:
        event, expression = Dynamic("missing"), None
        if inner.method is not Method.TRACK:
            event = None
    else:
        event, expression = Dynamic("spread arguments"), argument
    return RawCall(
        location=site.location,
        end_line=site.end_line,
        end_column=site.end_column,
        language=site.language,
        method=inner.method,
        callee=site.callee,
        event=event,
        expression=expression,
        properties=_properties(site, fact, params),
        sdk=inner.sdk,
        name_format=inner.name_format,
        wrapper=WrapperRef(fact.symbol.name, fact.symbol.location or site.location),
    )


def bind_parameter(arguments: tuple[Argument, ...], param: Param) -> Argument | str | None:
    """The argument a call site passes for a parameter; a string when a spread hides it
    (its source text), None when the call does not pass it."""
    if param.keyword is not None:
        for argument in arguments:
            if argument.index is None and argument.keyword == param.keyword and not argument.spread:
                return argument
    found: Argument | str | None = None
    if param.index is not None:
        for argument in arguments:
            if argument.spread and not argument.expression.startswith("**"):
                found = argument.expression
                break
            if argument.index == param.index:
                found = argument
                break
    if found is None and param.keyword is not None:
        spread = next((a for a in arguments if a.spread and a.expression.startswith("**")), None)
        if spread is not None:
            return spread.expression
    if isinstance(found, Argument) and param.key is not None:
        member = next((m for m in found.members if m.keyword == param.key and not m.spread), None)
        if member is not None:
            return member
        if not found.members and found.properties is None:
            return None
        return found.expression  # not an object literal, or a spread in it
    return found


def _properties(site: PendingCall, fact: Fact, params: tuple[Param, ...]) -> Properties | None:
    """The wrapper's call's properties, with what the call site passes filled in."""
    inner = fact.forwarded.properties
    if inner is None or inner.parameter is None or inner.parameter.function != fact.symbol.key:
        return inner
    param = next((p for p in params if p.name == inner.parameter.name), None)
    if param is None:
        return Properties(inner.entries, True)
    given: Properties | None
    if param.rest:
        given = _keyword_properties(site.arguments, params)
    else:
        argument = bind_parameter(site.arguments, param)
        if isinstance(argument, Argument):
            given = argument.properties
        else:
            given = None if argument is None else Properties(dynamic=True)
    if given is None and not inner.entries:
        return None  # `props` left out (or None), passed on as it is
    before, after = inner.entries[: inner.parameter_at], inner.entries[inner.parameter_at :]
    given = given or Properties()
    merged: dict[str, PropertyEntry] = {}
    for entry in (*before, *given.entries, *after):
        merged.pop(entry.key, None)  # a later key replaces an earlier one, as at run time
        merged[entry.key] = entry
    if given.parameter is not None:  # passed on again by an enclosing wrapper
        return Properties(
            tuple(merged.values()), True, given.parameter, len(before) + given.parameter_at
        )
    return Properties(tuple(merged.values()), given.dynamic)


def _keyword_properties(arguments: tuple[Argument, ...], params: tuple[Param, ...]) -> Properties:
    """Python `**props`: every keyword argument no other parameter takes."""
    taken = {p.keyword for p in params if p.keyword is not None}
    entries = tuple(
        PropertyEntry(a.keyword, a.entry_type, a.entry_value)
        for a in arguments
        if a.index is None and a.keyword is not None and a.keyword not in taken and not a.spread
    )
    dynamic = any(a.spread and a.expression.startswith("**") for a in arguments)
    return Properties(entries, dynamic)
