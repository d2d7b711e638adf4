"""SPM127 owner-outside-function: an objective's owner belongs to a function that answers for it."""

from __future__ import annotations

from conftest import MINIMAL
from rule_helpers import changed, findings, only, position, where

OBJECTIVE = "objectives/win-new-logos.yml"
SALES = changed("functions/sales.yml", "objectives: [grow-revenue, win-new-logos]", "objectives: [grow-revenue]")


def test_an_owner_whose_function_does_not_list_the_objective_is_a_warning(make_framework):
    root = make_framework({"functions/sales.yml": SALES})
    d = only(root, "SPM127")
    assert where(d, root) == ("SPM127", "owner-outside-function", "warning", OBJECTIVE,
                              *position(MINIMAL[OBJECTIVE], "account-executive"))
    assert ("Win 120 new customers ('win-new-logos') is owned by Account executive ('account-executive'), but that "
            "role's function, Sales ('sales'), does not list it under its accountabilities") in d.message
    assert "their own team is not asked to deliver" in d.message


def test_listed_in_a_second_accountability_of_the_owners_function_passes(make_framework):
    """The trap: the objective is in the owner's function, just not in its first accountability."""
    text = SALES + "  - statement: Win logos in our core segment.\n    objectives: [win-new-logos]\n"
    assert findings(make_framework({"functions/sales.yml": text}), "SPM127") == []


def test_an_objective_without_owner_is_left_to_spm104(make_framework):
    text = changed(OBJECTIVE, "owner: account-executive\n", "")
    root = make_framework({"functions/sales.yml": SALES, OBJECTIVE: text})
    assert findings(root, "SPM127") == [] and findings(root, "SPM104")
