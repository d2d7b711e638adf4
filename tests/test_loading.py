"""Reading framework files: every mistake an author can make in YAML is reported, located, once.

Each test writes the tiny valid framework from `conftest.MINIMAL` with one file changed, runs
`spm-site check` and asserts exactly where the problem is reported (file, line, column) and under
which rule. An HR author fixing the handbook in a web editor relies on that position: it is the
only way to find a typo in a 300-line role file.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from pydantic import ValidationError

from conftest import MINIMAL
from spm_site.cli import cli
from spm_site.framework.loader import load_file
from spm_site.framework.locate import validation_diagnostics
from spm_site.framework.model import Flag, Node
from spm_site.pipeline import check_framework

# --- helpers ------------------------------------------------------------------------------------


def rel(file: str, root: Path) -> str:
    """A diagnostic's display path, relative to the framework folder (`roles/x.yml`)."""
    return Path(os.path.abspath(file)).relative_to(root).as_posix()


def check(runner, root: Path) -> list[tuple[str, int, int, str]]:
    """Run `spm-site check ROOT --format json`; expect exit 1, no crash; return (file, line, col, rule)."""
    result = runner.invoke(cli, ["check", str(root), "--format", "json"])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    return [(rel(d["file"], root), d["line"], d["column"], d["rule"]) for d in json.loads(result.stdout)]


def in_file(found: list[tuple[str, int, int, str]], path: str) -> list[tuple[str, int, int, str]]:
    """Only the findings in one file."""
    return [f for f in found if f[0] == path]


def messages(root: Path) -> list[str]:
    return [d.message for d in check_framework(root).diagnostics]


def position(text: str, needle: str) -> tuple[int, int]:
    """1-based (line, column) of the first `needle` in `text`, as an editor shows it."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def changed(path: str, old: str, new: str) -> str:
    """MINIMAL's file at `path` with `old` replaced (exactly once) by `new`."""
    text = MINIMAL[path]
    assert text.count(old) == 1, f"{old!r} must occur once in {path}"
    return text.replace(old, new)


# --- the baseline -------------------------------------------------------------------------------


def test_minimal_framework_passes(make_framework, runner):
    """The fixture every other test breaks must itself be clean, or no failure below means anything."""
    root = make_framework()
    result = runner.invoke(cli, ["check", str(root)])
    assert result.exit_code == 0, result.output
    assert "No problems found." in result.output
    assert check_framework(root).ok


# --- YAML that does not say what the author meant -------------------------------------------------


def test_duplicate_key(make_framework, runner):
    """YAML keeps only the last of two equal keys; the author's first text would vanish silently."""
    root = make_framework({"levels.yml": """\
levels:
  - id: l1
    name: Associate
    name: Junior
    summary: Learns the role with close support.
  - id: l2
    name: Senior
    summary: Works independently.
"""})
    assert check(runner, root) == [("levels.yml", 4, 5, "duplicate-key")]
    assert "first on line 3" in messages(root)[0]


def test_unknown_key_suggests_the_intended_one(make_framework, runner):
    """A misspelt optional key must not be dropped without a word: the horizon would just disappear."""
    root = make_framework({"objectives/grow-revenue.yml": """\
name: Grow new annual recurring revenue by 30%
description: More of the right customers choose us this year.
pillar: growth
owner: head-of-sales
horizn: FY2027
"""})
    assert check(runner, root) == [("objectives/grow-revenue.yml", 5, 1, "unknown-key")]
    assert "did you mean 'horizon'?" in messages(root)[0]


def test_list_where_text_is_expected(make_framework, runner):
    """Turning a name into bullet points is easy to do by accident in an editor."""
    root = make_framework({"objectives/grow-revenue.yml": """\
name:
  - Grow new revenue
  - by 30%
description: More of the right customers choose us this year.
pillar: growth
owner: head-of-sales
"""})
    assert check(runner, root) == [("objectives/grow-revenue.yml", 2, 3, "wrong-type")]
    assert "should be text, not a list" in messages(root)[0]


def test_text_where_a_list_is_expected(make_framework, runner):
    """A single sentence where a list belongs is reported at the sentence, with how to write a list."""
    root = make_framework({"functions/marketing.yml": """\
name: Marketing
purpose: Fill the pipeline with well-qualified leads.
leader: head-of-sales
accountabilities: Qualified demand for the sales team.
"""})
    assert check(runner, root) == [("functions/marketing.yml", 4, 19, "wrong-type")]
    assert "should be a list" in messages(root)[0]


