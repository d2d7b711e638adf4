"""A value with no observable behaviours.

Why it matters: a value stated only in words means something different to everyone who reads it.
Behaviours you can see are what make it usable in a review or a coaching conversation: both people
can point at what happened instead of arguing about what the value means.

Example (flagged):

    name: Customer first
    statement: We do what is right for the customer.
    behaviours: []

How to fix: add under `behaviours:` two to five things someone living the value visibly does
(`looks_like:`), each with what the opposite looks like (`not_like:`).

Why this severity: an error. Working with values means explicit behaviours: a value without any is
the one thing the handbook cannot be used to judge or coach fairly.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named

CODE = "SPM114"
NAME = "value-without-behaviours"
SEVERITY = Severity.ERROR
HINT = "add under 'behaviours:' what living this value looks like, observably"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for value in fw.values.values():
        if not value.behaviours:
            yield Finding(value, f"value {named(value)} lists nothing under 'behaviours:': nobody can see whether "
                                 "it is being lived, so in a review it means whatever each person reads into it",
                          key="behaviours")
