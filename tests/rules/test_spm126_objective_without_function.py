"""SPM126 objective-without-function: every objective is answered for by a function."""

from __future__ import annotations

from conftest import MINIMAL
from rule_helpers import changed, findings, only, position, where

SALES = changed("functions/sales.yml", "objectives: [grow-revenue, win-new-logos]", "objectives: [grow-revenue]")
MARKETING = changed("functions/marketing.yml", "objectives: [win-new-logos]", "objectives: [grow-revenue]")


def test_an_objective_no_function_lists_is_a_warning(make_framework):
    root = make_framework({"functions/sales.yml": SALES, "functions/marketing.yml": MARKETING})
    d = only(root, "SPM126")
    text = MINIMAL["objectives/win-new-logos.yml"]
    assert where(d, root) == ("SPM126", "objective-without-function", "warning", "objectives/win-new-logos.yml",
                              *position(text, "Win 120 new customers"))
    assert ("no function lists Win 120 new customers ('win-new-logos') under its accountabilities' 'objectives:'"
            in d.message)
    assert "no team answers for it" in d.message


def test_an_objective_listed_by_a_function_other_than_the_owners_passes(make_framework):
    """The trap: only marketing lists it, not the owner's function: answered for, if by someone else (SPM127)."""
    root = make_framework({"functions/sales.yml": SALES})
    assert findings(root, "SPM126") == []
    assert len(findings(root, "SPM127")) == 1


def test_minimal_passes(make_framework):
    assert findings(make_framework(), "SPM126") == []
