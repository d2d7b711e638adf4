"""An edition of the framework that no sponsor stands behind or nobody has approved.

Why it matters: people take a performance framework seriously when they can see that the top of
the organisation owns it. An edition with no sponsor, no record of who approved it or no approval
date reads as a draft, and gives anyone who would rather not follow it a reason not to.

Example (flagged): no `sponsor:`, `approved_by:` or `approved_on:`.

    commitment:
      statement: We stand behind this framework.
      edition: FY2027

How to fix: complete `commitment:` in `organisation.yml`:

    commitment:
      sponsor: chief-executive
      statement: We stand behind this framework.
      edition: FY2027
      approved_by: [chief-executive, chief-financial-officer]
      approved_on: 2026-10-01

Why this severity: an error. Commitment from top management, communicated to everyone, is a
principle of the system: an edition with no sponsor or approval reads as a draft, and gives anyone
who would rather not follow it a reason not to.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, either

CODE = "SPM119"
NAME = "edition-not-approved"
SEVERITY = Severity.ERROR
HINT = "add 'sponsor:', 'approved_by:' and 'approved_on:' under 'commitment:' in organisation.yml"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    commitment = fw.organisation.commitment
    missing = [key for key, given in (("sponsor", commitment.sponsor), ("approved_by", commitment.approved_by),
                                      ("approved_on", commitment.approved_on)) if not given]
    if missing:
        fields = either([f"'{key}:'" for key in missing])
        yield Finding(fw.organisation, f"edition '{commitment.edition}' has no {fields} "
                                       "under 'commitment:': it reads as a draft nobody at the top stands behind, and "
                                       "gives anyone who would rather not follow it a reason not to",
                      node=commitment, key=missing[0])
