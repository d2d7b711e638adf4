"""An objective owned by a role whose own function does not answer for it.

Why it matters: the owner of an objective speaks for it and decides when it is off course. When the
owner's function does not list the objective among its accountabilities, the owner answers for a
result their own team has not been asked to deliver, and has to get it done through teams that
answer to someone else.

Example (flagged): `faster-onboarding` is owned by the head of sales, but the sales function's
accountabilities do not list it.

    name: Halve onboarding time
    owner: head-of-sales

How to fix: give the objective to a role of the function that answers for it, or add the
objective to an accountability of the owner's function.

Why this severity: a warning. The owner can still be effective through other teams; the finding asks
whether the ownership or the accountabilities should change.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named

CODE = "SPM127"
NAME = "owner-outside-function"
SEVERITY = Severity.WARNING
HINT = "make a role of a function that answers for the objective its owner, or list it in the owner's function"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for objective in fw.objectives.values():
        owner = fw.roles.get(objective.owner) if objective.owner else None
        function = fw.functions.get(owner.function) if owner is not None and owner.function else None
        if function is None:
            continue
        if any(objective.id in acc.objectives for acc in function.accountabilities):
            continue
        yield Finding(objective, f"{named(objective)} is owned by {named(owner)}, but that role's function, "
                                 f"{named(function)}, does not list it under its accountabilities: the owner "
                                 f"answers for a result their own team is not asked to deliver", key="owner")
