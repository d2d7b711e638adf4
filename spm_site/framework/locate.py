"""Turn pydantic's validation errors into located, HR-readable diagnostics.

pydantic reports a `loc` path such as `('measures', 2, 'weight')`. We walk the same path through the
located data the loader built to find the line and column, and through the model classes to find
the field's description, which becomes the hint ("what to do").
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from ..characters import char_name
from ..diagnostics import Diagnostic, Location
from .loader import LocDict, LocList, Mark
from .model import ID_PATTERN, UNION_TAGS, URL_PATTERN

#: How much of an author's value a message repeats: enough to recognise it, never a whole page.
SHOWN_LENGTH = 60


_TYPED_HINTS = {
    "not-a-boolean": "write true or false (yes, no, on and off mean different things to different YAML readers)",
    "not-a-number": "write a plain number such as 25 or 2.5, without units: the unit has a field of its own",
    "invalid-date": "write a real date as YYYY-MM-DD, for example 2026-03-31",
    "invalid-id": "ids use lower-case letters, digits and single hyphens, like 'account-executive'",
    "too-long": "shorten it: a name is shown in menus, tables, page titles and diagrams; "
                "or raise 'limits: max_name_length' in spm.yml",
    "hidden-character": "delete it: it is invisible, or reorders what readers see. Joiners between two letters "
                        "and direction marks are allowed; embeddings, overrides, isolates and zero-width spaces are not",
}


#: Errors whose message goes on from the field's name as a sentence.
_SENTENCES = frozenset({"too-long", "hidden-character"})


def shown(value: str) -> str:
    """An author's value for a message: in quotes, cut short if it is long."""
    return f"'{value[:SHOWN_LENGTH]}…'" if len(value) > SHOWN_LENGTH else f"'{value}'"


def _walk(raw: LocDict, loc: tuple) -> tuple[Mark, Any, bool]:
    """The position reached along `loc`, the value there, and whether the whole path exists."""
    node: Any = raw
    mark = raw.mark
    for part in loc:
        if isinstance(node, LocDict) and isinstance(part, str) and part in node:
            mark, node = node.marks[part], node[part]
        elif isinstance(node, LocList) and isinstance(part, int) and 0 <= part < len(node):
            mark, node = node.marks[part], node[part]
        else:
            return mark, node, False
    return mark, node, True


def _unwrap(annotation: Any) -> Any:
    """The model class behind `list[X]`, `X | None` and `Annotated[X, ...]`, if any."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if not args:
                return None
            models = [a for a in args if isinstance(_unwrap(a), type) and issubclass(_unwrap(a), BaseModel)]
            annotation = models[0] if models else args[0]  # text or a mapping: the mapping has the fields
        else:
            return annotation


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that owns the last string key of `loc`."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if isinstance(current, type) and issubclass(current, BaseModel) else None
        if field is None:
            return None
        current = _unwrap(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping of keys and values"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return shown(str(value))


def untagged(loc: tuple) -> tuple:
    """`loc` without the tags a text-or-mapping union puts after a list index (`UNION_TAGS`)."""
    return tuple(p for i, p in enumerate(loc) if not (p in UNION_TAGS and i and isinstance(loc[i - 1], int)))


def _one(error: dict, raw: LocDict, model: type[BaseModel]) -> Diagnostic:
    loc = untagged(tuple(error["loc"]))
    kind = error["type"]
    mark, value, exists = _walk(raw, loc)
    key = next((p for p in reversed(loc) if isinstance(p, str)), None)
    owner = _model_at(model, loc)
    field = owner.model_fields.get(key) if owner and key else None
    described = field.description if field else None
    name = f"'{key}'" if key else "this value"
    rule, hint = "wrong-type", described

    if kind == "missing":
        rule, message = "missing-key", f"{name} is required here but missing"
    elif kind == "extra_forbidden":
        parent = raw
        for part in loc[:-1]:
            parent = parent[part] if isinstance(parent, (dict, list)) else parent
        if isinstance(parent, LocDict) and key in parent.key_marks:
            mark = parent.key_marks[key]
        known = sorted(owner.model_fields) if owner else []
        close = difflib.get_close_matches(str(key), known, n=1)
        rule = "unknown-key"
        message = f"unknown key '{key}'" + (f" (did you mean '{close[0]}'?)" if close else "")
        hint = "keys allowed here: " + ", ".join(known) if known else None
    elif kind in _TYPED_HINTS:
        joined = " " if kind in _SENTENCES else ": "  # `'name' is 250 characters long`, not `'name': is ...`
        rule, message, hint = kind, f"{name}{joined}{error['msg']}", _TYPED_HINTS[kind]
        if kind == "not-a-number" and "target in words" in error["msg"]:
            hint += " (a target may also be words, such as TBD)"
    elif kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == ID_PATTERN:
        rule = "invalid-id"
        message = f"{shown(str(value))} is not a valid id"
        hint = "ids use lower-case letters, digits and single hyphens, like 'account-executive'"
        odd = next((c for c in str(value) if not c.isascii() or not c.isprintable()), None)
        if odd is not None:
            hint += f"; this one holds {char_name(odd)}, which may be invisible"
    elif kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == URL_PATTERN:
        message = f"{name} should be one address, without spaces, quotes, brackets or parentheses, not {_describe(value)}"
    elif kind == "string_too_short":
        rule, message = "missing-value", f"{name} is empty"
    elif kind == "enum":
        rule = "not-allowed"
        message = f"{name} must be one of {error['ctx']['expected']}, not {_describe(value)}"
    elif value is None and exists:
        rule, message = "missing-value", f"{name} has no value"
    elif kind in ("list_type", "tuple_type"):
        message = f"{name} should be a list (one '- ' line per item), not {_describe(value)}"
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        message = f"{name} should be a mapping of keys and values, not {_describe(value)}"
    elif kind == "string_type":
        message = f"{name} should be text, not {_describe(value)}"
        if isinstance(value, dict):
            hint = "text that contains ': ' reads as a key and a value: put the whole text in double quotes"
    else:
        message = f"{name}: {error['msg']}"
    return Diagnostic(Location(raw.file, *mark), rule, message, hint=hint)


def validation_diagnostics(exc: ValidationError, raw: LocDict, model: type[BaseModel]) -> list[Diagnostic]:
    """One located diagnostic per pydantic error."""
    return [_one(error, raw, model) for error in exc.errors(include_url=False)]
