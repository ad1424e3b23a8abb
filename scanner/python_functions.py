"""Python functions that may be wrappers: their parameters, and the symbols that name them.

A function becomes a candidate wrapper when one of its parameters reaches a call unchanged
(a `Parameter` in a call's name, properties or arguments). Only those functions get a
`Symbol` in the file's definitions, so call sites in other files can find their parameters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import libcst as cst

from scanner.model import (
    Argument,
    Location,
    NameExpr,
    Param,
    Parameter,
    PendingCall,
    Properties,
    RawCall,
    Symbol,
    SymbolKind,
)
from scanner.python_collect import FunctionInfo
from scanner.python_names import NameReader

Code = Callable[[cst.CSTNode], str]


def function_params(info: FunctionInfo, names: NameReader, code: Code) -> tuple[Param, ...]:
    """The parameters call sites fill, without `self` or `cls`."""
    params = info.node.params
    found: list[Param] = []
    positional = [*params.posonly_params, *params.params]
    if info.is_method and positional:
        positional = positional[1:]
    posonly = {id(p) for p in params.posonly_params}
    for index, param in enumerate(positional):
        name = param.name.value
        keyword = None if id(param) in posonly else name
        found.append(Param(name, index, keyword, **_default(param, names, code)))
    for param in params.kwonly_params:
        name = param.name.value
        found.append(Param(name, None, name, **_default(param, names, code)))
    if isinstance(params.star_kwarg, cst.Param):
        found.append(Param(params.star_kwarg.name.value, None, None, rest=True))
    return tuple(found)


def _default(param: cst.Param, names: NameReader, code: Code) -> dict[str, Any]:
    if param.default is None:
        return {}
    return {"default": names.read(param.default), "default_source": code(param.default)}


def used_functions(calls: Iterable[RawCall], pending: Iterable[PendingCall]) -> set[str]:
    """The functions whose parameters reach a call unchanged in this file."""
    keys: set[str] = set()
    for call in calls:
        keys.update(p.function for p in _parameters(call.event, call.properties))
    for site in pending:
        for argument in _flatten(site.arguments):
            keys.update(p.function for p in _parameters(argument.name, argument.properties))
    return keys


def _parameters(name: NameExpr | None, properties: Properties | None) -> Iterator[Parameter]:
    if isinstance(name, Parameter):
        yield name
    if properties is not None and properties.parameter is not None:
        yield properties.parameter


def _flatten(arguments: tuple[Argument, ...]) -> Iterator[Argument]:
    for argument in arguments:
        yield argument
        yield from _flatten(argument.members)


def function_symbol(
    key: str, info: FunctionInfo, location: Location, names: NameReader, code: Code
) -> Symbol:
    return Symbol(
        key=key,
        kind=SymbolKind.FUNCTION,
        name=info.qualname,
        location=location,
        params=function_params(info, names, code),
    )
