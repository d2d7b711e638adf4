"""The `spm-site` command as HR and CI see it: findings, formats, exit codes, rule help."""

from __future__ import annotations

import json

import pytest

from conftest import MINIMAL
from spm_site.cli import cli

#: MINIMAL with one deliberate error: a marketing-owned measure on a sales role, never agreed.
IMPOSED = {
    "roles/account-executive.yml": MINIMAL["roles/account-executive.yml"].replace(
        "    accepted:\n      by: head-of-sales\n"
        "      reason: Self-sourced leads are part of every account executive's pipeline.\n", ""),
}
#: The same, in an organisation that has lowered SPM106 to a warning.
LOWERED = {**IMPOSED, "spm.yml": "rules:\n  SPM106: warning\n"}
MESSAGE = ("role Account executive ('account-executive') is held to measure Qualified leads ('qualified-leads'), "
           "owned by Marketing ('marketing'), with no 'accepted:' from Sales ('sales'): people in it will be judged "
           "on a number another function set, pulling them in competing directions")


def test_an_imposed_measure_fails_the_check(runner, make_framework):
    result = runner.invoke(cli, ["check", str(make_framework(IMPOSED))])
    assert result.exit_code == 1
    assert f"roles/account-executive.yml:12:14: error[SPM106 imposed-measure]: {MESSAGE}\n" in result.output
    assert result.output.rstrip().endswith("Found 1 error.")


def test_warnings_are_printed_but_do_not_fail(runner, make_framework):
    result = runner.invoke(cli, ["check", str(make_framework(LOWERED))])
    assert result.exit_code == 0
    assert f"roles/account-executive.yml:12:14: warning[SPM106 imposed-measure]: {MESSAGE}\n" in result.output
    assert "    12 |   - measure: qualified-leads" in result.output  # the offending line, quoted
    assert "help: record under 'accepted:'" in result.output
    # Every finding ends with where to read more.
    assert "help: record under 'accepted:' which role of this role's function agreed to the measure, and why\n" \
           "  see: spm-site explain SPM106\n" in result.output
    assert result.output.rstrip().endswith("Found 1 warning.")


def test_strict_fails_on_warnings(runner, make_framework):
    result = runner.invoke(cli, ["check", "--strict", str(make_framework(LOWERED))])
    assert result.exit_code == 1


def test_github_format_annotates_the_pull_request(runner, make_framework, monkeypatch, tmp_path):
    root = make_framework(LOWERED)
    monkeypatch.chdir(root.parent)
    result = runner.invoke(cli, ["check", "framework", "--format", "github"])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "::warning file=framework/roles/account-executive.yml,line=12,col=14,title=SPM106 imposed-measure::"
        f"{MESSAGE}%0Arecord under 'accepted:' which role of this role's function agreed to the measure, and why"
        "%0ASee: spm-site explain SPM106",
    ]
    assert result.stderr == "Found 1 warning.\n"  # the summary is for people, not an annotation


def test_markdown_format_is_a_pull_request_comment(runner, make_framework, monkeypatch):
    root = make_framework(LOWERED)
    monkeypatch.chdir(root.parent)
    result = runner.invoke(cli, ["check", "framework", "--format", "markdown"])
    assert result.stdout == (
        "### spm-site check\n\nFound 1 warning.\n\n"
        "| Rule | Severity | Findings |\n| --- | --- | ---: |\n"
        "| `SPM106 imposed-measure` | warning | 1 |\n\n"
        "#### `framework/roles/account-executive.yml`\n\n"
        "- line 12: **warning** `SPM106 imposed-measure`: role Account executive ('account-executive') is held to "
        "measure Qualified leads ('qualified-leads'), owned by Marketing ('marketing'), with no 'accepted:' from "
        "Sales ('sales'): people in it will be judged on a number another function set, pulling them in competing "
        "directions\n"
    )


def test_json_format_carries_code_and_severity(runner, make_framework):
    result = runner.invoke(cli, ["check", str(make_framework(IMPOSED)), "--format", "json"])
    (finding,) = json.loads(result.stdout)
    assert (finding["code"], finding["rule"], finding["severity"], finding["line"], finding["column"]) == (
        "SPM106", "imposed-measure", "error", 12, 14)
    assert finding["url"] == "reference/rules/spm106/" and finding["waived"] is None


def test_waived_findings_are_listed_with_their_reason_and_fail_nothing(runner, make_framework):
    role = IMPOSED["roles/account-executive.yml"] + (
        "waivers:\n  - rule: SPM106\n    reason: Marketing and sales agreed this at the kick-off.\n")
    result = runner.invoke(cli, ["check", str(make_framework({"roles/account-executive.yml": role}))])
    assert result.exit_code == 0
    assert f"roles/account-executive.yml:12:14: waived[SPM106 imposed-measure]: {MESSAGE}\n" \
           "  reason: Marketing and sales agreed this at the kick-off.\n" \
           "  see: spm-site explain SPM106\n" in result.stdout
    assert result.stderr == "No problems found. 1 finding waived with a reason.\n"


def test_rules_lists_every_rule(runner):
    from spm_site.rules import RULES

    result = runner.invoke(cli, ["rules"])
    assert result.exit_code == 0
    assert len(result.output.splitlines()) == len(RULES)
    assert "SPM106  imposed-measure" in result.output


@pytest.mark.parametrize("name", ["SPM106", "spm106", "imposed-measure"])
def test_explain_by_code_or_name(runner, name):
    result = runner.invoke(cli, ["explain", name])
    assert result.exit_code == 0
    assert result.output.startswith("SPM106 imposed-measure (default severity: error)")
    assert "Why it matters:" in result.output and "How to fix:" in result.output


def test_explain_unknown_rule_is_a_usage_error(runner):
    result = runner.invoke(cli, ["explain", "SPM999"])
    assert result.exit_code == 2
    assert "no rule is called 'SPM999'" in result.output
