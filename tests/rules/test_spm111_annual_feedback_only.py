"""SPM111 annual-feedback-only: feedback is ongoing, not saved up for the annual review."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where


def test_role_with_only_the_annual_review_is_an_error(make_framework):
    text = changed("roles/head-of-sales.yml", "feedback: [weekly-one-to-one, annual-review]", "feedback: [annual-review]")
    root = make_framework({"roles/head-of-sales.yml": text})
    d = only(root, "SPM111")
    assert where(d, root) == ("SPM111", "annual-feedback-only", "error", "roles/head-of-sales.yml",
                              *position(text, "[annual-review]"))
    assert "role Head of sales ('head-of-sales') gets feedback only once a year (Annual review)" in d.message


def test_role_with_no_feedback_at_all_points_at_the_role(make_framework):
    text = changed("roles/head-of-sales.yml", "feedback: [weekly-one-to-one, annual-review]\n", "")
    root = make_framework({"roles/head-of-sales.yml": text})
    d = only(root, "SPM111")
    assert where(d, root)[3:] == ("roles/head-of-sales.yml", 1, 1)
    assert "takes part in no feedback conversation" in d.message
    assert "feedback.yml has 'weekly-one-to-one', weekly" in d.message


def test_with_no_rhythm_at_all_the_message_names_no_annual_review(make_framework):
    """A framework without feedback.yml has no annual review to talk about: the message says what is missing."""
    roles = {path: changed(path, "feedback: [weekly-one-to-one, annual-review]\n", "")
             for path in ("roles/head-of-sales.yml", "roles/account-executive.yml")}
    root = make_framework({"feedback.yml": None, **roles})
    found = findings(root, "SPM111")
    assert len(found) == 2
    for d in found:
        assert "feedback.yml defines none" in d.message and "annual" not in d.message.lower()
        assert where(d, root)[4:] == (1, 1)


def test_a_rhythm_more_often_than_annual_but_below_the_option_is_named(make_framework):
    found = findings(make_framework(), "SPM111", {"rules": {"SPM111": {"min_per_year": 60}}})
    assert {d.message.split(" gets ")[1] for d in found} == {
        "feedback weekly at most (Weekly one-to-one), fewer than 60 times a year: feedback should be ongoing"}


def test_min_per_year_is_an_option(make_framework):
    """Asking for more than weekly conversations flags even the weekly one-to-one."""
    found = findings(make_framework(), "SPM111", {"rules": {"SPM111": {"min_per_year": 60}}})
    assert len(found) == 2


def test_ongoing_feedback_passes(make_framework):
    assert findings(make_framework(), "SPM111") == []
