"""Findings people act on (issue 12): waivers in every output format, waivers that name the one
measure they excuse, and where to read more, in the terminal, in JSON and as a page of the handbook.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MINIMAL, write_framework
from spm_site import rules
from spm_site.cli import cli
from spm_site.diagnostics import SiteLinks, explanation_page
from spm_site.pipeline import check_framework
from spm_site.site.audience_text import for_audience
from spm_site.site.render import Renderer

ROLE = "roles/account-executive.yml"
ACCEPTANCE = ("    accepted:\n      by: head-of-sales\n"
              "      reason: Self-sourced leads are part of every account executive's pipeline.\n")
#: A second measure marketing owns, so that one role can be held to two imposed measures.
SOURCED = MINIMAL["measures/sales.yml"] + """\
  - id: sourced-pipeline
    name: Marketing-sourced pipeline
    definition: Pipeline value from leads marketing generated.
    unit: GBP
    direction: higher
    target: 400000
    frequency: monthly
    source: CRM pipeline report
    owner: marketing
    objectives: [grow-revenue]
    kind: outcome
    timing: leading
"""
#: Account executive held to two marketing measures, neither of them accepted by sales.
TWO_IMPOSED = MINIMAL[ROLE].replace(ACCEPTANCE, "").replace("""\
  - measure: win-rate
    weight: 50
  - measure: qualified-leads
    weight: 50
""", """\
  - measure: win-rate
    weight: 40
  - measure: qualified-leads
    weight: 30
  - measure: sourced-pipeline
    weight: 30
