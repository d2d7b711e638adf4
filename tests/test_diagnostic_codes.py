"""Every finding spm-site can report has a stable code and an explanation, and is printed where tools expect it.

The codes are read out of the package's source (`diagnostic_scan`), not listed by hand: a new code
written anywhere without a doc fails here. `spm-site explain` answers for each, the reference page
carries each at the anchor a JSON finding's `help` names, and every output format puts findings
on stdout and the summary on stderr.
"""

from __future__ import annotations

import ast
import html
import json
import re
from pathlib import Path

import pytest

from conftest import MINIMAL
from diagnostic_scan import ALIGNMENT, Scan
from spm_site.cli import cli
from spm_site.diagnostic_docs import DIAGNOSTIC_DOCS, explanations
from spm_site.diagnostics import REFERENCE_PAGE, anchor, help_anchor
from spm_site.rules import RULES

SCAN = Scan()
CODES = sorted(c for c in SCAN.codes if c != ALIGNMENT)

#: MINIMAL with one warning (a role with nothing to develop) and with one error (a mistyped reference).
WARNING = {"roles/account-executive.yml": MINIMAL["roles/account-executive.yml"].replace(
    "development:\n  - Run discovery without a script.\n", "development: []\n")}
ERROR = {"roles/account-executive.yml": MINIMAL["roles/account-executive.yml"].replace(
    "measure: win-rate", "measure: win-rat", 1)}


# --- the codes, read from the source ------------------------------------------------------------
def test_the_scan_follows_every_rule_argument_to_its_strings():
    """A rule the scan cannot follow (computed at run time) would escape the doc check: there is none."""
    assert SCAN.unresolved == []
    # Codes written in several ways: a constant, a helper's parameter, a branch table, a returned tuple,
    # an `error[...]` printed into a message, a default argument and a helper's return value.
    for code in ("missing-file", "tab", "not-a-boolean", "missing-page", "docs-collision", "site-dir", "file-system"):
        assert code in SCAN.codes, code
    assert ALIGNMENT in SCAN.codes


def test_the_scan_finds_a_code_planted_in_each_way(tmp_path):
    """The scan itself can fail: codes planted behind each kind of indirection are found."""
    (tmp_path / "planted.py").write_text(
        "TABLE = {'via-table': 1}\n"
        "def helper(mark, rule, message):\n    return Diagnostic(mark, rule, message)\n"
        "def pick(flag):\n    return ('via-return', 1) if flag else ('via-else', 2)\n"
        "def use(kind):\n"
        "    helper(1, 'via-helper', 'm')\n"
        "    code, n = pick(True)\n    Diagnostic(1, code, 'm')\n"
        "    if kind in TABLE:\n        rule, x = kind, 1\n        Diagnostic(1, rule=rule, message='m')\n"
        "    print(f'x: error[via-text]: y')\n"
        "    Diagnostic(1, kind.upper(), 'm')\n", encoding="utf-8")
    planted = Scan(tmp_path)
    assert {"via-table", "via-helper", "via-return", "via-else", "via-text"} <= set(planted.codes)
    assert len(planted.unresolved) == 1 and "kind.upper()" in planted.unresolved[0]


@pytest.mark.parametrize("code", CODES)
def test_every_code_the_package_emits_is_documented(code):
    assert code in DIAGNOSTIC_DOCS, f"{code} (written at {sorted(SCAN.codes[code])}) has no entry in DIAGNOSTIC_DOCS"


def test_no_doc_is_left_for_a_code_nobody_emits():
    assert sorted(set(DIAGNOSTIC_DOCS) - set(CODES)) == []


@pytest.mark.parametrize("rule", list(RULES.values()), ids=list(RULES))
def test_every_alignment_rule_explains_itself(rule):
    doc = rule.__doc__ or ""
    assert "Why it matters:" in doc and "How to fix:" in doc, rule.CODE


