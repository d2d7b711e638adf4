"""The one sentence that says each change, in words a reader who never saw YAML follows.

The CLI's reports and the site's edition pages both say changes through `describe`, so no change
is ever worded twice. Sentences are plain text: whoever prints them escapes them for their
context (Markdown, HTML, a terminal). Numbers carry their unit, and a target change says whether
the bar went up or down, which depends on the measure's direction: for "lower is better", a lower
number is a higher bar.
"""

from __future__ import annotations

from typing import Any

from ..framework.numbers import DEFAULT, Numbers
from ..framework.resolve import Framework, is_number
from .diff import KINDS, Change, FrameworkDiff

#: What a kind is called in a sentence, for kinds whose name is not their key.
_KIND_WORDS = {"feedback rhythm": "feedback conversation"}
#: Field names as a reader says them.
_FIELD_WORDS = {
    "reports_to": "reports to", "in_practice": "in practice", "prepared_by": "prepared by", "approved_by": "approved by",
    "approved_on": "approved on", "input_from": "input from", "why": "reason", "owner": "owner",
    "frequency": "measured", "kind": "kind of measure", "timing": "timing", "looks like": "looks like",
}
#: Kinds whose items are found by id (principles are a list, named by the change itself).
_COLLECTIONS = {name: collection for name, collection in KINDS if name != "principle"}


def number(value: float | str | None, unit: str | None = None, numbers: Numbers = DEFAULT,
           period: str | None = None) -> str:
    """`26` with its unit, as the pages write it (`framework/numbers.py`): `26%`, `£1,200,000`, `4 hours`,
    `12 calls a week`; a target in words quoted; `not set` for None."""
    if value is None:
        return "not set"
    if isinstance(value, str):
        return quoted(value)
    return numbers.amount(value, unit, period)


def quoted(text: Any) -> str:
    return f"“{' '.join(str(text).split())}”"


def bar(old: float | str | None, new: float | str | None, direction: str | None) -> str:
    """Whether a target change asks more (a higher bar) or less, by the measure's direction.

    Said only when both targets are numbers and the direction is stated: words ("TBD") cannot be
    compared, and without a direction nobody knows which way is more."""
    if not is_number(old) or not is_number(new) or old == new or direction is None:
        return ""
    higher = new > old if direction == "higher" else new < old
    return ", a higher bar" if higher else ", a lower bar"


class Names:
    """Names of items by id, from HEAD, else from BASE (a removed item keeps its old name)."""

    def __init__(self, base: Framework | None, head: Framework | None) -> None:
        self.sides = [fw for fw in (head, base) if fw is not None]

    def item(self, kind: str, item_id: str | None) -> Any:
        for fw in self.sides:
            found = getattr(fw, _COLLECTIONS[kind]).get(item_id)
            if found is not None:
                return found
        return None

    def __call__(self, kind: str, item_id: str | None) -> str:
        if item_id is None:
            return "none"
        found = self.item(kind, item_id)
        return getattr(found, "name", None) or item_id

    def behaviour(self, value_id: str | None, behaviour_id: str) -> str:
        for fw in self.sides:
            value = fw.values.get(value_id) if value_id else None
            for b in value.behaviours if value else []:
                if b.id == behaviour_id:
                    return b.looks_like
        return behaviour_id

    def ladder(self, ladder_id: str | None) -> str:
        """`the Engineering ladder`, or `the shared ladder` for None."""
        for fw in self.sides:
            if ladder_id in fw.ladders:
                return f"the {fw.ladders[ladder_id].name} ladder"
        return "the shared ladder" if ladder_id is None else f"the {ladder_id} ladder"

    def track(self, track_id: str | None) -> str:
        """`the People manager track`, or `no track` (shared by every track) for None."""
        for fw in self.sides:
            if track_id in fw.tracks:
                return f"the {fw.tracks[track_id].name} track"
        return "no track" if track_id is None else f"the {track_id} track"

    @property
    def numbers(self) -> Numbers:
        """How the organisation writes numbers: HEAD's locale, else BASE's."""
        return self.sides[0].numbers if self.sides else DEFAULT

    def period(self, measure_id: str | None) -> str | None:
        """The period the measure's targets are for (`week`), None when not stated."""
        found = self.item("measure", measure_id)
        return found.period.value if found is not None and getattr(found, "period", None) else None

    def measure_unit(self, measure_id: str | None) -> tuple[str | None, str | None]:
        """The measure's unit and direction, each None when not stated (or the measure is unknown)."""
        found = self.item("measure", measure_id)
        return (found.unit, found.direction.value if found.direction else None) if found is not None else (None, None)


def _kind(scope: str) -> str:
    return _KIND_WORDS.get(scope, scope)


