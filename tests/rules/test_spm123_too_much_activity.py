"""SPM123 too-much-activity: effort counts never take most of a role's weight."""

from __future__ import annotations

from conftest import MINIMAL
from rule_helpers import changed, findings, only, where
from set_helpers import set_position

ROLE = "roles/account-executive.yml"
STRICT = {"rules": {"SPM123": {"max_share": 40}}}


def test_activity_above_the_option_is_a_warning_pointing_at_the_measures(make_framework):
    root = make_framework()
    d = only(root, "SPM123", STRICT)
    assert where(d, root) == ("SPM123", "too-much-activity", "warning", ROLE, 
                              *set_position(MINIMAL[ROLE], "measures", "- measure: win-rate"))
    assert ("Account executive ('account-executive') puts 50% of its weight on activity measures (Qualified leads "
            "('qualified-leads') (50%)), above the 40% set for this rule (max_share)") in d.message
    assert "rewarded for doing more rather than doing it well" in d.message


def test_the_principles_own_limit_is_used_and_named(make_framework):
    principles = changed("principles.yml", "    in_practice: Every role has written measures and expectations.\n",
                         "    in_practice: Every role has written measures and expectations.\n"
                         "    max_activity_share: 33.3\n")
    root = make_framework({"principles.yml": principles})
    d = only(root, "SPM123", {"rules": {"SPM123": {"max_share": 90}}})
    assert "above the 33.3% that the principle Clarity ('clarity') allows" in d.message


def test_activity_within_the_threshold_passes(make_framework):
    """The trap: exactly at the limit (50% of 100 by default) is within it."""
    assert findings(make_framework(), "SPM123") == []


def test_unweighted_measures_count_equally(make_framework):
    text = changed(ROLE, "    weight: 50\n  - measure: qualified-leads\n    weight: 50\n", "\n  - measure: qualified-leads\n")
    text = text.replace("  - measure: win-rate\n\n", "  - measure: win-rate\n")
    root = make_framework({ROLE: text})
    assert "puts 50% of its weight" in only(root, "SPM123", STRICT).message


def test_a_role_held_only_to_activity_is_left_to_spm112(make_framework):
    text = changed(ROLE, "  - measure: win-rate\n    weight: 50\n", "")
    text = text.replace("    weight: 50\n", "    weight: 100\n")
    root = make_framework({ROLE: text})
    assert findings(root, "SPM123", STRICT) == [] and findings(root, "SPM112")
