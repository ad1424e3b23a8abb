"""Plain-text descriptions of what a scan looks for: SDK presets and configured patterns.

Written from the presets' data, so `trackscan sdks` and `--explain` cannot drift from what
the extractors match.
"""

from __future__ import annotations

from scanner.model import Method
from scanner.options import CallPattern, ExtractOptions
from scanner.sdks import (
    EventObject,
    JsMethod,
    JsSdk,
    MessageForm,
    PositionalForm,
    Preset,
    PyMethod,
    PythonSdk,
    Signature,
)


def describe_patterns(options: ExtractOptions) -> tuple[str, ...]:
    """`--explain`'s first section: the presets, the configured calls, inference."""
    lines = [f"SDK presets: {', '.join(options.sdks)} (`trackscan sdks` shows what each matches)"]
    lines += [f"Configured call: {describe_pattern(p)}" for p in options.calls]
    lines.append(
        "Wrapper inference: on (functions that pass a parameter on unchanged as the event "
        "name are calls themselves; --no-infer-wrappers turns it off)"
        if options.infer_wrappers
        else "Wrapper inference: off"
    )
    return tuple(lines)


def describe_pattern(pattern: CallPattern) -> str:
    where = {"python": " (Python)", "javascript": " (JavaScript/TypeScript)"}.get(
        pattern.language, ""
    )
    parts = [f"{pattern.callee}(…) is {pattern.method.value}{where}"]
    if pattern.event:
        parts.append(f"name: {_arguments(pattern.event)}")
    if pattern.properties:
        parts.append(f"properties: {_arguments(pattern.properties)}")
    return " · ".join(parts)


def _arguments(where: tuple[int | str, ...]) -> str:
    return " or ".join(
        f"argument {item}" if isinstance(item, int) else f"'{item}'" for item in where
    )


# ---------------------------------------------------------------------------
# Presets.


def describe_preset(preset: Preset) -> list[str]:
    lines = [f"{preset.name} — {preset.title}", f"  event name: {preset.event_name}"]
    if preset.python is not None:
        lines += ["  Python", *(f"    {line}" for line in _python(preset.python))]
    if preset.javascript is not None:
        lines += [
            "  JavaScript and TypeScript",
            *(f"    {line}" for line in _js(preset.javascript)),
        ]
    if preset.notes:
        lines.append(f"  not read: {preset.notes}")
    return lines


def _python(sdk: PythonSdk) -> list[str]:
    lines = []
    if sdk.receiver_names:
        lines.append(
            "receivers: " + ", ".join(f"{name}.<method>(…)" for name in sorted(sdk.receiver_names))
        )
    if sdk.modules:
        lines.append("module functions of: " + ", ".join(sorted(sdk.modules)))
    if sdk.client_classes:
        lines.append("clients made by: " + ", ".join(f"{c}(…)" for c in sorted(sdk.client_classes)))
    for name, spec in sdk.methods.items():
        lines += [
            f"{name}{_signature(s, spec)} → {spec.method.value}{_roles(s, spec)}"
            for s in spec.signatures
        ]
    return lines


def _roles(signature: Signature, spec: PyMethod) -> str:
    """Which parameter names the event and which holds the properties."""
    if spec.objects:
        return ""
    roles = []
    if signature.event is not None:
        roles.append(f"name: {signature.event}")
    if signature.properties is not None:
        roles.append(f"properties: {signature.properties}")
    if signature.property_params:
        roles.append("properties: " + ", ".join(key for _, key in signature.property_params))
    return " (" + "; ".join(roles) + ")" if roles else ""


def _signature(signature: Signature, spec: PyMethod) -> str:
    params = []
    for index, param in enumerate(signature.params):
        shown = param
        if spec.objects and param == signature.event:
            shown = " | ".join(_object(o) for o in spec.objects)
        keyword_only = signature.positional is not None and index >= signature.positional
        params.append(f"{'*, ' if keyword_only and index == signature.positional else ''}{shown}")
    return "(" + ", ".join(params) + ")"


def _object(event: EventObject) -> str:
    name = sorted(event.classes, key=len)[0].rsplit(".", 1)[-1]
    inner = event.signature.params
    if event.inner:
        inner = tuple(
            _object(o) if p == event.signature.event else p for p in inner for o in event.inner[:1]
        )
    return f"{name}({', '.join(inner)})"


def _js(sdk: JsSdk) -> list[str]:
    lines = []
    receivers = sorted(sdk.receiver_names)
    if receivers:
        lines.append(
            "receivers: "
            + ", ".join(f"{name}.<method>(…), window.{name}.<method>(…)" for name in receivers)
        )
    if sdk.modules:
        lines.append("imports of: " + ", ".join(sorted(sdk.modules)))
    for factory in sdk.factories:
        if not (factory.construct or factory.static_methods or factory.call):
            lines.append(f"clients: values typed {factory.export} from {factory.module}")
            continue
        made = []
        if factory.construct:
            made.append(f"new {_export(factory.export)}(…)")
        made += [f"{_export(factory.export)}.{m}(…)" for m in sorted(factory.static_methods)]
        if factory.call:
            made.append(f"{_export(factory.export)}(…)")
        lines.append(f"clients: {', '.join(made)} from {factory.module} ({factory.form.value})")
    for name, spec in sdk.methods.items():
        lines += [f"{form} → {spec.method.value}" for form in _forms(name, spec)]
    for client_form, table in sdk.form_methods.items():
        for name, spec in table.items():
            lines += [
                f"{form} → {spec.method.value} ({client_form.value} clients)"
                for form in _forms(name, spec)
            ]
    if sdk.command_functions:
        lines.append(
            "command functions: "
            + ", ".join(f"{f}(…), window.{f}(…)" for f in sorted(sdk.command_functions))
        )
    for function in sorted(sdk.command_functions):
        for command, spec in (sdk.commands or sdk.methods).items():
            lines += [
                f"{function}('{command}', {form[form.index('(') + 1 :]} → {spec.method.value}"
                for form in _forms(command, spec)
            ]
    return lines


def _export(name: str) -> str:
    return "<default export>" if name == "default" else name


def _forms(name: str, spec: JsMethod) -> list[str]:
    forms = []
    if spec.positional is not None:
        traits = spec.method in (Method.IDENTIFY, Method.GROUP)
        forms.append(f"{name}({_positional(spec.positional, traits)})")
    if spec.message is not None:
        forms.append(f"{name}({_message(spec.message)})")
    return forms


def _positional(form: PositionalForm, traits: bool) -> str:
    params = [f"{p}?" if form.optional_leading else p for p in form.leading]
    if form.properties:
        params.append("traits?" if traits else "properties?")
        if form.key_value:
            params[-1] = f"{params[-1][:-1]} | key, value?"
    return ", ".join(params)


def _message(form: MessageForm) -> str:
    keys: dict[str, list[str]] = {}
    for path in (form.event, form.properties):
        if path:
            keys.setdefault(path[0], []).extend(path[1:])
    parts = [f"{key}: {{ {', '.join(inner)} }}" if inner else key for key, inner in keys.items()]
    parts += list(form.property_keys)
    return "{ " + ", ".join(parts) + " }" if parts else "{ … }"
