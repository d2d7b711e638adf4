"""Career paths (`moves_to:`), the comparison page's data and the one order of items (issue 13)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import MINIMAL, sample_with_paths
from spm_site.changes.diff import diff_frameworks
from spm_site.changes.wording import describe
from spm_site.framework.audience import filter_framework
from spm_site.pipeline import check_framework
from spm_site.site import compare
from spm_site.site.render import Renderer

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "framework"
AE = "roles/account-executive.yml"


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return sample_with_paths(tmp_path_factory.mktemp("paths") / "framework")


def _with_paths(make_framework, paths: str, **more: str):
    role = MINIMAL[AE].replace("reports_to: head-of-sales\n", f"reports_to: head-of-sales\nmoves_to: {paths}\n")
    return check_framework(make_framework({AE: role, **more}))


def test_a_role_names_where_people_go_and_the_other_role_knows_where_they_come_from(make_framework):
    result = _with_paths(make_framework, "[head-of-sales]")
    assert result.ok, result.diagnostics
    fw = result.framework
    assert fw.roles["account-executive"].moves_to == ["head-of-sales"]
    assert [r.id for r in fw.moves_from["head-of-sales"]] == ["account-executive"]
    paths = compare.career_paths(fw, fw.roles["head-of-sales"])
    assert paths.next == [] and [r.id for r in paths.previous] == ["account-executive"]


def test_a_role_that_moves_to_itself_or_twice_or_nowhere_is_located(make_framework):
    result = _with_paths(make_framework, "[account-executive, head-of-sales, head-of-sales, head-of-sale]")
    found = [(d.rule, Path(d.location.file).as_posix().endswith(AE), d.location.line, d.location.col) for d in result.diagnostics]
    # each at its own entry of the one-line list `moves_to: [account-executive, head-of-sales, ...]`
    assert [f for f in found if f[0] in ("self-reference", "duplicate-id", "unknown-reference")] == [
        ("self-reference", True, 4, 12), ("duplicate-id", True, 4, 46), ("unknown-reference", True, 4, 61)]
    messages = " ".join(d.message for d in result.diagnostics)
    assert "names itself" in messages and "listed twice" in messages and "did you mean 'head-of-sales'" in messages
    assert not result.ok


def test_the_role_page_shows_both_directions_and_links_a_comparison(sample):
    fw = check_framework(sample).framework
    pages = {p.path: p.markdown for p in Renderer(fw).pages()}
    ae = pages["roles/account-executive.md"]
    assert re.search(r"typically go next: \[Sales manager\]\(sales-manager\.md\) \(\[compare\]\(\.\./compare\.md"
                     r"\?a=account-executive&b=sales-manager\)\), \[Account manager\]", ae)
    assert "typically come from: [Sales development representative](sales-development-representative.md)" in ae
    # a role without paths has no section at all: nothing changes for frameworks that do not opt in
    assert "Career paths" not in pages["roles/chief-financial-officer.md"]
    assert "compare.md" in pages and "data-spm-compare" in pages["compare.md"]


def test_an_audience_that_may_not_see_the_next_role_sees_no_path_and_a_count(make_framework):
    hidden = MINIMAL["roles/head-of-sales.yml"].replace("name: Head of sales\n", "name: Head of sales\nvisibility: internal\n")
    result = _with_paths(make_framework, "[head-of-sales]\nvisibility: public", **{"roles/head-of-sales.yml": hidden})
    assert result.ok, result.diagnostics
    public = filter_framework(result.framework, "public", result.settings.audiences).framework
    assert public.roles["account-executive"].moves_to == []
    assert public.not_shown("role", "account-executive", "moves_to") == 1
    assert "head-of-sales" not in compare.data_json(public)


def test_the_diff_says_a_career_path_was_added_and_removed(make_framework, tmp_path):
    base = _with_paths(make_framework, "[head-of-sales]")
    head_root = tmp_path / "head"
    shutil.copytree(tmp_path / "framework", head_root)
    role = head_root / AE
    role.write_text(role.read_text().replace("moves_to: [head-of-sales]\n", ""))
    found = diff_frameworks(base, check_framework(head_root))
    said = [describe(c, found.base, found.head) for c in found.changes]
    assert said == ["Career path removed: Head of sales"]
    back = diff_frameworks(check_framework(head_root), base)
    assert [describe(c, back.base, back.head) for c in back.changes] == ["Career path added: people move on to Head of sales"]


def test_the_comparison_data_holds_every_role_and_its_effective_targets_once(sample):
    fw = check_framework(sample).framework
    text = compare.data_json(fw)
    assert text == compare.data_json(check_framework(sample).framework)  # byte-identical
    data = json.loads(text)
    assert [r["id"] for r in data["roles"]] == [r.id for r in compare.role_choices(fw)]
    ae = next(r for r in data["roles"] if r["id"] == "account-executive")
    by_level = {lv["id"]: lv["targets"]["win-rate"] for lv in ae["levels"]}
    expected = {rl.level: fw.target(fw.roles["account-executive"], "win-rate", rl.level) for rl in fw.roles["account-executive"].levels}
    assert by_level == {lid: f"{t:g}%" for lid, t in expected.items()}
    assert ae["moves_to"] == ["sales-manager", "account-manager"]
    # the role at every level: each level's target, never the role's own default that no level has
    assert ae["targets"]["win-rate"] == "Associate: 22%; Professional: 26%; Senior: 30%"
    assert "28%" not in json.dumps(ae)
    # numbers as the role page writes them: the organisation's currency, the measure's period
    assert {lv["id"]: lv["targets"]["new-arr-booked"] for lv in ae["levels"]}["l2"] == "£400,000"
    assert ae["levels"][0]["targets"]["discovery-calls-held"] == "14 calls a month"


def test_items_are_listed_by_name_everywhere_and_a_role_s_own_lists_as_written():
    fw = check_framework(SAMPLE).framework
    for collection in (fw.roles, fw.measures, fw.functions, fw.values, fw.objectives):
        names = [item.name.casefold() for item in collection.values()]
        assert names == sorted(names)
    pages = {p.path: p.markdown for p in Renderer(fw).pages()}
    catalogue = re.findall(r'<tr id="m-([a-z0-9-]+)" data-function="sales"', pages["measures/index.md"])
    function_page = pages["functions/sales.md"]
    on_function = [m for m in re.findall(r"\]\(\.\./measures/([a-z0-9-]+)\.md\)", function_page) if m in catalogue]
    assert catalogue and list(dict.fromkeys(on_function)) == catalogue
    # a role's measures stay in the author's order (weights are read in that order)
    role = fw.roles["account-executive"]
    ae = pages["roles/account-executive.md"]
    table = ae[ae.index("## Measures"):]
    shown = list(dict.fromkeys(re.findall(r"\| \[[^]]+\]\(\.\./measures/([a-z0-9-]+)\.md\) \|", table)))
    assert shown[: len(role.measures)] == [rm.measure for rm in role.measures]
