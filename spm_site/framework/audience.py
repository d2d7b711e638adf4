"""The audience filter: from the resolved framework, only what one audience may see.

It runs on the resolved model, before any Markdown exists, so no template ever receives what it
must not show. The input is never changed (one check serves several audiences): items that lose
something are copies, the others are shared. What a visible item points at but the audience may
not see is removed from it, and counted (`Framework.omitted`), so pages say "2 further measures
are not shown" instead of a broken link or a name; a required reference to a hidden item (a
role's function) becomes None, which pages show as "—". A hidden sensitive field becomes None and
is recorded in `Framework.redacted`, so `Framework.target` answers None rather than a default
the audience was not meant to compare with. The reverse links are derived again from what is
left, by the same function `resolve` uses.

Every hidden item and field is returned as a `Hidden` record (its id, name and distinctive text,
and where it is written) for `spm-site check --audience` and for the leak scan after the build.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from pydantic import BaseModel

from ..diagnostics import Diagnostic, Location, Severity
from . import introspect
from .hidden import Hidden
from .kinds import ITEM_KINDS, ONE_ITEM_FOLDERS
from .model import Level, Measure, Node, Objective, Role
from .numbers import DEFAULT, Numbers
from .resolve import REVERSE_LINKS, Framework, derive_links
from .visibility import BUILT_IN, INTERNAL, PUBLIC, SENSITIVE, Audiences, is_draft, sees

__all__ = [
    "BUILT_IN",
    "INTERNAL",
    "PUBLIC",
    "Filtered",
    "filter_framework",
    "hollow_items",
    "shown_findings",
    "shown_waived",
    "visible_texts",
]

#: Free text shorter than this is not distinctive enough to look for in a page ("Weekly", "%").
MIN_TEXT = 12
#: A hidden number is looked for only when written with at least this many digits (987654, not 25).
MIN_DIGITS = 5

#: The item kinds in the filter's order, with the Framework attribute that holds them.
_KINDS = tuple((k.name, k.collection) for k in ITEM_KINDS)
@dataclass
class Filtered:
    """What one audience gets: the framework it may see, and a record of everything it may not."""

    audience: str
    framework: Framework
    hidden: list[Hidden] = field(default_factory=list)


def number_text(value: float) -> str:
    """A number as pages write it: 25.0 -> '25', 2.5 -> '2.5'."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _collection(fw: Framework, attr: str) -> list[Node]:
    found = getattr(fw, attr)
    return list(found.values()) if isinstance(found, dict) else list(found)


def _where(item: Node, key: str | None = None) -> Location | None:
    src = item.src
    return Location(src.file, *src.of(key)) if src is not None else None


def _author_texts(node: Node) -> Iterator[str]:
    """The author's own strings in `node` and below, not the ids it refers to (those name other items)."""
    for spec in introspect.fields(type(node)):
        if spec.refers or spec.key in ("visibility", "field_visibility", "waivers"):
            continue
        value = getattr(node, spec.key)
        for one in (value if isinstance(value, list) else [value]):
            if isinstance(one, Node):
                yield from _author_texts(one)
            elif isinstance(one, str) and not isinstance(one, Enum):
                if spec.key in ("id", "name", "title") or len(one) >= MIN_TEXT:
                    yield one


def _item_texts(item: Node) -> tuple[str, ...]:
    """A hidden item's id and name first (what messages name it by), then its other distinctive text."""
    first = [item.id, getattr(item, "name", None) or item.id]  # type: ignore[attr-defined]
    return tuple(dict.fromkeys([*first, *_author_texts(item)]))


def _distinctive_numbers(values: Iterable[float | str | None], numbers: Numbers = DEFAULT) -> list[str]:
    """Numbers written with enough digits to look for (as the author wrote them and as the pages do, in
    the organisation's locale), and targets in words long enough to."""
    values = list(values)
    written = [t for v in values if isinstance(v, (int, float)) for t in (number_text(v), *numbers.forms(v))]
    found = [t for t in dict.fromkeys(written) if sum(c.isdigit() for c in t) >= MIN_DIGITS]
    return found + [v for v in values if isinstance(v, str) and len(v) >= MIN_TEXT]


