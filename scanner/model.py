"""The vocabulary every pipeline stage speaks: frozen, picklable values.

Stages pass these from one to the next (discover → extract → resolve → match → render), so
each stage can be tested alone, cached by content hash and run in a process pool.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from enum import Enum
from operator import attrgetter
from typing import Any, NamedTuple


class Value:
    """Equality, hashing and repr by fields, for frozen dataclasses (`eq=False, repr=False`).

    `@dataclass` compiles every method it writes with `exec`, class by class: with `eq`,
    `repr` and the hash that comes with them, creating the data model's classes took a fifth
    of a warm scan (~47 ms of ~250). These three are written once here instead and behave
    as the generated ones: equal when of the same class with equal compared fields, the
    hash of the hashed fields' tuple, `Name(field=value, ...)` (`tests/test_model.py`).
    """

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            compared = _fields_of(self.__class__).compared
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(_fields_of(self.__class__).hashed(self))

    def __repr__(self) -> str:
        shown = _fields_of(self.__class__).shown
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({values})"


FieldValues = Callable[[Any], tuple[Any, ...]]


class _Fields(NamedTuple):
    shown: tuple[str, ...]  # in the repr
    compared: FieldValues  # the values `==` compares
    hashed: FieldValues  # the values the hash is made of


_FIELDS: dict[type, _Fields] = {}


def _fields_of(cls: type) -> _Fields:
    found = _FIELDS.get(cls)
    if found is None:
        every = fields(cls)
        compared = [f.name for f in every if f.compare]
        hashed = [f.name for f in every if (f.compare if f.hash is None else f.hash)]
        shown = tuple(f.name for f in every if f.repr)
        found = _FIELDS[cls] = _Fields(shown, _getter(compared), _getter(hashed))
    return found


def _getter(names: list[str]) -> FieldValues:
    """A function from an instance to the tuple of these fields' values (`attrgetter` in C)."""
    if len(names) == 1:
        only = attrgetter(names[0])  # of one name, it returns the value, not a tuple
        return lambda instance: (only(instance),)
    if names:
        return attrgetter(*names)
    return lambda instance: ()


class Language(str, Enum):
    PYTHON = "python"
    JAVASCRIPT = "javascript"
    TYPESCRIPT = "typescript"


