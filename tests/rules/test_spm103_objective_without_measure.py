"""SPM103 objective-without-measure: an objective is tracked by a measure, itself or beneath it."""

from __future__ import annotations

from rule_helpers import changed, findings, only, where

UNMEASURED = """\
name: Keep every new customer for a year
description: No new customer leaves in their first twelve months.
pillar: growth
parent: grow-revenue
owner: head-of-sales
"""


def test_objective_no_measure_tracks_is_a_warning(make_framework):
    root = make_framework({"objectives/keep-new-customers.yml": UNMEASURED})
    d = only(root, "SPM103")
    assert where(d, root) == ("SPM103", "objective-without-measure", "warning", "objectives/keep-new-customers.yml", 1, 1)
    assert d.message.startswith("objective Keep every new customer for a year ('keep-new-customers') is listed under 'objectives:' "
                                "of no measure, nor is any objective beneath it: nobody can tell whether it is on "
                                "course until it is too late")


def test_objective_tracked_through_its_child_passes(make_framework):
    """`grow-revenue` loses its own measure but `win-new-logos`, beneath it, is still measured."""
    text = changed("measures/sales.yml", "objectives: [grow-revenue]", "objectives: [win-new-logos]")
    root = make_framework({"measures/sales.yml": text})
    assert findings(root, "SPM103") == []


def test_tracking_does_not_flow_down_to_children(make_framework):
    """A measured parent does not make an unmeasured child tracked: the child is still flagged."""
    text = changed("measures/sales.yml", "objectives: [win-new-logos]\n    kind: effectiveness",
                   "objectives: [grow-revenue]\n    kind: effectiveness")
    text = text.replace("objectives: [win-new-logos]\n    kind: activity", "objectives: [grow-revenue]\n    kind: activity")
    root = make_framework({"measures/sales.yml": text})
    assert [d.message.split(" is ")[0] for d in findings(root, "SPM103")] == ["objective Win 120 new customers ('win-new-logos')"]


def test_measured_objectives_pass(make_framework):
    assert findings(make_framework(), "SPM103") == []
