"""A measure that does not state its target, unit, direction, owner, kind, timing, frequency or source.

Why it matters: a measure is only as fair as it is clear. Indicator sets are often published as
they were inherited, with only a name and a definition; spm-site accepts that, shows readers each
missing fact as "not stated" rather than guessing it, and reports the gaps here so they get filled.
Without a target nobody knows what good is; without a direction nobody can tell whether a rise is
good news; without an owner nobody answers for the definition; without a unit the numbers cannot
be read; without a kind and a timing effort cannot be told from results; without a frequency it is
looked at when someone remembers; without a source its numbers cannot be checked.

A target in words ("at or above the industry median", "TBD") is a stated target: it is shown as
written and not reported here. (The definition is required, so a measure without one does not load.)

Example (flagged): no `target:`, `direction:`, `frequency:` or `source:`.

    - id: complaints-resolved
      name: Complaints resolved in time
      definition: Complaints closed within the promised time, as a share of complaints closed.
      unit: "%"
      owner: customer-service

How to fix: add the missing fields, or write the target in words if it is not a number yet
(`target: TBD`). An organisation that publishes an inherited indicator set on purpose can lower
this rule's severity in spm.yml (`rules: {SPM116: info}`) while it fills the gaps, or waive it on one
measure with the reason.

Why this severity: a warning. A measure with a name and a definition can already be talked about;
what is missing makes it less transparent, and the handbook shows the missing facts as not stated
rather than inventing them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, either, named

CODE = "SPM116"
NAME = "measure-incomplete"
#: A warning: the measure still works as a description, but people may be held to a number they
#: cannot read, compare or check. Not an error, since what is missing is never invented on the site.
SEVERITY = Severity.WARNING
HINT = "add the missing fields (a target may be written in words, such as `TBD`) so everyone reads the measure the same way"

#: Each fact a measure should state, with what readers lose without it, in the order they are reported.
CONSEQUENCES = {
    "target": "nobody knows what good is",
    "unit": "its numbers cannot be read",
    "direction": "nobody can tell whether a rise is good news",
    "owner": "nobody answers for its definition",
    "kind": "effort cannot be told from results",
    "timing": "nobody knows whether it predicts results or records them",
    "frequency": "it is looked at when someone remembers",
    "source": "its numbers cannot be checked",
}


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for measure in fw.measures.values():
        missing = [name for name in CONSEQUENCES if getattr(measure, name) is None]
        if missing:
            lost = "; ".join(CONSEQUENCES[name] for name in missing)
            yield Finding(measure, f"measure {named(measure)} does not state its {either(missing)}: {lost}. "
                                   "Readers see each as not stated", key="id")
