"""SPM124 manager-without-coaching: a manager whose people have weekly coaching says it coaches."""

from __future__ import annotations

from rule_helpers import changed, findings, only, where
from set_helpers import set_position

HEAD = "roles/head-of-sales.yml"
NO_COACHING = changed(HEAD, "  - Set the sales plan and coach the team.\n", "  - Set the sales plan.\n")


def test_a_manager_silent_about_coaching_is_a_warning(make_framework):
    root = make_framework({HEAD: NO_COACHING})
    d = only(root, "SPM124")
    assert where(d, root) == ("SPM124", "manager-without-coaching", "warning", HEAD,
                              *set_position(NO_COACHING, "responsibilities", "- Set the sales plan."))
    assert ("Head of sales ('head-of-sales') has reports (Account executive ('account-executive')) who meet it in "
            "Weekly one-to-one ('weekly-one-to-one') every week, but nothing in its responsibilities, measures or "
            "development says it coaches them") in d.message
    assert "nobody's written job" in d.message


def test_coaching_written_as_a_responsibility_passes(make_framework):
    """The trap: MINIMAL's head of sales 'coaches the team' in its responsibilities."""
    assert findings(make_framework(), "SPM124") == []


def test_running_the_conversation_by_name_in_development_passes(make_framework):
    text = NO_COACHING.replace("  - Forecast with less than 10% error.\n",
                               "  - Run a useful weekly one-to-one with every report.\n")
    assert findings(make_framework({HEAD: text}), "SPM124") == []


def test_a_weekly_conversation_the_employee_runs_is_not_the_managers(make_framework):
    feedback = changed("feedback.yml", "    upward: true\n", "    upward: true\n    run_by: employee\n")
    assert findings(make_framework({HEAD: NO_COACHING, "feedback.yml": feedback}), "SPM124") == []


def test_a_weekly_meeting_that_is_not_coaching_asks_nothing_of_the_manager(make_framework):
    """The trap: a weekly stand-up is frequent, but not the coaching conversation the rule is about."""
    feedback = changed("feedback.yml", "    purpose: Coach on live work and remove blockers.\n",
                       "    purpose: Share the week's priorities and remove blockers.\n")
    assert findings(make_framework({HEAD: NO_COACHING, "feedback.yml": feedback}), "SPM124") == []
    said_so = feedback.replace("    upward: true\n", "    upward: true\n    run_by: manager\n")
    assert len(findings(make_framework({HEAD: NO_COACHING, "feedback.yml": said_so}), "SPM124")) == 1
