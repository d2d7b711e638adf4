"""The "For authors" section of the navigation: the pages that explain the YAML and the checks.

Employees read roles, measures and strategy; the people who write the framework read the
reference, the rules' own pages and the alignment report. Those sit together in one section, after
everything a reader needs, so the employees' menu holds only their pages. Labels are plain English
here, marked for the catalogue; `in_language` says the whole menu in the build's language.
"""

from __future__ import annotations

from ..diagnostics import rule_page
from .labels import Labels, N_
from .sanitize import html_text
from .. import rules as rule_registry

#: The section's title in the navigation.
AUTHORS = N_("For authors")
#: The page that explains every file, key and rule.
REFERENCE = {N_("Reference"): "reference.md"}
#: The alignment report, when the organisation publishes it.
ALIGNMENT = {N_("Alignment report"): "alignment.md"}
#: The sub-section that lists every rule's own page (`reference/rules/spm106.md`).
RULES = N_("Rules")

NavEntry = dict[str, "str | list[NavEntry]"]


def rule_entries() -> list[NavEntry]:
    """One entry per alignment rule, in code order, named in words ("Imposed measure"): the menu is on
    every page, employees' too, and rule codes are for authors' pages only."""
    return [{rule.NAME.replace("-", " ").capitalize(): rule_page(rule.CODE)} for rule in rule_registry.RULES.values()]


def for_authors(alignment: bool) -> NavEntry:
    """The section: the reference, the alignment report (unless the organisation leaves it out) and the rules."""
    return {AUTHORS: [REFERENCE, *([ALIGNMENT] if alignment else []), {RULES: rule_entries()}]}


def in_language(nav: list[NavEntry], t: Labels) -> list[NavEntry]:
    """The menu with each title in the build's language (a rule's name stays as it is), escaped: the
    theme prints menu titles as they are, and an organisation's own wording is author text."""
    out: list[NavEntry] = []
    for entry in nav:
        ((title, value),) = entry.items()
        out.append({html_text(t.label(title)): value if isinstance(value, str) else in_language(value, t)})
    return out


def pages(entry: NavEntry) -> list[str]:
    """Every page an entry leads to, its sub-sections' included."""
    (value,) = entry.values()
    if isinstance(value, str):
        return [value]
    return [page for child in value for page in pages(child)]


def narrow(nav: list[NavEntry], keep) -> list[NavEntry]:  # noqa: ANN001 - keep: str -> bool
    """The navigation with only the pages `keep` accepts; a section left with nothing is left out."""
    out: list[NavEntry] = []
    for entry in nav:
        ((title, value),) = entry.items()
        if isinstance(value, str):
            if keep(value):
                out.append(entry)
            continue
        children = narrow(value, keep)
        if children:
            out.append({title: children})
    return out
