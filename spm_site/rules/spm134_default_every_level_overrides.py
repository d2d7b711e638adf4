"""A role's own target on a measure that every one of its levels replaces with a target of its own.

Why it matters: a role's own target on a measure, the one under its measures, applies only at the
levels that set none. When every level the role describes sets its own, nobody is held to the role's number:
it is a figure that looks like someone's target and is no one's. Authors keep editing it, a diff
reports its changes although they change nothing, and a reader who meets it in an export or an old
copy of the handbook takes it for theirs.

Example (flagged): the account executive's quota says 400000, and each level sets another.

    levels:
      - level: l1
        targets:
          - measure: new-arr-booked
            target: 300000
      - level: l2
        targets:
          - measure: new-arr-booked
            target: 450000
    measures:
      - measure: new-arr-booked
        target: 400000

How to fix: remove the role's `target:` (each level already says what it is held to), or keep it
and remove the level targets that merely repeat it, so that it applies at those levels. A target
the measure itself sets (its default) is not flagged: other roles may be held to it.

Why this severity: a warning. Nobody is held to a wrong number (each level's target is the one that
applies), but a number no one is held to invites the mistake the handbook exists to prevent.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.audience import number_text
from ..framework.resolve import Framework, is_number
from .base import Finding, both, named

CODE = "SPM134"
NAME = "default-every-level-overrides"
SEVERITY = Severity.WARNING
HINT = ("remove the role's target (each level states its own), or remove the level targets that "
        "repeat it so that it applies there")


def _shown(value: object) -> str:
    """`1300000`, `22.5`, or a target in words quoted."""
    return number_text(value) if is_number(value) else f"'{value}'"  # type: ignore[arg-type]


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for role in fw.roles.values():
        if not role.levels:
            continue  # a role without levels is held to its own target
        for held in role.measures:
            if held.target is None:
                continue
            at_levels = []
            for role_level in role.levels:
                own = next((t.target for t in role_level.targets if t.measure == held.measure), None)
                if own is None:
                    break
                at_levels.append((fw.levels[role_level.level].name if role_level.level in fw.levels
                                  else role_level.level, own))
            else:
                measure = fw.measures.get(held.measure)
                what = named(measure) if measure else f"'{held.measure}'"
                levels = both([f"{name} {_shown(own)}" for name, own in at_levels])
                same = [name for name, own in at_levels if own == held.target]
                repeat = f"; {both(same)} repeat{'s' if len(same) == 1 else ''} it" if same else ""
                yield Finding(role, f"{named(role)} sets the target {_shown(held.target)} on {what}, but every "
                                    f"level it describes sets its own ({levels}{repeat}): nobody is held to "
                                    f"{_shown(held.target)}", node=held, key="target", measure=held.measure)
