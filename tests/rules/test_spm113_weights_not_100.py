"""SPM113 weights-not-100: a role's weights, once given, cover every measure and add up to 100."""

from __future__ import annotations

import pytest

from rule_helpers import changed, findings, only, position, where


def test_weights_that_do_not_add_up_are_an_error(make_framework):
    text = changed("roles/head-of-sales.yml", "weight: 40", "weight: 30")
    root = make_framework({"roles/head-of-sales.yml": text})
    d = only(root, "SPM113")
    # About the set, so at `measures:` (the key that holds it), with every member and its weight.
    assert where(d, root) == ("SPM113", "weights-not-100", "error", "roles/head-of-sales.yml",
                              *position(text, "measures:"))
    assert d.message == ("role Head of sales ('head-of-sales') weights its measures to a total of 90, not 100 "
                         "(New annual recurring revenue ('new-arr') 60, Win rate ('win-rate') 30): two managers "
                         "will split the attention of people in it two ways")


def test_a_measure_without_a_weight_is_named_and_pointed_at(make_framework):
    text = changed("roles/head-of-sales.yml", "  - measure: win-rate\n    weight: 40\n", "  - measure: win-rate\n")
    root = make_framework({"roles/head-of-sales.yml": text})
    d = only(root, "SPM113")
    assert where(d, root) == ("SPM113", "weights-not-100", "error", "roles/head-of-sales.yml",
                              *position(text, "measures:"))
    assert d.message.startswith("role Head of sales ('head-of-sales') gives no 'weight:' to Win rate ('win-rate') "
                                "while its other measures add up to 60 (New annual recurring revenue ('new-arr') "
                                "60, Win rate ('win-rate') no weight)")


@pytest.mark.parametrize(("first", "second"), [("60", "40"), ("60.004", "39.999"), ("50.5", "49.5")])
def test_weights_adding_up_to_100_pass(make_framework, first, second):
    text = changed("roles/head-of-sales.yml", "weight: 60\n  - measure: win-rate\n    weight: 40",
                   f"weight: {first}\n  - measure: win-rate\n    weight: {second}")
    assert findings(make_framework({"roles/head-of-sales.yml": text}), "SPM113") == []


def test_a_role_without_any_weights_passes(make_framework):
    text = changed("roles/head-of-sales.yml", "    weight: 60\n", "").replace("    weight: 40\n", "")
    assert "weight" not in text
    assert findings(make_framework({"roles/head-of-sales.yml": text}), "SPM113") == []
