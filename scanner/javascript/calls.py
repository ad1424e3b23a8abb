"""Find the analytics calls in a JavaScript tree: which SDK (or configured pattern) each is.

A call is an SDK's when its receiver is one of the SDK's clients (`new Analytics()`,
`AnalyticsBrowser.load()`, a parameter typed `Analytics`), a namespace or default import of
one of its packages, or a name like its global (`analytics`, `window.analytics`); when its
callee is a function imported from one of its packages (`trackStructEvent` from
`@snowplow/browser-tracker`); or when it is one of its command functions with a known
command (`gtag('event', ...)`). Clients are matched before names, so `analytics =
mixpanel.init(...)` makes `analytics.track(...)` a Mixpanel call.
"""

from __future__ import annotations

import json

from scanner.javascript.clients import Clients
from scanner.javascript.literals import arguments_of, string_value, unwrap
from scanner.javascript.names import Names
from scanner.javascript.parse import Node, text
from scanner.javascript.reading import CallSite
from scanner.model import Language
from scanner.options import CallPattern, ExtractOptions, match_pattern
from scanner.sdks import JsMethod, JsSdk

_MEMBER_CALLS = """
(call_expression
  function: (member_expression property: (property_identifier) @method
                               (#any-of? @method {methods}))
  arguments: (arguments)) @call
"""
# `analytics['track'](...)`: the key is checked to be a static string in `CallFinder`.
_SUBSCRIPT_CALLS = """
(call_expression
  function: (subscript_expression index: [(string) (template_string)])
  arguments: (arguments)) @call
"""
_ALL_CALLS = "(call_expression arguments: (arguments)) @call\n"
# `window.gtag(...)`, `globalThis.snowplow(...)`: a command function through the global.
_GLOBALS = frozenset({"window", "globalThis", "self", "global"})


def needs_every_call(options: ExtractOptions) -> bool:
    """Whether calls other than `<receiver>.<method>(...)` can be analytics calls."""
    return bool(
        options.calls
        or options.symbols
        or any(sdk.modules or sdk.command_functions for sdk in options.js_sdks())
    )


def calls_query(options: ExtractOptions) -> str:
    """A query capturing `@call` for every call that may be an analytics call."""
    if needs_every_call(options):
        return _ALL_CALLS
    methods = sorted(
        {name.rsplit(".", 1)[-1] for sdk in options.js_sdks() for name in sdk.method_names()}
    ) or ["track"]
    members = _MEMBER_CALLS.format(methods=" ".join(json.dumps(name) for name in methods))
    return members + _SUBSCRIPT_CALLS


class CallFinder:
    def __init__(
        self, names: Names, sdks: tuple[JsSdk, ...], patterns: tuple[CallPattern, ...]
    ) -> None:
        self.names = names
        self.sdks = sdks
        self.clients = [Clients(names, sdk) for sdk in sdks]
        self.method_names = [sdk.method_names() for sdk in sdks]
        self.patterns = patterns

    def site(self, call: Node, language: Language) -> CallSite | None:
        """The analytics call a `call_expression` is, if any."""
        function = call.child_by_field_name("function")
        if function is None:
            return None
        function = unwrap(function)
        found = None
        if function.type in ("member_expression", "subscript_expression"):
            found = self._member_call(call, function)
        if found is None:
            found = self._function_call(call, function)
        if found is None and self.patterns:
            callee = callee_text(function)
            pattern = match_pattern(self.patterns, callee, language) if callee else None
            if pattern is not None:
                found = CallSite(call, JsMethod(pattern.method), None, pattern=pattern)
        return found

    def _member_call(self, call: Node, function: Node) -> CallSite | None:
        """`receiver.method(...)`, or `receiver['method'](...)` with a static string key."""
        receiver = function.child_by_field_name("object")
        name = member_name(function)
        if receiver is None or name is None:
            return None
        found = self._receiver_call(call, receiver, name)
        inner = unwrap(receiver)
        if found is None and inner.type == "member_expression":  # `mixpanel.people.set(...)`
            base = inner.child_by_field_name("object")
            member = member_name(inner)
            if base is not None and member is not None:
                found = self._receiver_call(call, base, f"{member}.{name}")
        return found

    def _receiver_call(self, call: Node, receiver: Node, name: str) -> CallSite | None:
        named = zip(self.clients, self.method_names, strict=True)
        candidates = [client for client, names in named if name in names]
        for client in candidates:  # a client of a known SDK: the surest
            form = client.form_of(receiver)
            spec = client.sdk.method(name, form) if form is not None else None
            if spec is not None:
                return CallSite(call, spec, client.sdk, form)
        for client in candidates:
            spec = client.sdk.methods.get(name)
            if spec is None:
                continue
            if client.is_module(receiver) or client.is_named(unwrap(receiver)):
                return CallSite(call, spec, client.sdk)
        return None

    def _function_call(self, call: Node, function: Node) -> CallSite | None:
        command = _command_name(function)
        for client in self.clients:
            sdk = client.sdk
            if command is not None and command in sdk.command_functions:
                args = arguments_of(call)
                first = string_value(unwrap(args[0])) if args else None
                spec = sdk.command(first) if first is not None else None
                if spec is not None:
                    return CallSite(call, spec, sdk, skip=1)
                continue
            imported = client.module_function(function)
            if imported is not None and imported in sdk.methods:
                return CallSite(call, sdk.methods[imported], sdk)
        return None


def member_name(node: Node) -> str | None:
    """`track` for `a.track` and for `a['track']` or `a[`track`]`; None for `a[method]`."""
    if node.type == "member_expression":
        prop = node.child_by_field_name("property")
        return None if prop is None else text(prop)
    index = node.child_by_field_name("index")
    return None if index is None else string_value(unwrap(index))


def _command_name(function: Node) -> str | None:
    """`gtag` for `gtag(...)` and `window.gtag(...)`."""
    if function.type == "identifier":
        return text(function)
    if function.type == "member_expression":
        base = function.child_by_field_name("object")
        prop = function.child_by_field_name("property")
        if base is not None and prop is not None and text(unwrap(base)) in _GLOBALS:
            return text(prop)
    return None


def callee_text(node: Node) -> str | None:
    """A callee as configured patterns see it: `this.track`, `useAnalytics().track`."""
    node = unwrap(node)
    kind = node.type
    if kind in ("identifier", "this"):
        return text(node)
    if kind == "member_expression":
        base = node.child_by_field_name("object")
        prop = node.child_by_field_name("property")
        head = callee_text(base) if base is not None else None
        return None if head is None or prop is None else f"{head}.{text(prop)}"
    if kind == "subscript_expression":
        base, index = node.child_by_field_name("object"), node.child_by_field_name("index")
        key = string_value(unwrap(index)) if index is not None else None
        head = callee_text(base) if base is not None else None
        return None if head is None or key is None else f"{head}.{key}"
    if kind == "call_expression":
        function = node.child_by_field_name("function")
        head = callee_text(function) if function is not None else None
        return None if head is None else f"{head}()"
    if kind == "await_expression" and node.named_children:
        return callee_text(node.named_children[0])
    return None
