"""A function accountability that serves no objective.

Why it matters: a team's accountabilities are where business objectives turn into work. One that
names no objective is work the strategy has not asked for, or work whose purpose nobody has
written down; either way the team cannot show how it contributes.

Example (flagged):

    accountabilities:
      - statement: Produce the monthly board pack.
        objectives: []

How to fix: list under `objectives:` the objective (or objectives) the accountability moves, or
remove the accountability if it serves none.

Why this severity: a warning. The work may well serve the strategy with the link simply not written
down; the team and its people are still measured, so nobody is misled about what they are held to.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named, quoted

CODE = "SPM107"
NAME = "accountability-without-objective"
SEVERITY = Severity.WARNING
HINT = "list the objective ids this accountability serves under its 'objectives:'"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for function in fw.functions.values():
        for acc in function.accountabilities:
            if not acc.objectives:
                yield Finding(function, f"the accountability {quoted(acc.statement)} of function {named(function)} "
                                        "lists no objective under 'objectives:': the team cannot show how this work "
                                        "moves the strategy, and may be doing work nobody asked for",
                              node=acc, key="statement")
