"""Content not reviewed for longer than the review period.

Why it matters: a framework that is not kept current stops being trusted. Objectives move on, roles
change and measures get redefined; when the handbook describes last year, people fall back on
hearsay and expectations stop being consistent. Checking each item's `last_reviewed:` date keeps
the review on a schedule.

Checked: the organisation, values, objectives, functions, roles and measures; not yet
`principles.yml` or `feedback.yml`, whose dates the checked framework does not keep. An item
without a `last_reviewed:` date is not flagged by this rule. `max_age_days` sets the review
period; `as_of` (YYYY-MM-DD, default today) measures from a fixed date instead, for example to
rebuild an old edition exactly as it was.

Example (flagged): checked on 1 March 2028 with the default options.

    name: Account executive
    function: sales
    last_reviewed: 2026-09-24

How to fix: review the item with its owner, update what has changed and set `last_reviewed:` to
the date of the review.

Why this severity: a warning. Content past its review date may still be right; a scheduled review
keeps expectations consistent, but a late one should not stop an edition going out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from ..diagnostics import Severity
from ..framework.options import Day, RuleOptions, Whole, setting
from ..framework.resolve import Framework
from .base import Finding, named

CODE = "SPM118"
NAME = "stale-content"
SEVERITY = Severity.WARNING
HINT = "review the content and set 'last_reviewed:' to the date of the review"


@dataclass(frozen=True)
class Options(RuleOptions):
    #: A review period of up to a century; dates from 1900 on.
    max_age_days: int = setting(365, Whole(1, 36_500), "How many days may pass after an item's `last_reviewed:` "
                                                       "date before it is flagged.")
    as_of: str = setting("", Day(), "The day the age is measured on, for example to rebuild an old edition "
                                    "exactly as it was; empty for the day of the check.")


def _oldest(as_of: dt.date, max_age: int) -> dt.date:
    """The earliest review date still in the period; the calendar's first day if it starts before it."""
    try:
        return as_of - dt.timedelta(days=max_age)
    except OverflowError:
        return dt.date.min


def check(fw: Framework, options: Options) -> Iterator[Finding]:
    max_age = options.max_age_days
    as_of = dt.date.fromisoformat(options.as_of) if options.as_of else dt.date.today()
    oldest = _oldest(as_of, max_age)
    items = [("organisation", f"'{fw.organisation.name}'", fw.organisation), *((k, named(i), i) for k, i in fw.items())]
    for kind, name, item in items:
        if item.last_reviewed is not None and item.last_reviewed < oldest:
            age = (as_of - item.last_reviewed).days
            yield Finding(item, f"{kind} {name} was last reviewed on {item.last_reviewed.isoformat()} ('last_reviewed:'), "
                                f"{age} days ago (more than {max_age}): people may be held to what no longer "
                                "describes how things are",
                          key="last_reviewed")
