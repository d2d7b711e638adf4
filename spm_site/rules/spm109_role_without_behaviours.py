"""A role that names none of the organisation's values and behaviours.

Why it matters: how people work matters as much as what they deliver. A role described only by its
results says nothing about the behaviours expected along the way, so the values stay on a poster
instead of in the conversations where performance is discussed.

Example (flagged):

    name: Account executive
    function: sales
    values: []

How to fix: list under `values:` the values (from `values/`) this role is expected to live, and,
where only some of a value's behaviours matter most here, name them under `behaviours:`.

Why this severity: a warning. Values and explicit behaviours weigh heavily, and SPM114 (a value
with no behaviours) is an error; but a role without values still says truthfully what it delivers,
and the values themselves are published for everyone, so the gap is incomplete guidance rather than
a misleading one.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named

CODE = "SPM109"
NAME = "role-without-behaviours"
SEVERITY = Severity.WARNING
HINT = "list under 'values:' the values (and, if you like, the behaviours) expected in this role"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for role in fw.roles.values():
        if not role.values:
            yield Finding(role, f"role {named(role)} names no value under 'values:': it says what people in it "
                                "deliver but not how they work, so their reviews weigh results alone",
                          key="values")
