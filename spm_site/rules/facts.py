"""What several of the SPM12x rules need to know about a role, read the same way by each.

Every fact here copes with what the model may leave out (a measure without a kind or a scope,
a role whose weights are incomplete, a level's expectation written as a mapping): what cannot be
told is left out, so a rule never reports on a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..framework.model import Role, Scope
from ..framework.resolve import Framework


#: Narrowest first: a role may be held to a number as broad as its own reach, not broader.
SCOPE_RANK = {Scope.INDIVIDUAL: 0, Scope.TEAM: 1, Scope.FUNCTION: 2, Scope.COMPANY: 3}
#: What a role at each reach can move, in a message's words.
REACH_WORDS = {Scope.INDIVIDUAL: "its own work", Scope.TEAM: "its own team",
               Scope.FUNCTION: "its own function", Scope.COMPANY: "the whole company"}
_COACHING = re.compile(r"\b(coach|mentor)", re.IGNORECASE)


def shares(role: Role) -> dict[int, float] | None:
    """Each of the role's measures' share of its weight in percent, by position in `measures`.

    Weights as given (scaled to 100 if they add up to something else), an equal share each when no
    measure has a weight; None when only some have one (SPM113 says so): the split is not known.
    """
    if not role.measures:
        return None
    weights = [rm.weight for rm in role.measures]
    if all(w is None for w in weights):
        return {i: 100 / len(weights) for i in range(len(weights))}
    if any(w is None for w in weights):
        return None
    total = sum(weights)  # type: ignore[arg-type]
    if total <= 0:
        return None
    return {i: w * 100 / total for i, w in enumerate(weights)}  # type: ignore[operator]


def share_text(value: float) -> str:
    """A share as a message writes it: `33%`, `12.5%`."""
    return f"{round(value, 1):g}%"


def equal_shares(role: Role) -> str:
    """What a message adds when the shares are not the author's: no measure of the role has a weight."""
    return " (no weights are stated, so each measure counts equally)" if all(
        rm.weight is None for rm in role.measures) else ""


def reach(fw: Framework, role: Role) -> Scope:
    """The broadest number a role can move: the top role and the function leaders who report to it
    answer together for the company; another function leader for the function; a manager for the
    team; everyone else for their own work."""
    leads = any(f.leader == role.id for f in fw.functions.values())
    manages = bool(fw.reports.get(role.id))
    if role.reports_to is None and (leads or manages):
        return Scope.COMPANY
    if leads:
        boss = fw.roles.get(role.reports_to) if role.reports_to else None
        return Scope.COMPANY if boss is not None and boss.reports_to is None else Scope.FUNCTION
    return Scope.TEAM if manages else Scope.INDIVIDUAL


def mentions_coaching(texts: Iterable[str | None], also: Iterable[str] = ()) -> bool:
    """Whether any text speaks of coaching or mentoring, or names one of `also` (a rhythm's name)."""
    names = [n.lower() for n in also if n]
    for text in texts:
        if isinstance(text, str) and (_COACHING.search(text) or any(n in text.lower() for n in names)):
            return True
    return False


def listing(pairs: Iterable[tuple[str, str]]) -> str:
    """`'a' (40%), 'b' (30%)`: the members of a set with their numbers."""
    return ", ".join(f"{name} ({number})" for name, number in pairs)
