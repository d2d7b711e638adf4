"""Run the alignment rules over a resolved framework, honouring settings and waivers.

Rules only yield findings. Here each finding gets its severity (from settings), its location
(from the node it points at) and its code; a finding the item has waived, with a reason, is set
aside so the site and every output format can show it beside the item instead.

A waiver that names a measure (`measure:`) excuses only the finding about that measure; one
without accepts the rule for the whole item. Two ways a waiver goes wrong are reported:
a waiver that excuses nothing (the problem is gone, or it names the wrong measure) would
silently excuse the next problem of its kind (`unused-waiver`); and a whole-item waiver that
excuses findings about several measures hides each new one as it comes (`broad-waiver`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType

from .. import rules
from ..diagnostics import Diagnostic, Location, Severity
from ..framework.model import Node, Waiver
from ..framework.resolve import Framework
from .base import Finding, either, named
from ..settings import Settings


@dataclass(frozen=True)
class Waived:
    """A finding an item has accepted on purpose, with the waiver that accepts it."""

    rule: ModuleType
    finding: Finding
    reason: str
    waiver: Waiver | None = None
    #: The severity the finding would have had: what a reader of the waiver weighs.
    severity: Severity | None = None

    def diagnostic(self) -> Diagnostic:
        """The finding as the check would have reported it, marked waived with its reason."""
        return Diagnostic(location_of(self.finding), self.rule.NAME, self.finding.message,
                          severity=self.severity or self.rule.SEVERITY, hint=self.rule.HINT, code=self.rule.CODE,
                          waived=self.reason)


def location_of(finding: Finding) -> Location:
    """Where a finding points: the value of its key (or the key itself, for a set), else its node."""
    node: Node = finding.node or finding.subject
    src = node.src
    if src is None:  # pragma: no cover - every node comes from a file
        return Location("?")
    if finding.on_key and finding.key is not None:
        mark = getattr(src.raw, "key_marks", {}).get(finding.key)
        if mark is not None:
            return Location(src.file, *mark)
    return Location(src.file, *src.of(finding.key, finding.index))


def _waiver_location(waiver: Waiver, key: str = "rule") -> Location:
    src = waiver.src
    return Location(src.file, *src.of(key)) if src else Location("?")


def _unknown_waivers(fw: Framework) -> list[Diagnostic]:
    """A waiver must name an existing rule, or it silently waives nothing."""
    problems = []
    for item in _items(fw):
        for waiver in item.waivers:
            if rules.get(waiver.rule) is None:
                problems.append(Diagnostic(_waiver_location(waiver), "unknown-rule",
                                           f"waiver names no rule: '{waiver.rule}'",
                                           hint="`spm-site rules` lists the rule codes"))
    return problems


def _items(fw: Framework) -> list[Node]:
    return [fw.organisation, *(item for _, item in fw.items())]


def _waiver_for(finding: Finding, rule: ModuleType) -> Waiver | None:
    """The waiver that excuses `finding`: one naming its measure first, else one for the whole item."""
    mine = [w for w in finding.subject.waivers if rules.get(w.rule) is rule]
    scoped = next((w for w in mine if w.measure is not None and w.measure == finding.measure), None)
    return scoped or next((w for w in mine if w.measure is None), None)


def _subject_label(item: Node) -> str:
    return named(item) if getattr(item, "id", None) else "the organisation"


def _waiver_problems(fw: Framework, used: dict[int, list[Finding]], ran: set[str]) -> Iterable[Diagnostic]:
    """Waivers that excuse nothing, and whole-item waivers that excuse findings about several measures."""
    for item in _items(fw):
        for waiver in item.waivers:
            rule = rules.get(waiver.rule)
            if rule is None or rule.CODE not in ran:  # unknown (reported) or turned off: nothing to excuse
                continue
            excused = used.get(id(waiver), [])
            if not excused:
                what = f"measure '{waiver.measure}'" if waiver.measure else _subject_label(item)
                yield Diagnostic(_waiver_location(waiver, "measure" if waiver.measure else "rule"), "unused-waiver",
                                 f"the waiver of {rule.CODE} on {_subject_label(item)} excuses nothing: {rule.CODE} "
                                 f"finds no problem with {what}, so the waiver would silently excuse the next one",
                                 severity=Severity.WARNING,
                                 hint="delete the waiver, or name the measure the finding is about under 'measure:'")
                continue
            measures = sorted({f.measure for f in excused if f.measure is not None})
            if waiver.measure is None and len(measures) > 1:
                names = either([f"'{m}'" for m in measures]).replace(" or ", " and ")
                yield Diagnostic(_waiver_location(waiver), "broad-waiver",
                                 f"the waiver of {rule.CODE} on {_subject_label(item)} excuses {len(excused)} findings, "
                                 f"about measures {names}, with one reason: a new problem with another "
                                 "measure would be excused unseen", severity=Severity.WARNING,
                                 hint="name the one measure each waiver excuses under 'measure:', one waiver per measure")


def run_rules(fw: Framework, settings: Settings) -> tuple[list[Diagnostic], list[Waived]]:
    """Every enabled rule's findings as diagnostics, and the findings waived on purpose."""
    found: list[Diagnostic] = _unknown_waivers(fw)
    waived: list[Waived] = []
    used: dict[int, list[Finding]] = {}
    ran: set[str] = set()
    for rule in rules.RULES.values():
        conf = settings.for_rule(rule)
        if not conf.enabled:
            continue
        ran.add(rule.CODE)
        for finding in rule.check(fw, conf.options):
            waiver = _waiver_for(finding, rule)
            if waiver is not None:
                used.setdefault(id(waiver), []).append(finding)
                waived.append(Waived(rule, finding, waiver.reason, waiver, conf.severity))
                continue
            found.append(Diagnostic(location_of(finding), rule.NAME, finding.message, severity=conf.severity,
                                    hint=rule.HINT, code=rule.CODE))
    found.extend(_waiver_problems(fw, used, ran))
    return found, waived
