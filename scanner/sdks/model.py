"""Call patterns as data: which callees are analytics calls, and where their arguments sit.

A `Preset` describes one analytics SDK in each language it exists in. Signatures follow
the SDKs' real parameter lists, so positional and keyword arguments bind the way they do at
run time; `trackscan sdks` and the README's table are written from these values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from scanner.model import Method, NameFormat, Properties, PropertyEntry

# ---------------------------------------------------------------------------
# Traits built on an object.


class TraitOperation(str, Enum):
    """What one method of a trait builder does with its first argument, the trait's key."""

    VALUE = "value"  # sets the trait to the second argument: `set('plan', 'pro')`
    NAMED = "named"  # changes the trait, not to the argument's type: `append('tags', 'a')`
    IGNORED = "ignored"  # names no trait sent: `unset('plan')`, `clearAll()`


@dataclass(frozen=True, slots=True)
class TraitBuilder:
    """A class whose objects collect the traits an identify call sends: Amplitude's
    `Identify()`, filled by `set('plan', 'pro')` and sent by `identify(obj)`."""

    classes: frozenset[str]  # Python: qualified names; JavaScript: the exported name
    # (method, operation); a method not listed makes the traits unknown.
    operations: tuple[tuple[str, TraitOperation], ...]

    def operation(self, method: str) -> TraitOperation | None:
        return next((op for name, op in self.operations if name == method), None)

    @staticmethod
    def traits(entries: list[PropertyEntry] | None) -> Properties:
        """What a builder's operations, in order, send: the last one on a key counts; None
        (an operation not known) makes the traits unknown."""
        if entries is None:
            return Properties(dynamic=True)
        by_key: dict[str, PropertyEntry] = {}
        for entry in entries:
            by_key.pop(entry.key, None)
            by_key[entry.key] = entry
        return Properties(tuple(by_key.values()))


# ---------------------------------------------------------------------------
# Python.


@dataclass(frozen=True, slots=True)
class Signature:
    """A Python method's parameters, and which of them carry the name and the properties."""

    params: tuple[str, ...]  # parameter names in positional order
    event: str | None  # the parameter holding the event (or page/screen) name
    properties: str | None  # the parameter holding properties or traits
    # How many parameters may be passed by position (None: all). posthog-python 6 made
    # everything after `event` keyword-only; older versions took `distinct_id` first.
    positional: int | None = None
    name_format: NameFormat = NameFormat.PLAIN
    # Parameters sent as properties under these keys (Snowplow's structured events).
    property_params: tuple[tuple[str, str], ...] = ()

    def accepts(self, positional_args: int) -> bool:
        return self.positional is None or positional_args <= self.positional


@dataclass(frozen=True, slots=True)
class EventObject:
    """An argument built by one of the SDK's event classes: `BaseEvent(event_type=...)`.

    The class decides the method (Snowplow's `tracker.track(PageView(...))` is a page call);
    `inner` describes an event parameter that is itself such an object
    (`SelfDescribing(SelfDescribingJson(schema, data))`).
    """

    classes: frozenset[str]  # qualified names, as imported
    method: Method
    signature: Signature
    inner: tuple[EventObject, ...] = ()


@dataclass(frozen=True, slots=True)
class PyMethod:
    method: Method
    # Tried in order: the first that accepts the call's positional arguments binds them.
    signatures: tuple[Signature, ...]
    # The event argument is an object of one of these classes (the name is inside it).
    objects: tuple[EventObject, ...] = ()
    # The properties argument may be an object of this builder, filled before the call.
    traits: TraitBuilder | None = None


@dataclass(frozen=True, slots=True)
class PythonSdk:
    name: str
    # `<receiver>.<method>(...)` is a call whatever `<receiver>` is bound to.
    receiver_names: frozenset[str]
    # Module functions: `from segment.analytics import track`, `import segment.analytics as a`.
    modules: frozenset[str]
    # Classes (or factories) whose results are clients: `client = Client(key)`.
    client_classes: frozenset[str]
    methods: dict[str, PyMethod] = field(default_factory=dict)


# ---------------------------------------------------------------------------
# JavaScript and TypeScript.


class JsForm(str, Enum):
    """How a client's methods take their arguments."""

    # analytics.js / @segment/analytics-next: `track(event, properties?, options?, callback?)`.
    POSITIONAL = "positional"
    # analytics-node / @segment/analytics-node: `track({ userId, event, properties })`.
    MESSAGE = "message"
    # mixpanel (Node.js): positional, but the profile methods take the user first,
    # `people.set(distinct_id, prop, to)`, where mixpanel-browser knows the user already.
    USER_FIRST = "user-first"