def _field_texts(kind: str, item: Node, name: str, numbers: Numbers = DEFAULT) -> tuple[str, ...]:
    """What a hidden sensitive field would put on a page."""
    if kind == "role" and name == "targets":
        role: Role = item  # type: ignore[assignment]
        nums = [rm.target for rm in role.measures] + [t.target for rl in role.levels for t in rl.targets]
        return tuple(dict.fromkeys(_distinctive_numbers(nums, numbers)))
    if kind == "role" and name == "weights":
        return tuple(dict.fromkeys(_distinctive_numbers((rm.weight for rm in item.measures), numbers)))  # type: ignore[attr-defined]
    value = getattr(item, name)
    if isinstance(value, str):
        return (value,)
    return tuple(_distinctive_numbers([value], numbers))


def _field_present(kind: str, item: Node, name: str) -> bool:
    if kind == "role" and name == "targets":
        return any(rm.target is not None for rm in item.measures) or any(rl.targets for rl in item.levels)  # type: ignore[attr-defined]
    if kind == "role" and name == "weights":
        return any(rm.weight is not None for rm in item.measures)  # type: ignore[attr-defined]
    return getattr(item, name) is not None


#: Kinds that only describe others (the themes and the proficiency scale of competencies.yml): they have
#: no visibility of their own, and every audience sees them, as it sees the words of a page's layout.
DEFINITIONS = ("theme", "proficiency")


def visible_ids(fw: Framework, audience: str, audiences: Audiences) -> dict[str, set[str]]:
    """The ids of every item `audience` may see, by kind: published, and visible to it."""
    return {kind: {item.id for item in _collection(fw, attr)  # type: ignore[attr-defined]
                   if kind in DEFINITIONS or (not is_draft(item) and sees(audience, audiences.of_item(kind, item)))}
            for kind, attr in _KINDS}


class _Copier:
    """Copies of visible items with what the audience may not see taken out, counted as it goes.

    Drafts are not counted: they are in no build, so no reader is told that they exist.
    """

    def __init__(self, shown: dict[str, set[str]], drafts: dict[str, set[str]]) -> None:
        self.shown = shown
        self.drafts = drafts
        self.omitted: dict[tuple[str, str], dict[str, int]] = {}

    def count(self, kind: str, ident: str, what: str, n: int) -> None:
        if n:
            slot = self.omitted.setdefault((kind, ident), {})
            slot[what] = slot.get(what, 0) + n

    def keep(self, kind: str, ident: str, what: str, refers: str, ids: list[str]) -> list[str]:
        kept = [i for i in ids if i in self.shown[refers]]
        self.count(kind, ident, what, sum(i not in self.shown[refers] and i not in self.drafts[refers] for i in ids))
        return kept

    def one(self, kind: str, ident: str, what: str, refers: str, target: str | None) -> str | None:
        if target is None or target in self.shown[refers]:
            return target
        self.count(kind, ident, what, target not in self.drafts[refers])
        return None


def _copy(node: BaseModel, **changes: Any) -> Any:
    """`node` with `changes`, or `node` itself when nothing changes (shared, never modified)."""
    changed = {k: v for k, v in changes.items() if getattr(node, k) != v}
    return node.model_copy(update=changed) if changed else node


