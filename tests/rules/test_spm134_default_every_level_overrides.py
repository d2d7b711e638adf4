"""SPM134 default-every-level-overrides: a role's own target that no level is held to."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where

ROLE = "roles/account-executive.yml"


def with_targets(role_target: str | None, **levels: str) -> str:
    """MINIMAL's account executive, its win rate at `role_target`, and each level's own target."""
    level_lines = "".join(f"  - level: {lid}\n    expectations:\n      - Runs a clean discovery call.\n"
                          f"    targets:\n      - measure: win-rate\n        target: {t}\n" for lid, t in levels.items())
    text = changed(ROLE, "levels:\n  - level: l1\n    expectations:\n      - Runs a clean discovery call.\n",
                   f"levels:\n{level_lines}")
    if role_target is not None:
        text = text.replace("  - measure: win-rate\n    weight: 50\n",
                            f"  - measure: win-rate\n    weight: 50\n    target: {role_target}\n")
    return text


def test_a_role_target_every_level_overrides_is_a_warning_at_the_target(make_framework):
    text = with_targets("24", l1="20", l2="28")
    root = make_framework({ROLE: text})
    d = only(root, "SPM134")
    assert where(d, root) == ("SPM134", "default-every-level-overrides", "warning", ROLE, *position(text, "24\n"))
    assert d.message == ("Account executive ('account-executive') sets the target 24 on Win rate ('win-rate'), but "
                         "every level it describes sets its own (Associate 20 and Senior 28): nobody is held to 24")


def test_a_level_that_repeats_the_role_target_still_overrides_it(make_framework):
    d = only(make_framework({ROLE: with_targets("28", l1="20", l2="28")}), "SPM134")
    assert "(Associate 20 and Senior 28; Senior repeats it)" in d.message


def test_a_level_without_its_own_target_is_held_to_the_role_target(make_framework):
    assert len(findings(make_framework({ROLE: with_targets("24", l1="20")}), "SPM134")) == 1  # its one level overrides it
    text = with_targets("24", l1="20").replace(
        "levels:\n", "levels:\n  - level: l2\n    expectations:\n      - Closes without discount.\n", 1)
    assert findings(make_framework({ROLE: text}), "SPM134") == []


def test_the_measure_default_every_level_overrides_is_not_the_roles_to_fix(make_framework):
    """The trap: win rate's default (25) is the organisation's, for roles that set none; the role states none."""
    assert findings(make_framework({ROLE: with_targets(None, l1="20", l2="28")}), "SPM134") == []


def test_a_role_without_levels_is_held_to_its_own_target(make_framework):
    text = changed(ROLE, "levels:\n  - level: l1\n    expectations:\n      - Runs a clean discovery call.\n", "")
    text = text.replace("  - measure: win-rate\n    weight: 50\n", "  - measure: win-rate\n    weight: 50\n    target: 30\n")
    assert findings(make_framework({ROLE: text}), "SPM134") == []


def test_a_waiver_naming_the_measure_excuses_it(make_framework):
    text = with_targets("24", l1="20", l2="28") + (
        "waivers:\n  - rule: SPM134\n    measure: win-rate\n    reason: The role's figure is the plan's average, kept for the budget.\n")
    assert findings(make_framework({ROLE: text}), "SPM134") == []
