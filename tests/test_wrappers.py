"""Wrapper inference and calls on clients from other files, across files and rounds.

Each test scans a few small files in memory (extraction, then the linking rounds of
`scanner.link`) and compares every call found, as `(path:line, callee, name, status)`:
the name is the resolved event, else `~expression` for a dynamic one; the status is
`fwd` for a wrapper's own call and `via W` for a call site of wrapper W.
"""

from __future__ import annotations

import textwrap

from scanner import ScanOptions, link, scan_bytes
from scanner.discover import language_for
from scanner.model import Call, Wrapper
from scanner.options import CallPattern, ExtractOptions
from scanner.resolve import Resolution


def linked(files: dict[str, str], options: ExtractOptions | None = None) -> Resolution:
    contents = {
        path: textwrap.dedent(code).lstrip("\n").encode("utf-8") for path, code in files.items()
    }
    scan_options = ScanOptions(strict=True, extraction=options or ExtractOptions())
    scans = {}
    for path, content in contents.items():
        language = language_for(path.rsplit("/", 1)[-1])
        assert language is not None, path
        scans[path] = scan_bytes(path, content, language, scan_options)
        assert not scans[path].problems, scans[path].problems
    return link(scans, contents.get, scan_options)


def row(call: Call) -> tuple[str, str, str, str]:
    name = call.event if call.event is not None else f"~{call.expression}"
    if call.forwarding:
        status = "fwd"
    elif call.wrapper is not None:
        status = f"via {call.wrapper.name}"
    else:
        status = "direct"
    return (f"{call.location.path}:{call.location.line}", call.callee, name, status)


def rows(files: dict[str, str], options: ExtractOptions | None = None) -> list[tuple[str, ...]]:
    return [row(call) for call in linked(files, options).calls]


def keys_at(resolution: Resolution, where: str) -> tuple[str, ...] | None:
    (call,) = [c for c in resolution.calls if f"{c.location.path}:{c.location.line}" == where]
    return None if call.properties is None else call.properties.keys


def wrapper(resolution: Resolution, name: str) -> Wrapper:
    (found,) = [w for w in resolution.wrappers if w.name == name]
    return found


# ---------------------------------------------------------------------------
# Python.

PY_TRACKING = """
from segment import analytics


def track_event(user, name, props=None):
    analytics.track(user.id, name, props)


def track_step(user, step, **props):
    track_event(user, step, props)


def track_loud(user, name):
    analytics.track(user.id, f"App {name}")


def log_and_track(user, name):
    logger.info(name)
    analytics.track(user.id, "Logged")


def notify(user, name):
    send_email(user, name)


def renamed(user, name):
    name = name.strip()
    analytics.track(user.id, name)
"""


def test_python_one_and_two_level_wrappers_imported_from_another_module() -> None:
    files = {
        "app/__init__.py": "",
        "app/events.py": "SIGNED_UP = 'Signed Up'\n",
        "app/tracking.py": PY_TRACKING,
        "app/views.py": """
            from app.events import SIGNED_UP
            from app.tracking import log_and_track, notify, renamed, track_event, track_loud
            from app import tracking


            def view(request, kind):
                track_event(request.user, SIGNED_UP, {"plan": "pro"})
                track_event(request.user, name="Order Completed")
                tracking.track_step(request.user, "Step Viewed", step_number=2)
                track_event(request.user, kind)
                track_loud(request.user, "Boom")
                log_and_track(request.user, "Ignored")
                notify(request.user, "Ignored")
                renamed(request.user, "Ignored")
        """,
    }
    resolution = linked(files)
    assert [row(c) for c in resolution.calls] == [
        ("app/tracking.py:5", "analytics.track", "~name", "fwd"),
        ("app/tracking.py:9", "track_event", "~step", "fwd"),
        ("app/tracking.py:13", "analytics.track", '~f"App {name}"', "direct"),
        ("app/tracking.py:18", "analytics.track", "Logged", "direct"),
        ("app/tracking.py:27", "analytics.track", "~name", "direct"),
        ("app/views.py:7", "track_event", "Signed Up", "via track_event"),
        ("app/views.py:8", "track_event", "Order Completed", "via track_event"),
        ("app/views.py:9", "tracking.track_step", "Step Viewed", "via track_step"),
        ("app/views.py:10", "track_event", "~kind", "via track_event"),
    ]
    assert keys_at(resolution, "app/views.py:7") == ("plan",)
    assert keys_at(resolution, "app/views.py:8") is None  # no properties passed
    assert keys_at(resolution, "app/views.py:9") == ("step_number",)  # `**props`
    step = wrapper(resolution, "track_step")
    assert (step.parameter, step.properties, step.forwards_callee) == (
        "step",
        "props",
        "track_event",
    )
    assert (wrapper(resolution, "track_event").calls, step.calls) == (4, 1)


