"""A measure owned by one function imposed on a role of another, without that function's agreement.

Why it matters: when a function outside a team sets that team's numbers (finance judging missed
forecasts without asking why, leadership asking for more calls at the cost of better ones,
marketing counting leads nobody qualified), people are pulled in competing directions and
performance drops. A measure owned elsewhere is fine when the role's own function has accepted it
and said why.

Example (flagged): a sales role held to `forecast-accuracy`, owned by finance, with no `accepted:`.

    measures:
      - measure: forecast-accuracy
        weight: 20

How to fix: agree the measure with the role's function and record it:

    measures:
      - measure: forecast-accuracy
        weight: 20
        accepted:
          by: head-of-sales
          reason: Forecasts are reviewed together with finance each month.

or hold the role to a measure its own function owns. To accept the finding on purpose for now,
waive this rule on the role for that one measure, so that the next measure imposed on the role is
still reported:

    waivers:
      - rule: SPM106
        measure: forecast-accuracy
        reason: Agreed with finance at the planning day; the acceptance is signed in January.

Why this severity: an error (raised from a warning). Another function imposing its numbers on a
team, unrelated to how well that team performs, is the central failure of alignment: it breeds
competing motivation and confusion and lowers performance across the board. Nobody in the held
function having agreed to the measure is exactly that failure, so it is not a footnote; an
agreement recorded under `accepted:` (or a waiver naming the one measure, with its reason) settles
it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named

CODE = "SPM106"
NAME = "imposed-measure"
SEVERITY = Severity.ERROR
HINT = "record under 'accepted:' which role of this role's function agreed to the measure, and why"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for role in fw.roles.values():
        held = fw.functions[role.function]
        for rm in role.measures:
            measure = fw.measures[rm.measure]
            owner = measure.owner
            if owner is None or owner == role.function or rm.accepted is not None:
                continue  # a measure with no owner is SPM116's to report: nobody can be said to impose it
            yield Finding(
                role,
                f"role {named(role)} is held to measure {named(measure)}, owned by {named(fw.functions[owner])}, "
                f"with no 'accepted:' from {named(held)}: people in it will be judged on a number another "
                "function set, pulling them in competing directions",
                node=rm, key="measure", measure=measure.id)
