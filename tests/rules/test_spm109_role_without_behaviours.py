"""SPM109 role-without-behaviours: every role names the values it is expected to live."""

from __future__ import annotations

from rule_helpers import changed, findings, only, where


def test_role_with_no_values_is_a_warning(make_framework):
    text = changed("roles/head-of-sales.yml", "values:\n  - value: customer-first\n", "")
    root = make_framework({"roles/head-of-sales.yml": text})
    d = only(root, "SPM109")
    assert where(d, root) == ("SPM109", "role-without-behaviours", "warning", "roles/head-of-sales.yml", 1, 1)
    assert d.message == ("role Head of sales ('head-of-sales') names no value under 'values:': it says what people "
                         "in it deliver but not how they work, so their reviews weigh results alone")


def test_roles_with_values_pass(make_framework):
    assert findings(make_framework(), "SPM109") == []
