"""Targets that ask less at a higher level, and the author's reason for it.

A measure where higher is better whose target falls from one level to the next (or, where lower is
better, rises) reads as a mistake unless it is explained: a senior account executive may carry a
larger, slower book of deals. The role's measure may say why (`levels_reason`); the role page shows
the fall with that reason, or says that none is given. Plain data for the template, no page words.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..framework.model import Direction, Level, Measure, Role
from ..framework.resolve import is_number


@dataclass(frozen=True)
class Fall:
    """One measure whose target asks less somewhere up the ladder: where, and why (None: not said)."""

    measure: Measure
    steps: list[tuple[Level, Level]]
    reason: str | None


def asks_less(measure: Measure, before: object, after: object) -> bool:
    """Whether going from `before` to `after` lowers the bar, by the measure's stated direction."""
    if measure.direction is None or not (is_number(before) and is_number(after)) or before == after:
        return False
    return after < before if measure.direction is Direction.HIGHER else after > before  # type: ignore[operator]


def target_falls(role: Role, levels: list[Level], rows: list) -> list[Fall]:  # noqa: ANN001 - views.TargetRow
    """The role's measures whose target asks less at a higher level, in the table's order."""
    reasons = {rm.measure: rm.levels_reason for rm in role.measures}
    out = []
    for row in rows:
        steps = [(levels[i - 1], levels[i]) for i in range(1, len(row.targets))
                 if asks_less(row.measure, row.targets[i - 1], row.targets[i])]
        if steps:
            out.append(Fall(row.measure, steps, reasons.get(row.measure.id)))
    return out