@pytest.mark.parametrize("word", ["no", "No", "on", "off", "yes", "y", "true"])
def test_yaml_1_1_words_stay_text(make_framework, word):
    """`unit: no` (short for 'number') must not turn into False, as plain YAML 1.1 would do."""
    root = make_framework({"measures/sales.yml": changed("measures/sales.yml", "unit: leads per month", f"unit: {word}")})
    result = check_framework(root)
    assert result.ok, result.diagnostics
    assert result.framework.measures["qualified-leads"].unit == word


@pytest.mark.parametrize("written", ["010", "1.10", "2027", "0x1F", "1e3", "12:30"])
def test_number_like_text_stays_exactly_as_written(make_framework, written):
    """An edition called `1.10` must not be shown as 1.1, nor `010` as 8 (octal)."""
    org = changed("organisation.yml", 'edition: "2027"', f"edition: {written}")
    result = check_framework(make_framework({"organisation.yml": org}))
    assert result.ok, result.diagnostics
    assert result.framework.organisation.commitment.edition == written


class _Toggle(Node):
    """A stand-in for a future yes/no field: the model has no boolean field yet."""

    enabled: Flag


@pytest.mark.parametrize(("written", "expected"), [("true", True), ("false", False), ("True", True), ("FALSE", False)])
def test_flag_accepts_only_true_and_false(tmp_path, written, expected):
    """Booleans are spelt `true` / `false` (or `True`, `FALSE`, as YAML 1.2 allows); nothing else is a yes/no."""
    path = tmp_path / "toggle.yml"
    path.write_text(f"enabled: {written}\n")
    source, problems = load_file(path, "toggle.yml")
    assert problems == []
    assert _Toggle.model_validate(source.data).enabled is expected


@pytest.mark.parametrize("written", ["yes", "no", "on", "off", "tRUE", "1", "y"])
def test_flag_refuses_yaml_1_1_booleans(tmp_path, written):
    """`yes`/`on` are booleans in YAML 1.1 but text in YAML 1.2: refuse them, located, rather than guess."""
    path = tmp_path / "toggle.yml"
    path.write_text(f"# a comment line first\nenabled: {written}\n")
    source, _ = load_file(path, "toggle.yml")
    with pytest.raises(ValidationError) as exc:
        _Toggle.model_validate(source.data)
    [d] = validation_diagnostics(exc.value, source.data, _Toggle)
    assert (d.location.file, d.location.line, d.location.col, d.rule) == ("toggle.yml", 2, 10, "not-a-boolean")
    assert "true or false" in d.hint


def test_leading_zero_in_a_number_field(make_framework, runner):
    """`weight: 050` is 50, as YAML 1.2 and so the editor read it (YAML 1.1 would make it octal 40)."""
    role = changed("roles/account-executive.yml", "weight: 50\n  - measure: qualified-leads", "weight: 050\n  - measure: qualified-leads")
    root = make_framework({"roles/account-executive.yml": role})
    result = check_framework(root)
    assert result.diagnostics == []
    [_, leads] = result.framework.roles["account-executive"].measures
    assert leads.weight == 50


def test_impossible_date(make_framework, runner):
    """30 February looks like a date; it must be caught before it reaches a 'last reviewed' badge."""
    root = make_framework({"objectives/win-new-logos.yml": """\
name: Win 120 new customers
description: New logos in our core segment, closed and live.
pillar: growth
parent: grow-revenue
owner: account-executive
last_reviewed: 2026-02-30
"""})
    assert check(runner, root) == [("objectives/win-new-logos.yml", 6, 16, "invalid-date")]
    assert "not a date that exists in the calendar" in messages(root)[0]


# --- YAML features spm-site refuses, and files that are not YAML mappings -------------------------


def test_anchors_and_aliases_are_refused(make_framework, runner):
    """`*junior` makes a reader hunt for `&junior` elsewhere; each file must read on its own."""
    root = make_framework({"values/customer-first.yml": """\
name: Customer first
statement: &why We do what is right for the customer.
behaviours:
  - id: listen-first
    looks_like: *why
"""})
    assert check(runner, root) == [
        ("values/customer-first.yml", 2, 12, "anchor-alias"),
        ("values/customer-first.yml", 5, 17, "anchor-alias"),
    ]


