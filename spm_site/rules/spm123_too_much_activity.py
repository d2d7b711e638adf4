"""A role whose weight rests mostly on activity measures, even beside an effectiveness measure.

Why it matters: when most of a role's weight counts effort (calls made, meetings booked, leads
generated), people are paid to do more rather than better. An effectiveness or outcome measure
beside them does not help if it carries little weight: the executive team asking for more calls
can push quality down while everyone hits their numbers.

The limit is the framework's own: a principle in `principles.yml` with `max_activity_share:`
(the first one that says), else this rule's `max_share` option. Roles held only to activity
measures are reported by SPM112, not here. Shares are read from the weights (each measure counts
equally when none has one; when only some have one, SPM113 says so and this rule waits); a
measure whose kind is not stated is not counted as activity.

Example (flagged): with `max_share: 50`, 70% of the weight is activity.

    measures:
      - measure: calls-made          # kind: activity
        weight: 40
      - measure: meetings-booked     # kind: activity
        weight: 30
      - measure: win-rate            # kind: effectiveness
        weight: 30

How to fix: move weight from the activity measures to the effectiveness or outcome measures they
are meant to drive, until activity is within the limit.

Why this severity: a warning. Too much weight on activity undermines effectiveness, but the limit is
the organisation's own choice (its principle or spm.yml), and a role in a ramp-up period may sit
above it for a while.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..diagnostics import Severity
from ..framework.model import Kind
from ..framework.options import RuleOptions, Whole, setting
from ..framework.resolve import Framework
from .base import Finding, named
from .facts import equal_shares, listing, share_text, shares

CODE = "SPM123"
NAME = "too-much-activity"
SEVERITY = Severity.WARNING
HINT = "move weight from activity measures to the effectiveness or outcome measures they should drive"

_TOLERANCE = 1e-6


@dataclass(frozen=True)
class Options(RuleOptions):
    max_share: int = setting(50, Whole(1, 100), "The largest share (percent) of a role's weight that activity "
                                                "measures may take, unless a principle sets its own "
                                                "in principles.yml (max_activity_share).")


def check(fw: Framework, options: Options) -> Iterator[Finding]:
    principle = next((p for p in fw.principles if p.max_activity_share is not None), None)
    limit = principle.max_activity_share if principle is not None else options.max_share
    source = (f"that the principle {named(principle)} allows" if principle is not None
              else "set for this rule (max_share)")
    for role in fw.roles.values():
        split = shares(role)
        if split is None:
            continue
        kinds = [getattr(fw.measures.get(rm.measure), "kind", None) for rm in role.measures]
        if all(k is Kind.ACTIVITY for k in kinds):
            continue  # SPM112's finding
        activity = [i for i, k in enumerate(kinds) if k is Kind.ACTIVITY]
        total = sum(split[i] for i in activity)
        if total <= limit + _TOLERANCE:
            continue
        members = listing((named(fw.measures[role.measures[i].measure]), share_text(split[i])) for i in activity)
        yield Finding(role, f"{named(role)} puts {share_text(total)} of its weight on activity measures "
                            f"({members}){equal_shares(role)}, above the {limit:g}% {source}: people in this role are rewarded "
                            f"for doing more rather than doing it well", key="measures", on_key=True)
