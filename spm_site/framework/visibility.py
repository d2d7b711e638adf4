"""Who may see what: the audiences an organisation defines, and each item's and field's visibility.

Audiences nest: `public` is what anyone may read; `internal` is everyone in the organisation, who
also read everything public; each named audience (`leadership`, `people-team`) is a group inside
the organisation, who read everything internal and public as well as what is restricted to them.
Named audiences do not see each other's restricted content.

It fails closed: an item or a sensitive field with no `visibility:` of its own and no default for
its kind in spm.yml is internal. A sensitive field (a role's targets, a level's pay band, a
measure's formula) is internal unless said otherwise even when its item is public, and is only
ever seen by someone who sees its item. `status: draft` keeps an item out of every build.

spm.yml declares the audiences and the defaults:

    audiences:
      names: [leadership, people-team]
      defaults:
        value: public
        principle: public
        level: public
        level.pay_band: leadership
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostic, Location
from .documents import Documents
from .loader import LocDict
from .model import AUDIENCE_PATTERN, Node, Status

PUBLIC, INTERNAL = "public", "internal"
BUILT_IN = (PUBLIC, INTERNAL)

#: The keys of `audiences: defaults:`, by the item kind (as `kinds.ITEM_KINDS` names it) they set.
DEFAULT_KEYS: dict[str, str] = {
    "pillar": "pillar", "principle": "principle", "level": "level", "rhythm": "feedback rhythm",
    "value": "value", "objective": "objective", "function": "function", "role": "role", "measure": "measure",
}
#: The sensitive fields of each item kind, each with a visibility of its own (`field_visibility:`).
SENSITIVE: dict[str, tuple[str, ...]] = {
    "role": ("targets", "weights"),
    "measure": ("formula", "source", "target"),
    "level": ("pay_band",),
}


@dataclass(frozen=True)
class Audiences:
    """The audiences of spm.yml and the visibility each kind (`value`) or field (`level.pay_band`) has by default."""

    names: tuple[str, ...] = ()
    #: By item kind (`feedback rhythm`) or `kind.field` (`level.pay_band`).
    defaults: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def all(self) -> tuple[str, ...]:
        """Every audience a site can be built for, the widest first."""
        return (*BUILT_IN, *self.names)

    def known(self, name: str) -> bool:
        return name in BUILT_IN or name in self.names

    def of_item(self, kind: str, item: Node) -> tuple[str, ...]:
        """Who may see `item`: its own `visibility`, else its kind's default, else internal."""
        return as_tuple(getattr(item, "visibility", None)) or self.defaults.get(kind) or (INTERNAL,)

    def of_field(self, kind: str, item: Node, name: str) -> tuple[str, ...]:
        """Who may see field `name` of `item` (on top of seeing the item): internal unless said otherwise."""
        own = getattr(item, "field_visibility", None)
        return (as_tuple(getattr(own, name, None)) if own is not None else ()) \
            or self.defaults.get(f"{kind}.{name}") or (INTERNAL,)


