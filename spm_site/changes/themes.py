"""What changed in a role level's expectations when some are written by theme, and in competencies.yml.

A plain sentence is compared as before (added, dropped, reworded). An expectation written as a
mapping is matched by its id: a new id is a new expectation, a missing one is dropped, and the same
id with another theme, proficiency, text, examples or links is one change per key, for the role
that holds it. A sentence that becomes a mapping with the same text is not dropped and added: it
is the same expectation, now given a theme and a proficiency. A theme or a step of the scale that
is renamed or redefined changes what every role using it is asked, so those roles see it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..framework.competencies import themed
from ..framework.model import Expectation, Role, RoleLevel
from ..framework.resolve import Framework

if TYPE_CHECKING:  # diff imports this module
    from .diff import _Differ

#: The keys of a mapped expectation compared one by one, in this order.
KEYS = ("text", "theme", "proficiency", "examples", "links")
#: Aspects of a role change about one expectation written as a mapping (`Change.subject` is its id).
ASPECTS = tuple(f"expectation {key}" for key in KEYS)


def _value(expectation: Expectation | None, key: str) -> Any:
    if expectation is None:
        return None
    value = getattr(expectation, key)
    if key == "links":
        return [f"{link.title} <{link.url}>" for link in value]
    return list(value) if isinstance(value, list) else value


def role_level(differ: _Differ, role: Role, lid: str, old: RoleLevel, new: RoleLevel) -> None:
    """Every change to the expectations of `role` at level `lid`."""
    from .diff import list_changes  # the one pairing of reworded texts

    me = [role.id]
    before = {e.id: e for e in themed(old)}
    after = {e.id: e for e in themed(new)}
    plain_old = [e for e in old.expectations if isinstance(e, str)]
    plain_new = [e for e in new.expectations if isinstance(e, str)]
    # a sentence that became a mapping with the same text (a new id): the same expectation, now themed
    promoted = {e.text for e in after.values() if e.id not in before and e.text in plain_old and e.text not in plain_new}
    for was, now in list_changes([t for t in plain_old if t not in promoted], plain_new):
        index = new.expectations.index(now) if now is not None else None
        differ.add("role", role, "expectations", level=lid, old=was, new=now, affects=me,
                   where=differ.at(new, "expectations", index))
    for i, entry in enumerate(new.expectations):
        if not isinstance(entry, Expectation):
            continue
        was = before.get(entry.id)
        if was is None and entry.text not in promoted:
            differ.add("role", role, "expectation", level=lid, subject=entry.id, new=entry.text, affects=me,
                       where=differ.at(new, "expectations", i))
            continue
        for key in KEYS if was is not None else KEYS[1:]:  # promoted: its text did not change
            a, b = _value(was, key), _value(entry, key)
            if a != b and (a or b):
                differ.add("role", role, f"expectation {key}", level=lid, subject=entry.id, old=a, new=b,
                           affects=me, where=differ.at(entry, key))
    for ident, was in before.items():
        if ident not in after:
            differ.add("role", role, "expectation", level=lid, subject=ident, old=was.text, affects=me,
                       where=differ.at(new, "expectations"))


def users(fw: Framework, key: str, ident: str) -> list[str]:
    """The roles with an expectation whose `key` (`theme` or `proficiency`) is `ident`."""
    return sorted(r.id for r in fw.roles.values() if any(getattr(e, key) == ident for rl in r.levels for e in themed(rl)))


def definitions(differ: _Differ) -> None:
    """Themes and proficiency steps added, removed, renamed or redefined, and the cumulative flag."""
    for kind, collection, key in (("theme", "themes", "theme"), ("proficiency", "scale", "proficiency")):
        def using(old: Any, new: Any, key: str = key) -> list[str]:
            ids = users(differ.head, key, new.id) if new is not None else []
            if old is not None:
                ids += [differ.new_id("role", r) for r in users(differ.base, key, old.id)]
            return sorted(set(ids))

        differ.simple(kind, collection, ("name", "description"), using)
    if differ.base.cumulative != differ.head.cumulative:
        everyone = sorted(r.id for r in differ.head.roles.values() if r.levels)
        differ.add("competencies", None, "cumulative", old=differ.base.cumulative, new=differ.head.cumulative,
                   affects=everyone, item_id="competencies")
