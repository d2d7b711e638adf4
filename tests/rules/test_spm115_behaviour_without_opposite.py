"""SPM115 behaviour-without-opposite: a behaviour says what falling short looks like."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where

NO_OPPOSITE = changed("values/customer-first.yml",
                      "    not_like: Pitches the product before understanding the problem.\n", "")


def test_behaviour_with_no_opposite_is_a_warning(make_framework):
    root = make_framework({"values/customer-first.yml": NO_OPPOSITE})
    d = only(root, "SPM115")
    assert where(d, root) == ("SPM115", "behaviour-without-opposite", "warning", "values/customer-first.yml",
                              *position(NO_OPPOSITE, "Asks what"))
    assert d.message == ("behaviour 'listen-first' of value Customer first ('customer-first') has no 'not_like:': "
                         "what falling short looks like is left to each manager's guess")


def test_the_value_can_waive_it(make_framework):
    waived = NO_OPPOSITE + "waivers:\n  - rule: behaviour-without-opposite\n    reason: The opposite is obvious here.\n"
    assert findings(make_framework({"values/customer-first.yml": waived}), "SPM115") == []


def test_behaviours_with_opposites_pass(make_framework):
    assert findings(make_framework(), "SPM115") == []
