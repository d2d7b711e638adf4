"""One source, several audiences (issue 10): visibility, the filter, and builds that leak nothing.

A framework with confidential content planted in every kind of item and every sensitive field,
each marked with a word and a number found nowhere else (KESTREL, 987654, ...), is built with real
MkDocs for every audience. The raw bytes of every output file, and every file name, are searched:
what an audience may not see is in none of them, and what it may see is there.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from conftest import write_framework
from spm_site.cli import cli
from spm_site.framework.numbers import Numbers
from spm_site.framework.audience import filter_framework, hollow_items, visible_texts
from spm_site.framework.visibility import Audiences, sees
from spm_site.pipeline import check_framework

PLANTED: dict[str, str] = {
    "spm.yml": """\
audiences:
  names: [leadership, people-team]
  defaults:
    value: public
    principle: public
    level: public
    pillar: public
""",
    "organisation.yml": """\
name: Planted Org
mission: Help people plant gardens that thrive.
pillars:
  - id: growth
    name: Grow the right way
    description: More of the right customers.
  - id: kestrel-pillar
    visibility: internal
    name: Pillar KESTREL
    description: Kestrel description 246801 for staff only.
commitment:
  sponsor: gecko-head
  statement: We stand behind this framework.
  edition: "2027"
  approved_by: [gecko-head]
  approved_on: 2026-10-01
""",
    "principles.yml": """\
principles:
  - id: clarity
    name: Clarity
    summary: Everyone knows what is expected of them.
    in_practice: Every role has written measures.
  - id: marmot-principle
    visibility: leadership
    name: Principle MARMOT
    summary: Marmot summary 135791 for leaders.
    in_practice: Marmot practice only leaders read.
""",
    "levels.yml": """\
levels:
  - id: l1
    name: Associate
    summary: Learns the role with close support.
    pay_band: Payband OTTER 123456
  - id: l2
    name: Senior
    summary: Works independently and coaches others.
    pay_band: Payband BADGER 654321
    field_visibility:
      pay_band: leadership
  - id: lynx-level
    visibility: people-team
    name: Level LYNX
    summary: Lynx summary 998877 for the people team.
""",
    "feedback.yml": """\
rhythms:
  - id: weekly-one-to-one
    visibility: public
    name: Weekly one-to-one
    cadence: weekly
    purpose: Coach on live work and remove blockers.
    participants: Employee and manager
  - id: condor-review
    name: Annual review CONDOR
    cadence: annual
    purpose: Condor purpose 112358 looking back.
    participants: Employee and manager
""",
    "values/customer-first.yml": """\
name: Customer first
statement: We do what is right for the customer.
behaviours:
  - id: listen-first
    looks_like: Asks what the customer needs first.
    not_like: Pitches before understanding the problem.
""",
    "values/pangolin-value.yml": """\
visibility: internal
name: Value PANGOLIN
statement: Pangolin statement 554433 for staff.
behaviours:
  - id: pangolin-behaviour
    looks_like: Pangolin behaviour text 554434 observed.
    not_like: Its opposite, written down.
""",
    "objectives/grow-revenue.yml": """\
visibility: public
name: Grow new revenue
description: More of the right customers choose us this year.
pillar: growth
owner: gecko-head
""",
    "objectives/ibis-objective.yml": """\
name: Objective IBIS
description: Ibis description 776655 for staff only.
pillar: kestrel-pillar
owner: gecko-head
""",
    "objectives/wombat-draft.yml": """\
visibility: public
status: draft
name: Draft objective WOMBAT
description: Wombat description 314159 not yet announced.
pillar: growth
owner: gecko-head
""",
    "functions/sales.yml": """\
visibility: public
name: Sales
purpose: Find and win the customers we serve best.
leader: gecko-head
accountabilities:
  - statement: New revenue from new customers.
    objectives: [grow-revenue, ibis-objective]
""",
    "functions/caracal-function.yml": """\
visibility: leadership
name: Function CARACAL
purpose: Caracal purpose 271828 for leaders.
leader: gecko-head
accountabilities:
  - statement: Caracal accountability 271829 text.
    objectives: [ibis-objective]
""",
    "measures/sales.yml": """\
