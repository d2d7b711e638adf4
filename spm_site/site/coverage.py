"""Who works towards which objective: the matrix behind the alignment page.

An objective is covered by a function when one of its accountabilities names it, and served by a
role when the role is held to a measure that shows progress on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..framework.model import Function, Objective, Role
from ..framework.resolve import Framework


@dataclass(frozen=True)
class CoverageRow:
    objective: Objective
    functions: frozenset[str]
    roles: list[Role]

    @property
    def orphaned(self) -> bool:
        """Nobody works towards it: no function is accountable and no role is measured on it."""
        return not self.functions and not self.roles


@dataclass(frozen=True)
class Coverage:
    functions: list[Function]
    rows: list[CoverageRow]
    idle_roles: list[Role]  # roles whose measures serve no objective


def coverage(fw: Framework) -> Coverage:
    rows = []
    for objective in fw.objectives.values():
        functions = frozenset(f.id for f in fw.functions_by_objective.get(objective.id, []))
        roles = {r.id: r for m in fw.measures_by_objective.get(objective.id, []) for r in fw.roles_by_measure.get(m.id, [])}
        rows.append(CoverageRow(objective, functions, sorted(roles.values(), key=lambda r: r.id)))
    idle = [r for r in fw.roles.values() if not any(fw.measures[rm.measure].objectives for rm in r.measures)]
    return Coverage(list(fw.functions.values()), rows, idle)
