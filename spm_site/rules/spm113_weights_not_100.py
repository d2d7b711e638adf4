"""A role whose measure weights are incomplete or do not add up to 100.

Why it matters: weights tell people how to divide their attention. When some measures have a
weight and others do not, or the weights add up to something other than 100, the split is
ambiguous and two managers will read it two ways. Weights are optional: a role that gives none is
not flagged, but once one measure has a weight they all need one.

Example (flagged): the weights add up to 90, and `win-rate` has none.

    measures:
      - measure: new-arr
        weight: 60
      - measure: pipeline-created
        weight: 30
      - measure: win-rate

How to fix: give every measure of the role a weight, and make them add up to 100; or remove the
weights altogether if the measures count equally.

Why this severity: an error. Expectations must be transparent and consistent: weights that do not
add up, or that leave a measure out, are read differently by each manager, and the person in the
role cannot know which reading they will be judged by.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, both, named, weights

CODE = "SPM113"
NAME = "weights-not-100"
SEVERITY = Severity.ERROR
HINT = "give each of the role's measures a weight, adding up to 100"

_TOLERANCE = 0.01


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for role in fw.roles.values():
        weighted = [rm for rm in role.measures if rm.weight is not None]
        if not weighted:
            continue
        unweighted = [rm for rm in role.measures if rm.weight is None]
        total = sum(rm.weight for rm in weighted)
        if not unweighted and abs(total - 100) <= _TOLERANCE:
            continue
        listed = weights(fw, role.measures)
        if unweighted:
            names = both([named(fw.measures[rm.measure]) for rm in unweighted])
            yield Finding(role, f"role {named(role)} gives no 'weight:' to {names} while its other measures add up "
                                f"to {total:g} ({listed}): two managers will split the attention of people in it two "
                                "ways", key="measures", on_key=True)
        else:
            yield Finding(role, f"role {named(role)} weights its measures to a total of {total:g}, not 100 "
                                f"({listed}): two managers will split the attention of people in it two ways",
                          key="measures", on_key=True)
