"""Python extraction with libcst: one parse, one traversal, calls and definitions out.

`extract_python(path, content, options)` is a pure function of the file's bytes and the
options; every name that points into another module stays a qualified `Reference` for
`resolve` to join, and calls to wrappers or clients defined elsewhere stay `PendingCall`s.

libcst parses; the names' scopes and the positions of the nodes a report shows come from
`scanner.python_walk` and `scanner.python_positions` (one light pass), or, with
`reference=True` and wherever that pass cannot promise the same answers, from libcst's own
`ScopeProvider` and `PositionProvider`.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol

import libcst as cst
from libcst._position import CodeRange
from libcst.metadata import MetadataWrapper, PositionProvider, ScopeProvider

from scanner.model import (
    ClientReading,
    Definitions,
    Dynamic,
    FileScan,
    Language,
    Location,
    NameExpr,
    PendingCall,
    RawCall,
    Reference,
    Static,
    Symbol,
    SymbolKind,
)
from scanner.options import CallPattern, ExtractOptions, match_pattern
from scanner.prefilter import needles_for
from scanner.python_args import read_arguments
from scanner.python_calls import (
    CallMatcher,
    CallReader,
    SdkCall,
    callee_text,
)
from scanner.python_clients import is_client_constructor
from scanner.python_collect import Collector, FoundCall
from scanner.python_functions import function_symbol, used_functions
from scanner.python_modules import CALL, PY, join_components, module_name_for, subscript_component
from scanner.python_names import Bindings, NameReader, literal_string
from scanner.python_positions import LazyPositions, top_level_lines
from scanner.python_problems import decode_problem, failed, syntax_problem
from scanner.python_scopes import LibcstScopes
from scanner.python_slice import WORD, prepare_python
from scanner.python_walk import Unsupported, walk

DEFAULT_OPTIONS = ExtractOptions()


class _Positions(Protocol):
    def __getitem__(self, node: cst.CSTNode) -> CodeRange: ...


class _PythonFile:
    """Interprets what the `Collector` gathered for one file."""

    def __init__(
        self,
        path: str,
        module: cst.Module,
        options: ExtractOptions,
        reference: bool,
        statement_lines: tuple[int, ...] | None = None,
    ) -> None:
        self.path = path
        self.module = module
        self.options = options
        self.sdks = options.python_sdks()
        self.bindings, self.collector, self.positions = _analyse(
            path, module, reference, statement_lines
        )
        self.names = NameReader(self.bindings)
        self.matcher = CallMatcher(self.sdks, self.collector, self.names, self.bindings)
        self.reader = CallReader(path, self.names, self.code, self.positions, module)
        self.patterns = tuple(p for p in options.calls if p.applies_to(Language.PYTHON))
        self.symbol_names = options.symbol_names(path)
        self.calls: list[RawCall] = []
        self.pending: list[PendingCall] = []
        # Nodes whose positions definitions may need (functions, clients), announced before
        # any position is read so that one pass over the code finds them all.
        for info in self.collector.functions.values():
            self._want(info.node.name)
        for _, value, _ in self.collector.constants:
            if isinstance(value, cst.Call):
                self._want(value)
        for class_info in self.collector.classes.values():
            for _, value in class_info.self_assignments:
                if isinstance(value, cst.Call):
                    self._want(value)

    def _want(self, node: cst.CSTNode) -> None:
        if isinstance(self.positions, LazyPositions):
            self.positions.want(node)

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def location(self, node: cst.CSTNode) -> Location:
        span = self.positions[node]
        return Location(self.path, span.start.line, span.start.column + 1)

    # -- calls -------------------------------------------------------------
    def read_calls(self) -> None:
        # Decide first, read after: every call read is announced to the positions first.
        chosen: list[tuple[FoundCall, SdkCall | CallPattern | list[str]]] = []
        for found in self.collector.calls:
            call = self.matcher.match(found)
            if call is not None:
                chosen.append((found, call))
                continue
            pattern = None
            if self.patterns:
                text = callee_text(found.node.func)
                pattern = match_pattern(self.patterns, text, Language.PYTHON) if text else None
            if pattern is not None:
                chosen.append((found, pattern))
            elif self.symbol_names:
                parts = self.names.qualified_parts(found.node.func, found.class_name)
                if parts is not None and self.symbol_names.intersection(parts):
                    chosen.append((found, parts))
        for found, _ in chosen:
            self._want(found.node)
        for found, how in chosen:
            if isinstance(how, SdkCall):
                self.calls.append(self.reader.read(found, how))
            elif isinstance(how, CallPattern):
                self.calls.append(self.reader.read_pattern(found, how))
            else:
                self._pending(found, how)

    def _pending(self, found: FoundCall, parts: list[str]) -> None:
        """A call to a wrapper or client another file defines (by a name it spells)."""
        func = found.node.func
        readings: list[ClientReading] = []
        if isinstance(func, cst.Attribute):
            for sdk in self.sdks:
                spec = sdk.methods.get(func.attr.value)
                if spec is not None:
                    call = self.reader.read(found, SdkCall(sdk, spec))
                    readings.append(ClientReading(sdk.name, "", call))
        location, end_line, end_column, callee = self.reader.site(found)
        self.pending.append(
            PendingCall(
                target=PY + join_components(parts),
                location=location,
                end_line=end_line,
                end_column=end_column,
                language=Language.PYTHON,
                callee=callee,
                arguments=read_arguments(found.node, self.names, found.class_name),
                readings=tuple(readings),
            )
        )

    # -- definitions ---------------------------------------------------------
    def definitions(self) -> Definitions:
        module = self.bindings.module
        assigned = _module_level_counts(self.collector.constants)
        constants: dict[str, NameExpr] = {}
        for qualified, value, class_path in self.collector.constants:
            if assigned[qualified] != 1 or qualified in self.collector.rebound_globals:
                continue  # reassigned, here or by a function's `global`: not a constant
            key = f"{PY}{module}.{qualified}"
            if isinstance(value, cst.Call):
                made = self._made_by(value, key, qualified)
                if made is not None:
                    constants[key] = made
                continue
            expr = self.names.read(value, class_path)
            if not isinstance(expr, Dynamic):
                constants[key] = expr
                if class_path in self.collector.enum_classes:
                    member = qualified.rsplit(".", 1)[-1]
                    constants[f"{key}.name"] = Static(member)
            elif isinstance(value, cst.Dict):
                for element in value.elements:
                    if not isinstance(element, cst.DictElement):
                        continue
                    item_key = literal_string(element.key)
                    item = (
                        self.names.read(element.value, class_path) if item_key is not None else None
                    )
                    if item_key is not None and item is not None and not isinstance(item, Dynamic):
                        constants[f"{key}{subscript_component(item_key)}"] = item
        self._classes(constants)
        self._functions(constants)
        for alias, target in self.bindings.imports.items():
            constants.setdefault(f"{PY}{module}.{alias}", _reference(target))
        for index, star in enumerate(self.collector.star_imports):
            constants[f"{PY}{module}.*{index}"] = _reference(star)
        return Definitions(tuple(sorted(constants.items(), key=lambda item: item[0])))

    def _made_by(self, value: cst.Call, key: str, name: str) -> NameExpr | None:
        """What `x = make(...)` binds: an SDK client, or the value `make` returns."""
        for sdk in self.sdks:
            if is_client_constructor(value, sdk, self.names):
                return Symbol(key, SymbolKind.CLIENT, name, self.location(value), sdk=sdk.name)
        parts = self.names.qualified_parts(value, None)
        return None if parts is None else Reference(PY + join_components(parts))

    def _classes(self, constants: dict[str, NameExpr]) -> None:
        """Instances and bases: `Tracker()` has `Tracker`'s methods, and so do subclasses."""
        module = self.bindings.module
        for path, info in self.collector.classes.items():
            own = f"{PY}{module}.{path}"
            constants[f"{own}.{CALL}"] = Reference(own)
            for index, base in enumerate(info.bases):
                parts = self.names.qualified_parts(base, None)
                if parts is not None:
                    constants[f"{own}.^{index}"] = Reference(PY + join_components(parts))
            counts: dict[str, int] = {}
            for attr, _ in info.self_assignments:
                counts[attr] = counts.get(attr, 0) + 1
            for attr, value in info.self_assignments:
                key = f"{own}.{attr}"
                if counts[attr] == 1 and isinstance(value, cst.Call) and key not in constants:
                    made = self._made_by(value, key, f"{path}.{attr}")
                    if made is not None:
                        constants[key] = made

    def _functions(self, constants: dict[str, NameExpr]) -> None:
        by_key = {
            f"{PY}{self.bindings.module}.{info.qualname}": info
            for info in self.collector.functions.values()
        }
        for key in sorted(used_functions(self.calls, self.pending)):
            info = by_key.get(key)
            if info is not None:
                constants[key] = function_symbol(
                    key, info, self.location(info.node.name), self.names, self.code
                )


