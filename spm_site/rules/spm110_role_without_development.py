"""A role with nothing to grow into.

Why it matters: performance management should look forward as well as back. When a role lists
only measures of past results, reviews turn into verdicts; naming the skills and behaviours to
develop next keeps the conversation on development and future behaviour, not only past results.

Example (flagged):

    name: Customer success manager
    function: customer-success
    development: []

How to fix: list under `development:` a few skills or behaviours people in this role should grow
into, for example "Run a quarterly business review without support".

Why this severity: a warning. Development and future behaviour belong at the centre of the
conversation; a role without them is incomplete, but the feedback rhythm (SPM111, an error) is what
keeps that conversation happening, and it is checked on its own.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named

CODE = "SPM110"
NAME = "role-without-development"
SEVERITY = Severity.WARNING
HINT = "list under 'development:' the skills and behaviours to grow into in this role"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for role in fw.roles.values():
        if not role.development:
            yield Finding(role, f"role {named(role)} lists nothing under 'development:': people in it get verdicts "
                                "on past results and nothing to grow into", key="development")