def test_alias_bomb_is_refused_quickly(make_framework, runner):
    """A few hundred bytes of nested aliases ('billion laughs') must not expand into gigabytes."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb = "\n".join(lines) + "\n"
    assert len(bomb) < 600
    root = make_framework({"values/lol.yml": bomb})
    started = time.monotonic()
    found = check(runner, root)
    assert time.monotonic() - started < 5
    assert {rule for _, _, _, rule in found} == {"anchor-alias"}
    assert found[0] == ("values/lol.yml", 1, 4, "anchor-alias")


@pytest.mark.parametrize("content", ["", "\n\n", "# to be written\n"], ids=["empty", "blank-lines", "comment-only"])
def test_empty_file(make_framework, runner, content):
    """An empty file is usually a save that went wrong; say so instead of 'missing key name'."""
    root = make_framework({"values/courage.yml": content})
    assert check(runner, root) == [("values/courage.yml", 1, 1, "empty-file")]


def test_top_level_list(make_framework, runner):
    """A file must hold keys and values at the top, not a bare list."""
    root = make_framework({"values/courage.yml": "- name: Courage\n- statement: We say what we think.\n"})
    assert check(runner, root) == [("values/courage.yml", 1, 1, "not-a-mapping")]


def test_missing_space_after_colon(make_framework):
    """`title:Lead` is one piece of text to YAML; the hint must point at the missing space."""
    root = make_framework({"roles/team-lead.yml": "title:Lead\n"})
    [d] = check_framework(root).diagnostics
    assert (rel(d.location.file, root), d.location.line, d.location.col, d.rule) == ("roles/team-lead.yml", 1, 1, "not-a-mapping")
    assert "space after each colon" in d.hint


def test_tab_indentation(make_framework, runner):
    """Web editors insert tabs; YAML forbids them in indentation and the raw error is cryptic."""
    root = make_framework({"levels.yml": "levels:\n  - id: l1\n    name: Associate\n\tsummary: Learns the role.\n"})
    assert in_file(check(runner, root), "levels.yml") == [("levels.yml", 4, 1, "tab")]


def test_not_utf8(make_framework, runner):
    """A file saved as Latin-1 (é as byte 0xE9) is reported at the byte, not as a crash."""
    org = MINIMAL["organisation.yml"].replace("Acme Field Services", "Acme Caf\xe9").encode("latin-1")
    root = make_framework({"organisation.yml": org})
    assert in_file(check(runner, root), "organisation.yml") == [("organisation.yml", 1, 15, "encoding")]


@pytest.mark.parametrize(("content", "line", "col"), [
    ("name: Crème brûlée ".encode() + b"\xe9\n", 1, 20),            # 3 accented letters, 2 bytes each
    (b"\xef\xbb\xbfname: Caf\xe9\n", 1, 10),                        # a byte-order mark, invisible in editors
    (b"name: Courage\nstatement: We say it\x92s hard.\n", 2, 21),   # a Windows-1252 apostrophe
], ids=["after-accents", "after-bom", "second-line"])
def test_not_utf8_column_counts_characters(make_framework, runner, content, line, col):
    """Columns count characters as an editor does, not bytes, even after valid accented letters."""
    root = make_framework({"values/courage.yml": content})
    assert check(runner, root) == [("values/courage.yml", line, col, "encoding")]


def test_comment_cuts_value(make_framework, runner):
    """`Lead #1 priority` loads as 'Lead': ' #' starts a YAML comment. Point at the '#'."""
    org = changed("organisation.yml", "mission: Help small trades run every job without the paperwork.",
                  "mission: Lead #1 priority")
    root = make_framework({"organisation.yml": org})
    line, col = position(org, "#1")
    assert check(runner, root) == [("organisation.yml", line, col, "comment-cuts-value")]
    assert "'Lead'" in messages(root)[0]


# --- ids and references -------------------------------------------------------------------------


def test_unknown_reference_suggests_close_id(make_framework, runner):
    """A typo in an id breaks a link on the site; point at it and suggest the id that exists."""
    role = changed("roles/account-executive.yml", "- measure: win-rate", "- measure: win-rat")
    root = make_framework({"roles/account-executive.yml": role})
    line, col = position(role, "win-rat")
    assert check(runner, root) == [("roles/account-executive.yml", line, col, "unknown-reference")]
    assert "did you mean 'win-rate'?" in messages(root)[0]


def test_same_measure_id_twice_in_one_file(make_framework, runner):
    """Two measures with one id: every link would go to only one of them."""
    text = MINIMAL["measures/sales.yml"] + """\
  - id: win-rate
    name: Win rate (again)
    unit: "%"
    direction: higher
    owner: sales
    kind: effectiveness
    timing: lagging
    definition: Deals won, counted again.
