"""Python extraction with libcst: one parse, one traversal, calls and definitions out.

`extract_python(path, content)` is a pure function of the file's bytes; every name that
points into another module stays a qualified `Reference` for `resolve` to join.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider, ScopeProvider

from scanner.model import (
    Definitions,
    Dynamic,
    FileScan,
    Language,
    Location,
    Method,
    NameExpr,
    Properties,
    RawCall,
    Reference,
    Static,
)
from scanner.python_args import bind_argument, read_properties
from scanner.python_collect import Collector, FoundCall
from scanner.python_names import (
    PY,
    Bindings,
    NameReader,
    dotted_parts,
    literal_string,
    module_name_for,
    subscript_component,
)
from scanner.python_problems import decode_problem, failed, syntax_problem
from scanner.sdks import PYTHON_SEGMENT, PythonSdk


class _PythonFile:
    """Interprets what `_Collector` gathered for one file."""

    def __init__(
        self, path: str, module: cst.Module, wrapper: MetadataWrapper, sdk: PythonSdk
    ) -> None:
        self.path = path
        self.module = module
        self.sdk = sdk
        self.bindings = Bindings(
            module=module_name_for(path),
            is_package=path.endswith("__init__.py"),
            scopes=dict(wrapper.resolve(ScopeProvider)),
        )
        self.positions = wrapper.resolve(PositionProvider)
        self.collector = Collector(self.bindings)
        wrapper.visit(self.collector)
        self.names = NameReader(self.bindings)
        self.client_names, self.client_attributes = self._client_bindings()

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    # -- which callees are analytics calls ----------------------------------
    def _is_client_constructor(self, call: cst.Call) -> bool:
        parts = self.names.qualified_parts(call.func, None)
        return parts is not None and ".".join(parts) in self.sdk.client_classes

    def _client_bindings(self) -> tuple[set[cst.Name], set[tuple[str, str]]]:
        """Names and `self.<attr>` slots that hold an SDK client instance."""
        names: set[cst.Name] = set()
        attributes: set[tuple[str, str]] = set()
        for target, value, class_path in self.collector.client_targets:
            if not self._is_client_constructor(value):
                continue
            if isinstance(target, cst.Name):
                names.add(target)
            elif (
                isinstance(target, cst.Attribute)
                and isinstance(target.value, cst.Name)
                and target.value.value == "self"
                and class_path is not None
            ):
                attributes.add((class_path, target.attr.value))
        return names, attributes

    def method_of(self, found: FoundCall) -> Method | None:
        func = found.node.func
        qualified = self.names.qualified_parts(func, None)
        if qualified is not None and ".".join(qualified[:-1]) in self.sdk.modules:
            # `from segment.analytics import page as segment_page`
            return self.sdk.methods.get(qualified[-1])
        parts = dotted_parts(func)
        if parts is None or len(parts) < 2:
            return None
        method = self.sdk.methods.get(parts[-1])
        if method is None:
            return None
        if parts[-2] in self.sdk.receiver_names:
            return method
        if isinstance(func, cst.Attribute) and self._is_client(func.value, found.class_name):
            return method
        return None

    def _is_client(self, receiver: cst.BaseExpression, class_name: str | None) -> bool:
        if isinstance(receiver, cst.Name):
            scope = self.bindings.scopes.get(receiver)
            if scope is None:
                return False
            assignments = list(scope[receiver.value])
            return bool(assignments) and all(
                getattr(a, "node", None) in self.client_names for a in assignments
            )
        if (
            isinstance(receiver, cst.Attribute)
            and isinstance(receiver.value, cst.Name)
            and receiver.value.value == "self"
            and class_name is not None
        ):
            return (class_name, receiver.attr.value) in self.client_attributes
        return False

    # -- reading the call --------------------------------------------------
    def raw_calls(self) -> list[RawCall]:
        calls = []
        for found in self.collector.calls:
            method = self.method_of(found)
            if method is not None:
                calls.append(self.read_call(found, method))
        return calls

    def read_call(self, found: FoundCall, method: Method) -> RawCall:
        node = found.node
        signature = self.sdk.signatures[method]
        event: NameExpr | None = None
        expression: str | None = None
        if signature.event is not None:
            event_arg = bind_argument(node, signature.params, signature.event)
            if isinstance(event_arg, cst.BaseExpression):
                expression = self.code(event_arg)
                event = self.names.read(event_arg, found.class_name)
            else:
                event = Dynamic(event_arg)
                expression = None if event_arg == "missing" else event_arg
            if method is not Method.TRACK and event_arg == "missing":
                event = None  # `page()` without a name
        properties = None
        if signature.properties is not None:
            props_arg = bind_argument(node, signature.params, signature.properties)
            if isinstance(props_arg, cst.BaseExpression):
                properties = read_properties(props_arg, self.names)
            elif props_arg != "missing":
                properties = Properties(dynamic=True)
        span = self.positions[node]
        return RawCall(
            location=Location(self.path, span.start.line, span.start.column + 1),
            end_line=span.end.line,
            end_column=span.end.column + 1,
            language=Language.PYTHON,
            method=method,
            callee=self.code(node.func),
            event=event,
            expression=expression,
            properties=properties,
        )

    # -- definitions ---------------------------------------------------------
    def definitions(self) -> Definitions:
        module = self.bindings.module
        assigned = _module_level_counts(self.collector.constants)
        constants: dict[str, NameExpr] = {}
        for qualified, value, class_path in self.collector.constants:
            if assigned[qualified] != 1:
                continue  # reassigned: not a constant
            expr = self.names.read(value, class_path)
            if not isinstance(expr, Dynamic):
                constants[f"{PY}{module}.{qualified}"] = expr
                if class_path in self.collector.enum_classes:
                    member = qualified.rsplit(".", 1)[-1]
                    constants[f"{PY}{module}.{qualified}.name"] = Static(member)
            elif isinstance(value, cst.Dict):
                for element in value.elements:
                    if not isinstance(element, cst.DictElement):
                        continue
                    key = literal_string(element.key)
                    item = self.names.read(element.value, class_path) if key is not None else None
                    if key is not None and item is not None and not isinstance(item, Dynamic):
                        constants[f"{PY}{module}.{qualified}{subscript_component(key)}"] = item
        for alias, target in self.bindings.imports.items():
            constants.setdefault(f"{PY}{module}.{alias}", _reference(target))
        for index, star in enumerate(self.collector.star_imports):
            constants[f"{PY}{module}.*{index}"] = _reference(star)
        return Definitions(tuple(sorted(constants.items(), key=lambda item: item[0])))


def _reference(target: str) -> NameExpr:
    return Reference(PY + target)


def _module_level_counts(
    constants: list[tuple[str, cst.BaseExpression, str | None]],
) -> dict[str, int]:
    counts: dict[str, int] = {}
    for qualified, _, _ in constants:
        counts[qualified] = counts.get(qualified, 0) + 1
    return counts


def extract_python(path: str, content: bytes, sdk: PythonSdk = PYTHON_SEGMENT) -> FileScan:
    """Find the analytics calls and exported constants of one Python file."""
    try:
        module = cst.parse_module(content)
    except cst.ParserSyntaxError as error:
        return failed(path, syntax_problem(path, content, error.raw_line, error.message))
    except (SyntaxError, UnicodeDecodeError, LookupError) as error:
        return failed(path, decode_problem(path, content, error))
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    scanned = _PythonFile(path, module, wrapper, sdk)
    return FileScan(
        path=path,
        language=Language.PYTHON,
        calls=tuple(scanned.raw_calls()),
        definitions=scanned.definitions(),
    )
