"""Per-framework rule settings (`framework/spm.yml`) and waivers written on the items themselves.

An organisation tunes the rules to where it is: a rule made stricter or switched off, a threshold
changed, a finding accepted on one item with a written reason. Every mistake in those settings is
reported where it was written, like any other mistake in the framework.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import MINIMAL
from spm_site.diagnostics import Diagnostic, Severity
from spm_site.pipeline import check_framework

#: MINIMAL with one warning (SPM106): a marketing-owned measure on a sales role, never agreed.
ROLE = "roles/account-executive.yml"
IMPOSED = MINIMAL[ROLE].replace(
    "    accepted:\n      by: head-of-sales\n"
    "      reason: Self-sourced leads are part of every account executive's pipeline.\n", "")


def imposed(make_framework, spm: str | None = None, role: str = IMPOSED) -> Path:
    return make_framework({ROLE: role, "spm.yml": spm})


def codes(root: Path, overrides: dict | None = None) -> list[tuple[str | None, str]]:
    return [(d.code, d.severity.value) for d in check_framework(root, overrides).diagnostics]


def located(d: Diagnostic, root: Path) -> tuple[str, int, str]:
    """(file relative to the framework folder, line, rule)."""
    return Path(os.path.abspath(d.location.file)).relative_to(root).as_posix(), d.location.line, d.rule


def test_without_settings_each_rule_has_its_default_severity(make_framework):
    assert codes(imposed(make_framework)) == [("SPM106", "warning")]


@pytest.mark.parametrize("spm", [
    "rules:\n  SPM106: error\n",
    "rules:\n  spm106: error\n",
    "rules:\n  imposed-measure: error\n",
    "rules:\n  SPM106:\n    severity: error\n",
])
def test_severity_is_set_by_code_or_by_name(make_framework, spm):
    root = imposed(make_framework, spm)
    assert codes(root) == [("SPM106", "error")]
    assert not check_framework(root).ok


def test_a_rule_can_be_turned_off(make_framework):
    """`off` arrives as the text 'off' (the loader reads no YAML 1.1 booleans) and disables the rule."""
    assert codes(imposed(make_framework, "rules:\n  SPM106: off\n")) == []


def test_info_keeps_the_finding_but_lowers_it(make_framework):
    assert codes(imposed(make_framework, "rules:\n  imposed-measure: info\n")) == [("SPM106", "info")]


def test_an_option_changes_a_rules_threshold(make_framework):
    role = MINIMAL["roles/head-of-sales.yml"] + "last_reviewed: 2027-03-01\n"
    root = make_framework({"roles/head-of-sales.yml": role, "spm.yml": "rules:\n  SPM118:\n    as_of: 2027-06-01\n"})
    assert codes(root) == []
    root = make_framework({"roles/head-of-sales.yml": role,
                           "spm.yml": "rules:\n  SPM118:\n    as_of: 2027-06-01\n    max_age_days: 60\n"})
    (d,) = check_framework(root).diagnostics
    assert (d.code, d.severity) == ("SPM118", Severity.WARNING)
    assert "92 days ago (more than 60)" in d.message


def test_options_and_severity_together(make_framework):
    root = make_framework({"roles/head-of-sales.yml": MINIMAL["roles/head-of-sales.yml"] + "last_reviewed: 2027-03-01\n",
                           "spm.yml": "rules:\n  stale-content:\n    severity: error\n    max_age_days: 60\n"
                                      "    as_of: 2027-06-01\n"})
    assert codes(root) == [("SPM118", "error")]


def test_the_plugin_options_win_over_spm_yml(make_framework):
    root = imposed(make_framework, "rules:\n  SPM106: error\n")
    assert codes(root, {"rules": {"SPM106": "info"}}) == [("SPM106", "info")]


def test_an_unknown_rule_is_a_located_error(make_framework):
    root = imposed(make_framework, "rules:\n  SPM999: error\n")
    result = check_framework(root)
    (d,) = result.diagnostics
    assert located(d, root) == ("spm.yml", 2, "bad-setting")
    assert d.severity is Severity.ERROR and "no rule is called 'SPM999'" in d.message
    assert not result.ok


def test_an_unknown_option_is_a_located_error(make_framework):
    root = imposed(make_framework, "rules:\n  SPM118:\n    max_days: 400\n")
    (d,) = check_framework(root).diagnostics
    assert located(d, root) == ("spm.yml", 3, "bad-setting")
    assert "rule SPM118 has no option 'max_days'" in d.message
    assert "max_age_days" in d.hint


def test_an_option_of_the_wrong_type_is_a_located_error(make_framework):
    root = imposed(make_framework, "rules:\n  SPM118:\n    max_age_days: a year\n")
    (d,) = check_framework(root).diagnostics
    assert located(d, root) == ("spm.yml", 3, "bad-setting")
    assert "option 'max_age_days' expects a value like 365" in d.message


def test_an_unknown_severity_is_an_error(make_framework):
    root = imposed(make_framework, "rules:\n  SPM106:\n    severity: loud\n")
    (d,) = check_framework(root).diagnostics
    assert located(d, root) == ("spm.yml", 3, "bad-setting")
    assert "severity must be one of error, info, off, warning" in d.message


def test_an_unknown_severity_written_short_is_located(make_framework):
    root = imposed(make_framework, "rules:\n  SPM106: loud\n")
    (d,) = check_framework(root).diagnostics
    assert located(d, root) == ("spm.yml", 2, "bad-setting")


def test_a_waiver_with_a_reason_sets_the_finding_aside(make_framework):
    reason = "Marketing and sales agreed this at the kick-off."
    root = imposed(make_framework, role=IMPOSED + f"waivers:\n  - rule: SPM106\n    reason: {reason}\n")
    result = check_framework(root)
    assert result.diagnostics == [] and result.ok
    (w,) = result.waived
    assert (w.rule.CODE, w.reason, w.finding.subject.id) == ("SPM106", reason, "account-executive")


def test_a_waiver_may_name_the_rule(make_framework):
    root = imposed(make_framework, role=IMPOSED + "waivers:\n  - rule: imposed-measure\n    reason: Agreed.\n")
    assert [w.rule.CODE for w in check_framework(root).waived] == ["SPM106"]


def test_a_waiver_of_another_rule_waives_nothing_here(make_framework):
    root = imposed(make_framework, role=IMPOSED + "waivers:\n  - rule: SPM117\n    reason: Not this one.\n")
    result = check_framework(root)
    assert [d.code for d in result.diagnostics] == ["SPM106"] and result.waived == []


def test_a_waiver_needs_a_reason(make_framework):
    root = imposed(make_framework, role=IMPOSED + "waivers:\n  - rule: SPM106\n")
    result = check_framework(root)
    assert result.framework is None
    assert any(located(d, root)[:2] == (ROLE, IMPOSED.count("\n") + 2) for d in result.diagnostics), result.diagnostics


def test_a_waiver_naming_no_rule_is_an_error(make_framework):
    role = IMPOSED + "waivers:\n  - rule: SPM999\n    reason: Typo in the code.\n"
    root = imposed(make_framework, role=role)
    result = check_framework(root)
    unknown = [d for d in result.diagnostics if d.rule == "unknown-rule"]
    assert [located(d, root) for d in unknown] == [(ROLE, role.count("\n") - 1, "unknown-rule")]
    assert unknown[0].location.col == len("  - rule: ") + 1
    assert "waiver names no rule: 'SPM999'" in unknown[0].message
    assert not result.ok


def test_a_bad_as_of_date_is_a_located_error_not_a_crash(make_framework, runner):
    from spm_site.cli import cli

    root = make_framework({"spm.yml": "rules:\n  SPM118:\n    as_of: next week\n"})
    result = runner.invoke(cli, ["check", str(root)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "spm.yml:3:5: error[bad-setting]: rule SPM118: option as_of must be a date" in result.output


def test_an_unknown_rule_is_reported_at_its_key(make_framework):
    root = make_framework({"spm.yml": "rules:\n  SPM999: error\n"})
    (d,) = check_framework(root).diagnostics
    assert (d.location.line, d.location.col, d.rule) == (2, 3, "bad-setting")
