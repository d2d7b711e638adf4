"""URLs that survive a rename (issue 9, part 3): former ids, retired items, and the redirect pages.

Real builds, through `spm-site build` and plain `mkdocs build`, with directory URLs on and off; the
redirects themselves are followed in a browser in tests/browser/test_editions.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from spm_site.cli import cli
from spm_site.engine import output_scan
from spm_site.pipeline import check_framework

from conftest import MINIMAL

#: The account executive's role, renamed from `sales-rep`, whose old URL must still lead to it.
RENAMED = {
    "roles/account-executive.yml": MINIMAL["roles/account-executive.yml"].replace(
        "name: Account executive\n", "name: Account executive\nprevious_ids: [sales-rep, ae]\n"),
}
RETIRED = """\
retired:
  - kind: role
    id: sales-engineer
    name: Sales engineer
    edition: "2027"
    replaced_by: account-executive
    reason: Account executives now run their own demonstrations.
  - kind: measure
    id: calls-per-day
    name: Calls per day
    edition: "2026"
"""


@pytest.fixture
def in_tmp(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build(runner, root: Path, site: Path, *args: str):
    return runner.invoke(cli, ["build", str(root), "--site-dir", str(site), *args])


def test_a_former_id_s_page_redirects_to_the_new_page(runner, make_framework, in_tmp):
    root = make_framework({**RENAMED, "retired.yml": RETIRED})
    result = build(runner, root, in_tmp / "site")
    assert result.exit_code == 0, result.output
    for old in ("sales-rep", "ae"):
        page = (in_tmp / f"site/roles/{old}/index.html").read_text()
        assert '<meta http-equiv="refresh" content="0; url=../account-executive/">' in page
        assert '<link rel="canonical" href="../account-executive/">' in page
    assert (in_tmp / "site/roles/account-executive/index.html").is_file()


def test_redirects_without_directory_urls_under_plain_mkdocs(make_framework, in_tmp):
    """Plain `mkdocs build` with only `spm` listed: the plugin adds the redirects plugin itself."""
    root = make_framework(RENAMED)
    (in_tmp / "docs").mkdir()
    (in_tmp / "mkdocs.yml").write_text(
        f"site_name: T\nuse_directory_urls: false\ntheme:\n  name: material\n  font: false\n"
        f"plugins:\n  - spm:\n      framework: {root}\n")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=in_tmp,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    page = (in_tmp / "site/roles/sales-rep.html").read_text()
    assert 'url=account-executive.html"' in page
    assert (in_tmp / "site/roles/account-executive.html").is_file()


def test_the_config_s_own_redirect_maps_are_kept(make_framework, in_tmp):
    """A config that lists the redirects plugin keeps its entries; ours are added beside them."""
    root = make_framework(RENAMED)
    (in_tmp / "docs").mkdir()
    (in_tmp / "docs/notes.md").write_text("# Notes\n")
    (in_tmp / "mkdocs.yml").write_text(
        f"site_name: T\ntheme:\n  name: material\n  font: false\nplugins:\n  - redirects:\n"
        f"      redirect_maps:\n        old-notes.md: notes.md\n        roles/ae.md: notes.md\n"
        f"  - spm:\n      framework: {root}\n")
    done = subprocess.run([str(Path(sys.executable).with_name("spm-site")), "build"], cwd=in_tmp,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert 'url=../notes/"' in (in_tmp / "site/old-notes/index.html").read_text()
    # The config's entry for the same old page wins over the former id.
    assert 'url=../../notes/"' in (in_tmp / "site/roles/ae/index.html").read_text()
    assert 'url=../account-executive/"' in (in_tmp / "site/roles/sales-rep/index.html").read_text()


def test_without_former_ids_no_redirects_plugin_is_added(runner, make_framework, in_tmp):
    """A site that uses no former id builds exactly as before: no redirect pages at all."""
    assert build(runner, make_framework(), in_tmp / "site").exit_code == 0
    pages = [p for p in (in_tmp / "site").rglob("*.html") if "Redirecting..." in p.read_text()]
    assert pages == []


def test_retired_item_pages_say_when_and_what_replaced_them(runner, make_framework, in_tmp):
    result = build(runner, make_framework({"retired.yml": RETIRED}), in_tmp / "site")
    assert result.exit_code == 0, result.output
    role = (in_tmp / "site/roles/sales-engineer/index.html").read_text()
    assert "Sales engineer (retired)" in role
    assert "Retired in edition 2027" in role
    assert 'It was replaced by <a href="../account-executive/">Account executive</a>.' in role
    assert "Account executives now run their own demonstrations." in role
    measure = (in_tmp / "site/measures/calls-per-day/index.html").read_text()
    assert "Retired in edition 2026" in measure and "Nothing replaces it." in measure


@pytest.mark.parametrize(("files", "where", "name", "words"), [
    ({"roles/account-executive.yml": MINIMAL["roles/account-executive.yml"].replace(
        "name: Account executive\n", "name: Account executive\nprevious_ids:\n  - sales-rep\n  - head-of-sales\n")},
     "roles/account-executive.yml:4:5", "former-id-reused", "former id 'head-of-sales' is the id of another role"),
    ({"roles/account-executive.yml": RENAMED["roles/account-executive.yml"],
      "roles/head-of-sales.yml": MINIMAL["roles/head-of-sales.yml"].replace(
          "name: Head of sales\n", "name: Head of sales\nprevious_ids: [ae]\n")},
     "roles/head-of-sales.yml:2:16", "former-id-reused", "former id 'ae' is also listed by role 'account-executive'"),
    ({"retired.yml": "retired:\n  - kind: measure\n    id: win-rate\n    name: Win rate\n    edition: '2026'\n"},
     "retired.yml:3:9", "former-id-reused", "retired measure 'win-rate' is the id of a live measure"),
    ({**RENAMED, "retired.yml": "retired:\n  - kind: role\n    id: ae\n    name: AE\n    edition: '2026'\n"},
     "retired.yml:3:9", "former-id-reused", "retired role 'ae' is listed as a former id of role 'account-executive'"),
    ({"retired.yml": "retired:\n  - kind: role\n    id: old\n    name: Old\n    edition: '2026'\n"
                     "    replaced_by: account-exec\n"},
     "retired.yml:6:18", "unknown-reference", "role 'account-exec' does not exist"),
], ids=["live-id", "claimed-twice", "retired-live", "retired-and-renamed", "replaced-by-unknown"])
def test_former_id_problems_are_located(runner, make_framework, in_tmp, files, where, name, words):
    root = make_framework(files)
    result = runner.invoke(cli, ["check", str(root)])
    assert result.exit_code == 1, result.output
    line = next(line for line in result.stdout.splitlines() if f"error[{name}]" in line)
    assert line.startswith(f"framework/{where}: error[{name}]: "), line
    assert words in line
    assert not check_framework(root).ok  # and the build refuses it alike


def _redirect_site(tmp_path: Path) -> tuple[Path, output_scan.Trust]:
    html = "<!doctype html><script>location.href='../x/'</script><meta http-equiv=\"refresh\" content=\"0; url=../x/\">"
    (tmp_path / "roles/old").mkdir(parents=True)
    (tmp_path / "roles/old/index.html").write_text(html)
    return tmp_path, output_scan.Trust(redirect_pages={"roles/old/index.html": html})


def test_the_scan_accepts_a_redirect_page_exactly_as_expected(tmp_path):
    site, trust = _redirect_site(tmp_path)
    assert output_scan.scan(site, trust) == []


def test_the_scan_refuses_a_redirect_page_that_differs_or_sits_elsewhere(tmp_path):
    site, trust = _redirect_site(tmp_path)
    page = site / "roles/old/index.html"
    page.write_text(page.read_text().replace("../x/", "../y/", 1))
    assert [f.file for f in output_scan.scan(site, trust)] == ["roles/old/index.html"]
    page.write_text(trust.redirect_pages["roles/old/index.html"])
    (site / "roles/other").mkdir()
    (site / "roles/other/index.html").write_text(page.read_text())
    assert [f.file for f in output_scan.scan(site, trust)] == ["roles/other/index.html"]


def test_a_redirect_to_another_host_still_fails_the_build(make_framework, in_tmp):
    """Only entries that lead to a page of the site are vouched for: a meta refresh elsewhere is refused."""
    root = make_framework(RENAMED)
    (in_tmp / "docs").mkdir()
    (in_tmp / "mkdocs.yml").write_text(
        f"site_name: T\ntheme:\n  name: material\n  font: false\nplugins:\n  - redirects:\n"
        f"      redirect_maps:\n        away.md: https://example.com/\n  - spm:\n      framework: {root}\n")
    done = subprocess.run([str(Path(sys.executable).with_name("spm-site")), "build"], cwd=in_tmp,
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "away/index.html" in done.stderr
    assert not (in_tmp / "site").exists()


def test_a_hand_written_page_at_a_former_id_s_url_is_refused_by_check_and_build(runner, make_framework, in_tmp):
    """The redirect page would replace it after the build: both say so at the hand-written file."""
    root = make_framework(RENAMED)
    (in_tmp / "docs/roles").mkdir(parents=True)
    (in_tmp / "docs/roles/ae.md").write_text("# My notes\n")
    (in_tmp / "mkdocs.yml").write_text(
        f"site_name: T\ntheme:\n  name: material\n  font: false\nplugins:\n  - spm:\n      framework: {root}\n")
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 1
    assert "docs/roles/ae.md:1:1: error[docs-collision]: this hand-written page has the URL of the page spm-site " \
           "generates as roles/ae.md" in result.stdout
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 1 and "docs/roles/ae.md" in result.output


def test_check_renders_an_override_of_the_retired_page(runner, make_framework, in_tmp):
    root = make_framework({"retired.yml": RETIRED})
    (in_tmp / "theme/templates").mkdir(parents=True)
    (in_tmp / "theme/templates/retired.md.j2").write_text("# {{ retired.name|plain }}\n\n{{ retired.nmae }}\n")
    result = runner.invoke(cli, ["check", str(root)])
    assert result.exit_code == 1
    assert "theme/templates/retired.md.j2:3" in result.stdout and "nmae" in result.stdout
