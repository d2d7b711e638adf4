"""SPM132 key-result-not-held: what an objective needs is what someone is held to."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where

OBJECTIVE = "objectives/grow-revenue.yml"


def with_key_result(measure: str, target: str) -> str:
    return changed(OBJECTIVE, "horizon: FY2027\n",
                   f"horizon: FY2027\nkey_results:\n  - measure: {measure}\n    target: {target}\n    by: 2027-09-30\n")


def test_a_key_result_beyond_every_target_is_a_warning(make_framework):
    text = with_key_result("win-rate", "30")
    root = make_framework({OBJECTIVE: text})
    d = only(root, "SPM132")
    assert where(d, root) == ("SPM132", "key-result-not-held", "warning", OBJECTIVE, *position(text, "30\n"))
    assert ("the key result Win rate ('win-rate') at 30 by 2027-09-30 of Grow new annual recurring revenue by 30% "
            "('grow-revenue') is beyond every target roles are held to on it (Account executive ('account-executive') "
            "(25), Head of sales ('head-of-sales') (25))") in d.message
    assert "everyone can meet their target while the objective is missed" in d.message


def test_a_key_result_no_role_is_held_to_is_a_warning(make_framework):
    measures = changed("measures/sales.yml", "  - id: qualified-leads\n", """\
  - id: churn
    name: Customer churn
    definition: Customers lost as a share of customers at the start of the year.
    unit: "%"
    direction: lower
    owner: sales
    kind: outcome
    timing: lagging
  - id: qualified-leads
""")
    text = with_key_result("churn", "5")
    root = make_framework({OBJECTIVE: text, "measures/sales.yml": measures})
    d = only(root, "SPM132")
    assert where(d, root)[3:] == (OBJECTIVE, *position(text, "churn"))
    assert "Customer churn ('churn') at 5 by 2027-09-30 of" in d.message and "is held by no role" in d.message


def test_a_leader_held_to_the_full_number_answers_for_it(make_framework):
    """The trap: account executives each carry part of the revenue; the head of sales carries all of it."""
    assert findings(make_framework({OBJECTIVE: with_key_result("new-arr", "1200000")}), "SPM132") == []


def test_one_role_reaching_the_key_result_is_enough(make_framework):
    head = changed("roles/head-of-sales.yml", "  - measure: win-rate\n    weight: 40\n",
                   "  - measure: win-rate\n    weight: 40\n    target: 30\n")
    root = make_framework({OBJECTIVE: with_key_result("win-rate", "30"), "roles/head-of-sales.yml": head})
    assert findings(root, "SPM132") == []


def test_a_lower_is_better_key_result_compares_the_other_way(make_framework):
    measures = changed("measures/sales.yml", "    direction: higher\n    target: 25\n", "    direction: lower\n    target: 25\n")
    root = make_framework({OBJECTIVE: with_key_result("win-rate", "30"), "measures/sales.yml": measures})
    assert findings(root, "SPM132") == []
