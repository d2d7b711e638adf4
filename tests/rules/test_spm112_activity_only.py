"""SPM112 activity-only: effort is measured beside something that shows whether it works."""

from __future__ import annotations

from conftest import MINIMAL
from rule_helpers import changed, findings, only, position, where

ACTIVITY_ONLY = changed("roles/account-executive.yml", """\
  - measure: win-rate
    weight: 50
  - measure: qualified-leads
    weight: 50
""", """\
  - measure: calls-made
    weight: 40
  - measure: qualified-leads
    weight: 60
""")
CALLS = MINIMAL["measures/sales.yml"] + """\
  - id: calls-made
    name: Calls made
    definition: Outbound calls logged in the CRM.
    unit: calls per week
    direction: higher
    target: 60
    frequency: weekly
    source: CRM activity report
    owner: sales
    objectives: [win-new-logos]
    kind: activity
    timing: leading
"""


def test_role_held_only_to_activity_is_an_error_at_the_key_that_holds_them(make_framework):
    root = make_framework({"roles/account-executive.yml": ACTIVITY_ONLY, "measures/sales.yml": CALLS})
    d = only(root, "SPM112")
    # The finding is about the whole set, so it points at `measures:`, not at its first member.
    assert where(d, root) == ("SPM112", "activity-only", "error", "roles/account-executive.yml",
                              *position(ACTIVITY_ONLY, "measures:"))
    assert d.message == ("role Account executive ('account-executive') is held only to activity measures (Calls "
                         "made ('calls-made') 40, Qualified leads ('qualified-leads') 60) and to no effectiveness or "
                         "outcome measure: people in it are rewarded for doing more, not better, and nothing shows "
                         "whether the effort works")


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