class Method(str, Enum):
    TRACK = "track"
    IDENTIFY = "identify"
    PAGE = "page"
    SCREEN = "screen"
    GROUP = "group"
    ALIAS = "alias"

    @property
    def has_event_name(self) -> bool:
        """Whether calls of this method carry a name a plan can list (event or page name)."""
        return self in (Method.TRACK, Method.PAGE, Method.SCREEN)


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a scanned file."""

    path: str  # root-relative, "/" separators
    line: int  # 1-based
    column: int  # 1-based, in characters


# ---------------------------------------------------------------------------
# Name expressions: what an event-name argument is, before cross-file resolution.


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Static(Value):
    """A name known from the file alone: a literal, or literals joined together."""

    value: str


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Reference(Value):
    """A name defined elsewhere: a constant, class attribute or enum member.

    `target` is a qualified name that `resolve` looks up in the repository's definitions:
    `py:app.events.Events.SIGNED_UP` or `js:web/src/events#Events.LOGIN`.
    """

    target: str
    # A field of a Python f-string (`f"{PREFIX} Viewed"`): formatted, not used as it is. An
    # enum member formats as `Pages.HOME` from Python 3.11 on (as its value before), so
    # such a reference resolves only when it does not end at an enum member.
    formatted: bool = False


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Concat(Value):
    """Parts joined at run time, static when every part resolves (`PREFIX + "Viewed"`)."""

    parts: tuple[NameExpr, ...]


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Dynamic(Value):
    """A name only known at run time (f-string with fields, parameter, call, ...)."""

    reason: str = ""


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Parameter(Value):
    """A function's parameter, passed on unchanged: known at each call site, not here.

    A call whose event name is a `Parameter` makes its function a wrapper (see
    `scanner.wrappers`); anywhere else it resolves like `Dynamic`.
    """

    function: str  # the function's qualified name, as in `Symbol.key`
    name: str


class SymbolKind(str, Enum):
    FUNCTION = "function"  # a function or method whose parameters may carry an event name
    CLIENT = "client"  # an instance of an analytics SDK's client


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Param(Value):
    """One parameter of a function, as call sites fill it."""

    name: str
    index: int | None  # position among the positional arguments; None: keyword only
    keyword: str | None = None  # Python: the keyword that fills it
    key: str | None = None  # JavaScript: the key it reads from a destructured object argument
    rest: bool = False  # Python `**kwargs`: every keyword argument no other parameter takes
    default: NameExpr | None = None  # its default value, when a call site leaves it out
    default_source: str | None = None


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Symbol(Value):
    """A name bound to a function or an SDK client rather than to a string.

    Definitions hold symbols under their own qualified name, so that a call in another file
    can find out what it calls by looking its callee up like any other name.
    """

    key: str  # the qualified name it is defined under: its identity across files
    kind: SymbolKind
    name: str = ""  # for people: `trackEvent`, `useAnalytics().track`, `BaseView._track`
    location: Location | None = None
    params: tuple[Param, ...] = ()  # FUNCTION
    sdk: str = ""  # CLIENT: the SDK preset
    form: str = ""  # CLIENT (JavaScript): how its methods take arguments ("positional", ...)


NameExpr = Static | Reference | Concat | Dynamic | Parameter | Symbol


def concat(left: NameExpr, right: NameExpr) -> NameExpr:
    """`left + right` as a name expression: static when both sides are, dynamic when either is."""
    if isinstance(left, Dynamic):
        return left
    if isinstance(right, Dynamic):
        return right
    if isinstance(left, (Parameter, Symbol)) or isinstance(right, (Parameter, Symbol)):
        # A name built from a parameter is not forwarded unchanged: it stays dynamic.
        return Dynamic("built from a parameter")
    if left == Static(""):
        return right
    if right == Static(""):
        return left
    if isinstance(left, Static) and isinstance(right, Static):
        return Static(left.value + right.value)
    left_parts = left.parts if isinstance(left, Concat) else (left,)
    right_parts = right.parts if isinstance(right, Concat) else (right,)
    return Concat((*left_parts, *right_parts))


# ---------------------------------------------------------------------------
# Properties (or traits) passed with a call.


class ValueType(str, Enum):
    """JSON type of a literal value in a properties dict (`unknown` when not a literal)."""

    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    NULL = "null"
    OBJECT = "object"
    ARRAY = "array"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class PropertyEntry(Value):
    """One key of a call's properties, with the type (and literal value) it is given."""

    key: str
    type: ValueType
    # The literal's value when it is a string, number or boolean (for enum checks).
    value: str | int | float | bool | None = None


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Properties(Value):
    """What a call passes as its properties (or traits), as far as the code tells."""

    entries: tuple[PropertyEntry, ...] = ()
    # True when the set of keys is not fully known: `**spread`, computed keys, a variable.
    dynamic: bool = False
    # Inside a wrapper: the parameter whose value these properties take in (`props`,
    # `{...props, source: "web"}`), when it is their only unknown part. The first
    # `parameter_at` entries come before it, so a call site's keys fill in between.
    parameter: Parameter | None = None
    parameter_at: int = 0

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(entry.key for entry in self.entries)


# ---------------------------------------------------------------------------
# Per-file extraction results.


class NameFormat(str, Enum):
    """How a call's resolved name argument becomes its event name."""

    PLAIN = "plain"
    # Snowplow: an Iglu schema URI `iglu:com.acme/button_click/jsonschema/1-0-0` names the
    # event by its schema name, `button_click`, as the Iglu plan importer does.
    IGLU = "iglu"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class WrapperRef(Value):
    """The inferred wrapper a call site goes through (see `Wrapper`)."""

    name: str
    location: Location


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class RawCall(Value):
    """One analytics call site as read from one file, names not yet resolved."""

    location: Location
    end_line: int
    end_column: int
    language: Language
    method: Method
    callee: str  # source text of the callee, e.g. "self.analytics.track"
    event: NameExpr | None  # None: the method has no event name (identify, group, alias)
    expression: str | None  # source text of the event-name argument, if any
    properties: Properties | None  # None: no properties/traits argument
    sdk: str = "segment"  # the preset whose call this is; "custom" for a configured pattern
    name_format: NameFormat = NameFormat.PLAIN  # how the resolved name becomes the event name
    wrapper: WrapperRef | None = None  # set on calls made through an inferred wrapper


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Argument(Value):
    """One argument of a call whose callee is defined elsewhere, read before knowing it."""

    index: int | None  # position among the positional arguments; None: a keyword argument
    keyword: str | None  # Python keyword, or the key in an object literal argument (members)
    name: NameExpr  # the argument read as an event name
    expression: str  # its source text
    properties: Properties | None  # the argument read as properties (None: None/null/undefined)
    entry_type: ValueType = ValueType.UNKNOWN  # its JSON type, when it is a literal
    entry_value: str | int | float | bool | None = None
    members: tuple[Argument, ...] = ()  # JavaScript: the members of an object literal
    spread: bool = False  # `*args`, `**kwargs`, `...args`: what follows is not known


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ClientReading(Value):
    """A call on a name imported from another file, read as one SDK's client would take it."""

    sdk: str
    form: str  # JavaScript: the client form this reading assumes ("" when any)
    call: RawCall


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class PendingCall(Value):
    """A call whose callee is defined in another file: a wrapper, or an SDK client there.

    Kept only once `resolve` finds what `target` is bound to.
    """

    target: str  # the qualified name the callee denotes
    location: Location
    end_line: int
    end_column: int
    language: Language
    callee: str
    arguments: tuple[Argument, ...] = ()
    readings: tuple[ClientReading, ...] = ()


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Definitions(Value):
    """Names a file exports that other files' calls may refer to.

    `constants` maps a qualified name (same scheme as `Reference.target`) to what it is
    bound to; a binding may itself be a `Reference` (an import alias, `A = B`).
    """

    constants: tuple[tuple[str, NameExpr], ...] = ()


