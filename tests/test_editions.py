"""Editions (issue 9, part 2): what changed since the previous edition, and what takes effect later.

Every test builds from a real git repository in a temporary folder: the previous edition is a tag,
the current one the working tree, and the site is built for real with MkDocs and Material.
"""

from __future__ import annotations

import filecmp
import re
import subprocess
import sys
from pathlib import Path

import pytest

from spm_site.cli import cli

from conftest import MINIMAL, write_framework

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]


def git(repo: Path, *args: str) -> None:
    subprocess.run([*GIT, "-C", str(repo), *args], check=True, capture_output=True)


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / "framework" / rel
    text = path.read_text()
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """A repository whose tag `v2026` holds edition 2026 of MINIMAL; the working tree is edition 2027."""
    root = tmp_path / "repo"
    write_framework(root / "framework", {**MINIMAL, "organisation.yml": MINIMAL["organisation.yml"].replace(
        'edition: "2027"', 'edition: "2026"')})
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "edition 2026")
    git(root, "tag", "v2026")
    edit(root, "organisation.yml", 'edition: "2026"', 'edition: "2027"')
    monkeypatch.chdir(root)
    return root


def change_the_account_executive(repo: Path) -> None:
    """The account executive is renamed (its id too) and gets a new expectation; nothing else changes."""
    old = repo / "framework/roles/account-executive.yml"
    text = old.read_text().replace("name: Account executive\n", "name: Sales representative\nprevious_ids: [account-executive]\n")
    text = text.replace("      - Runs a clean discovery call.\n", "      - Runs a clean discovery call.\n      - Books the next step before the call ends.\n")
    old.unlink()
    (repo / "framework/roles/sales-rep.yml").write_text(text)
    edit(repo, "objectives/win-new-logos.yml", "owner: account-executive", "owner: sales-rep")


def build(runner, *args: str):
    return runner.invoke(cli, ["build", "framework", "--site-dir", "site", *args])


def text_of(page: Path) -> str:
    """The article's text, tags removed and blanks folded: what a reader reads."""
    html = page.read_text()
    article = html[html.index("<article"): html.index("</article>")]
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article)).replace(" ¶", "")
    return re.sub(r" ([:.,;])", r"\1", words)


def test_the_edition_page_and_the_role_block(runner, repo):
    change_the_account_executive(repo)
    result = build(runner, "--since", "v2026")
    assert result.exit_code == 0, result.output
    changes = text_of(repo / "site/changes/index.html")
    assert "What changed in edition 2027" in changes
    assert "Compared with edition 2026: 1 role changes, no one loses line of sight." in changes
    # Grouped by function, then role, the role's heading linking to its page under its new id.
    assert re.search(r"Sales\s+Sales representative\s+Role Sales representative has a new id: "
                     r"account-executive → sales-rep", changes), changes
    assert ("Name: “Account executive” → “Sales representative” New expectation at Associate: “Books the next step "
            "before the call ends.” Across the organisation Commitment, edition: 2026 → 2027") in changes
    assert 'href="../roles/sales-rep/"' in (repo / "site/changes/index.html").read_text()
    role = text_of(repo / "site/roles/sales-rep/index.html")
    assert "Changed since edition 2026" in role
    assert "Books the next step before the call ends." in role.split("At a glance")[0]
    # Only where something changed: the head of sales is not affected.
    assert "Changed since" not in text_of(repo / "site/roles/head-of-sales/index.html")
    home = (repo / "site/index.html").read_text()
    assert "New in edition 2027" in home and 'href="changes/"' in home
    # The old URL still leads to the renamed role.
    assert 'url=../sales-rep/"' in (repo / "site/roles/account-executive/index.html").read_text()


def test_without_since_there_is_no_edition_page_nor_block(runner, repo):
    change_the_account_executive(repo)
    assert build(runner).exit_code == 0
    assert not (repo / "site/changes").exists()
    home = (repo / "site/index.html").read_text()
    assert "changes/" not in home and "What changed" not in home and "New in edition" not in home
    assert "Changed since" not in (repo / "site/roles/sales-rep/index.html").read_text()


def test_since_in_spm_yml(runner, repo):
    change_the_account_executive(repo)
    (repo / "framework/spm.yml").write_text("since: v2026\n")
    assert build(runner).exit_code == 0
    assert "Changed since edition 2026" in text_of(repo / "site/roles/sales-rep/index.html")
    nav = (repo / "site/index.html").read_text()
    assert 'href="changes/"' in nav[nav.index("md-sidebar--primary"): nav.index("md-sidebar--secondary")]


