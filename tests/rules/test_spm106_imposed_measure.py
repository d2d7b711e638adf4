"""SPM106 imposed-measure: a function does not set another function's numbers without agreement."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where

IMPOSED = changed("roles/account-executive.yml", """\
    accepted:
      by: head-of-sales
      reason: Self-sourced leads are part of every account executive's pipeline.
""", "")


def test_measure_owned_elsewhere_without_agreement_is_an_error(make_framework):
    root = make_framework({"roles/account-executive.yml": IMPOSED})
    d = only(root, "SPM106")
    assert where(d, root) == ("SPM106", "imposed-measure", "error", "roles/account-executive.yml",
                              *position(IMPOSED, "qualified-leads"))
    assert d.message == ("role Account executive ('account-executive') is held to measure Qualified leads "
                         "('qualified-leads'), owned by Marketing ('marketing'), with no 'accepted:' from Sales "
                         "('sales'): people in it will be judged on a number another function set, pulling them in "
                         "competing directions")


def test_measure_accepted_by_the_roles_function_passes(make_framework):
    assert findings(make_framework(), "SPM106") == []