def filter_framework(fw: Framework, audience: str, audiences: Audiences) -> Filtered:
    """The framework `audience` may see, with reverse links derived again and a `Hidden` record of the rest."""
    if not audiences.known(audience):
        raise ValueError(f"unknown audience '{audience}'")
    shown = visible_ids(fw, audience, audiences)
    hidden: list[Hidden] = []
    redacted: set[tuple[str, str, str]] = set()
    for kind, attr in _KINDS:
        for item in _collection(fw, attr):
            ident = item.id  # type: ignore[attr-defined]
            if ident not in shown[kind]:
                hidden.append(Hidden(kind, ident, None, _item_texts(item), _where(item)))
                continue
            for name in SENSITIVE.get(kind, ()):
                if _field_present(kind, item, name) and not sees(audience, audiences.of_field(kind, item, name)):
                    redacted.add((kind, ident, name))
                    own = getattr(item, "field_visibility", None)
                    at = _where(own, name) if own is not None and getattr(own, name) is not None else _where(item, name)
                    hidden.append(Hidden(kind, ident, name, _field_texts(kind, item, name, fw.numbers), at))
    c = _Copier(shown, {kind: {i.id for i in _collection(fw, attr) if is_draft(i)} for kind, attr in _KINDS})  # type: ignore[attr-defined]
    out = Framework(
        organisation=_organisation(fw, c),
        pillars={k: p for k, p in fw.pillars.items() if k in shown["pillar"]},
        principles=[p for p in fw.principles if p.id in shown["principle"]],
        levels={k: _level(v, redacted) for k, v in fw.levels.items() if k in shown["level"]},
        rhythms={k: _copy(v, reviews=c.keep("feedback rhythm", k, "reviews", "measure", v.reviews))
                 for k, v in fw.rhythms.items() if k in shown["feedback rhythm"]},
        values={k: v for k, v in fw.values.items() if k in shown["value"]},
        objectives={k: _objective(v, c) for k, v in fw.objectives.items() if k in shown["objective"]},
        functions={k: _function(v, c) for k, v in fw.functions.items() if k in shown["function"]},
        roles={k: _role(v, c, redacted) for k, v in fw.roles.items() if k in shown["role"]},
        measures={k: _measure(v, c, redacted) for k, v in fw.measures.items() if k in shown["measure"]},
    )
    derive_links(out)
    for attr, (key_kind, item_kind) in REVERSE_LINKS.items():  # what they lose: hidden items pointing at a visible one
        after = getattr(out, attr)
        for key, items in getattr(fw, attr).items():
            if key in shown[key_kind]:
                published = sum(i.id not in c.drafts[item_kind] for i in items)
                c.count(key_kind, key, attr, published - len(after.get(key, ())))
    out.retired = _retired(fw, audience, audiences, shown, hidden)
    out.themes, out.scale, out.cumulative = fw.themes, fw.scale, fw.cumulative  # definitions, not items anyone hides
    out.tracks, out.role_ladders = fw.tracks, fw.role_ladders  # a role's ladder stays its own
    # a ladder holds only the levels this audience may see, as they see them
    out.ladders = {k: _copy(v, levels=[out.levels[lv.id] for lv in v.levels if lv.id in out.levels])
                   for k, v in fw.ladders.items()}
    out.audience, out.omitted, out.redacted = audience, c.omitted, redacted
    return Filtered(audience, out, hidden)


def _retired(fw: Framework, audience: str, audiences: Audiences, shown: dict[str, set[str]],
             hidden: list[Hidden]) -> list[Any]:
    """The retired items whose old page `audience` may see (as their kind's items: its default, else
    internal), each pointing at its replacement only when that is visible too."""
    kept = []
    for entry in fw.retired:
        kind = entry.kind.value
        if sees(audience, audiences.of_item(kind, entry)):
            kept.append(_copy(entry, replaced_by=entry.replaced_by if entry.replaced_by in shown[kind] else None))
        else:
            hidden.append(Hidden(f"retired {kind}", entry.id, None, _item_texts(entry), _where(entry)))
    return kept


def _organisation(fw: Framework, c: _Copier) -> Any:
    org = fw.organisation
    commitment = _copy(org.commitment, sponsor=c.one("organisation", "", "sponsor", "role", org.commitment.sponsor),
                       approved_by=c.keep("organisation", "", "approved_by", "role", org.commitment.approved_by),
                       input_levels=c.keep("organisation", "", "input_levels", "level", org.commitment.input_levels))
    return _copy(org, pillars=[p for p in org.pillars if p.id in c.shown["pillar"]], commitment=commitment)


def _level(level: Level, redacted: set[tuple[str, str, str]]) -> Level:
    return _copy(level, pay_band=None) if ("level", level.id, "pay_band") in redacted else level


def _objective(o: Objective, c: _Copier) -> Objective:
    return _copy(o, pillar=c.one("objective", o.id, "pillar", "pillar", o.pillar),
                 parent=c.one("objective", o.id, "parent", "objective", o.parent),
                 owner=c.one("objective", o.id, "owner", "role", o.owner),
                 key_results=[kr for kr in o.key_results
                              if c.one("objective", o.id, "key_results", "measure", kr.measure) is not None])