@dataclass(frozen=True, slots=True)
class PositionalForm:
    """Where the name and properties sit in a positional call.

    `leading` are the parameters before the properties (or traits). They are optional when
    `optional_leading` is set: an object in their place means they were left out, as in
    `identify({ email })`. With `fill_from_end`, fewer leading arguments fill the later
    parameters first, the way analytics-next reads `page('Home')` (a name) and
    `page('Docs', 'Home')` (a category and a name). With `key_value`, a string in the
    properties' place is the key of one property and the next argument its value, as in
    Mixpanel's `people.set('plan', 'pro')` next to `people.set({ plan: 'pro' })`.
    """

    leading: tuple[str, ...]
    event: str | None  # which leading parameter is the event (or page/screen) name
    properties: bool = True  # whether the argument after the leading ones is properties/traits
    optional_leading: bool = False
    fill_from_end: bool = False
    key_value: bool = False


@dataclass(frozen=True, slots=True)
class MessageForm:
    """The keys of a message object: `track({ userId, event: 'X', properties: {...} })`.

    Keys are paths into nested objects: Snowplow's `{ event: { schema, data } }` is
    `("event", "schema")` and `("event", "data")`.
    """

    event: tuple[str, ...] | None  # key path of the event (or page/screen) name
    properties: tuple[str, ...] | None  # key path of the properties or traits
    name_format: NameFormat = NameFormat.PLAIN
    # Message keys sent as properties themselves (Snowplow's structured events).
    property_keys: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class JsMethod:
    method: Method
    positional: PositionalForm | None = None
    message: MessageForm | None = None  # the form of a first argument that is an object
    # The first argument may be an object of this builder, filled before the call.
    traits: TraitBuilder | None = None


@dataclass(frozen=True, slots=True)
class ClientFactory:
    """An SDK export that makes clients: `new X(...)`, `X(...)` or `X.<static>(...)`."""

    module: str  # the import specifier, exactly as written in `import ... from`
    export: str  # the exported name; "default" for a default export or `module.exports`
    form: JsForm
    construct: bool = True  # `new X(...)` is a client
    static_methods: frozenset[str] = frozenset()  # `X.load(...)` is a client
    call: bool = False  # `X(...)` is a client
    type_name: bool = True  # a value annotated `: X` is a client


@dataclass(frozen=True, slots=True)
class JsSdk:
    name: str
    # `<anything>.analytics.<method>(...)` is a call whatever `analytics` is bound to.
    receiver_names: frozenset[str]
    factories: tuple[ClientFactory, ...]
    # By name; a dotted name is a method of a member of the receiver (`people.set` is
    # `mixpanel.people.set(...)`), reached only through a receiver, never imported.
    methods: dict[str, JsMethod]
    # Packages whose namespace or default import holds the methods (`import * as amplitude
    # from '@amplitude/analytics-browser'`), and whose named exports are the methods
    # themselves (`import { trackStructEvent } from '@snowplow/browser-tracker'`).
    modules: frozenset[str] = frozenset()
    # Global functions taking a command first: `gtag('event', ...)`, `snowplow('trackX', ...)`.
    command_functions: frozenset[str] = frozenset()
    commands: dict[str, JsMethod] = field(default_factory=dict)  # default: `methods`
    # `amplitude.getInstance().logEvent(...)`: a named receiver's instance is a receiver too.
    instance_getters: frozenset[str] = frozenset()
    # Every key a message object may hold; a first argument made only of these keys, with
    # one of `identity_keys`, is a message even when the client's form is not known.
    message_keys: frozenset[str] = frozenset()
    identity_keys: frozenset[str] = frozenset()
    # Methods that clients of one form take differently (or only they have): these replace
    # `methods`' entries for a receiver known to hold such a client.
    form_methods: dict[JsForm, dict[str, JsMethod]] = field(default_factory=dict)

    def method(self, name: str, form: JsForm | None) -> JsMethod | None:
        """The method `name` of a receiver holding a client of `form` (None: not known)."""
        specific = self.form_methods.get(form, {}) if form is not None else {}
        return specific.get(name) or self.methods.get(name)

    def method_names(self) -> frozenset[str]:
        """Every method name, in all forms (dotted names included)."""
        names = set(self.methods)
        for table in self.form_methods.values():
            names.update(table)
        return frozenset(names)

    def command(self, name: str) -> JsMethod | None:
        """The method a command function's first argument names (`trackX:tracker` too)."""
        name = name.split(":", 1)[0]
        return (self.commands or self.methods).get(name)


# ---------------------------------------------------------------------------
# Presets.


@dataclass(frozen=True, slots=True)
class Preset:
    """One analytics SDK, in the languages it exists in, and how to explain it."""

    name: str  # the `--sdk` / `sdks = [...]` name
    title: str
    event_name: str  # what the event name of a call is, for people
    python: PythonSdk | None
    javascript: JsSdk | None
    notes: str = ""  # what is not read
