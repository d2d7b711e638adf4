"""SPM104 objective-without-owner: one role answers for each objective."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where


def test_objective_with_no_owner_is_a_warning(make_framework):
    root = make_framework({"objectives/win-new-logos.yml":
                           changed("objectives/win-new-logos.yml", "owner: account-executive\n", "")})
    d = only(root, "SPM104")
    assert where(d, root) == ("SPM104", "objective-without-owner", "error", "objectives/win-new-logos.yml", 1, 1)
    assert d.message == ("objective Win 120 new customers ('win-new-logos') has no 'owner:': no role answers for it, "
                         "so nobody decides when it is off course or speaks for it in reviews")


def test_an_empty_owner_is_pointed_at(make_framework):
    text = changed("objectives/win-new-logos.yml", "owner: account-executive", "owner:")
    root = make_framework({"objectives/win-new-logos.yml": text})
    d = only(root, "SPM104")
    assert where(d, root)[3:] == ("objectives/win-new-logos.yml", position(text, "owner:")[0], 7)


def test_owned_objectives_pass(make_framework):
    assert findings(make_framework(), "SPM104") == []