measures:
  - id: qualified-leads
    visibility: public
    name: Qualified leads
    definition: Leads that sales accepted as qualified.
    formula: Formula PELICAN 441122 count of accepted leads.
    unit: leads
    direction: higher
    target: 40
    frequency: monthly
    source: Source HERON 552211 ledger.
    field_visibility:
      source: leadership
    owner: sales
    objectives: [grow-revenue, ibis-objective]
    kind: activity
    timing: leading
  - id: osprey-rate
    name: Win rate OSPREY
    definition: Osprey definition 808080 of deals won.
    unit: "%"
    direction: higher
    target: 25
    frequency: monthly
    source: CRM report
    owner: sales
    objectives: [grow-revenue]
    kind: effectiveness
    timing: lagging
  - id: jackal-pilot
    visibility: leadership
    name: Pilot measure JACKAL
    definition: Jackal definition 909090 trial.
    unit: points
    direction: higher
    owner: caracal-function
    objectives: [ibis-objective]
    kind: outcome
    timing: lagging
""",
    "roles/gecko-head.yml": """\
name: Head of sales GECKO
function: sales
purpose: Gecko purpose 606060 leading the team.
levels:
  - level: l2
    expectations:
      - Gecko expectation 606061 without heroics.
measures:
  - measure: osprey-rate
    weight: 60
  - measure: qualified-leads
    weight: 40
values:
  - value: customer-first
feedback: [weekly-one-to-one, condor-review]
""",
    "roles/account-executive.yml": """\
visibility: public
name: Account executive
function: sales
reports_to: gecko-head
purpose: Win new customers who will succeed with us.
field_visibility:
  targets: leadership
  weights: leadership
levels:
  - level: l1
    expectations:
      - Runs a clean discovery call.
    targets:
      - measure: osprey-rate
        target: 876543
  - level: lynx-level
    expectations:
      - Lynx expectation 998878 text.
measures:
  - measure: qualified-leads
    weight: 41.2357
    target: 987654
  - measure: osprey-rate
    weight: 58.7643
values:
  - value: customer-first
  - value: pangolin-value
development:
  - Run discovery without a script.
feedback: [weekly-one-to-one, condor-review]
""",
    "roles/walrus-draft.yml": """\
visibility: public
status: draft
name: Draft role WALRUS
function: sales
purpose: Walrus purpose 161803 not yet announced.
measures:
  - measure: qualified-leads
  - measure: osprey-rate
feedback: [weekly-one-to-one]
""",
    "roles/tapir-exec.yml": """\
visibility: leadership
name: Executive TAPIR
function: caracal-function
reports_to: gecko-head
purpose: Tapir purpose 112233 at the top.
measures:
  - measure: jackal-pilot
    target: 424242