""")


def position(text: str, needle: str) -> tuple[int, int]:
    """1-based (line, column) of the first `needle` in `text`, as an editor shows it."""
    offset = text.index(needle)
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def two_imposed(make_framework, waivers: str) -> Path:
    return make_framework({"measures/sales.yml": SOURCED, ROLE: TWO_IMPOSED + waivers})


# --- a waiver may name the one measure it excuses ---------------------------------------------------
def test_a_waiver_naming_a_measure_excuses_that_finding_only(make_framework):
    waiver = ("waivers:\n  - rule: SPM106\n    measure: qualified-leads\n"
              "    reason: Sales and marketing agreed the lead definition at the planning day.\n")
    root = two_imposed(make_framework, waiver)
    result = check_framework(root)
    (w,) = result.waived
    assert (w.rule.CODE, w.finding.measure, w.waiver.measure) == ("SPM106", "qualified-leads", "qualified-leads")
    # The other imposed measure is still reported, at its own entry, as the error it is.
    (d,) = [d for d in result.diagnostics if d.code == "SPM106"]
    assert d.severity.value == "error" and "Marketing-sourced pipeline ('sourced-pipeline')" in d.message
    assert (d.location.line, d.location.col) == position(TWO_IMPOSED, "sourced-pipeline")
    assert [d for d in result.diagnostics if d.code is None] == []  # a precise waiver is not a broad one


def test_a_whole_item_waiver_over_several_measures_is_a_broad_waiver(make_framework):
    waiver = "waivers:\n  - rule: SPM106\n    reason: Agreed with marketing.\n"
    root = two_imposed(make_framework, waiver)
    result = check_framework(root)
    assert sorted(w.finding.measure for w in result.waived) == ["qualified-leads", "sourced-pipeline"]
    (d,) = result.diagnostics
    text = TWO_IMPOSED + waiver
    assert (d.rule, d.severity.value, d.location.line, d.location.col) == (
        "broad-waiver", "warning", *position(text, "SPM106\n"))
    assert d.message == ("the waiver of SPM106 on Account executive ('account-executive') excuses 2 findings, about "
                         "measures 'qualified-leads' and 'sourced-pipeline', with one reason: a new problem with "
                         "another measure would be excused unseen")
    assert result.ok  # a warning: the findings stay excused


def test_a_whole_item_waiver_of_one_finding_is_not_broad(make_framework):
    role = MINIMAL[ROLE].replace(ACCEPTANCE, "") + "waivers:\n  - rule: SPM106\n    reason: Agreed.\n"
    result = check_framework(make_framework({ROLE: role}))
    assert result.diagnostics == [] and len(result.waived) == 1


def test_a_waiver_naming_a_measure_with_no_finding_is_unused(make_framework):
    """A typo in `measure:` must not pass silently: the waiver excuses nothing and the finding stays."""
    waiver = "waivers:\n  - rule: SPM106\n    measure: win-rate\n    reason: Agreed.\n"
    role = MINIMAL[ROLE].replace(ACCEPTANCE, "") + waiver
    result = check_framework(make_framework({ROLE: role}))
    unused = [d for d in result.diagnostics if d.rule == "unused-waiver"]
    assert [d.code for d in result.diagnostics if d.code] == ["SPM106"]
    (d,) = unused
    assert (d.location.line, d.location.col, d.severity.value) == (*position(role, "win-rate\n    reason"), "warning")
    assert "finds no problem with measure 'win-rate'" in d.message


def test_a_stale_whole_item_waiver_is_unused_unless_its_rule_is_off(make_framework):
    role = MINIMAL[ROLE] + "waivers:\n  - rule: SPM106\n    reason: Agreed long ago.\n"
    root = make_framework({ROLE: role})
    (d,) = check_framework(root).diagnostics
    assert d.rule == "unused-waiver" and "excuses nothing" in d.message
    assert check_framework(root, {"rules": {"SPM106": "off"}}).diagnostics == []


def test_a_waiver_naming_an_unknown_measure_is_an_unknown_reference(make_framework):
    role = MINIMAL[ROLE] + "waivers:\n  - rule: SPM106\n    measure: qualified-lead\n    reason: Agreed.\n"
    result = check_framework(make_framework({ROLE: role}))
    assert not result.ok
    assert [d.rule for d in result.diagnostics] == ["unknown-reference"]


def test_the_role_page_says_which_measure_a_waiver_excuses(make_framework):
    waiver = "waivers:\n  - rule: SPM106\n    measure: qualified-leads\n    reason: Agreed at the planning day.\n"
    result = check_framework(two_imposed(make_framework, waiver))
    pages = {p.path: p.markdown for p in Renderer(result.framework, checked=result).pages()}
    role = pages["roles/account-executive.md"]
    assert "- For [Qualified leads](../measures/qualified-leads.md): Agreed at the planning day." in role
    assert "SPM106" not in role  # rule codes are for authors' pages


# --- waivers in every output format -------------------------------------------------------------------
WAIVED = {"roles/head-of-sales.yml": MINIMAL["roles/head-of-sales.yml"].replace(
    "development:\n  - Forecast with less than 10% error.\n", "development: []\n")
    + "waivers:\n  - rule: SPM110\n    reason: Development plans for leaders are <b>agreed</b> with the board.\n"}


@pytest.fixture
def waived_root(make_framework, monkeypatch) -> Path:
    root = make_framework(WAIVED)
    monkeypatch.chdir(root.parent)
    return root


def check(runner: CliRunner, fmt: str):
    result = runner.invoke(cli, ["check", "framework", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert result.stderr == "No problems found. 1 finding waived with a reason.\n"
    return result.stdout


MESSAGE = ("role Head of sales ('head-of-sales') lists nothing under 'development:': people in it get verdicts "
           "on past results and nothing to grow into")
REASON = "Development plans for leaders are <b>agreed</b> with the board."


def test_text_lists_a_waived_finding_with_its_reason(runner, waived_root):
    line, col = position(WAIVED["roles/head-of-sales.yml"], "[]")
    assert check(runner, "text") == (f"framework/roles/head-of-sales.yml:{line}:{col}: waived[SPM110 "
                                     f"role-without-development]: {MESSAGE}\n  reason: {REASON}\n"
                                     "  see: spm-site explain SPM110\n")


def test_json_marks_a_waived_finding_and_fails_nothing(runner, waived_root):
    (d,) = json.loads(check(runner, "json"))
    assert (d["code"], d["severity"], d["message"]) == ("SPM110", "info", MESSAGE)
    assert d["waived"] == {"reason": REASON, "severity": "warning"}
    assert d["url"] == "reference/rules/spm110/"


def test_github_shows_a_waived_finding_as_a_notice(runner, waived_root):
    line, col = position(WAIVED["roles/head-of-sales.yml"], "[]")
    assert check(runner, "github").splitlines() == [
        f"::notice file=framework/roles/head-of-sales.yml,line={line},col={col},"
        f"title=SPM110 role-without-development (waived)::{MESSAGE}%0AWaived: {REASON}%0ASee: spm-site explain SPM110"]


def test_markdown_lists_waived_findings_under_their_own_heading(runner, waived_root):
    out = check(runner, "markdown")
    assert out.startswith("### spm-site check\n\nNo problems found. :white_check_mark:\n\n#### Accepted on purpose (1)\n")
    # Author text cannot become markup in the comment: the reason's tag is shown as written.
    assert ("`SPM110 role-without-development`: role Head of sales ('head-of-sales') lists nothing under "
            "'development:'") in out
    assert "Reason: Development plans for leaders are \\<b\\>agreed\\</b\\> with the board." in out


def test_markdown_keeps_findings_and_waivers_apart(runner, make_framework, monkeypatch):
    files = {**WAIVED, ROLE: MINIMAL[ROLE].replace("development:\n  - Run discovery without a script.\n",
                                                   "development: []\n")}
    root = make_framework(files)
    monkeypatch.chdir(root.parent)
    out = runner.invoke(cli, ["check", "framework", "--format", "markdown"]).stdout
    findings, accepted = out.split("#### Accepted on purpose (1)")
    assert "Found 1 warning." in findings and "account-executive" in findings and "head-of-sales" not in findings
    assert "head-of-sales" in accepted and "account-executive" not in accepted


# --- where to read more -----------------------------------------------------------------------------
@pytest.mark.parametrize(("config", "url"), [
    ("", "reference/rules/spm106/"),
    ("use_directory_urls: false\n", "reference/rules/spm106.html"),
    ("site_url: https://handbook.example.org/people/\n", "https://handbook.example.org/people/reference/rules/spm106/"),
    ("site_url: https://handbook.example.org/people\n", "https://handbook.example.org/people/reference/rules/spm106/"),
])
def test_the_json_url_is_relative_unless_the_site_has_an_address(runner, make_framework, monkeypatch, config, url):
    root = make_framework({ROLE: MINIMAL[ROLE].replace(ACCEPTANCE, "")})
    (root.parent / "mkdocs.yml").write_text(f"site_name: T\n{config}plugins:\n  - spm:\n      framework: framework\n")
    monkeypatch.chdir(root.parent)
    result = runner.invoke(cli, ["check", "--format", "json"])
    (d,) = json.loads(result.stdout)
    assert d["url"] == url
    explained = runner.invoke(cli, ["explain", "SPM106"]).stdout
    assert explained.rstrip().endswith(f"In the handbook: {url}")


def test_a_finding_that_is_no_rule_is_explained_on_the_reference_page():
    assert SiteLinks().url(explanation_page("unknown-reference", None)) == "reference/#diagnostic-unknown-reference"
    assert SiteLinks("https://h.example/", False).url(explanation_page("tab", None)) == \
        "https://h.example/reference.html#diagnostic-tab"


@pytest.mark.parametrize(("files", "name"), [
    ({"values/courage.yml": ""}, "empty-file"), ({ROLE: MINIMAL[ROLE].replace(ACCEPTANCE, "")}, "SPM106")])
def test_every_text_finding_ends_with_where_to_read_more(runner, make_framework, files, name):
    out = runner.invoke(cli, ["check", str(make_framework(files))]).stdout
    (block,) = re.split(r"\n(?=\S)", out.strip())
    assert block.endswith(f"  see: spm-site explain {name}")
    assert runner.invoke(cli, ["explain", name]).exit_code == 0


# --- a page per rule, in a real build ----------------------------------------------------------------
LINKED = {"values/customer-first.yml": MINIMAL["values/customer-first.yml"].replace(
    "statement: We do what is right for the customer, even when it is harder.",
    "statement: We do what is right for the customer, even when it is harder (see [imposed "
    "measures](reference/rules/spm106.md)).")}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """MINIMAL, with a value statement that links to a rule's page, built strictly with Material."""
    tmp = tmp_path_factory.mktemp("rules")
    root = write_framework(tmp / "framework", {**MINIMAL, **LINKED})
    assert check_framework(root).diagnostics == []  # the link to a rule's page is a page the check knows
    result = CliRunner().invoke(cli, ["build", str(root), "--site-dir", str(tmp / "site"), "--strict"])
    assert result.exit_code == 0, result.output
    return tmp / "site"


