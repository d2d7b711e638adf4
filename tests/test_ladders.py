"""Tracks and job families' own ladders (issue 11): the ladder logic, its located errors, the pages.

The engineering fixture (`tests/fixtures/engineering`) is the realistic case: a shared ladder of
company grades, an engineering ladder that branches after Senior engineer into an
individual-contributor and a people-manager track, and operations and legacy support ladders of
four and three levels. Errors are planted in copies of it and asserted at `path:line:col` through
the real `spm-site check`; pages come from real strict builds.
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from spm_site.changes.diff import diff_frameworks
from spm_site.changes.wording import describe
from spm_site.cli import cli
from spm_site.framework.audience import filter_framework
from spm_site.pipeline import check_framework
from spm_site.site import ladder_diagram, views
from spm_site.site.render import Renderer

REPO = Path(__file__).resolve().parent.parent
ENGINEERING = REPO / "tests/fixtures/engineering"
SAMPLE = REPO / "framework"

#: What the fixture's levels.yml says, written out by hand as the expectation.
SHARED = ["g1", "g2", "g3", "g4"]
ENG_SHARED = ["eng-1", "eng-2", "eng-3"]
IC = ["staff", "senior-staff", "principal"]
MANAGER = ["engineering-manager", "senior-engineering-manager", "director-of-engineering"]
OPERATIONS = ["ops-1", "ops-2", "ops-3", "ops-4"]
SUPPORT = ["support-1", "support-2", "support-3"]


@pytest.fixture(scope="module")
def fw():
    checked = check_framework(ENGINEERING)
    assert checked.framework is not None and checked.diagnostics == []
    return checked.framework


@pytest.fixture
def copy(tmp_path) -> Path:
    root = tmp_path / "framework"
    shutil.copytree(ENGINEERING, root)
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def ids(levels) -> list[str]:  # noqa: ANN001 - any iterable of levels
    return [lv.id for lv in levels]


def line_col(root: Path, rel: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """The 1-based line and column where `needle` starts in a file (its `occurrence`-th time)."""
    text = (root / rel).read_text(encoding="utf-8")
    at = -1
    for _ in range(occurrence):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


# --- the ladder logic ----------------------------------------------------------------------------


def test_each_role_climbs_its_own_ladder_else_its_functions_else_the_shared_one(fw):
    ladder = {r: fw.ladder_of(fw.roles[r]).ident for r in fw.roles}
    assert ladder == {
        "chief-executive": None, "people-partner": None,             # leadership names no ladder
        "engineer": "engineering", "head-of-engineering": "engineering", "site-reliability-engineer": "engineering",
        "operations-engineer": "operations", "operations-lead": "operations",
        "support-specialist": "support-legacy",
        "support-engineer": "engineering",                           # its own ladder wins over support's
    }


def test_paths_share_the_levels_up_to_the_branch_point_and_then_diverge(fw):
    engineering = fw.ladder_of(fw.roles["engineer"])
    assert ids(engineering.shared) == ENG_SHARED
    assert engineering.branch_point.id == "eng-3"
    assert [(p.track.id, ids(p.levels)) for p in engineering.paths()] == [
        ("ic", ENG_SHARED + IC), ("manager", ENG_SHARED + MANAGER)]
    operations = fw.ladder_of(fw.roles["operations-lead"])
    assert [(p.track, ids(p.levels)) for p in operations.paths()] == [(None, OPERATIONS)]
    assert operations.branch_point is None
    assert [(lad.ident, ids(lad.levels)) for lad in fw.all_ladders()] == [
        (None, SHARED), ("engineering", ["eng-1", "eng-2", "eng-3", "staff", "engineering-manager", "senior-staff",
                                         "senior-engineering-manager", "principal", "director-of-engineering"]),
        ("operations", OPERATIONS), ("support-legacy", SUPPORT)]


def test_the_comparison_compares_within_a_track_and_offers_the_branch_as_a_choice(fw):
    cmp = views.compare_levels(fw, fw.roles["engineer"])
    assert ids(cmp.levels) == ENG_SHARED
    assert [(s.lower.id, s.higher.id) for s in cmp.steps] == [("eng-1", "eng-2"), ("eng-2", "eng-3")]
    assert cmp.branch.at.id == "eng-3"
    assert [(c.track.id, c.first.id) for c in cmp.branch.choices] == [("ic", "staff"), ("manager", "engineering-manager")]
    ic, manager = cmp.branch.choices
    assert [(s.lower.id, s.higher.id) for s in ic.steps] == [("eng-3", "staff"), ("staff", "senior-staff"),
                                                              ("senior-staff", "principal")]
    assert [(s.lower.id, s.higher.id) for s in manager.steps] == [
        ("eng-3", "engineering-manager"), ("engineering-manager", "senior-engineering-manager"),
        ("senior-engineering-manager", "director-of-engineering")]
    every = [(s.lower.id, s.higher.id) for s in [*cmp.steps, *ic.steps, *manager.steps]]
    assert not [step for step in every if set(step) & set(IC) and set(step) & set(MANAGER)]
    # Targets run along each track's own path: Senior engineer's 8% then the track's own.
    failure = {c.track.id: next(r for r in c.rows if r.measure.id == "change-failure-rate").targets
               for c in cmp.branch.choices}
    assert failure == {"ic": [10, 10, 8, 6, 6, 5], "manager": [10, 10, 8, 8, 7, 7]}


def test_a_role_on_one_track_is_one_path_with_no_choice(fw):
    cmp = views.compare_levels(fw, fw.roles["site-reliability-engineer"])
    assert cmp.branch is None
    assert [(s.lower.id, s.higher.id) for s in cmp.steps] == [("eng-2", "eng-3"), ("eng-3", "staff")]


def test_a_framework_without_tracks_compares_as_before():
    sample = check_framework(SAMPLE).framework
    for role in sample.roles.values():
        cmp = views.compare_levels(sample, role)
        if cmp is not None:
            assert cmp.branch is None
            order = list(sample.levels)
            assert [order.index(lv.id) for lv in cmp.levels] == sorted(order.index(lv.id) for lv in cmp.levels)
    assert sample.tracks == {} and sample.ladders == {}
    assert [lad.ident for lad in sample.all_ladders()] == [None]


def test_levels_page_groups_are_families_and_tracks(fw):
    groups = views.ladder_groups(fw)
    assert [(g.ladder.ident, [f.id for f in g.functions]) for g in groups] == [
        (None, ["leadership"]), ("engineering", ["engineering"]), ("operations", ["operations"]),
        ("support-legacy", ["support"])]
    engineering = groups[1]
    assert [(s.track.id if s.track else None, ids(s.levels)) for s in engineering.sections] == [
        (None, ENG_SHARED), ("ic", IC), ("manager", MANAGER)]
    assert "support-engineer" in [r.id for r in engineering.roles]


def test_an_audience_sees_a_ladder_without_the_levels_hidden_from_it(copy):
    edit(copy, "levels.yml", "      - id: principal\n", "      - id: principal\n        visibility: leadership\n")
    (copy / "spm.yml").write_text("audiences:\n  names: [leadership]\n", encoding="utf-8")
    checked = check_framework(copy)
    internal = filter_framework(checked.framework, "internal", checked.settings.audiences).framework
    engineering = internal.ladder_of(internal.roles["engineer"])
    assert ids(engineering.of_track("ic")) == ["staff", "senior-staff"]
    assert "principal" not in ids(internal.ladders["engineering"].levels)
    cmp = views.compare_levels(internal, internal.roles["engineer"])
    assert [lv.id for lv in cmp.branch.choices[0].levels][-1] == "senior-staff"


# --- the diagram ------------------------------------------------------------------------------------


def test_the_diagram_forks_at_the_branch_point_and_is_deterministic(fw):
    engineering = fw.ladder_of(fw.roles["engineer"])
    svg = ladder_diagram.ladder_svg(engineering, lambda target: "../" + target.removesuffix(".md") + "/")
    assert svg == ladder_diagram.ladder_svg(engineering, lambda target: "../" + target.removesuffix(".md") + "/")
    assert svg.count('class="spm-ladder__rung spm-ladder__rung--branch"') == 2
    assert svg.count("<a ") == 9 and 'href="../levels/#principal"' in svg
    assert "<script" not in svg and not re.search(r"\son[a-z]+=", svg)  # and the build's output scan reads it too
    # The tracks' first levels stand side by side on the same row, above the branch point.
    y = {m.group(1): int(m.group(2)) for m in re.finditer(r'href="[^"]*#([a-z0-9-]+)"><title>[^<]*</title>'
                                                         r'<rect class="spm-ladder__box" x="\d+" y="(\d+)"', svg)}
    assert y["staff"] == y["engineering-manager"] < y["eng-3"] < y["eng-2"]
    assert y["principal"] == y["director-of-engineering"]


def test_author_text_in_the_diagram_is_escaped(fw):
    ladder = fw.ladder_of(fw.roles["operations-lead"])
    level = ladder.levels[0].model_copy(update={"name": '<script>alert(1)</script> & "x"'})
    evil = ladder_diagram.Ladder(ladder.ident, "<b>Ops</b>", None, (level, *ladder.levels[1:]))
    svg = ladder_diagram.ladder_svg(evil, lambda target: target)
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and "&lt;b&gt;Ops&lt;/b&gt;" in svg


# --- located errors -------------------------------------------------------------------------------


def check_output(runner, root: Path) -> str:
    result = runner.invoke(cli, ["check", str(root)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return result.output


def test_an_unknown_track_is_located(runner, copy):
    edit(copy, "levels.yml", "        track: ic\n", "        track: icc\n")
    out = check_output(runner, copy)
    line, col = line_col(copy, "levels.yml", "icc")
    assert f"levels.yml:{line}:{col}: error[unknown-reference]: track 'icc' does not exist (did you mean 'ic'?)" in out


def test_an_unknown_ladder_on_a_function_is_located(runner, copy):
    edit(copy, "functions/operations.yml", "ladder: operations\n", "ladder: operation\n")
    out = check_output(runner, copy)
    line, col = line_col(copy, "functions/operations.yml", "operation\n")
    assert f"functions/operations.yml:{line}:{col}: error[unknown-reference]: ladder 'operation' does not exist" in out
    assert "level-of-another-ladder" not in out  # its roles' levels are not blamed for the typo


def test_a_level_of_another_ladder_described_by_a_role_is_located(runner, copy):
    edit(copy, "roles/operations-lead.yml", "  - level: ops-4\n", "  - level: eng-3\n")
    out = check_output(runner, copy)
    line, col = line_col(copy, "roles/operations-lead.yml", "eng-3")
    assert (f"roles/operations-lead.yml:{line}:{col}: error[level-of-another-ladder]: level 'eng-3' is on the ladder "
            "'engineering' (Engineering), but role 'operations-lead' climbs the ladder 'operations' (Operations)") in out


def test_a_shared_level_described_by_a_family_role_is_another_ladders(runner, copy):
    edit(copy, "roles/support-specialist.yml", "  - level: support-1\n", "  - level: g1\n")
    out = check_output(runner, copy)
    line, col = line_col(copy, "roles/support-specialist.yml", "g1")
    assert f"roles/support-specialist.yml:{line}:{col}: error[level-of-another-ladder]: level 'g1' is on the shared ladder" in out


def test_a_level_of_another_track_on_a_one_track_role_is_located(runner, copy):
    edit(copy, "roles/site-reliability-engineer.yml", "  - level: staff\n", "  - level: engineering-manager\n")
    out = check_output(runner, copy)
    line, col = line_col(copy, "roles/site-reliability-engineer.yml", "engineering-manager")
    assert (f"roles/site-reliability-engineer.yml:{line}:{col}: error[level-of-another-track]: level "
            "'engineering-manager' is on track 'manager', but role 'site-reliability-engineer' is on track 'ic'") in out


def test_a_role_on_a_track_its_ladder_does_not_have_is_located(runner, copy):
    edit(copy, "roles/operations-lead.yml", "function: operations\n", "function: operations\ntrack: manager\n")
    out = check_output(runner, copy)
    line, col = line_col(copy, "roles/operations-lead.yml", "manager")
    assert f"roles/operations-lead.yml:{line}:{col}: error[track-not-on-ladder]" in out


def test_a_track_level_before_any_shared_level_is_located(runner, copy):
    edit(copy, "levels.yml", "      - id: ops-1\n        name: Operations technician\n",
         "      - id: ops-1\n        name: Operations technician\n        track: manager\n")
    out = check_output(runner, copy)
    line, col = line_col(copy, "levels.yml", "manager\n        summary: Follows")
    assert (f"levels.yml:{line}:{col}: error[track-before-shared-level]: level 'ops-1' is on track 'manager' but "
            "ladder 'operations' has no shared level below it") in out
    # and the shared levels after it are each out of place too, at their ids
    line, col = line_col(copy, "levels.yml", "ops-2")
    assert f"levels.yml:{line}:{col}: error[shared-level-after-track]: level 'ops-2'" in out


def test_a_shared_level_after_a_track_level_is_located(runner, copy):
    text = (copy / "levels.yml").read_text(encoding="utf-8")
    senior = "      - id: eng-3\n        name: Senior engineer\n        summary: Leads the design of a service and mentors other engineers.\n"
    staff_at = text.index("      - id: staff\n")
    moved = text.replace(senior, "")
    at = moved.index("      - id: engineering-manager\n")
    (copy / "levels.yml").write_text(moved[:at] + senior + moved[at:], encoding="utf-8")
    assert staff_at  # the file had the level where the edit expects it
    out = check_output(runner, copy)
    line, col = line_col(copy, "levels.yml", "eng-3")
    assert (f"levels.yml:{line}:{col}: error[shared-level-after-track]: level 'eng-3' is shared by every track, but "
            "ladder 'engineering' lists it after level 'staff' of track 'ic'") in out


def test_a_level_id_used_on_two_ladders_is_located(runner, copy):
    edit(copy, "levels.yml", "      - id: support-1\n", "      - id: ops-1\n")
    out = check_output(runner, copy)
    line, col = line_col(copy, "levels.yml", "- id: ops-1", 2)
    assert f"levels.yml:{line}:{col + 2}: error[duplicate-id]: level id 'ops-1' is already used in" in out


def test_every_ladder_error_in_one_run(runner, copy):
    edit(copy, "levels.yml", "        track: ic\n", "        track: icc\n")
    edit(copy, "roles/operations-lead.yml", "  - level: ops-4\n", "  - level: eng-3\n")
    edit(copy, "roles/site-reliability-engineer.yml", "  - level: staff\n", "  - level: engineering-manager\n")
    out = check_output(runner, copy)
    assert all(name in out for name in ("unknown-reference", "level-of-another-ladder", "level-of-another-track"))


# --- real builds ----------------------------------------------------------------------------------


def test_the_engineering_fixture_checks_clean_and_builds_strict(runner, tmp_path):
    result = runner.invoke(cli, ["check", str(ENGINEERING), "--strict"])
    assert result.exit_code == 0, result.output
    assert "No problems found." in result.output
    site = tmp_path / "site"
    result = runner.invoke(cli, ["build", str(ENGINEERING), "--strict", "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    levels = html.unescape((site / "levels/index.html").read_text(encoding="utf-8"))
    for anchor in ("shared-ladder", "ladder-engineering", "ladder-engineering-shared", "ladder-engineering-track-ic",
                   "ladder-engineering-track-manager", "ladder-operations", "ladder-support-legacy"):
        assert f'id="{anchor}"' in levels
    assert levels.count('<figure class="spm-ladder"') == 4
    assert "Branches from Senior engineer, beside the People manager track." in levels
    role = html.unescape((site / "roles/engineer/index.html").read_text(encoding="utf-8"))
    assert 'class="admonition question spm-branch"' in role
    assert "After Senior engineer: choose a track" in role
    assert not re.search(r"(Staff|Principal|Senior staff) engineer → <a[^>]*>(Engineering manager|Senior engineering"
                         r" manager|Director of engineering)", role)
    sre = html.unescape((site / "roles/site-reliability-engineer/index.html").read_text(encoding="utf-8"))
    assert "spm-branch" not in sre and "On the Individual contributor track." in sre


def test_the_levels_page_of_a_framework_without_ladders_is_unchanged():
    """The sample opts into nothing: its career levels page is the one-ladder page it always was."""
    checked = check_framework(SAMPLE)
    page = next(p for p in Renderer(checked.framework, checked=checked).pages() if p.path == "levels.md")
    assert page.markdown.startswith("# Career levels\n\nThe career ladder, from the first step up.")
    assert "spm-ladder" not in page.markdown and not page.fragments


# --- the diff ---------------------------------------------------------------------------------------


def test_the_diff_says_a_role_changed_ladder_or_track_and_a_level_moved_track(copy):
    base = check_framework(copy)
    edit(copy, "functions/support.yml", "ladder: support-legacy\n", "ladder: operations\n")
    edit(copy, "roles/support-specialist.yml", "  - level: support-1\n    expectations:\n      - Answers common questions from the knowledge base.\n  - level: support-2\n    expectations:\n      - Investigates problems that need the logs or a test account.\n  - level: support-3\n",
         "  - level: ops-1\n    expectations:\n      - Answers common questions from the knowledge base.\n  - level: ops-2\n    expectations:\n      - Investigates problems that need the logs or a test account.\n  - level: ops-3\n")
    edit(copy, "roles/site-reliability-engineer.yml", "track: ic\n", "")
    edit(copy, "levels.yml", "      - id: principal\n        name: Principal engineer\n        track: ic\n",
         "      - id: principal\n        name: Principal engineer\n        track: manager\n")
    head = check_framework(copy)
    assert head.ok, head.diagnostics
    found = diff_frameworks(base, head)
    said = {(c.item_id, c.aspect): describe(c, base.framework, head.framework) for c in found.changes}
    assert said[("support-specialist", "ladder")] == \
        "Now climbs the Operations ladder (it climbed the Support (legacy grades) ladder)"
    assert said[("site-reliability-engineer", "track")] == \
        "No longer on one track (it was on the Individual contributor track)"
    assert said[("principal", "track")] == \
        "Level Principal engineer moves to the People manager track (it was on the Individual contributor track)"
    principal = next(c for c in found.changes if c.item_id == "principal" and c.aspect == "track")
    assert principal.affects == ("engineer",)
    # the support engineer names its own ladder: the function's new one does not move it
    assert ("support-engineer", "ladder") not in said


def test_a_role_keeps_its_ladder_for_an_audience_that_may_not_see_its_function(copy):
    edit(copy, "functions/engineering.yml", "name: Engineering\n", "name: Engineering\nvisibility: leadership\n")
    (copy / "spm.yml").write_text("audiences:\n  names: [leadership]\n", encoding="utf-8")
    checked = check_framework(copy)
    internal = filter_framework(checked.framework, "internal", checked.settings.audiences).framework
    engineer = internal.roles["engineer"]
    assert engineer.function is None  # the function is hidden, shown as "—"
    assert internal.ladder_of(engineer).ident == "engineering"
    assert views.compare_levels(internal, engineer).branch.at.id == "eng-3"


def test_the_evidence_sheet_of_a_role_without_levels_offers_its_own_ladders_levels(runner, copy, tmp_path):
    edit(copy, "roles/operations-lead.yml",
         "levels:\n  - level: ops-4\n    expectations:\n      - The service meets its availability target every month.\n", "")
    ok = runner.invoke(cli, ["export", str(copy), "-o", str(tmp_path / "e.xlsx"), "--role", "operations-lead",
                             "--level", "ops-4"])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(cli, ["export", str(copy), "-o", str(tmp_path / "x.xlsx"), "--role", "operations-lead",
                              "--level", "eng-1"])
    assert bad.exit_code == 2 and "no level 'eng-1'" in bad.output
    assert "ops-1" in bad.output and "g1" not in bad.output  # the choices are the operations ladder's


def test_a_target_that_changes_to_words_on_a_track_is_a_change(copy):
    """A step within a track lists a target that turns into words: neither raised nor lowered, but changed."""
    edit(copy, "roles/engineer.yml", "      - measure: change-failure-rate\n        target: 6\n",
         "      - measure: change-failure-rate\n        target: Agreed with the head of engineering\n")
    checked = check_framework(copy)
    assert checked.framework is not None and checked.diagnostics == []
    page = {p.path: p.markdown for p in Renderer(checked.framework, checked=checked).pages()}["roles/engineer.md"]
    changes = [line for line in page.splitlines() if line.startswith("Targets that change:")]
    assert any("Agreed with the head of engineering" in line for line in changes), changes
