"""Views of the framework that reader-facing pages need and templates should not compute.

Each function takes the resolved `Framework` and returns plain data for a template: how a role's
targets change from one level to the next, and the cascade from pillars down to roles. They are
exposed to every template as globals (see `GLOBALS`); the renderer adds the line-of-sight diagram.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import my_level, sanitize, targets, themes
from .audience_text import edition_line
from ..framework.competencies import text_of
from ..framework.ladders import Ladder
from ..framework.model import Expectation, Function, Level, Measure, Objective, Role, RoleLevel, Track
from ..framework.resolve import Framework, TargetValue, is_number
from .targets import target_text  # noqa: F401 - the one "target of role r at level l, as text"
from .target_falls import target_falls
from .labels import ENGLISH, Labels


# --- level comparison -----------------------------------------------------------------------------

@dataclass
class TargetRow:
    """One measure's target at each of a role's levels, lowest level first."""

    measure: Measure
    targets: list[TargetValue]

    def change(self, i: int) -> str:
        """`raised`, `lowered`, `changed` (a target in words on either side) or `same` from level
        i-1 to level i (`` for the first level)."""
        if i == 0:
            return ""
        before, after = self.targets[i - 1], self.targets[i]
        if before == after or before is None or after is None:
            return "same" if before == after else ""
        if not (is_number(before) and is_number(after)):
            return "changed"  # words cannot be ranked against a number, or against other words
        return "raised" if after > before else "lowered"


@dataclass
class LevelStep:
    """What changes from one level of a role to the next."""

    lower: Level
    higher: Level
    lower_role_level: RoleLevel
    higher_role_level: RoleLevel
    new_expectations: list[str | Expectation]
    kept_expectations: list[str | Expectation]
    raised: list[tuple[Measure, float | None, float | None]] = field(default_factory=list)
    lowered: list[tuple[Measure, float | None, float | None]] = field(default_factory=list)
    #: Targets that change to or from words: neither raised nor lowered.
    changed: list[tuple[Measure, TargetValue, TargetValue]] = field(default_factory=list)
    unchanged: list[tuple[Measure, TargetValue]] = field(default_factory=list)


@dataclass
class TrackComparison:
    """A role's levels along one track: the shared ones, then the track's own, compared step by step.

    `rows` run over the whole path; `steps` start at the branch (from the highest shared level to
    the track's first), since the shared steps are the same on every track.
    """

    track: Track
    levels: list[Level]
    role_levels: list[RoleLevel]
    rows: list[TargetRow]
    steps: list[LevelStep]

    @property
    def first(self) -> Level | None:
        """The track's first level the role describes: where choosing this track leads."""
        return next((lv for lv in self.levels if lv.track is not None), None)


@dataclass
class Branch:
    """Where a role's ladder branches into tracks: a choice between jobs, not a step up."""

    #: The highest shared level the role describes (None when it describes none).
    at: Level | None
    choices: list[TrackComparison]


@dataclass
class LevelComparison:
    levels: list[Level]
    role_levels: list[RoleLevel]
    rows: list[TargetRow]
    steps: list[LevelStep]
    #: Set when the role describes levels of more than one track: then `levels`, `rows` and `steps`
    #: hold the shared levels only, and each track is compared on its own.
    branch: Branch | None = None


def _targets(fw: Framework, role: Role, role_levels: list[RoleLevel]) -> tuple[list[TargetRow], list[LevelStep]]:
    """Each measure's target at each of `role_levels` (one path up the ladder), and each step's changes."""
    measures = [fw.measures[rm.measure] for rm in role.measures if rm.measure in fw.measures]
    rows = [TargetRow(m, [fw.target(role, m.id, rl.level) for rl in role_levels]) for m in measures]
    steps = []
    for i in range(1, len(role_levels)):
        lo, hi = role_levels[i - 1], role_levels[i]
        before = list(lo.expectations)  # a list: an expectation written as a mapping is not hashable
        step = LevelStep(fw.levels[lo.level], fw.levels[hi.level], lo, hi,
                         new_expectations=[e for e in hi.expectations if e not in before],
                         kept_expectations=[e for e in hi.expectations if e in before])
        for row in rows:
            change = row.change(i)
            if change == "raised":
                step.raised.append((row.measure, row.targets[i - 1], row.targets[i]))
            elif change == "lowered":
                step.lowered.append((row.measure, row.targets[i - 1], row.targets[i]))
            elif change == "changed":
                step.changed.append((row.measure, row.targets[i - 1], row.targets[i]))
            elif change == "same":
                step.unchanged.append((row.measure, row.targets[i]))
        steps.append(step)
    return rows, steps


def compare_levels(fw: Framework, role: Role) -> LevelComparison | None:
    """The role's levels in the order of its ladder, each measure's target per level, and each step's
    changes. Levels of different tracks are never compared with each other: when the role describes
    levels of several tracks, the shared levels are compared, then each track on its own, and the
    branch between them is a choice (`LevelComparison.branch`).

    None when there is nothing to compare: fewer than two levels, and no choice of track.
    """
    ladder = fw.ladder_of(role)
    order = {lv.id: i for i, lv in enumerate(ladder.levels)}
    role_levels = sorted((rl for rl in role.levels if rl.level in order), key=lambda rl: order[rl.level])
    tracks = [t for t in ladder.tracks if any(ladder.track_of(rl.level) is t for rl in role_levels)]
    if len(tracks) < 2:
        if len(role_levels) < 2:
            return None
        rows, steps = _targets(fw, role, role_levels)
        return LevelComparison([fw.levels[rl.level] for rl in role_levels], role_levels, rows, steps)
    shared = [rl for rl in role_levels if ladder.track_of(rl.level) is None]
    rows, steps = _targets(fw, role, shared)
    choices = []
    for t in tracks:
        path = shared + [rl for rl in role_levels if ladder.track_of(rl.level) is t]
        path_rows, path_steps = _targets(fw, role, path)
        choices.append(TrackComparison(t, [fw.levels[rl.level] for rl in path], path,
                                       path_rows, path_steps[max(len(shared) - 1, 0):]))
    branch = Branch(fw.levels[shared[-1].level] if shared else None, choices)
    return LevelComparison([fw.levels[rl.level] for rl in shared], shared, rows, steps, branch)


def roles_at_level(fw: Framework, level_id: str) -> list[tuple[Role, RoleLevel]]:
    """Every role that describes this level, by function then name."""
    order = {f: i for i, f in enumerate(fw.functions)}
    out = [(r, rl) for r in fw.roles.values() for rl in r.levels if rl.level == level_id]
    return sorted(out, key=lambda p: (order.get(p[0].function, len(order)), p[0].name.lower()))


# --- ladders -----------------------------------------------------------------------------------------

@dataclass
class LadderSection:
    """The levels of a ladder that share a track (`track` None: the levels every track shares)."""

    track: Track | None
    levels: list[Level]


@dataclass
class LadderGroup:
    """One ladder on the career levels page: who climbs it, and its levels by track."""

    ladder: Ladder
    functions: list[Function]
    roles: list[Role]
    sections: list[LadderSection]

    @property
    def anchor(self) -> str:
        return f"ladder-{self.ladder.ident}" if self.ladder.ident else "shared-ladder"


def ladder_groups(fw: Framework) -> list[LadderGroup]:
    """Every ladder with its job families (functions), its roles and its levels grouped by track."""
    out = []
    for ladder in fw.all_ladders():
        functions = [f for f in fw.functions.values()
                     if (f.ladder if f.ladder in fw.ladders else None) == ladder.ident]
        roles = sorted((r for r in fw.roles.values() if fw.ladder_of(r).ident == ladder.ident),
                       key=lambda r: r.name.lower())
        sections = [LadderSection(None, list(ladder.shared))] if ladder.shared else []
        sections += [LadderSection(t, list(ladder.of_track(t.id))) for t in ladder.tracks]
        out.append(LadderGroup(ladder, functions, roles, sections))
    return out


# --- cascade ----------------------------------------------------------------------------------------

@dataclass
class CascadeRow:
    """One objective in the cascade: who is accountable and which roles move it."""

    objective: Objective
    depth: int
    functions: list[str]
    measures: list[Measure]
    #: function id -> roles of that function held to a measure of this objective
    roles: dict[str, list[Role]]

    @property
    def role_count(self) -> int:
        return sum(len(v) for v in self.roles.values())


@dataclass
class CascadePillar:
    ident: str | None
    name: str
    description: str | None
    rows: list[CascadeRow]

    @property
    def functions(self) -> set[str]:
        return {f for r in self.rows for f in (*r.functions, *r.roles)}

    @property
    def roles(self) -> set[str]:
        return {role.id for r in self.rows for rs in r.roles.values() for role in rs}

    @property
    def measures(self) -> set[str]:
        return {m.id for r in self.rows for m in r.measures}


def cascade(fw: Framework, t: Labels = ENGLISH) -> list[CascadePillar]:
    """Pillars, each with its objectives in tree order, their functions and contributing roles."""
    order = {f: i for i, f in enumerate(fw.functions)}

    def row(o: Objective, depth: int) -> CascadeRow:
        measures = fw.measures_by_objective.get(o.id, [])
        held = {r.id: r for m in measures for r in fw.roles_by_measure.get(m.id, [])}
        roles: dict[str, list[Role]] = {}
        for r in held.values():
            roles.setdefault(r.function, []).append(r)
        roles = {f: sorted(rs, key=lambda r: r.name.lower())
                 for f, rs in sorted(roles.items(), key=lambda kv: order.get(kv[0], len(order)))}
        return CascadeRow(o, depth, [f.id for f in fw.functions_by_objective.get(o.id, [])], measures, roles)

    def tree(objs: list[Objective], depth: int, pillar: str | None, seen: set[str]) -> list[CascadeRow]:
        out = []
        for o in objs:
            if o.id in seen:
                continue
            seen.add(o.id)
            out.append(row(o, depth))
            kids = [c for c in fw.children.get(o.id, []) if c.pillar == pillar]
            out.extend(tree(kids, depth + 1, pillar, seen))
        return out

    out = []
    for p in fw.pillars.values():
        out.append(CascadePillar(p.id, p.name, p.description, tree(fw.objective_roots(p.id), 0, p.id, set())))
    orphans = [o for o in fw.objectives.values() if o.pillar is None or o.pillar not in fw.pillars]
    if orphans:
        out.append(CascadePillar(None, t.raw("Objectives without a pillar"), None,
                                 [row(o, 0) for o in orphans]))
    return out


#: Names every template can call, next to `link`, `href`, `url` and the filters.
GLOBALS = {
    "compare_levels": compare_levels,
    "target_falls": target_falls,
    "roles_at_level": roles_at_level,
    "ladder_groups": ladder_groups,
    "cascade": cascade,
    "esc": sanitize.html_text,
    "edition_line": edition_line,
    "text_of": text_of,
    **themes.GLOBALS,
    **targets.GLOBALS,
    **my_level.GLOBALS,
}