def text_of(page: Path) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))).split())


@pytest.mark.parametrize("code", list(rules.RULES))
def test_each_rule_has_a_page_with_its_full_explanation(built, code):
    rule = rules.RULES[code]
    page = built / SiteLinks().url(explanation_page(rule.NAME, code)) / "index.html"
    text = text_of(page)
    assert f"{code} {rule.NAME}" in text and f"Default severity: {rule.SEVERITY.value}" in text
    for section in ("Why it matters:", "Example (flagged):", "How to fix:", "Why this severity:"):
        assert section in text, section
    doc = " ".join((rule.__doc__ or "").replace("`", "").split())
    why = doc.split("Why it matters:")[1].split(". ")[0]
    assert why in text
    for option in rules.options(rule).settings():
        assert option in text


def test_the_reference_page_links_every_rule_page(built):
    reference = (built / "reference" / "index.html").read_text(encoding="utf-8")
    for code in rules.RULES:
        assert f'href="rules/{code.lower()}/"' in reference


def test_an_author_link_to_a_rule_page_reaches_it(built):
    value = (built / "values" / "customer-first" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../reference/rules/spm106/"' in value


def test_a_public_site_leaves_the_rule_pages_out_with_the_reference(make_framework):
    result = check_framework(make_framework())
    pages = [p.path for p in Renderer(result.framework, checked=result).pages()]
    assert "reference/rules/spm106.md" in pages
    public = [p.path for p in for_audience(Renderer(result.framework, checked=result).pages(), "public")]
    assert not any(p.startswith("reference") for p in public)
