"""An objective that no measure tracks, directly or through the objectives beneath it.

Why it matters: without a measure nobody can say whether an objective is on course until it is
too late, and progress becomes a matter of opinion. A broad objective does not need a measure of
its own when the narrower objectives that contribute to it (its children, at any depth) are
measured: it counts as tracked through them. Only an objective with no measure anywhere in its
tree is flagged.

Example (flagged): `objectives/happier-customers.yml` exists, but no measure lists
`happier-customers` under `objectives:`, and no objective with `parent: happier-customers` is
measured either.

How to fix: add the objective's id under `objectives:` of the measure (or measures) that show
progress on it, define a new measure for it in `measures/`, or break it down into child
objectives that are measured.

Why this severity: a warning. The objective still has an owner and accountabilities that point at
it, so people know who answers for it; what is missing is the evidence of progress, which can
follow the first edition without misleading anyone in the meantime.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named

CODE = "SPM103"
NAME = "objective-without-measure"
SEVERITY = Severity.WARNING
HINT = "list this objective under 'objectives:' of a measure that shows progress on it"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    tracked: dict[str, bool] = {}

    def is_tracked(oid: str) -> bool:
        # Parent chains have no cycles (resolve reports them before rules run).
        if oid not in tracked:
            tracked[oid] = bool(fw.measures_by_objective.get(oid)) or any(
                is_tracked(child.id) for child in fw.children.get(oid, []))
        return tracked[oid]

    for objective in fw.objectives.values():
        if not is_tracked(objective.id):
            yield Finding(objective, f"objective {named(objective)} is listed under 'objectives:' of no measure, nor "
                                     "is any objective beneath it: nobody can tell whether it is on course until "
                                     "it is too late, and progress becomes a matter of opinion", key="id")