def test_python_methods_self_track_and_a_mixin_in_another_module() -> None:
    files = {
        "app/mixins.py": """
            from segment import analytics


            class AnalyticsMixin:
                def _track(self, event, **properties):
                    analytics.track(self.request.user.id, event, {**properties, "source": "web"})
        """,
        "app/views.py": """
            from app.mixins import AnalyticsMixin


            class SignupView(AnalyticsMixin):
                def post(self, request):
                    self._track("Signed Up", plan="pro")


            class Exporter:
                def _track(self, name):
                    from segment import analytics
                    analytics.track("u", name)

                def run(self):
                    self._track("Export Started")
        """,
    }
    resolution = linked(files)
    assert [row(c) for c in resolution.calls] == [
        ("app/mixins.py:6", "analytics.track", "~event", "fwd"),
        ("app/views.py:6", "self._track", "Signed Up", "via AnalyticsMixin._track"),
        ("app/views.py:12", "analytics.track", "~name", "fwd"),
        ("app/views.py:15", "self._track", "Export Started", "via Exporter._track"),
    ]
    assert keys_at(resolution, "app/views.py:6") == ("plan", "source")


def test_python_module_level_instance_of_a_tracking_class() -> None:
    files = {
        "app/tracking.py": """
            from segment import analytics


            class Tracker:
                def track(self, user, event):
                    analytics.track(user, event)


            tracker = Tracker()
        """,
        "app/jobs.py": """
            from app.tracking import tracker, Tracker

            tracker.track("u", "Job Finished")
            Tracker().track("u", "Job Retried")
        """,
    }
    assert rows(files)[:2] == [
        ("app/jobs.py:3", "tracker.track", "Job Finished", "via Tracker.track"),
        ("app/jobs.py:4", "Tracker().track", "Job Retried", "via Tracker.track"),
    ]


def test_python_client_created_in_one_module_and_used_in_another() -> None:
    files = {
        "app/clients.py": """
            from segment.analytics import Client
            from mixpanel import Mixpanel

            segment_client = Client("key")
            mp = Mixpanel("token")
        """,
        "app/views.py": """
            from app.clients import segment_client, mp
            from app import clients

            segment_client.track("u", "Signed Up", {"plan": "pro"})
            clients.segment_client.identify("u", {"email": "e"})
            mp.track("u", "Mixpanel Event")
            other.track("u", "Not A Call")
        """,
    }
    options = ExtractOptions(sdks=("segment", "mixpanel"))
    resolution = linked(files, options)
    assert [(*row(c), c.sdk) for c in resolution.calls] == [
        ("app/views.py:4", "segment_client.track", "Signed Up", "direct", "segment"),
        ("app/views.py:5", "clients.segment_client.identify", "~None", "direct", "segment"),
        ("app/views.py:6", "mp.track", "Mixpanel Event", "direct", "mixpanel"),
    ]
    assert keys_at(resolution, "app/views.py:4") == ("plan",)


def test_python_wrapper_re_exported_by_a_package_under_another_name() -> None:
    files = {
        "app/__init__.py": "from .tracking import track_event as te\n",
        "app/tracking.py": PY_TRACKING,
        "app/views.py": "from app import te\n\nte(user, 'Signed Up')\n",
    }
    assert rows(files)[-1] == ("app/views.py:3", "te", "Signed Up", "via track_event")


def test_python_without_inference_wrappers_are_plain_dynamic_calls() -> None:
    files = {
        "app/tracking.py": PY_TRACKING,
        "app/views.py": "from app.tracking import track_event\n\ntrack_event(u, 'Signed Up')\n",
    }
    found = rows(files, ExtractOptions(infer_wrappers=False))
    assert ("app/tracking.py:5", "analytics.track", "~name", "direct") in found
    assert not [r for r in found if r[0].startswith("app/views.py")]


