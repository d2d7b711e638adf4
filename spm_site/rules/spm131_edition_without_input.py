"""An approved edition with no record of input sought from the levels it applies to.

Why it matters: people engage with a framework they helped shape. An edition decided at the top,
with no record that anyone below was asked, reads as imposed; and one that asked only senior
people misses how the measures land on the people who carry them every day.

Only approved editions are checked (see SPM119 for those that are not). The edition has no record
when it has neither `input_from:` nor `input_levels:`. When `input_levels:` is given, every level
that roles are described at must be in it.

Example (flagged): roles are described at `l1` to `l4`, and only senior levels gave input.

    commitment:
      input_levels: [l3, l4]

How to fix: seek input from the missing levels before the next edition, and record it under
`input_levels:` (and how, under `input_from:`).

Why this severity: a warning. Input from every level builds engagement, as the principle says
"ideally": missing input weakens the edition without making it wrong.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named
from .facts import finding

CODE = "SPM131"
NAME = "edition-without-input"
SEVERITY = Severity.WARNING
HINT = "record under 'commitment:' how people at every level gave input ('input_from:', 'input_levels:')"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    commitment = fw.organisation.commitment
    if not (commitment.approved_by or commitment.approved_on):
        return
    edition = commitment.edition
    if not commitment.input_from and not commitment.input_levels:
        yield Finding(fw.organisation, f"edition '{edition}' has no 'input_from:' or 'input_levels:': there is no "
                                       f"record that anyone below the top was asked, so people are handed a "
                                       f"framework they had no say in", node=commitment, key="edition")
        return
    if not commitment.input_levels:
        return
    described = {rl.level for role in fw.roles.values() for rl in role.levels}
    missing = [level for lid, level in fw.levels.items() if lid in described and lid not in commitment.input_levels]
    if missing:
        levels = ", ".join(named(level) for level in missing)
        yield finding(fw.organisation, f"edition '{edition}' records input under 'input_levels:', not from {levels}, "
                                       f"where roles are described too: the people at those levels are held to "
                                       f"measures they were not asked about",
                      node=commitment, key="input_levels", on_key=True)
