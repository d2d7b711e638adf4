"""SPM107 accountability-without-objective: what a function answers for serves an objective."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where

EMPTY = changed("functions/marketing.yml", "objectives: [win-new-logos]", "objectives: []")


def test_accountability_with_no_objective_is_a_warning(make_framework):
    root = make_framework({"functions/marketing.yml": EMPTY})
    d = only(root, "SPM107")
    assert where(d, root) == ("SPM107", "accountability-without-objective", "warning", "functions/marketing.yml",
                              *position(EMPTY, "Qualified demand"))
    assert d.message.startswith("the accountability 'Qualified demand")
    assert ("of function Marketing ('marketing') lists no objective under 'objectives:': the team cannot show how "
            "this work moves the strategy") in d.message


def test_the_function_can_waive_it(make_framework):
    waived = EMPTY + "waivers:\n  - rule: SPM107\n    reason: Brand work is judged by the board, not by an objective.\n"
    assert findings(make_framework({"functions/marketing.yml": waived}), "SPM107") == []


def test_accountabilities_with_objectives_pass(make_framework):
    assert findings(make_framework(), "SPM107") == []
