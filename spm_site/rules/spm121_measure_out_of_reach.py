"""A role held, with real weight, to a number broader than it can move.

Why it matters: a company-wide number (company revenue, total support cost against revenue) held
against an individual contributor judges them on results decided far from their desk. They cannot
improve it by working better, so the measure stops guiding what they do and only adds luck to
their review. A little weight on a shared number can build a sense of one team; a heavy weight is
a number they cannot influence.

A measure's `scope:` says whose number it is; a role's reach follows from the framework: the top
role, and the function leaders who report to it, answer for the company; other function leaders
for their function; a role others report to for its team; everyone else for their own work.
Measures without a `scope:` are not checked. `min_weight` sets the share of a role's weight from
which a broader number is flagged (when no measure of the role has a weight, each counts equally;
when only some have one, SPM113 says so and this rule waits).

Example (flagged): an account executive (no reports, leads no function) with a company measure.

    measures:
      - measure: company-revenue      # scope: company
        weight: 40

How to fix: hold the role to its own part of the number (the account executive's bookings, scope
`individual`), or lower the weight of the shared number below `min_weight`.

Why this severity: a warning. Being judged on a number one cannot influence is unfair and
demotivating, but a broader number at some weight is sometimes chosen on purpose (a shared bonus
measure, a partner role); the organisation decides, and a waiver with a reason records it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..diagnostics import Severity
from ..framework.options import RuleOptions, Whole, setting
from ..framework.resolve import Framework
from .base import Finding, named
from .facts import REACH_WORDS, SCOPE_RANK, equal_shares, reach, share_text, shares

CODE = "SPM121"
NAME = "measure-out-of-reach"
SEVERITY = Severity.WARNING
HINT = "hold the role to its own part of the number (a narrower 'scope:'), or lower the weight of the broader one"


@dataclass(frozen=True)
class Options(RuleOptions):
    min_weight: int = setting(20, Whole(1, 100), "The share (percent) of a role's weight from which a measure "
                                                 "broader than the role's reach is flagged.")


def check(fw: Framework, options: Options) -> Iterator[Finding]:
    for role in fw.roles.values():
        split = shares(role)
        if split is None:
            continue
        can_move = reach(fw, role)
        for i, rm in enumerate(role.measures):
            measure = fw.measures.get(rm.measure)
            scope = getattr(measure, "scope", None)
            if scope is None or SCOPE_RANK[scope] <= SCOPE_RANK[can_move] or split[i] < options.min_weight:
                continue
            yield Finding(role, f"{named(role)} is held to {named(measure)}, a {scope.value} number, for "
                                f"{share_text(split[i])} of its weight{equal_shares(role)}, but the role can move only "
                                f"{REACH_WORDS[can_move]}: people in this role will be judged on a number "
                                f"they cannot influence", node=rm, key="measure",
                          measure=rm.measure)
