"""Career paths and the comparison page, as plain data for templates and for the page's script.

The comparison page is one page for every pair: it loads `assets/compare.json`, built once per build
from the (audience-filtered) framework, and shows two roles, or one role at two levels, side by side.
A page per pair would grow with the square of the roles; this grows with the roles (measured with
`bench/generate.py`: see AUTHORING.md). Every string in the JSON is HTML-escaped author text
(`sanitize.html_text`), so the script may place it as HTML and the output scan reads it as text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..framework.competencies import text_of
from ..framework.model import Measure, Role
from ..framework.resolve import Framework, TargetValue
from . import measure_text, sanitize, urls
from .labels import ENGLISH, Labels
from .targets import role_level_ids

#: Where the comparison page lives, and the data it loads (site paths; the data sits next to spm.js).
PAGE = "compare.md"
DATA = "assets/compare.json"


@dataclass(frozen=True)
class CareerPaths:
    """Where people in a role typically go next (as the author listed them) and come from (by name)."""

    next: list[Role]
    previous: list[Role]


def career_paths(fw: Framework, role: Role) -> CareerPaths:
    """The role's `moves_to:` in the author's order, and the roles that name it, by name."""
    previous = sorted(fw.moves_from.get(role.id, []), key=lambda r: (r.name.lower(), r.id))
    return CareerPaths([fw.roles[r] for r in role.moves_to if r in fw.roles], previous)


def _esc(value: object) -> str:
    return sanitize.html_text(value)


def _target(fw: Framework, value: TargetValue, measure: Measure, t: Labels) -> str:
    """A target as the role page writes it (the organisation's numbers, the period in the page's
    language), as plain text: the script places it as HTML once `_esc` has escaped it."""
    if value is None or isinstance(value, str):
        return "—" if value is None else value
    shown = fw.numbers.amount(value, measure.unit)
    period = measure_text.period_text(measure.period, t)
    return f"{shown} {period}" if period else shown


def _role(fw: Framework, role: Role, directory_urls: bool, t: Labels) -> dict:
    """One role as the comparison page shows it: its levels (ladder order), each with its expectations
    and the effective target of every measure the role is held to at that level (`Framework.target`).
    The role "at every level" shows each level's target (one, when they agree), never the role's own
    default, which a role with levels holds nobody to unless a level leaves it standing."""
    order = {lid: i for i, lid in enumerate(fw.levels)}
    measures = [rm.measure for rm in role.measures if rm.measure in fw.measures]
    level_ids = role_level_ids(fw, role)

    def one(m: str, level: str | None) -> str:
        return _target(fw, fw.target(role, m, level), fw.measures[m], t)

    def targets(level: str | None) -> dict[str, str]:
        return {m: _esc(one(m, level)) for m in measures}

    def every_level(m: str) -> str:
        shown = [(fw.levels[lid].name, one(m, lid)) for lid in level_ids]
        if len({text for _, text in shown}) == 1:
            return shown[0][1]
        return "; ".join(t.raw("%(level)s: %(target)s", level=name, target=text) for name, text in shown)

    levels = [{"id": rl.level, "name": _esc(fw.levels[rl.level].name), "title": _esc(rl.title or ""),
               "expectations": [_esc(text_of(e)) for e in rl.expectations], "targets": targets(rl.level)}
              for rl in sorted(role.levels, key=lambda rl: order.get(rl.level, len(order))) if rl.level in fw.levels]
    function = fw.functions.get(role.function)
    return {"id": role.id, "name": _esc(role.name), "function": _esc(function.name if function else ""),
            "url": urls.page_url(f"roles/{role.id}.md", PAGE, directory_urls), "purpose": _esc(role.purpose),
            "measures": measures, "levels": levels,
            "targets": {m: _esc(every_level(m)) for m in measures} if level_ids else targets(None),
            "moves_to": [r for r in role.moves_to if r in fw.roles]}


def data_json(fw: Framework, directory_urls: bool = True, t: Labels = ENGLISH) -> str:
    """The comparison page's data: every role (by name) and the names of the measures they are held to.
    Compact and key-sorted, so that two builds of the same framework write the same bytes."""
    roles = sorted(fw.roles.values(), key=lambda r: (r.name.lower(), r.id))
    held = {rm.measure for r in roles for rm in r.measures}
    data = {"roles": [_role(fw, r, directory_urls, t) for r in roles],
            "measures": {m: {"name": _esc(ms.name), "url": urls.page_url(f"measures/{m}.md", PAGE, directory_urls)}
                         for m, ms in fw.measures.items() if m in held}}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def role_choices(fw: Framework) -> list[Role]:
    """The roles the page offers, by name (the static list of the page's form)."""
    return sorted(fw.roles.values(), key=lambda r: (r.name.lower(), r.id))


GLOBALS = {"career_paths": career_paths, "compare_roles": role_choices,
           "compare_data_name": DATA.rsplit("/", 1)[1]}  # next to spm.js, which resolves it
