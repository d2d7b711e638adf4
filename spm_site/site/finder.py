"""What the home page's role finder and the search index need: roles by function, and the other
names people use for a role or a measure (`abbreviations:`, `synonyms:`).

Plain data for templates and the plugin; the words on the page are in `home.md.j2`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..framework.model import Measure, Role
from ..framework.resolve import Framework
from .labels import ENGLISH, Labels


@dataclass(frozen=True)
class FinderGroup:
    """The roles of one function, as the finder lists them (no JS: a plain list under the function's name)."""

    #: The function's id, or "" for roles whose function this edition does not show.
    function: str
    name: str
    roles: list[Role]


def finder_groups(fw: Framework, t: Labels = ENGLISH) -> list[FinderGroup]:
    """Functions in the roles index's order, each with its roles; roles without a shown function last."""
    groups = [FinderGroup(f.id, f.name, list(fw.roles_by_function[f.id]))
              for f in fw.functions.values() if f.id in fw.roles_by_function]
    if None in fw.roles_by_function:
        groups.append(FinderGroup("", t.raw("Other roles"), list(fw.roles_by_function[None])))
    return groups


def also_called(item: object) -> list[str]:
    """A role's or measure's abbreviations, then its synonyms, as the author wrote them (other kinds: none).

    The plugin files the page under them in the search index (Material's `tags` field, boosted far
    above the text), so `NRR` finds Net revenue retention first."""
    if not isinstance(item, (Role, Measure)):
        return []
    return [*item.abbreviations, *item.synonyms]


def search_terms(item: object) -> list[str]:
    """What search files an item's page under besides its text: its other names, and for a role the
    titles it has at its levels ("Senior account executive"), since the sections that hold them
    are not indexed (engine/search_index.py): a reader searching their own job title finds the role."""
    terms = also_called(item)
    if isinstance(item, Role):
        terms += [rl.title for rl in item.levels
                  if rl.title and rl.title.strip().lower() != item.name.strip().lower() and rl.title not in terms]
    return terms


def example_abbreviation(fw: Framework) -> str | None:
    """A short form the framework really has, for the home page's search hint (none: no hint)."""
    for item in (*fw.measures.values(), *fw.roles.values()):
        if item.abbreviations:
            return item.abbreviations[0]
    return None


GLOBALS = {"finder_groups": finder_groups, "also_called": also_called, "example_abbreviation": example_abbreviation}