def test_python_configured_pattern_names_the_wrapper_without_inference() -> None:
    files = {
        "app/tracking.py": PY_TRACKING,
        "app/views.py": "from app.tracking import track_event\n\ntrack_event(u, 'Signed Up')\n",
    }
    pattern = CallPattern("track_event", event=(1, "name"), properties=(2, "props"))
    found = rows(files, ExtractOptions(calls=(pattern,), infer_wrappers=False))
    assert found[0] == ("app/tracking.py:5", "analytics.track", "~name", "fwd")
    assert found[-1] == ("app/views.py:3", "track_event", "Signed Up", "direct")


# ---------------------------------------------------------------------------
# JavaScript and TypeScript.

JS_TRACK = """
import { AnalyticsBrowser } from '@segment/analytics-next'

export const analytics = AnalyticsBrowser.load({ writeKey: 'key' })

export function trackEvent(name: string, properties?: Record<string, unknown>) {
  analytics.track(name, properties)
}

export const trackLoud = (name: string) => analytics.track(`App ${name}`)
export const trackUpper = (name: string) => analytics.track(name.toUpperCase())

export function logOnly(name: string) {
  console.log(name)
  analytics.track('Logged')
}

export function reassigned(name: string) {
  name = name.trim()
  analytics.track(name)
}

export function trackMessage({ event, props }: { event: string; props?: object }) {
  analytics.track(event, props)
}
"""


def test_js_one_and_two_level_wrappers_across_files() -> None:
    files = {
        "src/lib/track.ts": JS_TRACK,
        "src/lib/events.ts": "export enum Events { SignedUp = 'Signed Up' }\n",
        "src/lib/checkout.ts": """
            import { trackEvent } from './track'
            export const trackCheckout = (step: string, props?: object) =>
              trackEvent(step, { ...props, flow: 'checkout' })
        """,
        "src/app.ts": """
            import { trackEvent, trackLoud, trackUpper, logOnly, reassigned, trackMessage } from './lib/track'
            import { trackCheckout } from './lib/checkout'
            import { Events } from './lib/events'

            trackEvent(Events.SignedUp, { plan: 'pro' })
            trackCheckout('Checkout Started', { items: 2 })
            trackLoud('Boom')
            trackUpper('Boom')
            logOnly('Ignored')
            reassigned('Ignored')
            trackMessage({ event: 'Message Sent', props: { to: 'x' } })
        """,
    }
    resolution = linked(files)
    assert [row(c) for c in resolution.calls] == [
        ("src/app.ts:5", "trackEvent", "Signed Up", "via trackEvent"),
        ("src/app.ts:6", "trackCheckout", "Checkout Started", "via trackCheckout"),
        ("src/app.ts:11", "trackMessage", "Message Sent", "via trackMessage"),
        ("src/lib/checkout.ts:3", "trackEvent", "~step", "fwd"),
        ("src/lib/track.ts:6", "analytics.track", "~name", "fwd"),
        ("src/lib/track.ts:9", "analytics.track", "~`App ${name}`", "direct"),
        ("src/lib/track.ts:10", "analytics.track", "~name.toUpperCase()", "direct"),
        ("src/lib/track.ts:14", "analytics.track", "Logged", "direct"),
        ("src/lib/track.ts:19", "analytics.track", "~name", "direct"),
        ("src/lib/track.ts:23", "analytics.track", "~event", "fwd"),
    ]
    assert keys_at(resolution, "src/app.ts:5") == ("plan",)
    assert keys_at(resolution, "src/app.ts:6") == ("items", "flow")
    assert keys_at(resolution, "src/app.ts:11") == ("to",)