def _field(key: str) -> str:
    return _FIELD_WORDS.get(key, key.replace("_", " "))


def _at(change: Change, names: Names) -> str:
    return f" at {names('level', change.level)}" if change.level else ""


def _texts(what: str, change: Change, where: str) -> str:
    """An entry of a list of texts added, removed or reworded."""
    if change.old is None:
        return f"New {what}{where}: {quoted(change.new)}"
    if change.new is None:
        return f"{what[:1].upper()}{what[1:]} dropped{where}: {quoted(change.old)}"
    return f"{what[:1].upper()}{what[1:]} reworded{where}: {quoted(change.old)} → {quoted(change.new)}"


def _value_text(key: str, value: Any, names: Names) -> str:
    if value is None or value == []:
        return "none"
    refers = {"function": "function", "reports_to": "role", "owner": None, "leader": "role", "pillar": "pillar",
              "parent": "objective", "sponsor": "role"}
    if key in refers and refers[key] and isinstance(value, str):
        return names(refers[key], value)
    if key == "objectives" and isinstance(value, list):
        return ", ".join(names("objective", v) for v in value)
    if key == "approved_by" and isinstance(value, list):
        return ", ".join(names("role", v) for v in value)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return number(value, numbers=names.numbers)
    return quoted(value) if isinstance(value, str) and " " in value else str(value)


def describe(change: Change, base: Framework | None = None, head: Framework | None = None) -> str:
    """The one sentence that says `change`, using the names in HEAD (BASE for what was removed)."""
    names = Names(base, head)
    c, name, kind = change, change.item_name, _kind(change.scope)
    where = _at(c, names)
    if c.aspect == "added":
        return f"New {kind}: {name}"
    if c.aspect == "removed":
        lost = ""
        if c.scope == "objective" and c.related:
            lost = "; " + ", ".join(names("measure", m) for m in c.related) + " no longer show progress on it"
        return f"{kind[:1].upper()}{kind[1:]} removed: {name}{lost}"
    if c.aspect == "renamed":
        said = f"{kind[:1].upper()}{kind[1:]} {name} has a new id: {c.old} → {c.new}"
        return said + _keep_old_links(c, names)
    if c.aspect == "visibility":
        return f"{kind[:1].upper()}{kind[1:]} {name} {_audience(c.new)}"
    if c.scope == "role":
        return _role(c, names, where)
    if c.scope == "level" and c.aspect == "track":
        now = f"moves to {names.track(c.new)}" if c.new else "is now shared by every track"
        return f"Level {name} {now} (it was on {names.track(c.old)})"
    if c.scope == "measure":
        return _measure(c, names)
    if c.scope == "value" and c.aspect.startswith("behaviour"):
        if c.aspect == "behaviour":
            if c.old is None:
                return f"{name} asks a new behaviour: {quoted(c.new)}"
            return f"{name} no longer asks: {quoted(c.old)}"
        what = "what it does not look like" if c.aspect.endswith("not like") else "a behaviour"
        return f"{name} rewords {what}: {quoted(c.old) if c.old else 'none'} → {quoted(c.new) if c.new else 'none'}"
    if c.scope == "function" and c.aspect == "accountabilities":
        return _texts(f"accountability of {name}", c, "")
    if c.scope == "function" and c.aspect == "accountability objectives":
        return (f"{name}'s accountability {quoted(c.subject)} serves "
                f"{_value_text('objectives', c.new, names)} (it served {_value_text('objectives', c.old, names)})")
    if c.aspect in ("key result", "handoff"):
        return _keyed(c, names)
    if c.scope == "organisation" and c.aspect == "commitment":
        key = c.subject or ""
        return f"Commitment, {_field(key)}: {_value_text(key, c.old, names)} → {_value_text(key, c.new, names)}"
    if c.scope == "competencies" and c.aspect == "cumulative":
        said = {True: "cumulative (a lower level's expectations still apply)",
                False: "not cumulative (each level stands on its own)", None: "not said to be cumulative or not"}
        return f"Expectations are now {said[c.new]}; they were {said[c.old]}"
    subject = "The organisation" if c.scope == "organisation" else f"{kind[:1].upper()}{kind[1:]} {name}"
    return f"{subject}, {_field(c.aspect)}: {_value_text(c.aspect, c.old, names)} → {_value_text(c.aspect, c.new, names)}"


