"""The SPM12x rules on measures that leave facts out (no kind, owner, direction or scope; a target
written as text), as the measures may be written once those facts are optional: no rule crashes,
and none reports on a fact it cannot see."""

from __future__ import annotations

from conftest import MINIMAL
from spm_site import rules
from spm_site.pipeline import check_framework

OBJECTIVE = "objectives/grow-revenue.yml"
KEY_RESULT = "horizon: FY2027\nkey_results:\n  - measure: win-rate\n    target: 30\n    by: 2027-09-30\n"
HANDOFF = "handoffs:\n  - to: sales\n    what: Leads\n    measures: [qualified-leads]\n"


def test_missing_or_text_facts_neither_crash_nor_give_findings(make_framework):
    objective = MINIMAL[OBJECTIVE].replace("horizon: FY2027\n", KEY_RESULT)
    marketing = MINIMAL["functions/marketing.yml"] + HANDOFF
    result = check_framework(make_framework({OBJECTIVE: objective, "functions/marketing.yml": marketing}))
    fw = result.framework
    assert fw is not None
    before = {code: list(rule.check(fw, rules.options(rule)())) for code, rule in rules.RULES.items()
              if code >= "SPM120"}
    assert before["SPM132"] and before["SPM120"]  # the facts are there: the rules do report on them
    # The same framework with every optional fact of every measure left out, and targets as text.
    fw.measures = {mid: m.model_copy(update={"kind": None, "owner": None, "direction": None, "scope": None,
                                             "target": "at or above the industry median"})
                   for mid, m in fw.measures.items()}
    for role in fw.roles.values():
        role.measures = [rm.model_copy(update={"target": None}) for rm in role.measures]
    for code, rule in rules.RULES.items():
        if code < "SPM120":
            continue
        found = list(rule.check(fw, rules.options(rule)()))
        if code in ("SPM120", "SPM121", "SPM122", "SPM123", "SPM132"):
            assert found == [], (code, [f.message for f in found])
