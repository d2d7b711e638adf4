"""A conversation that reviews a measure nobody taking part in it is held to.

Why it matters: a review is where people account for their numbers. When a conversation reviews a
measure that none of the roles in it is held to (finance's forecast measure picked over in the
sales team's pipeline review), people are questioned on a number that is not theirs, and the
conversation turns from coaching into blame.

Example (flagged): `feedback.yml` says the pipeline review reviews `cac-payback`, and no role
with `pipeline-review` under `feedback:` is held to it.

    - id: pipeline-review
      reviews: [forecast-accuracy, cac-payback]

How to fix: review in each conversation only the measures its participants are held to, or hold
the participants to the measure, agreed by their function.

Why this severity: a warning. Reviewing a number in a conversation can be useful context; it becomes
a problem when people are asked to answer for it, which the check cannot tell.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named
from .facts import finding

CODE = "SPM133"
NAME = "rhythm-reviews-unheld-measure"
SEVERITY = Severity.WARNING
HINT = "review only measures the conversation's participants are held to, or remove the measure from 'reviews:'"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    taking_part: dict[str, list] = {}
    for role in fw.roles.values():
        for rid in role.feedback:
            taking_part.setdefault(rid, []).append(role)
    for rhythm in fw.rhythms.values():
        held = {rm.measure for role in taking_part.get(rhythm.id, []) for rm in role.measures}
        for i, mid in enumerate(rhythm.reviews):
            if mid in held or mid not in fw.measures:
                continue
            measure = fw.measures[mid]
            yield finding(measure, f"{named(rhythm)} reviews {named(measure)}, but no role taking part in it is "
                                   f"held to that measure: people are asked to account for a number that is not "
                                   f"theirs", node=rhythm, key="reviews", index=i, measure=mid)
