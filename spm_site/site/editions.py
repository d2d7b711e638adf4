"""Editions on the site: what changed since the previous edition, and what takes effect later.

The build is made *as of* one date, which comes from the command line (`--as-of`) or from the
framework (the edition's `effective_from`, else its `approved_on`), never from the clock, so the
same input always gives the same site. An item whose `effective_from` is after that date is
announced ("From 1 April 2027") rather than presented as current; so is the whole edition when
its own date is later.

With a previous edition to compare with (`since`), the changes are the diff's (`changes.diff`)
and every sentence is `changes.wording`'s: this module only chooses which changes each page shows
and when they apply. Templates escape every sentence (`plain`): they quote author text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from babel.dates import format_date

from ..changes.diff import Change, FrameworkDiff
from ..changes.wording import describe, summary
from ..framework.kinds import ITEM_KIND, SECTIONS
from ..framework.model import Item, RetiredItem
from ..framework.numbers import parse_locale
from ..framework.resolve import Framework
from .labels import ENGLISH, FALLBACK, Labels, language_for
from .urls import page_path

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def long_date(day: dt.date) -> str:
    """`1 April 2027`: the same words whatever the machine's locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def as_of_date(fw: Framework, given: dt.date | None = None) -> dt.date | None:
    """The date the site is built as of: the one given, else the edition's effective date, else its approval."""
    commitment = fw.organisation.commitment
    return given or commitment.effective_from or commitment.approved_on


@dataclass(frozen=True)
class Line:
    """One change as a page shows it: the diff's sentence and, when it applies later, from when."""

    text: str
    starts: dt.date | None = None

    @property
    def when(self) -> str:
        return long_date(self.starts) if self.starts else ""


@dataclass(frozen=True)
class Group:
    """A heading of the edition page (a function, a role in it, or the rest) and its lines."""

    title: str
    level: int
    note: str
    lines: tuple[Line, ...]
    #: (kind, id) of the page to link the heading to, when it has one
    page: tuple[str, str] | None = None