def as_tuple(value: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """`public` and `[public]` alike, as a tuple; () for nothing said."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def sees(audience: str, visibility: tuple[str, ...]) -> bool:
    """Whether readers of `audience` may see what `visibility` allows (public ⊂ internal ⊂ each named audience)."""
    if PUBLIC in visibility:
        return True
    if audience == PUBLIC:
        return False
    return INTERNAL in visibility or audience in visibility


def is_draft(item: Node) -> bool:
    return getattr(item, "status", Status.PUBLISHED) is Status.DRAFT


# --- spm.yml `audiences:` ------------------------------------------------------------------------

_NAME = re.compile(AUDIENCE_PATTERN)


def parse_audiences(data: Any, display: str, at: tuple[int, int] = (1, 1)) -> tuple[Audiences, list[Diagnostic]]:
    """`audiences:` of spm.yml, every mistake located; what is wrong is left out (so stays internal)."""
    problems: list[Diagnostic] = []

    def error(node: Any, key: Any, message: str, hint: str, *, name: str = "bad-setting", at_key: bool = False) -> None:
        mark = getattr(node, "mark", at)
        if isinstance(node, LocDict) and key is not None:
            mark = (node.key_marks if at_key else node.marks).get(key, mark)
        elif isinstance(node, list) and isinstance(key, int):
            marks = getattr(node, "marks", None)
            mark = marks[key] if marks and key < len(marks) else mark
        problems.append(Diagnostic(Location(display, *mark), name, message, hint=hint))

    if not isinstance(data, dict):
        error(None, None, "'audiences' must be a mapping with 'names' and 'defaults'",
              "for example: audiences: {names: [leadership], defaults: {value: public}}")
        return Audiences(), problems
    names: list[str] = []
    raw_names = data.get("names", [])
    if isinstance(raw_names, str):
        raw_names = [raw_names]
    if not isinstance(raw_names, list):
        error(data, "names", "'names' must be a list of audience names", "for example: names: [leadership, people-team]")
        raw_names = []
    for i, name in enumerate(raw_names):
        text = str(name)
        if not isinstance(name, str) or not _NAME.match(text):
            error(raw_names, i, f"'{text}' is not an audience name", "lower-case letters, digits and hyphens, like an id")
        elif text in BUILT_IN:
            error(raw_names, i, f"'{text}' is built in: it need not be listed", "list only your own audiences")
        elif text in names:
            error(raw_names, i, f"audience '{text}' is listed twice", "list each audience once")
        else:
            names.append(text)
    audiences = Audiences(tuple(names))
    defaults: dict[str, tuple[str, ...]] = {}
    raw_defaults = data.get("defaults", {})
    if not isinstance(raw_defaults, dict):
        error(data, "defaults", "'defaults' must map item kinds to an audience", "for example: defaults: {value: public}")
        raw_defaults = {}
    kinds = ", ".join(DEFAULT_KEYS)
    for key, value in raw_defaults.items():
        kind_key, _, field_name = str(key).partition(".")
        kind = DEFAULT_KEYS.get(kind_key)
        if kind is None or (field_name and field_name not in SENSITIVE.get(kind, ())):
            fields = ", ".join(f"{k}.{f}" for k, fs in SENSITIVE.items() for f in fs)
            error(raw_defaults, key, f"no kind or sensitive field is called '{key}'",
                  f"the kinds are: {kinds}; the sensitive fields: {fields}", at_key=True)
            continue
        given = as_tuple(value) if isinstance(value, (str, list)) else ()
        unknown = [str(v) for v in given if not isinstance(v, str) or not audiences.known(v)]
        if not given or unknown:
            error(raw_defaults, key, f"unknown audience '{unknown[0] if unknown else value}'",
                  _known_hint(audiences), name="unknown-audience")
            continue
        defaults[f"{kind}.{field_name}" if field_name else kind] = given
    for key in data:
        if key not in ("names", "defaults"):
            error(data, key, f"'audiences' has no setting '{key}'", "its settings are 'names' and 'defaults'", at_key=True)
    return Audiences(tuple(names), defaults), problems


def _known_hint(audiences: Audiences) -> str:
    named = f"; the organisation's own: {', '.join(audiences.names)}" if audiences.names else \
        "; name your own under audiences: names: in spm.yml"
    return f"use public, internal{named}"


# --- every visibility written in the framework names a known audience --------------------------

def _visibilities(node: Node) -> Iterator[tuple[Node, str, str | list[str]]]:
    """(node, key, value) of every `visibility` and `field_visibility` entry in `node` and below."""
    for key, value in node.__dict__.items():
        if value is None:
            continue
        if key == "visibility":
            yield node, key, value
        elif key == "field_visibility":
            for name, given in value.__dict__.items():
                if given is not None:
                    yield value, name, given
        elif isinstance(value, Node):
            yield from _visibilities(value)
        elif isinstance(value, list):
            for child in value:
                if isinstance(child, Node):
                    yield from _visibilities(child)


def check_names(docs: Documents, audiences: Audiences) -> list[Diagnostic]:
    """An unknown audience is an error where it is written: a typo must never publish or hide by accident."""
    problems = []
    singles = [d for d in (docs.organisation, docs.principles, docs.levels, docs.feedback, docs.retired) if d is not None]
    for document in [*singles, *docs.values, *docs.objectives, *docs.functions, *docs.roles, *docs.measures]:
        for node, key, value in _visibilities(document):
            for i, name in enumerate(as_tuple(value)):
                if audiences.known(name):
                    continue
                src = node.src
                mark = src.of(key, i if isinstance(value, list) else None) if src else (1, 1)
                problems.append(Diagnostic(Location(src.file if src else "?", *mark), "unknown-audience",
                                           f"unknown audience '{name}'", hint=_known_hint(audiences)))
    return problems


AUDIENCES_TEXT = ("Who may see what. `names` lists the organisation's own audiences (besides `public` and "
                  "`internal`); `defaults` gives each kind (`value: public`) or sensitive field "
                  "(`level.pay_band: leadership`) its visibility when an item says none. Without one, it is internal.")


def audiences_schema() -> dict:
    """The JSON Schema of spm.yml's `audiences:`, for editors."""
    one = {"type": "string", "pattern": AUDIENCE_PATTERN}
    visibility = {"anyOf": [one, {"type": "array", "items": one}]}
    keys = [*DEFAULT_KEYS, *(f"{k}.{f}" for k, v in DEFAULT_KEYS.items() for f in SENSITIVE.get(v, ()))]
    return {"type": "object", "title": "Audiences", "description": AUDIENCES_TEXT, "markdownDescription": AUDIENCES_TEXT,
            "additionalProperties": False,
            "properties": {
                "names": {"type": "array", "items": one, "description": "The organisation's own audiences."},
                "defaults": {"type": "object", "additionalProperties": False,
                             "description": "The visibility of each kind or sensitive field when an item says none.",
                             "properties": {k: visibility for k in keys}},
            }}
