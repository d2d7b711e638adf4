"""Per-framework rule settings (`framework/spm.yml`) and waivers written on the items themselves.

An organisation tunes the rules to where it is: a rule made stricter or switched off, a threshold
changed, a finding accepted on one item with a written reason. Every mistake in those settings is
reported where it was written, like any other mistake in the framework.
"""

from __future__ import annotations

import datetime as dt
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
    assert codes(imposed(make_framework)) == [("SPM106", "error")]


@pytest.mark.parametrize("spm", [
    "rules:\n  SPM106: warning\n",
    "rules:\n  spm106: warning\n",
    "rules:\n  imposed-measure: warning\n",
    "rules:\n  SPM106:\n    severity: warning\n",
])
def test_severity_is_set_by_code_or_by_name(make_framework, spm):
    root = imposed(make_framework, spm)
    assert codes(root) == [("SPM106", "warning")]
    assert check_framework(root).ok


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
    root = imposed(make_framework, "rules:\n  SPM106: warning\n")
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
    assert [d.code for d in result.diagnostics if d.code] == ["SPM106"] and result.waived == []
    # SPM117 finds nothing on a role: the waiver that excuses nothing is reported, at its rule.
    assert [d.rule for d in result.diagnostics if d.code is None] == ["unused-waiver"]


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
    assert "spm.yml:3:12: error[bad-setting]: rule SPM118: option 'as_of' expects a date written YYYY-MM-DD" in result.output


def test_an_unknown_rule_is_reported_at_its_key(make_framework):
    root = make_framework({"spm.yml": "rules:\n  SPM999: error\n"})
    (d,) = check_framework(root).diagnostics
    assert (d.location.line, d.location.col, d.rule) == (2, 3, "bad-setting")


# --- every option has a declared type and range --------------------------------------------------

from spm_site import rules as rule_registry  # noqa: E402 - the section's own imports
from spm_site.cli import cli  # noqa: E402
from spm_site.framework.limits import Limits  # noqa: E402
from spm_site.settings import declarations  # noqa: E402

#: (rule code or "limits", option) for every option there is: a new option is covered by itself.
ALL_OPTIONS = [(section, name) for section, group in declarations().items() for name in group.settings()]

#: Values typed into spm.yml that no option takes ("" leaves the value out; `''` is as_of's default, today).
HOSTILE = ["99999999999999999999", "-99999999999999999999", "-1", "0", "2.5", "1e9", "0x10", "0o17", "1_000",
           "0001-01-01", "'  '", "[1, 2]", "{a: 1}", "true", "null", "~", "1" * 5000, "", "''",
           '"2027-06-01\\nspm.yml:1:1: error[fake]: planted"', "2027-02-30", "9999-12-31T00:00:00", "+-3"]
HOSTILE_CASES = [(section, option, value) for section, option in ALL_OPTIONS for value in HOSTILE
                 if not (option == "as_of" and value == "''")]


def spm_yml(section: str, option: str, value: str) -> str:
    if section == "limits":
        return f"limits:\n  {option}: {value}\n"
    return f"rules:\n  {section}:\n    {option}: {value}\n"


def test_every_rule_option_declares_what_it_accepts():
    for rule in rule_registry.RULES.values():
        group = rule_registry.options(rule)
        for name, declared in group.settings().items():
            assert declared.accepts.parse(declared.default) == declared.default, (rule.CODE, name)
            assert getattr(group(), name) == declared.default and declared.description, (rule.CODE, name)
    for name, declared in Limits.settings().items():
        assert declared.accepts.parse(getattr(Limits(), name)) == getattr(Limits(), name)
    assert {"SPM111", "SPM118", "limits"} <= set(declarations())


@pytest.mark.parametrize(("section", "option", "value"), HOSTILE_CASES)
def test_a_hostile_value_is_a_located_error_never_a_traceback(make_framework, runner, section, option, value):
    accepts = declarations()[section].settings()[option].accepts
    root = make_framework({"spm.yml": spm_yml(section, option, value)})
    result = runner.invoke(cli, ["check", str(root)])
    line = 2 if section == "limits" else 3
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    # Findings start a line; the quoted source line below one is indented and may show anything.
    errors = [ln for ln in result.output.splitlines() if "error[" in ln and not ln.startswith(" ")]
    assert len(errors) == 1 and f"spm.yml:{line}:" in errors[0] and "error[bad-setting]" in errors[0], result.output
    assert accepts.describe() in errors[0]
    assert not any(ln.startswith("spm.yml:1:1") for ln in result.output.splitlines())


