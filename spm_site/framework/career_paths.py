"""Career paths: the roles a role's people typically move to (`moves_to:`), checked when resolved.

The references themselves are checked like every other (`Refers("role")`); this module adds what a
path must also respect: it leads somewhere else, and names each role once.
"""

from __future__ import annotations

from typing import Protocol

from ..diagnostics import Diagnostic, Location
from .model import Node, Role


class _Reporter(Protocol):  # the resolver, without importing it (it imports this module)
    problems: list[Diagnostic]

    def at(self, node: Node, key: str | None = None, index: int | None = None) -> Location: ...


def check_role(r: _Reporter, role: Role) -> None:
    """A role does not move to itself, and names each next role once."""
    seen: set[str] = set()
    for i, target in enumerate(role.moves_to):
        if target == role.id:
            r.problems.append(Diagnostic(
                r.at(role, "moves_to", i), "self-reference",
                f"role '{role.id}' names itself as a role its people move to",
                hint="list only other roles under 'moves_to'; staying in the role is growth, described by its levels"))
        elif target in seen:
            r.problems.append(Diagnostic(
                r.at(role, "moves_to", i), "duplicate-id",
                f"role '{target}' is listed twice under 'moves_to'",
                hint="keep one entry per role"))
        seen.add(target)
