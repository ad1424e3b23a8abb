"""Python extraction with libcst: one parse, one traversal, calls and definitions out.

`extract_python(path, content)` is a pure function of the file's bytes; every name that
points into another module stays a qualified `Reference` for `resolve` to join.
"""

from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass

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
    Problem,
    ProblemKind,
    Properties,
    PropertyEntry,
    RawCall,
    Reference,
    Static,
    ValueType,
)
from scanner.python_names import (
    PY,
    Bindings,
    NameReader,
    dotted_parts,
    iter_assign_targets,
    literal_string,
    module_name_for,
    subscript_component,
)
from scanner.sdks import PYTHON_SEGMENT, PythonSdk


@dataclass(frozen=True, slots=True)
class _FoundCall:
    node: cst.Call
    class_name: str | None  # dotted path of the enclosing class, for `self.X`


class _Collector(cst.CSTVisitor):
    """Gathers everything in one pass; interpretation happens after, with the whole file known."""

    METADATA_DEPENDENCIES = (PositionProvider, ScopeProvider)

    def __init__(self, bindings: Bindings) -> None:
        super().__init__()
        self.bindings = bindings
        self.calls: list[_FoundCall] = []
        self.class_stack: list[str] = []
        self.function_depth = 0
        # (qualified name, value node, class path) for module-level and class-level bindings
        self.constants: list[tuple[str, cst.BaseExpression, str | None]] = []
        self.enum_classes: set[str] = set()
        self.client_targets: list[tuple[cst.BaseExpression, cst.Call, str | None]] = []
        self.star_imports: list[str] = []

    # -- imports -----------------------------------------------------------
    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            dotted = dotted_parts(alias.name)
            if dotted is None:
                continue
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self.bindings.imports[alias.asname.name.value] = ".".join(dotted)
            else:
                self.bindings.imports[dotted[0]] = dotted[0]

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module_parts = dotted_parts(node.module) if node.module is not None else None
        module = self.bindings.absolute_module(
            len(node.relative), ".".join(module_parts) if module_parts else None
        )
        if isinstance(node.names, cst.ImportStar):
            if not self.function_depth and not self.class_stack:
                self.star_imports.append(module)
            return
        for alias in node.names:
            if not isinstance(alias.name, cst.Name):
                continue
            local = alias.name.value
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            self.bindings.imports[local] = f"{module}.{alias.name.value}" if module else local

    # -- scopes we care about ---------------------------------------------
    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.class_stack.append(node.name.value)
        if not self.function_depth and any(_is_enum_base(base.value) for base in node.bases):
            self.enum_classes.add(".".join(self.class_stack))

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.class_stack.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.function_depth += 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.function_depth -= 1

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self.function_depth += 1

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self.function_depth -= 1

    # -- assignments -------------------------------------------------------
    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._record_assignment(target.target, node.value)
        for name in iter_assign_targets(node):
            self.bindings.assigned_values[name] = node.value

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is None:
            return
        self._record_assignment(node.target, node.value)
        for name in iter_assign_targets(node):
            self.bindings.assigned_values[name] = node.value

    def _record_assignment(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        class_path = ".".join(self.class_stack) if self.class_stack else None
        if isinstance(value, cst.Call):
            self.client_targets.append((target, value, class_path))
        if self.function_depth or not isinstance(target, cst.Name):
            return
        qualified = f"{class_path}.{target.value}" if class_path else target.value
        self.constants.append((qualified, value, class_path))

    # -- calls ---------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        class_name = ".".join(self.class_stack) if self.class_stack else None
        self.calls.append(_FoundCall(node, class_name))


def _is_enum_base(base: cst.BaseExpression) -> bool:
    parts = dotted_parts(base)
    return bool(parts) and parts is not None and parts[-1].endswith(("Enum", "Flag"))


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
        self.collector = _Collector(self.bindings)
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

    def method_of(self, found: _FoundCall) -> Method | None:
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

    def read_call(self, found: _FoundCall, method: Method) -> RawCall:
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
                properties = self.read_properties(props_arg)
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

    def read_properties(self, node: cst.BaseExpression) -> Properties | None:
        if isinstance(node, cst.Name) and node.value == "None":
            return None
        if isinstance(node, cst.Name) and self.names.is_local(node):
            local = self.names.local_value(node)
            if local is not None and isinstance(local, (cst.Dict, cst.Call)):
                node = local
        if isinstance(node, cst.Dict):
            entries, dynamic = [], False
            for element in node.elements:
                key = literal_string(element.key) if isinstance(element, cst.DictElement) else None
                if key is None or not isinstance(element, cst.DictElement):
                    dynamic = True
                    continue
                entries.append(literal_entry(key, element.value))
            return Properties(tuple(entries), dynamic)
        if isinstance(node, cst.Call) and dotted_parts(node.func) == ["dict"]:
            entries, dynamic = [], False
            for arg in node.args:
                if arg.keyword is None:
                    dynamic = True
                else:
                    entries.append(literal_entry(arg.keyword.value, arg.value))
            return Properties(tuple(entries), dynamic)
        return Properties(dynamic=True)

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


def bind_argument(call: cst.Call, params: tuple[str, ...], wanted: str) -> cst.BaseExpression | str:
    """The argument bound to parameter `wanted`, or why it cannot be known ("missing", ...)."""
    index = params.index(wanted)
    position = 0
    for arg in call.args:
        if arg.keyword is not None:
            if arg.keyword.value == wanted:
                return arg.value
            continue
        if arg.star == "*":
            return "*" + cst.Module([]).code_for_node(arg.value)
        if arg.star == "**":
            continue
        if position == index:
            return arg.value
        position += 1
    for arg in call.args:
        if arg.star == "**":
            return "**" + cst.Module([]).code_for_node(arg.value)
    return "missing"


def literal_entry(key: str, value: cst.BaseExpression) -> PropertyEntry:
    text = literal_string(value)
    if text is not None:
        return PropertyEntry(key, ValueType.STRING, text)
    if isinstance(value, (cst.Integer, cst.Float)) or (
        isinstance(value, cst.UnaryOperation)
        and isinstance(value.operator, cst.Minus)
        and isinstance(value.expression, (cst.Integer, cst.Float))
    ):
        number = ast.literal_eval(cst.Module([]).code_for_node(value))
        kind = ValueType.INTEGER if isinstance(number, int) else ValueType.NUMBER
        return PropertyEntry(key, kind, number)
    if isinstance(value, cst.Name) and value.value in ("True", "False"):
        return PropertyEntry(key, ValueType.BOOLEAN, value.value == "True")
    if isinstance(value, cst.Name) and value.value == "None":
        return PropertyEntry(key, ValueType.NULL)
    if isinstance(value, (cst.Dict, cst.DictComp)):
        return PropertyEntry(key, ValueType.OBJECT)
    if isinstance(value, (cst.List, cst.Tuple, cst.ListComp)):
        return PropertyEntry(key, ValueType.ARRAY)
    return PropertyEntry(key, ValueType.UNKNOWN)


def extract_python(path: str, content: bytes, sdk: PythonSdk = PYTHON_SEGMENT) -> FileScan:
    """Find the analytics calls and exported constants of one Python file."""
    try:
        module = cst.parse_module(content)
    except cst.ParserSyntaxError as error:
        return _failed(path, _syntax_problem(path, content, error.raw_line, error.message))
    except (SyntaxError, UnicodeDecodeError, LookupError) as error:
        return _failed(path, _decode_problem(path, content, error))
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    scanned = _PythonFile(path, module, wrapper, sdk)
    return FileScan(
        path=path,
        language=Language.PYTHON,
        calls=tuple(scanned.raw_calls()),
        definitions=scanned.definitions(),
    )


def _failed(path: str, problem: Problem) -> FileScan:
    return FileScan(path=path, language=Language.PYTHON, problems=(problem,))


def _syntax_problem(path: str, content: bytes, line: int, message: str) -> Problem:
    """Prefer CPython's own message and position: libcst's point past the error."""
    try:
        compile(content, path, "exec", dont_inherit=True)
    except SyntaxError as error:
        if error.lineno:
            return Problem(
                path,
                error.lineno,
                ProblemKind.PARSE_ERROR,
                f"syntax error: {error.msg}",
                error.offset,
            )
    except (ValueError, UnicodeDecodeError):
        pass
    detail = message.split(": ", 1)[-1] if message.startswith("parser error") else message
    return Problem(path, line, ProblemKind.PARSE_ERROR, f"syntax error: {detail}")


def _decode_problem(path: str, content: bytes, error: Exception) -> Problem:
    """Name the encoding and the line of the first byte that does not decode."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(content).readline)
    except SyntaxError as bad_cookie:
        return Problem(path, _cookie_line(content), ProblemKind.ENCODING_ERROR, str(bad_cookie))
    try:
        content.decode(encoding)
    except UnicodeDecodeError as bad_bytes:
        line = content.count(b"\n", 0, bad_bytes.start) + 1
        return Problem(
            path,
            line,
            ProblemKind.ENCODING_ERROR,
            f"not valid {encoding} (byte 0x{content[bad_bytes.start]:02x}); "
            "add a PEP 263 coding cookie or fix the file's encoding",
        )
    except LookupError:
        return Problem(
            path, _cookie_line(content), ProblemKind.ENCODING_ERROR, f"unknown encoding: {encoding}"
        )
    return Problem(path, None, ProblemKind.ENCODING_ERROR, str(error))


def _cookie_line(content: bytes) -> int:
    first_lines = content.split(b"\n", 2)[:2]
    for number, line in enumerate(first_lines, start=1):
        if b"coding" in line:
            return number
    return 1
