"""SPM133 rhythm-reviews-unheld-measure: a conversation reviews numbers its participants answer for."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where

FEEDBACK = "feedback.yml"
CHURN = """\
  - id: churn
    name: Customer churn
    definition: Customers lost as a share of customers at the start of the year.
    unit: "%"
    direction: lower
    owner: sales
    kind: outcome
    timing: lagging
    waivers:
      - rule: SPM117
        reason: Tracked by the board only.
"""


def reviewing(ids: str) -> str:
    return changed(FEEDBACK, "    upward: true\n", f"    upward: true\n    reviews: [{ids}]\n")


def test_a_conversation_reviewing_a_number_nobody_in_it_holds_is_a_warning(make_framework):
    text = reviewing("win-rate, churn")
    root = make_framework({FEEDBACK: text, "measures/sales.yml": changed("measures/sales.yml", "  - id: qualified-leads\n",
                                                                       CHURN + "  - id: qualified-leads\n")})
    d = only(root, "SPM133")
    assert where(d, root) == ("SPM133", "rhythm-reviews-unheld-measure", "warning", FEEDBACK, *position(text, "churn"))
    assert ("Weekly one-to-one ('weekly-one-to-one') reviews Customer churn ('churn'), but no role taking part in it "
            "is held to that measure") in d.message


def test_a_measure_held_by_one_participant_only_passes(make_framework):
    """The trap: only the account executive is held to qualified leads, and that is enough."""
    assert findings(make_framework({FEEDBACK: reviewing("qualified-leads, new-arr")}), "SPM133") == []
