"""Each SDK preset finds its SDK's calls, as the SDK's docs and sources write them, and
nothing else: one snippet per row (Python as `app/sample.py`, JS/TS as `src/app.ts`).

`Finds` rows expect exactly one call with the given method, name, property keys and preset;
`Ignores` rows expect none. `sdks` is the preset selection of the row (`--sdk`).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import pytest

from scanner import ScanOptions, scan_bytes
from scanner.discover import language_for
from scanner.model import Call, Method
from scanner.options import ExtractOptions
from scanner.resolve import resolve

ANY = object()


@dataclass(frozen=True)
class Finds:
    sdks: tuple[str, ...]
    code: str
    event: str | object | None = ANY  # the resolved name; None: dynamic or no name
    method: Method = Method.TRACK
    keys: tuple[str, ...] | object | None = ANY
    sdk: str | None = None  # default: the row's only preset
    dynamic: bool = False
    path: str = "src/app.ts"


@dataclass(frozen=True)
class Ignores:
    sdks: tuple[str, ...]
    code: str
    path: str = "src/app.ts"


PY = "app/sample.py"


def calls_in(sdks: tuple[str, ...], path: str, code: str) -> tuple[Call, ...]:
    language = language_for(path.rsplit("/", 1)[-1])
    assert language is not None
    options = ScanOptions(strict=True, extraction=ExtractOptions(sdks=sdks))
    content = textwrap.dedent(code).lstrip("\n").encode()
    scanned = scan_bytes(path, content, language, options)
    assert not scanned.problems, scanned.problems
    return resolve([scanned], options=options.extraction)


# ---------------------------------------------------------------------------
# Python.

RUDDER = ("rudderstack",)
MIXPANEL = ("mixpanel",)
POSTHOG = ("posthog",)
AMPLITUDE = ("amplitude",)
SNOWPLOW = ("snowplow",)
SEGMENT = ("segment",)

AMP_PY = (
    "import amplitude\nfrom amplitude import Amplitude, EventOptions, Identify\n"
    "client = Amplitude('K')\n"
)
# (code after `AMP_PY`, the trait keys): `()` is an identify whose traits are not known.
AMPLITUDE_PY_IDENTIFY = [
    (
        "def on_upgrade(user, seats):\n"
        "    identify_obj = Identify()\n"
        "    identify_obj.set('plan', 'pro')\n"
        "    identify_obj.set_once('signup_date', user.created)\n"
        "    identify_obj.add('logins', 1).append('tags', 'beta')\n"
        "    identify_obj.unset('trial')\n"
        "    identify_obj.clear_all()\n"
        "    log.info('upgraded %s', user.id)\n"
        "    client.identify(identify_obj, EventOptions(user_id=user.id))\n",
        ("plan", "signup_date", "logins", "tags"),
    ),
    (
        "client.identify(Identify().set('plan', 'pro').set('seats', 3), EventOptions(user_id='u'))",
        ("plan", "seats"),
    ),
    (
        "ident = amplitude.Identify()\nident.set(key='plan', value='pro')\nclient.identify(ident)",
        ("plan",),
    ),
    # Not known: the object escapes, a key is not a literal, a branch, another class...
    (
        "def f(u):\n    i = Identify()\n    fill(i)\n    client.identify(i, EventOptions(user_id=u))",
        (),
    ),
    ("def f(u, k):\n    i = Identify()\n    i.set(k, 1)\n    client.identify(i)", ()),
    (
        "def f(u, x):\n    i = Identify()\n    if x:\n        i.set('a', 1)\n    client.identify(i)",
        (),
    ),
    (
        "def f(u):\n    i = Identify()\n    i.set('a', 1)\n    i = Identify()\n    client.identify(i)",
        (),
    ),
    ("def f(u):\n    i = Identify()\n    i.set('a', 1)\n    i.save()\n    client.identify(i)", ()),
    ("i = Identify()\ndef fill():\n    i.set('a', 1)\nclient.identify(i)", ()),
    (
        "def f(u):\n    i = Identify()\n    def later():\n        client.identify(i)\n    i.set('a', 1)",
        (),
    ),
    ("from app.profiles import Identify as Mine\nclient.identify(Mine().set('plan', 'pro'))", ()),
    ("def f(ident):\n    client.identify(ident)", ()),
]

PYTHON_FINDS = [
    # RudderStack: `import rudderstack.analytics as rudder_analytics` (RudderStack's docs)
    Finds(
        RUDDER,
        "import rudderstack.analytics as rudder_analytics\n"
        "rudder_analytics.track('developer_user_id', 'Simple Track Event', {'key1': 'val1'})",
        "Simple Track Event",
        keys=("key1",),
        path=PY,
    ),
    Finds(
        RUDDER,
        "import rudderstack.analytics as analytics\n"
        "analytics.track('user_id', 'Simple Track Event', anonymous_id='a', properties={'k': 1})",
        "Simple Track Event",
        keys=("k",),
        path=PY,
    ),
    Finds(
        RUDDER,
        "from rudderstack.analytics import Client\nc = Client('k')\nc.page('u', 'Docs', 'Home')",
        "Home",
        Method.PAGE,
        path=PY,
    ),
    Finds(
        RUDDER,
        "import rudder_analytics\nrudder_analytics.screen('u', 'Settings', 'Brightness', {})",
        "Brightness",
        Method.SCREEN,
        path=PY,
    ),
    # With both presets, the module decides: this `analytics` is RudderStack's.
    Finds(
        (*SEGMENT, *RUDDER),
        "import rudderstack.analytics as analytics\nanalytics.track('u', 'A')",
        "A",
        sdk="rudderstack",
        path=PY,
    ),
    Finds(
        (*SEGMENT, *RUDDER),
        "from segment import analytics\nanalytics.track('u', 'A')",
        "A",
        sdk="segment",
        path=PY,
    ),
    # Mixpanel: `mp.track(distinct_id, event_name, properties=None, meta=None)`
    Finds(
        MIXPANEL,
        "from mixpanel import Mixpanel\nmp = Mixpanel('TOKEN')\n"
        "mp.track('12345', 'Welcome Email Sent', {'Email Template': 'Pretty Pink Welcome'})",
        "Welcome Email Sent",
        keys=("Email Template",),
        path=PY,
    ),
    Finds(
        MIXPANEL,
        "import mixpanel\nmp = mixpanel.Mixpanel('T')\nmp.track(distinct_id='u', event_name='A')",
        "A",
        keys=None,
        path=PY,
    ),
    Finds(
        MIXPANEL,
        "class S:\n    def __init__(self):\n        self.mixpanel = Mixpanel('T')\n"
        "    def go(self):\n        self.mixpanel.track('u', 'A', {'k': 1})",
        "A",
        keys=("k",),
        path=PY,
    ),
    Finds(
        MIXPANEL,
        "from mixpanel import Mixpanel\nmp = Mixpanel('T')\n"
        "mp.people_set('12345', {'Address': '1313 Mockingbird Lane'})",
        None,
        Method.IDENTIFY,
        keys=("Address",),
        path=PY,
    ),
    Finds(
        MIXPANEL,
        "from mixpanel import Mixpanel\nmp = Mixpanel('T')\n"
        "mp.people_increment('12345', {'Coins Gathered': 12})",
        None,
        Method.IDENTIFY,
        keys=("Coins Gathered",),
        path=PY,
    ),
    Finds(
        MIXPANEL,
        "from mixpanel import Mixpanel\nmp = Mixpanel('T')\n"
        "mp.people_set_once(distinct_id='12345', properties={'First Login': '2013-04-01'})",
        None,
        Method.IDENTIFY,
        keys=("First Login",),
        path=PY,
    ),
    Finds(
        MIXPANEL,
        "from mixpanel import Mixpanel\nmp = Mixpanel('T')\n"
        "mp.people_union('12345', {'Items purchased': ['socks', 'shirts']})",
        None,
        Method.IDENTIFY,
        keys=("Items purchased",),
        path=PY,
    ),
    Finds(
        MIXPANEL,
        "from mixpanel import Mixpanel\nMixpanel('T').track('u', 'Inline Client')",
        "Inline Client",
        path=PY,
    ),
    Finds(
        MIXPANEL,
        "from mixpanel import Mixpanel\nmp = Mixpanel('T')\nmp.alias('amy@mixpanel.com', '13793')",
        None,
        Method.ALIAS,
        path=PY,
    ),
    # A client named like another SDK's global is still the client of its own SDK.
    Finds(
        (*SEGMENT, *MIXPANEL),
        "from mixpanel import Mixpanel\nanalytics = Mixpanel('T')\nanalytics.track('u', 'A')",
        "A",
        sdk="mixpanel",
        path=PY,
    ),
    # PostHog: 6.x `capture(event, distinct_id=..., properties=...)`; 5.x positional
    Finds(
        POSTHOG, "import posthog\nposthog.capture('some-anon-event')", "some-anon-event", path=PY
    ),
    Finds(
        POSTHOG,
        "import posthog\nposthog.capture('user_signed_up', distinct_id='u', "
        "properties={'login_type': 'email'})",
        "user_signed_up",
        keys=("login_type",),
        path=PY,
    ),
    Finds(
        POSTHOG,
        "import posthog\nposthog.capture('distinct id', 'movie played', {'movie_id': '123'})",
        "movie played",
        keys=("movie_id",),
        path=PY,
    ),
    Finds(
        POSTHOG,
        "import posthog\nposthog.capture(distinct_id='u', event='user exceeded quota')",
        "user exceeded quota",
        path=PY,
    ),
    Finds(
        POSTHOG,
        "from posthog import Posthog\nposthog = Posthog('<key>', host='https://us.i.posthog.com')\n"
        "posthog.capture('purchase', distinct_id='u', groups={'company': 'id:5'})",
        "purchase",
        path=PY,
    ),
    Finds(
        POSTHOG, "from posthog import capture\ncapture('movie started')", "movie started", path=PY
    ),
    Finds(
        POSTHOG,
        "import posthog\nposthog.set(distinct_id='u', properties={'name': 'Max Hedgehog'})",
        None,
        Method.IDENTIFY,
        keys=("name",),
        path=PY,
    ),
    Finds(
        POSTHOG,
        "import posthog\nposthog.group_identify('company', 'c1', {'employees': 11})",
        None,
        Method.GROUP,
        keys=("employees",),
        path=PY,
    ),
    # Amplitude: `client.track(BaseEvent(event_type=..., event_properties=...))`
    Finds(
        AMPLITUDE,
        "from amplitude import Amplitude, BaseEvent\nclient = Amplitude('KEY')\n"
        "client.track(BaseEvent(event_type='Song Played', user_id='u', "
        "event_properties={'source': 'notification'}))",
        "Song Played",
        keys=("source",),
        path=PY,
    ),
    Finds(
        AMPLITUDE,
        "import amplitude\nclient = amplitude.Amplitude('KEY')\n"
        "event = amplitude.BaseEvent('Song Played', user_id='u')\nclient.track(event)",
        "Song Played",
        keys=None,
        path=PY,
    ),
    Finds(
        AMPLITUDE,
        "from amplitude import Amplitude\nclient = Amplitude('KEY')\nclient.track(make_event())",
        None,
        dynamic=True,
        path=PY,
    ),
    # Amplitude `Identify()`: the traits its operations set before the identify call
    Finds(
        AMPLITUDE,
        "from amplitude import Amplitude, Identify, EventOptions\nclient = Amplitude('K')\n"
        "identify_obj = Identify()\nidentify_obj.set('plan', 'pro')\n"
        "client.identify(identify_obj, EventOptions(user_id='u'))",
        None,
        Method.IDENTIFY,
        keys=("plan",),
        path=PY,
    ),
    *(
        Finds(AMPLITUDE, AMP_PY + code, None, Method.IDENTIFY, keys=keys, path=PY)
        for code, keys in AMPLITUDE_PY_IDENTIFY
    ),
    # Snowplow: 1.x event classes and the older `track_*` methods
    Finds(
        SNOWPLOW,
        "from snowplow_tracker import Tracker, SelfDescribing, SelfDescribingJson\n"
        "t = Tracker('ns', emitter)\n"
        "t.track(SelfDescribing(SelfDescribingJson("
        "'iglu:com.acme/button_click/jsonschema/1-0-0', {'id': 'b'})))",
        "button_click",
        keys=("id",),
        path=PY,
    ),
    Finds(
        SNOWPLOW,
        "from snowplow_tracker import Snowplow, StructuredEvent\n"
        "t = Snowplow.create_tracker(namespace='ns', endpoint='collector')\n"
        "t.track(StructuredEvent(category='shop', action='add-to-basket', label='x', value=2))",
        "add-to-basket",
        keys=("category", "label", "value"),
        path=PY,
    ),
    Finds(
        SNOWPLOW,
        "from snowplow_tracker import Tracker, SelfDescribingJson\n"
        "SCHEMA = 'iglu:com.acme/viewed_product/jsonschema/1-0-1'\nt = Tracker('ns', emitter)\n"
        "t.track_self_describing_event(SelfDescribingJson(SCHEMA, {'sku': 'x'}))",
        "viewed_product",
        keys=("sku",),
        path=PY,
    ),
    Finds(
        SNOWPLOW,
        "from snowplow_tracker import Tracker\nt = Tracker('ns', emitter)\n"
        "t.track_struct_event('shop', 'add-to-basket', property_='hd')",
        "add-to-basket",
        keys=("category", "property"),
        path=PY,
    ),
    Finds(
        SNOWPLOW,
        "from snowplow_tracker import Tracker, PageView\nt = Tracker('ns', emitter)\n"
        "t.track(PageView(page_url='https://www.snowplow.io', page_title='Homepage'))",
        "Homepage",
        Method.PAGE,
        keys=None,
        path=PY,
    ),
]

PYTHON_IGNORES = [
    # a preset that is not selected finds nothing, whatever the receiver is called
    Ignores(MIXPANEL, "from segment import analytics\nanalytics.track('u', 'A')", PY),
    Ignores(
        MIXPANEL, "from segment.analytics import Client\nc = Client('k')\nc.track('u', 'A')", PY
    ),
    Ignores(RUDDER, "from segment import analytics\nanalytics.track('u', 'A')", PY),
    Ignores(SEGMENT, "from mixpanel import Mixpanel\nmp = Mixpanel('T')\nmp.track('u', 'A')", PY),
    Ignores(POSTHOG, "camera.capture('u', 'A')", PY),
    Ignores(POSTHOG, "analytics.capture('A')", PY),
    Ignores(POSTHOG, "import sentry_sdk\nsentry_sdk.capture_message('A')", PY),
    Ignores(MIXPANEL, "tracker.track('u', 'A')", PY),
    Ignores(MIXPANEL, "crm.people_set('u', {'plan': 'pro'})", PY),
    Ignores(AMPLITUDE, "from amplitude import Identify\nprofile.identify(Identify())", PY),
    Ignores(AMPLITUDE, "client.track(BaseEvent(event_type='A'))", PY),
    Ignores(SNOWPLOW, "tracker.track(SelfDescribing(SelfDescribingJson('iglu:a/b/c/1-0-0')))", PY),
    Ignores(("ga4",), "gtag('event', 'purchase')", PY),
]


# ---------------------------------------------------------------------------
# JavaScript and TypeScript.

GA4 = ("ga4",)

AMP_JS = (
    "import * as amplitude from '@amplitude/analytics-browser'\n"
    "import { Identify, identify } from '@amplitude/analytics-browser'\n"
)
# (code after `AMP_JS`, the trait keys): `()` is an identify whose traits are not known.
AMPLITUDE_JS_IDENTIFY = [
    (
        "export function onUpgrade(user: User, signupDate: string) {\n"
        "  const identifyEvent = new amplitude.Identify()\n"
        "  identifyEvent.set('plan', 'pro')\n"
        "  identifyEvent.setOnce('signup_date', signupDate)\n"
        "  identifyEvent.add('logins', 1).append('tags', 'beta')\n"
        "  identifyEvent.preInsert('a', 1).postInsert('b', 2).prepend('c', 3).remove('d', 4)\n"
        "  identifyEvent.unset('trial')\n"
        "  identifyEvent.clearAll()\n"
        "  console.log('upgraded', user.id)\n"
        "  amplitude.identify(identifyEvent, { user_id: user.id })\n"
        "}\n",
        ("plan", "signup_date", "logins", "tags", "a", "b", "c", "d"),
    ),
    ("amplitude.identify(new Identify().set('plan', 'pro').set('seats', 3))", ("plan", "seats")),
    ("identify((new amplitude.Identify() as Identify).set('plan', 'pro'))", ("plan",)),
    ("let e = new Identify()\ne.set(`plan`, 'pro')\nidentify(e)", ("plan",)),
    # Not known: the object escapes, a key is not a literal, a branch, another class...
    ("const e = new Identify()\nfill(e)\nidentify(e)", ()),
    ("const e = new Identify()\nconst k = 'plan'\ne.set(k, 'pro')\nidentify(e)", ()),
    (
        "function f(x: boolean) {\n  const e = new Identify()\n  if (x) e.set('a', 1)\n  identify(e)\n}",
        (),
    ),
    ("let e = new Identify()\ne.set('a', 1)\ne = new Identify()\nidentify(e)", ()),
    ("const e = new Identify()\ne.set('a', 1)\ne.flush()\nidentify(e)", ()),
    ("const e = new Identify()\nexport const fill = () => e.set('a', 1)\nidentify(e)", ()),
    ("const e = new Identify()\nsetTimeout(() => identify(e))\ne.set('a', 1)", ()),
    ("const e = new Identify()\nconst profile = { e }\nidentify(e)", ()),
    ("import { Identify as Mine } from './profiles'\nidentify(new Mine().set('plan', 'pro'))", ()),
    ("export function f(e: Identify) {\n  identify(e)\n}", ()),
]

JS_FINDS = [
    # RudderStack
    Finds(
        RUDDER,
        "rudderanalytics.track('Order Completed', { revenue: 16.98 })",
        "Order Completed",
        keys=("revenue",),
    ),
    Finds(RUDDER, "window.rudderanalytics.page('Docs', 'Home')", "Home", Method.PAGE),
    Finds(
        (*SEGMENT, *RUDDER),
        "import { RudderAnalytics } from '@rudderstack/analytics-js'\n"
        "const analytics = new RudderAnalytics()\nanalytics.track('Signed Up')",
        "Signed Up",
        sdk="rudderstack",
    ),
    Finds(
        RUDDER,
        "const Analytics = require('@rudderstack/rudder-sdk-node')\n"
        "const client = new Analytics(WRITE_KEY, { dataPlaneUrl: URL })\n"
        "client.track({ userId: 'u', event: 'Order Completed', properties: { total: 1 } })",
        "Order Completed",
        keys=("total",),
    ),
    Finds(RUDDER, "import * as rudder from 'rudder-sdk-js'\nrudder.track('Viewed')", "Viewed"),
    # Mixpanel
    Finds(
        MIXPANEL,
        "mixpanel.track('Sign Up', { 'Signup Type': 'Referral' })",
        "Sign Up",
        keys=("Signup Type",),
    ),
    Finds(
        MIXPANEL,
        "import mp from 'mixpanel-browser'\nmp.track('Search', { query: 'cheese' })",
        "Search",
        keys=("query",),
    ),
    Finds(
        MIXPANEL,
        "const Mixpanel = require('mixpanel')\nconst client = Mixpanel.init('TOKEN')\n"
        "client.track('played song', { distinct_id: 'u' })",
        "played song",
        keys=("distinct_id",),
    ),
    Finds(MIXPANEL, "mixpanel.identify('284')", None, Method.IDENTIFY, keys=None),
    Finds(
        MIXPANEL, "mixpanel.track_pageview({ page: 'Pricing' })", None, Method.PAGE, keys=("page",)
    ),
    Finds(
        (*SEGMENT, *MIXPANEL),
        "import mixpanel from 'mixpanel-browser'\nconst analytics = mixpanel.init('T', {}, 'named')\n"
        "analytics.track('Login success')",
        "Login success",
        sdk="mixpanel",
    ),
    # Mixpanel profile updates: mixpanel-browser `people.set(prop, to?)`
    Finds(
        MIXPANEL,
        "mixpanel.people.set({ Company: 'Acme', Plan: 'Premium' })",
        None,
        Method.IDENTIFY,
        keys=("Company", "Plan"),
    ),
    Finds(MIXPANEL, "mixpanel.people.set('gender', 'm')", None, Method.IDENTIFY, keys=("gender",)),
    Finds(
        MIXPANEL,
        "window.mixpanel.people.set_once('plan', 'free', () => {})",
        None,
        Method.IDENTIFY,
        keys=("plan",),
    ),
    Finds(MIXPANEL, "mixpanel.people.increment('logins')", None, Method.IDENTIFY, keys=("logins",)),
    Finds(
        MIXPANEL,
        "import mp from 'mixpanel-browser'\nmp.people.union({ genres: ['jazz'] })",
        None,
        Method.IDENTIFY,
        keys=("genres",),
    ),
    Finds(
        MIXPANEL,
        "mixpanel.people.set(traits)",
        None,
        Method.IDENTIFY,
        keys=(),
    ),
    # ... and the Node.js library's `people.set(distinct_id, prop, to?)`
    Finds(
        MIXPANEL,
        "const Mixpanel = require('mixpanel')\nconst mixpanel = Mixpanel.init('TOKEN')\n"
        "mixpanel.people.set('billybob', { plan: 'premium', games_played: 1 })",
        None,
        Method.IDENTIFY,
        keys=("plan", "games_played"),
    ),
    Finds(
        MIXPANEL,
        "import Mixpanel from 'mixpanel'\nconst mixpanel = Mixpanel.init('TOKEN')\n"
        "mixpanel.people.set_once('billybob', 'first_game_play', new Date().toISOString())",
        None,
        Method.IDENTIFY,
        keys=("first_game_play",),
    ),
    Finds(
        MIXPANEL,
        "const Mixpanel = require('mixpanel')\nconst client = Mixpanel.init('TOKEN')\n"
        "client.people.increment('billybob', 'games_played')",
        None,
        Method.IDENTIFY,
        keys=("games_played",),
    ),
    # PostHog
    Finds(
        POSTHOG,
        "posthog.capture('user signed up', { plan: 'pro' })",
        "user signed up",
        keys=("plan",),
    ),
    Finds(POSTHOG, "import ph from 'posthog-js'\nph.capture('movie played')", "movie played"),
    Finds(
        POSTHOG,
        "import { usePostHog } from 'posthog-js/react'\n"
        "export function B() {\n  const client = usePostHog()\n  client?.capture('clicked')\n}",
        "clicked",
    ),
    Finds(
        POSTHOG,
        "import { PostHog } from 'posthog-node'\nconst client = new PostHog('<key>')\n"
        "client.capture({ distinctId: 'u', event: 'movie played', properties: { id: 1 } })",
        "movie played",
        keys=("id",),
    ),
    Finds(
        POSTHOG,
        "posthog.identify('u', { email: 'max@hedgehog.com' })",
        None,
        Method.IDENTIFY,
        keys=("email",),
    ),
    Finds(
        POSTHOG,
        "posthog.group('company', 'c1', { name: 'Acme' })",
        None,
        Method.GROUP,
        keys=("name",),
    ),
    # Amplitude
    Finds(
        AMPLITUDE,
        "amplitude.track('Button Clicked', { buttonColor: 'primary' })",
        "Button Clicked",
        keys=("buttonColor",),
    ),
    Finds(
        AMPLITUDE,
        "import * as amp from '@amplitude/analytics-browser'\namp.track('Song Played')",
        "Song Played",
    ),
    Finds(
        AMPLITUDE,
        "import { track } from '@amplitude/analytics-node'\ntrack('Signed Up', undefined, { user_id: 'u' })",
        "Signed Up",
        keys=None,
    ),
    Finds(
        AMPLITUDE,
        "amplitude.track({ event_type: 'Song Played', event_properties: { id: 1 } })",
        "Song Played",
        keys=("id",),
    ),
    Finds(
        AMPLITUDE,
        "import amplitude from 'amplitude-js'\namplitude.getInstance().logEvent('Clicked', { a: 1 })",
        "Clicked",
        keys=("a",),
    ),
    Finds(
        AMPLITUDE,
        "import { createInstance } from '@amplitude/analytics-browser'\n"
        "const client = createInstance()\nclient.track('Viewed')",
        "Viewed",
    ),
    # An `Identify` nobody imported from Amplitude: its operations are not read.
    Finds(
        AMPLITUDE,
        "amplitude.identify(new Identify().set('plan', 'pro'))",
        None,
        Method.IDENTIFY,
        keys=(),
    ),
    Finds(
        AMPLITUDE,
        "import * as amplitude from '@amplitude/analytics-browser'\n"
        "const identifyEvent = new amplitude.Identify()\nidentifyEvent.set('plan', 'pro')\n"
        "amplitude.identify(identifyEvent)",
        None,
        Method.IDENTIFY,
        keys=("plan",),
    ),
    Finds(
        AMPLITUDE,
        "import { Identify, identify } from '@amplitude/analytics-browser'\n"
        "const e = new Identify()\ne.set('plan', 'pro')\nidentify(e, { user_id: 'u' })",
        None,
        Method.IDENTIFY,
        keys=("plan",),
    ),
    *(
        Finds(AMPLITUDE, AMP_JS + code, None, Method.IDENTIFY, keys=keys)
        for code, keys in AMPLITUDE_JS_IDENTIFY
    ),
    # Google Analytics 4
    Finds(
        GA4,
        "gtag('event', 'purchase', { value: 10, currency: 'USD' })",
        "purchase",
        keys=("value", "currency"),
    ),
    Finds(GA4, "window.gtag('event', 'login', { method: 'Google' })", "login", keys=("method",)),
    Finds(GA4, "const E = 'sign_up'\ngtag('event', E)", "sign_up", keys=None),
    # Snowplow
    Finds(
        SNOWPLOW,
        "import { trackSelfDescribingEvent } from '@snowplow/browser-tracker'\n"
        "trackSelfDescribingEvent({ event: { schema: "
        "'iglu:com.acme_company/viewed_product/jsonschema/1-0-0', "
        "data: { productId: 'ASO01043', price: 49.95 } } })",
        "viewed_product",
        keys=("productId", "price"),
    ),
    Finds(
        SNOWPLOW,
        "import { trackStructEvent } from '@snowplow/browser-tracker'\n"
        "trackStructEvent({ category: 'Mixes', action: 'Play', label: 'MrC/fabric-0503-mix', value: 0 })",
        "Play",
        keys=("category", "label", "value"),
    ),
    Finds(
        SNOWPLOW,
        "const SCHEMA = 'iglu:com.acme/checkout/jsonschema/2-0-0'\n"
        "snowplow('trackSelfDescribingEvent', { event: { schema: SCHEMA, data: { step: 2 } } })",
        "checkout",
        keys=("step",),
    ),
    Finds(
        SNOWPLOW,
        "window.snowplow('trackStructEvent:sp1', { category: 'c', action: 'a' })",
        "a",
        keys=("category",),
    ),
    Finds(
        SNOWPLOW,
        "import * as sp from '@snowplow/browser-tracker'\nsp.trackPageView({ title: 'Home' })",
        "Home",
        Method.PAGE,
        keys=None,
    ),
    Finds(SNOWPLOW, "snowplow('trackPageView')", None, Method.PAGE, keys=None),
    # Snowplow Node.js: `tracker.track(buildX({ ... }))`; the builder is the call
    Finds(
        SNOWPLOW,
        "import { newTracker, buildStructEvent } from '@snowplow/node-tracker'\n"
        "const t = newTracker({ namespace: 'ns', appId: 'app' }, { endpoint: 'collector' })\n"
        "t.track(buildStructEvent({ category: 'shop', action: 'add-to-basket', value: 2 }))",
        "add-to-basket",
        keys=("category", "value"),
    ),
    Finds(
        SNOWPLOW,
        "const snowplow = require('@snowplow/node-tracker')\n"
        "const t = snowplow.tracker(e, 'myTracker', 'myApp', false)\n"
        "t.track(snowplow.buildSelfDescribingEvent({ event: { schema: "
        "'iglu:com.acme/viewed_product/jsonschema/1-0-0', data: { price: 20 } } }), context)",
        "viewed_product",
        keys=("price",),
    ),
    Finds(
        SNOWPLOW,
        "import { buildPageView } from '@snowplow/node-tracker'\n"
        "t.track(buildPageView({ pageUrl: 'http://www.example.com', pageTitle: 'example page' }))",
        "example page",
        Method.PAGE,
        keys=None,
    ),
    Finds(
        SNOWPLOW,
        "import { buildScreenView } from '@snowplow/tracker-core'\n"
        "t.track(buildScreenView({ name: 'Settings', id: 'a1' }))",
        "Settings",
        Method.SCREEN,
        keys=None,
    ),
    # Snowplow React Native: methods of a tracker made by `createTracker` / `newTracker`
    Finds(
        SNOWPLOW,
        "import { createTracker } from '@snowplow/react-native-tracker'\n"
        "const tracker = createTracker('appTracker', { endpoint: 'collector' })\n"
        "tracker.trackStructuredEvent({ category: 'my-category', action: 'my-action' })",
        "my-action",
        keys=("category",),
    ),
    Finds(
        SNOWPLOW,
        "import { newTracker } from '@snowplow/react-native-tracker'\n"
        "const t = newTracker({ namespace: 'ns', endpoint: 'collector' })\n"
        "t.trackSelfDescribingEvent({ schema: 'iglu:com.acme/viewed_product/jsonschema/1-0-0', "
        "data: { price: 20 } }, context)",
        "viewed_product",
        keys=("price",),
    ),
    Finds(
        SNOWPLOW,
        "import { createTracker } from '@snowplow/react-native-tracker'\n"
        "export async function setup() {\n"
        "  const tracker = await createTracker('ns', { endpoint: 'collector' })\n"
        "  tracker.trackScreenViewEvent({ name: 'my-screen-name' })\n}",
        "my-screen-name",
        Method.SCREEN,
        keys=None,
    ),
    Finds(
        SNOWPLOW,
        "import type { ReactNativeTracker } from '@snowplow/react-native-tracker'\n"
        "export function onOpen(tracker: ReactNativeTracker) {\n"
        "  tracker.trackPageViewEvent({ pageUrl: 'https://acme.com', pageTitle: 'Home' })\n}",
        "Home",
        Method.PAGE,
        keys=None,
    ),
]

JS_IGNORES = [
    Ignores(MIXPANEL, "analytics.track('Signed Up')"),
    Ignores(
        MIXPANEL,
        "import { Analytics } from '@segment/analytics-node'\nconst segment = new Analytics({ writeKey: 'k' })\nsegment.track({ userId: 'u', event: 'A' })",
    ),
    Ignores(SEGMENT, "mixpanel.track('Signed Up')"),
    Ignores(POSTHOG, "analytics.capture('A')"),
    Ignores(POSTHOG, "camera.capture('A')"),
    Ignores(POSTHOG, "Sentry.captureException(error)"),
    Ignores(AMPLITUDE, "track('A')"),
    Ignores(AMPLITUDE, "import { track } from './local'\ntrack('A')"),
    Ignores(GA4, "gtag('config', 'G-XXXXXX')"),
    Ignores(GA4, "gtag('consent', 'update', { ad_storage: 'granted' })"),
    Ignores(GA4, "analytics.track('A')"),
    Ignores(SNOWPLOW, "snowplow('newTracker', 'sp', '{{collector}}')"),
    Ignores(SNOWPLOW, "trackStructEvent({ category: 'c', action: 'a' })"),
    Ignores(
        SNOWPLOW, "import { trackStructEvent } from './local'\ntrackStructEvent({ action: 'a' })"
    ),
    Ignores(RUDDER, "analytics.track('A')"),
    # Mixpanel profile updates only on a Mixpanel receiver
    Ignores(MIXPANEL, "people.set({ plan: 'pro' })"),
    Ignores(MIXPANEL, "team.people.set('plan', 'pro')"),
    Ignores(MIXPANEL, "this.people.increment('logins')"),
    Ignores(MIXPANEL, "mixpanel.register({ workspace: 'w1' })"),
    Ignores(MIXPANEL, "mixpanel.people.track_charge(30.5)"),
    Ignores(SEGMENT, "mixpanel.people.set({ plan: 'pro' })"),
    Ignores(POSTHOG, "posthog.people.set({ plan: 'pro' })"),
    # Snowplow builders and React Native methods only from Snowplow's packages and trackers
    Ignores(SNOWPLOW, "buildStructEvent({ category: 'c', action: 'a' })"),
    Ignores(
        SNOWPLOW, "import { buildStructEvent } from './events'\nbuildStructEvent({ action: 'a' })"
    ),
    Ignores(SNOWPLOW, "tracker.trackStructuredEvent({ category: 'c', action: 'a' })"),
    Ignores(SNOWPLOW, "snowplow('buildStructEvent', { category: 'c', action: 'a' })"),
    Ignores(
        SNOWPLOW,
        "import { trackStructuredEvent } from '@snowplow/react-native-tracker'\n"
        "trackStructuredEvent({ category: 'c', action: 'a' })",
    ),
    Ignores(
        SNOWPLOW,
        "import { newTracker } from '@snowplow/browser-tracker'\n"
        "const t = newTracker('sp', 'collector')\nt.trackStructuredEvent({ action: 'a' })",
    ),
]

FINDS = PYTHON_FINDS + JS_FINDS
IGNORES = PYTHON_IGNORES + JS_IGNORES


@pytest.mark.parametrize("row", FINDS, ids=[f"{r.sdks[-1]}-{i}" for i, r in enumerate(FINDS)])
def test_finds(row: Finds) -> None:
    calls = calls_in(row.sdks, row.path, row.code)
    assert len(calls) == 1, f"expected one call, found {[c.callee for c in calls]}"
    (call,) = calls
    assert call.method is row.method
    if row.event is not ANY:
        assert call.event == row.event
    assert call.dynamic is row.dynamic, call
    if row.keys is not ANY:
        assert (None if call.properties is None else call.properties.keys) == row.keys
    expected_sdk = row.sdk or row.sdks[-1]
    assert call.sdk == expected_sdk


@pytest.mark.parametrize("row", IGNORES, ids=[f"{r.sdks[-1]}-{i}" for i, r in enumerate(IGNORES)])
def test_ignores(row: Ignores) -> None:
    assert calls_in(row.sdks, row.path, row.code) == ()


def test_readme_table_lists_every_preset() -> None:
    from pathlib import Path

    from scanner.sdks import PRESETS

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Analytics SDKs", 1)[1].split("\n\n", 3)[2]
    assert [line.split("|")[1].strip(" `") for line in table.splitlines()[2:]] == list(PRESETS)


def test_needles_cover_every_way_a_call_is_found() -> None:
    """Every snippet a preset finds spells one of its needles (the prefilter's soundness)."""
    from scanner.prefilter import needles_for

    for row in FINDS:
        language = language_for(row.path.rsplit("/", 1)[-1])
        assert language is not None
        needles = needles_for(language, ExtractOptions(sdks=row.sdks))
        assert needles is not None
        content = textwrap.dedent(row.code).encode()
        assert any(needle in content for needle in needles), row.code


def test_needles_of_patterns_and_symbols() -> None:
    from scanner.model import Language
    from scanner.options import CallPattern, SymbolName
    from scanner.prefilter import needles_for

    options = ExtractOptions(
        calls=(CallPattern("useAnalytics().track", event=(0,), language="javascript"),),
        symbols=(SymbolName("trackEvent"),),
    )
    needles = needles_for(Language.TYPESCRIPT, options)
    assert needles is not None and b"useAnalytics" in needles and b"trackEvent" in needles
    python = needles_for(Language.PYTHON, options)
    assert python is not None and b"useAnalytics" not in python and b"trackEvent" in python
    anything = ExtractOptions(calls=(CallPattern("*", event=(0,)),))
    assert needles_for(Language.PYTHON, anything) is None


@pytest.mark.parametrize(
    ("path", "code"),
    [
        (
            PY,
            AMP_PY + "i = Identify().set('plan', 'pro').add('seats', 3).set_once('beta', True)\n"
            "i.append('tags', 'a')\nclient.identify(i)",
        ),
        (
            "src/app.ts",
            AMP_JS + "const i = new Identify().set('plan', 'pro').add('seats', 3)\n"
            "i.setOnce('beta', true).append('tags', 'a')\nidentify(i)",
        ),
    ],
    ids=["python", "typescript"],
)
def test_amplitude_identify_keeps_literal_types(path: str, code: str) -> None:
    """Set values keep their literal types for the plan's checks; a list operation's value
    is an item, not the trait, so its type is not known."""
    from scanner.model import ValueType

    (call,) = calls_in(AMPLITUDE, path, code)
    assert call.properties is not None and not call.properties.dynamic
    assert [(e.key, e.type, e.value) for e in call.properties.entries] == [
        ("plan", ValueType.STRING, "pro"),
        ("seats", ValueType.INTEGER, 3),
        ("beta", ValueType.BOOLEAN, True),
        ("tags", ValueType.UNKNOWN, None),
    ]


def test_the_preset_names_known_without_loading_the_presets_are_theirs() -> None:
    from scanner.sdks import PRESET_NAMES, PRESETS

    assert tuple(PRESETS) == PRESET_NAMES


def test_the_lazy_preset_names_are_the_catalogs() -> None:
    """`scanner.sdks` lists the catalog's names without importing it (it builds every
    preset): the two lists must not drift apart."""
    import scanner.sdks
    from scanner.sdks import catalog

    assert frozenset(catalog.__all__) == scanner.sdks._PRESET_VALUES