def _reference(target: str) -> NameExpr:
    return Reference(PY + target)


def _module_level_counts(
    constants: list[tuple[str, cst.BaseExpression, str | None]],
) -> dict[str, int]:
    counts: dict[str, int] = {}
    for qualified, _, _ in constants:
        counts[qualified] = counts.get(qualified, 0) + 1
    return counts


def _analyse(
    path: str, module: cst.Module, reference: bool, statement_lines: tuple[int, ...] | None
) -> tuple[Bindings, Collector, _Positions]:
    """Walk the module once: what its names mean, what it holds, where its nodes are."""
    if not reference:
        bindings = _bindings(path)
        collector = Collector(bindings)
        tops: dict[cst.CSTNode, cst.CSTNode] = {}
        try:
            bindings.scopes = walk(module, collector, tops)
            lines = top_level_lines(module, statement_lines)
            return bindings, collector, LazyPositions(module, tops, lines)
        except Unsupported:
            pass  # libcst's own providers decide this file
    bindings = _bindings(path)
    collector = Collector(bindings)
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    bindings.scopes = LibcstScopes(wrapper.resolve(ScopeProvider))
    positions = wrapper.resolve(PositionProvider)
    wrapper.visit(collector)
    return bindings, collector, positions


@cache
def _interest(options: ExtractOptions) -> frozenset[str]:
    """The words a function must mention to be worth parsing (`scanner.python_slice`)."""
    needles = needles_for(Language.PYTHON, options)
    if needles is None:
        return frozenset()
    words = (WORD.findall(needle.decode("utf-8", "replace")) for needle in needles)
    return frozenset(word for found in words for word in found)