def _keyed(c: Change, names: Names) -> str:
    """A key result (by its measure) or a hand-off (by the function it goes to) added, changed or dropped."""
    if c.aspect == "key result":
        unit, _ = names.measure_unit(c.subject)
        what = f"{c.item_name}'s key result on {names('measure', c.subject)}"

        def said(v: dict | None) -> str:
            return f"{number(v['target'], unit, names.numbers, names.period(c.subject))} by {v['by']}" if v else "none"
    else:
        what = f"{c.item_name}'s hand-off to {names('function', c.subject)}"

        def said(v: dict | None) -> str:
            spans = ", ".join(names("measure", m) for m in v["measures"]) if v else ""
            return f"{quoted(v['what'])}, spanned by {spans or 'no measure'}" if v else "none"
    return f"{what}: {said(c.old)} → {said(c.new)}"


def _audience(visibility: Any) -> str:
    """`becomes public`, `becomes internal`, `becomes visible to leadership only`."""
    if visibility is None:
        return "goes back to the default visibility"
    if visibility in ("public", "internal"):
        return f"becomes {visibility}"
    names = visibility if isinstance(visibility, list) else [visibility]
    return f"becomes visible to {' and '.join(names)} only"


def _keep_old_links(c: Change, names: Names) -> str:
    """The suggestion to list the old id in `previous_ids`, where the model has that field and it is not done yet."""
    item = names.item(c.scope, c.new) if c.scope in _COLLECTIONS else None
    if item is None or "previous_ids" not in type(item).model_fields or c.old in (getattr(item, "previous_ids", None) or []):
        return ""
    return f"; add {c.old} to its previous_ids so that links to its old page still lead here"


def _role(c: Change, names: Names, where: str) -> str:
    if c.aspect == "target":
        unit, direction = names.measure_unit(c.subject)
        per = names.period(c.subject)
        return (f"{names('measure', c.subject)}{where}: {number(c.old, unit, names.numbers, per)} → {number(c.new, unit, names.numbers, per)}"
                f"{bar(c.old, c.new, direction)}")
    if c.aspect == "weight":
        return f"Weight of {names('measure', c.subject)}: {number(c.old, '%', names.numbers)} → {number(c.new, '%', names.numbers)}"
    if c.aspect == "measure":
        return f"Now held to {names('measure', c.new)}" if c.old is None else f"No longer held to {names('measure', c.old)}"
    if c.aspect == "value":
        return f"Now asked to live {names('value', c.new)}" if c.old is None else f"No longer asked to live {names('value', c.old)}"
    if c.aspect == "behaviours":
        gained = [b for b in c.new if b not in c.old]
        dropped = [b for b in c.old if b not in c.new]
        parts = []
        if gained:
            parts.append("now also asked: " + "; ".join(quoted(names.behaviour(c.subject, b)) for b in gained))
        if dropped:
            parts.append("no longer asked: " + "; ".join(quoted(names.behaviour(c.subject, b)) for b in dropped))
        return f"{names('value', c.subject)}: " + ", ".join(parts or ["the behaviours asked are reordered"])
    if c.aspect == "expectations":
        return _texts("expectation", c, where)
    if c.aspect == "expectation":
        return _texts("expectation", c, where)
    if c.aspect.startswith("expectation "):
        return _expectation(c, names, where)
    if c.aspect == "responsibilities":
        return _texts("responsibility", c, "")
    if c.aspect == "development":
        return _texts("development focus", c, "")
    if c.aspect == "partnership":
        return _texts(f"partnership point for the {c.subject}", c, "")
    if c.aspect == "feedback":
        rhythm = names("feedback rhythm", c.new if c.old is None else c.old)
        return f"Now takes part in {rhythm}" if c.old is None else f"No longer takes part in {rhythm}"
    if c.aspect == "moves to":
        path = names("role", c.new if c.old is None else c.old)
        return f"Career path added: people move on to {path}" if c.old is None else f"Career path removed: {path}"
    if c.aspect == "level":
        return f"Now described{where}" if c.old is None else f"No longer described{where}"
    if c.aspect == "title":
        return f"Job title{where}: {c.old or 'none'} → {c.new or 'none'}"
    if c.aspect == "ladder":
        return f"Now climbs {names.ladder(c.new)} (it climbed {names.ladder(c.old)})"
    if c.aspect == "track":
        return (f"Now on {names.track(c.new)} (it was on {names.track(c.old)})" if c.new
                else f"No longer on one track (it was on {names.track(c.old)})")
    if c.aspect == "line of sight":
        return "Loses line of sight to " + ", ".join(names("objective", o) for o in c.old)
    return f"{_field(c.aspect)[:1].upper()}{_field(c.aspect)[1:]}: {_value_text(c.aspect, c.old, names)} → {_value_text(c.aspect, c.new, names)}"


