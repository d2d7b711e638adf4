"""What a setting accepts: a declared type and range for every rule option and limit.

A value comes either as text from `spm.yml` (the loader hands every scalar over as text) or as a
native value from `mkdocs.yml` (MkDocs' own YAML reader makes ints, bools and dates). `parse`
accepts both the same way and raises `ValueError` for anything outside the declared range, so a
setting is checked once, when it is read, and the rules can rely on it.

    OPTIONS = {"max_age_days": 365}
    ACCEPTS = {"max_age_days": Whole(1, 36_500)}
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

_WHOLE = re.compile(r"[+-]?[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def shown(value: Any) -> str:
    """A value as a message quotes it: short, on one line, never the whole of a huge value."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = str(value)
    text = text if len(text) <= 40 else text[:37] + "..."
    return repr(text.encode("unicode_escape").decode("ascii")) if isinstance(value, str) else text


@dataclass(frozen=True)
class Whole:
    """A whole number from `low` to `high`, inclusive."""

    low: int
    high: int

    def describe(self) -> str:
        return f"a whole number from {self.low} to {self.high}"

    def json_schema(self) -> dict[str, Any]:
        """The same range for an editor: it underlines a value out of range as `check` would."""
        return {"type": "integer", "minimum": self.low, "maximum": self.high,
                "errorMessage": f"Write {self.describe()}, without quotes."}

    def parse(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValueError
        if isinstance(value, str):
            text = value.strip()
            # Longer than any range we declare: refused before int() spends time on it.
            if not _WHOLE.fullmatch(text) or len(text) > 20:
                raise ValueError
            value = int(text)
        if not self.low <= value <= self.high:
            raise ValueError
        return value


@dataclass(frozen=True)
class Day:
    """A date written YYYY-MM-DD from `low` to `high`, or empty for "today"."""

    low: dt.date = dt.date(1900, 1, 1)
    high: dt.date = dt.date.max

    def describe(self) -> str:
        return f"a date written YYYY-MM-DD from {self.low.isoformat()} to {self.high.isoformat()}, or '' for today"

    def json_schema(self) -> dict[str, Any]:
        """A date as YYYY-MM-DD text, or empty; the range itself is left to `check`."""
        return {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2})?$",
                "errorMessage": "Write a date as YYYY-MM-DD, or leave it empty for today."}

    def parse(self, value: Any) -> str:
        if isinstance(value, dt.datetime) or not isinstance(value, (dt.date, str)):
            raise ValueError
        if isinstance(value, str):
            if value == "":
                return ""
            if not _DATE.fullmatch(value):
                raise ValueError
            value = dt.date.fromisoformat(value)  # a ValueError for a day not in the calendar
        if not self.low <= value <= self.high:
            raise ValueError
        return value.isoformat()


Accepts = Whole | Day


def problem(name: str, accepts: Accepts, default: object, value: Any, what: str = "option") -> str:
    """The message for a value `accepts` refuses: what the setting takes, and what it was given."""
    like = f"a value like {default!r}: " if default != "" else ""
    return f"{what} '{name}' expects {like}{accepts.describe()}; found {shown(value)}"
