"""A role with a manager but no written split of what the employee and the manager own.

Why it matters: performance is a shared responsibility. Without a written partnership, each side
assumes the other will prepare the check-in, chase the development plan or raise the problem
early, and when something slips nobody owned it. Top roles (no `reports_to`) are not checked:
their manager is outside the framework.

Example (flagged): a role with `reports_to: sales-manager` and no `partnership:`, or one of whose
two lists is empty.

How to fix: write both sides:

    partnership:
      employee:
        - Prepares the monthly check-in from their dashboard.
      manager:
        - Reviews two calls a week with the employee.

Why this severity: a warning. The shared responsibility is unwritten, not absent; it matters most
for the first review where each side expected the other to act.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named

CODE = "SPM129"
NAME = "role-without-partnership"
SEVERITY = Severity.WARNING
HINT = "add 'partnership:' with what the employee owns under 'employee:' and what the manager owns under 'manager:'"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for role in fw.roles.values():
        if role.reports_to is None:
            continue
        partnership = role.partnership
        if partnership is None:
            missing, key = "has no 'partnership:'", "reports_to"
        elif not partnership.employee or not partnership.manager:
            side = "employee" if not partnership.employee else "manager"
            missing, key = f"lists nothing under 'partnership: {side}:'", "partnership"
        else:
            continue
        manager = fw.roles.get(role.reports_to)
        yield Finding(role, f"{named(role)} {missing}: neither the person in the role nor their manager"
                            f"{' (' + named(manager) + ')' if manager else ''} knows which part of the "
                            f"responsibility for performance is theirs", key=key)
