"""A measure that lacks a definition, a target, a frequency or a source.

Why it matters: a measure is only as fair as it is clear. Without a written definition two people
count it two ways; without a target nobody knows what good is; without a frequency it is looked at
when someone remembers; without a source its numbers cannot be checked. Expectations stay
transparent and consistent only when all four are written down.

Example (flagged): no `definition:`, `frequency:` or `source:`.

    - id: win-rate
      name: Win rate
      unit: "%"
      direction: higher
      target: 25

How to fix: add the missing fields: `definition:` in plain words, `target:` in the measure's
unit, `frequency:` (weekly, monthly, quarterly ...) and `source:`, the system or report the data
comes from.

Why this severity: a warning. A measure with a name and a definition can already be talked about;
what is missing makes it less transparent, and the handbook shows the missing facts as not stated
rather than inventing them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, either

CODE = "SPM116"
NAME = "measure-incomplete"
SEVERITY = Severity.WARNING
HINT = "add the missing fields so everyone counts the measure the same way"

_FIELDS = ("definition", "target", "frequency", "source")


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for measure in fw.measures.values():
        missing = [name for name in _FIELDS if getattr(measure, name) is None]
        if missing:
            yield Finding(measure, f"measure '{measure.id}' has no {either(missing)}: "
                                   "people cannot count it the same way or know what good is", key="id")
