"""SPM131 edition-without-input: an approved edition records input from the levels it applies to."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where
from set_helpers import set_position

ORG = "organisation.yml"
NO_INPUT = changed(ORG, "  input_from: Every level commented on the draft in September.\n", "")


def test_an_approved_edition_with_no_record_of_input_is_a_warning(make_framework):
    root = make_framework({ORG: NO_INPUT})
    d = only(root, "SPM131")
    assert where(d, root) == ("SPM131", "edition-without-input", "warning", ORG, *position(NO_INPUT, '"2027"'))
    assert "edition '2027' has no 'input_from:' or 'input_levels:'" in d.message


def test_input_from_some_levels_only_names_the_others(make_framework):
    text = NO_INPUT.replace("  approved_on: 2026-10-01\n", "  approved_on: 2026-10-01\n  input_levels: [l2]\n")
    root = make_framework({ORG: text})
    d = only(root, "SPM131")
    assert where(d, root) == ("SPM131", "edition-without-input", "warning", ORG,
                              *set_position(text, "input_levels", "[l2]"))
    assert ("edition '2027' records input under 'input_levels:', not from Associate ('l1'), where roles are "
            "described too") in d.message


def test_levels_no_role_is_described_at_need_no_input(make_framework):
    """The trap: a level on the ladder that no role describes yet is not one the edition applies to."""
    levels = changed("levels.yml", "    summary: Works independently and coaches others.\n",
                     "    summary: Works independently and coaches others.\n  - id: l3\n    name: Principal\n"
                     "    summary: Sets direction for a whole area.\n")
    text = NO_INPUT.replace("  approved_on: 2026-10-01\n", "  approved_on: 2026-10-01\n  input_levels: [l1, l2]\n")
    assert findings(make_framework({ORG: text, "levels.yml": levels}), "SPM131") == []


def test_an_edition_nobody_approved_is_left_to_spm119(make_framework):
    text = NO_INPUT.replace("  approved_by: [head-of-sales]\n  approved_on: 2026-10-01\n", "")
    assert findings(make_framework({ORG: text}), "SPM131") == []
