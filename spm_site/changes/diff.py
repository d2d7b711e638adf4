"""What changed between two checked versions of a framework, item by item, as the people affected see it.

Files are not compared: the resolved frameworks are. A role's target at a level is asked of
`Framework.target` on both sides, so a new default on a measure shows at every level it reaches
and nowhere it is overridden. A rename (same content, new id, or an id listed in `previous_ids`)
is one change, not a removal and an addition, and references that moved with it are not changes:
every base value is read through the renames before it is compared. A change to what a measure,
an objective, a value or a feedback rhythm means ripples to the roles held to it (`affects`).

The order of `changes` is fixed (kind by kind, ids sorted, aspects in a set order), so two runs
print the same report byte for byte.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

from ..diagnostics import Diagnostic, Location
from ..framework import introspect
from ..framework.kinds import ITEM_KINDS
from ..framework.model import Node, Role, RoleLevel
from ..framework.resolve import Framework
from ..pipeline import CheckResult
from . import themes

#: (kind, old id) -> new id.
Renames = dict[tuple[str, str], str]

#: The kinds of item compared, with their collection, in the table's order but roles last: a rename of
#: a measure must be known before the roles held to it are compared (`find_renames`).
KINDS = tuple((k.name, k.collection) for k in sorted(ITEM_KINDS, key=lambda k: k.name == "role"))
#: What does not count as content when telling a rename from a removal plus an addition.
_NOT_CONTENT = frozenset({"id", "previous_ids", "last_reviewed"})
#: A measure's fields whose change changes what every role held to it is asked for.
RIPPLING = ("definition", "formula", "target", "direction", "unit", "period", "objectives")
#: ... except a default target, which reaches only the roles that do not set their own (see `_Differ.run`).
#: How close two texts must be (difflib's ratio) for a removal and an addition to read as a rewording.
REWORDED = 0.6


@dataclass(frozen=True)
class Change:
    """One thing that changed, for whom.

    `item_id` is the id in HEAD (the old id for a removal); `level` is set for what differs at one
    level of a role; `subject` is the id of what changed inside the item (the measure of a target
    or a weight, the value of behaviours asked, the behaviour of a value, the key of a commitment).
    `old` and `new` are plain values (text, numbers, lists of ids) or None. `affects` lists the
    ids of the roles that see the change; `related` the measures a removed objective leaves
    without it. `where` is the change's place in HEAD, for annotations (None for a removal).
    """

    scope: str
    item_id: str
    item_name: str
    aspect: str
    level: str | None = None
    old: Any = None
    new: Any = None
    affects: tuple[str, ...] = ()
    subject: str | None = None
    related: tuple[str, ...] = ()
    where: Location | None = field(default=None, compare=False)

    def as_dict(self) -> dict[str, Any]:
        """The change for tools (JSON)."""
        return {"scope": self.scope, "id": self.item_id, "name": self.item_name, "aspect": self.aspect,
                "level": self.level, "subject": self.subject, "old": _plain(self.old), "new": _plain(self.new),
                "affects": list(self.affects), "related": list(self.related),
                "file": self.where.file if self.where else None, "line": self.where.line if self.where else None}


def _plain(value: Any) -> Any:
    """Numbers that are whole as whole numbers, lists as lists: what JSON readers expect."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@dataclass
class FrameworkDiff:
    """Every change from BASE to HEAD, the renames recognised, and the alignment findings the change
    introduces or resolves. `base` and `head` are the two frameworks, for wording."""

    changes: list[Change]
    renames: Renames
    introduced: list[Diagnostic]
    resolved: list[Diagnostic]
    base: Framework | None = None
    head: Framework | None = None
    #: By role id (HEAD's, or BASE's for a removed role): the objectives it no longer has a measure towards.
    lost_sight: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def for_role(self, role_id: str) -> list[Change]:
        """The changes a role sees: its own and the ripples of what it is held to."""
        return [c for c in self.changes if role_id in c.affects]

    def roles_affected(self) -> list[str]:
        """Every role that sees at least one change, sorted by id."""
        return sorted({r for c in self.changes for r in c.affects})


def _key(content: Any) -> str:
    return json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)