"""
    root = make_framework({"measures/sales.yml": text})
    line, col = position(text, "win-rate\n    name: Win rate (again)")
    assert check(runner, root) == [("measures/sales.yml", line, col, "duplicate-id")]
    assert f"measures/sales.yml:{position(text, 'win-rate')[0]}" in messages(root)[0]


def test_same_measure_id_in_two_files(make_framework, runner):
    """Measure ids are shared by all measure files; the later file's copy is reported."""
    root = make_framework({"measures/team.yml": """\
measures:
  - id: win-rate
    name: Team win rate
    unit: "%"
    direction: higher
    owner: sales
    kind: effectiveness
    timing: lagging
    definition: Deals the team won.
"""})
    assert check(runner, root) == [("measures/team.yml", 2, 9, "duplicate-id")]
    assert "measures/sales.yml:2" in messages(root)[0]


def test_objective_parent_cycle(make_framework, runner):
    """Objectives that are each other's parent can never roll up to a pillar; reported once."""
    parent_of_root = MINIMAL["objectives/grow-revenue.yml"] + "parent: win-new-logos\n"
    root = make_framework({"objectives/grow-revenue.yml": parent_of_root})
    line, col = position(parent_of_root, "win-new-logos")
    assert check(runner, root) == [("objectives/grow-revenue.yml", line, col, "cycle")]
    assert "grow-revenue → win-new-logos → grow-revenue" in messages(root)[0]


def test_objective_that_is_its_own_parent(make_framework, runner):
    """The shortest circle: an objective that contributes to itself."""
    text = MINIMAL["objectives/grow-revenue.yml"] + "parent: grow-revenue\n"
    root = make_framework({"objectives/grow-revenue.yml": text})
    assert check(runner, root) == [("objectives/grow-revenue.yml", 6, 9, "cycle")]


def test_unreadable_one_item_file_does_not_cascade(make_framework, runner):
    """A role file with a syntax error is reported once, not again at every reference to that role."""
    root = make_framework({"roles/account-executive.yml": "name: Account executive\nfunction:\tsales\n  bad: indent\n"})
    found = check(runner, root)
    assert {f for f, *_ in found} == {"roles/account-executive.yml"}, found


@pytest.mark.parametrize(("path", "content", "expected"), [
    ("levels.yml", "levels:\n\t- id: l1\n", ("levels.yml", 2, 1, "tab")),
    ("organisation.yml", b"name: Acme Caf\xe9\n", ("organisation.yml", 1, 15, "encoding")),
], ids=["tab-in-levels", "latin1-organisation"])
def test_unreadable_single_file_does_not_cascade(make_framework, runner, path, content, expected):
    """A tab in levels.yml should not also produce 'level l1 does not exist' in every role."""
    root = make_framework({path: content})
    assert check(runner, root) == [expected]


# --- files in the wrong place ---------------------------------------------------------------------


@pytest.mark.parametrize("path", ["role/sales-rep.yml", "teams.yml", "roles.yml", "notes/todo.yaml"])
def test_unknown_file(make_framework, runner, path):
    """A file in a misspelt folder would silently never appear on the site."""
    root = make_framework({path: "name: Sales rep\n"})
    assert check(runner, root) == [(path, 1, 1, "unknown-file")]


def test_non_yaml_files_are_ignored(make_framework):
    """READMEs and images next to the YAML are not the framework's business."""
    root = make_framework({"README.md": "# Our framework\n", "roles/notes.txt": "to do\n"})
    assert check_framework(root).ok


def test_missing_organisation(make_framework):
    """Without organisation.yml there is no name, mission or strategy to hang the handbook on."""
    root = make_framework({"organisation.yml": None})
    found = [(rel(d.location.file, root), d.location.line, d.location.col, d.rule) for d in check_framework(root).diagnostics]
    assert ("organisation.yml", 1, 1, "missing-file") in found


