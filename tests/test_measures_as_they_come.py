"""Measures as indicator sets really come: only a name and a definition required, targets in
words, parent and key indicators, a health status; every consumer copes with what is not stated.

The KPI fixture (`tests/fixtures/kpi`, a district council's corporate indicator set) has all of
these shapes; MINIMAL, changed one fact at a time, has the traps.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from conftest import MINIMAL
from spm_site.changes.diff import diff_frameworks
from spm_site.changes.wording import bar, describe
from spm_site.cli import cli
from spm_site.exchange import json_export
from spm_site.framework.model import LevelTarget, Measure
from spm_site.framework.resolve import is_number
from spm_site.pipeline import check_framework
from spm_site.site import measure_text

REPO = Path(__file__).resolve().parents[1]
KPI = REPO / "tests/fixtures/kpi"

#: The facts the KPI fixture leaves out on purpose, by measure: SPM116 reports exactly these (as info).
KPI_MISSING = {
    "food-waste-participation": "kind, timing or frequency",
    "repairs-right-first-time": "frequency or source",
    "households-in-temporary-accommodation": "target, unit or direction",
    "complaints-resolved-in-time": "kind or timing",
    "council-tax-collected": "owner",
}


# --- targets: a number or words -------------------------------------------------------------------


@pytest.mark.parametrize(("written", "read"), [
    ("35", 35.0), ("2.5", 2.5), (40, 40.0), ("TBD", "TBD"), ("  N/A ", "N/A"),
    ("At or above the industry median", "At or above the industry median"), ("≥ 95% of calls", "≥ 95% of calls"),
])
def test_a_target_is_a_number_or_words(written, read):
    target = LevelTarget(measure="x", target=written).target
    assert target == read and is_number(target) is isinstance(read, float)


@pytest.mark.parametrize("written", ["35%", "1,000", "£40", " 35", "yes", "true", "Off", ".inf", "1e400", "5x", "  "])
def test_a_number_in_a_form_nobody_can_compare_is_refused_not_kept_as_words(written):
    with pytest.raises(ValueError, match="expected a number, or a target in words"):
        LevelTarget(measure="x", target=written)


def test_only_name_and_definition_are_required():
    measure = Measure(id="m", name="M", definition="What it counts.")
    assert (measure.unit, measure.direction, measure.owner, measure.kind, measure.timing, measure.frequency) == (None,) * 6
    assert measure.key is False and measure.parent is None and measure.health is None
    with pytest.raises(ValueError, match="definition"):
        Measure(id="m", name="M")


def test_the_role_target_decides_in_words_at_a_level_and_as_a_number_at_the_next():
    fw = check_framework(KPI).framework
    adviser = fw.roles["contact-centre-adviser"]
    assert fw.target(adviser, "calls-answered-in-time", "adviser") == "Agreed with your team leader after training"
    assert fw.target(adviser, "calls-answered-in-time", "senior-adviser") == 85
    assert fw.target(adviser, "calls-answered-in-time") == 80  # the measure's default
    assert fw.target(fw.roles["head-of-housing"], "households-in-temporary-accommodation") is None


# --- parents ----------------------------------------------------------------------------------------


def _with_parents(make_framework, win_rate_parent: str, new_arr_parent: str | None = None) -> Path:
    text = MINIMAL["measures/sales.yml"].replace("    timing: lagging\n", f"    timing: lagging\n    parent: {win_rate_parent}\n", 1)
    if new_arr_parent:
        text = text.replace("    objectives: [grow-revenue]\n", f"    objectives: [grow-revenue]\n    parent: {new_arr_parent}\n", 1)
    return make_framework({"measures/sales.yml": text})


def test_a_parent_indicator_is_linked_both_ways(make_framework):
    fw = check_framework(_with_parents(make_framework, "new-arr")).framework
    assert fw.measures["win-rate"].parent == "new-arr"
    assert [m.id for m in fw.measures_by_parent["new-arr"]] == ["win-rate"]


def test_a_circle_of_parents_is_one_located_error(make_framework):
    root = _with_parents(make_framework, "new-arr", "win-rate")
    result = check_framework(root)
    cycles = [d for d in result.diagnostics if d.rule == "cycle"]
    assert len(cycles) == 1 and result.framework is None
    assert "measure parent chain goes round in a circle" in cycles[0].message
    text = (root / "measures/sales.yml").read_text().splitlines()
    assert text[cycles[0].location.line - 1].strip().startswith("parent:")


def test_an_unknown_parent_is_reported_where_it_is_written(make_framework):
    result = check_framework(_with_parents(make_framework, "new-ar"))
    (found,) = [d for d in result.diagnostics if d.rule == "unknown-reference"]
    assert "measure 'new-ar' does not exist (did you mean 'new-arr'?)" in found.message


# --- rules: a missing fact never crashes a rule nor makes a false finding ---------------------------


def test_the_kpi_fixture_has_exactly_its_deliberate_findings():
    result = check_framework(KPI)
    assert result.ok
    found = {(d.code, d.severity.value, re.search(r"\('([a-z-]+)'\)", d.message).group(1)): d.message
             for d in result.diagnostics}
    assert set(found) == {("SPM116", "info", ident) for ident in KPI_MISSING}
    for (_, _, ident), message in found.items():
        assert f"does not state its {KPI_MISSING[ident]}:" in message


def test_a_measure_with_no_owner_is_not_imposed_on_anyone(make_framework):
    """SPM106 trap: nobody can have imposed a measure whose owner is not stated (SPM116 says so)."""
    text = MINIMAL["measures/sales.yml"].replace("    owner: sales\n", "", 1)
    result = check_framework(make_framework({"measures/sales.yml": text}))
    assert [d.code for d in result.diagnostics] == ["SPM116"]
    assert "does not state its owner" in result.diagnostics[0].message


def test_an_unknown_kind_is_never_taken_for_activity(make_framework):
    """SPM112 trap: a role held to measures whose kind is not stated is not 'held only to activity'."""
    text = MINIMAL["measures/sales.yml"].replace("    kind: effectiveness\n", "", 1).replace("    kind: outcome\n", "", 1)
    result = check_framework(make_framework({"measures/sales.yml": text}))
    assert result.ok and {d.code for d in result.diagnostics} == {"SPM116"}


# --- the diff: "a higher bar" only when numbers and a direction exist ------------------------------


@pytest.mark.parametrize(("old", "new", "direction", "said"), [
    (25, 30, "higher", ", a higher bar"), (25, 30, "lower", ", a lower bar"),
    (25, 30, None, ""), ("TBD", 30, "higher", ""), (25, "At or above the median", "higher", ""), (None, 30, "higher", ""),
])
def test_a_bar_is_said_only_between_numbers_with_a_direction(old, new, direction, said):
    assert bar(old, new, direction) == said


def _diff_kpi(tmp_path: Path, change) -> list[str]:  # noqa: ANN001 - a function of the YAML text
    head = tmp_path / "head"
    shutil.copytree(KPI, head)
    path = head / "measures/resident-services.yml"
    path.write_text(change(path.read_text()))
    base, after = check_framework(KPI), check_framework(head)
    assert after.framework is not None
    diff = diff_frameworks(base, after)
    return [describe(c, base.framework, after.framework) for c in diff.changes]


def test_a_target_from_words_to_a_number_is_a_change_but_no_bar(tmp_path):
    said = _diff_kpi(tmp_path, lambda t: t.replace("    target: TBD\n", "    target: 90\n", 1))
    assert "Default target of Complaints resolved in time: “TBD” → 90%" in said
    assert not any("bar" in s for s in said)


def test_a_stated_direction_and_key_parent_and_health_changes_are_said(tmp_path):
    def change(text: str) -> str:
        text = text.replace("    target: 97.5\n", "    target: 98\n")  # council tax: a number, a direction
        text = text.replace("  - id: calls-answered-in-time\n", "  - id: calls-answered-in-time\n    key: true\n")
        text = text.replace("    parent: resident-satisfaction\n", "")
        return text.replace("      status: off-track\n", "      status: at-risk\n")
    said = _diff_kpi(tmp_path, change)
    assert "Default target of Council tax collected in year: 97.5% → 98%, a higher bar" in said
    assert "Calls answered within 60 seconds is now a key indicator" in said
    assert "Residents satisfied after contacting us no longer rolls up to Residents satisfied with the council" in said
    assert "Health of Days to decide a new benefit claim: off track (as of 2026-11-10) → at risk (as of 2026-11-10)" in said


def test_a_direction_that_stops_being_stated_is_said_so(tmp_path):
    said = _diff_kpi(tmp_path, lambda t: t.replace("    direction: lower\n", "", 1))
    assert "Days to decide a new benefit claim no longer states whether higher or lower is better (it was lower)" in said


# --- pages say what is not stated, and invent nothing ----------------------------------------------


def test_facts_not_stated_read_as_not_stated():
    fw = check_framework(KPI).framework
    homeless = fw.measures["households-in-temporary-accommodation"]
    assert measure_text.target_fact(fw, homeless) == "not stated, nor whether higher or lower is better"
    assert measure_text.target_fact(fw, fw.measures["complaints-resolved-in-time"]) == "TBD (higher is better)"
    assert measure_text.kind_text(fw.measures["complaints-resolved-in-time"]) == "not stated"
    assert measure_text.kind_text(fw.measures["homes-let-days"]) == "outcome, lagging"
    bare = Measure(id="m", name="M", definition="D.", target=30, kind="outcome")
    assert measure_text.target_fact(fw, bare) == "30 (unit not stated; whether higher or lower is better is not stated)"
    assert measure_text.kind_text(bare) == "outcome; timing not stated"
    assert measure_text.target_text("a <b> | c", "%") == "a &lt;b> &#124; c"  # words are author text


def _page(site: Path, path: str) -> str:
    """The article of a built page as plain text, one space between words."""
    text = (site / path / "index.html").read_text()
    article = text[text.index("<article"):text.index("</article>")]
    return " ".join(re.sub(r"<[^>]+>", " ", article).replace("&gt;", ">").replace("&#39;", "'").split())


@pytest.fixture(scope="module")
def kpi_site(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    site = tmp_path_factory.mktemp("kpi") / "site"
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(site.parent)  # not the repository's folder: its mkdocs.yml names the sample's site
        result = CliRunner().invoke(cli, ["build", str(KPI), "--strict", "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    return site


def test_the_kpi_site_builds_strict_and_says_each_gap(kpi_site):
    assert "<title>Residents satisfied with the council - Eastmoor District Council handbook</title>" in \
        (kpi_site / "measures/resident-satisfaction/index.html").read_text()
    page = _page(kpi_site, "measures/resident-satisfaction")
    assert "Key indicator: one of the few measures the organisation steers by." in page
    assert "Health: At risk, as of 2026-11-03 The autumn survey came in two points below the benchmark" in page
    assert "Target At or above the national benchmark for district councils (higher is better)" in page
    assert "Indicators that roll up to it ¶ Residents satisfied after contacting us : target 85%" in page
    child = _page(kpi_site, "measures/calls-answered-in-time")
    assert "Rolls up to Residents satisfied after contacting us" in child
    complaints = _page(kpi_site, "measures/complaints-resolved-in-time")
    assert "Kind not stated" in complaints and "lagging" not in complaints and "outcome" not in complaints
    assert "Target TBD (higher is better)" in complaints
    homeless = _page(kpi_site, "measures/households-in-temporary-accommodation")
    assert "Target not stated, nor whether higher or lower is better" in homeless
    assert "Health: No data, as of 2026-11-12" in homeless
    assert "is better" not in homeless.replace("whether higher or lower is better", "")
    assert "Owner not stated" in _page(kpi_site, "measures/council-tax-collected")
    assert "Health: At risk, as of 2026-11-01 The reason is not stated." in _page(kpi_site, "measures/homes-let-days")
    role = _page(kpi_site, "roles/contact-centre-adviser")
    assert "Targets that change: Calls answered within 60 seconds Agreed with your team leader after training → 85%" in role


def test_the_catalogue_marks_key_indicators_and_health_and_sorts_words_after_numbers(kpi_site):
    html = (kpi_site / "measures/index.html").read_text()
    table = re.search(r'<table id="spm-catalogue".*?</table>', html, re.S).group()
    rows = re.findall(r"<tr id=\"m-([a-z-]+)\"([^>]*)>(.*?)</tr>", table, re.S)
    keyed = sorted(ident for ident, attrs, _ in rows if 'data-key="true"' in attrs)
    assert keyed == ["benefit-processing-days", "homes-let-days", "household-waste-recycled", "resident-satisfaction"]
    by_id = {ident: (attrs, cells) for ident, attrs, cells in rows}
    attrs, cells = by_id["complaints-resolved-in-time"]
    assert 'data-kind=""' in attrs and '<td data-value="" data-words="TBD">TBD</td>' in cells
    assert 'data-health="off-track"' in by_id["benefit-processing-days"][0]
    assert "Off track</span><br><small>as of 2026-11-10</small>" in by_id["benefit-processing-days"][1]
    assert '<select name="key">' in html and '<option value="no-data">No data</option>' in html


def test_the_sample_catalogue_offers_no_key_or_health_filter_it_could_not_use():
    from spm_site.site.render import Renderer

    fw = check_framework(REPO / "framework").framework
    page = next(p for p in Renderer(fw).pages() if p.path == "measures/index.md")
    assert 'name="key"' not in page.markdown and 'name="health"' not in page.markdown and "data-key" not in page.markdown


# --- the exchange and the JSON export ----------------------------------------------------------------


def test_the_json_export_holds_targets_in_words_and_follows_its_schema(runner, tmp_path):
    out = tmp_path / "kpi.json"
    result = runner.invoke(cli, ["export", str(KPI), "-o", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    jsonschema.Draft202012Validator(json_export.export_schema()).validate(data)
    assert {"role": "contact-centre-adviser", "measure": "calls-answered-in-time", "level": "adviser",
            "target": "Agreed with your team leader after training"} in data["targets"]
    council_tax = next(m for m in data["measures"] if m["id"] == "council-tax-collected")
    assert council_tax["owner"] is None and council_tax["key"] is False
    benefits = next(m for m in data["measures"] if m["id"] == "benefit-processing-days")
    assert benefits["health"] == {"status": "off-track", "reason": benefits["health"]["reason"], "as_of": "2026-11-10"}


def test_the_evidence_sheet_says_what_a_measure_does_not_state(runner, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "ev.xlsx"
    result = runner.invoke(cli, ["export", str(KPI), "-o", str(out), "--role", "head-of-housing", "--level", "head-of-service"])
    assert result.exit_code == 0, result.output
    rows = [[c.value for c in row] for ws in load_workbook(out).worksheets for row in ws.iter_rows()]
    assert any("Households in temporary accommodation (unit not stated, direction not stated)" in str(r) for r in rows)


# --- audiences: a hidden parent is counted, never linked ----------------------------------------------


def test_a_parent_hidden_from_an_audience_is_left_out_and_counted(make_framework):
    from spm_site.framework.audience import filter_framework
    from spm_site.site.render import Renderer

    root = _with_parents(make_framework, "new-arr")
    text = (root / "measures/sales.yml").read_text().replace("  - id: new-arr\n", "  - id: new-arr\n    visibility: leadership\n")
    (root / "measures/sales.yml").write_text(text)
    (root / "spm.yml").write_text("audiences:\n  names: [leadership]\n")
    result = check_framework(root)
    internal = filter_framework(result.framework, "internal", result.settings.audiences).framework
    assert internal.measures["win-rate"].parent is None and "new-arr" not in internal.measures
    assert internal.not_shown("measure", "win-rate", "parent") == 1
    page = next(p for p in Renderer(internal).pages() if p.path == "measures/win-rate.md")
    assert "Rolls up to" not in page.markdown and "New annual recurring revenue" not in page.markdown
    assert "1 further parent indicator is not shown in this edition of the handbook." in page.markdown