def _expectation_text(c: Change, names: Names) -> str:
    """An expectation written as a mapping, as readers know it: its text (HEAD's, else BASE's), else its id."""
    for fw in names.sides:
        role = fw.roles.get(c.item_id)
        for rl in role.levels if role is not None else []:
            for e in rl.expectations:
                if rl.level == c.level and getattr(e, "id", None) == c.subject:
                    return quoted(e.text)
    return str(c.subject)


def _expectation(c: Change, names: Names, where: str) -> str:
    """A key of an expectation written as a mapping: its theme, proficiency, text, examples or links."""
    key = c.aspect.removeprefix("expectation ")
    if key in ("theme", "proficiency"):
        before, after = (names(key, v) if v else "none" for v in (c.old, c.new))
        said = {"theme": "moves to the theme", "proficiency": "is now asked at"}[key]
        return f"Expectation {_expectation_text(c, names)}{where} {said} {after} (it was {before})"
    if key == "text":
        return f"Expectation {c.subject} reworded{where}: {quoted(c.old)} → {quoted(c.new)}"
    return (f"Expectation {_expectation_text(c, names)}{where}, {key}: "
            f"{_value_text(key, c.old, names)} → {_value_text(key, c.new, names)}")


def _measure(c: Change, names: Names) -> str:
    name = c.item_name
    if c.aspect == "target":
        unit, direction = names.measure_unit(c.item_id)
        per = names.period(c.item_id)
        return f"Default target of {name}: {number(c.old, unit, names.numbers, per)} → {number(c.new, unit, names.numbers, per)}{bar(c.old, c.new, direction)}"
    if c.aspect in ("definition", "formula"):
        return f"{name} is redefined ({c.aspect}): {quoted(c.old) if c.old else 'none'} → {quoted(c.new) if c.new else 'none'}"
    if c.aspect == "direction":
        if c.new is None:
            return f"{name} no longer states whether higher or lower is better (it was {c.old})"
        return f"{name} now counts {'higher' if c.new == 'higher' else 'lower'} as better (it was {c.old or 'not stated'})"
    if c.aspect == "unit":
        if c.new is None:
            return f"{name} no longer states its unit (it was {c.old})"
        return f"{name} is now counted in {c.new} (it was {c.old or 'not stated'})"
    if c.aspect == "parent":
        return f"{name} now rolls up to {names('measure', c.new)}" if c.new else \
            f"{name} no longer rolls up to {names('measure', c.old)}"
    if c.aspect == "key":
        return f"{name} is now a key indicator" if c.new else f"{name} is no longer a key indicator"
    if c.aspect == "health":
        return f"Health of {name}: {_health(c.old)} → {_health(c.new)}"
    if c.aspect == "objectives":
        gained = [names("objective", o) for o in c.new or [] if o not in (c.old or [])]
        dropped = [names("objective", o) for o in c.old or [] if o not in (c.new or [])]
        parts = ([f"now shows progress on {', '.join(gained)}"] if gained else []) + (
            [f"no longer on {', '.join(dropped)}" if gained else f"no longer shows progress on {', '.join(dropped)}"]
            if dropped else [])
        return f"{name} " + " and ".join(parts or ["lists its objectives in a new order"])
    return f"Measure {name}, {_field(c.aspect)}: {_value_text(c.aspect, c.old, names)} → {_value_text(c.aspect, c.new, names)}"


def _health(health: dict[str, Any] | None) -> str:
    """A measure's health as the diff holds it (its fields as plain values): `at risk (as of 2026-11-02)`."""
    if health is None:
        return "not stated"
    day = health.get("as_of")
    return health["status"].replace("-", " ") + (f" (as of {day.isoformat()})" if day else "")


#: Aspects of a measure that change what it counts: "is redefined" in the summary line.
REDEFINING = ("definition", "formula", "direction", "unit")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary(diff: FrameworkDiff) -> str:
    """One line first: how many roles change, measures are redefined, who loses line of sight."""
    if not diff.changes and not diff.introduced and not diff.resolved:
        return "Nothing changes for anyone."
    roles = len(diff.roles_affected())
    parts = ["no role changes" if not roles else _count(roles, "role changes", "roles change")]
    redefined = len({c.item_id for c in diff.changes if c.scope == "measure" and c.aspect in REDEFINING})
    if redefined:
        parts.append(_count(redefined, "measure is redefined", "measures are redefined"))
    blind = len(diff.lost_sight)
    parts.append("no one loses line of sight" if not blind else _count(blind, "role loses line of sight", "roles lose line of sight"))
    if diff.introduced:
        parts.append(_count(len(diff.introduced), "new alignment finding", "new alignment findings"))
    if diff.resolved:
        parts.append(_count(len(diff.resolved), "alignment finding resolved", "alignment findings resolved"))
    line = ", ".join(parts)
    return line[:1].upper() + line[1:] + "."