class ProblemKind(str, Enum):
    """Stable slugs for everything that went wrong or was skipped, used in every output."""

    PARSE_ERROR = "parse-error"
    ENCODING_ERROR = "encoding-error"
    INTERNAL_ERROR = "internal-error"
    UNREADABLE = "unreadable-file"
    BINARY = "binary-file"
    MINIFIED = "minified-file"
    TOO_LARGE = "file-too-large"
    SYMLINK_LOOP = "symlink-loop"
    TSCONFIG_IGNORED = "tsconfig-ignored"  # unreadable tsconfig.json: its aliases are not used

    @property
    def is_error(self) -> bool:
        """Errors are files we meant to scan and could not; the rest are notes on skips."""
        return self in (
            ProblemKind.PARSE_ERROR,
            ProblemKind.ENCODING_ERROR,
            ProblemKind.INTERNAL_ERROR,
        )


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """A file that could not be read or parsed as it should, or a note of discovery."""

    path: str
    line: int | None
    kind: ProblemKind
    message: str
    column: int | None = None


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class TsConfig(Value):
    """What a `tsconfig.json` or `jsconfig.json` says about resolving bare imports.

    Paths are root-relative ("" is the root). `extends` keeps only relative (file) bases, in
    order; `paths` substitutions stay as written, because they are relative to whichever
    `baseUrl` is in force once the `extends` chain is merged (`scanner.javascript.aliases`).
    `references` are the referenced configs' paths (a directory already means its
    `tsconfig.json`); `include`, `exclude` and `files` are root-relative patterns and paths,
    `None` where the config leaves them out (a base's then apply).
    """

    extends: tuple[str, ...] = ()
    base_url: str | None = None
    paths: tuple[tuple[str, tuple[str, ...]], ...] | None = None
    references: tuple[str, ...] = ()
    include: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    files: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class FileScan(Value):
    """Everything one file's extraction found: a pure function of its bytes."""

    path: str
    language: Language
    calls: tuple[RawCall, ...] = ()
    definitions: Definitions = field(default_factory=Definitions)
    problems: tuple[Problem, ...] = ()
    pending: tuple[PendingCall, ...] = ()
    tsconfig: TsConfig | None = None  # a tsconfig.json/jsconfig.json, read for its aliases
    # None: `definitions` are the file's own, whole. Otherwise the extraction was for the
    # calls only (`ExtractOptions.calls_only`) and `definitions` are whole only for these
    # module-level names; anything else is read from a full extraction when needed.
    complete_names: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ScanStats(Value):
    """How a scan did its work, for progress lines and benchmarks (never in reports)."""

    files: int = 0  # source files in this scan (this shard's, when sharded)
    parsed: int = 0  # fully extracted: could contain a call, or imported by one
    checked: int = 0  # could not contain a call: only checked for syntax errors (--check-syntax)
    skipped: int = 0  # could not contain a call: not parsed (the default)
    cached: int = 0  # results read from the cache
    loaded_for_definitions: int = 0  # files parsed late because a call refers to them
    reused: bool = False  # the whole result is the last scan's: no file changed since


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ScanResult(Value):
    """A whole scan: every file's findings and the calls with their names resolved."""

    files: tuple[FileScan, ...]
    problems: tuple[Problem, ...]  # discovery notes and errors, plus every file's problems
    calls: tuple[Call, ...]
    stats: ScanStats = field(default_factory=ScanStats)
    warnings: tuple[str, ...] = ()  # e.g. an unusable cache directory; the scan went on
    wrappers: tuple[Wrapper, ...] = ()


