"""SPM102 objective-without-pillar: every objective serves a pillar of the strategy."""

from __future__ import annotations

from rule_helpers import changed, findings, only, where


def test_objective_with_no_pillar_is_an_error(make_framework):
    root = make_framework({"objectives/grow-revenue.yml": changed("objectives/grow-revenue.yml", "pillar: growth\n", "")})
    d = only(root, "SPM102")
    # There is no `pillar:` to point at, so the finding points at the objective itself.
    assert where(d, root) == ("SPM102", "objective-without-pillar", "error", "objectives/grow-revenue.yml", 1, 1)
    assert d.message == ("objective Grow new annual recurring revenue by 30% ('grow-revenue') has no 'pillar:': the "
                         "people working on it cannot trace it back to the strategy, nor tell whether it deserves "
                         "their effort")


def test_objectives_with_pillars_pass(make_framework):
    assert findings(make_framework(), "SPM102") == []
