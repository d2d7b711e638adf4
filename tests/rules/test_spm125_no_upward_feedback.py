"""SPM125 no-upward-feedback: the people who report to a manager have a way to give it feedback."""

from __future__ import annotations

from conftest import MINIMAL
from rule_helpers import changed, findings, only, position, where

ONE_WAY = changed("feedback.yml", "    upward: true\n", "")


def test_a_manager_whose_reports_never_give_feedback_upward_is_a_warning(make_framework):
    root = make_framework({"feedback.yml": ONE_WAY})
    d = only(root, "SPM125")
    assert where(d, root) == ("SPM125", "no-upward-feedback", "warning", "roles/head-of-sales.yml",
                              *position(MINIMAL["roles/head-of-sales.yml"], "name: Head of sales"))
    assert ("none of the conversations Head of sales ('head-of-sales')'s reports take part in (Weekly one-to-one "
            "('weekly-one-to-one'), Annual review ('annual-review')) says 'upward: true'") in d.message
    assert "the partnership runs one way" in d.message


def test_upward_feedback_in_any_of_the_reports_conversations_passes(make_framework):
    """The trap: upward feedback recorded on the annual review only still counts as recorded."""
    feedback = ONE_WAY + "    upward: true\n"
    assert findings(make_framework({"feedback.yml": feedback}), "SPM125") == []
    assert findings(make_framework(), "SPM125") == []


def test_upward_false_is_no_upward_feedback(make_framework):
    feedback = changed("feedback.yml", "    upward: true\n", "    upward: false\n")
    assert len(findings(make_framework({"feedback.yml": feedback}), "SPM125")) == 1