# ---------------------------------------------------------------------------
# Resolved calls.


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Call(Value):
    """An analytics call site, with its event name resolved where the code fixes it."""

    location: Location
    end_line: int
    end_column: int
    language: Language
    method: Method
    callee: str
    event: str | None  # the static name, None when dynamic or not applicable
    dynamic: bool  # the event name could not be known statically
    expression: str | None
    properties: Properties | None
    sdk: str = "segment"
    wrapper: WrapperRef | None = None  # the inferred wrapper this call site goes through
    # A wrapper's own call: its name is the wrapper's parameter, known at each call site.
    forwarding: bool = False


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Wrapper(Value):
    """A function inferred to forward an event name to an analytics call, and why."""

    name: str  # as written: `trackEvent`, `useAnalytics().track`, `BaseView._track`
    location: Location  # where it is defined
    language: Language
    parameter: str  # the parameter that carries the event name
    properties: str | None  # the parameter passed on as the properties, if any
    method: Method
    sdk: str
    forwards_to: Location  # the call inside it that receives the name
    forwards_callee: str  # that call's callee: an SDK call, or another wrapper
    calls: int = 0  # call sites found


# ---------------------------------------------------------------------------
# The tracking plan.


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class PlannedProperty(Value):
    """A property the tracking plan lists for an event."""

    name: str
    types: tuple[str, ...] = ()  # JSON types; empty means any
    required: bool = False
    enum: tuple[str | int | float | bool | None, ...] | None = None
    description: str = ""


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class PlannedEvent(Value):
    """An event the tracking plan lists."""

    name: str
    method: Method = Method.TRACK
    description: str = ""
    owner: str | None = None
    # None: the plan says nothing about properties, so none are checked.
    properties: tuple[PlannedProperty, ...] | None = None
    source: Location | None = None  # where the event is defined in the plan file
    # True: the rule covers every call of its method whatever the name (a RudderStack page
    # rule without a name). Identify and group rules always do.
    any_name: bool = False
    # True: properties the plan does not list are allowed, not reported as unplanned.
    additional_properties: bool = False


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class TrackingPlan(Value):
    """The tracking plan as read from its file, whatever the file's format."""

    path: str
    events: tuple[PlannedEvent, ...]
    name: str | None = None
    version: str | None = None
    format: str = "native"


# ---------------------------------------------------------------------------
# Match results and the report every renderer reads.


class EventStatus(str, Enum):
    IMPLEMENTED = "implemented"
    MISSING = "missing"


class CallStatus(str, Enum):
    PLANNED = "planned"
    UNPLANNED = "unplanned"
    DYNAMIC = "dynamic"
    UNCHECKED = "unchecked"  # no plan, or a method the plan has no rule for
    FORWARDING = "forwarding"  # a wrapper's own call: its call sites are checked instead


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class TypeMismatch(Value):
    """A property given a type (or value) the plan does not allow."""

    key: str
    expected: tuple[str, ...]  # planned JSON types, or the enum values as strings
    got: str  # the literal's JSON type, or its value when it is not in the enum
    kind: str = "type"  # "type" or "enum"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class PropertyFindings(Value):
    """How a call's properties differ from what its planned event lists."""

    missing_required: tuple[str, ...] = ()
    unplanned: tuple[str, ...] = ()
    type_mismatches: tuple[TypeMismatch, ...] = ()

    @property
    def count(self) -> int:
        return len(self.missing_required) + len(self.unplanned) + len(self.type_mismatches)


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class CallResult(Value):
    """A call matched against the plan."""

    call: Call
    status: CallStatus
    suggestion: str | None = None  # the planned name an unplanned name nearly matches
    properties: PropertyFindings | None = None


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class EventResult(Value):
    """A planned event, and the calls that implement it."""

    event: PlannedEvent
    status: EventStatus
    locations: tuple[Location, ...] = ()


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Summary(Value):
    """The counts a report leads with."""

    planned: int = 0
    implemented: int = 0
    calls: int = 0
    unplanned: int = 0
    dynamic: int = 0
    near_miss: int = 0
    property_problems: int = 0  # calls with at least one property finding
    errors: int = 0

    @property
    def missing(self) -> int:
        return self.planned - self.implemented

    @property
    def coverage(self) -> float | None:
        """Percentage of planned events implemented; None when nothing is planned."""
        if not self.planned:
            return None
        return 100.0 * self.implemented / self.planned

    def __add__(self, other: Summary) -> Summary:
        return Summary(
            planned=self.planned + other.planned,
            implemented=self.implemented + other.implemented,
            calls=self.calls + other.calls,
            unplanned=self.unplanned + other.unplanned,
            dynamic=self.dynamic + other.dynamic,
            near_miss=self.near_miss + other.near_miss,
            property_problems=self.property_problems + other.property_problems,
            errors=self.errors + other.errors,
        )


