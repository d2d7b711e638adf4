"""Competencies by theme: the checks `resolve` runs on themed expectations and key competencies,
and the one reading of a level's expectations that pages, the diff and the exchange share.

A level's `expectations` mix plain sentences and mappings (`Expectation`: id, text, theme,
proficiency, examples, links). The theme and the proficiency are references (`Refers`), checked
with every other reference; here are the rules references alone cannot state: an expectation's id
is unique within its level (the same id at two levels is the same expectation, so the comparison
and the diff can follow it), and a key competency of a value says what it looks like at each
level or track once.
"""

from __future__ import annotations

from typing import Protocol

from ..diagnostics import Diagnostic, Location
from .model import Expectation, Node, Role, RoleLevel, Value



class _Reporter(Protocol):  # the resolver, without importing it (it imports this module)
    problems: list[Diagnostic]

    def at(self, node: Node, key: str | None = None, index: int | None = None) -> Location: ...


def themed(level: RoleLevel) -> list[Expectation]:
    """The level's expectations written as mappings (with an id), in the order written."""
    return [e for e in level.expectations if isinstance(e, Expectation)]


def text_of(entry: str | Expectation) -> str:
    """What an expectation says, however it is written."""
    return entry.text if isinstance(entry, Expectation) else entry


def uses_themes(role: Role) -> bool:
    """Whether any level of the role writes an expectation as a mapping (the themed page layout)."""
    return any(themed(rl) for rl in role.levels)


def check_role(r: _Reporter, role: Role) -> None:
    """Each expectation id once per level of the role."""
    for rl in role.levels:
        seen: dict[str, Expectation] = {}
        for i, entry in enumerate(rl.expectations):
            if not isinstance(entry, Expectation):
                continue
            first = seen.setdefault(entry.id, entry)
            if first is not entry:
                line = first.src.of("id")[0] if first.src else "?"
                r.problems.append(Diagnostic(
                    r.at(entry, "id"), "duplicate-id",
                    f"expectation id '{entry.id}' is already used at this level (line {line})",
                    hint="an id names one expectation of the level: rename one, or merge the two"))


def check_value(r: _Reporter, value: Value) -> None:
    """Each key competency id once per value, and each of its behaviours for a distinct level and track."""
    seen: set[str] = set()
    for competency in value.competencies:
        if competency.id in seen:
            r.problems.append(Diagnostic(
                r.at(competency, "id"), "duplicate-id",
                f"key competency id '{competency.id}' is used twice in value '{value.id}'",
                hint="ids must be unique within the value: rename one of them"))
        seen.add(competency.id)
        places: set[tuple[str | None, str | None]] = set()
        for behaviour in competency.behaviours:
            place = (behaviour.level, behaviour.track)
            if place in places:
                where = " and ".join(f"{k} '{v}'" for k, v in (("level", place[0]), ("track", place[1])) if v) \
                    or "every level and track"
                r.problems.append(Diagnostic(
                    r.at(behaviour), "duplicate-id",
                    f"key competency '{competency.id}' already says what it looks like for {where}",
                    hint="keep one behaviour per level and track: merge the two"))
            places.add(place)
