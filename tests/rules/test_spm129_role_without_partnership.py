"""SPM129 role-without-partnership: employee and manager have a written split of responsibility."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where

ROLE = "roles/account-executive.yml"
NO_PARTNERSHIP = changed(ROLE, """partnership:
  employee:
    - Keeps the pipeline up to date.
  manager:
    - Reviews two calls a week with the account executive.
""", "")


def test_a_managed_role_without_partnership_is_a_warning(make_framework):
    root = make_framework({ROLE: NO_PARTNERSHIP})
    d = only(root, "SPM129")
    assert where(d, root) == ("SPM129", "role-without-partnership", "warning", ROLE,
                              *position(NO_PARTNERSHIP, "head-of-sales"))
    assert ("Account executive ('account-executive') has no 'partnership:': neither the person in the role nor "
            "their manager (Head of sales ('head-of-sales')) knows which part") in d.message


def test_an_empty_side_is_named(make_framework):
    text = changed(ROLE, "  manager:\n    - Reviews two calls a week with the account executive.\n", "  manager: []\n")
    root = make_framework({ROLE: text})
    d = only(root, "SPM129")
    assert where(d, root)[4:] == position(text, "employee:")
    assert "Account executive ('account-executive') lists nothing under 'partnership: manager:'" in d.message


def test_the_top_role_without_partnership_passes(make_framework):
    """The trap: the head of sales reports to nobody in the framework, so there is no manager to split with."""
    head = "roles/head-of-sales.yml"
    text = changed(head, """partnership:
  employee:
    - Prepares the weekly forecast.
  manager:
    - Removes blockers the team cannot remove alone.
""", "")
    assert findings(make_framework({head: text}), "SPM129") == []
