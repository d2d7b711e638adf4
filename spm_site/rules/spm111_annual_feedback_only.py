"""A role whose feedback waits for the annual review.

Why it matters: feedback that arrives once a year arrives too late to change anything. Ongoing
conversations (coaching, check-ins, development talks) let people correct course while it still
counts, and keep the annual review free of surprises.

Example (flagged):

    feedback: [annual-review]

How to fix: add at least one conversation that happens more often than once a year, such as a
weekly coaching conversation or a monthly check-in, from `feedback.yml`.

Why this severity: an error. Ongoing feedback, coaching conversations above all, is a principle of
the system, not a refinement: a role whose only conversation is the annual review is managed by
verdict.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..diagnostics import Severity
from ..framework.options import RuleOptions, Whole, setting
from ..framework.resolve import Framework
from .base import Finding

CODE = "SPM111"
NAME = "annual-feedback-only"
SEVERITY = Severity.ERROR
HINT = "add a conversation from feedback.yml that happens more often than once a year"


@dataclass(frozen=True)
class Options(RuleOptions):
    #: From one to daily: above 52, more than any cadence, every role is flagged.
    min_per_year: int = setting(2, Whole(1, 365), "How many conversations a year a role's most frequent feedback "
                                                  "needs to count as ongoing.")


def check(fw: Framework, options: Options) -> Iterator[Finding]:
    wanted = options.min_per_year
    for role in fw.roles.values():
        most = max((r.cadence.per_year for r in fw.rhythms_of(role)), default=0)
        if most < wanted:
            what = "no feedback conversation" if most == 0 else "feedback only once a year"
            yield Finding(role, f"role '{role.id}' has {what}: feedback should be ongoing, not just the annual review",
                          key="feedback" if role.feedback else "id")