def test_js_hooks_returning_a_tracking_function() -> None:
    files = {
        "src/lib/track.ts": JS_TRACK,
        "src/hooks/useAnalytics.ts": """
            import { useCallback, useMemo } from 'react'
            import { trackEvent } from '../lib/track'

            export function useAnalytics() {
              const track = useCallback(
                (event: string, props?: object) => trackEvent(event, { ...props, page: 'x' }),
                [],
              )
              return { track }
            }

            export const useTrack = () => useCallback((name: string) => trackEvent(name), [])

            export function useTracker() {
              return useMemo(() => ({ send: (name: string) => trackEvent(name) }), [])
            }
        """,
        "src/components/Cart.tsx": """
            import { useAnalytics, useTrack, useTracker } from '../hooks/useAnalytics'

            export function Cart() {
              const { track } = useAnalytics()
              const trackName = useTrack()
              const tracker = useTracker()
              track('Cart Viewed', { items: 2 })
              useAnalytics().track('Cart Shared')
              trackName('Cart Emptied')
              useTrack()('Cart Saved')
              tracker.send('Cart Sent')
              return <button onClick={() => track('Checkout Clicked')}>Buy</button>
            }
        """,
    }
    resolution = linked(files)
    sites = [row(c) for c in resolution.calls if c.location.path.endswith("Cart.tsx")]
    assert sites == [
        ("src/components/Cart.tsx:7", "track", "Cart Viewed", "via useAnalytics().track"),
        (
            "src/components/Cart.tsx:8",
            "useAnalytics().track",
            "Cart Shared",
            "via useAnalytics().track",
        ),
        ("src/components/Cart.tsx:9", "trackName", "Cart Emptied", "via useTrack()"),
        ("src/components/Cart.tsx:10", "useTrack()", "Cart Saved", "via useTrack()"),
        ("src/components/Cart.tsx:11", "tracker.send", "Cart Sent", "via useTracker().send"),
        ("src/components/Cart.tsx:12", "track", "Checkout Clicked", "via useAnalytics().track"),
    ]
    assert keys_at(resolution, "src/components/Cart.tsx:7") == ("items", "page")
    hooks = [row(c) for c in resolution.calls if c.location.path.endswith("useAnalytics.ts")]
    assert all(status == "fwd" for *_, status in hooks) and len(hooks) == 3


def test_js_class_methods_subclasses_and_exported_instances() -> None:
    files = {
        "src/lib/tracker.ts": """
            import { analytics } from './segment'

            export class Tracker {
              track(event: string) {
                analytics.track(event)
              }
              signup() {
                this.track('Signed Up')
              }
            }

            export const tracker = new Tracker()
        """,
        "src/lib/segment.ts": "export const analytics = window.analytics\n",
        "src/pages/checkout.ts": """
            import { Tracker, tracker } from '../lib/tracker'

            class CheckoutTracker extends Tracker {
              done() {
                this.track('Checkout Completed')
              }
            }

            tracker.track('Checkout Viewed')
        """,
    }
    assert rows(files) == [
        ("src/lib/tracker.ts:5", "analytics.track", "~event", "fwd"),
        ("src/lib/tracker.ts:8", "this.track", "Signed Up", "via Tracker.track"),
        ("src/pages/checkout.ts:5", "this.track", "Checkout Completed", "via Tracker.track"),
        ("src/pages/checkout.ts:9", "tracker.track", "Checkout Viewed", "via Tracker.track"),
    ]


def test_js_default_exports_re_exports_and_local_wrappers() -> None:
    files = {
        "src/lib/track.ts": """
            export default function track(name: string) {
              window.analytics.track(name)
            }
        """,
        "src/lib/index.ts": "export { default as send } from './track'\n",
        "src/a.ts": "import t from './lib/track'\nt('From Default')\n",
        "src/b.ts": "import { send } from './lib'\nsend('From Re-export')\n",
        "src/c.tsx": """
            export function Page() {
              const trackClick = (name: string) => window.analytics.track(name, { page: 'c' })
              return <a onClick={() => trackClick('Link Clicked')} />
            }
        """,
    }
    assert rows(files) == [
        ("src/a.ts:2", "t", "From Default", "via track"),
        ("src/b.ts:2", "send", "From Re-export", "via track"),
        ("src/c.tsx:2", "window.analytics.track", "~name", "fwd"),
        ("src/c.tsx:3", "trackClick", "Link Clicked", "via trackClick"),
        ("src/lib/track.ts:2", "window.analytics.track", "~name", "fwd"),
    ]


