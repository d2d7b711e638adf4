"""SPM128 value-without-role: every value is asked of at least one role."""

from __future__ import annotations

from conftest import MINIMAL
from rule_helpers import findings, only, position, where

VALUE = "name: Own it\nstatement: We finish what we start.\nbehaviours:\n  - id: close-loops\n    looks_like: Closes every loop it opens.\n    not_like: Leaves others to guess.\n"


def test_a_value_no_role_names_is_a_warning(make_framework):
    root = make_framework({"values/own-it.yml": VALUE})
    d = only(root, "SPM128")
    assert where(d, root) == ("SPM128", "value-without-role", "warning", "values/own-it.yml",
                              *position(VALUE, "Own it"))
    assert "no role names Own it ('own-it') under 'values:': nobody is asked to live it" in d.message


def test_a_value_named_by_one_role_only_passes(make_framework):
    """The trap: a value may matter in one role only; it is still part of a job."""
    role = "roles/account-executive.yml"
    text = MINIMAL[role].replace("values:\n", "values:\n  - value: own-it\n")
    assert findings(make_framework({"values/own-it.yml": VALUE, role: text}), "SPM128") == []


def test_minimal_passes(make_framework):
    assert findings(make_framework(), "SPM128") == []
