"""A manager whose reports have weekly coaching that the manager's own role never mentions.

Why it matters: ongoing feedback depends on managers who coach. When every report has a weekly
one-to-one with their manager but the manager's role says nothing about coaching or running those
conversations, the coaching is nobody's written job: it is not in what the manager is asked to do,
measured on or helped to grow in, so it is the first thing dropped in a busy week.

Checked: roles that others report to, whose reports take part in a weekly coaching conversation:
`cadence: weekly`, not `run_by: employee`, and either `run_by: manager` or speaking of coaching in
its name or purpose (a weekly stand-up is not one). The manager's role covers it when a responsibility,
a level expectation, a development item or its partnership speaks of coaching or mentoring or
names that conversation, or when one of its measures (name or definition) does.

Example (flagged): the sales manager's reports have `weekly-coaching`, and its role says:

    responsibilities:
      - Lead a team of account executives.
      - Submit the team forecast.

How to fix: write the coaching into the manager's role, for example:

    responsibilities:
      - Hold a weekly coaching one-to-one with every team member.

Why this severity: a warning. The coaching may well happen; what is missing is that the manager's
role says so, which the check reads from words and cannot be sure of.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.competencies import text_of
from ..framework.model import Cadence, Rhythm, RunBy
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, either, named
from .facts import mentions_coaching

CODE = "SPM124"
NAME = "manager-without-coaching"
SEVERITY = Severity.WARNING
HINT = "add to the manager's responsibilities that they coach their reports in these conversations"


def _coaching(rhythm: Rhythm) -> bool:
    """A weekly coaching conversation: weekly, not run by the employee, and either said to be run by
    the manager or speaking of coaching in its name or purpose (a weekly stand-up is not one)."""
    return rhythm.cadence is Cadence.WEEKLY and rhythm.run_by is not RunBy.EMPLOYEE and (
        rhythm.run_by is RunBy.MANAGER or mentions_coaching([rhythm.name, rhythm.purpose]))


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for manager in fw.roles.values():
        reports = fw.reports.get(manager.id, [])
        weekly = {}
        for report in reports:
            for rid in report.feedback:
                rhythm = fw.rhythms.get(rid)
                if rhythm is not None and _coaching(rhythm):
                    weekly.setdefault(rid, rhythm)
        if not weekly:
            continue
        partnership = manager.partnership
        texts = [*manager.responsibilities, *(text_of(e) for rl in manager.levels for e in rl.expectations), *manager.development,
                 *(partnership.employee + partnership.manager if partnership else [])]
        for rm in manager.measures:
            measure = fw.measures.get(rm.measure)
            texts += [getattr(measure, "name", None), getattr(measure, "definition", None)]
        if mentions_coaching(texts, also=[r.name for r in weekly.values()]):
            continue
        who = ", ".join(named(r) for r in reports if set(r.feedback) & set(weekly))
        yield Finding(manager, f"{named(manager)} has reports ({who}) who meet it in "
                               f"{either([named(r) for r in weekly.values()])} every week, but nothing in its "
                               f"responsibilities, measures or development says it coaches them or runs that "
                               f"conversation: the weekly coaching its people rely on is nobody's written job",
                      key="responsibilities" if manager.responsibilities else None, on_key=True)