def test_every_doc_says_enough():
    for name, text in DIAGNOSTIC_DOCS.items():
        assert len(text) > 80 and text.rstrip().endswith((".", ")")), name


def test_names_and_anchors_are_unique():
    names = [e.name for e in explanations()]
    assert len(names) == len(set(names))
    assert not set(DIAGNOSTIC_DOCS) & {r.NAME for r in RULES.values()}


def test_the_docs_module_holds_only_string_constants():
    """DIAGNOSTIC_DOCS is data the scan and the page read: its keys are plain strings."""
    tree = ast.parse(Path(__import__("spm_site.diagnostic_docs").diagnostic_docs.__file__).read_text())
    table = next(n.value for n in tree.body if isinstance(n, ast.AnnAssign) and getattr(n.target, "id", "") == "DIAGNOSTIC_DOCS")
    assert all(isinstance(k, ast.Constant) and isinstance(k.value, str) for k in table.keys)


# --- spm-site explain and rules --------------------------------------------------------------------
@pytest.mark.parametrize("code", CODES)
def test_explain_answers_for_every_diagnostic(runner, code):
    result = runner.invoke(cli, ["explain", code])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{code}\n\n")
    assert " ".join(DIAGNOSTIC_DOCS[code].split()) in " ".join(result.stdout.split())
    assert result.stdout.rstrip().endswith(help_anchor(code))
    assert result.stderr == ""


@pytest.mark.parametrize("code", [*RULES, *(r.NAME for r in RULES.values())])
def test_explain_answers_for_every_rule_code_and_name(runner, code):
    result = runner.invoke(cli, ["explain", code])
    assert result.exit_code == 0
    rule = RULES.get(code) or next(r for r in RULES.values() if r.NAME == code)
    assert result.stdout.startswith(f"{rule.CODE} {rule.NAME} (default severity:")
    assert result.stdout.rstrip().endswith(f"In the handbook: reference/rules/{rule.CODE.lower()}/")


@pytest.mark.parametrize("typo, guess", [("unknown-refrence", "unknown-reference"), ("yaml-syntx", "yaml-syntax"),
                                         ("imposed-measures", "imposed-measure"), ("SPM1066", "SPM106")])
def test_explain_of_a_typo_is_a_usage_error_with_a_guess(runner, typo, guess):
    result = runner.invoke(cli, ["explain", typo])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"(did you mean '{guess}'?)" in result.stderr


def test_explain_of_nothing_alike_makes_no_guess(runner):
    result = runner.invoke(cli, ["explain", "zzzzzzzz"])
    assert result.exit_code == 2 and "did you mean" not in result.stderr and "rules --all" in result.stderr


def test_rules_all_lists_every_finding(runner):
    plain = runner.invoke(cli, ["rules"])
    every = runner.invoke(cli, ["rules", "--all"])
    assert plain.exit_code == every.exit_code == 0
    assert every.stdout.startswith(plain.stdout)
    listed = {line.split()[0] for line in every.stdout[len(plain.stdout):].splitlines()[2:]}
    assert listed == set(DIAGNOSTIC_DOCS)
    assert not any(code in plain.stdout for code in ("unknown-reference", "docs-collision"))


# --- streams ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["text", "json", "github", "markdown"])
@pytest.mark.parametrize("files, exit_code, summary", [
    (WARNING, 0, "Found 1 warning."), (ERROR, 1, "Found 1 error."), ({}, 0, "No problems found.")])
def test_findings_go_to_stdout_and_the_summary_to_stderr(runner, make_framework, fmt, files, exit_code, summary):
    result = runner.invoke(cli, ["check", str(make_framework(files)), "--format", fmt])
    assert result.exit_code == exit_code, result.output
    assert result.stderr == summary + "\n"
    out = result.stdout
    rule = "unknown-reference" if files is ERROR else "role-without-development" if files is WARNING else None
    if fmt == "json":
        found = json.loads(out)
        assert [d["rule"] for d in found] == ([rule] if rule else [])
    elif rule is None:
        assert out == ("" if fmt in ("text", "github") else "### spm-site check\n\nNo problems found. :white_check_mark:\n")
    else:
        assert rule in out
        assert (summary in out) == (fmt == "markdown")  # a PR comment keeps its own counts