def test_js_client_exported_from_another_file_under_another_name() -> None:
    files = {
        "src/lib/segment.ts": """
            import { Analytics } from '@segment/analytics-node'
            export const segment = new Analytics({ writeKey: 'key' })
        """,
        "src/lib/index.ts": "export { segment as serverAnalytics } from './segment'\n",
        "src/routes/users.ts": """
            import { segment } from '../lib/segment'
            import { serverAnalytics } from '../lib'

            segment.track({ userId: 'u', event: 'User Created', properties: { plan: 'pro' } })
            serverAnalytics.identify({ userId: 'u', traits: { email: 'e' } })
            other.track({ userId: 'u', event: 'Not A Call' })
        """,
    }
    resolution = linked(files)
    assert [row(c) for c in resolution.calls] == [
        ("src/routes/users.ts:4", "segment.track", "User Created", "direct"),
        ("src/routes/users.ts:5", "serverAnalytics.identify", "~None", "direct"),
    ]
    assert keys_at(resolution, "src/routes/users.ts:4") == ("plan",)
    assert keys_at(resolution, "src/routes/users.ts:5") == ("email",)


def test_js_without_inference_call_sites_are_not_calls() -> None:
    files = {
        "src/lib/track.ts": JS_TRACK,
        "src/app.ts": "import { trackEvent } from './lib/track'\ntrackEvent('Signed Up')\n",
    }
    found = rows(files, ExtractOptions(infer_wrappers=False))
    assert ("src/lib/track.ts:6", "analytics.track", "~name", "direct") in found
    assert not [r for r in found if r[0] == "src/app.ts:2"]


def test_wrappers_report_why() -> None:
    files = {
        "src/lib/track.ts": JS_TRACK,
        "src/app.ts": "import { trackEvent } from './lib/track'\ntrackEvent('Signed Up')\n",
    }
    found = wrapper(linked(files), "trackEvent")
    assert (found.location.path, found.location.line) == ("src/lib/track.ts", 5)
    assert (found.parameter, found.properties) == ("name", "properties")
    assert (found.forwards_callee, found.forwards_to.line, found.calls) == ("analytics.track", 6, 1)
    assert (found.method.value, found.sdk) == ("track", "segment")


def test_properties_defaulting_to_an_empty_object_are_passed_on() -> None:
    files = {
        "app/tracking.py": """
            from segment import analytics


            def track(user, name, props=None):
                analytics.track(user.id, name, {**(props or {}), "source": "api"})
        """,
        "app/views.py": "from app.tracking import track\n\ntrack(u, 'Signed Up', {'plan': 'pro'})\n",
        "src/track.ts": """
            export function track(name: string, props?: object) {
              window.analytics.track(name, props || {})
            }
        """,
        "src/app.ts": "import { track } from './track'\ntrack('Viewed', { page: 'home' })\n",
    }
    resolution = linked(files)
    assert keys_at(resolution, "app/views.py:3") == ("plan", "source")
    assert keys_at(resolution, "src/app.ts:2") == ("page",)


def test_a_recursive_call_is_not_a_caller() -> None:
    files = {
        "app/retry.py": """
            from segment import analytics


            def send(user, name, attempt=0):
                try:
                    analytics.track(user, name)
                except IOError:
                    send(user, name, attempt + 1)
        """,
    }
    found = rows(files)
    assert found == [("app/retry.py:6", "analytics.track", "~name", "direct")]


def test_a_default_event_name_is_used_where_a_call_site_leaves_it_out() -> None:
    files = {
        "app/pages.py": """
            from segment import analytics


            def viewed(user, name="Page Viewed", props=None):
                analytics.page(user, None, name, props)
        """,
        "app/views.py": "from app.pages import viewed\n\nviewed(u)\nviewed(u, 'Pricing')\n",
        "src/track.ts": """
            export const trackView = (name: string = 'Screen Viewed') => window.analytics.track(name)
        """,
        "src/app.ts": "import { trackView } from './track'\ntrackView()\n",
    }
    found = [r for r in rows(files) if not r[0].startswith(("app/pages", "src/track"))]
    assert found == [
        ("app/views.py:3", "viewed", "Page Viewed", "via viewed"),
        ("app/views.py:4", "viewed", "Pricing", "via viewed"),
        ("src/app.ts:2", "trackView", "Screen Viewed", "via trackView"),
    ]