def _bindings(path: str) -> Bindings:
    return Bindings(module=module_name_for(path), is_package=path.endswith("__init__.py"))


def extract_python(
    path: str,
    content: bytes,
    options: ExtractOptions = DEFAULT_OPTIONS,
    *,
    reference: bool = False,
) -> FileScan:
    """Find the analytics calls and exported constants of one Python file.

    `reference=True` takes scopes and positions from libcst's providers everywhere: the
    slower original, kept to check the fast pass against (`ScanOptions.fast`).
    """
    prepared = None
    if not reference:
        interest = _interest(options)
        prepared = prepare_python(content, path, interest, statements=options.calls_only)
    sliced = prepared is not None and prepared.sliced
    if prepared is not None and prepared.sliced:
        try:
            module = cst.parse_module(prepared.content)
        except (cst.ParserSyntaxError, SyntaxError, UnicodeDecodeError, LookupError):
            sliced = False  # the original text decides, and names any problem
    try:
        if not sliced:
            module = cst.parse_module(content)
    except cst.ParserSyntaxError as error:
        return failed(path, syntax_problem(path, content, error.raw_line, error.message))
    except (SyntaxError, UnicodeDecodeError, LookupError) as error:
        return failed(path, decode_problem(path, content, error))
    lines = prepared.statement_lines if prepared is not None else None
    scanned = _PythonFile(path, module, options, reference, lines)
    scanned.read_calls()
    complete_names = None
    if sliced and prepared is not None and prepared.complete_names is not None:
        complete_names = tuple(sorted(prepared.complete_names))
    return FileScan(
        path=path,
        language=Language.PYTHON,
        calls=tuple(scanned.calls),
        definitions=scanned.definitions(),
        pending=tuple(scanned.pending),
        complete_names=complete_names,
    )
