"""Read a JavaScript analytics call's name and properties, the way its SDK reads them.

Positional arguments (analytics.js `track(event, properties?)`, `page(category?, name?,
properties?)`), message objects (analytics-node `track({ userId, event, properties })`,
Snowplow's `{ event: { schema, data } }`), configured patterns, and the arguments of calls
to functions defined elsewhere (read before knowing which parameter takes what).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from scanner.javascript.clients import Clients
from scanner.javascript.literals import (
    arguments_of,
    is_function,
    is_nullish,
    unwrap,
)
from scanner.javascript.names import Names
from scanner.javascript.objects import ObjectReader, literal_entry
from scanner.javascript.parse import Node, Positions, text
from scanner.javascript.traits import TraitReader
from scanner.model import (
    Dynamic,
    Language,
    Location,
    Method,
    NameExpr,
    NameFormat,
    Parameter,
    Properties,
    PropertyEntry,
    RawCall,
    Static,
    ValueType,
)
from scanner.options import CallPattern
from scanner.sdks import JsForm, JsMethod, JsSdk, MessageForm, PositionalForm

# `analytics\n    .track(...)` is reported as `analytics.track`.
_LINE_BREAK = re.compile(r"\s*\n\s*")
MISSING = "missing"


@dataclass(frozen=True, slots=True)
class CallSite:
    node: Node
    spec: JsMethod
    sdk: JsSdk | None  # None: a configured pattern
    form: JsForm | None = None  # None: the receiver is matched by name; its arguments decide
    skip: int = 0  # leading arguments that are not the method's (`gtag('event', ...)`)
    pattern: CallPattern | None = None

    @property
    def method(self) -> Method:
        return self.spec.method


@dataclass(frozen=True, slots=True)
class _Read:
    event: NameExpr | None
    expression: str | None
    properties: Properties | None
    name_format: NameFormat = NameFormat.PLAIN


def callee_source(node: Node) -> str:
    function = node.child_by_field_name("function")
    return _LINE_BREAK.sub("", text(function)) if function is not None else ""


class CallReader:
    def __init__(self, path: str, language: Language, names: Names, positions: Positions) -> None:
        self.path = path
        self.language = language
        self.names = names
        self.positions = positions
        self.objects = ObjectReader(names)

    def span(self, node: Node) -> tuple[Location, int, int]:
        line, column = self.positions.start(node)
        end_line, end_column = self.positions.end(node)
        return Location(self.path, line, column), end_line, end_column

    def read(self, site: CallSite) -> RawCall:
        args = arguments_of(site.node)[site.skip :]
        if site.pattern is not None:
            found = self._read_pattern(site.pattern, args)
        elif self._is_message(site, args):
            message = None if args[0].type == "spread_element" else self.names.object_node(args[0])
            found = self._read_message(site, args[0], message)
        else:
            found = self._read_positional(site, args)
        if site.spec.traits is not None and site.sdk is not None and args:
            reader = TraitReader(Clients(self.names, site.sdk), site.spec.traits)
            built = reader.read(args[0], site.node)
            if built is not None:
                found = replace(found, properties=built)
        location, end_line, end_column = self.span(site.node)
        return RawCall(
            location=location,
            end_line=end_line,
            end_column=end_column,
            language=self.language,
            method=site.method,
            callee=callee_source(site.node),
            event=found.event,
            expression=found.expression,
            properties=found.properties,
            sdk=site.sdk.name if site.sdk is not None else "custom",
            name_format=found.name_format,
        )

    # -- message objects ---------------------------------------------------
    def _is_message(self, site: CallSite, args: list[Node]) -> bool:
        """Whether the call passes one message object rather than positional arguments."""
        if site.spec.message is None or not args:
            return False
        if site.form is JsForm.MESSAGE or site.spec.positional is None:
            return True
        found = None if args[0].type == "spread_element" else self.names.object_node(args[0])
        if found is None:
            return False
        if site.method is Method.TRACK:  # analytics-next takes `track({ event, properties })` too
            return True
        if site.sdk is not None and not site.sdk.message_keys:
            return True  # no message keys to tell a message from properties: objects are
        return site.form is None and self._looks_like_message(found, site.sdk)

    def _looks_like_message(self, node: Node, sdk: JsSdk | None) -> bool:
        """`identify({ userId, traits })` is a message; `identify({ email })` is traits."""
        if sdk is None:
            return False
        keys, _ = self.objects.members(node)
        return (
            bool(keys) and keys.keys() <= sdk.message_keys and bool(keys.keys() & sdk.identity_keys)
        )

    def _read_message(self, site: CallSite, arg: Node, message: Node | None) -> _Read:
        form = site.spec.message
        assert form is not None
        if message is None:
            event: NameExpr | None = Dynamic("message object") if form.event else None
            return _Read(
                event,
                text(arg) if form.event else None,
                Properties(dynamic=True) if form.properties or form.property_keys else None,
                form.name_format,
            )
        expression = None
        if form.event is None:
            event = None
        else:
            value, spread = self.objects.member_path(message, form.event)
            if value is not None:
                event, expression = self.names.read(value), text(value)
            elif spread is not None:
                event, expression = Dynamic("spread in message"), text(spread)
            else:
                event = Dynamic("missing") if site.method is Method.TRACK else None
        properties = None
        if form.properties is not None:
            value, spread = self.objects.member_path(message, form.properties)
            if value is not None:
                properties = self.objects.read_properties(value)
            elif spread is not None:
                properties = Properties(dynamic=True)
        if form.property_keys:
            properties = self._keys_as_properties(message, form, properties)
        return _Read(event, expression, properties, form.name_format)

    def _keys_as_properties(
        self, message: Node, form: MessageForm, properties: Properties | None
    ) -> Properties:
        members, spread = self.objects.members(message)
        entries = [literal_entry(key, members[key]) for key in form.property_keys if key in members]
        base = properties or Properties()
        return Properties((*base.entries, *entries), base.dynamic or spread is not None)

    # -- positional arguments ----------------------------------------------
    def _read_positional(self, site: CallSite, args: list[Node]) -> _Read:
        form = site.spec.positional
        if form is None:  # a message-only method called without an object
            unknown = Dynamic("message object") if site.method.has_event_name else None
            return _Read(unknown, text(args[0]) if args and unknown else None, None)
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
        pair = self._key_value(properties, args) if form.key_value else None
        return _Read(event, expression, pair or self.objects.read_properties(properties))

    def _key_value(self, key: Node, args: list[Node]) -> Properties | None:
        """`people.set('plan', 'pro')`: one property, named by a known string."""
        if self.names.object_node(key) is not None:
            return None
        name = self.names.read(unwrap(key))
        if not isinstance(name, Static):
            return None
        index = next(i for i, arg in enumerate(args) if arg == key)
        value = args[index + 1] if index + 1 < len(args) else None
        if value is None or is_function(value):  # `people.increment('logins')`: by 1
            return Properties((PropertyEntry(name.value, ValueType.UNKNOWN),))
        return Properties((literal_entry(name.value, value),))

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
        return not isinstance(self.names.read(value), (Dynamic, Parameter))

    # -- configured patterns -------------------------------------------------
    def _read_pattern(self, pattern: CallPattern, args: list[Node]) -> _Read:
        event: NameExpr | None = None
        expression = None
        if pattern.method.has_event_name:
            found = self._pattern_argument(args, pattern.event)
            if isinstance(found, str):
                event = (
                    Dynamic(found) if pattern.method is Method.TRACK or found != MISSING else None
                )
                expression = None if found == MISSING else found
            else:
                event, expression = self.names.read(found), text(found)
        properties = None
        if pattern.properties:
            found = self._pattern_argument(args, pattern.properties)
            if not isinstance(found, str):
                properties = self.objects.read_properties(found)
            elif found != MISSING:
                properties = Properties(dynamic=True)
        return _Read(event, expression, properties)

    def _pattern_argument(self, args: list[Node], where: tuple[int | str, ...]) -> Node | str:
        """A key of the first argument when it is an object, else an argument by position."""
        first = (
            self.names.object_node(args[0]) if args and args[0].type != "spread_element" else None
        )
        for key in (w for w in where if isinstance(w, str)):
            if first is not None:
                value, spread = self.objects.member_path(first, (key,))
                if value is not None:
                    return value
                if spread is not None:
                    return text(spread)
        for index in (w for w in where if isinstance(w, int)):
            for position, arg in enumerate(args):
                if arg.type == "spread_element":
                    return text(arg)
                if position == index:
                    return arg
        if first is None and args and any(isinstance(w, str) for w in where):
            return text(args[0])  # not an object we can see into
        return MISSING
