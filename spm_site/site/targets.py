"""One true target: what each page shows of the target a role is held to, at each of its levels.

`Framework.target` decides a target; this module turns that answer into what a page shows, the
same way everywhere (role page, measure page, catalogue, level comparison). A role that describes
levels is shown its targets level by level: its own default, where every level sets another, is
held by nobody and never shown (rule SPM134 finds it in the files). A role without levels shows the
one target it is held to.

`target_text` is the one function any page calls for "the target of role r at level l, as text".
"""

from __future__ import annotations

from dataclasses import dataclass

from . import measure_text
from .labels import ENGLISH, Labels
from ..framework.model import Level, Measure, Role, RoleMeasure
from ..framework.resolve import Framework, TargetValue, is_number


def target_text(fw: Framework, role: Role, measure_id: str, level_id: str | None = None,
                t: Labels = ENGLISH) -> str:
    """The target of `role` at `level_id` (None: a role without levels) on a measure, as a page shows it."""
    measure = fw.measures.get(measure_id)
    return measure_text.target_text(fw.target(role, measure_id, level_id), measure.unit if measure else None,
                                     measure.period if measure else None, fw.numbers, t)


def role_level_ids(fw: Framework, role: Role) -> list[str]:
    """The levels a role describes, in the order of its ladder (a level off the ladder last, as written).

    Empty for a role without levels: then the role's own target is the one it is held to."""
    order = {lv.id: i for i, lv in enumerate(fw.ladder_of(role).levels)}
    known = [rl.level for rl in role.levels if rl.level in fw.levels]
    return sorted(known, key=lambda lid: order.get(lid, len(order)))


@dataclass(frozen=True)
class TargetCell:
    """The target at one level (`level` None: the role as a whole), as a value and as the page shows it."""

    level: str | None
    value: TargetValue
    text: str


@dataclass(frozen=True)
class HeldRow:
    """One measure a role is held to, with its target at each of the role's levels (one cell if none)."""

    held: RoleMeasure
    measure: Measure
    cells: list[TargetCell]


@dataclass(frozen=True)
class RoleTargets:
    """The role page's measures table: a target column per level (`levels`), or one when it has none.

    Each cell carries its level id, so a page that shows one level (the level selector) can keep
    that level's column and hide the others."""

    levels: list[Level]
    rows: list[HeldRow]


def role_targets(fw: Framework, role: Role, t: Labels = ENGLISH) -> RoleTargets:
    """Every measure the role is held to, with the target that applies at each of its levels."""
    level_ids = role_level_ids(fw, role)
    columns: list[str | None] = list(level_ids) or [None]
    rows = []
    for held in role.measures:
        measure = fw.measures.get(held.measure)
        if measure is None:
            continue  # a measure this audience may not see
        rows.append(HeldRow(held, measure, [
            TargetCell(lid, fw.target(role, measure.id, lid), target_text(fw, role, measure.id, lid, t)) for lid in columns]))
    return RoleTargets([fw.levels[lid] for lid in level_ids], rows)


def level_targets(fw: Framework, role: Role, level_id: str, t: Labels = ENGLISH) -> list[tuple[Measure, str]]:
    """Every target the role is held to at one level, the level's own or not: what someone there answers for."""
    return [(fw.measures[rm.measure], target_text(fw, role, rm.measure, level_id, t))
            for rm in role.measures if rm.measure in fw.measures]


@dataclass(frozen=True)
class Holder:
    """One role held to a measure, at one of its levels (`level` None: a role without levels)."""

    role: Role
    held: RoleMeasure
    level: Level | None
    value: TargetValue
    text: str


def holders(fw: Framework, measure: Measure, t: Labels = ENGLISH) -> list[Holder]:
    """Each role held to a measure, level by level: the measure page's "roles held to it"."""
    out = []
    for role in fw.roles_by_measure.get(measure.id, []):
        held = next(rm for rm in role.measures if rm.measure == measure.id)
        for lid in role_level_ids(fw, role) or [None]:
            out.append(Holder(role, held, fw.levels[lid] if lid else None, fw.target(role, measure.id, lid),
                              target_text(fw, role, measure.id, lid, t)))
    return out


@dataclass(frozen=True)
class HeldRange:
    """The targets roles are held to on a measure (every role, every level), beside its default.

    Numbers as a range (`low`, `high`: the same when there is one), targets in words as written
    (`words`); all empty when every role and level is held to the measure's default, or none is held."""

    low: float | None = None
    high: float | None = None
    words: tuple[str, ...] = ()

    @property
    def differs(self) -> bool:
        return self.low is not None or bool(self.words)


def held_range(fw: Framework, measure: Measure) -> HeldRange:
    """What the catalogue says beside a measure's default: the targets roles and levels are held to,
    when any differs from the default, so the catalogue never shows a default as if everyone had it."""
    values = list(dict.fromkeys(h.value for h in holders(fw, measure) if h.value is not None))
    if not values or values == [measure.target]:
        return HeldRange()
    numbers = sorted(float(v) for v in values if is_number(v))
    words = tuple(str(v) for v in values if not is_number(v))
    return HeldRange(numbers[0], numbers[-1], words) if numbers else HeldRange(words=words)


#: Names every template can call (added to `views.GLOBALS`).
GLOBALS = {"target_text": target_text, "role_targets": role_targets, "level_targets": level_targets,
           "holders": holders, "held_range": held_range}
