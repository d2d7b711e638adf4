"""SPM101 measure-without-objective: every measure shows progress on some objective."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where


def test_measure_with_no_objective_is_an_error(make_framework):
    text = changed("measures/sales.yml", "objectives: [grow-revenue]", "objectives: []")
    root = make_framework({"measures/sales.yml": text})
    d = only(root, "SPM101")
    assert where(d, root) == ("SPM101", "measure-without-objective", "error", "measures/sales.yml",
                              *position(text, "new-arr"))
    assert d.message == ("measure New annual recurring revenue ('new-arr') lists no objective under 'objectives:': "
                         "people in Head of sales ('head-of-sales') are held to a number with no line of sight to "
                         "the strategy, and nobody can say why it matters")


def test_measures_that_serve_objectives_pass(make_framework):
    assert findings(make_framework(), "SPM101") == []
