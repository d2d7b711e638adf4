"""A child objective whose pillar contradicts or skips its parent's pillar.

Why it matters: an objective that contributes to a broader one should serve the same part of the
strategy. When the two name different pillars, the handbook tells two stories about what the work
is for; when the child names none while its parent does, the link to the strategy is left to the
reader. Either way the line of sight from a person's work to the strategy becomes ambiguous.
A parent with no pillar is reported by SPM102, not here.

Example (flagged): the parent serves `new-business`, the child another pillar.

    # objectives/new-hire-buddies.yml
    pillar: people
    parent: grow-new-arr      # whose pillar is new-business

How to fix: give the child its parent's pillar, or, if it really serves another part of the
strategy, give it a parent under that pillar (or none). If the cross-link is deliberate, waive
this rule on the child with a reason.

Why this severity: a warning. The line of sight becomes ambiguous, not broken, and a cross-link
between pillars is sometimes deliberate: waive it on the child with the reason when it is.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named

CODE = "SPM105"
NAME = "pillar-mismatch"
SEVERITY = Severity.WARNING
HINT = "give the objective its parent's pillar, or a parent that serves the same pillar"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for child in fw.objectives.values():
        if child.parent is None:
            continue
        parent = fw.objectives[child.parent]
        if parent.pillar is None or child.pillar == parent.pillar:
            continue
        serves = named(fw.pillars[parent.pillar])
        if child.pillar is None:
            yield Finding(child, f"objective {named(child)} has no 'pillar:' while its parent {named(parent)} "
                                 f"serves {serves}: readers must guess which part of the strategy their work is for",
                          key="parent")
        else:
            yield Finding(child, f"objective {named(child)} serves pillar {named(fw.pillars[child.pillar])} but its "
                                 f"parent {named(parent)} serves {serves}: the handbook tells the people working on "
                                 "it two stories about what the work is for", key="pillar")
