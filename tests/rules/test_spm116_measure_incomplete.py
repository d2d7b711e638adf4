"""SPM116 measure-incomplete: a measure has a definition, a target, a frequency and a source."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where


def test_measure_missing_fields_is_one_warning_naming_them_all(make_framework):
    text = changed("measures/sales.yml", "    definition: Deals won as a share of deals closed, won or lost.\n", "")
    text = text.replace("    source: CRM opportunity report\n", "")
    root = make_framework({"measures/sales.yml": text})
    d = only(root, "SPM116")
    assert where(d, root) == ("SPM116", "measure-incomplete", "warning", "measures/sales.yml", *position(text, "win-rate"))
    assert "measure 'win-rate' has no definition or source" in d.message


def test_complete_measures_pass(make_framework):
    assert findings(make_framework(), "SPM116") == []
