"""What a rule yields, and what a rule module declares.

A rule is a module with `CODE`, `NAME`, `SEVERITY`, `HINT`, optionally `Options` (a `RuleOptions`
dataclass whose fields declare each option's default, range and meaning, see
`spm_site.framework.options`) and a `check(fw, options)` generator of `Finding`s; options reach
`check` as an `Options` instance, already parsed and in range. Its docstring is its
documentation: a first line, then *Why it matters*, *Example*, *How to fix* and *Why this
severity* (the reasoning behind `SEVERITY`), printed by `spm-site explain CODE` and published as
the rule's own page (`reference/rules/<code>/`).
Rules read the resolved framework and never change it; the engine stamps severity and location.
A message names items with `named` (display name, then id), the key that is missing, and the
consequence for people. A finding about one measure sets `Finding.measure`, so that a waiver can
excuse it alone; a finding about a set points at the key that holds it (`on_key=True`) and lists
the members (`weights`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..framework.model import Node


@dataclass(frozen=True)
class Finding:
    """A rule's finding: `subject` is the item that can waive it, `node`/`key`/`index` where it points.

    `measure` is the id of the one measure the finding is about, when it is about one (an imposed
    measure on a role): a waiver that names that measure excuses this finding and no other.
    `on_key` points at the key itself (`measures:`) instead of its value: a finding about a whole
    set (weights that do not add up) belongs to the key that holds the set, not to its first member.
    """

    subject: Node
    message: str
    node: Node | None = None
    key: str | None = None
    index: int | None = None
    measure: str | None = None
    on_key: bool = False


def named(item: object) -> str:
    """An item as a finding names it: display name first, then the id, so that a reader finds it
    on the site and an author finds it in the file: `Account executive ('account-executive')`."""
    ident = getattr(item, "id", None)
    name = getattr(item, "name", None)
    if name and name != ident:
        return f"{name} ('{ident}')"
    return f"'{ident}'"


def either(names: list[str]) -> str:
    """`a`, `a or b`, `a, b or c`: a short list for a message."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def both(names: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`: every member of a set, for a message."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def some(items: list[object], limit: int = 4) -> str:
    """Up to `limit` items by `named`, and how many more: enough for a reader to find the rest."""
    shown = [named(item) for item in items[:limit]]
    rest = len(items) - len(shown)
    return both(shown + [f"{rest} more"]) if rest else both(shown)


def weights(fw: object, held: list[object]) -> str:
    """Each measure of a role with its weight, as a finding about the set lists them:
    `New ARR ('new-arr') 60, Win rate ('win-rate') no weight`."""
    measures = getattr(fw, "measures")
    return ", ".join(f"{named(measures[rm.measure])} {_weight(rm.weight)}" for rm in held)


def _weight(weight: float | None) -> str:
    return "no weight" if weight is None else f"{weight:g}"


def quoted(text: str, width: int = 60) -> str:
    """An author's sentence quoted in a message, cut to `width` characters: enough to find it."""
    flat = " ".join(text.split())
    return f"'{flat if len(flat) <= width else flat[: width - 1].rstrip() + '…'}'"
