"""A role held to no measure.

Why it matters: every function and every person should have measures that show how their work
serves the organisation's needs. A role with none leaves its people guessing what good looks like,
and leaves their reviews to impressions rather than evidence.

Example (flagged):

    name: Office manager
    function: operations
    measures: []

How to fix: list under `measures:` the measures (from `measures/`) the role answers for, each with
a weight if the role's measures are weighted.

Why this severity: an error. Every function and every person should have measures that show how
their work serves the organisation; publishing a role with none tells its people that nothing in
particular is expected of them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named

CODE = "SPM108"
NAME = "role-without-measures"
SEVERITY = Severity.ERROR
HINT = "list under 'measures:' the measures this role is held to"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for role in fw.roles.values():
        if not role.measures:
            yield Finding(role, f"role {named(role)} lists no measure under 'measures:': people in it cannot see "
                                "what good looks like, and their reviews rest on impressions, not evidence",
                          key="measures")