def test_a_usage_error_goes_to_stderr(runner):
    result = runner.invoke(cli, ["check", "--format", "yaml"])
    assert result.exit_code == 2 and result.stdout == "" and "Invalid value" in result.stderr


def test_waived_findings_are_counted_on_stderr(runner, make_framework):
    role = WARNING["roles/account-executive.yml"] + "waivers:\n  - rule: SPM110\n    reason: Agreed in the 2026 planning round.\n"
    result = runner.invoke(cli, ["check", str(make_framework({"roles/account-executive.yml": role})), "--format", "json"])
    assert result.exit_code == 0, result.output
    [waived] = json.loads(result.stdout)  # listed, marked waived with its reason, and failing nothing
    assert waived["code"] == "SPM110" and waived["severity"] == "info"
    assert waived["waived"] == {"reason": "Agreed in the 2026 planning round.", "severity": "warning"}
    assert result.stderr == "No problems found. 1 finding waived with a reason.\n"


# --- help anchors, and the page that has them -------------------------------------------------------
def test_each_json_finding_names_its_explanation(runner, make_framework):
    found = []
    for files in (WARNING, {"values/courage.yml": "", "roles/x.YML": "a: 1\n"}):  # rules run on loaded files only
        found += json.loads(runner.invoke(cli, ["check", str(make_framework(files)), "--format", "json"]).stdout)
    assert {d["rule"] for d in found} == {"empty-file", "suffix-case", "role-without-development"}
    for d in found:
        assert d["help"] == f"reference/#diagnostic-{d['rule']}"
        # A rule's own page; any other finding's section of the reference page (relative: no site_url here).
        assert d["url"] == (f"reference/rules/{d['code'].lower()}/" if d["code"] else f"reference/#diagnostic-{d['rule']}")
        assert d["explain"] == f"spm-site explain {d['code'] or d['rule']}"
        assert runner.invoke(cli, d["explain"].split()[1:]).exit_code == 0


@pytest.fixture(scope="module")
def reference_html(tmp_path_factory) -> str:
    """The reference page of MINIMAL, built once with spm-site's default configuration."""
    from click.testing import CliRunner

    from conftest import write_framework

    tmp = tmp_path_factory.mktemp("reference")
    root = write_framework(tmp / "framework", MINIMAL)
    result = CliRunner().invoke(cli, ["build", str(root), "--site-dir", str(tmp / "site")])
    assert result.exit_code == 0, result.output
    return (tmp / "site" / REFERENCE_PAGE / "index.html").read_text(encoding="utf-8")


def test_every_help_anchor_exists_on_the_built_reference_page(reference_html):
    ids = set(re.findall(r'\bid="([^"]+)"', reference_html))
    for e in explanations():
        assert anchor(e.name) in ids, e.name
        assert help_anchor(e.name).split("#", 1) == [REFERENCE_PAGE, anchor(e.name)]


def test_the_reference_page_explains_each_finding(reference_html):
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", reference_html)).split())
    for name, doc in DIAGNOSTIC_DOCS.items():
        assert " ".join(doc.replace("`", "").split())[:60] in text, name
    for rule in RULES.values():  # each rule in brief, with a link to its own page, which explains it in full
        assert rule.NAME in text and f'href="rules/{rule.CODE.lower()}/"' in reference_html
    assert "Why it matters:" not in text


def test_explain_of_nothing_is_a_usage_error(runner):
    from spm_site.cli import cli

    result = runner.invoke(cli, ["explain", ""])
    assert result.exit_code == 2, result.output
