"""What trackscan finds (and ignores) in JavaScript and TypeScript: one small snippet per row.

Each `Finds` row scans its snippet as `src/app.ts` (or `path`), together with any `files`
it imports, through extraction and cross-file resolution, and expects exactly one call.
Each `Ignores` row expects none. Row ids are the row's index in its table.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import pytest

from scanner import ScanOptions, scan_bytes
from scanner.discover import language_for
from scanner.model import Call, FileScan, Method
from scanner.resolve import resolve

ANY = object()


@dataclass(frozen=True)
class Finds:
    code: str
    method: Method = Method.TRACK
    event: str | object | None = ANY  # the resolved static name; None: dynamic or no name
    dynamic: bool = False
    expression: str | object | None = ANY
    keys: tuple[str, ...] | object | None = ANY  # properties keys; None: no properties
    dynamic_properties: bool | object = ANY
    callee: str | object = ANY
    path: str = "src/app.ts"
    files: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Ignores:
    code: str
    path: str = "src/app.ts"
    files: dict[str, str] = field(default_factory=dict)


def scan_sources(files: dict[str, str]) -> tuple[tuple[FileScan, ...], tuple[Call, ...]]:
    scans = []
    for path, code in files.items():
        language = language_for(path.rsplit("/", 1)[-1])
        assert language is not None, path
        content = textwrap.dedent(code).lstrip("\n").encode("utf-8")
        scans.append(scan_bytes(path, content, language, ScanOptions(strict=True)))
    return tuple(scans), resolve(scans)


def calls_in(row: Finds | Ignores) -> tuple[Call, ...]:
    return scan_sources({row.path: row.code, **row.files})[1]


# Common imports, so rows stay one idea each.
NEXT = "import { AnalyticsBrowser } from '@segment/analytics-next'\n"
NODE = "import { Analytics } from '@segment/analytics-node'\n"

SIGNATURES = [
    # -- receivers -------------------------------------------------------------------
    Finds("analytics.track('Signed Up')", event="Signed Up", callee="analytics.track"),
    Finds("window.analytics.track('Signed Up')", event="Signed Up"),
    Finds("globalThis.analytics.track('Signed Up')", event="Signed Up"),
    Finds("window['analytics'].track('Signed Up')", event="Signed Up"),
    Finds(
        "class Shop { buy() { this.analytics.track('Order Completed') } }",
        event="Order Completed",
        callee="this.analytics.track",
    ),
    Finds("function Button(props) { props.analytics.track('Clicked') }", event="Clicked"),
    Finds("analytics?.track('Signed Up')", event="Signed Up", callee="analytics?.track"),
    Finds(
        "window.analytics?.track?.('Signed Up')",
        event="Signed Up",
        callee="window.analytics?.track",
    ),
    Finds("analytics!.track('Signed Up')", event="Signed Up"),
    # -- computed members with a static key ------------------------------------------------
    Finds(
        "analytics['track']('Signed Up', { plan: 'pro' })",
        event="Signed Up",
        keys=("plan",),
        callee="analytics['track']",
    ),
    Finds('window.analytics["track"]("Signed Up")', event="Signed Up"),
    Finds("analytics[`track`]('Signed Up')", event="Signed Up"),
    Finds("analytics?.['track']('Signed Up')", event="Signed Up"),
    Finds("analytics['page']('Docs', 'Home')", method=Method.PAGE, event="Home"),
    Finds("analytics['identify']('u1', { email })", method=Method.IDENTIFY, event=None),
    Finds(
        NEXT + "const seg = AnalyticsBrowser.load({ writeKey })\nseg['track']('Signed Up')",
        event="Signed Up",
    ),
    Finds("async function f() { await analytics.track('Signed Up') }", event="Signed Up"),
    Finds(
        "export const B = () => <button onClick={() => analytics.track('Clicked')}>Buy</button>",
        event="Clicked",
        path="src/Button.tsx",
    ),
    Finds(
        "export const B = () => <a onClick={() => analytics.track('Clicked')}>x</a>",
        event="Clicked",
        path="src/Button.jsx",
    ),
    Finds(
        "export const B = () => <a onClick={() => analytics.track('Clicked')}>x</a>",
        event="Clicked",
        path="src/Button.js",
    ),
    Finds(
        "const f = async () => { try { await analytics.track('Signed Up') } catch {} }",
        event="Signed Up",
    ),
    # -- clients bound to an SDK -----------------------------------------------------
    Finds(
        NEXT + "const seg = AnalyticsBrowser.load({ writeKey: 'k' })\nseg.track('Signed Up')",
        event="Signed Up",
        callee="seg.track",
    ),
    Finds(
        NEXT + "export const browser = new AnalyticsBrowser()\nbrowser.track('Signed Up')",
        event="Signed Up",
    ),
    Finds(
        NEXT + "async function f() {\n  const [seg] = await AnalyticsBrowser.load({ writeKey })\n"
        "  seg.track('Signed Up')\n}",
        event="Signed Up",
    ),
    Finds(
        NEXT + "let seg: AnalyticsBrowser | undefined\n"
        "export function init() { seg = AnalyticsBrowser.load({ writeKey }) }\n"
        "export function done() { seg?.track('Signed Up') }",
        event="Signed Up",
    ),
    Finds(
        NODE + "const client = new Analytics({ writeKey })\n"
        "client.track({ userId: 'u1', event: 'Order Completed', properties: { total: 9 } })",
        event="Order Completed",
        keys=("total",),
    ),
    Finds(
        "const Analytics = require('analytics-node')\nconst client = new Analytics('key')\n"
        "client.track({ userId: 'u1', event: 'Order Completed' })",
        event="Order Completed",
        path="src/server.js",
    ),
    Finds(
        "const { Analytics } = require('@segment/analytics-node')\n"
        "const client = new Analytics({ writeKey })\nclient.track({ event: 'Order Completed' })",
        event="Order Completed",
        path="src/server.cjs",
    ),
    Finds(
        "import * as Segment from '@segment/analytics-node'\n"
        "const client = new Segment.Analytics({ writeKey })\n"
        "client.track({ anonymousId: 'a', event: 'Order Completed' })",
        event="Order Completed",
    ),
    Finds(
        NODE + "class Service {\n  private seg = new Analytics({ writeKey })\n"
        "  done() { this.seg.track({ userId: 'u', event: 'Order Completed' }) }\n}",
        event="Order Completed",
        callee="this.seg.track",
    ),
    Finds(
        NODE + "class Service {\n  constructor(private readonly segment: Analytics) {}\n"
        "  done() { this.segment.track({ userId: 'u', event: 'Order Completed' }) }\n}",
        event="Order Completed",
    ),
    Finds(
        NODE + "class Service {\n  constructor() { this.seg = new Analytics({ writeKey }) }\n"
        "  done = () => this.seg.track({ userId: 'u', event: 'Order Completed' })\n}",
        event="Order Completed",
    ),
    Finds(
        NODE + "export function send(client: Analytics) {\n"
        "  client.track({ userId: 'u', event: 'Order Completed' })\n}",
        event="Order Completed",
    ),
    # -- browser signatures ----------------------------------------------------------
    Finds("analytics.track('Signed Up', { plan: 'pro', seats: 3 })", keys=("plan", "seats")),
    Finds(
        "analytics.track('Signed Up', { plan: 'pro' }, { integrations: { All: false } }, cb)",
        keys=("plan",),
    ),
    Finds("analytics.track('Signed Up', () => done())", event="Signed Up", keys=None),
    Finds("analytics.track('Signed Up', undefined, { context: {} })", keys=None),
    Finds("analytics.track()", event=None, dynamic=True, expression=None),
    Finds("analytics.track(...args)", event=None, dynamic=True, expression="...args"),
    Finds(
        "analytics.track({ event: 'Signed Up', properties: { plan: 'pro' } })",
        event="Signed Up",
        keys=("plan",),
    ),
    Finds("analytics.identify('u1', { email: 'a@b.c' })", Method.IDENTIFY, keys=("email",)),
    Finds("analytics.identify({ email: 'a@b.c' })", Method.IDENTIFY, keys=("email",)),
    Finds("analytics.identify(null, { email: 'a@b.c' })", Method.IDENTIFY, keys=("email",)),
    Finds("analytics.identify(user.id)", Method.IDENTIFY, event=None, keys=None),
    Finds("analytics.identify()", Method.IDENTIFY, event=None, keys=None),
    Finds("analytics.page()", Method.PAGE, event=None, dynamic=False, keys=None),
    Finds("analytics.page('Home')", Method.PAGE, event="Home", keys=None),
    Finds("analytics.page('Docs', 'Home')", Method.PAGE, event="Home"),
    Finds("analytics.page('Home', { path: '/' })", Method.PAGE, event="Home", keys=("path",)),
    Finds("analytics.page('Docs', 'Home', { path: '/' })", Method.PAGE, event="Home"),
    Finds("analytics.page(null, 'Home')", Method.PAGE, event="Home"),
    Finds("analytics.page('Home', null, { context: {} })", Method.PAGE, event="Home", keys=None),
    Finds("analytics.page({ path: '/' })", Method.PAGE, event=None, keys=("path",)),
    Finds(
        "export function f(props) { analytics.page('Home', props) }",
        Method.PAGE,
        event="Home",
        dynamic_properties=True,
    ),
    Finds("analytics.screen('Settings')", Method.SCREEN, event="Settings"),
    Finds("analytics.screen('Account', 'Settings', { tab: 1 })", Method.SCREEN, event="Settings"),
    Finds("analytics.group('g1', { name: 'Acme' })", Method.GROUP, event=None, keys=("name",)),
    Finds("analytics.alias('new-id', 'old-id')", Method.ALIAS, event=None, keys=None),
    # -- message (analytics-node) signatures -----------------------------------------
    Finds(
        NODE + "const c = new Analytics({ writeKey })\n"
        "c.identify({ userId: 'u1', traits: { plan: 'pro' } })",
        Method.IDENTIFY,
        keys=("plan",),
    ),
    Finds(
        NODE + "const c = new Analytics({ writeKey })\n"
        "c.page({ userId: 'u1', category: 'Docs', name: 'Home', properties: { path: '/' } })",
        Method.PAGE,
        event="Home",
        keys=("path",),
    ),
    Finds(
        NODE
        + "const c = new Analytics({ writeKey })\nc.screen({ userId: 'u1', name: 'Settings' })",
        Method.SCREEN,
        event="Settings",
    ),
    Finds(
        NODE + "const c = new Analytics({ writeKey })\n"
        "c.group({ userId: 'u1', groupId: 'g1', traits: { name: 'Acme' } })",
        Method.GROUP,
        keys=("name",),
    ),
    Finds(
        NODE + "const c = new Analytics({ writeKey })\nc.alias({ userId: 'u1', previousId: 'a' })",
        Method.ALIAS,
        keys=None,
    ),
    Finds(
        NODE + "const c = new Analytics({ writeKey })\nc.track({ userId: 'u1' })",
        event=None,
        dynamic=True,
        expression=None,
    ),
    Finds(
        NODE + "const c = new Analytics({ writeKey })\n"
        "export function f(message) { c.track(message) }",
        event=None,
        dynamic=True,
        expression="message",
        dynamic_properties=True,
    ),
    Finds(
        NODE + "const c = new Analytics({ writeKey })\n"
        "export const f = (base) => c.track({ ...base, properties: { a: 1 } })",
        event=None,
        dynamic=True,
        expression="...base",
        keys=("a",),
    ),
    Finds(
        "analytics.identify({ userId: 'u1', traits: { plan: 'pro' } })",
        Method.IDENTIFY,
        keys=("plan",),
    ),
    Finds(
        "const msg = { event: 'Order Completed', properties: { total: 1 } }\nanalytics.track(msg)",
        event="Order Completed",
        keys=("total",),
    ),
    Finds(
        "export function f() {\n  let msg = { userId: 'u', event: 'Order Completed' }\n"
        "  analytics.track(msg)\n}",
        event="Order Completed",
    ),
]


@pytest.mark.parametrize("row", SIGNATURES, ids=range(len(SIGNATURES)))
def test_finds_signature(row: Finds) -> None:
    assert_finds(row)


def assert_finds(row: Finds) -> None:
    calls = calls_in(row)
    assert len(calls) == 1, f"expected one call, found {[c.callee for c in calls]}"
    call = calls[0]
    assert call.method is row.method
    assert call.location.path == row.path
    if row.event is not ANY:
        assert call.event == row.event
    assert call.dynamic is row.dynamic, call
    if row.expression is not ANY:
        assert call.expression == row.expression
    if row.callee is not ANY:
        assert call.callee == row.callee
    if row.keys is not ANY:
        keys = None if call.properties is None else call.properties.keys
        assert keys == row.keys
    if row.dynamic_properties is not ANY:
        assert call.properties is not None
        assert call.properties.dynamic is row.dynamic_properties


EVENTS_TS = """
export const SIGNED_UP = 'Signed Up'
export const Events = { LOGIN: 'Logged In', auth: { LOGOUT: 'Logged Out' } } as const
export enum Checkout { STARTED = 'Checkout Started', STEP = 2 }
export default { HOME: 'Home Viewed' }
"""

NAMES = [
    # -- literals ----------------------------------------------------------------------
    Finds('analytics.track("Signed Up")', event="Signed Up", expression='"Signed Up"'),
    Finds("analytics.track('It\\'s \\u00e9t\\xe9 \\u{1F600}')", event="It's été 😀"),
    Finds("analytics.track('\\ud83d\\ude00 Smiled')", event="😀 Smiled"),
    Finds("analytics.track(`Signed Up`)", event="Signed Up"),
    Finds("analytics.track('Signed' + ' ' + 'Up')", event="Signed Up"),
    Finds("analytics.track('Step ' + 2 + ' Completed')", event="Step 2 Completed"),
    Finds("analytics.track(1 + 2 + ' Completed')", event=None, dynamic=True),
    Finds("analytics.track(('Signed Up' as string))", event="Signed Up"),
    # -- constants in this file ------------------------------------------------------
    Finds("const E = 'Signed Up'\nanalytics.track(E)", event="Signed Up", expression="E"),
    Finds("function f() {\n  const e = 'Signed Up'\n  analytics.track(e)\n}", event="Signed Up"),
    Finds("let e = 'Signed Up'\nanalytics.track(e)", event="Signed Up"),
    Finds("var e = 'Signed Up'\nanalytics.track(e)", event="Signed Up"),
    Finds(
        "let e = 'Signed Up'\nif (x) e = 'Other'\nanalytics.track(e)",
        event=None,
        dynamic=True,
        expression="e",
    ),
    Finds("let e = 'Signed Up'\nfunction f() { e += '!' }\nanalytics.track(e)", dynamic=True),
    Finds("const P = 'Product'\nanalytics.track(P + ' Viewed')", event="Product Viewed"),
    Finds("const P = 'Product'\nanalytics.track(`${P} Viewed`)", event="Product Viewed"),
    Finds(
        "export function f(kind: string) { analytics.track(`${kind} Viewed`) }",
        event=None,
        dynamic=True,
        expression="`${kind} Viewed`",
    ),
    Finds(
        "export function f(name) { analytics.track(name) }",
        event=None,
        dynamic=True,
        expression="name",
    ),
    Finds("analytics.track(getName())", event=None, dynamic=True, expression="getName()"),
    Finds("analytics.track(user.event)", event=None, dynamic=True, expression="user.event"),
    Finds("analytics.track(undefinedGlobal)", event=None, dynamic=True),
    Finds("analytics.track(x ? 'A' : 'B')", event=None, dynamic=True),
    # -- members of constant objects, enums and classes ------------------------------
    Finds("const E = { LOGIN: 'Logged In' }\nanalytics.track(E.LOGIN)", event="Logged In"),
    Finds("const E = { LOGIN: 'Logged In' } as const\nanalytics.track(E.LOGIN)", event="Logged In"),
    Finds(
        "const E = Object.freeze({ LOGIN: 'Logged In' })\nanalytics.track(E.LOGIN)",
        event="Logged In",
    ),
    Finds("const E = { a: { b: { c: 'Deep' } } }\nanalytics.track(E.a.b.c)", event="Deep"),
    Finds("const E = { LOGIN: 'Logged In' }\nanalytics.track(E['LOGIN'])", event="Logged In"),
    Finds(
        "const E = { 'Signed Up': 'Signed Up' }\nanalytics.track(E['Signed Up'])", event="Signed Up"
    ),
    Finds("const E = { 1: 'One' }\nanalytics.track(E[1])", event="One"),
    Finds(
        "const A = { LOGIN: 'Logged In' }\nconst B = { BUY: 'Bought' }\n"
        "const Events = { ...A, ...B }\nanalytics.track(Events.LOGIN)",
        event="Logged In",
    ),
    Finds(
        "const A = { X: 'From A' }\nconst B = { X: 'From B' }\n"
        "const Events = { ...A, ...B }\nanalytics.track(Events.X)",
        event="From B",
    ),
    Finds("const E = { LOGIN: 'x' }\nE.LOGIN = 'y'\nanalytics.track(E.LOGIN)", dynamic=True),
    Finds(
        "const E = { LOGIN: 'x' }\nexport function f() { E.LOGIN = 'y' }\nanalytics.track(E.LOGIN)",
        dynamic=True,
    ),
    Finds("const E = {}\nE.LOGIN = 'Logged In'\nanalytics.track(E.LOGIN)", event="Logged In"),
    Finds("const { LOGIN } = { LOGIN: 'x' }\nanalytics.track(LOGIN)", dynamic=True),
    Finds(
        "const E = { LOGIN: 'Logged In' }\nconst { LOGIN } = E\nanalytics.track(LOGIN)",
        event="Logged In",
    ),
    Finds("enum E { LOGIN = 'Logged In' }\nanalytics.track(E.LOGIN)", event="Logged In"),
    Finds("const enum E { LOGIN = 'Logged In' }\nanalytics.track(E.LOGIN)", event="Logged In"),
    Finds("enum E { A, B }\nanalytics.track(E.B)", event=None, dynamic=True),
    Finds("class E { static LOGIN = 'Logged In' }\nanalytics.track(E.LOGIN)", event="Logged In"),
    Finds(
        "function f() {\n  const local = { A: 'Local' }\n  analytics.track(local.A)\n}",
        event="Local",
    ),
    Finds("export function f(E) { analytics.track(E.LOGIN) }", event=None, dynamic=True),
    # -- imported from other files ---------------------------------------------------
    Finds(
        "import { SIGNED_UP } from './events'\nanalytics.track(SIGNED_UP)",
        event="Signed Up",
        files={"src/events.ts": EVENTS_TS},
    ),
    Finds(
        "import { Events as E } from './events'\nanalytics.track(E.auth.LOGOUT)",
        event="Logged Out",
        files={"src/events.ts": EVENTS_TS},
    ),
    Finds(
        "import { Checkout } from './events.js'\nanalytics.track(Checkout.STARTED)",
        event="Checkout Started",
        files={"src/events.ts": EVENTS_TS},
    ),
    Finds(
        "import Names from './events'\nanalytics.page(Names.HOME)",
        Method.PAGE,
        event="Home Viewed",
        files={"src/events.ts": EVENTS_TS},
    ),
    Finds(
        "import * as ev from './events'\nanalytics.track(ev.Events.LOGIN)",
        event="Logged In",
        files={"src/events.ts": EVENTS_TS},
    ),
    Finds(
        "import { Events } from './analytics'\nanalytics.track(Events.LOGIN)",
        event="Logged In",
        files={
            "src/analytics/index.ts": "export * from './events'",
            "src/analytics/events.ts": EVENTS_TS,
        },
    ),
    Finds(
        "import { Events } from '.'\nanalytics.track(Events.LOGIN)",
        event="Logged In",
        path="src/lib/app.ts",
        files={
            "src/lib/index.ts": "export { Events } from '../events'",
            "src/events.ts": EVENTS_TS,
        },
    ),
    Finds(
        "import { LoginEvent } from './index'\nanalytics.track(LoginEvent)",
        event="Logged In",
        files={
            "src/index.js": "export { LOGIN as LoginEvent } from './consts'",
            "src/consts.mjs": "export const LOGIN = 'Logged In'",
        },
    ),
    Finds(
        "import { ns } from './reexport'\nanalytics.track(ns.SIGNED_UP)",
        event="Signed Up",
        files={"src/reexport.ts": "export * as ns from './events'", "src/events.ts": EVENTS_TS},
    ),
    Finds(
        "import { default as names } from './events'\nanalytics.track(names.HOME)",
        event="Home Viewed",
        files={"src/events.ts": EVENTS_TS},
    ),
    Finds(
        "import E from './e'\nanalytics.track(E.LOGIN)",
        event="Logged In",
        files={"src/e.ts": "const Events = { LOGIN: 'Logged In' }\nexport default Events"},
    ),
    Finds(
        "import { Events } from './all'\nanalytics.track(Events.BUY)",
        event="Bought",
        files={
            "src/all.ts": "import { Login } from './login'\nimport { Buy } from './buy'\n"
            "export const Events = { ...Login, ...Buy }",
            "src/login.ts": "export const Login = { LOGIN: 'Logged In' }",
            "src/buy.ts": "export const Buy = { BUY: 'Bought' }",
        },
    ),
    Finds(
        "import { Events } from './e'\nanalytics.track(Events.B)",
        event="Bee",
        files={
            "src/e.ts": "import { A } from './a'\nexport const Events = { ...A, B: 'Bee' }",
            "src/a.ts": "export const A = {}",
        },
    ),
    Finds(
        "import { Missing } from './events'\nanalytics.track(Missing)",
        event=None,
        dynamic=True,
        files={"src/events.ts": EVENTS_TS},
    ),
    Finds(
        "import { A } from './a'\nanalytics.track(A)",
        dynamic=True,
        files={
            "src/a.ts": "export { B as A } from './b'",
            "src/b.ts": "export { A as B } from './a'",
        },
    ),
    # -- CommonJS ------------------------------------------------------------------------
    Finds(
        "const { LOGIN } = require('./events')\nanalytics.track(LOGIN)",
        event="Logged In",
        path="src/app.js",
        files={"src/events.js": "module.exports = { LOGIN: 'Logged In' }"},
    ),
    Finds(
        "const events = require('./events')\nanalytics.track(events.LOGIN)",
        event="Logged In",
        path="src/app.js",
        files={"src/events.js": "exports.LOGIN = 'Logged In'"},
    ),
    Finds(
        "const E = require('./events').Events\nanalytics.track(E.LOGIN)",
        event="Logged In",
        path="src/app.cjs",
        files={
            "src/events.cjs": "const Events = { LOGIN: 'Logged In' }\n"
            "module.exports.Events = Events"
        },
    ),
    Finds(
        "import events from './events'\nanalytics.track(events.LOGIN)",
        event="Logged In",
        files={"src/events.js": "const E = { LOGIN: 'Logged In' }\nmodule.exports = E"},
    ),
    Finds(
        "const { LOGIN } = require('./events')\nanalytics.track(LOGIN)",
        event="Logged In",
        path="src/app.js",
        files={"src/events.js": "exports.LOGIN = void 0\nexports.LOGIN = 'Logged In'"},
    ),
    Finds(
        "const { LOGIN } = require('./events')\nanalytics.track(LOGIN)",
        dynamic=True,
        path="src/app.js",
        files={"src/events.js": "exports.LOGIN = 'a'\nexports.LOGIN = 'b'"},
    ),
    Finds(
        "import E = require('./events')\nanalytics.track(E.LOGIN)",
        event="Logged In",
        files={"src/events.ts": "export = { LOGIN: 'Logged In' }"},
    ),
    # -- workspace packages ------------------------------------------------------------
    Finds(
        "import { Events } from '@acme/events'\nanalytics.track(Events.LOGIN)",
        event="Logged In",
        path="apps/web/src/app.ts",
        files={
            "packages/events/package.json": '{"name": "@acme/events", "main": "dist/index.js"}',
            "packages/events/src/index.ts": "export const Events = { LOGIN: 'Logged In' }",
        },
    ),
    Finds(
        "import { LOGIN } from '@acme/events/auth'\nanalytics.track(LOGIN)",
        event="Logged In",
        path="apps/web/src/app.ts",
        files={
            "packages/events/package.json": '{"name": "@acme/events", "exports": {'
            '".": "./dist/index.js", "./*": {"types": "./dist/*.d.ts", "import": "./dist/*.js"}}}',
            "packages/events/src/auth.ts": "export const LOGIN = 'Logged In'",
        },
    ),
    Finds(
        "import { Events } from 'acme-events'\nanalytics.track(Events.LOGIN)",
        event="Logged In",
        path="apps/web/src/app.ts",
        files={
            "packages/events/package.json": '{"name": "acme-events"}',
            "packages/events/index.js": "export const Events = { LOGIN: 'Logged In' }",
        },
    ),
    Finds(
        "import { Events } from 'not-in-this-tree'\nanalytics.track(Events.LOGIN)",
        event=None,
        dynamic=True,
    ),
    # -- tsconfig / jsconfig path aliases ----------------------------------------------
    Finds(
        "import { EVENTS } from '@/constants/events'\nanalytics.track(EVENTS.SIGNED_UP)",
        event="Signed Up",
        path="src/app/page.tsx",
        files={
            "tsconfig.json": '{"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["src/*"]}}}',
            "src/constants/events.ts": "export const EVENTS = { SIGNED_UP: 'Signed Up' }",
        },
    ),
    Finds(
        "import { LOGIN } from 'src/analytics/events'\nanalytics.track(LOGIN)",
        event="Logged In",
        path="src/app/page.jsx",
        files={
            "jsconfig.json": '{"compilerOptions": {"baseUrl": "."}}',
            "src/analytics/events.js": "export const LOGIN = 'Logged In'",
        },
    ),
    Finds(  # the nearest config governs: the web app's `@/*` is its own `src/*`
        "import { LOGIN } from '@/events'\nanalytics.track(LOGIN)",
        event="Web Login",
        path="apps/web/src/app.ts",
        files={
            "tsconfig.json": '{"compilerOptions": {"paths": {"@/*": ["shared/*"]}}}',
            "shared/events.ts": "export const LOGIN = 'Shared Login'",
            "apps/web/tsconfig.json": '{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}',
            "apps/web/src/events/index.ts": "export const LOGIN = 'Web Login'",
        },
    ),
    Finds(  # a constant re-exported through an alias, by a file the alias governs too
        "import { Events } from '~/events'\nanalytics.track(Events.LOGIN)",
        event="Logged In",
        files={
            "tsconfig.json": '{"compilerOptions": {"paths": {"~/*": ["./src/*"]}}}',
            "src/events.ts": "export { Events } from '~/constants'",
            "src/constants.ts": "export const Events = { LOGIN: 'Logged In' }",
        },
    ),
    Finds(
        "import { Events } from '@/events'\nanalytics.track(Events.LOGIN)",
        event=None,
        dynamic=True,
        files={
            "tsconfig.json": "{ broken",
            "src/events.ts": "export const Events = { LOGIN: 'Logged In' }",
        },
    ),
    # TypeScript namespaces (the `ts-namespaces` fixture has the rest)
    Finds("namespace E { export const A = 'Same File' }\nanalytics.track(E.A)", event="Same File"),
    Finds(
        "import { E } from './events'\nanalytics.track(E.In.A)",
        event="Inner",
        files={
            "src/events.ts": "export namespace E { export namespace In { export const A = 'Inner' } }"
        },
    ),
    Finds(  # not exported: not a member of E (TypeScript rejects `E.A` too)
        "namespace E { const A = 'Hidden' }\nanalytics.track(E.A)", event=None, dynamic=True
    ),
    Finds(  # dotted names are not followed
        "namespace A.B { export const C = 'Dotted' }\nanalytics.track(A.B.C)",
        event=None,
        dynamic=True,
    ),
    Finds(  # an ambient namespace holds types, no values
        "declare namespace E { const A: string }\nanalytics.track(E.A)", event=None, dynamic=True
    ),
]


@pytest.mark.parametrize("row", NAMES, ids=range(len(NAMES)))
def test_finds_name(row: Finds) -> None:
    assert_finds(row)


NOT_CALLS = [
    # -- text that merely mentions a call ---------------------------------------------
    Ignores("// analytics.track('Signed Up')"),
    Ignores("/* analytics.track('Signed Up') */"),
    Ignores("/**\n * Usage: analytics.track('Signed Up', { plan })\n */\nexport {}"),
    Ignores("const s = \"analytics.track('Signed Up')\""),
    Ignores("const s = `analytics.track('Signed Up')`"),
    Ignores("const s = `${x} analytics.track('Signed Up')`"),
    Ignores("const r = /analytics.track\\('x'\\)/"),
    Ignores("export const P = () => <p>analytics.track('Signed Up')</p>", path="src/P.tsx"),
    Ignores("export const P = () => <p title=\"analytics.track('x')\">x</p>", path="src/P.jsx"),
    # -- receivers that are not analytics ----------------------------------------------
    Ignores("mixpanel.track('Signed Up')"),
    Ignores("amplitude.track('Signed Up')"),
    Ignores("tracker.track('Signed Up')"),
    Ignores("class A { f() { this.tracker.track('Signed Up') } }"),
    Ignores("segment.track('Signed Up')"),
    Ignores("analyticsService.track('Signed Up')"),
    Ignores("Analytics.track('Signed Up')"),
    Ignores("window.analytics2.track('Signed Up')"),
    Ignores("analytics.tracker.track('Signed Up')"),
    Ignores("getAnalytics().track('Signed Up')"),
    Ignores("track('Signed Up')"),
    Ignores("import { track } from './lib'\ntrack('Signed Up')"),
    Ignores(
        "import mixpanel from 'mixpanel-browser'\nconst seg = mixpanel.init('k')\n"
        "seg.track('Signed Up')"
    ),
    Ignores("class Analytics {}\nconst client = new Analytics()\nclient.track('Signed Up')"),
    Ignores(
        "import Analytics from 'analytics'\nconst client = Analytics({ app: 'x' })\n"
        "client.track('Signed Up')"
    ),
    Ignores(NODE + "const client = Analytics\nexport function f(a) { a.track({ event: 'x' }) }"),
    Ignores(NEXT + "let seg = AnalyticsBrowser.load({ writeKey })\nseg = mixpanel\nseg.track('x')"),
    Ignores(
        NODE + "const c = new Analytics({ writeKey })\n"
        "export function f() { const o = { c: mixpanel }\n o.c.track('x') }"
    ),
    # -- not the methods ---------------------------------------------------------------
    Ignores("analytics.trackLink(el, 'Clicked')"),
    Ignores("analytics.trackForm(form, 'Submitted')"),
    Ignores("analytics.ready(() => {})"),
    Ignores("analytics.reset()"),
    Ignores("analytics.track"),
    Ignores("analytics.track.bind(analytics)"),
    Ignores("analytics.track`Signed Up`"),
    Ignores("const track = analytics.track\nexport { track }"),
    Ignores("new analytics.track('Signed Up')"),
    # -- computed members that are not a static method name ----------------------------
    Ignores("const method = 'track'\nanalytics[method]('Signed Up')"),
    Ignores("analytics[`${'track'}`]('Signed Up')"),
    Ignores("analytics['track' + '']('Signed Up')"),
    Ignores("analytics['trackLink'](el, 'Clicked')"),
    Ignores("mixpanel['track']('Signed Up')"),
    Ignores("const s = \"analytics['track']('Signed Up')\""),
]


@pytest.mark.parametrize("row", NOT_CALLS, ids=range(len(NOT_CALLS)))
def test_ignores(row: Ignores) -> None:
    calls = calls_in(row)
    assert calls == (), [f"{c.location.line}: {c.callee}" for c in calls]


SPREAD_ENUM = Finds(
    "enum Auth { LOGIN = 'Logged In' }\nenum Buy { PAID = 'Paid' }\n"
    "const Events = { ...Auth, ...Buy } as const\nanalytics.track(Events.PAID)",
    event="Paid",
)


def test_object_built_from_spread_enums() -> None:
    assert_finds(SPREAD_ENUM)


PROPERTIES = [
    # (properties literal, expected (key, type, value) entries, dynamic)
    ("{ plan: 'pro' }", [("plan", "string", "pro")], False),
    ('{ "plan": `pro` }', [("plan", "string", "pro")], False),
    ("{ label: `${a} b` }", [("label", "string", None)], False),
    (
        "{ n: 3, x: -1.5, big: 1e3, hex: 0x1F, sep: 1_000 }",
        [
            ("n", "integer", 3),
            ("x", "number", -1.5),
            ("big", "integer", 1000),
            ("hex", "integer", 31),
            ("sep", "integer", 1000),
        ],
        False,
    ),
    (
        "{ ok: true, no: false, none: null }",
        [
            ("ok", "boolean", True),
            ("no", "boolean", False),
            ("none", "null", None),
        ],
        False,
    ),
    (
        "{ o: { a: 1 }, l: [1, 2], f: () => 1 }",
        [
            ("o", "object", None),
            ("l", "array", None),
            ("f", "unknown", None),
        ],
        False,
    ),
    (
        "{ plan: 'pro' as const, seats: (2) }",
        [("plan", "string", "pro"), ("seats", "integer", 2)],
        False,
    ),
    ("{ plan }", [("plan", "unknown", None)], False),
    (
        "{ 'a b': 1, 2: 'two', ['c']: 3 }",
        [
            ("a b", "integer", 1),
            ("2", "string", "two"),
            ("c", "integer", 3),
        ],
        False,
    ),
    ("{ a: 1, a: 2 }", [("a", "integer", 2)], False),
    ("{ ...base, a: 1 }", [("a", "integer", 1)], True),
    ("{ [key]: 1, a: 2 }", [("a", "integer", 2)], True),
    ("props", [], True),
    ("getProps()", [], True),
]


@pytest.mark.parametrize(("literal", "entries", "dynamic"), PROPERTIES, ids=range(len(PROPERTIES)))
def test_property_values(
    literal: str, entries: list[tuple[str, str, object]], dynamic: bool
) -> None:
    _, calls = scan_sources({"src/app.ts": f"analytics.track('E', {literal})"})
    (call,) = calls
    assert call.properties is not None
    found = [(e.key, e.type.value, e.value) for e in call.properties.entries]
    assert found == entries
    assert call.properties.dynamic is dynamic


def test_callee_split_over_lines_is_reported_on_one() -> None:
    _, calls = scan_sources({"src/app.ts": "analytics\n  .track('Signed Up')"})
    assert [(c.callee, c.location.line) for c in calls] == [("analytics.track", 1)]