class WarningKind(str, Enum):
    """Findings that are advice rather than plan violations (never counted as problems)."""

    EVENT_NAMING = "event-naming"
    PROPERTY_NAMING = "property-naming"


@dataclass(frozen=True, slots=True, order=True)
class ReportWarning:
    """A name that breaks the configured naming convention, in the code or in the plan."""

    location: Location  # the call, or the event's definition in the plan file
    kind: WarningKind
    name: str  # the event name or property key
    convention: str  # e.g. "title-case", "snake_case"
    message: str
    event: str | None = None  # for property keys: the event they belong to


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class PlanInfo(Value):
    """Which tracking plan a report was matched against."""

    path: str
    name: str | None
    version: str | None
    format: str


@dataclass(frozen=True, slots=True, order=True)
class Shard:
    """`--shard K/N`: this run scanned the K-th of N disjoint parts of the files (1-based)."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class ReportMeta(Value):
    """Volatile facts about a run, injected so tests can pass fixed values."""

    root: str
    tool_version: str
    generated_at: str  # ISO 8601
    commit: str | None = None


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Report(Value):
    """Everything a rendering shows: the matched events and calls, the problems, the totals."""

    meta: ReportMeta
    plan: PlanInfo | None  # None: inventory mode
    summary: Summary
    events: tuple[EventResult, ...]
    calls: tuple[CallResult, ...]
    problems: tuple[Problem, ...]
    delta: Delta | None = None  # set when compared with a baseline report (--baseline)
    warnings: tuple[ReportWarning, ...] = ()
    shard: Shard | None = None  # set on a `--shard` run's partial report
    wrappers: tuple[Wrapper, ...] = ()  # inferred wrappers, for people to check

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.kind.is_error)

    @property
    def notes(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.kind.is_error)


# ---------------------------------------------------------------------------
# Coverage over time (`trackscan history`).


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class HistoryPoint(Value):
    """The plan's state at one commit, and what changed since the previous point."""

    commit: str
    date: str  # committer date, ISO 8601
    subject: str
    summary: Summary
    owners: tuple[tuple[str, Summary], ...] = ()  # per-owner roll-up ("" for no owner)
    landed: tuple[str, ...] = ()  # events implemented here but not at the previous point
    regressed: tuple[str, ...] = ()  # events implemented at the previous point but not here


# ---------------------------------------------------------------------------
# Findings and the comparison with a baseline report (`--baseline`).


class FindingKind(str, Enum):
    """Stable slugs for what a report flags, used as SARIF rule ids and section anchors."""

    MISSING_EVENT = "missing-event"
    UNPLANNED_EVENT = "unplanned-event"
    NEAR_MISS = "near-miss-event-name"
    DYNAMIC_NAME = "dynamic-event-name"
    MISSING_REQUIRED_PROPERTY = "missing-required-property"
    UNPLANNED_PROPERTY = "unplanned-property"
    PROPERTY_TYPE_MISMATCH = "property-type-mismatch"
    PROPERTY_ENUM_MISMATCH = "property-enum-mismatch"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Delta(Value):
    """What changed between a baseline report and this one.

    Calls are matched on an identity without line numbers (path, callee, method, event name
    or expression), like detect-secrets' baseline, so moving code is not "new". The tuples
    hold results of the *current* report; `before` is the baseline's summary.
    """

    base: ReportMeta
    before: Summary
    newly_implemented: tuple[EventResult, ...] = ()
    newly_missing: tuple[EventResult, ...] = ()
    new_unplanned: tuple[CallResult, ...] = ()
    new_dynamic: tuple[CallResult, ...] = ()
    new_near_miss: tuple[CallResult, ...] = ()
    new_property_problems: tuple[CallResult, ...] = ()
    # How many findings of the baseline are gone (fixed, planned or removed).
    resolved_unplanned: int = 0
    resolved_dynamic: int = 0
    resolved_property_problems: int = 0

    @property
    def coverage_before(self) -> float | None:
        return self.before.coverage
