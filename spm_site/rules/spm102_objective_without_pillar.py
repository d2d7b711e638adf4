"""An objective that serves no strategy pillar.

Why it matters: objectives are how the strategy reaches teams and people. One that hangs off no
pillar cannot be traced back to what the organisation has chosen to focus on, so nobody can tell
whether it deserves effort or quietly competes with the strategy for it.

Example (flagged):

    name: Launch a customer newsletter
    description: A monthly email to every customer.
    owner: marketing-director

How to fix: name under `pillar:` the pillar (from `organisation.yml`) the objective moves, or drop
the objective if it serves none of them.

Why this severity: an error. A performance system must reflect the organisation's strategy: an
objective outside every pillar is published as a priority the strategy never chose.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named

CODE = "SPM102"
NAME = "objective-without-pillar"
SEVERITY = Severity.ERROR
HINT = "add 'pillar:' with the id of the strategy pillar (from organisation.yml) this objective serves"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for objective in fw.objectives.values():
        if objective.pillar is None:
            yield Finding(objective, f"objective {named(objective)} has no 'pillar:': the people working on it "
                                     "cannot trace it back to the strategy, nor tell whether it deserves their effort",
                          key="pillar")
