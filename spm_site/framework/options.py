"""Settings declared once: each option and limit says its default, what it accepts and what it means.

A group of settings is a frozen dataclass whose fields are made with `setting()`; everything else
is derived from that one declaration: the reading and checking of `spm.yml` and of the plugin's
options, the JSON Schema an editor uses, the reference page and `spm-site explain`.

    @dataclass(frozen=True)
    class Options(RuleOptions):
        max_age_days: int = setting(365, Whole(1, 36_500), "Days an item may go without a review.")

A value comes either as text from `spm.yml` (the loader hands every scalar over as text) or as a
native value from `mkdocs.yml` (MkDocs' own YAML reader makes ints, bools and dates). `parse`
accepts both the same way and raises `ValueError` for anything outside the declared range, so a
setting is checked once, when it is read, and the rules can rely on it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar

from .scalars import BOOLEANS, DATE_PATTERN

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


def _digit_ranges(low: str, high: str) -> list[str]:
    """Regular expressions for the numbers from `low` to `high`, written with as many digits each."""
    if low == high:
        return [low]
    rest = len(low) - 1
    if low[1:] == "0" * rest and high[1:] == "9" * rest:
        return [f"[{low[0]}-{high[0]}]" + "[0-9]" * rest]
    if low[0] == high[0]:
        return [low[0] + r for r in _digit_ranges(low[1:], high[1:])]
    out = [low[0] + r for r in _digit_ranges(low[1:], "9" * rest)]
    if int(high[0]) - int(low[0]) > 1:
        out.append(f"[{int(low[0]) + 1}-{int(high[0]) - 1}]" + "[0-9]" * rest)
    return out + [high[0] + r for r in _digit_ranges("0" * rest, high[1:])]


def whole_text_pattern(low: int, high: int) -> str:
    """The text of a whole number from `low` (at least 1) to `high`, as `Whole.parse` reads it."""
    assert low >= 1, "a range that holds 0 would also need '-0'"
    parts = []
    for digits in range(len(str(low)), len(str(high)) + 1):
        parts += _digit_ranges(str(max(low, 10 ** (digits - 1))), str(min(high, 10 ** digits - 1)))
    return r"^\s*\+?0*(?:" + "|".join(parts) + r")\s*$"


@dataclass(frozen=True)
class Whole:
    """A whole number from `low` to `high`, inclusive."""

    low: int
    high: int

    def describe(self) -> str:
        return f"a whole number from {self.low} to {self.high}"

    def json_schema(self) -> dict[str, Any]:
        """The same range for an editor, as the number or its quoted text: it underlines what `check` refuses."""
        return {"type": ["integer", "string"], "minimum": self.low, "maximum": self.high,
                "pattern": whole_text_pattern(self.low, self.high),
                "errorMessage": f"Write {self.describe()}."}

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
        """A day that exists as YYYY-MM-DD text, or empty; the range itself is left to `check`."""
        return {"type": "string", "pattern": f"^(?:{DATE_PATTERN.strip('^$')})?$",
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


@dataclass(frozen=True)
class YesNo:
    """`true` or `false`, in any of YAML 1.2's spellings (`True`, `FALSE`), quoted or not."""

    def describe(self) -> str:
        return "true or false"

    def json_schema(self) -> dict[str, Any]:
        return {"type": ["boolean", "string"], "enum": [True, False, *BOOLEANS], "errorMessage": "Write true or false."}

    def parse(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value in BOOLEANS:
            return BOOLEANS[value]
        raise ValueError


Accepts = Whole | Day | YesNo


@dataclass(frozen=True)
class Setting:
    """One declared setting: its key, default, what it accepts and, in a sentence, what it does.

    `finding` names the diagnostic a limit raises when it is reached, so `spm-site explain` can
    say how to raise it.
    """

    name: str
    default: Any
    accepts: Accepts
    description: str
    finding: str = ""

    @property
    def default_text(self) -> str:
        """The default as it is written in spm.yml (`365`, `true`, `''`)."""
        return "''" if self.default == "" else json.dumps(self.default)

    def explained(self) -> str:
        """The description, what it accepts and its default, in one line (editor hover, explain, reference)."""
        return f"{self.description} Accepts {self.accepts.describe()}; default {self.default_text}."

    def problem(self, value: Any, what: str) -> str:
        """The message for a value this setting refuses: what it takes, and what it was given."""
        like = f"a value like {self.default_text}: " if self.default != "" else ""
        return f"{what} '{self.name}' expects {like}{self.accepts.describe()}; found {shown(value)}"


def setting(default: Any, accepts: Accepts, description: str, finding: str = "") -> Any:
    """A dataclass field that declares a setting (see the module's docstring)."""
    return field(default=default, metadata={"accepts": accepts, "description": description, "finding": finding})


@dataclass(frozen=True)
class Declared:
    """A group of settings, declared as dataclass fields made with `setting()`."""

    #: What one setting of the group is called in messages.
    kind: ClassVar[str] = "option"

    @classmethod
    def settings(cls) -> dict[str, Setting]:
        """Every setting of the group by key, in the order of the declaration."""
        return {f.name: Setting(f.name, f.default, f.metadata["accepts"], f.metadata["description"],
                                f.metadata["finding"]) for f in fields(cls)}


@dataclass(frozen=True)
class RuleOptions(Declared):
    """A rule's options, the class a rule module's `Options` extends; a rule without options has none."""
