"""SPM114 value-without-behaviours: a value says what living it looks like."""

from __future__ import annotations

from rule_helpers import findings, only, position, where

BARE = """\
name: Courage
statement: We say the hard thing early.
behaviours: []
"""


def test_value_with_no_behaviours_is_an_error(make_framework):
    root = make_framework({"values/courage.yml": BARE})
    d = only(root, "SPM114")
    assert where(d, root) == ("SPM114", "value-without-behaviours", "error", "values/courage.yml", *position(BARE, "[]"))
    assert d.message.startswith("value Courage ('courage') lists nothing under 'behaviours:': nobody can see "
                                "whether it is being lived")


def test_values_with_behaviours_pass(make_framework):
    assert findings(make_framework(), "SPM114") == []