def _function(f: Any, c: _Copier) -> Any:
    accountabilities = [_copy(a, objectives=c.keep("function", f.id, "objectives", "objective", a.objectives))
                        for a in f.accountabilities]
    handoffs = [_copy(h, measures=c.keep("function", f.id, "handoffs", "measure", h.measures)) for h in f.handoffs
                if c.one("function", f.id, "handoffs", "function", h.to) is not None]
    return _copy(f, leader=c.one("function", f.id, "leader", "role", f.leader), accountabilities=accountabilities,
                 handoffs=handoffs)


def _measure(m: Measure, c: _Copier, redacted: set[tuple[str, str, str]]) -> Measure:
    blank = {name: None for name in SENSITIVE["measure"] if ("measure", m.id, name) in redacted}
    return _copy(m, owner=c.one("measure", m.id, "owner", "function", m.owner),
                 parent=c.one("measure", m.id, "parent", "measure", m.parent),
                 objectives=c.keep("measure", m.id, "objectives", "objective", m.objectives), **blank)


def _role(r: Role, c: _Copier, redacted: set[tuple[str, str, str]]) -> Role:
    no_targets = ("role", r.id, "targets") in redacted
    no_weights = ("role", r.id, "weights") in redacted
    measures = []
    for rm in r.measures:
        if c.one("role", r.id, "measures", "measure", rm.measure) is None:
            continue
        accepted = rm.accepted
        if accepted is not None and c.one("role", r.id, "accepted_by", "role", accepted.by) is None:
            accepted = _copy(accepted, by=None)
        measures.append(_copy(rm, target=None if no_targets else rm.target, weight=None if no_weights else rm.weight,
                              accepted=accepted))
    levels = []
    for rl in r.levels:
        if c.one("role", r.id, "levels", "level", rl.level) is None:
            continue
        targets = [] if no_targets else [t for t in rl.targets if t.measure in c.shown["measure"]]
        levels.append(_copy(rl, targets=targets))
    values = [rv for rv in r.values if c.one("role", r.id, "values", "value", rv.value) is not None]
    return _copy(r, function=c.one("role", r.id, "function", "function", r.function),
                 reports_to=c.one("role", r.id, "reports_to", "role", r.reports_to),
                 measures=measures, levels=levels, values=values,
                 feedback=c.keep("role", r.id, "feedback", "feedback rhythm", r.feedback),
                 moves_to=c.keep("role", r.id, "moves_to", "role", r.moves_to))


# --- what the leak scan may find without it being a leak ----------------------------------------

def own_strings(value: Any, numbers: Numbers = DEFAULT) -> Iterator[str]:
    """The strings (and numbers, as pages write them) of `value` and below, but none of its references:
    a reference names another item, possibly a hidden one, whose id must stay something to look for."""
    if isinstance(value, Enum):
        yield str(value.value)
    elif isinstance(value, str):
        yield value
    elif isinstance(value, bool) or value is None:
        return
    elif isinstance(value, (int, float)):
        yield number_text(value)
        yield from numbers.forms(value)
    elif isinstance(value, Node):
        for spec in introspect.fields(type(value)):
            if spec.refers is None:
                yield from own_strings(getattr(value, spec.key), numbers)
    elif isinstance(value, list):
        for child in value:
            yield from own_strings(child, numbers)
    elif hasattr(value, "isoformat"):
        yield value.isoformat()


def visible_texts(fw: Framework) -> Iterator[str]:
    """Every author string of a framework, a filtered one above all: a hidden text that is also one of
    these is on the pages for a visible reason (the leak scan does not count it as a leak)."""
    numbers = fw.numbers
    yield from own_strings(fw.organisation, numbers)
    for _, attr in _KINDS:
        for item in _collection(fw, attr):
            yield from own_strings(item, numbers)
    for entry in fw.retired:
        yield from own_strings(entry, numbers)
    for structure in (*fw.tracks.values(), *fw.ladders.values()):
        yield from own_strings(structure, numbers)


# --- findings about the filter, and findings an audience may read ------------------------------

#: A visible item that says little without what it points at, by kind: (field, the kind it names, all of a list).
_ESSENTIAL = {
    "role": (("function", "function"), ("measures", "measure")),
    "measure": (("owner", "function"), ("objectives", "objective")),
    "objective": (("pillar", "pillar"),),
    "function": (("leader", "role"),),
}


