"""SPM108 role-without-measures: every role is held to at least one measure."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where

NO_MEASURES = changed("roles/head-of-sales.yml", """\
measures:
  - measure: new-arr
    weight: 60
  - measure: win-rate
    weight: 40
""", "measures: []\n")


def test_role_with_no_measures_is_an_error(make_framework):
    root = make_framework({"roles/head-of-sales.yml": NO_MEASURES})
    d = only(root, "SPM108")
    assert where(d, root) == ("SPM108", "role-without-measures", "error", "roles/head-of-sales.yml",
                              *position(NO_MEASURES, "[]"))
    assert d.message == ("role Head of sales ('head-of-sales') lists no measure under 'measures:': people in it "
                         "cannot see what good looks like, and their reviews rest on impressions, not evidence")


def test_roles_with_measures_pass(make_framework):
    assert findings(make_framework(), "SPM108") == []