feedback: [weekly-one-to-one]
""",
}

#: Each planted secret: its marker, and the audiences that may see it.
SECRETS: dict[str, set[str]] = {
    "KESTREL": {"internal", "leadership", "people-team"}, "kestrel-pillar": {"internal", "leadership", "people-team"},
    "246801": {"internal", "leadership", "people-team"},
    "MARMOT": {"leadership"}, "marmot-principle": {"leadership"}, "135791": {"leadership"},
    "OTTER": {"internal", "leadership", "people-team"}, "123456": {"internal", "leadership", "people-team"},
    "BADGER": {"leadership"}, "654321": {"leadership"},
    "LYNX": {"people-team"}, "lynx-level": {"people-team"}, "998877": {"people-team"}, "998878": {"people-team"},
    "CONDOR": {"internal", "leadership", "people-team"}, "condor-review": {"internal", "leadership", "people-team"},
    "112358": {"internal", "leadership", "people-team"},
    "PANGOLIN": {"internal", "leadership", "people-team"}, "pangolin-value": {"internal", "leadership", "people-team"},
    "554433": {"internal", "leadership", "people-team"}, "554434": {"internal", "leadership", "people-team"},
    "IBIS": {"internal", "leadership", "people-team"}, "ibis-objective": {"internal", "leadership", "people-team"},
    "776655": {"internal", "leadership", "people-team"},
    "WOMBAT": set(), "wombat-draft": set(), "314159": set(),
    "CARACAL": {"leadership"}, "caracal-function": {"leadership"}, "271828": {"leadership"}, "271829": {"leadership"},
    "PELICAN": {"internal", "leadership", "people-team"}, "441122": {"internal", "leadership", "people-team"},
    "HERON": {"leadership"}, "552211": {"leadership"},
    "OSPREY": {"internal", "leadership", "people-team"}, "osprey-rate": {"internal", "leadership", "people-team"},
    "808080": {"internal", "leadership", "people-team"},
    "JACKAL": {"leadership"}, "jackal-pilot": {"leadership"}, "909090": {"leadership"},
    "GECKO": {"internal", "leadership", "people-team"}, "gecko-head": {"internal", "leadership", "people-team"},
    "606060": {"internal", "leadership", "people-team"}, "606061": {"internal", "leadership", "people-team"},
    "WALRUS": set(), "walrus-draft": set(), "161803": set(),
    "TAPIR": {"leadership"}, "tapir-exec": {"leadership"}, "112233": {"leadership"}, "424242": {"leadership"},
    "987654": {"leadership"}, "876543": {"leadership"}, "41.2357": {"leadership"}, "58.7643": {"leadership"},
}
#: Ids no page prints: a feedback rhythm has no page or anchor of its own.
NOT_PRINTED = {"condor-review"}
AUDIENCES = ("public", "internal", "leadership", "people-team")


def output_bytes(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path, and every file and folder name as a file of its own."""
    out = {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    out["(file names)"] = "\n".join(p.relative_to(site).as_posix() for p in site.rglob("*")).encode()
    return out


def found_in(files: dict[str, bytes], marker: str) -> list[str]:
    """The files holding `marker`, as written or as the site may encode it (case folded, escaped)."""
    forms = {marker, marker.lower(), html.escape(marker), json.dumps(marker)[1:-1]}
    if marker.isdigit():  # a planted target, as the pages write numbers (framework/numbers.py): 424,242
        forms.add(Numbers().number(int(marker)))
    return [name for name, data in files.items()
            if any(form.encode() in data or form.encode() in data.lower() for form in forms)]


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """The planted framework built once for every audience, in one run from one check."""
    from click.testing import CliRunner

    tmp = tmp_path_factory.mktemp("audiences")
    root = write_framework(tmp / "framework", PLANTED)
    args = ["build", str(root)]
    for audience in AUDIENCES:
        args += ["--audience", f"{audience}={tmp / audience}"]
    import os

    here = os.getcwd()
    os.chdir(tmp)
    try:
        result = CliRunner().invoke(cli, args)
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.output
    return {audience: output_bytes(tmp / audience) for audience in AUDIENCES}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_hidden_text_reaches_any_output_file(sites, audience):
    files = sites[audience]
    leaked = {m: found_in(files, m) for m, seen_by in SECRETS.items() if audience not in seen_by}
    assert {m: where for m, where in leaked.items() if where} == {}
    missing = [m for m, seen_by in SECRETS.items()
               if audience in seen_by and m not in NOT_PRINTED and not found_in(files, m)]
    assert missing == []


def test_each_site_says_who_it_is_for(sites):
    for audience, text in (("public", "Public edition"), ("internal", "Internal edition"),
                           ("leadership", "Edition for leadership")):
        home = sites[audience]["index.html"].decode()
        assert home.count(text) >= 2, audience  # on the home page and in the footer
        assert text in sites[audience]["roles/index.html"].decode()


def test_references_to_hidden_items_say_how_many_without_a_name_or_link(sites):
    role = sites["public"]["roles/account-executive/index.html"].decode()
    assert "1 further measure is not shown in this edition" in role
    assert "1 further value is not shown in this edition" in role
    assert "1 further conversation is not shown in this edition" in role
    assert "1 further level is not shown in this edition" in role
    assert "measures/qualified-leads/" in role and "osprey" not in role.lower()
    measure = sites["public"]["measures/qualified-leads/index.html"].decode()
    assert "1 further objective is not shown" in measure and "1 further role is not shown" in measure
    # The target and weight columns are left empty, not filled with the measure's default.
    internal = sites["internal"]["roles/account-executive/index.html"].decode()
    assert "987654" not in internal and "987,654" not in internal and ">40 leads<" not in internal
    assert "987,654" in sites["leadership"]["roles/account-executive/index.html"].decode()  # as pages write it


def test_hidden_items_have_no_page_and_drafts_are_in_no_build(sites):
    assert "roles/gecko-head/index.html" not in sites["public"]
    assert "roles/gecko-head/index.html" in sites["internal"]
    assert "roles/tapir-exec/index.html" in sites["leadership"] and "roles/tapir-exec/index.html" not in sites["internal"]
    for audience in AUDIENCES:
        assert "roles/walrus-draft/index.html" not in sites[audience]
        assert "objectives/wombat-draft/index.html" not in sites[audience]
    # The public site leaves out the authors' reference, whose worked examples are spm-site's own.
    assert "reference/index.html" not in sites["public"] and "reference/index.html" in sites["internal"]


def test_sensitive_fields_follow_their_own_visibility(sites):
    levels = {a: sites[a]["levels/index.html"].decode() for a in AUDIENCES}
    assert "OTTER" not in levels["public"] and "OTTER" in levels["internal"]  # internal by default, even on a public level
    assert "BADGER" in levels["leadership"] and "BADGER" not in levels["internal"]
    measure = {a: sites[a]["measures/qualified-leads/index.html"].decode() for a in AUDIENCES}
    assert "PELICAN" in measure["internal"] and "PELICAN" not in measure["public"]
    assert "HERON" in measure["leadership"] and "HERON" not in measure["people-team"]


# --- the model, without a build -------------------------------------------------------------------

def planted(tmp_path: Path, **changes: str | None) -> Path:
    return write_framework(tmp_path / "framework", {**PLANTED, **changes})


def test_audiences_nest():
    assert sees("public", ("public",)) and not sees("public", ("internal",))
    assert sees("internal", ("public",)) and sees("internal", ("internal",)) and not sees("internal", ("leadership",))
    assert sees("leadership", ("internal",)) and sees("leadership", ("leadership",))
    assert not sees("leadership", ("people-team",)) and sees("leadership", ("people-team", "leadership"))


def test_an_item_that_says_nothing_is_internal(tmp_path):
    """Fail closed: neither the item nor spm.yml says public, so the public does not see it."""
    result = check_framework(planted(tmp_path, **{"spm.yml": "audiences:\n  names: [leadership, people-team]\n"}))
    assert result.ok, result.diagnostics
    public = filter_framework(result.framework, "public", result.settings.audiences).framework
    assert set(public.roles) == {"account-executive"} and public.values == {} and public.principles == []
    internal = filter_framework(result.framework, "internal", Audiences()).framework
    assert "customer-first" in internal.values and internal.levels["l1"].pay_band == "Payband OTTER 123456"


def test_unknown_audience_is_a_located_error(tmp_path, runner):
    root = planted(tmp_path, **{"values/customer-first.yml": "visibility: publik\n" + PLANTED["values/customer-first.yml"]})
    result = runner.invoke(cli, ["check", str(root)])
    assert result.exit_code == 1
    assert "values/customer-first.yml:1:13: error[unknown-audience]: unknown audience 'publik'" in result.output
    spm = PLANTED["spm.yml"].replace("level: public", "level: everyone").replace("pillar: public", "pilar: public")
    result = runner.invoke(cli, ["check", str(planted(tmp_path, **{"spm.yml": spm}))])
    assert "spm.yml:6:12: error[unknown-audience]: unknown audience 'everyone'" in result.output
    assert "spm.yml:7:5: error[bad-setting]: no kind or sensitive field is called 'pilar'" in result.output


def test_a_draft_is_still_checked(tmp_path, runner):
    draft = PLANTED["roles/walrus-draft.yml"].replace("function: sales", "function: salse")
    result = runner.invoke(cli, ["check", str(planted(tmp_path, **{"roles/walrus-draft.yml": draft}))])
    assert result.exit_code == 1 and "roles/walrus-draft.yml:4:11: error[unknown-reference]" in result.output


def test_the_filter_never_changes_its_input(tmp_path):
    result = check_framework(planted(tmp_path))
    fresh = check_framework(planted(tmp_path)).framework
    for audience in AUDIENCES:
        filter_framework(result.framework, audience, result.settings.audiences)
    fw = result.framework
    assert fw.roles == fresh.roles and fw.measures == fresh.measures and fw.levels == fresh.levels
    assert fw.organisation == fresh.organisation and fw.omitted == {} and fw.redacted == set()
    assert [r.id for r in fw.roles_by_measure["qualified-leads"]] == [r.id for r in fresh.roles_by_measure["qualified-leads"]]


def test_reverse_links_are_derived_from_what_is_left(tmp_path):
    result = check_framework(planted(tmp_path))
    public = filter_framework(result.framework, "public", result.settings.audiences).framework
    assert [r.id for r in public.roles_by_measure["qualified-leads"]] == ["account-executive"]
    assert public.not_shown("measure", "qualified-leads", "roles_by_measure") == 1  # gecko-head, not the draft
    assert public.not_shown("role", "account-executive", "measures") == 1
    assert public.roles["account-executive"].reports_to is None
    assert public.target(public.roles["account-executive"], "qualified-leads") is None  # redacted, not the default


def test_hidden_records_name_item_field_and_place(tmp_path):
    result = check_framework(planted(tmp_path))
    hidden = filter_framework(result.framework, "internal", result.settings.audiences).hidden
    by_label = {h.label: h for h in hidden}
    heron = by_label["field 'source' of measure 'qualified-leads'"]
    assert heron.texts == ("Source HERON 552211 ledger.",) and heron.where.line == 13
    targets = by_label["field 'targets' of role 'account-executive'"]
    assert set(targets.texts) == {"987654", "876543", "987,654", "876,543"}  # as written, and as pages write them
    tapir = by_label["role 'tapir-exec'"]
    assert tapir.texts[:2] == ("tapir-exec", "Executive TAPIR") and "Tapir purpose 112233 at the top." in tapir.texts
    assert tapir.where.file.endswith("roles/tapir-exec.yml")
    visible = set(visible_texts(filter_framework(result.framework, "internal", result.settings.audiences).framework))
    assert "Head of sales GECKO" in visible and "Executive TAPIR" not in visible


def test_a_visible_item_that_is_empty_without_what_is_hidden_is_reported(tmp_path):
    result = check_framework(planted(tmp_path))
    found = [d for d in result.diagnostics if d.rule == "hidden-dependency"]
    messages = {(Path(d.location.file).name, d.location.line): d.message for d in found}
    assert messages[("sales.yml", 4)] == "function 'sales' is shown to public, but its leader 'gecko-head' is hidden from it"
    assert all(d.severity.value == "warning" for d in found)
    assert hollow_items(result.framework, Audiences()) == [] or all("public" in d.message for d in found)


def test_check_lists_what_a_build_would_leave_out_without_changing_the_exit_code(tmp_path, runner):
    root = planted(tmp_path)
    plain = runner.invoke(cli, ["check", str(root)])
    listed = runner.invoke(cli, ["check", str(root), "--audience", "public"])
    assert listed.exit_code == plain.exit_code == 0 and listed.stdout == plain.stdout
    assert "measures/sales.yml:18:5: measure 'osprey-rate' (Win rate OSPREY): left out in the public build" in listed.stderr
    assert "field 'formula' of measure 'qualified-leads': redacted in the public build" in listed.stderr
    assert runner.invoke(cli, ["check", str(root), "--audience", "board"]).exit_code == 2


def test_build_refuses_an_unknown_audience_as_a_usage_error(tmp_path, runner, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["build", str(planted(tmp_path)), "--audience", "board", "-d", "out"])
    assert result.exit_code == 2 and "unknown audience 'board'" in result.output
    assert not (tmp_path / "out").exists()
    both = runner.invoke(cli, ["build", str(planted(tmp_path)), "--audience", "public=a", "--audience", "internal=a"])
    assert both.exit_code == 2


def test_plain_mkdocs_build_takes_the_audience_option(tmp_path):
    import subprocess
    import sys

    root = planted(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: T\ntheme:\n  name: material\n  font: false\nplugins:\n  - spm:\n      framework: {root}\n"
        "      audience: public\n")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    done = subprocess.run([str(mkdocs), "build", "--strict", "-q"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    files = output_bytes(tmp_path / "site")
    assert found_in(files, "GECKO") == [] and found_in(files, "Public edition")


def test_a_visible_link_to_a_hidden_page_is_reported_before_the_build(tmp_path, runner):
    value = PLANTED["values/customer-first.yml"].replace(
        "statement: We do what is right for the customer.",
        "statement: See the [win rate](measures/osprey-rate.md) and [leads](measures/qualified-leads.md).")
    root = planted(tmp_path, **{"values/customer-first.yml": value})
    result = runner.invoke(cli, ["check", str(root)])
    assert result.exit_code == 0
    assert ("values/customer-first.yml:2:12: warning[hidden-link]: the link 'measures/osprey-rate.md' names a page "
            "that the public build will not have") in result.output
    assert "qualified-leads.md' names" not in result.output
    monkey = tmp_path / "out"
    built = runner.invoke(cli, ["build", str(root), "--audience", "public", "-d", str(monkey)])
    assert built.exit_code == 1 and not monkey.exists()  # refused before MkDocs runs, at the YAML line
    assert "values/customer-first.yml:2:12: error[missing-page]: the link 'measures/osprey-rate.md'" in built.output


def test_render_writes_only_what_the_audience_may_see(tmp_path, runner, monkeypatch):
    root = planted(tmp_path)
    monkeypatch.chdir(tmp_path)
    done = runner.invoke(cli, ["render", str(root), "-o", "out", "--audience", "public"])
    assert done.exit_code == 0, done.output
    files = output_bytes(tmp_path / "out")
    assert found_in(files, "GECKO") == [] and found_in(files, "PELICAN") == [] and found_in(files, "Public edition")
    assert "docs/reference.md" not in files and b"reference.md" not in files["mkdocs.yml"]
    internal = output_bytes(tmp_path / "out") if runner.invoke(
        cli, ["render", str(root), "-o", "out"]).exit_code == 0 else {}
    assert found_in(internal, "GECKO") and found_in(internal, "TAPIR") == []


def test_alignment_page_shows_only_findings_about_what_the_audience_sees(sites):
    internal = sites["internal"]["alignment/index.html"].decode()
    assert "function &#39;sales&#39; is shown to public" in internal or "function 'sales' is shown to public" in internal
    assert "SPM116" not in internal  # about jackal-pilot, a leadership measure in the same file as visible ones
    assert "SPM116" in sites["leadership"]["alignment/index.html"].decode()
    public = sites["public"]["alignment/index.html"].decode()
    assert "is shown to public" not in public  # it names gecko-head, hidden from the public
    assert "further findings are not shown in this edition" in public


@pytest.mark.parametrize(("audience", "sees_everything"), [("internal", True), ("public", False)])
def test_the_plugin_keeps_what_its_build_hid_for_the_post_build_scan(make_framework, tmp_path, monkeypatch,
                                                                      audience, sees_everything):
    from spm_site.engine.build import build_site, site_config, spm_plugin

    monkeypatch.chdir(tmp_path)
    root = make_framework()  # MINIMAL says nothing about visibility: internal sees it all, the public nothing
    result = check_framework(root)
    with site_config(None, root) as config:
        plugin = spm_plugin(config)
        plugin.config["audience"] = audience
        build_site(config, tmp_path / "site", result)
    if sees_everything:
        assert plugin.filtered is None
    else:
        assert plugin.filtered.audience == "public" and plugin.filtered.framework.roles == {}
        assert {h.item_id for h in plugin.filtered.hidden} >= {"head-of-sales", "win-rate", "customer-first"}


def test_plain_mkdocs_build_refuses_an_audience_nobody_defined(tmp_path):
    import subprocess
    import sys

    root = planted(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: T\nplugins:\n  - spm:\n      framework: {root}\n      audience: board\n")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    done = subprocess.run([str(mkdocs), "build", "-q"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1 and "audience 'board' is not one of: public, internal, leadership, people-team" in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "site" / "index.html").exists()
