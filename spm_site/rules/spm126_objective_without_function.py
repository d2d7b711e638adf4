"""An objective that no function answers for.

Why it matters: business objectives reach people through the accountabilities of their teams.
An objective that no function lists under its accountabilities turns into nobody's work: it has
an owner at best, but no team plans for it, and nobody's role connects to it.

Example (flagged): no function lists `faster-onboarding` under an accountability's `objectives:`.

    name: Halve onboarding time
    owner: head-of-customer-success

How to fix: add the objective to the accountability of the function that delivers it:

    accountabilities:
      - statement: Customers live and getting value quickly.
        objectives: [faster-onboarding]

Why this severity: a warning. The line from objectives to accountabilities is broken, but an owner
(SPM104) may still drive the objective; until a team answers for it, the gap is reported rather than
the build stopped.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named

CODE = "SPM126"
NAME = "objective-without-function"
SEVERITY = Severity.WARNING
HINT = "list the objective under 'objectives:' of the accountability of the function that delivers it"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for objective in fw.objectives.values():
        if not fw.functions_by_objective.get(objective.id):
            yield Finding(objective, f"no function lists {named(objective)} under its accountabilities' "
                                     f"'objectives:': no team answers for it, so it reaches nobody's work",
                          key="name")