def test_an_unknown_since_revision_is_a_usage_error(runner, repo):
    result = build(runner, "--since", "v2025")
    assert result.exit_code == 2
    assert "'v2025' is neither a folder nor a revision" in result.output
    assert not (repo / "site").exists()


def test_an_unknown_since_in_spm_yml_is_located_by_check_and_build(runner, repo):
    (repo / "framework/spm.yml").write_text("rules: {}\nsince: v2025\n")
    result = runner.invoke(cli, ["check", "framework"])
    assert result.exit_code == 1
    assert "framework/spm.yml:2:8: error[unknown-revision]: 'v2025' is neither a folder nor a revision" in result.stdout
    result = build(runner)
    assert result.exit_code == 1 and "v2025" in result.output
    assert not (repo / "site").exists()


def test_a_previous_edition_that_does_not_load_stops_the_build(runner, repo):
    edit(repo, "roles/head-of-sales.yml", "name: Head of sales\n", "nmae: Head of sales\n")
    git(repo, "commit", "-qam", "broken")
    git(repo, "tag", "broken")
    edit(repo, "roles/head-of-sales.yml", "nmae: Head of sales\n", "name: Head of sales\n")
    assert runner.invoke(cli, ["check", "framework"]).exit_code == 0
    result = build(runner, "--since", "broken")
    assert result.exit_code == 1
    assert "the previous edition (broken) has errors" in result.output
    assert "broken:framework/roles/head-of-sales.yml:1:1: error[unknown-key]" in result.output
    assert not (repo / "site").exists()


FUTURE_WIN_RATE = ("    target: 25\n", "    target: 28\n    effective_from: 2027-04-01\n")


def test_a_future_dated_change_is_announced(runner, repo):
    edit(repo, "measures/sales.yml", *FUTURE_WIN_RATE)
    result = build(runner, "--since", "v2026")  # as of the edition's approval, 2026-10-01
    assert result.exit_code == 0, result.output
    measure = text_of(repo / "site/measures/win-rate/index.html")
    assert ("From 1 April 2027 What this page describes applies from 1 April 2027. Until then, edition 2026 "
            "applies, and these changes take effect on that date: Default target of Win rate: 25% → 28%, "
            "a higher bar") in measure
    role = text_of(repo / "site/roles/account-executive/index.html")
    assert "Changed since edition 2026 From 1 April 2027: Win rate" in role
    home = text_of(repo / "site/index.html")
    assert "Coming changes From 1 April 2027: Win rate: Default target of Win rate: 25% → 28%, a higher bar" in home
    assert "From 1 April 2027: Default target of Win rate" in text_of(repo / "site/changes/index.html")


def test_once_the_date_has_come_the_change_is_current(runner, repo):
    edit(repo, "measures/sales.yml", *FUTURE_WIN_RATE)
    assert build(runner, "--since", "v2026", "--as-of", "2027-04-01").exit_code == 0
    assert "From 1 April" not in text_of(repo / "site/measures/win-rate/index.html")
    assert "Coming changes" not in text_of(repo / "site/index.html")
    assert "Default target of Win rate: 25% → 28%" in text_of(repo / "site/changes/index.html")


def test_without_a_previous_edition_a_future_item_says_when_it_applies(runner, repo):
    edit(repo, "measures/sales.yml", *FUTURE_WIN_RATE)
    assert build(runner).exit_code == 0
    assert ("From 1 April 2027 This measure takes effect on 1 April 2027: what this page describes applies "
            "from that date, not before.") in text_of(repo / "site/measures/win-rate/index.html")
    assert "Coming changes From 1 April 2027: Win rate " in text_of(repo / "site/index.html")


def test_a_whole_edition_can_take_effect_later(runner, repo):
    edit(repo, "organisation.yml", "  approved_on: 2026-10-01\n", "  approved_on: 2026-10-01\n  effective_from: 2027-01-01\n")
    assert build(runner, "--as-of", "2026-11-15").exit_code == 0
    home = text_of(repo / "site/index.html")
    assert "Edition 2027 applies from 1 January 2027 This handbook describes it as it will apply from that date." in home
    assert build(runner, "--since", "v2026", "--as-of", "2026-11-15").exit_code == 0
    home = text_of(repo / "site/index.html")
    assert "Edition 2027 applies from 1 January 2027 Until then, edition 2026 applies: see what changes." in home
    # Without --as-of the site is built as of the edition's own date: it is current.
    assert build(runner, "--since", "v2026").exit_code == 0
    assert "applies from 1 January 2027" not in text_of(repo / "site/index.html")


