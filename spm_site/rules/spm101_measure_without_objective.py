"""A measure that supports no objective.

Why it matters: a measure with no objective has no line of sight to the strategy. People held to
it cannot see why it matters, and it invites targets that pull against what the organisation is
trying to achieve.

Example (flagged):

    - id: calls-made
      name: Calls made
      objectives: []

How to fix: list under `objectives:` the objective (or objectives) the measure shows progress on,
or retire the measure.

Why this severity: an error. Aligning every measure with the strategy and its goals is where a
performance system starts; a measure with no objective can pull people against the strategy, and
publishing it would tell them it matters when nobody can say why.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named, some

CODE = "SPM101"
NAME = "measure-without-objective"
SEVERITY = Severity.ERROR
HINT = "add the objective ids this measure shows progress on under 'objectives:'"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for measure in fw.measures.values():
        if not measure.objectives:
            held = fw.roles_by_measure.get(measure.id, [])
            who = f"people in {some(held)} are held to a number" if held else "it is a number"
            yield Finding(measure, f"measure {named(measure)} lists no objective under 'objectives:': {who} with "
                                   "no line of sight to the strategy, and nobody can say why it matters", key="id")
