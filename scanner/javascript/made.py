"""What a JavaScript binding made by a call or `new` is, for calls in other files to find.

An SDK client (`export const segment = new Analytics(...)`) becomes a `Symbol`; anything
else made by a call names what the call returns (`tracker = new Tracker()` is
`Tracker.prototype`, `client = makeClient()` is `makeClient.["()"]`), so a wrapper method
called through it is found; `class A extends B` gives A's prototype B's members.
"""

from __future__ import annotations

from scanner.javascript.callees import Callees
from scanner.javascript.clients import Clients
from scanner.javascript.declarations import Binding
from scanner.javascript.functions import PROTOTYPE, Functions
from scanner.javascript.modules import member
from scanner.javascript.names import Names
from scanner.javascript.parse import Node, text
from scanner.model import Location, NameExpr, Reference, Symbol, SymbolKind


class Made:
    def __init__(self, names: Names, functions: Functions, clients: tuple[Clients, ...]) -> None:
        self.names = names
        self.functions = functions
        self.clients = clients
        self.callees = Callees(functions)

    def client(self, key: str, binding: Binding) -> Symbol | None:
        """A client of one of the SDKs bound to a name (also `let`, destructured, typed)."""
        for clients in self.clients:
            form = clients.binding_form(binding, 0)
            if form is not None:
                return self._symbol(key, binding.node, clients, form.value)
        return None

    def value(self, key: str, node: Node) -> NameExpr | None:
        """What `x = make(...)` or `x = new X()` binds."""
        for clients in self.clients:
            form = clients.form_of(node)
            if form is not None:
                return self._symbol(key, node, clients, form.value)
        made = self.callees.callee_target(node)
        return None if made is None else Reference(made)

    def heritage(self, own: str, declaration: Node) -> tuple[str, NameExpr] | None:
        """`class A extends B`: a spread of B's prototype into A's."""
        for clause in declaration.named_children:
            if clause.type != "class_heritage":
                continue
            value = clause.named_children[0] if clause.named_children else None
            if value is not None and value.type == "extends_clause":
                value = value.child_by_field_name("value")
            base = self.callees.callee_target(value) if value is not None else None
            if base is not None:
                return member(own, [PROTOTYPE, "*0"]), Reference(member(base, [PROTOTYPE]))
        return None

    def _symbol(self, key: str, node: Node, clients: Clients, form: str) -> Symbol:
        line, column = self.functions.positions.start(node)
        return Symbol(
            key,
            SymbolKind.CLIENT,
            text(node),
            Location(self.names.path, line, column),
            sdk=clients.sdk.name,
            form=form,
        )
