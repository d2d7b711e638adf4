"""SPM111 annual-feedback-only: feedback is ongoing, not saved up for the annual review."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where


def test_role_with_only_the_annual_review_is_an_error(make_framework):
    text = changed("roles/head-of-sales.yml", "feedback: [weekly-one-to-one, annual-review]", "feedback: [annual-review]")
    root = make_framework({"roles/head-of-sales.yml": text})
    d = only(root, "SPM111")
    assert where(d, root) == ("SPM111", "annual-feedback-only", "error", "roles/head-of-sales.yml",
                              *position(text, "[annual-review]"))
    assert "role 'head-of-sales' has feedback only once a year" in d.message


def test_role_with_no_feedback_at_all_points_at_the_role(make_framework):
    text = changed("roles/head-of-sales.yml", "feedback: [weekly-one-to-one, annual-review]\n", "")
    root = make_framework({"roles/head-of-sales.yml": text})
    d = only(root, "SPM111")
    assert where(d, root)[3:] == ("roles/head-of-sales.yml", 1, 1)
    assert "has no feedback conversation" in d.message


def test_min_per_year_is_an_option(make_framework):
    """Asking for more than weekly conversations flags even the weekly one-to-one."""
    found = findings(make_framework(), "SPM111", {"rules": {"SPM111": {"min_per_year": 60}}})
    assert len(found) == 2


def test_ongoing_feedback_passes(make_framework):
    assert findings(make_framework(), "SPM111") == []
