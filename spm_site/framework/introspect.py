"""One reading of the models: every field of every mapping, in plain terms.

`resolve` checks references from it, `schema` titles and annotates the JSON Schemas from it, and
the reference page builds its tables from it, so all three read the same declarations in
`model` (the field types and their `Refers` metadata) and none of them guesses from another's output.
"""

from __future__ import annotations

import datetime as dt
import re
import types
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Annotated, Any, Iterator, Union, get_args, get_origin

from pydantic import StringConstraints

from .model import ID_PATTERN, Node, Refers


def human(name: str) -> str:
    """`last_reviewed` -> 'Last reviewed', `RoleMeasure` -> 'Role measure'."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).replace("_", " ").split()
    text = " ".join(words).lower()
    return text[:1].upper() + text[1:]


def plural(word: str) -> str:
    return word[:-1] + "ies" if word.endswith("y") else word + "s"


def _a(word: str) -> str:
    return ("an " if word.startswith(tuple("aeiou")) else "a ") + word


@dataclass(frozen=True)
class FieldSpec:
    """One key of a mapping, as an author meets it."""

    key: str
    required: bool
    #: What an absent key means (`None`, `[]`); None too when the key is required.
    default: Any
    #: `text`, `number`, `number or text` (a target), `date`, `yes-no`, `id`, `choice` (an enum) or
    #: `mapping` (a nested model).
    scalar: str
    #: A list of such values.
    many: bool
    #: `null` is allowed (`X | None`).
    optional: bool
    description: str
    refers: Refers | None = None
    model: type[Node] | None = None
    choices: tuple[str, ...] = ()
    #: Each value is plain text or a mapping of `model` (a level's `expectations`).
    or_text: bool = False

    @property
    def title(self) -> str:
        return human(self.key)

    @property
    def words(self) -> str:
        """The type in plain words: 'text', 'id of a role', 'list of role measures', 'one of higher, lower'."""
        return f"list of {self._noun(many=True)}" if self.many else self._noun(many=False)

    @property
    def target(self) -> str:
        """What one id of a reference names: 'a role', 'a behaviour of the item its `value` names'."""
        return self._target(many=False)

    def _target(self, many: bool) -> str:
        assert self.refers, f"{self.key} is not a reference"
        kind = plural(self.refers.kind) if many else _a(self.refers.kind)
        return kind + (f" of the item its `{self.refers.within}` names" if self.refers.within else "")

    def _noun(self, many: bool) -> str:
        if self.refers:
            return f"ids of {self._target(many=True)}" if many else f"id of {self.target}"
        if self.model:
            name = human(self.model.__name__).lower()
            name = plural(name) if many else name
            return f"{'texts' if many else 'text'} or {name}" if self.or_text else name
        if self.scalar == "choice":
            return "one of " + ", ".join(self.choices)
        if self.scalar in ("text", "yes-no", "number or text"):
            return self.scalar
        return plural(self.scalar) if many else self.scalar


def _text_or_model(annotation: Any) -> type[Node] | None:
    """The model of a union of plain text and one model (`Text | Expectation`), else None."""
    if get_origin(annotation) not in (Union, types.UnionType):
        return None
    members = [get_args(a)[0] if get_origin(a) is Annotated else a for a in get_args(annotation)]
    models = [m for m in members if isinstance(m, type) and issubclass(m, Node)]
    return models[0] if len(members) == 2 and len(models) == 1 and str in members else None


#: The base type of a `model.Target` field, whose scalar is `number or text`.
_TARGET = object()


def _strip(annotation: Any) -> tuple[Any, bool, bool, list[Any]]:
    """(the base type, many, optional, its Annotated metadata) of a field's annotation.

    A union of text and a model is read as the model (see `FieldSpec.or_text`)."""
    optional = many = False
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        optional = len(args) < len(get_args(annotation))
        if len(args) == 2 and get_origin(args[1]) is list and get_args(args[1]) == (args[0],):
            args = args[1:]  # one value or a list of them (`visibility`): described as the list
        if len(args) == 2 and float in args:  # a target: a number or words (`model.Target`)
            return _TARGET, many, optional, []
        (annotation,) = args
    if get_origin(annotation) is list:
        many = True
        (annotation,) = get_args(annotation)
    metadata: list[Any] = []
    if get_origin(annotation) is Annotated:
        annotation, *metadata = get_args(annotation)
    annotation = _text_or_model(annotation) or annotation
    if get_origin(annotation) in (Union, types.UnionType) and float in get_args(annotation):
        annotation = _TARGET
    return annotation, many, optional, metadata


def _scalar(base: Any, metadata: list[Any]) -> str:
    if isinstance(base, type) and issubclass(base, Node):
        return "mapping"
    if isinstance(base, type) and issubclass(base, Enum):
        return "choice"
    if base is bool:
        return "yes-no"
    if base in (int, float):
        return "number"
    if base is _TARGET:
        return "number or text"
    if base is dt.date:
        return "date"
    if any(isinstance(m, StringConstraints) and m.pattern == ID_PATTERN for m in metadata):
        return "id"
    return "text"


def _union_of(annotation: Any) -> Any:
    """The annotation inside `list[...]` and `Annotated[...]`, where a text-or-model union sits."""
    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation)
    return get_args(annotation)[0] if get_origin(annotation) is Annotated else annotation


@cache
def fields(model: type[Node]) -> tuple[FieldSpec, ...]:
    """Every key of `model`, in the order it declares them."""
    out = []
    for key, info in model.model_fields.items():
        base, many, optional, inner = _strip(info.annotation)
        metadata = [*inner, *info.metadata]
        out.append(FieldSpec(
            key=key,
            required=info.is_required(),
            default=None if info.is_required() else info.get_default(call_default_factory=True),
            scalar=_scalar(base, metadata),
            many=many,
            optional=optional,
            description=info.description or "",
            refers=next((m for m in metadata if isinstance(m, Refers)), None),
            model=base if isinstance(base, type) and issubclass(base, Node) else None,
            choices=tuple(e.value for e in base) if isinstance(base, type) and issubclass(base, Enum) else (),
            or_text=_text_or_model(_union_of(info.annotation)) is not None,
        ))
    return tuple(out)


def field(model: type[Node], key: str) -> FieldSpec:
    """The key `key` of `model`."""
    return next(spec for spec in fields(model) if spec.key == key)


def models(*roots: type[Node]) -> list[type[Node]]:
    """Every model reachable from `roots`, each once: a root, then depth first the models its keys
    mention, in key order (the order the reference page documents them)."""
    found: dict[type[Node], None] = {}

    def visit(model: type[Node]) -> None:
        if model in found:
            return
        found[model] = None
        for spec in fields(model):
            if spec.model:
                visit(spec.model)

    for root in roots:
        visit(root)
    return list(found)


def references(*roots: type[Node]) -> Iterator[tuple[type[Node], FieldSpec]]:
    """(model, field) for every field that names another item, in the models reachable from `roots`."""
    for model in models(*roots):
        for spec in fields(model):
            if spec.refers:
                yield model, spec
