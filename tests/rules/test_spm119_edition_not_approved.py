"""SPM119 edition-not-approved: a sponsor stands behind the edition, and its approval is recorded."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where

UNAPPROVED = changed("organisation.yml", "  approved_by: [head-of-sales]\n  approved_on: 2026-10-01\n", "")


def test_edition_nobody_approved_is_an_error(make_framework):
    root = make_framework({"organisation.yml": UNAPPROVED})
    d = only(root, "SPM119")
    # Nothing to point at inside `commitment:`, so the finding points at the commitment itself.
    assert where(d, root) == ("SPM119", "edition-not-approved", "error", "organisation.yml",
                              *position(UNAPPROVED, "sponsor: head-of-sales"))
    assert d.message.startswith("edition '2027' has no 'approved_by:' or 'approved_on:' under 'commitment:': it reads "
                                "as a draft nobody at the top stands behind")


def test_missing_sponsor_alone_is_reported(make_framework):
    text = changed("organisation.yml", "  sponsor: head-of-sales\n", "")
    assert "edition '2027' has no 'sponsor:' under 'commitment:'" in only(make_framework({"organisation.yml": text}), "SPM119").message


def test_an_empty_approval_list_is_pointed_at(make_framework):
    text = changed("organisation.yml", "approved_by: [head-of-sales]", "approved_by: []")
    root = make_framework({"organisation.yml": text})
    assert where(only(root, "SPM119"), root)[3:] == ("organisation.yml", *position(text, "[]"))


def test_the_organisation_can_waive_it(make_framework):
    waived = UNAPPROVED + "waivers:\n  - rule: SPM119\n    reason: Draft edition, out for comment until March.\n"
    assert findings(make_framework({"organisation.yml": waived}), "SPM119") == []


def test_approved_edition_passes(make_framework):
    assert findings(make_framework(), "SPM119") == []
