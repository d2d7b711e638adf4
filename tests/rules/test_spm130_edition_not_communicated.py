"""SPM130 edition-not-communicated: an approved edition says how it reached everyone."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where

ORG = "organisation.yml"
SILENT = changed(ORG, "  communicated: Presented at the October all-hands meeting.\n", "")


def test_an_approved_edition_never_communicated_is_a_warning(make_framework):
    root = make_framework({ORG: SILENT})
    d = only(root, "SPM130")
    assert where(d, root) == ("SPM130", "edition-not-communicated", "warning", ORG, *position(SILENT, '"2027"'))
    assert "edition '2027' is approved but 'communicated:' does not say how it reached everyone" in d.message
    assert "people are held to a framework they may never have been shown" in d.message


def test_an_edition_nobody_approved_is_left_to_spm119(make_framework):
    """The trap: not approved, so there is nothing to communicate yet; SPM119 says what is missing."""
    text = SILENT.replace("  approved_by: [head-of-sales]\n  approved_on: 2026-10-01\n", "")
    root = make_framework({ORG: text})
    assert findings(root, "SPM130") == [] and len(findings(root, "SPM119")) == 1


def test_a_communicated_edition_passes(make_framework):
    assert findings(make_framework(), "SPM130") == []
