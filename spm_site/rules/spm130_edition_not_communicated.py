"""An approved edition with no record of how it was communicated to everyone.

Why it matters: commitment from the top counts only when it reaches everyone else. An edition
signed off by leadership that nobody has walked people through is a framework people are held to
without having been shown it; they learn its measures at their review.

Only approved editions are checked (`approved_by:` or `approved_on:` given): one that nobody has
approved is SPM119's finding, and there is nothing to communicate yet.

Example (flagged): approved, with no `communicated:`.

    commitment:
      edition: FY2027
      approved_by: [chief-executive]
      approved_on: 2026-10-01

How to fix: say how and when the edition reached everyone:

    commitment:
      communicated: Launched at the all-company meeting on 8 October; every manager walked their
        team through their role pages by the end of the month.

Why this severity: a warning. An approved edition nobody was shown undermines commitment, but the
record is a sentence in organisation.yml and the check cannot know whether the launch simply is not
written down.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding

CODE = "SPM130"
NAME = "edition-not-communicated"
SEVERITY = Severity.WARNING
HINT = "add 'communicated:' under 'commitment:' in organisation.yml: how and when everyone was told"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    commitment = fw.organisation.commitment
    if (commitment.approved_by or commitment.approved_on) and not commitment.communicated:
        yield Finding(fw.organisation, f"edition '{commitment.edition}' is approved but 'communicated:' does not "
                                       f"say how it reached everyone: people are held to a framework they may never "
                                       f"have been shown", node=commitment, key="edition")