def test_two_builds_with_since_are_byte_identical(runner, repo, monkeypatch):
    change_the_account_executive(repo)
    edit(repo, "measures/sales.yml", *FUTURE_WIN_RATE)
    for site in ("a", "b"):
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        result = runner.invoke(cli, ["build", "framework", "--site-dir", site, "--since", "v2026"])
        assert result.exit_code == 0, result.output
    differing: list[str] = []

    def walk(c: filecmp.dircmp, prefix: str = "") -> None:
        _, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        differing.extend(prefix + f for f in mismatch + errors + c.left_only + c.right_only)
        for name, sub in c.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(repo / "a", repo / "b", ignore=[".spm-site"]))
    assert differing == []
    assert (repo / "a/changes/index.html").is_file()


def test_plain_mkdocs_build_with_the_plugin_s_since(repo):
    change_the_account_executive(repo)
    (repo / "docs").mkdir()
    (repo / "mkdocs.yml").write_text("site_name: T\ntheme:\n  name: material\n  font: false\nplugins:\n"
                                     "  - spm:\n      since: v2026\n      as_of: 2026-12-01\n")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=repo,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Changed since edition 2026" in text_of(repo / "site/roles/sales-rep/index.html")
    assert (repo / "site/roles/account-executive/index.html").is_file()


def test_check_warns_of_old_addresses_that_would_lead_nowhere(runner, repo):
    """A role renamed without previous_ids, and a measure removed without a retired.yml entry."""
    old = repo / "framework/roles/account-executive.yml"
    (repo / "framework/roles/sales-rep.yml").write_text(old.read_text())
    old.unlink()
    edit(repo, "objectives/win-new-logos.yml", "owner: account-executive", "owner: sales-rep")
    measures = repo / "framework/measures/sales.yml"
    text = measures.read_text()
    measures.write_text(text[: text.index("  - id: new-arr")] + text[text.index("  - id: qualified-leads"):])
    edit(repo, "roles/head-of-sales.yml", "  - measure: new-arr\n    weight: 60\n", "")
    edit(repo, "roles/head-of-sales.yml", "    weight: 40\n", "    weight: 100\n")
    (repo / "framework/spm.yml").write_text("since: v2026\nrules:\n  SPM103: off\n")
    result = runner.invoke(cli, ["check", "framework"])
    assert result.exit_code == 0, result.output
    assert ("framework/roles/sales-rep.yml:1:1: warning[lost-url]: this role was 'account-executive' in v2026: "
            "its old address would lead nowhere") in result.stdout
    assert ("framework/retired.yml:1:1: warning[lost-url]: measure 'new-arr' (New annual recurring revenue) is gone "
            "since v2026") in result.stdout
    edit(repo, "roles/sales-rep.yml", "name: Account executive\n", "name: Account executive\nprevious_ids: [account-executive]\n")
    (repo / "framework/retired.yml").write_text(
        "retired:\n  - kind: measure\n    id: new-arr\n    name: New annual recurring revenue\n    edition: '2027'\n")
    result = runner.invoke(cli, ["check", "framework"])
    assert result.exit_code == 0 and "lost-url" not in result.stdout, result.stdout
    assert build(runner).exit_code == 0
    assert "Retired in this edition New annual recurring revenue, measure" in text_of(repo / "site/changes/index.html")


def test_a_future_dated_role_lists_its_changes_once(runner, repo):
    change_the_account_executive(repo)
    edit(repo, "roles/sales-rep.yml", "function: sales\n", "function: sales\neffective_from: 2027-04-01\n")
    assert build(runner, "--since", "v2026").exit_code == 0
    role = text_of(repo / "site/roles/sales-rep/index.html")
    assert ("From 1 April 2027 What this page describes applies from 1 April 2027. Until then, edition 2026 "
            "applies; what changes is listed below. Changed since edition 2026 From 1 April 2027: ") in role
    assert role.count("Books the next step before the call ends.") == 2  # the block, and the level's list
