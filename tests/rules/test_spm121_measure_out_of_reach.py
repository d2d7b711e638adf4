"""SPM121 measure-out-of-reach: nobody is judged, heavily, on a number broader than they can move."""

from __future__ import annotations

from conftest import MINIMAL
from rule_helpers import changed, findings, only, position, where

MEASURES = "measures/sales.yml"
ROLE = "roles/account-executive.yml"


WIN_RATE_TEAM = changed(MEASURES, "    source: CRM opportunity report\n    owner: sales\n",
                        "    source: CRM opportunity report\n    owner: sales\n    scope: team\n")


def test_a_team_number_held_heavily_by_an_individual_is_a_warning(make_framework):
    root = make_framework({MEASURES: WIN_RATE_TEAM})
    d = only(root, "SPM121")  # the head of sales, at the top, may hold it
    assert where(d, root) == ("SPM121", "measure-out-of-reach", "warning", ROLE,
                              *position(MINIMAL[ROLE], "win-rate"))
    assert ("Account executive ('account-executive') is held to Win rate ('win-rate'), a team number, for 50% of "
            "its weight, but the role can move only its own work") in d.message
    assert "judged on a number they cannot influence" in d.message


def test_a_light_weight_on_a_shared_number_passes(make_framework):
    """The trap: a company-wide number at a small weight builds one team; it is not out of reach."""
    root = make_framework({MEASURES: WIN_RATE_TEAM})
    assert findings(root, "SPM121", {"rules": {"SPM121": {"min_weight": 60}}}) == []


def test_the_top_role_may_hold_a_company_number(make_framework):
    text = changed(MEASURES, "    source: Billing system\n    owner: sales\n",
                   "    source: Billing system\n    owner: sales\n    scope: company\n")
    assert findings(make_framework({MEASURES: text}), "SPM121") == []


def test_an_individual_number_and_an_unscoped_one_pass(make_framework):
    text = WIN_RATE_TEAM.replace("scope: team", "scope: individual")
    assert findings(make_framework({MEASURES: text}), "SPM121") == []
    assert findings(make_framework(), "SPM121") == []
