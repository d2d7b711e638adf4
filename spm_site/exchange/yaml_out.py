"""Write framework files as a person would: block style, keys in the model's order, quoted only where needed.

Every reader must read the same value back: spm-site's loader (all text), a YAML 1.2 editor and
an old YAML 1.1 tool. So a string is left plain only when no reader could take it for anything
else (`no`, `on`, `1.10`, `012`, `12:30`, dates, `null`, `#`, `: ` ...); otherwise it is written
in double quotes with escapes. Long one-line texts are folded (`>-`) at single spaces, the way
the sample framework is written; text with line breaks becomes a literal block (`|`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from decimal import Decimal
from enum import Enum
from typing import Any

from ..framework import introspect
from ..framework.model import Node

#: Where a long text is folded.
WIDTH = 96

#: Plain scalars some YAML reader (1.1 or 1.2) would take for a boolean, a null, a number or a date.
_SPECIAL = re.compile(
    r"""(?x)^(?:
      y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
    | ~|null|Null|NULL
    | [-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?
    | [-+]?0[xob][0-9a-fA-F_]+
    | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
    | [-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)
    | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?
    | <<|=
    )$""")
#: Characters that may not start a plain scalar, or that change its meaning inside one.
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_ESCAPED = {"\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\uFEFF"}


def _plain_ok(text: str) -> bool:
    """Whether `text` can be written without quotes and read back, by every reader, as this text."""
    if not text or text != text.strip() or _SPECIAL.match(text):
        return False
    if text[0] in _INDICATORS:  # `-x` and `:x` would be plain to some parsers: not worth the doubt
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\t" in text:
        return False
    return all(c.isprintable() and c not in _ESCAPED for c in text)


def quoted(text: str) -> str:
    """`text` in YAML double quotes; every invisible or line-breaking character escaped."""
    body = json.dumps(text, ensure_ascii=False)[1:-1]
    out = []
    for c in body:
        if c in _ESCAPED:
            out.append(_ESCAPED[c])
        elif not c.isprintable() and c != " ":
            out.append(f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def number(value: float) -> str:
    """A number as YAML 1.1 and 1.2 both read it: `25`, `0.5`, `0.00001` (never `1e-05`)."""
    if isinstance(value, bool):  # pragma: no cover - booleans are not numbers here
        raise TypeError(value)
    if float(value).is_integer():
        return str(int(value))
    return format(Decimal(repr(float(value))), "f")


def fact_text(value: Any) -> str | None:
    """A yes/no, a number or a date as YAML and a spreadsheet cell both write it; None for anything else."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return None


def _scalar(value: Any, indent: int) -> str:
    """The text after `key: ` (or `- `) for one scalar; may span lines (block scalars)."""
    fact = fact_text(value)
    if fact is not None:
        return fact
    if isinstance(value, Enum):
        value = value.value
    text = str(value)
    if "\n" in text:
        return _literal(text, indent)
    if len(text) > WIDTH and _foldable(text):
        return ">-\n" + "\n".join(" " * indent + line for line in textwrap.wrap(
            text, WIDTH - indent, break_long_words=False, break_on_hyphens=False))
    return text if _plain_ok(text) else quoted(text)


def _foldable(text: str) -> bool:
    """Whether a folded block (`>-`) gives `text` back exactly: one line, single spaces, nothing invisible."""
    return (text == text.strip() and "  " not in text and "\t" not in text
            and all(c.isprintable() and c not in _ESCAPED for c in text))


def _literal(text: str, indent: int) -> str:
    """A literal block for text with line breaks, or quotes when a block could not hold it exactly."""
    lines = text.split("\n")
    body = lines[:-1] if text.endswith("\n") else lines
    if (text.endswith("\n\n") or text.startswith((" ", "\n")) or any(not c.isprintable() for c in text.replace("\n", ""))
            or any(line != line.rstrip() for line in body) or "\r" in text):
        return quoted(text)
    chomp = "" if text.endswith("\n") else "-"
    return f"|{chomp}\n" + "\n".join(" " * indent + line if line else "" for line in body)


def plain(node: Node, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The keys of `node` an author would write, in the model's order: defaults and `None` left out."""
    out: dict[str, Any] = {}
    for spec in introspect.fields(type(node)):
        if spec.key in skip:
            continue
        value = getattr(node, spec.key)
        if not spec.required and (value is None or value == spec.default):
            continue
        if isinstance(value, Node):
            value = plain(value)
        elif isinstance(value, list):
            value = [plain(v) if isinstance(v, Node) else v for v in value]
        out[spec.key] = value
    return out


def dump(data: dict[str, Any]) -> str:
    """A YAML document for `data` (plain dicts, lists and scalars), block style throughout."""
    lines: list[str] = []
    _mapping(data, 0, lines)
    return "\n".join(lines) + "\n"


def _mapping(data: dict[str, Any], indent: int, lines: list[str], first_prefix: str | None = None) -> None:
    pad = " " * indent
    for i, (key, value) in enumerate(data.items()):
        lead = first_prefix if (i == 0 and first_prefix is not None) else pad
        _entry(f"{lead}{key}:", value, indent, lines)


def _entry(head: str, value: Any, indent: int, lines: list[str]) -> None:
    """`head` (`key:` or `- `) followed by `value`, nested one step deeper."""
    if isinstance(value, dict):
        if not value:
            lines.append(f"{head} {{}}")
            return
        lines.append(head)
        _mapping(value, indent + 2, lines)
    elif isinstance(value, list):
        if not value:
            lines.append(f"{head} []")
            return
        lines.append(head)
        _sequence(value, indent + 2, lines)
    else:
        lines.append(f"{head} {_scalar(value, indent + 2)}")


def _sequence(items: list[Any], indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            _mapping(item, indent + 2, lines, first_prefix=f"{pad}- ")
        elif isinstance(item, (dict, list)):
            _entry(f"{pad}-", item, indent, lines)
        else:
            lines.append(f"{pad}- {_scalar(item, indent + 2)}")