def hollow_items(fw: Framework, audiences: Audiences) -> list[Diagnostic]:
    """A visible item whose essential references are all hidden from an audience that sees it:
    a public role whose measures are all internal tells the public nothing about the role."""
    problems = []
    every = {a: visible_ids(fw, a, audiences) for a in audiences.all}
    for kind, essentials in _ESSENTIAL.items():
        for item in _collection(fw, dict(_KINDS)[kind]):
            for key, refers in essentials:
                value = getattr(item, key)
                ids = [getattr(v, "measure", v) for v in value] if isinstance(value, list) else \
                    [value] if value is not None else []
                if not ids:
                    continue
                lost = [a for a, shown in every.items()
                        if item.id in shown[kind] and not any(i in shown[refers] for i in ids)]  # type: ignore[attr-defined]
                if lost:
                    what = f"its {key}" if isinstance(value, list) else f"its {key.replace('_', ' ')} '{value}'"
                    problems.append(Diagnostic(
                        _where(item, key) or Location("?"), "hidden-dependency",
                        f"{kind} '{item.id}' is shown to {_either(lost)}, but {what} "  # type: ignore[attr-defined]
                        f"{'are all' if isinstance(value, list) else 'is'} hidden from {'it' if len(lost) == 1 else 'them'}",
                        hint=f"make the {refers}{'s' if isinstance(value, list) else ''} visible to the same readers, "
                             f"or narrow this {kind}'s visibility",
                        severity=Severity.WARNING))
    return problems


def _either(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _words(hidden: list[Hidden]) -> list[str]:
    """What names something hidden: a hidden item's id and name, a hidden field's text."""
    return [t.casefold() for h in hidden for t in (h.texts[:2] if h.field is None else h.texts)]


class _Concealed:
    """Which YAML lines belong to an item that is hidden from the audience or has a hidden field.

    An item's lines run from its own position to the next item's in the same file; a file of one
    item (`roles/<id>.yml`) is all that item's.
    """

    def __init__(self, fw: Framework, hidden: list[Hidden]) -> None:
        concealed = {(h.kind, h.item_id) for h in hidden}
        self.files: set[str] = set()
        starts: dict[str, list[tuple[int, bool]]] = {}
        for kind, attr in _KINDS:
            for item in _collection(fw, attr):
                src = item.src
                if src is None:
                    continue
                secret = (kind, item.id) in concealed  # type: ignore[attr-defined]
                if kind in _ONE_ITEM_KINDS:
                    if secret:
                        self.files.add(src.file)
                else:
                    starts.setdefault(src.file, []).append((src.mark[0], secret))
        self.starts = {f: sorted(v) for f, v in starts.items()}

    def covers(self, file: str, line: int) -> bool:
        if file in self.files:
            return True
        before = [secret for start, secret in self.starts.get(file, ()) if start <= line]
        return bool(before) and before[-1]


#: Kinds whose files hold one item each.
_ONE_ITEM_KINDS = tuple(k.name for k in ITEM_KINDS if k.file in ONE_ITEM_FOLDERS)


def shown_findings(findings: list[Diagnostic], hidden: list[Hidden], fw: Framework) -> tuple[list[Diagnostic], int]:
    """The findings an audience may read on the alignment page, and how many are left out.

    Fail closed: a finding is left out when it points into an item hidden from the audience or into
    an item with a hidden field (a weights finding would tell the sum), or when its text names a
    hidden item's id or name or a hidden field's text.
    """
    concealed, words = _Concealed(fw, hidden), _words(hidden)
    kept = []
    for d in findings:
        text = " ".join((d.location.file, d.message, d.hint or "", d.excerpt or "")).casefold()
        if not concealed.covers(d.location.file, d.location.line) and not any(w in text for w in words):
            kept.append(d)
    return kept, len(findings) - len(kept)


def shown_waived(waived: list[Any], hidden: list[Hidden]) -> list[Any]:
    """The accepted exceptions an audience may read: not about a hidden item or one with a hidden field,
    and naming nothing hidden."""
    concealed, words = {(h.kind, h.item_id) for h in hidden}, _words(hidden)
    ids = {i for _, i in concealed}
    kept = []
    for w in waived:
        subject = w.finding.subject
        text = " ".join((w.finding.message, w.reason, getattr(subject, "id", ""), getattr(subject, "name", ""))).casefold()
        if getattr(subject, "id", None) not in ids and not any(word in text for word in words):
            kept.append(w)
    return kept
