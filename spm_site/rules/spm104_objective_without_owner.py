"""An objective with no role accountable for it.

Why it matters: an objective that belongs to everyone belongs to no one. Linking business
objectives to accountabilities starts with one named role that answers for the result, decides
when it is off course and speaks for it in reviews.

Example (flagged):

    name: Halve onboarding time
    description: Customers live in 30 days instead of 60.
    pillar: customer-growth

How to fix: name the accountable role under `owner:`, for example `owner: head-of-customer-success`.

Why this severity: an error (raised from a warning). Linking business objectives to team and
individual accountabilities is one of the principles the system rests on; an objective that no role
answers for breaks that link at its first step, and everyone who contributes to it is left without
someone to escalate to.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named

CODE = "SPM104"
NAME = "objective-without-owner"
SEVERITY = Severity.ERROR
HINT = "add 'owner:' with the id of the role accountable for this objective"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for objective in fw.objectives.values():
        if objective.owner is None:
            yield Finding(objective, f"objective {named(objective)} has no 'owner:': no role answers for it, so "
                                     "nobody decides when it is off course or speaks for it in reviews", key="owner")