def content(node: Node, renames: Renames, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The node's fields as plain values, each reference read through `renames` (old id -> new id)."""
    out: dict[str, Any] = {}
    for spec in introspect.fields(type(node)):
        if spec.key in skip:
            continue
        out[spec.key] = _value(getattr(node, spec.key), spec, renames)
    return out


def _value(value: Any, spec: introspect.FieldSpec, renames: Renames) -> Any:
    if value is None:
        return None
    if spec.refers and not spec.refers.within:
        kind = spec.refers.kind
        return [renames.get((kind, v), v) for v in value] if isinstance(value, list) else renames.get((kind, value), value)
    if spec.model:
        if spec.many:
            return [content(v, renames) if isinstance(v, Node) else v for v in value]
        return content(value, renames)
    if isinstance(value, list):
        return [v.value if isinstance(v, Enum) else v for v in value]
    return value.value if isinstance(value, Enum) else value


def _items(fw: Framework, collection: str) -> dict[str, Any]:
    items = getattr(fw, collection)
    return {p.id: p for p in items} if isinstance(items, list) else items


def find_renames(base: Framework, head: Framework) -> Renames:
    """Items that left BASE and came back in HEAD under a new id: named in `previous_ids`, or the same content.

    Two passes, because a rename's content may name another renamed item (a role's function).
    """
    renames: Renames = {}
    for _ in range(2):
        for kind, collection in KINDS:
            old_items, new_items = _items(base, collection), _items(head, collection)
            taken = {new for (k, _), new in renames.items() if k == kind}
            gone = [i for i in old_items if i not in new_items and (kind, i) not in renames]
            arrived = [i for i in new_items if i not in old_items and i not in taken]
            for new_id in arrived:
                for old_id in getattr(new_items[new_id], "previous_ids", None) or []:
                    if old_id in gone and (kind, old_id) not in renames:
                        renames[(kind, old_id)] = new_id
                        taken.add(new_id)
                        break
            by_content: dict[str, list[str]] = {}
            for new_id in arrived:
                if new_id not in taken:
                    by_content.setdefault(_key(content(new_items[new_id], {}, _NOT_CONTENT)), []).append(new_id)
            for old_id in gone:
                if (kind, old_id) in renames:
                    continue
                same = by_content.get(_key(content(old_items[old_id], renames, _NOT_CONTENT)))
                if same:
                    renames[(kind, old_id)] = same.pop(0)
    return dict(sorted(renames.items()))


def line_of_sight(fw: Framework, role: Role) -> set[str]:
    """The objectives a role's measures show progress on: what it can see its work move."""
    return {o for rm in role.measures if rm.measure in fw.measures for o in fw.measures[rm.measure].objectives}


def list_changes(old: list[str], new: list[str]) -> list[tuple[str | None, str | None]]:
    """(old, new) for each entry removed (new None), added (old None) or reworded (both) from `old` to `new`.

    A removed and an added entry that read alike are paired as a rewording, closest first.
    """
    removed = [x for x in old if x not in new]
    added = [x for x in new if x not in old]
    pairs: dict[str, str] = {}
    for gone in removed:
        best, score = None, REWORDED
        for candidate in added:
            if candidate in pairs.values():
                continue
            ratio = difflib.SequenceMatcher(None, gone, candidate, autojunk=False).ratio()
            if ratio >= score:
                best, score = candidate, ratio
        if best is not None:
            pairs[gone] = best
    paired = set(pairs.values())
    out: list[tuple[str | None, str | None]] = [(g, pairs.get(g)) for g in removed]
    out += [(None, a) for a in added if a not in paired]
    return out


class _Differ:
    def __init__(self, base: Framework, head: Framework) -> None:
        self.base, self.head = base, head
        self.renames = find_renames(base, head)
        self.changes: list[Change] = []
        self.held_base = {self.new_id("measure", m): [self.new_id("role", r.id) for r in roles]
                          for m, roles in base.roles_by_measure.items()}

    # --- helpers ----------------------------------------------------------------------------

    def new_id(self, kind: str, old_id: str) -> str:
        return self.renames.get((kind, old_id), old_id)

    def old_item(self, kind: str, collection: str, new_id: str) -> Any:
        """The BASE item HEAD's `new_id` was (itself, or what it was renamed from), None if it is new."""
        old_items = _items(self.base, collection)
        for (k, old), new in self.renames.items():
            if k == kind and new == new_id:
                return old_items.get(old)
        return old_items.get(new_id) if (kind, new_id) not in self.renames else None

    def norm(self, node: Node, key: str) -> Any:
        """BASE's value of `key`, references read as HEAD names them."""
        return _value(getattr(node, key), introspect.field(type(node), key), self.renames)

    @staticmethod
    def at(node: Node | None, key: str | None = None, index: int | None = None) -> Location | None:
        src = node.src if node is not None else None
        return Location(src.file, *src.of(key, index)) if src is not None else None

    def add(self, scope: str, item: Any, aspect: str, *, old: Any = None, new: Any = None, level: str | None = None,
            subject: str | None = None, affects: Iterable[str] = (), related: Iterable[str] = (),
            where: Location | None = None, item_id: str | None = None) -> None:
        name = getattr(item, "name", None) or getattr(item, "id", "")
        self.changes.append(Change(scope, item_id or getattr(item, "id", scope), name, aspect, level, old, new,
                                   tuple(dict.fromkeys(affects)), subject, tuple(related), where))

    def fields(self, scope: str, old: Node, new: Node, keys: Iterable[str], affects: Iterable[str] = (),
               rippling: Iterable[str] = ()) -> None:
        """One change for each of `keys` whose value differs (rippling ones go to `affects`)."""
        ripple = set(rippling)
        for key in keys:
            before, after = self.norm(old, key), _value(getattr(new, key), introspect.field(type(new), key), {})
            if before != after:
                self.add(scope, new, key, old=before, new=after, where=self.at(new, key),
                         affects=affects if key in ripple or not ripple else ())
        self.visibility(scope, old, new, affects)

    def visibility(self, scope: str, old: Any, new: Any, affects: Iterable[str] = ()) -> None:
        """An audience change, for items that have one (`visibility`, when the model declares it)."""
        before, after = getattr(old, "visibility", None), getattr(new, "visibility", None)
        before, after = (v.value if isinstance(v, Enum) else v for v in (before, after))
        if before != after:
            self.add(scope, new, "visibility", old=before, new=after, affects=affects, where=self.at(new, "visibility"))

    def texts(self, scope: str, item: Any, aspect: str, old: list[str], new: list[str], *, level: str | None = None,
              subject: str | None = None, affects: Iterable[str] = (), node: Node | None = None, key: str = "") -> None:
        """Entries of a list of texts added, removed or reworded, one change each."""
        for before, after in list_changes(old, new):
            index = new.index(after) if after is not None and node is not None else None
            where = self.at(node, key, index) if node is not None else None
            self.add(scope, item, aspect, old=before, new=after, level=level, subject=subject, affects=affects,
                     where=where)

    def pairs(self, kind: str, collection: str) -> Iterator[tuple[Any, Any]]:
        """(BASE item, HEAD item) of a kind: renames and additions (BASE None) in HEAD's order,
        removals (HEAD None) after them in BASE's; a rename is reported here."""
        new_items = _items(self.head, collection)
        renamed_to = {new: old for (k, old), new in self.renames.items() if k == kind}
        for new_id in sorted(new_items) if kind not in ("level", "principle") else new_items:
            new = new_items[new_id]
            old = self.old_item(kind, collection, new_id)
            if new_id in renamed_to and old is not None:
                self.add(kind, new, "renamed", old=renamed_to[new_id], new=new_id, where=self.at(new, "id"),
                         affects=self.rename_affects(kind, new_id))
            yield old, new
        for old_id, old in _items(self.base, collection).items():
            if old_id not in new_items and (kind, old_id) not in self.renames:
                yield old, None

    def rename_affects(self, kind: str, new_id: str) -> list[str]:
        """Roles whose pages name a renamed item: the role itself, or the roles held to, asked or led by it."""
        head = self.head
        if kind == "role":
            return [new_id]
        if kind == "measure":
            return sorted(r.id for r in head.roles_by_measure.get(new_id, []))
        if kind == "objective":
            return sorted({r.id for m in head.measures_by_objective.get(new_id, []) for r in head.roles_by_measure.get(m.id, [])})
        if kind == "value":
            return sorted(r.id for r in head.roles_by_value.get(new_id, []))
        if kind == "function":
            return sorted(r.id for r in head.roles_by_function.get(new_id, []))
        return []

    # --- kinds ------------------------------------------------------------------------------

    def run(self) -> list[Change]:
        self.organisation()
        self.simple("pillar", "pillars", ("name", "description"))
        self.simple("principle", "principles", ("name", "summary", "in_practice", "max_activity_share"))
        self.simple("level", "levels", ("name", "summary"))
        themes.definitions(self)
        self.level_tracks()
        self.rhythms()
        self.values()
        self.objectives()
        self.functions()
        self.measures()
        self.roles()
        reached: dict[str, set[str]] = {}
        for c in self.changes:
            if c.scope == "role" and c.aspect == "target" and c.subject:
                reached.setdefault(c.subject, set()).add(c.item_id)
        self.changes = [replace(c, affects=tuple(sorted(reached.get(c.item_id, ()))))
                        if c.scope == "measure" and c.aspect == "target" else c for c in self.changes]
        return self.changes

    def organisation(self) -> None:
        old, new = self.base.organisation, self.head.organisation
        for key in ("name", "mission", "about", "locale", "currency"):
            if self.norm(old, key) != getattr(new, key):
                self.add("organisation", new, key, old=self.norm(old, key), new=getattr(new, key),
                         where=self.at(new, key), item_id="organisation")
        before, after = content(old.commitment, self.renames), content(new.commitment, {})
        for key in after:
            if before.get(key) != after[key]:
                self.add("organisation", new, "commitment", subject=key, old=before.get(key), new=after[key],
                         where=self.at(new.commitment, key), item_id="organisation")

    def simple(self, kind: str, collection: str, keys: tuple[str, ...], affects_of: Callable[[Any, Any], list[str]] | None = None) -> None:
        for old, new in self.pairs(kind, collection):
            affects = affects_of(old, new) if affects_of else ()
            if old is None:
                self.add(kind, new, "added", new=new.id, where=self.at(new), affects=affects)
            elif new is None:
                self.add(kind, old, "removed", old=old.id, affects=affects)
            else:
                self.fields(kind, old, new, keys, affects)

    def level_tracks(self) -> None:
        """A level moved to another track (or made shared): the roles that describe it climb a different path."""
        for new_id, new in self.head.levels.items():
            old = self.old_item("level", "levels", new_id)
            if old is not None and old.track != new.track:
                roles = sorted(r.id for r in self.head.roles.values() if any(rl.level == new_id for rl in r.levels))
                self.add("level", new, "track", old=old.track, new=new.track, affects=roles,
                         where=self.at(new, "track") if new.track else self.at(new))

    def rhythms(self) -> None:
        def takers(old: Any, new: Any) -> list[str]:
            ids = [r.id for r in self.head.roles.values() if new is not None and new.id in r.feedback]
            if old is not None:
                ids += [self.new_id("role", r.id) for r in self.base.roles.values() if old.id in r.feedback]
            return sorted(set(ids))

        self.simple("feedback rhythm", "rhythms", ("name", "cadence", "purpose", "participants", "prepared_by",
                                                   "run_by", "upward", "reviews"), takers)

    def values(self) -> None:
        for old, new in self.pairs("value", "values"):
            naming = self.naming_roles(old, new)
            if old is None:
                self.add("value", new, "added", new=new.id, where=self.at(new))
                continue
            if new is None:
                self.add("value", old, "removed", old=old.id, affects=naming)
                continue
            self.fields("value", old, new, ("name", "statement"))
            before = {b.id: b for b in old.behaviours}
            after = {b.id: b for b in new.behaviours}
            for i, (bid, behaviour) in enumerate(after.items()):
                asked = self.asking(old, new, bid)
                was = before.get(bid)
                if was is None:
                    self.add("value", new, "behaviour", subject=bid, new=behaviour.looks_like, affects=asked,
                             where=self.at(new, "behaviours", i))
                    continue
                for key in ("looks_like", "not_like"):
                    if getattr(was, key) != getattr(behaviour, key):
                        self.add("value", new, f"behaviour {key.replace('_', ' ')}", subject=bid, old=getattr(was, key),
                                 new=getattr(behaviour, key), affects=asked, where=self.at(behaviour, key))
            for bid, was in before.items():
                if bid not in after:
                    self.add("value", new, "behaviour", subject=bid, old=was.looks_like, affects=self.asking(old, new, bid))

    def naming_roles(self, old: Any, new: Any) -> list[str]:
        ids = [r.id for r in self.head.roles_by_value.get(new.id, [])] if new is not None else []
        if old is not None:
            ids += [self.new_id("role", r.id) for r in self.base.roles_by_value.get(old.id, [])]
        return sorted(set(ids))

    def asking(self, old: Any, new: Any, behaviour_id: str) -> list[str]:
        """Roles asked to show one behaviour of a value, on either side."""
        ids = set()
        for fw, value, rename in ((self.head, new, False), (self.base, old, True)):
            for role in fw.roles_by_value.get(value.id, []):
                for rv in role.values:
                    if rv.value == value.id and any(b.id == behaviour_id for b in fw.behaviours_asked(rv)):
                        ids.add(self.new_id("role", role.id) if rename else role.id)
        return sorted(ids)

    def objectives(self) -> None:
        for old, new in self.pairs("objective", "objectives"):
            if old is None:
                self.add("objective", new, "added", new=new.id, where=self.at(new))
            elif new is None:
                measures = sorted(self.new_id("measure", m.id) for m in self.base.measures_by_objective.get(old.id, []))
                blind = [r for r, lost in self.lost_sight.items() if old.id in lost]
                self.add("objective", old, "removed", old=old.id, related=measures, affects=blind)
            else:
                self.fields("objective", old, new, ("name", "description", "pillar", "parent", "owner", "horizon"))
                self.keyed("objective", new, "key result", old.key_results, new.key_results, "measure", "measure",
                           ("target", "by"))

    def functions(self) -> None:
        for old, new in self.pairs("function", "functions"):
            if old is None:
                self.add("function", new, "added", new=new.id, where=self.at(new))
            elif new is None:
                self.add("function", old, "removed", old=old.id)
            else:
                self.fields("function", old, new, ("name", "purpose", "leader"))
                self.texts("function", new, "accountabilities", [a.statement for a in old.accountabilities],
                           [a.statement for a in new.accountabilities], node=new, key="accountabilities")
                before = {a.statement: self.norm(a, "objectives") for a in old.accountabilities}
                for a in new.accountabilities:
                    if a.statement in before and before[a.statement] != a.objectives:
                        self.add("function", new, "accountability objectives", subject=a.statement,
                                 old=before[a.statement], new=list(a.objectives), where=self.at(a, "objectives"))
                self.keyed("function", new, "handoff", old.handoffs, new.handoffs, "to", "function", ("what", "measures"))

    def measures(self) -> None:
        keys = ("name", "definition", "formula", "unit", "period", "direction", "target", "frequency", "source", "owner",
                "objectives", "kind", "timing", "why", "scope", "parent", "key", "health", "abbreviations", "synonyms")
        for old, new in self.pairs("measure", "measures"):
            if old is None:
                self.add("measure", new, "added", new=new.id, where=self.at(new))
            elif new is None:
                self.add("measure", old, "removed", old=old.id, affects=self.held_base.get(old.id, []))
            else:
                held = sorted({*(r.id for r in self.head.roles_by_measure.get(new.id, [])), *self.held_base.get(new.id, [])})
                self.fields("measure", old, new, keys, held, RIPPLING)

    def keyed(self, scope: str, item: Any, aspect: str, old: list[Node], new: list[Node], key: str, kind: str,
              facts: tuple[str, ...]) -> None:
        """Entries of a list keyed by the item they name (an objective's key results by measure, a
        function's hand-offs by the function they go to): one change per entry added, removed or changed,
        its facts as plain values."""
        def plain(entry: Node, renames: Renames) -> dict[str, Any]:
            values = {f: _plain(_value(getattr(entry, f), introspect.field(type(entry), f), renames)) for f in facts}
            return {f: v.isoformat() if hasattr(v, "isoformat") else v for f, v in values.items()}
        before = {self.new_id(kind, getattr(e, key)): plain(e, self.renames) for e in old}
        after = {getattr(e, key): (plain(e, {}), i) for i, e in enumerate(new)}
        for ident, (facts_now, i) in after.items():
            if before.get(ident) != facts_now:
                self.add(scope, item, aspect, subject=ident, old=before.get(ident), new=facts_now,
                         where=self.at(item, f"{aspect.replace(' ', '_')}s", i))
        for ident, facts_then in before.items():
            if ident not in after:
                self.add(scope, item, aspect, subject=ident, old=facts_then)

    # --- roles ------------------------------------------------------------------------------

    def roles(self) -> None:
        for old, new in self.pairs("role", "roles"):
            if old is None:
                self.add("role", new, "added", new=new.id, affects=[new.id], where=self.at(new))
            elif new is None:
                self.add("role", old, "removed", old=old.id, affects=[old.id])
            else:
                self.role(old, new)
            lost = self.lost_sight.get(new.id if new is not None else old.id)
            if lost and new is not None:
                self.add("role", new, "line of sight", old=list(lost), affects=[new.id], where=self.at(new, "measures"))

    def role(self, old: Role, new: Role) -> None:
        me = [new.id]
        self.fields("role", old, new, ("name", "function", "reports_to", "purpose", "abbreviations", "synonyms"), me)
        ladder_before, ladder_after = self.base.ladder_of(old).ident, self.head.ladder_of(new).ident
        if ladder_before != ladder_after:  # its own `ladder:` or its function's: the levels it is measured against
            self.add("role", new, "ladder", old=ladder_before, new=ladder_after, affects=me,
                     where=self.at(new, "ladder") if new.ladder else self.at(new, "function"))
        if old.track != new.track:
            self.add("role", new, "track", old=old.track, new=new.track, affects=me,
                     where=self.at(new, "track") if new.track else self.at(new))
        self.texts("role", new, "responsibilities", old.responsibilities, new.responsibilities, affects=me,
                   node=new, key="responsibilities")
        old_levels = {self.new_id("level", rl.level): rl for rl in old.levels}
        new_levels = {rl.level: rl for rl in new.levels}
        ladder = [lid for lid in self.head.levels if lid in new_levels or lid in old_levels]
        ladder += [lid for lid in [*new_levels, *old_levels] if lid not in ladder]
        for lid in ladder:
            self.role_level(new, lid, old_levels.get(lid), new_levels.get(lid))
        self.role_measures(old, new, old_levels, new_levels)
        self.role_values(old, new)
        self.texts("role", new, "development", old.development, new.development, affects=me, node=new, key="development")
        before = [self.new_id("feedback rhythm", r) for r in old.feedback]
        for i, rhythm in enumerate(new.feedback):
            if rhythm not in before:
                self.add("role", new, "feedback", new=rhythm, affects=me, where=self.at(new, "feedback", i))
        for rhythm in before:
            if rhythm not in new.feedback:
                self.add("role", new, "feedback", old=rhythm, affects=me, where=self.at(new, "feedback"))
        paths_before = [self.new_id("role", r) for r in old.moves_to]
        for i, target in enumerate(new.moves_to):
            if target not in paths_before:
                self.add("role", new, "moves to", new=target, affects=me, where=self.at(new, "moves_to", i))
        for target in paths_before:
            if target not in new.moves_to:
                self.add("role", new, "moves to", old=target, affects=me, where=self.at(new, "moves_to"))
        for side in ("employee", "manager"):
            was = getattr(old.partnership, side) if old.partnership else []
            now = getattr(new.partnership, side) if new.partnership else []
            self.texts("role", new, "partnership", was, now, subject=side, affects=me,
                       node=new.partnership, key=side)

    def role_level(self, role: Role, lid: str, old: RoleLevel | None, new: RoleLevel | None) -> None:
        me = [role.id]
        if old is None or new is None:
            self.add("role", role, "level", level=lid, old=None if old is None else lid, new=None if new is None else lid,
                     affects=me, where=self.at(new) if new is not None else self.at(role, "levels"))
            return
        if old.title != new.title:
            self.add("role", role, "title", level=lid, old=old.title, new=new.title, affects=me, where=self.at(new, "title"))
        themes.role_level(self, role, lid, old, new)

    def role_measures(self, old: Role, new: Role, old_levels: dict[str, RoleLevel], new_levels: dict[str, RoleLevel]) -> None:
        me = [new.id]
        before = {self.new_id("measure", rm.measure): rm for rm in old.measures}
        after = {rm.measure: rm for rm in new.measures}
        for i, (mid, rm) in enumerate(after.items()):
            was = before.get(mid)
            if was is None:
                self.add("role", new, "measure", subject=mid, new=mid, affects=me, where=self.at(new, "measures", i))
                continue
            if was.weight != rm.weight:
                self.add("role", new, "weight", subject=mid, old=was.weight, new=rm.weight, affects=me,
                         where=self.at(rm, "weight"))
            levels: list[str | None] = [lid for lid in new_levels if lid in old_levels] or [None]
            for lid in levels:
                base_level = None if lid is None else old_levels[lid].level
                target_before = self.base.target(old, was.measure, base_level)
                target_after = self.head.target(new, mid, lid)
                if target_before != target_after:
                    self.add("role", new, "target", level=lid, subject=mid, old=target_before, new=target_after,
                             affects=me, where=self.target_at(new, rm, lid))
        for mid, was in before.items():
            if mid not in after:
                self.add("role", new, "measure", subject=mid, old=mid, affects=me, where=self.at(new, "measures"))

    def target_at(self, role: Role, rm: Any, level_id: str | None) -> Location | None:
        """Where HEAD decides a role's target: the level's own entry, else the role's, else the measure's."""
        for rl in role.levels:
            if rl.level == level_id:
                for t in rl.targets:
                    if t.measure == rm.measure:
                        return self.at(t, "target")
        if rm.target is not None:
            return self.at(rm, "target")
        measure = self.head.measures.get(rm.measure)
        return self.at(measure, "target") if measure is not None else None

    def role_values(self, old: Role, new: Role) -> None:
        me = [new.id]
        before = {self.new_id("value", rv.value): rv for rv in old.values}
        after = {rv.value: rv for rv in new.values}
        for i, (vid, rv) in enumerate(after.items()):
            was = before.get(vid)
            if was is None:
                self.add("role", new, "value", subject=vid, new=vid, affects=me, where=self.at(new, "values", i))
                continue
            asked_before = [b.id for b in self.base.behaviours_asked(was)]
            asked_after = [b.id for b in self.head.behaviours_asked(rv)]
            if asked_before != asked_after:
                self.add("role", new, "behaviours", subject=vid, old=asked_before, new=asked_after, affects=me,
                         where=self.at(rv, "behaviours"))
        for vid in before:
            if vid not in after:
                self.add("role", new, "value", subject=vid, old=vid, affects=me, where=self.at(new, "values"))

    # --- line of sight ------------------------------------------------------------------------

    @property
    def lost_sight(self) -> dict[str, tuple[str, ...]]:
        if not hasattr(self, "_lost"):
            lost: dict[str, tuple[str, ...]] = {}
            for old_role in self.base.roles.values():
                rid = self.new_id("role", old_role.id)
                seen = {self.new_id("objective", o) for o in line_of_sight(self.base, old_role)}
                new_role = self.head.roles.get(rid)
                now = line_of_sight(self.head, new_role) if new_role is not None else set()
                if new_role is not None and seen - now:
                    lost[rid] = tuple(sorted(seen - now))
            self._lost = dict(sorted(lost.items()))
        return self._lost


def _root(result: CheckResult) -> str:
    """The framework folder as the side's findings name it (what precedes `organisation.yml`)."""
    org = result.framework.organisation if result.framework else None
    file = org.src.file if org is not None and org.src is not None else ""
    return file[: len(file) - len(file.rsplit("/", 1)[-1])]


def _findings(result: CheckResult) -> dict[tuple[str, str, str], Diagnostic]:
    """Alignment findings by (code, file inside the framework, message): their lines may move."""
    root = _root(result)
    return {(d.code, d.location.file.removeprefix(root), d.message): d
            for d in result.diagnostics if d.code is not None}


def diff_frameworks(base: CheckResult, head: CheckResult) -> FrameworkDiff:
    """Every change from BASE to HEAD, both checked (`CheckResult.framework` set on each side)."""
    if base.framework is None or head.framework is None:
        raise ValueError("both sides must load before they can be compared; report their errors instead")
    differ = _Differ(base.framework, head.framework)
    changes = differ.run()
    before, after = _findings(base), _findings(head)
    return FrameworkDiff(
        changes, differ.renames,
        introduced=[d for k, d in after.items() if k not in before],
        resolved=[d for k, d in before.items() if k not in after],
        base=base.framework, head=head.framework, lost_sight=differ.lost_sight)
