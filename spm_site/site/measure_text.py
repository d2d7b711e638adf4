"""How a measure's facts read on a page when some are not stated: said so, never guessed.

An indicator set as it comes may give a measure no unit, direction, kind or owner, and a target
may be words ("TBD"). These filters and globals turn each fact into the words a reader sees, so
that no template guesses a default ("outcome, lagging", "higher is better") the author never wrote.
Author text (a target in words, a unit, a health reason) goes through `sanitize` like every other.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import sanitize
from .labels import ENGLISH, Labels, N_
from ..framework.model import Health, HealthStatus, Measure
from ..framework.numbers import DEFAULT, Numbers
from ..framework.resolve import Framework, TargetValue, is_number

#: What a page says for a fact the author did not write.
NOT_STATED = N_("not stated")
#: A target's period as the page says it after the number: `12 calls a week`.
PERIOD_WORDS = {"day": N_("a day"), "week": N_("a week"), "month": N_("a month"), "quarter": N_("a quarter"),
                "year": N_("a year")}


def target_text(value: TargetValue, unit: str | None, period: str | None = None,
                numbers: Numbers = DEFAULT, t: Labels = ENGLISH) -> str:
    """A target for a table cell or a sentence, as the organisation's locale writes it (`framework/numbers.py`):
    `25%`, `£300,000`, `12 calls a week`, a target in words as written, `—` for none."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return sanitize.plain(value)
    # Babel's CLDR text is trusted (and keeps its no-break spaces); the unit is the author's, escaped.
    shown = numbers.amount(value, sanitize.plain(unit) if unit else None)
    word = PERIOD_WORDS.get(_period(period) or "")
    return f"{shown} {t.gettext(word)}" if word else shown


def period_text(period: object, t: Labels = ENGLISH) -> str:
    """`a week` for a measure's period, for a place that escapes text itself (raw HTML); "" for none."""
    word = PERIOD_WORDS.get(_period(period) or "")
    return t.raw(word) if word else ""


def _period(period: object) -> str | None:
    """A measure's `period` (an enum member or its value) as its value."""
    return getattr(period, "value", period)  # type: ignore[return-value]


def direction_text(measure: Measure, t: Labels = ENGLISH) -> str:
    """`higher is better`, `lower is better`, or that it is not stated."""
    if measure.direction is None:
        return t.gettext("whether higher or lower is better is not stated")
    return t.gettext("higher is better") if measure.direction.value == "higher" else t.gettext("lower is better")


def default_target(fw: Framework, measure: Measure, t: Labels = ENGLISH) -> str:
    """The measure's default target as written, else whether it is hidden from this edition or not stated."""
    if measure.target is not None:
        return target_text(measure.target, measure.unit, measure.period, fw.numbers, t)
    return t.gettext("not shown in this edition") if ("measure", measure.id, "target") in fw.redacted \
        else t.gettext(NOT_STATED)


def target_fact(fw: Framework, measure: Measure, t: Labels = ENGLISH) -> str:
    """The measure page's Target row: the default target and which way is better, each as stated.

    `25% (higher is better)`, `at or above the industry median (higher is better)`,
    `not stated (lower is better)`, `30 (unit not stated; higher is better)`,
    `not stated, nor whether higher or lower is better`.
    """
    target, shown = measure.target, default_target(fw, measure, t)
    notes = []
    if is_number(target) and not measure.unit:
        notes.append(t.gettext("unit not stated"))
    if measure.direction is not None or target is not None:
        notes.append(direction_text(measure, t))
    if target is None and measure.direction is None:
        return t.gettext("not stated, nor whether higher or lower is better") if shown == t.gettext(NOT_STATED) else shown
    return f"{shown} ({'; '.join(notes)})"


def kind_text(measure: Measure, t: Labels = ENGLISH) -> str:
    """`outcome, lagging`; what is not stated said so: `outcome; timing not stated`, `not stated`."""
    kind, timing = measure.kind, measure.timing
    if kind and timing:
        return f"{t.gettext(kind.value)}, {t.gettext(timing.value)}"
    if kind:
        return t.gettext("%(kind)s; timing not stated", kind=t.gettext(kind.value))
    if timing:
        return t.gettext("kind not stated; %(timing)s", timing=t.gettext(timing.value))
    return t.gettext(NOT_STATED)


#: Each health status: its label and the admonition (Material's colours) it is shown in.
HEALTH = {
    HealthStatus.ON_TRACK: (N_("On track"), "success"),
    HealthStatus.AT_RISK: (N_("At risk"), "warning"),
    HealthStatus.OFF_TRACK: (N_("Off track"), "danger"),
    HealthStatus.NO_DATA: (N_("No data"), "note"),
}


@dataclass(frozen=True)
class HealthView:
    """A measure's health as the page shows it: label, admonition type, when, and the author's reason."""

    label: str
    style: str
    status: str
    when: str
    reason: str | None


def health_view(health: Health | None, t: Labels = ENGLISH) -> HealthView | None:
    """What the page says of a measure's health; None when the measure states none."""
    if health is None:
        return None
    label, style = HEALTH[health.status]
    when = t.gettext("as of %(date)s", date=t.day(health.as_of)) if health.as_of else t.gettext("date not stated")
    return HealthView(t.gettext(label), style, health.status.value, when, health.reason)


def health_labels(t: Labels = ENGLISH) -> dict[HealthStatus, tuple[str, str]]:
    """Each health status with its label in the build's language, and its admonition."""
    return {status: (t.gettext(label), style) for status, (label, style) in HEALTH.items()}


#: Whose result a measure's number is (`scope`), as its page says it.
SCOPE_WORDS = {"individual": N_("each person"), "team": N_("each team"), "function": N_("each function"),
               "company": N_("the company as a whole")}


def scope_text(measure: Measure, t: Labels = ENGLISH) -> str | None:
    """Whose result the number is, or None when the author has not said: nothing is assumed."""
    return t.gettext(SCOPE_WORDS[measure.scope.value]) if measure.scope else None


#: Names every template can call (registered by `render.make_environment`; `with_unit` is `target_text`).
GLOBALS = {"target_fact": target_fact, "default_target": default_target, "kind_text": kind_text, "direction_text": direction_text,
           "health_view": health_view, "scope_text": scope_text, "health_labels": health_labels, "is_number": is_number,
           "period_text": period_text}
