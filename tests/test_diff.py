"""The semantic diff on real git repositories: what changed, for whom, read from git objects.

Each test commits the sample framework, changes it as HR would in a pull request, and compares
the two commits (or a commit and the working tree) through `spm-site diff`. Issue 9, part 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from spm_site.changes.diff import diff_frameworks, list_changes
from spm_site.changes.revision import RevisionError, check_revision, check_side
from spm_site.changes.wording import bar, describe, number, summary
from spm_site.cli import cli
from spm_site.pipeline import check_framework

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "framework"
CLINIC = REPO / "tests/fixtures/clinic"
GIT_ENV = {"GIT_AUTHOR_NAME": "HR", "GIT_AUTHOR_EMAIL": "hr@example.com", "GIT_COMMITTER_NAME": "HR",
           "GIT_COMMITTER_EMAIL": "hr@example.com", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
                          env={**os.environ, **GIT_ENV})
    return done.stdout


class Repo:
    """A git repository in a tmp folder holding a copy of the sample framework, committed as `base`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(SAMPLE, root / "framework")
        git(root, "init", "-q", "-b", "main")
        self.commit("base")
        git(root, "tag", "base")

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / "framework" / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {rel}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    def commit(self, message: str) -> None:
        git(self.root, "add", "-A")
        git(self.root, "commit", "-q", "--allow-empty", "-m", message)


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Repo:
    made = Repo(tmp_path / "hr")
    monkeypatch.chdir(made.root)
    return made


def run_diff(runner, *args: str):
    return runner.invoke(cli, ["diff", *args])


# --- the pull-request summary, exactly -----------------------------------------------------------


