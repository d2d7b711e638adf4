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

or hold the role to a measure its own function owns.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding

CODE = "SPM106"
NAME = "imposed-measure"
SEVERITY = Severity.WARNING
HINT = "record under 'accepted:' which role of this role's function agreed to the measure, and why"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for role in fw.roles.values():
        for rm in role.measures:
            owner = fw.measures[rm.measure].owner
            # No owner stated: nobody can have imposed it (SPM116 reports the missing owner).
            if owner is not None and owner != role.function and rm.accepted is None:
                yield Finding(
                    role,
                    f"role '{role.id}' is held to measure '{rm.measure}', owned by {owner}, without the agreement "
                    f"of {role.function}: numbers set outside a team pull it in competing directions",
                    node=rm, key="measure")
