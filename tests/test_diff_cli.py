"""`spm-site diff` formats for tools and CI: json, github (step summary and annotations), folders as sides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import MINIMAL, write_framework
from test_diff import Repo, git, run_diff
from spm_site.changes.diff import diff_frameworks
from spm_site.changes.revision import check_revision
from spm_site.pipeline import check_framework


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Repo:
    made = Repo(tmp_path / "hr")
    monkeypatch.chdir(made.root)
    return made


def _drop_development(repo: Repo) -> None:
    repo.edit("roles/account-executive.yml", "development:\n", "unused_development:\n")
    path = repo.root / "framework/roles/account-executive.yml"
    text = path.read_text()
    start = text.index("unused_development:\n")
    end = text.index("feedback:\n", start)
    path.write_text(text[:start] + text[end:])


def test_github_format_annotates_changed_lines_and_writes_the_step_summary(repo, runner, tmp_path, monkeypatch):
    repo.edit("roles/account-executive.yml", "      - measure: win-rate\n        target: 26\n",
              "      - measure: win-rate\n        target: 28\n")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run_diff(runner, "base", "--format", "github")
    assert result.exit_code == 0, result.output
    line = next(i for i, text in enumerate((repo.root / "framework/roles/account-executive.yml").read_text().splitlines(), 1)
                if "target: 28" in text)
    assert result.stdout.splitlines() == [
        (f"::notice file=framework/roles/account-executive.yml,line={line},col=17,title=Account executive%3A target::"
         "Win rate at Professional: 26%25 → 28%25, a higher bar")]
    written = summary.read_text()
    assert written.startswith("earlier step\n### What changed, for whom\n\n**1 role changes")  # appended, not replaced
    assert "- Win rate at Professional: 26% → 28%, a higher bar\n" in written


def test_github_format_without_a_step_summary_prints_it(repo, runner, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    repo.edit("measures/conversion.yml", "    direction: lower\n    target: 4\n", "    direction: lower\n    target: 5\n")
    repo.commit("Relax lead response")
    result = run_diff(runner, "base", "HEAD", "--format", "github")
    assert result.exit_code == 0, result.output
    notices = [line for line in result.stdout.splitlines() if line.startswith("::notice ")]
    # HEAD is a revision: the annotation names the file as the repository has it, without `HEAD:`
    assert notices[0].startswith("::notice file=framework/measures/conversion.yml,")
    assert "Default target of Lead response time: 4 hours → 5 hours, a lower bar" in notices[0]
    assert "### What changed, for whom" in result.stdout


def test_json_lists_changes_with_their_sentence_and_whom_they_affect(repo, runner):
    repo.edit("roles/account-executive.yml", "      - measure: win-rate\n        target: 26\n",
              "      - measure: win-rate\n        target: 28\n")
    repo.commit("Raise the target")
    result = run_diff(runner, "base", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["summary"] == "1 role changes, no one loses line of sight."
    assert data["changes"] == [{
        "scope": "role", "id": "account-executive", "name": "Account executive", "aspect": "target", "level": "l2",
        "subject": "win-rate", "old": 26, "new": 28, "affects": ["account-executive"], "related": [],
        "file": "HEAD:framework/roles/account-executive.yml", "line": data["changes"][0]["line"],
        "text": "Win rate at Professional: 26% → 28%, a higher bar"}]


def test_alignment_findings_introduced_and_resolved_are_named_in_words(repo, runner):
    _drop_development(repo)
    repo.commit("No development for account executives")
    git(repo.root, "tag", "no-development")
    introduced = run_diff(runner, "base", "no-development", "--format", "markdown")
    assert introduced.exit_code == 0, introduced.output
    assert "**1 role changes, no one loses line of sight, 1 new alignment finding.**" in introduced.stdout
    assert ("#### New alignment findings\n\n- Role without development (SPM110): role Account executive "
            "('account-executive') lists nothing under 'development:'") in introduced.stdout
    resolved = run_diff(runner, "no-development", "base", "--format", "markdown")
    assert "#### Alignment findings resolved\n\n- Role without development (SPM110)" in resolved.stdout


def test_findings_that_only_moved_are_neither_new_nor_resolved(repo):
    _drop_development(repo)
    repo.commit("No development")
    repo.edit("roles/account-executive.yml", "purpose: >-\n", "# a comment that moves every line down\npurpose: >-\n")
    base, head = check_revision(repo.root, "HEAD", repo.root / "framework"), check_framework(repo.root / "framework")
    found = diff_frameworks(base, head)
    assert found.introduced == [] and found.resolved == [] and found.changes == []


def test_two_folders_can_be_compared_without_git(tmp_path, runner, monkeypatch):
    old = write_framework(tmp_path / "old", MINIMAL)
    new = write_framework(tmp_path / "new", {**MINIMAL, "roles/account-executive.yml": MINIMAL["roles/account-executive.yml"]
                                              .replace("  - measure: win-rate\n    weight: 50\n",
                                                       "  - measure: win-rate\n    target: 30\n    weight: 50\n")})
    monkeypatch.chdir(tmp_path)
    result = run_diff(runner, str(old), str(new))
    assert result.exit_code == 0, result.output
    assert "    - Win rate at Associate: 25% → 30%, a higher bar" in result.stdout


def test_a_side_with_errors_exits_1_with_errors_in_the_format_asked(tmp_path, runner, monkeypatch):
    old = write_framework(tmp_path / "old", MINIMAL)
    new = write_framework(tmp_path / "new", {**MINIMAL, "levels.yml": "levels: [\n"})
    monkeypatch.chdir(tmp_path)
    result = run_diff(runner, str(old), str(new), "--format", "json")
    assert result.exit_code == 1
    errors = json.loads(result.stdout)
    assert [(e["file"], e["rule"]) for e in errors] == [(str(Path("new/levels.yml")), "yaml-syntax")]
