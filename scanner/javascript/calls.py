"""Find the analytics calls in a JavaScript tree and read their names and properties.

Both argument forms of the Segment SDKs are read: positional (analytics.js,
`track(event, properties?)`, `page(category?, name?, properties?)`) and message objects
(analytics-node, `track({ userId, event, properties })`), as described by `scanner.sdks`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from scanner.javascript.clients import Clients
from scanner.javascript.literals import (
    arguments_of,
    is_function,
    is_nullish,
    number_value,
    string_value,
    unwrap,
)
from scanner.javascript.names import Names, strip_value
from scanner.javascript.parse import Node, Positions, text
from scanner.javascript.syntax import property_key
from scanner.model import (
    Dynamic,
    Language,
    Location,
    Method,
    NameExpr,
    Properties,
    PropertyEntry,
    RawCall,
    ValueType,
)
from scanner.sdks import JsForm, JsSdk, PositionalForm

# `analytics\n    .track(...)` is reported as `analytics.track`.
_LINE_BREAK = re.compile(r"\s*\n\s*")
_CALLS = """
(call_expression
  function: (member_expression property: (property_identifier) @method
                               (#any-of? @method {methods}))
  arguments: (arguments)) @call
"""


@dataclass(frozen=True, slots=True)
class CallSite:
    node: Node
    method: Method
    form: JsForm | None  # None: the receiver is matched by name; its arguments decide
    sdk: JsSdk


def calls_query(sdks: tuple[JsSdk, ...]) -> str:
    """A query capturing `@call` for every `<receiver>.<method>(...)` of the SDKs' methods."""
    methods = sorted({name for sdk in sdks for name in sdk.methods})
    return _CALLS.format(methods=" ".join(json.dumps(name) for name in methods))


def find_calls(found: list[Node], names: Names, sdks: tuple[JsSdk, ...]) -> list[CallSite]:
    """The analytics calls among candidate `@call` captures."""
    clients = [Clients(names, sdk) for sdk in sdks]
    sites = []
    for call in sorted(found, key=lambda node: node.start_byte):
        function = call.child_by_field_name("function")
        receiver = function.child_by_field_name("object") if function is not None else None
        prop = function.child_by_field_name("property") if function is not None else None
        if receiver is None or prop is None:
            continue
        for sdk, client in zip(sdks, clients, strict=True):
            method = sdk.methods.get(text(prop))
            if method is None:
                continue
            matched, form = client.receiver(receiver)
            if matched:
                sites.append(CallSite(call, method, form, sdk))
                break
    return sites


@dataclass(frozen=True, slots=True)
class _Read:
    event: NameExpr | None
    expression: str | None
    properties: Properties | None


class CallReader:
    def __init__(self, path: str, language: Language, names: Names, positions: Positions) -> None:
        self.path = path
        self.language = language
        self.names = names
        self.positions = positions

    def read(self, site: CallSite) -> RawCall:
        args = arguments_of(site.node)
        if self._is_message(site, args):
            message = None if args[0].type == "spread_element" else self.names.object_node(args[0])
            found = self._read_message(site, args[0], message)
        else:
            found = self._read_positional(site, args)
        line, column = self.positions.start(site.node)
        end_line, end_column = self.positions.end(site.node)
        function = site.node.child_by_field_name("function")
        return RawCall(
            location=Location(self.path, line, column),
            end_line=end_line,
            end_column=end_column,
            language=self.language,
            method=site.method,
            callee=_LINE_BREAK.sub("", text(function)) if function is not None else "",
            event=found.event,
            expression=found.expression,
            properties=found.properties,
        )

    # -- message objects ---------------------------------------------------
    def _is_message(self, site: CallSite, args: list[Node]) -> bool:
        """Whether the call passes one message object rather than positional arguments."""
        if not args:
            return False
        if site.form is JsForm.MESSAGE:
            return True
        found = None if args[0].type == "spread_element" else self.names.object_node(args[0])
        if found is None:
            return False
        if site.method is Method.TRACK:  # analytics-next takes `track({ event, properties })` too
            return True
        return site.form is None and self._looks_like_message(found, site.sdk)

    def _looks_like_message(self, node: Node, sdk: JsSdk) -> bool:
        """`identify({ userId, traits })` is a message; `identify({ email })` is traits."""
        keys, _ = self._members(node)
        return (
            bool(keys) and keys.keys() <= sdk.message_keys and bool(keys.keys() & sdk.identity_keys)
        )

    def _read_message(self, site: CallSite, arg: Node, message: Node | None) -> _Read:
        form = site.sdk.message[site.method]
        if message is None:
            event: NameExpr | None = Dynamic("message object") if form.event else None
            return _Read(
                event,
                text(arg) if form.event else None,
                Properties(dynamic=True) if form.properties else None,
            )
        members, spread = self._members(message)
        expression = None
        if form.event is None:
            event = None
        elif form.event in members:
            value = members[form.event]
            event, expression = self.names.read(value), text(value)
        elif spread is not None:
            event, expression = Dynamic("spread in message"), text(spread)
        else:
            event = Dynamic("missing") if site.method is Method.TRACK else None
        properties = None
        if form.properties is not None and form.properties in members:
            properties = self.read_properties(members[form.properties])
        elif form.properties is not None and spread is not None:
            properties = Properties(dynamic=True)
        return _Read(event, expression, properties)

    def _members(self, node: Node) -> tuple[dict[str, Node], Node | None]:
        """An object literal's literal keys and their values, and its last spread."""
        members: dict[str, Node] = {}
        spread = None
        for child in node.named_children:
            if child.type == "pair":
                key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
                name = property_key(key) if key is not None else None
                if name is not None and value is not None:
                    members[name] = value
            elif child.type == "shorthand_property_identifier":
                members[text(child)] = child
            elif child.type == "spread_element":
                spread = child
        return members, spread

    # -- positional arguments ----------------------------------------------
    def _read_positional(self, site: CallSite, args: list[Node]) -> _Read:
        form = site.sdk.positional[site.method]
        spread = next((a for a in args if a.type == "spread_element"), None)
        if spread is not None:  # `track(...args)`: nothing is known
            unknown = Dynamic("spread arguments") if form.event else None
            props = Properties(dynamic=True) if form.properties else None
            return _Read(unknown, text(spread) if form.event else None, props)
        if form.fill_from_end:
            leading, properties = self._by_kind(form, args)
        else:
            leading, properties = self._in_order(form, args)
        event: NameExpr | None = None
        expression = None
        if form.event is not None:
            value = leading.get(form.event)
            if value is not None:
                event, expression = self.names.read(value), text(value)
            elif site.method is Method.TRACK:
                event = Dynamic("missing")
        if not form.properties or properties is None:
            return _Read(event, expression, None)
        return _Read(event, expression, self.read_properties(properties))

    def _in_order(
        self, form: PositionalForm, args: list[Node]
    ) -> tuple[dict[str, Node], Node | None]:
        """`identify(userId?, traits?)`: leading arguments in order, then the properties;
        with `optional_leading`, an object in first place means the leading ones are left out."""
        bound: dict[str, Node] = {}
        index = 0
        for param in form.leading:
            if index >= len(args):
                break
            arg = args[index]
            if not is_nullish(arg):
                if form.optional_leading and not self._is_name_like(arg, first=index == 0):
                    break
                bound[param] = arg
            index += 1
        return bound, args[index] if index < len(args) else None

    def _by_kind(
        self, form: PositionalForm, args: list[Node]
    ) -> tuple[dict[str, Node], Node | None]:
        """`page(category?, name?, properties?)` the way analytics-next reads it: the string
        arguments are the name (one) or the category and name (two); the first object is the
        properties, and once there is a name a `null` takes the properties' place."""
        strings: list[Node] = []
        objects: list[Node] = []
        for arg in args:
            if is_function(arg):
                break  # the callback ends the arguments that matter
            if is_nullish(arg):
                objects.append(arg)
            elif len(strings) < len(form.leading) and self._is_name_like(arg, first=not strings):
                strings.append(arg)
            else:
                objects.append(arg)
        if not strings:
            objects = [arg for arg in objects if not is_nullish(arg)]
        params = form.leading[len(form.leading) - len(strings) :]
        return dict(zip(params, strings, strict=True)), objects[0] if objects else None

    def _is_name_like(self, arg: Node, first: bool) -> bool:
        """Whether an argument fills a name slot (a user id, a page name) or starts the
        properties. A variable in first place is a name; later, only a known string is."""
        value = unwrap(arg)
        if is_function(value) or self.names.object_node(value) is not None:
            return False
        if value.type in ("string", "template_string", "binary_expression"):
            return True
        if first:
            return True
        return not isinstance(self.names.read(value), Dynamic)

    # -- properties ----------------------------------------------------------
    def read_properties(self, node: Node) -> Properties | None:
        if is_nullish(node) or is_function(node):
            return None
        found = self.names.object_node(node)
        if found is None:
            return Properties(dynamic=True)
        entries: dict[str, PropertyEntry] = {}
        dynamic = False
        for child in found.named_children:
            if child.type == "pair":
                key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
                name = property_key(key) if key is not None else None
                if name is None or value is None:
                    dynamic = True
                else:
                    entries.pop(name, None)  # a repeated key: the last one counts
                    entries[name] = literal_entry(name, value)
            elif child.type == "shorthand_property_identifier":
                entries.pop(text(child), None)
                entries[text(child)] = PropertyEntry(text(child), ValueType.UNKNOWN)
            elif child.type == "method_definition":
                name_node = child.child_by_field_name("name")
                name = property_key(name_node) if name_node is not None else None
                if name is None:
                    dynamic = True
                else:
                    entries[name] = PropertyEntry(name, ValueType.UNKNOWN)
            elif child.type == "spread_element":
                dynamic = True
        return Properties(tuple(entries.values()), dynamic)


def literal_entry(key: str, value: Node) -> PropertyEntry:
    node = strip_value(value)
    literal = string_value(node)
    if literal is not None:
        return PropertyEntry(key, ValueType.STRING, literal)
    if node.type == "template_string":
        return PropertyEntry(key, ValueType.STRING)  # with substitutions: a string all the same
    number = number_value(node)
    if number is not None:
        kind = ValueType.INTEGER if isinstance(number, int) else ValueType.NUMBER
        return PropertyEntry(key, kind, number)
    if node.type in ("true", "false"):
        return PropertyEntry(key, ValueType.BOOLEAN, node.type == "true")
    if node.type == "null":
        return PropertyEntry(key, ValueType.NULL)
    if node.type == "object":
        return PropertyEntry(key, ValueType.OBJECT)
    if node.type == "array":
        return PropertyEntry(key, ValueType.ARRAY)
    return PropertyEntry(key, ValueType.UNKNOWN)
