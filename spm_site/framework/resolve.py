"""Join the validated files into one framework graph, checking every id and reference.

References in YAML are typed ids: `owner: sales` on a measure must name a function. The model
says so on the field (`Refers`); here every node is walked once (`introspect`) and each reference
looked up in the index of its kind; what does not exist is reported with a suggestion.
The result also carries the reverse links (which roles are held to a measure, which measures
track an objective) so that rules and templates never recompute them. The documents are only
read, never changed: resolving the same documents twice gives the same answer.

Every item's references are checked, a duplicate's too, so that fixing one error never uncovers
another. Ids that the build could not give a page of their own (`RESERVED_IDS`) are errors here,
and ids or names that look alike are warnings, found by bucketing folded forms in linear time.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator, TypeVar

from ..characters import id_skeleton, name_skeleton
from ..diagnostics import Diagnostic, Location, Severity, has_errors
from .documents import Documents
from . import career_paths, competencies, former_ids, introspect, ladders
from .numbers import Numbers
from .kinds import ITEM_KINDS
from .model import (
    Behaviour,
    Function,
    Item,
    Ladder as LadderItem,
    Level,
    Measure,
    Node,
    Objective,
    Organisation,
    Pillar,
    Principle,
    Proficiency,
    Refers,
    RetiredItem,
    Rhythm,
    Role,
    RoleMeasure,
    RoleValue,
    Theme,
    Track,
    Value,
)

T = TypeVar("T")

#: What `Framework.target` answers: a number, the target in words, or None when none is stated.
TargetValue = float | str | None


def is_number(target: object) -> bool:
    """Whether a target is a number, which can be compared with another (words cannot)."""
    return isinstance(target, (int, float)) and not isinstance(target, bool)


@dataclass
class Framework:
    """The resolved framework: every item by id, plus the links between them."""

    organisation: Organisation
    pillars: dict[str, Pillar]
    principles: list[Principle]
    levels: dict[str, Level]
    rhythms: dict[str, Rhythm]
    values: dict[str, Value]
    objectives: dict[str, Objective]
    functions: dict[str, Function]
    roles: dict[str, Role]
    measures: dict[str, Measure]
    #: The audience the framework was filtered for (`audience.filter_framework`); None: not filtered.
    audience: str | None = None
    #: What a filtered framework leaves out, counted by (kind, id) of the item that points at it and
    #: by what it points with (`measures`, `roles_by_measure`, ...), so that pages can say so.
    omitted: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    #: Sensitive fields a filtered framework leaves out, as (kind, id, field).
    redacted: set[tuple[str, str, str]] = field(default_factory=set)
    objectives_by_pillar: dict[str, list[Objective]] = field(default_factory=dict)
    children: dict[str, list[Objective]] = field(default_factory=dict)
    measures_by_objective: dict[str, list[Measure]] = field(default_factory=dict)
    functions_by_objective: dict[str, list[Function]] = field(default_factory=dict)
    roles_by_measure: dict[str, list[Role]] = field(default_factory=dict)
    roles_by_function: dict[str, list[Role]] = field(default_factory=dict)
    measures_by_function: dict[str, list[Measure]] = field(default_factory=dict)
    roles_by_value: dict[str, list[Role]] = field(default_factory=dict)
    reports: dict[str, list[Role]] = field(default_factory=dict)
    #: Career paths backwards: the roles whose `moves_to` names a role (where people come from), by its id.
    moves_from: dict[str, list[Role]] = field(default_factory=dict)
    #: The indicators that roll up to a measure (their `parent:`), by the parent's id.
    measures_by_parent: dict[str, list[Measure]] = field(default_factory=dict)
    #: Items that no longer exist, from retired.yml: their old pages say what became of them.
    retired: list[RetiredItem] = field(default_factory=list)
    #: competencies.yml: the themes, the proficiency scale (lowest first) and whether expectations are
    #: cumulative (None: the framework does not say).
    themes: dict[str, Theme] = field(default_factory=dict)
    scale: dict[str, Proficiency] = field(default_factory=dict)
    cumulative: bool | None = None
    #: The tracks of levels.yml, and the job families' own ladders (their levels are in `levels` too).
    tracks: dict[str, Track] = field(default_factory=dict)
    ladders: dict[str, LadderItem] = field(default_factory=dict)
    #: The ladder (id; None: the shared one) of each role, decided when resolved: it stays the role's
    #: ladder for an audience that may not see the role's function.
    role_ladders: dict[str, str | None] = field(default_factory=dict)

    @property
    def numbers(self) -> Numbers:
        """How this organisation writes numbers (its `locale` and `currency`): the one formatter for pages and diffs."""
        org = self.organisation
        return Numbers(org.locale or Numbers.locale, org.currency)

    def ladder_of(self, role: Role) -> ladders.Ladder:
        """The ladder `role` climbs (its own, else its function's, else the shared one), with the levels
        this framework holds: the one answer every page and rule asks for."""
        ident = self.role_ladders[role.id] if role.id in self.role_ladders else ladders.ladder_id(role, self.functions)
        if ident is not None and ident in self.ladders:
            return ladders.family(self.ladders[ident], self.levels, self.tracks)
        return ladders.shared(self.levels, self.ladders, self.tracks)

    def all_ladders(self) -> list[ladders.Ladder]:
        """Every ladder with a level: the shared one first, then the job families' in file order."""
        out = [ladders.shared(self.levels, self.ladders, self.tracks)]
        out += [ladders.family(item, self.levels, self.tracks) for item in self.ladders.values()]
        return [ladder for ladder in out if ladder.levels]

    def not_shown(self, kind: str, ident: str, what: str) -> int:
        """How many `what` of item `ident` this framework's audience may not see."""
        return self.omitted.get((kind, ident), {}).get(what, 0)

    def behaviours_asked(self, role_value: RoleValue) -> list[Behaviour]:
        """The behaviours a role is asked to show of a value: those it names, else all of them."""
        value = self.values[role_value.value]
        named = set(role_value.behaviours)
        return [b for b in value.behaviours if not named or b.id in named]

    def why_held(self, role_measure: RoleMeasure) -> str | None:
        """Why a role is held to a measure: the role's own reason, else the measure's."""
        return role_measure.why or self.measures[role_measure.measure].why

    def items(self) -> Iterator[tuple[str, Item]]:
        """Every item that has a page of its own, as (kind, item), kind by kind in the table's order.

        The one list of "every item": pages, waivers, review dates and links all walk it.
        """
        for kind in ITEM_KINDS:
            if kind.section:
                for item in getattr(self, kind.collection).values():
                    yield kind.name, item

    def target(self, role: Role, measure_id: str, level_id: str | None = None) -> TargetValue:
        """The target `role` is held to on a measure, at a level or for the role as a whole.

        The one place this is decided: a level's own target, else the role's, else the measure's
        default. Every page that shows a role's target asks here, so no two pages can disagree.
        A target may be a number or words ("TBD"): only `is_number` targets are compared.
        """
        if ("role", role.id, "targets") in self.redacted:
            return None  # not the measure's default either: it is not this role's target
        if level_id is not None:
            for role_level in role.levels:
                if role_level.level == level_id:
                    for t in role_level.targets:
                        if t.measure == measure_id:
                            return t.target
        for rm in role.measures:
            if rm.measure == measure_id and rm.target is not None:
                return rm.target
        measure = self.measures.get(measure_id)
        return measure.target if measure else None

    def objective_roots(self, pillar_id: str) -> list[Objective]:
        """Objectives of a pillar whose parent, if any, sits under another pillar: the tops of its trees."""
        return [o for o in self.objectives_by_pillar.get(pillar_id, [])
                if o.parent is None or self.objectives[o.parent].pillar != pillar_id]

    def rhythms_of(self, role: Role) -> list[Rhythm]:
        """The role's conversations, most frequent first."""
        return sorted((self.rhythms[r] for r in role.feedback), key=lambda r: -r.cadence.per_year)


#: Kinds that get a page per item, at `<section>/<id>.md` (render.SECTIONS), beside their own index
#: page `<section>/index.md` (render.Renderer.pages): an item with one of these ids would replace it.
PAGED_KINDS = ("value", "objective", "function", "role", "measure")
RESERVED_IDS = frozenset({"index"})


class _Resolver:
    def __init__(self, docs: Documents) -> None:
        self.docs = docs
        self.problems: list[Diagnostic] = []
        #: Kinds whose ids are not all known: `docs.unreadable_kinds`, plus pillars with no organisation.
        self.unreadable_kinds = set(docs.unreadable_kinds) | (set() if docs.organisation else {"pillar"})

    def at(self, node: Node, key: str | None = None, index: int | None = None) -> Location:
        src = node.src
        if src is None:  # pragma: no cover - every node comes from a file
            return Location("?")
        return Location(src.file, *src.of(key, index))

    def index(self, kind: str, items: Iterable[T], key: str | None = None, owner: Node | None = None) -> dict[str, T]:
        """Items by id; a second item with the same id is an error where it is defined."""
        out: dict[str, T] = {}
        ids: dict[str, T] = {}
        names: dict[str, T] = {}
        for i, item in enumerate(items):
            ident = item.id  # type: ignore[attr-defined]
            if ident in out:
                first = out[ident].src  # type: ignore[attr-defined]
                where = self.at(owner, key, i) if owner and key else self.at(item, "id")  # type: ignore[arg-type]
                self.problems.append(Diagnostic(
                    where, "duplicate-id",
                    f"{kind} id '{ident}' is already used in {first.file}:{first.of('id')[0]}" if first else f"{kind} id '{ident}' is used twice",
                    hint="ids must be unique: rename one of them",
                ))
                continue
            out[ident] = item
            self.look_alike(kind, item, ids, id_skeleton(ident), "id")
            name = getattr(item, "name", None)
            if name is not None:
                self.look_alike(kind, item, names, name_skeleton(name), "name")
        return out

    def look_alike(self, kind: str, item: T, seen: dict[str, T], skeleton: str, key: str) -> None:
        """Warn when `item`'s id or name folds to the same form as an earlier item's of its kind."""
        other = seen.setdefault(skeleton, item)
        if other is item:
            return
        mine, theirs = getattr(item, key), getattr(other, key)
        src = other.src  # type: ignore[attr-defined]
        where = f" ({src.file}:{src.of(key)[0]})" if src else ""
        same = "is the same as" if mine == theirs else "looks like"
        self.problems.append(Diagnostic(
            self.at(item, key), "look-alike",  # type: ignore[arg-type]
            f"{kind} {key} '{mine}' {same} the {key} '{theirs}' of {kind} '{other.id}'{where}",  # type: ignore[attr-defined]
            hint="readers cannot tell the two apart: make them differ visibly"
            + (" (0 and o, 1, l and i, rn and m, vv and w read alike)" if key == "id" else ""),
            severity=Severity.WARNING,
        ))

    def reserved(self, kind: str, items: Iterable[Node]) -> None:
        """An item whose page would take the place of a page the build makes itself."""
        for item in items:
            ident = item.id  # type: ignore[attr-defined]
            if ident in RESERVED_IDS:
                self.problems.append(Diagnostic(
                    self.at(item, "id"), "reserved-id",
                    f"{kind} id '{ident}' is reserved: its page would replace the page that lists every {kind}",
                    hint="choose another id (for a file of its own, rename the file)",
                ))

    def ref(self, node: Node, key: str, target: str | None, kind: str, known: dict, index: int | None = None) -> bool:
        """Check that `target` names an existing item of `kind`; report it located if not."""
        if target is None or target in known:
            return target is not None
        if target in self.docs.unreadable_ids or kind in self.unreadable_kinds:
            return False  # defined in a file that has its own errors: reported there
        close = difflib.get_close_matches(target, list(known), n=1, cutoff=0.6)
        suggestion = f" (did you mean '{close[0]}'?)" if close else ""
        self.problems.append(Diagnostic(
            self.at(node, key, index), "unknown-reference",
            f"{kind} '{target}' does not exist{suggestion}",
            hint=f"use the id of an existing {kind}" + (f"; there are {len(known)} to choose from" if known else f"; no {kind} is defined yet"),
        ))
        return False

    def refs(self, node: Node, key: str, targets: list[str], kind: str, known: dict) -> None:
        for i, target in enumerate(targets):
            self.ref(node, key, target, kind, known, index=i)

    def check(self, node: Node, indexes: dict[str, dict], scoped: dict[str, dict[str, dict]]) -> None:
        """Check every reference `node` and the mappings inside it hold, as their fields declare."""
        for spec in introspect.fields(type(node)):
            value = getattr(node, spec.key)
            if spec.refers:
                self.check_ref(node, spec.key, value, spec.refers, indexes, scoped)
            elif spec.model and value is not None:
                for child in value if spec.many else [value]:
                    if isinstance(child, Node):  # not the plain texts of a text-or-mapping list
                        self.check(child, indexes, scoped)

    def check_ref(self, node: Node, key: str, value: str | list[str] | None, refers: Refers,
                  indexes: dict[str, dict], scoped: dict[str, dict[str, dict]]) -> None:
        """One reference field: its ids against the index of its kind, or of the item it lies within."""
        if refers.within:
            owner = getattr(node, refers.within)
            if owner not in scoped[refers.kind]:
                return  # the owner itself is unknown: reported on its own field
            owner_kind = introspect.field(type(node), refers.within).refers.kind  # type: ignore[union-attr]
            kind, known = f"{refers.kind} of {owner_kind} '{owner}'", scoped[refers.kind][owner]
        else:
            kind, known = refers.kind, indexes[refers.kind]
        if isinstance(value, list):
            self.refs(node, key, value, kind, known)
        else:
            self.ref(node, key, value, kind, known)

    def cycle(self, kind: str, items: dict[str, T], parent_of, key: str) -> None:  # noqa: ANN001
        """Report each chain of parents that comes back to where it started, once."""
        reported: set[str] = set()
        for start in items:
            seen: list[str] = []
            current: str | None = start
            while current is not None and current in items and current not in seen:
                seen.append(current)
                current = parent_of(items[current])
            if current is not None and current in seen and current == start and not reported & set(seen):
                reported |= set(seen)
                chain = " → ".join([*seen, start])
                self.problems.append(Diagnostic(
                    self.at(items[start], key), "cycle", f"{kind} chain goes round in a circle: {chain}",
                    hint=f"one of these must point to a {kind} outside the circle, or to none",
                ))


def _group(pairs: Iterable[tuple[str, T]]) -> dict[str, list[T]]:
    out: dict[str, list[T]] = defaultdict(list)
    for k, v in pairs:
        out[k].append(v)
    return dict(out)


def resolve(docs: Documents) -> tuple[Framework | None, list[Diagnostic]]:
    """Index every item, check every reference, and derive the reverse links."""
    r = _Resolver(docs)
    org = docs.organisation
    pillars = r.index("pillar", org.pillars if org else [], "pillars", org)
    principles = docs.principles.principles if docs.principles else []
    r.index("principle", principles, "principles", docs.principles)
    levels = r.index("level", docs.levels.levels if docs.levels else [], "levels", docs.levels)
    tracks, family, level_ladder = _ladders(r, docs, levels)
    rhythms = r.index("feedback rhythm", docs.feedback.rhythms if docs.feedback else [], "rhythms", docs.feedback)
    comp = docs.competencies
    themes = r.index("theme", comp.themes if comp else [], "themes", comp)
    scale = r.index("proficiency", comp.scale if comp else [], "scale", comp)
    values = r.index("value", sorted(docs.values, key=lambda v: v.id))
    objectives = r.index("objective", docs.objectives)
    functions = r.index("function", docs.functions)
    roles = r.index("role", docs.roles)
    every_measure = [m for group in docs.measures for m in group.measures]
    measures: dict[str, Measure] = {}
    for measure in every_measure:
        if measure.id in measures:
            first = measures[measure.id].src
            r.problems.append(Diagnostic(
                r.at(measure, "id"), "duplicate-id",
                f"measure id '{measure.id}' is already used in {first.file}:{first.of('id')[0]}" if first else "duplicate",
                hint="ids must be unique across all measure files: rename one of them"))
        else:
            measures[measure.id] = measure
    r.index("measure", measures.values())  # in file order, for look-alikes: duplicates are reported above
    measures = dict(sorted(measures.items()))
    for kind, items in (("value", docs.values), ("objective", docs.objectives), ("function", docs.functions),
                        ("role", docs.roles), ("measure", every_measure)):
        r.reserved(kind, items)

    indexes = {"pillar": pillars, "level": levels, "feedback rhythm": rhythms, "value": values,
               "theme": themes, "proficiency": scale,
               "objective": objectives, "function": functions, "role": roles, "measure": measures,
               "track": tracks, "ladder": family}
    # Items that only exist within another: a value's behaviours, by the value's id (the first of a duplicate's).
    scoped: dict[str, dict[str, dict]] = {"behaviour": {}}
    for value in docs.values:
        scoped["behaviour"].setdefault(value.id, r.index("behaviour", value.behaviours, "behaviours", value))
        competencies.check_value(r, value)
    # Every item's references, a duplicate's too (the lists, not the indexes, hold duplicates).
    for document in _documents(docs):
        r.check(document, indexes, scoped)
    r.cycle("objective parent", objectives, lambda o: o.parent, "parent")
    r.cycle("measure parent", measures, lambda m: m.parent, "parent")
    for role in docs.roles:
        _check_role(r, role, indexes)
    r.cycle("reports-to", roles, lambda x: x.reports_to, "reports_to")
    for function in docs.functions:
        for handoff in function.handoffs:
            if handoff.to == function.id:
                r.problems.append(Diagnostic(
                    r.at(handoff, "to"), "handoff-to-itself",
                    f"function '{function.id}' hands '{handoff.what}' to itself: a hand-off passes work to another function",
                    hint="name the function that receives the work under 'to:', or remove the hand-off"))
    _check_ladders(r, docs, levels, tracks, family, functions, level_ladder)
    r.problems.extend(former_ids.check(docs, indexes))

    if org is None or has_errors(r.problems):
        return None, r.problems
    fw = Framework(org, pillars, principles, levels, rhythms, *(by_name(items) for items in (
        values, objectives, functions, roles, measures)))
    fw.retired = list(docs.retired.retired) if docs.retired else []
    fw.themes, fw.scale, fw.cumulative = themes, scale, comp.cumulative if comp else None
    fw.tracks, fw.ladders = tracks, family
    fw.role_ladders = {rid: ladders.ladder_id(role, functions) for rid, role in roles.items()}
    derive_links(fw)
    return fw, r.problems


def by_name(items: dict[str, T]) -> dict[str, T]:
    """The one order of values, functions, roles and measures on every page: by name (case aside),
    then by id. Objectives too, within the tree their parents make. The order of what an item lists
    itself (a role's measures, levels, responsibilities, next roles) is the author's (AUTHORING.md)."""
    return dict(sorted(items.items(), key=lambda kv: (getattr(kv[1], "name", kv[0]).casefold(), kv[0])))


#: The reverse links `derive_links` sets, by Framework attribute: the kind of item each is keyed by,
#: and the kind of the items it lists (the audience filter counts what each loses).
REVERSE_LINKS: dict[str, tuple[str, str]] = {
    "objectives_by_pillar": ("pillar", "objective"), "children": ("objective", "objective"),
    "measures_by_objective": ("objective", "measure"), "functions_by_objective": ("objective", "function"),
    "roles_by_measure": ("measure", "role"), "roles_by_function": ("function", "role"),
    "measures_by_function": ("function", "measure"), "roles_by_value": ("value", "role"), "reports": ("role", "role"),
    "measures_by_parent": ("measure", "measure"), "moves_from": ("role", "role"),
}


def derive_links(fw: Framework) -> None:
    """Set the reverse links from the items' own references: the one derivation, used by `resolve`
    and by the audience filter (`audience.filter_framework`) on the items an audience may see."""
    objectives, functions, roles, measures = fw.objectives, fw.functions, fw.roles, fw.measures
    fw.objectives_by_pillar = _group((o.pillar, o) for o in objectives.values())
    fw.children = _group((o.parent, o) for o in objectives.values() if o.parent)
    fw.measures_by_objective = _group((oid, m) for m in measures.values() for oid in dict.fromkeys(m.objectives))
    fw.functions_by_objective = _group(
        (oid, f) for f in functions.values() for oid in dict.fromkeys(o for a in f.accountabilities for o in a.objectives))
    fw.roles_by_measure = _group((rm.measure, role) for role in roles.values() for rm in role.measures)
    fw.roles_by_function = _group((role.function, role) for role in roles.values())
    fw.measures_by_function = _group((m.owner, m) for m in measures.values() if m.owner)
    fw.roles_by_value = _group((rv.value, role) for role in roles.values() for rv in role.values)
    fw.reports = _group((role.reports_to, role) for role in roles.values() if role.reports_to)
    fw.measures_by_parent = _group((m.parent, m) for m in measures.values() if m.parent)
    fw.moves_from = _group((to, role) for role in roles.values() for to in dict.fromkeys(role.moves_to))


def _unique(r: _Resolver, items: list, key: str, message: str, hint: str) -> None:
    """Report each entry whose `key` repeats an earlier entry's."""
    seen: set[str] = set()
    for item in items:
        value = getattr(item, key)
        if value in seen:
            r.problems.append(Diagnostic(r.at(item, key), "duplicate-id", message.format(value), hint=hint))
        seen.add(value)


def _documents(docs: Documents) -> Iterator[Node]:
    """Every file's model, in a stable order."""
    for single in (docs.organisation, docs.principles, docs.levels, docs.competencies, docs.feedback):
        if single is not None:
            yield single
    yield from docs.values
    yield from docs.objectives
    yield from docs.functions
    yield from docs.roles
    yield from docs.measures


def _check_role(r: _Resolver, role: Role, indexes: dict[str, dict]) -> None:
    """What a role's references must also respect: each measure once, each level once, targets only
    on measures the role is held to."""
    held = {rm.measure for rm in role.measures}
    _unique(r, role.measures, "measure", "the role is held to measure '{}' twice", "keep one entry per measure")
    _unique(r, role.levels, "level", "level '{}' is described twice for this role", "merge the two entries")
    competencies.check_role(r, role)
    career_paths.check_role(r, role)
    for rl in role.levels:
        for t in rl.targets:
            if t.measure in indexes["measure"] and t.measure not in held:
                r.problems.append(Diagnostic(r.at(t, "measure"), "unknown-reference",
                                             f"this role is not held to measure '{t.measure}'",
                                             hint="add the measure to the role's 'measures' list, or remove this target"))


def _ladders(r: _Resolver, docs: Documents, levels: dict[str, Level]
             ) -> tuple[dict[str, Track], dict[str, LadderItem], dict[str, str | None]]:
    """Index the tracks and the job families' ladders, adding their levels to `levels` (ids are unique
    across the file); returns which ladder (None: the shared one) each level is on."""
    file = docs.levels
    if file is None:
        return {}, {}, {lid: None for lid in levels}
    if "level" in r.unreadable_kinds:
        r.unreadable_kinds |= {"track", "ladder"}
    tracks = r.index("track", file.tracks, "tracks", file)
    family = r.index("ladder", file.ladders, "ladders", file)
    level_ladder: dict[str, str | None] = {lid: None for lid in levels}
    for ladder in file.ladders:
        for i, lv in enumerate(ladder.levels):
            if lv.id in levels:
                first = levels[lv.id].src
                r.problems.append(Diagnostic(
                    r.at(ladder, "levels", i), "duplicate-id",
                    f"level id '{lv.id}' is already used in {first.file}:{first.of('id')[0]}" if first
                    else f"level id '{lv.id}' is used twice",
                    hint="level ids are unique across levels.yml, every ladder's included: rename one of them"))
                continue
            levels[lv.id] = lv
            level_ladder[lv.id] = ladder.id if family.get(ladder.id) is ladder else None
    return tracks, family, level_ladder


def _check_ladders(r: _Resolver, docs: Documents, levels: dict[str, Level], tracks: dict[str, Track],
                   family: dict[str, LadderItem], functions: dict[str, Function],
                   level_ladder: dict[str, str | None]) -> None:
    """Shared levels before track levels, and each role's levels on its own ladder (and track)."""
    if docs.levels is None:
        return
    r.problems.extend(ladders.check_file(docs.levels))
    names: dict[str | None, str] = {None: "the shared ladder"}
    names |= {lid: f"the ladder '{lid}' ({item.name})" for lid, item in family.items()}
    for role in docs.roles:
        ident = ladders.ladder_id(role, functions)
        if ident is not None and ident not in family:
            continue  # an unknown ladder: reported as an unknown reference
        ladder = ladders.family(family[ident], levels, tracks) if ident else ladders.shared(levels, family, tracks)
        r.problems.extend(ladders.check_role(role, ladder, names, level_ladder))
