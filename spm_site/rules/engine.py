"""Run the alignment rules over a resolved framework, honouring settings and waivers.

Rules only yield findings. Here each finding gets its severity (from settings), its location
(from the node it points at) and its code; a finding the item has waived, with a reason, is set
aside so the site can show it beside the item instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from .. import rules
from ..diagnostics import Diagnostic, Location
from ..framework.model import Node
from ..framework.resolve import Framework
from .base import Finding
from ..settings import Settings


@dataclass(frozen=True)
class Waived:
    """A finding an item has accepted on purpose."""

    rule: ModuleType
    finding: Finding
    reason: str


def _location(finding: Finding) -> Location:
    node: Node = finding.node or finding.subject
    src = node.src
    if src is None:  # pragma: no cover - every node comes from a file
        return Location("?")
    return Location(src.file, *src.of(finding.key, finding.index))


def _unknown_waivers(fw: Framework) -> list[Diagnostic]:
    """A waiver must name an existing rule, or it silently waives nothing."""
    problems = []
    for item in [fw.organisation, *(item for _, item in fw.items())]:
        for waiver in item.waivers:
            if rules.get(waiver.rule) is None:
                src = waiver.src
                problems.append(Diagnostic(Location(src.file, *src.of("rule")) if src else Location("?"),
                                           "unknown-rule", f"waiver names no rule: '{waiver.rule}'",
                                           hint="`spm-site rules` lists the rule codes"))
    return problems


def run_rules(fw: Framework, settings: Settings) -> tuple[list[Diagnostic], list[Waived]]:
    """Every enabled rule's findings as diagnostics, and the findings waived on purpose."""
    found: list[Diagnostic] = _unknown_waivers(fw)
    waived: list[Waived] = []
    for rule in rules.RULES.values():
        conf = settings.for_rule(rule)
        if not conf.enabled:
            continue
        for finding in rule.check(fw, conf.options):
            waiver = next((w for w in finding.subject.waivers if rules.get(w.rule) is rule), None)
            if waiver is not None:
                waived.append(Waived(rule, finding, waiver.reason))
                continue
            found.append(Diagnostic(_location(finding), rule.NAME, finding.message, severity=conf.severity,
                                    hint=rule.HINT, code=rule.CODE))
    return found, waived