@pytest.mark.parametrize(("spm", "expected"), [
    ("rules:\n  SPM118:\n    max_age_days: 1\n", {"max_age_days": 1}),
    ("rules:\n  SPM118:\n    max_age_days: 36500\n", {"max_age_days": 36500}),
    ("rules:\n  SPM118:\n    as_of: 1900-01-01\n", {"as_of": "1900-01-01"}),
    ("rules:\n  SPM118:\n    as_of: 9999-12-31\n    max_age_days: 36500\n",
     {"as_of": "9999-12-31", "max_age_days": 36500}),
    ("rules:\n  SPM118:\n    as_of: ''\n", {"as_of": ""}),
    ("rules:\n  SPM111:\n    min_per_year: 365\n", {"min_per_year": 365}),
])
def test_the_ends_of_each_range_are_accepted(make_framework, runner, spm, expected):
    root = make_framework({"spm.yml": spm})
    result = check_framework(root)
    assert result.framework is not None and "bad-setting" not in {d.rule for d in result.diagnostics}
    assert result.settings.rules[spm.split()[1].rstrip(":")] == expected
    output = runner.invoke(cli, ["check", str(root)]).output
    assert "bad-setting" not in output and "Traceback" not in output


@pytest.mark.parametrize("value", [10**20, -1, 0, True, False, 2.5, 1e9, None, [1], {"a": 1}, "0x10",
                                   dt.date(1, 1, 1), dt.datetime(2027, 6, 1, 10, 0)])
@pytest.mark.parametrize(("section", "option"), ALL_OPTIONS)
def test_native_values_from_mkdocs_yml_are_checked_the_same_way(make_framework, section, option, value):
    """MkDocs' own YAML reader gives ints, bools, floats and dates, not text."""
    overrides = {"limits": {option: value}} if section == "limits" else {"rules": {section: {option: value}}}
    result = check_framework(make_framework(), overrides)
    (d,) = result.diagnostics
    assert (d.location.file, d.rule, d.severity) == ("mkdocs.yml", "bad-setting", Severity.ERROR)
    assert not result.ok


def test_native_values_in_range_are_accepted(make_framework):
    overrides = {"rules": {"SPM118": {"as_of": dt.date(2027, 6, 1), "max_age_days": 400}},
                 "limits": {"max_file_kb": 4096}}
    result = check_framework(make_framework(), overrides)
    assert result.ok and result.diagnostics == []
    assert result.settings.rules["SPM118"] == {"as_of": "2027-06-01", "max_age_days": 400}
    assert result.settings.limits == Limits(max_file_kb=4096)


def test_limits_fill_the_settings(make_framework):
    root = make_framework({"spm.yml": "limits:\n  max_name_length: 300\n  max_file_kb: 2048\n"})
    result = check_framework(root)
    assert result.ok and result.settings.limits == Limits(max_name_length=300, max_file_kb=2048)
    assert check_framework(make_framework({"spm.yml": None})).settings.limits == Limits()


@pytest.mark.parametrize(("spm", "line", "col", "message"), [
    ("limits:\n  max_name: 300\n", 2, 3, "no limit is called 'max_name'"),
    ("limits: 300\n", 1, 9, "'limits' must map limit names to numbers"),
    ("limits:\n  - max_file_kb\n", 2, 3, "'limits' must map limit names to numbers"),
    ("limits:\n  max_name_length: 19\n", 2, 20, "from 20 to 10000; found '19'"),
    ("limits:\n  max_file_kb: 65537\n", 2, 16, "from 16 to 65536; found '65537'"),
])
def test_a_bad_limit_is_located(make_framework, spm, line, col, message):
    root = make_framework({"spm.yml": spm})
    (d,) = check_framework(root).diagnostics
    assert (d.location.line, d.location.col, d.rule) == (line, col, "bad-setting")
    assert message in d.message


def test_a_severity_that_is_not_text_is_a_located_error(make_framework):
    root = make_framework({"spm.yml": "rules:\n  SPM106:\n    severity: [error]\n"})
    (d,) = check_framework(root).diagnostics
    assert (d.location.line, d.rule) == (3, "bad-setting") and "not a list" in d.message


def test_stale_content_clamps_its_date_arithmetic(make_framework):
    """Even called past the settings reader, the rule does not overflow at the calendar's ends."""
    from spm_site.rules import spm118_stale_content as spm118

    files = {path: MINIMAL[path] + "last_reviewed: 0001-01-01\n" for path in ("roles/head-of-sales.yml",)}
    fw = check_framework(make_framework(files), {"rules": {"SPM118": "off"}}).framework
    assert fw is not None
    assert list(spm118.check(fw, spm118.Options(max_age_days=10**6, as_of="0001-01-02"))) == []
    (found,) = spm118.check(fw, spm118.Options(max_age_days=1, as_of="9999-12-31"))
    assert "3652058 days ago (more than 1)" in found.message
