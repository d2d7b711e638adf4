"""Editions and audiences together: what changed, old addresses and retired pages, per audience.

A site built for one audience compares the previous edition as that audience saw it, so a
restricted item added, removed or changed since is not named on its "What changed" page; a
retired item's old page follows its kind's visibility. Real git repositories, real builds.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from spm_site.cli import cli

from conftest import MINIMAL, write_framework

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]
SECRET_MEASURE = """\
  - id: osprey-margin
    name: Osprey margin
    definition: Contribution margin of the confidential Osprey deals.
    unit: "%"
    direction: higher
    target: 31
    owner: sales
    objectives: [grow-revenue]
    kind: outcome
    timing: lagging
    visibility: leadership
"""
SPM = "audiences:\n  names: [leadership]\n"


def git(repo: Path, *args: str) -> None:
    subprocess.run([*GIT, "-C", str(repo), *args], check=True, capture_output=True)


def every_byte(site: Path) -> bytes:
    """Every file of the site and every file name, as one blob to search."""
    files = sorted(p for p in site.rglob("*"))
    return b"\n".join([p.relative_to(site).as_posix().encode() for p in files]
                      + [p.read_bytes() for p in files if p.is_file()])


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    """Tag `v2026` holds MINIMAL with an audience `leadership`; the working tree is edition 2027."""
    root = tmp_path / "repo"
    files = {**MINIMAL, "spm.yml": SPM,
             "organisation.yml": MINIMAL["organisation.yml"].replace('edition: "2027"', 'edition: "2026"')}
    write_framework(root / "framework", files)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "edition 2026")
    git(root, "tag", "v2026")
    org = root / "framework/organisation.yml"
    org.write_text(org.read_text().replace('edition: "2026"', 'edition: "2027"'))
    monkeypatch.chdir(root)
    return root


def add_secret_measure(repo: Path) -> None:
    path = repo / "framework/measures/sales.yml"
    path.write_text(path.read_text() + SECRET_MEASURE)


def test_a_restricted_measure_added_since_is_named_only_for_its_audience(runner, repo):
    add_secret_measure(repo)
    result = runner.invoke(cli, ["build", "framework", "--since", "v2026", "--audience", "internal=site",
                                 "--audience", "leadership=leaders"])
    assert result.exit_code == 0, result.output
    internal, leaders = every_byte(repo / "site"), every_byte(repo / "leaders")
    assert b"Osprey" not in internal and b"osprey" not in internal
    assert b"Osprey margin" in (repo / "leaders/changes/index.html").read_bytes()
    assert b"osprey-margin" in leaders


def test_a_restricted_measure_removed_since_is_not_named_to_others(runner, repo):
    add_secret_measure(repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "a secret measure")
    git(repo, "tag", "-f", "v2026")
    path = repo / "framework/measures/sales.yml"
    path.write_text(path.read_text().replace(SECRET_MEASURE, ""))
    result = runner.invoke(cli, ["build", "framework", "--since", "v2026", "--audience", "internal=site",
                                 "--audience", "leadership=leaders"])
    assert result.exit_code == 0, result.output
    assert b"Osprey" not in every_byte(repo / "site")
    assert b"Osprey margin" in (repo / "leaders/changes/index.html").read_bytes()


RETIRED = """\
retired:
  - kind: measure
    id: heron-bookings
    name: Heron bookings
    edition: "2026"
    replaced_by: new-arr
    reason: The Heron programme ended.
    visibility: leadership
  - kind: measure
    id: old-win-rate
    name: Old win rate
    edition: "2026"
    replaced_by: win-rate
"""


def test_retired_pages_follow_their_visibility(runner, repo):
    (repo / "framework/retired.yml").write_text(RETIRED)
    result = runner.invoke(cli, ["build", "framework", "--audience", "internal=site", "--audience", "leadership=leaders",
                                 "--audience", "public=public"])
    assert result.exit_code == 0, result.output
    assert (repo / "site/measures/old-win-rate/index.html").is_file()
    assert b"Heron" not in every_byte(repo / "site") and b"heron" not in every_byte(repo / "site")
    assert b"Heron bookings" in (repo / "leaders/measures/heron-bookings/index.html").read_bytes()
    # Retired measures are internal by default, as measures are: the public site has neither.
    public = every_byte(repo / "public")
    assert b"Heron" not in public and b"Old win rate" not in public and b"old-win-rate" not in public


def test_an_unknown_audience_on_a_retired_item_is_located(runner, repo):
    (repo / "framework/retired.yml").write_text(RETIRED.replace("visibility: leadership", "visibility: leadrship"))
    result = runner.invoke(cli, ["check", "framework"])
    assert result.exit_code == 1
    assert "framework/retired.yml:8:17: error[unknown-audience]: unknown audience 'leadrship'" in result.output


def test_several_audiences_compare_with_a_previous_edition_checked_once(runner, repo, monkeypatch):
    from spm_site import since

    checked: list[str] = []

    def counting(spec, *args, **kwargs):  # the real check, counted
        checked.append(spec)
        return real(spec, *args, **kwargs)

    real = since.check_side
    monkeypatch.setattr(since, "_LAST", {})
    monkeypatch.setattr(since, "check_side", counting)
    add_secret_measure(repo)
    result = runner.invoke(cli, ["build", "framework", "--since", "v2026", "--audience", "internal=site",
                                 "--audience", "leadership=leaders", "--audience", "public=public"])
    assert result.exit_code == 0, result.output
    assert checked == ["v2026"]
    assert b"Osprey margin" in (repo / "leaders/changes/index.html").read_bytes()
