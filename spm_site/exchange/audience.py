"""An export for one audience: the build's filter, carried over to the files the sheets are made of.

The sheets are written from the framework's files (`Documents`), because a row must say which
file it came from (a measure's group) and files hold more than items (`last_reviewed`). The
audience filter (`framework.audience.filter_framework`) works on the resolved `Framework`, whose
items are the very objects the files hold, or the filter's copies of them with what the audience
may not see taken out. So the files an audience gets are the files with each item swapped for the
filtered framework's item of the same id, and left out where it has none: the sheets and the JSON
then come from the same filtered items, and a build and an export for one audience cannot differ.

An unfiltered framework gives the files back unchanged (every item is its own), so the author's
full copy goes down the same path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, TypeVar

from ..framework.audience import INTERNAL, Filtered, filter_framework
from ..framework.documents import Documents
from ..framework.hidden import Hidden
from ..framework.kinds import ITEM_KINDS
from ..framework.model import Item, Node
from ..framework.resolve import Framework
from ..framework.visibility import Audiences, is_draft

T = TypeVar("T", bound=Item)


def _kept(items: Sequence[T], shown: dict[str, Any] | Sequence[Any]) -> list[T]:
    """`items` as the filtered framework holds them, in their order; those it lacks left out."""
    by_id = shown if isinstance(shown, dict) else {i.id: i for i in shown}
    return [by_id[i.id] for i in items if i.id in by_id]


def _copy(node: Node, **changes: Any) -> Any:
    """`node` with `changes`, or `node` itself when they change nothing."""
    changed = {k: v for k, v in changes.items() if getattr(node, k) != v}
    return node.model_copy(update=changed) if changed else node


def _words(hidden: Sequence[Hidden]) -> list[str]:
    """What names something hidden: a hidden item's id and name, a hidden field's text (case folded)."""
    return [t.casefold() for h in hidden for t in (h.texts[:2] if h.field is None else h.texts)]


def _quiet(node: Any, words: list[str]) -> Any:
    """`node` without the waivers whose rule or reason names something hidden (the site leaves them out too)."""
    waivers = getattr(node, "waivers", None)
    if not words or not waivers:
        return node
    return _copy(node, waivers=[w for w in waivers if not any(word in f"{w.rule} {w.reason} {w.measure or ''}".casefold() for word in words)])


def exported(filtered: Filtered) -> Framework:
    """What an export for the filtered audience holds: the filtered framework, less the waivers that
    would name what is hidden. Only the items change; the reverse links are the filter's."""
    fw, words = filtered.framework, _words(filtered.hidden)
    if not words:
        return fw
    collections = {kind.collection: getattr(fw, kind.collection) for kind in ITEM_KINDS}
    changed = {name: ({k: _quiet(v, words) for k, v in found.items()} if isinstance(found, dict)
                      else [_quiet(v, words) for v in found]) for name, found in collections.items()}
    organisation = _quiet(fw.organisation, words)
    organisation = _copy(organisation, pillars=[_quiet(p, words) for p in organisation.pillars])
    return replace(fw, organisation=organisation, **changed)


def documents_for(docs: Documents, fw: Framework) -> Documents:
    """The files as `fw` holds their items: filtered copies in, hidden items and drafts out.

    A file that held items and keeps none (a group of measures all restricted) is left out, so its
    name, often the name of what it holds, is not in the export either.
    """
    groups = []
    for group in docs.measures:
        measures = _kept(group.measures, fw.measures)
        if measures or not group.measures:
            groups.append(_copy(group, measures=measures))
    return Documents(
        organisation=fw.organisation if docs.organisation is not None else None,
        principles=docs.principles and _copy(docs.principles, principles=_kept(docs.principles.principles, fw.principles)),
        levels=docs.levels and _copy(docs.levels, levels=_kept(docs.levels.levels, fw.levels)),
        feedback=docs.feedback and _copy(docs.feedback, rhythms=_kept(docs.feedback.rhythms, fw.rhythms)),
        values=_kept(docs.values, fw.values),
        objectives=_kept(docs.objectives, fw.objectives),
        functions=_kept(docs.functions, fw.functions),
        roles=_kept(docs.roles, fw.roles),
        measures=groups,
        retired=docs.retired and _copy(docs.retired, retired=_kept_retired(docs.retired.retired, fw.retired)),
    )


def _kept_retired(entries: Sequence[Any], shown: Sequence[Any]) -> list[Any]:
    """Retired items as `fw` holds them: ids are unique only within a kind, so they are matched by both."""
    by_key = {(e.kind, e.id): e for e in shown}
    return [by_key[e.kind, e.id] for e in entries if (e.kind, e.id) in by_key]


def full_copy_warning(fw: Framework, audiences: Audiences) -> str | None:
    """What an author's full copy holds that employees may not see, as a warning; None when nothing.

    The full copy is for round trips (export, edit, import); shared as it is, it would hand the
    reader drafts and restricted content. Counts only: the warning names nothing.
    """
    hidden = filter_framework(fw, INTERNAL, audiences).hidden
    if not hidden:
        return None
    items = {(h.kind, h.item_id) for h in hidden if h.field is None}
    drafts = sum(1 for kind in ITEM_KINDS for item in _items(fw, kind.collection)
                 if (kind.name, item.id) in items and is_draft(item))
    counts = ((drafts, "draft"), (len(items) - drafts, "restricted item"),
              (sum(h.field is not None for h in hidden), "restricted field"))
    parts = [f"{n} {what}{'' if n == 1 else 's'}" for n, what in counts if n]
    held = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return (f"warning: this is the author's full copy: it holds {held} that the internal audience "
            "may not see. Keep it for editing and importing; to share it, export with --audience internal "
            "(or --audience public) for a copy that holds only what those readers may see.")


def _items(fw: Framework, collection: str) -> list[Any]:
    found = getattr(fw, collection)
    return list(found.values()) if isinstance(found, dict) else list(found)