def test_missing_framework_folder(tmp_path, runner):
    """A wrong folder name on the command line is a content error with a clear message, not a crash."""
    result = runner.invoke(cli, ["check", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "missing-file" in result.output
    assert "Traceback" not in result.output


# --- one run, every problem -----------------------------------------------------------------------


def test_all_errors_in_all_files_in_one_run(make_framework, runner):
    """Fixing one error per CI run is miserable: every file's problems come at once, in order."""
    role = changed("roles/account-executive.yml", "- measure: win-rate", "- measure: win-rat")
    root = make_framework({
        "roles/account-executive.yml": role,
        "levels.yml": MINIMAL["levels.yml"].replace("    name: Senior\n", "    name: Senior\n    name: Lead\n"),
        "objectives/grow-revenue.yml": MINIMAL["objectives/grow-revenue.yml"] + "horizn: FY2028\nlast_reviewed: 2026-13-01\n",
        "values/courage.yml": "",
        "functions/marketing.yml": MINIMAL["functions/marketing.yml"].replace("leader: head-of-sales", "leader: head-of-sale"),
    })
    found = check(runner, root)
    assert found == [
        ("functions/marketing.yml", 3, 9, "unknown-reference"),
        ("levels.yml", 7, 5, "duplicate-key"),
        ("objectives/grow-revenue.yml", 6, 1, "unknown-key"),
        ("objectives/grow-revenue.yml", 7, 16, "invalid-date"),
        ("roles/account-executive.yml", *position(role, "win-rat"), "unknown-reference"),
        ("values/courage.yml", 1, 1, "empty-file"),
    ]


# --- output formats and exit codes -----------------------------------------------------------------


def test_json_output_shape(make_framework, runner):
    """Editors and CI annotate files from the JSON: it must be a list of flat, located findings."""
    root = make_framework({"values/courage.yml": ""})
    result = runner.invoke(cli, ["check", str(root), "--format", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    assert isinstance(findings, list) and findings
    for finding in findings:
        assert {"file", "line", "column", "rule", "severity", "message"} <= finding.keys()
        assert isinstance(finding["line"], int) and isinstance(finding["column"], int)
        assert finding["severity"] == "error"


def test_json_output_when_clean(make_framework, runner):
    """A clean framework gives an empty JSON list, and exit 0."""
    result = runner.invoke(cli, ["check", str(make_framework()), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_text_output_is_linter_style(make_framework, runner):
    """`path:line:col: error[rule]: message` is what editors and CI logs turn into clickable links."""
    root = make_framework({"values/courage.yml": ""})
    result = runner.invoke(cli, ["check", str(root)])
    assert result.exit_code == 1
    first = result.stdout.splitlines()[0]
    assert first.endswith("values/courage.yml:1:1: error[empty-file]: the file is empty")
    assert "Found 1 error." in result.stderr


def test_usage_error_exits_2(runner, make_framework):
    """A mistyped option is the caller's mistake, not the framework's: exit 2, not 1."""
    result = runner.invoke(cli, ["check", str(make_framework()), "--format", "xml"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("content", "expected"), [
    pytest.param(b'name: "a\x07b"\n', (1, 9, "bad-character"), id="control-character"),
    pytest.param(b"name: a\x00b\n", (1, 8, "bad-character"), id="nul-byte"),
    pytest.param(b"name: a\n---\nname: b\n", (2, 1, "yaml-syntax"), id="two-documents"),
    pytest.param(b"name: " + b"[" * 3000 + b"]" * 3000 + b"\n", (1, 1006, "yaml-syntax"), id="deep-nesting"),
])
def test_unreadable_bytes_are_located_not_a_crash(runner, make_framework, content, expected):
    """Text pasted from other programs brings invisible characters; none of it may crash the check."""
    root = make_framework({"values/pasted.yml": content})
    assert in_file(check(runner, root), "values/pasted.yml") == [("values/pasted.yml", *expected)]


def test_a_file_that_cannot_be_read_is_reported(runner, make_framework, monkeypatch):
    """Permissions or a file system error: reported on that file, the others still checked."""
    root = make_framework()
    real = os.open

    def refuse(path, flags, *args):  # noqa: ANN001, ANN002 - os.open's signature
        if os.fspath(path).endswith("customer-first.yml"):
            raise PermissionError(13, "Permission denied")
        return real(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse)
    assert check(runner, root) == [("values/customer-first.yml", 1, 1, "unreadable-file")]
