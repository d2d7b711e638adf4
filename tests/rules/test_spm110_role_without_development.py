"""SPM110 role-without-development: every role says what to grow into."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where


def test_role_with_nothing_to_develop_is_a_warning(make_framework):
    text = changed("roles/account-executive.yml", "development:\n  - Run discovery without a script.\n",
                   "development: []\n")
    root = make_framework({"roles/account-executive.yml": text})
    d = only(root, "SPM110")
    assert where(d, root) == ("SPM110", "role-without-development", "warning", "roles/account-executive.yml",
                              *position(text, "[]"))
    assert d.message == ("role Account executive ('account-executive') lists nothing under 'development:': people "
                         "in it get verdicts on past results and nothing to grow into")


def test_roles_with_development_pass(make_framework):
    assert findings(make_framework(), "SPM110") == []
