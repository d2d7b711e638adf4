"""SPM105 pillar-mismatch: a child objective serves the same pillar as its parent."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where


def test_child_contradicting_its_parent_is_a_warning(make_framework):
    text = changed("objectives/win-new-logos.yml", "pillar: growth", "pillar: people")
    root = make_framework({"objectives/win-new-logos.yml": text})
    d = only(root, "SPM105")
    assert where(d, root) == ("SPM105", "pillar-mismatch", "warning", "objectives/win-new-logos.yml",
                              *position(text, "people"))
    assert ("serves pillar A great place to work ('people') but its parent Grow new annual recurring revenue by 30% "
            "('grow-revenue') serves Win the right customers ('growth'): the handbook tells the people working on it "
            "two stories") in d.message


def test_child_skipping_its_parents_pillar_points_at_the_parent(make_framework):
    text = changed("objectives/win-new-logos.yml", "pillar: growth\n", "")
    root = make_framework({"objectives/win-new-logos.yml": text})
    d = only(root, "SPM105")
    assert where(d, root) == ("SPM105", "pillar-mismatch", "warning", "objectives/win-new-logos.yml",
                              *position(text, "grow-revenue"))
    assert ("objective Win 120 new customers ('win-new-logos') has no 'pillar:' while its parent Grow new annual "
            "recurring revenue by 30% ('grow-revenue') serves Win the right customers ('growth')") in d.message


def test_parent_without_pillar_is_left_to_spm102(make_framework):
    root = make_framework({"objectives/grow-revenue.yml": changed("objectives/grow-revenue.yml", "pillar: growth\n", "")})
    assert findings(root, "SPM105") == []


def test_children_on_their_parents_pillar_pass(make_framework):
    assert findings(make_framework(), "SPM105") == []
