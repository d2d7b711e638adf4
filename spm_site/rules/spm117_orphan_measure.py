"""A measure no role is held to.

Why it matters: a measure that is defined but never appears on a role has nobody accountable for
moving it. It still looks like part of the framework, so people assume someone is watching it when
nobody is. (A measure that supports no objective is a different gap, reported by SPM101.)

Example (flagged): `measures/pipeline.yml` defines `meetings-booked`, but no file in `roles/`
lists it under `measures:`.

How to fix: add the measure to the `measures:` of the role (or roles) that answer for it, or retire
it. If it is kept on purpose for now, for example while it is piloted, waive this rule on the
measure and say why.

Why this severity: a warning. Nobody is judged on an orphan measure, so it harms no one; it
misleads readers into thinking someone watches it, and it is often kept on purpose while piloted
(waive it with the reason).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named

CODE = "SPM117"
NAME = "orphan-measure"
SEVERITY = Severity.WARNING
HINT = "hold a role to this measure under its 'measures:', or retire the measure"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for measure in fw.measures.values():
        if not fw.roles_by_measure.get(measure.id):
            yield Finding(measure, f"measure {named(measure)} is an orphan: no role lists it under 'measures:', so "
                                   "nobody is accountable for moving it while readers assume someone is", key="id")