@dataclass
class Edition:
    """What the templates know of editions: names, the as-of date, and the changes page by page."""

    fw: Framework
    as_of: dt.date | None
    diff: FrameworkDiff | None = None
    #: How the previous edition is named on the site: its edition name, else the revision given
    previous: str | None = None
    _lines: dict[str, list[Line]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, fw: Framework, as_of: dt.date | None = None, diff: FrameworkDiff | None = None,
           since: str | None = None) -> Edition:
        previous = None
        if diff is not None and diff.base is not None:
            name = diff.base.organisation.commitment.edition
            previous = since if name == fw.organisation.commitment.edition and since else name
        return cls(fw, as_of_date(fw, as_of), diff, previous)

    # --- dates --------------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self.fw.organisation.commitment.edition

    @property
    def starts(self) -> dt.date | None:
        """The edition's own effective date, when it is after the as-of date; else None."""
        start = self.fw.organisation.commitment.effective_from
        return start if start is not None and not self._started(start) else None

    def _started(self, day: dt.date) -> bool:
        return self.as_of is not None and day <= self.as_of

    def pending(self, item: Item) -> bool:
        """True when `item` takes effect after the as-of date (or no as-of date is known to say it has)."""
        return item.effective_from is not None and not self._started(item.effective_from)

    def date(self, day: dt.date) -> str:
        """A date as the handbook's language writes it: `1 April 2027`, `1. April 2027`."""
        locale = self.fw.organisation.locale
        if language_for(locale) == FALLBACK:
            return long_date(day)
        return format_date(day, format="long", locale=parse_locale(locale or FALLBACK))

    def coming(self) -> list[tuple[dt.date, str, Item]]:
        """Every item that takes effect later, soonest first: (date, kind, item)."""
        found = [(item.effective_from, kind, item) for kind, item in self.fw.items() if self.pending(item)]
        return sorted(found, key=lambda t: (t[0], list(SECTIONS).index(t[1]), t[2].id))  # type: ignore[return-value]

    # --- changes ------------------------------------------------------------------------------

    @property
    def compared(self) -> bool:
        """True when there is a previous edition to compare with: the changes page exists."""
        return self.diff is not None

    def summary(self) -> str:
        return summary(self.diff) if self.diff is not None else ""

    def _starts(self, change: Change) -> dt.date | None:
        """When a change applies, if later than the as-of date: the latest date of its item and, for a
        role's target or weight on a measure, of that measure; else the edition's own date."""
        dates = [self._pending_date(change.scope, change.item_id)]
        if change.scope == "role" and change.aspect in ("target", "weight", "measure") and change.subject:
            dates.append(self._pending_date("measure", change.subject))
        found = [d for d in dates if d is not None]
        return max(found) if found else self.starts

    def _pending_date(self, kind_name: str, item_id: str) -> dt.date | None:
        kind = ITEM_KIND.get(kind_name)
        item = getattr(self.fw, kind.collection).get(item_id) if kind is not None and kind.section else None
        return item.effective_from if item is not None and self.pending(item) else None

    def _line(self, change: Change) -> Line:
        assert self.diff is not None
        return Line(describe(change, self.diff.base, self.diff.head), self._starts(change))

    def for_role(self, role_id: str) -> list[Line]:
        """What changed for one role since the previous edition: its own changes and the ripples.

        A measure's new default target is left out, as in the diff's report: the role's own lines
        say what it means for the role, level by level.
        """
        if self.diff is None:
            return []
        if role_id not in self._lines:
            changes = [c for c in self.diff.for_role(role_id) if not (c.scope == "measure" and c.aspect == "target")]
            self._lines[role_id] = list(dict.fromkeys(self._line(c) for c in changes))
        return self._lines[role_id]

    def of_item(self, kind: str, item_id: str) -> list[Line]:
        """The item's own changes (a measure's new target, a value's behaviours), without ripples."""
        if self.diff is None:
            return []
        return [self._line(c) for c in self.diff.changes if c.scope == kind and c.item_id == item_id]

    def is_new(self, kind: str, item_id: str) -> bool:
        return self.diff is not None and any(c.scope == kind and c.item_id == item_id and c.aspect == "added"
                                             for c in self.diff.changes)

    def groups(self, t: Labels = ENGLISH) -> list[Group]:
        """The changes page: functions by name, each with its own changes and then its roles', then the rest."""
        if self.diff is None:
            return []
        diff = self.diff
        by_function: dict[str, list[str]] = {}
        for role_id in diff.roles_affected():
            role = self._find("roles", role_id)
            by_function.setdefault(role.function if role is not None else "", []).append(role_id)
        for change in diff.changes:
            if change.scope == "function":
                by_function.setdefault(change.item_id, [])
        added = {c.item_id for c in diff.changes if c.scope == "role" and c.aspect == "added"}
        removed = {c.item_id for c in diff.changes if c.scope == "role" and c.aspect == "removed"}
        out: list[Group] = []
        for function_id in sorted(by_function, key=lambda f: (self._name("functions", f).casefold(), f)):
            own = [self._line(c) for c in diff.changes if c.scope == "function" and c.item_id == function_id]
            out.append(Group(self._name("functions", function_id) or t.raw("No function"), 1, "", tuple(own),
                             self._live("function", function_id)))
            for role_id in sorted(by_function[function_id], key=lambda r: (self._name("roles", r).casefold(), r)):
                note = t.raw("new role") if role_id in added else t.raw("removed role") if role_id in removed else ""
                out.append(Group(self._name("roles", role_id), 2, note, tuple(self.for_role(role_id)),
                                 self._live("role", role_id)))
        rest = [self._line(c) for c in diff.changes if c.scope not in ("role", "function")]
        if rest:
            out.append(Group(t.raw("Across the organisation"), 1, "", tuple(dict.fromkeys(rest))))
        return out

    def _find(self, collection: str, item_id: str):  # noqa: ANN202 - an item of either side
        """An item by id in this edition, else in the previous one (for what was removed)."""
        for fw in (self.fw, self.diff.base if self.diff else None):
            found = getattr(fw, collection).get(item_id) if fw is not None else None
            if found is not None:
                return found
        return None

    def _name(self, collection: str, item_id: str) -> str:
        found = self._find(collection, item_id)
        return found.name if found is not None else item_id

    def _live(self, kind: str, item_id: str) -> tuple[str, str] | None:
        return (kind, item_id) if item_id in getattr(self.fw, ITEM_KIND[kind].collection) else None

    def retired_now(self) -> list[RetiredItem]:
        """The items retired.yml says this edition retired."""
        return [r for r in self.fw.retired if r.edition == self.name]

    @staticmethod
    def page_of_retired(entry: RetiredItem) -> str:
        return page_path(entry.kind.value, entry.id)
