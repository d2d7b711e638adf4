"""How a plain value reads as a number, a date or a yes/no: one grammar for the check and the editor.

The loader hands every scalar over as text, while an editor's YAML language server reads YAML 1.2
and sees `0x23` as the number 35 and `True` as a boolean. The check cannot know whether a value
was quoted, and the editor cannot know how a number was spelt, so each grammar below is what
both sides can agree on: the check parses text with it, and the JSON Schema accepts the same text
as a string (for quoted values) next to the YAML 1.2 value itself.
"""

from __future__ import annotations

import datetime as dt
import math
import re

#: A number as YAML 1.2 editors read it: decimal with an optional fraction and exponent, `0x`, `0o`
#: or `0b` whole numbers, `_` between digits; a sign in front. `.inf` and `.nan` are not numbers
#: anyone is held to, so they are left out.
NUMBER_PATTERN = (r"^[-+]?(?:0x[0-9a-fA-F][0-9a-fA-F_]*|0o[0-7][0-7_]*|0b[01][01_]*"
                  r"|(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?)$")
_NUMBER = re.compile(NUMBER_PATTERN)
_BASES = {"0x": 16, "0o": 8, "0b": 2}

#: The yes/no spellings of YAML 1.2; `yes`, `no`, `on` and `off` are text there (and booleans in
#: YAML 1.1), so they mean different things to different readers and are refused.
BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}

#: Text that holds something to read: at least one character that is not a space.
TEXT_PATTERN = r"\S"

#: A target in words ("at or above the industry median", "TBD") holds a character that is not a
#: space, a digit, ASCII punctuation or a currency sign: `35%`, `1,000` and `£40` are numbers
#: written in a form nobody can compare, and are refused rather than kept as words.
TARGET_WORDS_PATTERN = r"[^\s0-9\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e\u00a3\u00a5\u20ac]"
#: Text that is no target in words although it holds a letter: what some reader (YAML 1.1 or 1.2)
#: takes for yes/no, `.inf` and `.nan`, and number-like text without a space (`1e400`, `5x`, `0x`).
NOT_TARGET_WORDS_PATTERN = (r"^(?:[Tt]rue|TRUE|[Ff]alse|FALSE|[Yy]es|YES|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF|[Yy]|[Nn]"
                            r"|[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)|[-+]?[0-9.][0-9A-Za-z_.+-]*)$")


def parse_number(text: str) -> int | float:
    """The value of `text` written in the number grammar; ValueError for anything else.

    A value too large to be finite (`1e400`) is refused too: no target or weight is infinite.
    """
    if not _NUMBER.fullmatch(text):
        raise ValueError(text)
    sign = -1 if text[0] == "-" else 1
    body = text.lstrip("+-").replace("_", "")
    base = _BASES.get(body[:2].lower())
    if base:
        return sign * int(body[2:], base)
    if any(c in body for c in ".eE"):
        number = sign * float(body)
        if not math.isfinite(number):
            raise ValueError(text)
        return number
    return sign * int(body)


def _days(days: int) -> str:
    """Day numbers 01..`days` as a regular expression."""
    last = {28: "2[0-8]", 29: "2[0-9]", 30: "2[0-9]|30", 31: "2[0-9]|3[01]"}[days]
    return f"(?:0[1-9]|1[0-9]|{last})"


def _date_pattern() -> str:
    """YYYY-MM-DD for a day that exists, leap years included, years 0001 to 9999 (as Python's dates)."""
    year = "(?:[0-9]{3}[1-9]|[0-9]{2}[1-9]0|[0-9][1-9]00|[1-9]000)"
    leap = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
    long_months = "(?:0[13578]|1[02])"
    short_months = "(?:0[469]|11)"
    return (f"^(?:{year}-(?:{long_months}-{_days(31)}|{short_months}-{_days(30)}|02-{_days(28)})"
            f"|{leap}-02-29)$")


#: A date that exists in the calendar, written YYYY-MM-DD.
DATE_PATTERN = _date_pattern()
#: The shape of a date, whether or not the day exists: to tell "not a date" from "no such day".
DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE = re.compile(DATE_PATTERN)


def parse_date(text: str) -> dt.date | None:
    """The date `text` names; None for a date-shaped text whose day is not in the calendar.

    ValueError when `text` is not shaped YYYY-MM-DD at all.
    """
    if not DATE_SHAPE.fullmatch(text):
        raise ValueError(text)
    return dt.date.fromisoformat(text) if _DATE.fullmatch(text) else None
