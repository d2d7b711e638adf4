"""A behaviour that does not say what its opposite looks like.

Why it matters: a behaviour is easiest to recognise next to its contrast. Writing down what falling
short looks like removes guesswork for both employee and manager, and keeps the expectation the
same from one team to the next.

Example (flagged):

    behaviours:
      - id: listen-first
        looks_like: Asks what the customer needs before proposing anything.

How to fix: add `not_like:` with the observable opposite, for example "Pitches the product before
understanding the problem."

Why this severity: a warning. The behaviour is there and can be discussed; its contrast makes it
consistent across teams, which is worth having but does not block publishing.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named

CODE = "SPM115"
NAME = "behaviour-without-opposite"
SEVERITY = Severity.WARNING
HINT = "add 'not_like:' describing what the opposite of this behaviour looks like"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for value in fw.values.values():
        for behaviour in value.behaviours:
            if behaviour.not_like is None:
                yield Finding(value, f"behaviour '{behaviour.id}' of value {named(value)} has no 'not_like:': "
                                     "what falling short looks like is left to each manager's guess",
                              node=behaviour, key="looks_like")
