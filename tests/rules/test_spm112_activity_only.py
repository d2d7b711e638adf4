"""SPM112 activity-only: effort is measured beside something that shows whether it works."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where

ACTIVITY_ONLY = changed("roles/account-executive.yml", """\
  - measure: win-rate
    weight: 50
  - measure: qualified-leads
    weight: 50
""", """\
  - measure: qualified-leads
    weight: 100
""")


def test_role_held_only_to_activity_is_a_warning(make_framework):
    root = make_framework({"roles/account-executive.yml": ACTIVITY_ONLY})
    d = only(root, "SPM112")
    assert where(d, root) == ("SPM112", "activity-only", "warning", "roles/account-executive.yml",
                              *position(ACTIVITY_ONLY, "- measure: qualified-leads"))
    assert "role 'account-executive' is held only to activity measures" in d.message


def test_role_with_no_measures_is_left_to_spm108(make_framework):
    text = changed("roles/account-executive.yml", """\
measures:
  - measure: win-rate
    weight: 50
  - measure: qualified-leads
    weight: 50
    accepted:
      by: head-of-sales
      reason: Self-sourced leads are part of every account executive's pipeline.
""", "")
    root = make_framework({"roles/account-executive.yml": text})
    assert findings(root, "SPM112") == []
    assert len(findings(root, "SPM108")) == 1


def test_activity_beside_effectiveness_passes(make_framework):
    assert findings(make_framework(), "SPM112") == []
