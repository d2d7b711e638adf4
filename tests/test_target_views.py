"""One true target without a browser: the views every page uses (site/targets.py) and the pages.

The browser test (tests/browser/test_one_target.py) walks every page of the sample; these pin the
shapes on the sample, on a role without levels, on roles whose levels lie on tracks (engineering)
and on targets in words (kpi).
"""

from __future__ import annotations

from pathlib import Path

from spm_site.pipeline import check_framework
from spm_site.site.render import Renderer
from spm_site.site.targets import held_range, holders, level_targets, role_level_ids, role_targets
from spm_site.site.views import target_text

ROOT = Path(__file__).resolve().parents[1]


def framework(root: Path):  # noqa: ANN201
    result = check_framework(root)
    assert result.framework is not None, result.diagnostics
    return result.framework


def page(fw, path: str) -> str:  # noqa: ANN001
    return next(p.markdown for p in Renderer(fw).pages() if p.path == path)


def test_a_role_with_levels_has_a_target_column_per_level_and_no_role_wide_figure():
    fw = framework(ROOT / "framework")
    role = fw.roles["account-executive"]
    view = role_targets(fw, role)
    assert [lv.id for lv in view.levels] == ["l1", "l2", "l3"]
    win = next(row for row in view.rows if row.measure.id == "win-rate")
    assert [(c.level, c.value, c.text) for c in win.cells] == [("l1", 22, "22%"), ("l2", 26, "26%"), ("l3", 30, "30%")]
    assert fw.measures["win-rate"].target == 28  # the measure's default, which no account executive is held to
    quota = next(row for row in view.rows if row.measure.id == "new-arr-booked")
    assert [c.value for c in quota.cells] == [300000, 400000, 520000]  # the role's quota applies at l2
    for row in view.rows:
        assert [c.value for c in row.cells] == [fw.target(role, row.measure.id, lid) for lid in ("l1", "l2", "l3")]
    markdown = page(fw, "roles/account-executive.md")
    measures = markdown[markdown.index("## Measures"):markdown.index("## Line of sight")]
    assert '<span class="spm-level-col" data-level="l2">Professional</span>' in measures
    assert "| 22% | 26% | 30% |" in measures and "28%" not in measures


def test_each_level_section_lists_every_target_that_applies_there():
    fw = framework(ROOT / "framework")
    role = fw.roles["account-executive"]
    at_l1 = dict((m.id, text) for m, text in level_targets(fw, role, "l1"))
    assert at_l1["win-rate"] == "22%" and at_l1["pipeline-coverage"] == "3x"  # the measure's default applies
    assert list(at_l1) == [rm.measure for rm in role.measures]
    markdown = page(fw, "roles/account-executive.md")
    assert "[New ARR booked](../measures/new-arr-booked.md) £400,000, [Win rate](../measures/win-rate.md) 26%" in markdown


def test_the_measure_page_holds_each_role_to_its_target_level_by_level():
    fw = framework(ROOT / "framework")
    rows = [(h.role.id, h.level.id if h.level else None, h.text) for h in holders(fw, fw.measures["win-rate"])]
    assert ("account-executive", "l1", "22%") in rows and ("account-executive", "l3", "30%") in rows
    assert ("sales-manager", "l4", "28%") in rows and ("account-executive", None, "28%") not in rows
    markdown = page(fw, "measures/win-rate.md")
    assert ("| [Account executive](../roles/account-executive.md) | [Associate](../roles/account-executive.md#level-l1)"
            " | 22% | 20% |") in markdown


def test_the_catalogue_says_what_roles_are_held_to_beside_a_default_nobody_else_has():
    fw = framework(ROOT / "framework")
    win = held_range(fw, fw.measures["win-rate"])
    assert (win.low, win.high, win.differs) == (22, 30, True)
    assert not held_range(fw, fw.measures["forecast-accuracy"]).differs  # everyone is held to the default
    markdown = page(fw, "measures/index.md")
    assert '28%<br><small class="spm-held">default; roles are held to 22% to 30%</small>' in markdown


def test_a_role_without_levels_has_one_target_column(make_framework):
    root = make_framework()  # MINIMAL: give the head of sales no levels and its own win rate
    role_file = root / "roles/head-of-sales.yml"
    text = role_file.read_text().replace("levels:\n  - level: l2\n    expectations:\n      - Builds a team that hits its number without heroics.\n", "")
    role_file.write_text(text.replace("  - measure: win-rate\n    weight: 40\n", "  - measure: win-rate\n    weight: 40\n    target: 31\n"))
    fw = framework(root)
    role = fw.roles["head-of-sales"]
    view = role_targets(fw, role)
    assert view.levels == [] and role_level_ids(fw, role) == []
    assert [(c.level, c.text) for c in next(r for r in view.rows if r.measure.id == "win-rate").cells] == [(None, "31%")]
    assert target_text(fw, role, "win-rate") == "31%"
    assert "| Measure | Target | Weight | Kind |" in page(fw, "roles/head-of-sales.md")
    assert ("head-of-sales", None, "31%") in [(h.role.id, h.level, h.text) for h in holders(fw, fw.measures["win-rate"])]


def test_roles_on_tracks_follow_their_ladder_and_agree_with_the_framework():
    fw = framework(ROOT / "tests/fixtures/engineering")
    for role in fw.roles.values():
        ladder = [lv.id for lv in fw.ladder_of(role).levels]
        view = role_targets(fw, role)
        ids = [lv.id for lv in view.levels]
        assert ids == sorted(ids, key=ladder.index) and set(ids) == {rl.level for rl in role.levels}
        for row in view.rows:
            assert [c.value for c in row.cells] == [fw.target(role, row.measure.id, lid) for lid in ids or [None]]


def test_targets_in_words_are_shown_as_written_at_their_level():
    fw = framework(ROOT / "tests/fixtures/kpi")
    role = fw.roles["contact-centre-adviser"]
    row = next(r for r in role_targets(fw, role).rows if r.measure.id == "calls-answered-in-time")
    assert "Agreed with your team leader after training" in [c.text for c in row.cells]
    assert 80 not in [c.value for c in row.cells]  # the measure's default: no level of the adviser has it
    words = held_range(fw, fw.measures["calls-answered-in-time"])
    assert words.words == ("Agreed with your team leader after training",) and words.differs
