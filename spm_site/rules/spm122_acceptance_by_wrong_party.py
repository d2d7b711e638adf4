"""An imposed measure whose acceptance is signed by the wrong party.

Why it matters: recording who accepted a measure another function owns (SPM106) only protects the
people held to it if the signature comes from their side. When the function that imposes the
number also signs that it was accepted (finance "accepting" its own forecast measure for sales),
the record says agreement where there was none, and the people held to it were never asked.

The right party is the leader of the role's own function, or another role of that function.

Example (flagged): finance's forecast measure on a sales role, accepted by finance's leader.

    measures:
      - measure: forecast-accuracy        # owner: finance
        accepted:
          by: chief-financial-officer     # function: finance
          reason: Forecasts matter to finance.

How to fix: have the leader of the held role's function (here the head of sales) decide, and
record that role under `accepted: by:`; if they do not accept it, remove the measure.

Why this severity: an error, like SPM106's. A measure accepted only by the function that imposes it
is a measure nobody in the held function accepted: the central failure of alignment, with a record
that hides it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..framework.options import RuleOptions
from ..framework.resolve import Framework
from .base import Finding, named
from .facts import finding

CODE = "SPM122"
NAME = "acceptance-by-wrong-party"
SEVERITY = Severity.ERROR
HINT = "name under 'accepted: by:' the leader (or a role) of the function that is held to the measure"


def check(fw: Framework, options: RuleOptions) -> Iterator[Finding]:
    for role in fw.roles.values():
        held = fw.functions.get(role.function) if role.function else None
        for rm in role.measures:
            accepted = rm.accepted
            signer = fw.roles.get(accepted.by) if accepted is not None and accepted.by else None
            measure = fw.measures.get(rm.measure)
            owner = getattr(measure, "owner", None)
            if signer is None or held is None or owner is None or owner == role.function:
                continue
            if signer.function == role.function or signer.id == held.leader:
                continue
            imposer = fw.functions.get(owner)
            side = ("from the function that imposes it" if signer.function == owner
                    else f"from {named(fw.functions.get(signer.function) or signer)}, neither side of it")
            owned_by = named(imposer) if imposer else repr(owner)
            yield finding(role, f"{named(role)} is held to {named(measure)}, owned by {owned_by}, "
                                f"and its acceptance is signed by {named(signer)}, {side}, not by "
                                f"{named(fw.roles.get(held.leader) or held)} or another role of {named(held)}: "
                                f"the people held to the number have not agreed to it",
                          node=accepted, key="by", measure=rm.measure)
