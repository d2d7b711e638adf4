"""A key result of an objective that no role is held to, or that every role is held short of.

Why it matters: an objective is met when its key results are. If no role is held to a key result's
measure, nobody is accountable for reaching it; if every role held to it has a target short of
the key result (win rate 25% for everyone when the objective needs 30%), everyone can succeed while
the objective fails.

Targets are compared only when the measure's `direction:` is stated and every target that applies
(a role's own, else the measure's default, and any level's) is a number; a role held to the full
key result, such as the function leader held to the total, answers for it.

Example (flagged): the objective needs a win rate of 30%, and every role is held to 25%.

    key_results:
      - measure: win-rate
        target: 30
        by: 2027-03-31

How to fix: hold the role that answers for the objective to the key result's target, or change the
key result to what the roles are held to.

Why this severity: a warning. Targets may be set for a reason (a stretch key result, a phased
target), but an objective whose results nobody is held to is worth a conversation before the year
starts.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named
from .facts import listing

CODE = "SPM132"
NAME = "key-result-not-held"
SEVERITY = Severity.WARNING
HINT = "hold a role to the key result's measure with a target that reaches it, or change the key result"


def _targets(fw: Framework, role, measure_id: str) -> list[object]:  # noqa: ANN001 - a Role
    """Every target the role is held to on a measure: its own (or the default) and each level's."""
    found = [fw.target(role, measure_id)]
    found += [t.target for rl in role.levels for t in rl.targets if t.measure == measure_id]
    return found


def _number(value: float) -> str:
    return f"{value:g}"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for objective in fw.objectives.values():
        for kr in objective.key_results:
            measure = fw.measures.get(kr.measure)
            if measure is None:
                continue
            wanted = f"{named(measure)} at {_number(kr.target)} by {kr.by.isoformat()}"
            holders = fw.roles_by_measure.get(measure.id, [])
            if not holders:
                yield Finding(objective, f"the key result {wanted} of {named(objective)} is held by no role: no "
                                         f"role's 'measures:' include it, so nobody is accountable for reaching it",
                              node=kr, key="measure", measure=kr.measure)
                continue
            direction = measure.direction.value if measure.direction else None
            targets = {role.id: _targets(fw, role, measure.id) for role in holders}
            if direction not in ("higher", "lower") or not all(
                    isinstance(t, (int, float)) and not isinstance(t, bool) for ts in targets.values() for t in ts):
                continue
            best = {rid: (max(ts) if direction == "higher" else min(ts)) for rid, ts in targets.items()}
            reaches = (lambda t: t >= kr.target) if direction == "higher" else (lambda t: t <= kr.target)
            if any(reaches(t) for t in best.values()):
                continue
            members = listing((named(fw.roles[rid]), _number(t)) for rid, t in best.items())
            yield Finding(objective, f"the key result {wanted} of {named(objective)} is beyond every target roles "
                                     f"are held to on it ({members}): everyone can meet their target while the "
                                     f"objective is missed", node=kr, key="target", measure=kr.measure)