def test_a_target_change_reads_as_a_higher_bar_at_its_level(repo, runner):
    repo.edit("roles/account-executive.yml", "      - measure: win-rate\n        target: 26\n",
              "      - measure: win-rate\n        target: 28\n")
    repo.commit("Raise the professional win-rate target")
    result = run_diff(runner, "base", "HEAD", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout == """\
### What changed, for whom

**1 role changes, no one loses line of sight.**

From base to HEAD.

#### Sales

##### Account executive

- Win rate at Professional: 26% → 28%, a higher bar
"""


#: The editions branch adds `previous_ids`, the audience branch `visibility`: the diff honours both once merged.
#: What the rename sentence suggests where the model has `previous_ids`.
KEEP_LINKS = "; add account-manager to its previous\\_ids so that links to its old page still lead here"


def test_a_renamed_role_is_one_rename_and_its_references_move_with_it(repo, runner):
    old = repo.root / "framework/roles/account-manager.yml"
    old.rename(old.with_name("key-account-manager.yml"))
    moved = [p for p in sorted((repo.root / "framework").rglob("*.yml")) if "account-manager\n" in p.read_text()]
    for path in moved:  # whoever reported to, or was led by, the old id now names the new one
        path.write_text(path.read_text().replace("account-manager\n", "key-account-manager\n"))
    repo.commit("Rename account manager's id")
    result = run_diff(runner, "base", "HEAD", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"""\
### What changed, for whom

**1 role changes, no one loses line of sight.**

From base to HEAD.

#### Customer Success

##### Account manager

- Role Account manager has a new id: account-manager → key-account-manager\
{KEEP_LINKS}
"""


def test_a_redefined_measure_lists_every_role_held_to_it(repo, runner):
    repo.edit("measures/conversion.yml", "counted in business hours.", "counted in calendar hours.")
    repo.edit("measures/conversion.yml", "    direction: lower\n    target: 4\n", "    direction: lower\n    target: 3\n")
    repo.commit("Count lead response in calendar hours, and expect it sooner")
    result = run_diff(runner, "base", "HEAD", "--format", "markdown")
    assert result.exit_code == 0, result.output
    redefined = ("Lead response time is redefined (definition): “How quickly an inbound lead is first contacted by a "
                 "person after it is routed to sales development, counted in business hours.” → “How quickly an "
                 "inbound lead is first contacted by a person after it is routed to sales development, counted in "
                 "calendar hours.”")
    assert result.stdout == f"""\
### What changed, for whom

**2 roles change, 1 measure is redefined, no one loses line of sight.**

From base to HEAD.

#### Marketing

##### Marketing operations manager

- {redefined}
- Lead response time at Senior: 4 hours → 3 hours, a higher bar

#### Sales

##### Sales development representative

- {redefined}

#### Across the organisation

- {redefined} (affects Marketing operations manager, Sales development representative)
- Default target of Lead response time: 4 hours → 3 hours, a higher bar (affects Marketing operations manager)
"""


def test_a_removed_objective_lists_who_loses_line_of_sight(repo, runner):
    (repo.root / "framework/objectives/healthy-cash.yml").unlink()
    repo.edit("measures/finance.yml", "    objectives:\n      - healthy-cash\n", "    objectives:\n      - profitable-growth\n")
    repo.edit("measures/finance.yml", "      - profitable-growth\n      - healthy-cash\n", "      - profitable-growth\n")
    repo.edit("functions/finance.yml", "    objectives:\n      - healthy-cash\n", "    objectives:\n      - profitable-growth\n")
    repo.commit("Fold healthy cash into profitable growth")
    result = run_diff(runner, "base", "HEAD", "--format", "markdown")
    assert result.exit_code == 0, result.output
    cash, growth = "Collect cash within 38 days of invoice", "Recover acquisition costs within 18 months"
    assert result.stdout == f"""\
### What changed, for whom

**2 roles change, 2 roles lose line of sight.**

From base to HEAD.

#### Finance

- Finance's accountability “Invoice accurately and collect cash on time.” serves {growth} (it served {cash})

##### Chief financial officer

- Objective removed: {cash}; Days sales outstanding, Month-end close time no longer show progress on it
- Days sales outstanding now shows progress on {growth} and no longer on {cash}
- Loses line of sight to {cash}

##### Finance business partner

- Objective removed: {cash}; Days sales outstanding, Month-end close time no longer show progress on it
- Days sales outstanding now shows progress on {growth} and no longer on {cash}
- Month-end close time no longer shows progress on {cash}
- Loses line of sight to {cash}

#### Across the organisation

- Objective removed: {cash}; Days sales outstanding, Month-end close time no longer show progress on it \
(affects Chief financial officer, Finance business partner)
- Days sales outstanding now shows progress on {growth} and no longer on {cash} \
(affects Chief financial officer, Finance business partner)
- Month-end close time no longer shows progress on {cash} (affects Finance business partner)
"""


# --- sides ----------------------------------------------------------------------------------


def test_the_working_tree_is_the_default_head(repo, runner):
    repo.edit("roles/account-executive.yml", "      - measure: win-rate\n        target: 26\n",
              "      - measure: win-rate\n        target: 24\n")
    result = run_diff(runner, "base", "--format", "text")
    assert result.exit_code == 0, result.output
    assert "Changes from base to the working tree: 1 role changes" in result.stdout
    assert "    - Win rate at Professional: 26% → 24%, a lower bar" in result.stdout


def test_nothing_changed_exits_0_and_says_so(repo, runner):
    result = run_diff(runner, "base", "HEAD", "--format", "markdown")
    assert result.exit_code == 0
    assert "**Nothing changes for anyone.**" in result.stdout


def test_a_revision_that_does_not_parse_gives_its_located_errors(repo, runner):
    (repo.root / "framework/roles/broken.yml").write_text("name: [\n")
    repo.commit("A broken role")
    git(repo.root, "tag", "broken")
    (repo.root / "framework/roles/broken.yml").unlink()
    result = run_diff(runner, "broken")
    assert result.exit_code == 1
    assert "broken:framework/roles/broken.yml:2:1: error[yaml-syntax]" in result.stdout
    assert "broken has 1 error: fix them to compare it." in result.stderr
    checked = check_revision(repo.root, "broken", repo.root / "framework")
    assert not checked.ok and [str(d.location) for d in checked.diagnostics] == ["broken:framework/roles/broken.yml:2:1"]


def add_settings(repo: Repo, text: str) -> int:
    """Add `text` to the framework's spm.yml (the sample may have one); the line it starts on."""
    path = repo.root / "framework/spm.yml"
    before = path.read_text() if path.is_file() else ""
    path.write_text(before + text)
    return before.count("\n") + 1


def test_a_revision_reads_its_own_spm_yml(repo):
    first = add_settings(repo, "rules:\n  SPM110: off\n  nonsense: error\n")
    repo.commit("Settings with a mistake")
    checked = check_revision(repo.root, "HEAD", repo.root / "framework")
    assert [(str(d.location), d.rule) for d in checked.diagnostics] == [(f"HEAD:framework/spm.yml:{first + 2}:3", "bad-setting")]


def test_a_revision_is_read_from_git_not_from_the_working_tree(repo):
    (repo.root / "framework/roles/account-executive.yml").write_text("not: [valid\n")
    assert not check_framework(repo.root / "framework").ok
    assert check_revision(repo.root, "base", repo.root / "framework").ok


@pytest.mark.parametrize(("args", "message"), [
    (["no-such-revision"], "'no-such-revision' is neither a folder nor a revision of the git repository"),
    (["base", "--format", "yaml"], "Invalid value for '--format'"),
    ([], "Missing argument 'BASE'"),
], ids=["unknown revision", "unknown format", "no base"])
def test_usage_errors_exit_2(repo, runner, args, message):
    result = run_diff(runner, *args)
    assert result.exit_code == 2
    assert message in result.output


def test_outside_a_repository_a_revision_is_a_usage_error(tmp_path, runner, monkeypatch):
    shutil.copytree(SAMPLE, tmp_path / "framework")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = run_diff(runner, "main")
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.output
    with pytest.raises(RevisionError):
        check_side("main", tmp_path / "framework")


# --- two unrelated frameworks ---------------------------------------------------------------


def test_the_sample_against_the_clinic_is_coherent_and_deterministic():
    base, head = check_framework(SAMPLE), check_framework(CLINIC)
    first, second = diff_frameworks(base, head), diff_frameworks(check_framework(SAMPLE), check_framework(CLINIC))
    assert first.changes == second.changes and first.changes
    old_roles, new_roles = set(base.framework.roles), set(head.framework.roles)
    for change in first.changes:
        assert set(change.affects) <= old_roles | new_roles, change
        if change.aspect == "added":
            assert change.item_id not in _ids(base.framework, change.scope), change
        if change.aspect == "removed":
            assert change.item_id not in _ids(head.framework, change.scope), change
        assert describe(change, first.base, first.head)
    removed = {c.item_id for c in first.changes if c.scope == "role" and c.aspect == "removed"}
    added = {c.item_id for c in first.changes if c.scope == "role" and c.aspect == "added"}
    renamed = {c.old for c in first.changes if c.scope == "role" and c.aspect == "renamed"}
    assert removed | renamed == old_roles - new_roles
    assert added | {first.renames.get(("role", r)) for r in renamed} == new_roles - old_roles
    assert summary(first) == summary(second)


def _ids(fw, scope: str) -> set[str]:
    collection = {"feedback rhythm": "rhythms", "principle": "principles"}.get(scope, scope + "s")
    items = getattr(fw, collection)
    return {p.id for p in items} if isinstance(items, list) else set(items)


def test_the_report_is_byte_identical_run_after_run(repo, runner):
    repo.edit("roles/account-executive.yml", "  - measure: win-rate\n    weight: 20\n", "  - measure: win-rate\n    weight: 25\n")
    repo.edit("roles/account-executive.yml", "  - measure: new-arr-booked\n    target: 400000\n    weight: 35\n",
              "  - measure: new-arr-booked\n    target: 400000\n    weight: 30\n")
    repo.commit("Weigh effectiveness more")
    outputs = {run_diff(runner, "base", "HEAD", "--format", fmt).stdout for fmt in ("json", "json")}
    assert len(outputs) == 1
    assert "Weight of Win rate: 20% → 25%" in outputs.pop()


# --- wording ----------------------------------------------------------------------------------


def test_numbers_carry_their_unit_and_the_bar_follows_the_direction():
    assert number(26.0, "%") == "26%"
    # As the pages write them (framework/numbers.py): the currency's symbol, and a million in short.
    assert number(1200000.0, "GBP") == "£1.2M"
    assert number(1234567.0, "GBP") == "£1,234,567"
    assert number(12.0, "calls", period="week") == "12 calls a week"
    assert number(2.5, "hours") == "2.5 hours"
    assert number(None, "%") == "not set"
    assert bar(26, 28, "higher") == ", a higher bar"
    assert bar(4, 3, "lower") == ", a higher bar"
    assert bar(4, 5, "lower") == ", a lower bar"
    assert bar(None, 5, "lower") == ""


def test_a_close_rewording_is_paired_and_a_new_text_is_not():
    old = ["Forecasts within 10% of actual in most quarters.", "Runs a clean discovery call."]
    new = ["Forecasts within 5% of actual in most quarters.", "Coaches one newer colleague."]
    assert list_changes(old, new) == [
        ("Forecasts within 10% of actual in most quarters.", "Forecasts within 5% of actual in most quarters."),
        ("Runs a clean discovery call.", None),
        (None, "Coaches one newer colleague."),
    ]


def test_a_renamed_objective_is_one_rename_and_its_measures_do_not_change(repo):
    old = repo.root / "framework/objectives/healthy-cash.yml"
    old.rename(old.with_name("cash-in-38-days.yml"))
    for rel in ("measures/finance.yml", "functions/finance.yml"):
        path = repo.root / "framework" / rel
        path.write_text(path.read_text().replace("- healthy-cash\n", "- cash-in-38-days\n"))
    found = diff_frameworks(check_revision(repo.root, "base", repo.root / "framework"), check_framework(repo.root / "framework"))
    assert found.renames == {("objective", "healthy-cash"): "cash-in-38-days"}
    assert [(c.scope, c.aspect, c.old, c.new) for c in found.changes] == [
        ("objective", "renamed", "healthy-cash", "cash-in-38-days")]
    assert found.changes[0].affects == ("chief-financial-officer", "finance-business-partner")
    assert found.lost_sight == {}


def test_a_role_moving_function_and_manager_says_both(repo):
    repo.edit("roles/account-executive.yml", "function: sales\nreports_to: sales-manager\n",
              "function: revenue-operations\nreports_to: revenue-operations-manager\n")
    found = diff_frameworks(check_revision(repo.root, "base", repo.root / "framework"), check_framework(repo.root / "framework"))
    said = [describe(c, found.base, found.head) for c in found.changes]
    assert said == ["Function: Sales → Revenue Operations", "Reports to: Sales manager → Revenue operations manager"]
    assert found.for_role("account-executive") == found.changes


def test_a_measure_counted_differently_is_redefined_for_its_roles(repo):
    repo.edit("measures/conversion.yml", "    unit: hours\n    direction: lower\n", "    unit: minutes\n    direction: higher\n")
    found = diff_frameworks(check_revision(repo.root, "base", repo.root / "framework"), check_framework(repo.root / "framework"))
    said = {describe(c, found.base, found.head): c.affects for c in found.changes}
    assert said == {
        "Lead response time is now counted in minutes (it was hours)":
            ("marketing-operations-manager", "sales-development-representative"),
        "Lead response time now counts higher as better (it was lower)":
            ("marketing-operations-manager", "sales-development-representative"),
    }
    assert summary(found) == "2 roles change, 1 measure is redefined, no one loses line of sight."


# --- reading a revision as a folder is read ------------------------------------------------------


def test_a_revision_gives_the_same_findings_as_its_checkout(repo):
    repo.edit("roles/account-executive.yml", "development:\n", "unused: true\ndevelopment:\n")
    (repo.root / "framework/notes.txt").write_text("not the framework's business\n")
    (repo.root / "framework/roles/.hidden.yml").write_text("name: [\n")
    repo.commit("An unknown key, a note, a hidden YAML file")
    from_git = check_revision(repo.root, "HEAD", repo.root / "framework")
    from_files = check_framework(Path("framework"))
    assert [(d.location.file.removeprefix("HEAD:"), d.location.line, d.rule, d.message) for d in from_git.diagnostics] == \
        [(d.location.file, d.location.line, d.rule, d.message) for d in from_files.diagnostics]
    assert from_git.diagnostics and not from_git.ok


def test_a_link_in_a_revision_is_reported_and_not_followed(repo):
    (repo.root / "framework/roles/alias.yml").symlink_to("account-executive.yml")
    repo.commit("A link")
    found = check_revision(repo.root, "HEAD", repo.root / "framework")
    assert [(str(d.location), d.rule) for d in found.diagnostics] == [("HEAD:framework/roles/alias.yml:1:1", "symlink")]


def test_a_file_over_the_revisions_own_limit_is_refused(repo):
    add_settings(repo, "limits:\n  max_file_kb: 16\n")
    path = repo.root / "framework/roles/account-executive.yml"
    path.write_text(path.read_text() + "# padding\n" * 2000)
    repo.commit("A large role")
    found = check_revision(repo.root, "HEAD", repo.root / "framework")
    assert [(str(d.location), d.rule) for d in found.diagnostics] == [
        ("HEAD:framework/roles/account-executive.yml:1:1", "file-too-large")]
    assert "the limit for one framework file is 16 KiB" in found.diagnostics[0].message


def test_a_revision_without_the_framework_folder_says_so(repo):
    git(repo.root, "checkout", "-q", "--orphan", "empty")
    git(repo.root, "rm", "-rq", "--cached", ".")
    (repo.root / "README.md").write_text("nothing yet\n")
    git(repo.root, "add", "README.md")
    git(repo.root, "commit", "-q", "-m", "Before the framework")
    found = check_revision(repo.root, "empty", repo.root / "framework")
    assert [(str(d.location), d.rule, d.message) for d in found.diagnostics] == [
        ("empty:framework:1:1", "missing-file", "the framework folder 'framework' does not exist at empty")]


def test_previous_ids_keep_a_rename_whose_content_changed_too(repo):
    old = repo.root / "framework/roles/account-manager.yml"
    text = old.read_text().replace("name: Account manager\n", "name: Key account manager\nprevious_ids: [account-manager]\n")
    old.unlink()
    (repo.root / "framework/roles/key-account-manager.yml").write_text(text)
    found = diff_frameworks(check_revision(repo.root, "base", repo.root / "framework"), check_framework(repo.root / "framework"))
    assert found.renames == {("role", "account-manager"): "key-account-manager"}
    said = [describe(c, found.base, found.head) for c in found.changes]
    assert said == ["Role Key account manager has a new id: account-manager → key-account-manager",
                    "Name: “Account manager” → “Key account manager”"]


def test_a_change_of_visibility_is_said_in_words(repo):
    repo.edit("measures/conversion.yml", "    name: Win rate\n", "    name: Win rate\n    visibility: public\n")
    found = diff_frameworks(check_revision(repo.root, "base", repo.root / "framework"), check_framework(repo.root / "framework"))
    visibility = [c for c in found.changes if c.aspect == "visibility"]
    assert [describe(c, found.base, found.head) for c in visibility] == ["Measure Win rate becomes public"]


def test_a_new_abbreviation_is_in_the_diff(repo, runner):
    repo.edit("measures/customer.yml", "abbreviations: [NRR]", "abbreviations: [NRR, NDR]")
    repo.commit("Net retention is also called NDR")
    result = run_diff(runner, "base", "HEAD", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert "Net revenue retention" in result.stdout and "NDR" in result.stdout
