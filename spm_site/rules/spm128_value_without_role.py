"""A value that no role names.

Why it matters: a framework should reflect the organisation's values, not only state them. A value
that no role lists under `values:` appears in no job, no review and no development plan: nobody is
asked to live it, so it stays a poster on the wall.

Example (flagged): `values/do-it-properly.yml` exists, and no role file says

    values:
      - value: do-it-properly

How to fix: add the value to the roles where it matters most, with the behaviours that count
there, or retire the value if it no longer describes how the organisation works.

Why this severity: a warning. A value nobody is asked to live stays a statement, but adding it to
roles is a design choice for the organisation, not a broken reference.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named

CODE = "SPM128"
NAME = "value-without-role"
SEVERITY = Severity.WARNING
HINT = "add the value under 'values:' of the roles where it matters most"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for value in fw.values.values():
        if not fw.roles_by_value.get(value.id):
            yield Finding(value, f"no role names {named(value)} under 'values:': nobody is asked to live it, so it "
                                 f"appears in no job, review or development plan", key="name")
