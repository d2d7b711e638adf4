"""A manager whose reports have no conversation in which feedback goes upward.

Why it matters: a partnership between employee and manager rests on feedback that runs both ways.
When no conversation a manager's reports take part in gives them the floor to say what the
manager should start, stop or keep doing, the manager never hears it, and the reports learn that
feedback is something done to them.

Checked: roles that others report to. Their reports' conversations (from `feedback.yml`) are
two-way when one of them says `upward: true`. Reports with no conversation at all are SPM111's.

Example (flagged): every rhythm the reports take part in leaves out `upward:`.

    - id: monthly-check-in
      name: Monthly check-in
      cadence: monthly

How to fix: make feedback to the manager part of a regular conversation and record it:

    - id: monthly-check-in
      name: Monthly check-in
      cadence: monthly
      upward: true

Why this severity: a warning. Two-way feedback is part of the partnership the framework promises,
but the conversation may exist and simply not be marked; marking it is a one-line fix.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named

CODE = "SPM125"
NAME = "no-upward-feedback"
SEVERITY = Severity.WARNING
HINT = "mark with 'upward: true' in feedback.yml a conversation in which reports give their manager feedback"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for manager in fw.roles.values():
        rhythms = {}
        for report in fw.reports.get(manager.id, []):
            for rid in report.feedback:
                if rid in fw.rhythms:
                    rhythms.setdefault(rid, fw.rhythms[rid])
        if not rhythms or any(getattr(r, "upward", None) is True for r in rhythms.values()):
            continue
        names = ", ".join(named(r) for r in rhythms.values())
        yield Finding(manager, f"none of the conversations {named(manager)}'s reports take part in ({names}) says "
                               f"'upward: true': the people who report to this role have no recorded way to give "
                               f"it feedback, so the partnership runs one way", key="id")
