"""What a site says about the audience it was built for: one sentence, in the footer and on the home page."""

from __future__ import annotations

from ..diagnostics import RULE_PAGES
from ..framework.resolve import Framework
from ..framework.visibility import INTERNAL, PUBLIC
from .labels import ENGLISH, Labels
from .sanitize import html_text


def edition_line(audience: str, t: Labels = ENGLISH) -> str:
    """The sentence as safe HTML text (the theme prints the footer as it is)."""
    if audience == PUBLIC:
        text = t.raw("Public edition: only what anyone may read.")
    elif audience == INTERNAL:
        text = t.raw("Internal edition: for everyone in the organisation.")
    else:
        text = t.raw("Edition for %(audience)s: includes what is restricted to %(audience)s.", audience=audience)
    return html_text(text)


#: Pages a public site leaves out: the authors' reference explains the YAML with worked examples
#: that are spm-site's own, not the organisation's, and may share names with what is hidden (so do
#: the rules' own pages under `reference/rules/`, left out with it by `for_public`).
NOT_FOR_PUBLIC = ("reference.md",)


def for_public(path: str) -> bool:
    """Whether a public site publishes the page: not the reference for authors, nor a rule's own page."""
    return path not in NOT_FOR_PUBLIC and not path.startswith(RULE_PAGES)


def for_audience(pages: list, audience: str | None) -> list:  # of render.Page: render imports this module's package
    """The pages a site for `audience` publishes."""
    return [p for p in pages if audience != PUBLIC or for_public(p.path)]


def empty_sections(fw: Framework) -> set[str]:
    """The index pages with nothing to list for this (filtered) framework: a public site with no
    roles keeps `roles/index.md`, but the navigation need not offer it."""
    lists = {"roles/index.md": fw.roles, "measures/index.md": fw.measures, "objectives/index.md": fw.objectives,
             "functions/index.md": fw.functions, "values/index.md": fw.values, "principles.md": fw.principles,
             "levels.md": fw.levels, "feedback.md": fw.rhythms, "strategy.md": fw.pillars,
             "cascade.md": fw.objectives}
    return {page for page, items in lists.items() if not items}
