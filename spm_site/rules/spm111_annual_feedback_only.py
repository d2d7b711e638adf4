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
from ..framework.model import Rhythm, Role
from .base import Finding, named

CODE = "SPM111"
NAME = "annual-feedback-only"
SEVERITY = Severity.ERROR
HINT = ("list under the role's 'feedback:' a conversation from feedback.yml that happens more often than once a "
        "year; if feedback.yml has none, describe the organisation's conversations there first")


@dataclass(frozen=True)
class Options(RuleOptions):
    #: From one to daily: above 52, more than any cadence, every role is flagged.
    min_per_year: int = setting(2, Whole(1, 365), "How many conversations a year a role's most frequent feedback "
                                                  "needs to count as ongoing.")


def check(fw: Framework, options: Options) -> Iterator[Finding]:
    wanted = options.min_per_year
    for role in fw.roles.values():
        rhythms = fw.rhythms_of(role)
        most = rhythms[0].cadence.per_year if rhythms else 0
        if most >= wanted:
            continue
        yield Finding(role, _message(fw, role, rhythms, wanted), key="feedback" if role.feedback else "id")


def _message(fw: Framework, role: Role, rhythms: list[Rhythm], wanted: int) -> str:
    """What the role's feedback is, in the framework's own terms: no annual review that does not exist is named."""
    who = f"role {named(role)}"
    if not fw.rhythms:
        return (f"{who} has no feedback conversation, and feedback.yml defines none: nobody in the organisation "
                "is set to get regular feedback")
    if not rhythms:
        often = max(fw.rhythms.values(), key=lambda r: r.cadence.per_year)
        return (f"{who} takes part in no feedback conversation: nobody is set to give this role regular feedback "
                f"(feedback.yml has '{often.id}', {often.cadence.value})")
    best = rhythms[0]
    if best.cadence.per_year == 1:
        return (f"{who} gets feedback only once a year ({best.name}): by the time it comes, it is too late to "
                "change anything")
    return (f"{who} gets feedback {best.cadence.value} at most ({best.name}), fewer than {wanted} times a year: "
            "feedback should be ongoing")
