"""A role held only to activity measures.

Why it matters: counting effort (calls made, emails sent, meetings booked) without anything that
shows whether the effort works rewards doing more rather than doing better. Pushing activity up on
its own can lower effectiveness. Beside its activity measures a role needs at least one
effectiveness measure (quality of effort) or outcome measure (result). Roles with no measures at
all are reported by SPM108, not here.

Example (flagged): both measures are `kind: activity`.

    measures:
      - measure: calls-made
        weight: 50
      - measure: meetings-booked
        weight: 50

How to fix: add an effectiveness or outcome measure the activity is meant to drive, such as a
conversion rate or pipeline created, and rebalance the weights.

Why this severity: an error (raised from a warning). Leadership demanding more activity without
regard to its effect on effectiveness is one of the named ways a performance system goes wrong; a
role held only to activity is that demand written into the handbook.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.model import Kind
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named, weights

CODE = "SPM112"
NAME = "activity-only"
SEVERITY = Severity.ERROR
HINT = "add an effectiveness or outcome measure beside the activity measures"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for role in fw.roles.values():
        if role.measures and all(fw.measures[rm.measure].kind is Kind.ACTIVITY for rm in role.measures):
            yield Finding(role, f"role {named(role)} is held only to activity measures ({weights(fw, role.measures)}) "
                                "and to no effectiveness or outcome measure: people in it are rewarded for doing "
                                "more, not better, and nothing shows whether the effort works",
                          key="measures", on_key=True)
