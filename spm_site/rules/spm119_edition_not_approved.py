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
        yield Finding(fw.organisation, f"edition '{commitment.edition}' has no {either(missing)}: "
                                       "nobody at the top is seen to stand behind it",
                      node=commitment, key=missing[0])
