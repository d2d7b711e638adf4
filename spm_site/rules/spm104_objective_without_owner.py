"""An objective with no role accountable for it.

Why it matters: an objective that belongs to everyone belongs to no one. Linking business
objectives to accountabilities starts with one named role that answers for the result, decides
when it is off course and speaks for it in reviews.

Example (flagged):

    name: Halve onboarding time
    description: Customers live in 30 days instead of 60.
    pillar: customer-growth

How to fix: name the accountable role under `owner:`, for example `owner: head-of-customer-success`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding

CODE = "SPM104"
NAME = "objective-without-owner"
SEVERITY = Severity.WARNING
HINT = "add 'owner:' with the id of the role accountable for this objective"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for objective in fw.objectives.values():
        if objective.owner is None:
            yield Finding(objective, f"objective '{objective.id}' has no owner: no role is accountable for it",
                          key="owner")
