"""Former ids: the ids items had before a rename (`previous_ids`) and those of retired items.

Each former id keeps an old URL answering: a renamed item's old page sends readers to its new
one, and a retired item's old page says what became of it. So a former id must belong to one
item only, and never be the id of a live item of its kind, whose own page lives at that URL.
Every problem is reported at the line that lists the id.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Location
from .documents import Documents
from . import model
from .model import Item, Node, RetiredItem
from .kinds import ITEM_KINDS

REUSED = "former-id-reused"
#: Id fields that are not references (`Refers`), so `resolve` does not look them up: an item's former
#: ids must name no live item, and a retired item's replacement is of the kind its own `kind` says.
#: This module checks them instead.
NOT_REFERENCES: frozenset[tuple[str, str]] = frozenset(
    {(cls.__name__, "previous_ids") for cls in vars(model).values() if isinstance(cls, type) and issubclass(cls, Item)}
    | {(RetiredItem.__name__, "replaced_by")})
#: Kinds with a page of their own, by the `Documents` attribute that holds their files.
PAGED = {k.name: k.file for k in ITEM_KINDS if k.section}


def _at(node: Node, key: str, index: int | None = None) -> Location:
    src = node.src
    return Location(src.file, *src.of(key, index)) if src is not None else Location("?")


def _where(node: Node) -> str:
    src = node.src
    return f" ({src.file}:{src.of('id')[0]})" if src is not None else ""


def _items(docs: Documents, kind: str) -> list[Item]:
    found = getattr(docs, PAGED[kind])
    return [m for group in found for m in group.measures] if kind == "measure" else list(found)


def check(docs: Documents, indexes: dict[str, dict]) -> Iterator[Diagnostic]:
    """Every former id that another item of its kind uses or claims, and every unknown `replaced_by`."""
    for kind in PAGED:
        live: dict[str, Item] = indexes[kind]
        claimed: dict[str, Item] = {}
        for item in _items(docs, kind):
            for i, old in enumerate(item.previous_ids):
                where = _at(item, "previous_ids", i)
                if old == item.id:
                    yield Diagnostic(where, REUSED, f"'{old}' is this {kind}'s own id, not a former one",
                                     hint="remove it from previous_ids")
                elif old in live:
                    yield Diagnostic(where, REUSED, f"former id '{old}' is the id of another {kind}{_where(live[old])}: "
                                     "its old URL is that item's page", hint=f"remove it from previous_ids, or rename the other {kind}")
                elif old in claimed and claimed[old] is not item:
                    yield Diagnostic(where, REUSED, f"former id '{old}' is also listed by {kind} '{claimed[old].id}'"
                                     f"{_where(claimed[old])}: its old URL can lead to one of them only",
                                     hint="keep it on the item that took over from the old one")
                elif old == "index":
                    yield Diagnostic(where, "reserved-id", f"'{old}' cannot be a former id: it is the page that lists every {kind}",
                                     hint="remove it from previous_ids")
                else:
                    claimed.setdefault(old, item)
        yield from _check_retired(docs, kind, live, claimed)


def _check_retired(docs: Documents, kind: str, live: dict[str, Item], claimed: dict[str, Item]) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for entry in docs.retired.retired if docs.retired else ():
        if entry.kind.value != kind:
            continue
        if entry.id in live:
            yield Diagnostic(_at(entry, "id"), REUSED, f"retired {kind} '{entry.id}' is the id of a live {kind}{_where(live[entry.id])}",
                             hint=f"a live {kind} keeps its own page: remove this entry, or rename the live {kind}")
        elif entry.id in claimed:
            yield Diagnostic(_at(entry, "id"), REUSED, f"retired {kind} '{entry.id}' is listed as a former id of {kind} "
                             f"'{claimed[entry.id].id}'{_where(claimed[entry.id])}",
                             hint="a renamed item is not retired: keep one of the two")
        elif entry.id in seen:
            yield Diagnostic(_at(entry, "id"), "duplicate-id", f"retired {kind} '{entry.id}' is listed twice",
                             hint="keep one entry")
        seen.add(entry.id)
        if entry.replaced_by is not None and entry.replaced_by not in live and entry.replaced_by not in docs.unreadable_ids:
            yield Diagnostic(_at(entry, "replaced_by"), "unknown-reference", f"{kind} '{entry.replaced_by}' does not exist",
                             hint=f"replaced_by names a live {kind} (of the same kind as the retired item), or is left out")
