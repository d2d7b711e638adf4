"""A hand-off between two functions that no shared or quality measure spans.

Why it matters: where one function passes work to another (marketing's leads to sales, sales' new
customers to onboarding), the giver is usually held to how much it passes and the receiver to what
it makes of it. Nobody then answers for the quality of what crosses the line: marketing can hit
its lead count with leads sales cannot use, and each side blames the other. A measure held on
both sides of the hand-off, or one that measures its quality, makes it one shared problem.

A measure spans a hand-off when it is listed under the hand-off's `measures:` and either roles of
both functions are held to it, or it is `kind: effectiveness`. A listed measure whose kind is not
stated is given the benefit of the doubt (SPM116 asks for its kind).

Example (flagged): the only measure counts volume, and only marketing is held to it.

    handoffs:
      - to: sales
        what: Marketing qualified leads
        measures: [marketing-qualified-leads]

How to fix: add the measure that shows whether the work handed over is good enough, and hold both
sides to it, or list the one that already does:

    handoffs:
      - to: sales
        what: Marketing qualified leads
        measures: [marketing-qualified-leads, mql-acceptance-rate]

Why this severity: a warning. The hand-off is where functions pull against each other, but whether a
listed measure really captures quality is a judgement the check can only approximate, and the fix is
a conversation between two leaders, not a field to fill in.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.model import Kind
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named


CODE = "SPM120"
NAME = "handoff-without-shared-measure"
SEVERITY = Severity.WARNING
HINT = ("list under the hand-off's 'measures:' a measure both functions are held to, or one of "
        "kind 'effectiveness' that measures the quality of what is handed over")


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for function in fw.functions.values():
        for handoff in function.handoffs:
            receiver = fw.functions.get(handoff.to)
            if receiver is None:
                continue  # hidden from this audience
            listed = [m for m in (fw.measures.get(mid) for mid in handoff.measures) if m is not None]
            described = []
            spanned = False
            for measure in listed:
                held_by = {role.function for role in fw.roles_by_measure.get(measure.id, [])}
                kind = measure.kind
                if kind is None or kind is Kind.EFFECTIVENESS or {function.id, receiver.id} <= held_by:
                    spanned = True
                    break
                sides = " and ".join(sorted(held_by)) or "no role"
                described.append(f"{named(measure)} ({kind.value}, held by {sides})")
            if spanned:
                continue
            gap = (f"its measures, {', '.join(described)}, are neither held on both sides nor a measure of quality"
                   if described else "it lists no measure under 'measures:'")
            yield Finding(function, f"{named(function)} hands '{handoff.what}' to {named(receiver)}, but {gap}: "
                                    f"each side is judged on its own number and nobody on whether what is "
                                    f"handed over is good enough to use",
                          node=handoff, key="measures" if handoff.measures else "to",
                          on_key=bool(handoff.measures))
