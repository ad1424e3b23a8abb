"""Which Python names and `self.<attr>` slots hold an SDK's client instances, in one file.

`client = Client(key)`, `mp = Mixpanel(token)`, `self.client = Posthog(key)` in any method
of a class: a name counts only when every assignment to it in its scope makes a client.
"""

from __future__ import annotations

import libcst as cst

from scanner.python_collect import Collector
from scanner.python_names import Bindings, NameReader
from scanner.sdks import PythonSdk


class ClientIndex:
    """Names and `self.<attr>` slots that hold one SDK's client instances in one file."""

    def __init__(self, sdk: PythonSdk, collector: Collector, names: NameReader) -> None:
        self.sdk = sdk
        self.names: set[cst.Name] = set()
        self.attributes: set[tuple[str, str]] = set()
        for target, value, class_path in collector.client_targets:
            if not is_client_constructor(value, sdk, names):
                continue
            if isinstance(target, cst.Name):
                self.names.add(target)
            elif (
                isinstance(target, cst.Attribute)
                and isinstance(target.value, cst.Name)
                and target.value.value == "self"
                and class_path is not None
            ):
                self.attributes.add((class_path, target.attr.value))

    def holds_client(
        self,
        receiver: cst.BaseExpression,
        class_name: str | None,
        bindings: Bindings,
        names: NameReader,
    ) -> bool:
        if isinstance(receiver, cst.Call):  # `Mixpanel(token).track(...)`
            return is_client_constructor(receiver, self.sdk, names)
        if isinstance(receiver, cst.Name):
            assignments = bindings.lookup(receiver)
            if assignments is None:
                return False
            return bool(assignments) and all(binding.node in self.names for binding in assignments)
        if (
            isinstance(receiver, cst.Attribute)
            and isinstance(receiver.value, cst.Name)
            and receiver.value.value == "self"
            and class_name is not None
        ):
            return (class_name, receiver.attr.value) in self.attributes
        return False


def is_client_constructor(call: cst.Call, sdk: PythonSdk, names: NameReader) -> bool:
    parts = names.qualified_parts(call.func, None)
    return parts is not None and ".".join(parts) in sdk.client_classes
