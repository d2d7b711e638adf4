"""Building real sites with real MkDocs and Material: what a reader and a host get."""

from __future__ import annotations

import filecmp
import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from spm_site.cli import cli

REPO = Path(__file__).resolve().parent.parent


def build(runner, root: Path, site: Path, *args: str):
    """`spm-site build ROOT -d SITE` with spm-site's default configuration."""
    return runner.invoke(cli, ["build", str(root), "--site-dir", str(site), *args])


@pytest.fixture
def in_tmp(tmp_path, monkeypatch) -> Path:
    """Run from a folder with no mkdocs.yml, as an organisation without its own config would."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_minimal_framework_builds_strict(runner, make_framework, in_tmp):
    site = in_tmp / "site"
    result = build(runner, make_framework(), site)
    assert result.exit_code == 0, result.output
    for page in ("index.html", "roles/account-executive/index.html", "measures/win-rate/index.html",
                 "objectives/index.html", "functions/sales/index.html", "values/index.html"):
        assert (site / page).is_file(), page
    role = (site / "roles/account-executive/index.html").read_text()
    assert "At a glance" in role
    # Links between generated pages are relative, checked by MkDocs, and end up as directory URLs.
    assert 'href="../../measures/win-rate/"' in role


def test_site_name_comes_from_the_organisation(runner, make_framework, in_tmp):
    build(runner, make_framework(), in_tmp / "site")
    assert "<title>Account executive - Acme Field Services handbook</title>" in (
        in_tmp / "site/roles/account-executive/index.html").read_text()


def test_leaf_pages_stay_out_of_the_navigation(runner, make_framework, in_tmp):
    """Every page embeds the nav: keeping leaves out of it keeps the build linear in the number of roles."""
    build(runner, make_framework(), in_tmp / "site")
    home = (in_tmp / "site/index.html").read_text()
    nav = home[home.index("md-sidebar--primary"): home.index("md-sidebar--secondary")]
    assert 'href="roles/"' in nav and 'href="measures/"' in nav
    assert "roles/account-executive/" not in nav and "measures/win-rate/" not in nav


def test_two_builds_are_byte_identical(runner, make_framework, in_tmp, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = make_framework()
    assert build(runner, root, in_tmp / "a").exit_code == 0
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert build(runner, root, in_tmp / "b").exit_code == 0
    # The marker names its own folder (see tests/test_site_dir.py); every published file is the same.
    cmp = filecmp.dircmp(in_tmp / "a", in_tmp / "b", ignore=[".spm-site"])
    differing: list[str] = []

    def walk(c: filecmp.dircmp, prefix: str = "") -> None:
        _, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        differing.extend(prefix + f for f in mismatch + errors + c.left_only + c.right_only)
        for name, sub in c.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(cmp)
    assert differing == []


def test_failed_build_leaves_the_previous_site_untouched(runner, make_framework, in_tmp):
    root = make_framework()
    site = in_tmp / "site"
    assert build(runner, root, site).exit_code == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    broken = make_framework({"roles/account-executive.yml": "name: [unclosed\n"})
    result = build(runner, broken, site)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "roles/account-executive.yml:2:1: error[yaml-syntax]" in result.output
    assert "flow sequence that starts on line 1, column 7" in result.output
    assert "site is unchanged" in result.output
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in in_tmp.iterdir() if p.name.startswith(".site")) == []


def test_failure_inside_mkdocs_also_keeps_the_site(runner, make_framework, in_tmp):
    """A template mistake is only found while MkDocs builds: the old site must survive that too."""
    root = make_framework()
    site = in_tmp / "site"
    assert build(runner, root, site).exit_code == 0
    index = (site / "index.html").read_bytes()
    config = in_tmp / "mkdocs.yml"
    (in_tmp / "tpl").mkdir()
    (in_tmp / "tpl/home.md.j2").write_text("# Home\n\n{{ no_such_variable }}\n")
    config.write_text("site_name: T\ntheme:\n  name: material\n  font: false\n"
                      f"plugins:\n  - spm:\n      framework: {root}\n      templates: tpl\n")
    (in_tmp / "docs").mkdir()
    result = build(runner, root, site)
    assert result.exit_code == 1
    assert "template" in result.output and "no_such_variable" in result.output
    assert (site / "index.html").read_bytes() == index


def test_organisation_overrides_a_template(runner, make_framework, in_tmp):
    root = make_framework()
    (in_tmp / "docs").mkdir()
    (in_tmp / "theme/templates").mkdir(parents=True)
    (in_tmp / "theme/templates/home.md.j2").write_text("# Welcome to {{ org.name|plain }}\n\nOur own front page.\n")
    (in_tmp / "mkdocs.yml").write_text(
        f"site_name: T\ntheme:\n  name: material\n  font: false\nplugins:\n  - spm:\n      framework: {root}\n")
    assert build(runner, root, in_tmp / "site").exit_code == 0
    home = (in_tmp / "site/index.html").read_text()
    assert "Our own front page." in home and "Welcome to Acme Field Services" in home
    # The other pages still come from the package's templates.
    assert "At a glance" in (in_tmp / "site/roles/account-executive/index.html").read_text()


def test_edit_link_opens_the_yaml_file(runner, make_framework, in_tmp):
    root = make_framework()
    (in_tmp / "docs").mkdir()
    (in_tmp / "mkdocs.yml").write_text(
        "site_name: T\nrepo_url: https://git.example.com/hr/handbook\nedit_uri: -/edit/main/\n"
        "theme:\n  name: material\n  font: false\n  features: [content.action.edit]\n"
        "plugins:\n  - spm:\n      framework: framework\n")
    assert build(runner, root, in_tmp / "site").exit_code == 0
    role = (in_tmp / "site/roles/account-executive/index.html").read_text()
    assert 'href="https://git.example.com/hr/handbook/-/edit/main/framework/roles/account-executive.yml"' in role


def test_no_request_to_any_outside_host(runner, make_framework, in_tmp):
    """Fonts, scripts and styles all come from the site itself: it works offline on an internal host."""
    build(runner, make_framework(), in_tmp / "site")
    for page in (in_tmp / "site").rglob("*.html"):
        html = page.read_text()
        loaded = re.findall(r'<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)="([^"]+)"', html)
        outside = [u for u in loaded if re.match(r"(https?:)?//", u)]
        assert outside == [], (page, outside)
    assert "fonts.googleapis.com" not in (in_tmp / "site/index.html").read_text()


def test_plain_mkdocs_build_uses_the_plugin(make_framework, in_tmp):
    """Organisations that already run `mkdocs build` get the same pages through the entry point."""
    root = make_framework()
    (in_tmp / "docs").mkdir()
    (in_tmp / "mkdocs.yml").write_text(
        f"site_name: T\ntheme:\n  name: material\n  font: false\nplugins:\n  - spm:\n      framework: {root}\n")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    done = subprocess.run([str(mkdocs), "build", "--strict", "-q"], cwd=in_tmp, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (in_tmp / "site/roles/head-of-sales/index.html").is_file()


def test_plain_mkdocs_build_reports_framework_errors(make_framework, in_tmp):
    root = make_framework({"roles/head-of-sales.yml": "name: Head\nnmae: typo\n"})
    (in_tmp / "docs").mkdir()
    (in_tmp / "mkdocs.yml").write_text(
        f"site_name: T\ntheme:\n  name: material\n  font: false\nplugins:\n  - spm:\n      framework: {root}\n")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    done = subprocess.run([str(mkdocs), "build", "-q"], cwd=in_tmp, capture_output=True, text=True)
    assert done.returncode == 1
    assert "roles/head-of-sales.yml:2:1: error[unknown-key]" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_non_sales_organisation_builds(runner, in_tmp):
    """Nothing is hard-wired to sales: a clinic's framework builds with its own words and ids."""
    root = REPO / "tests/fixtures/clinic"
    result = build(runner, root, in_tmp / "site")
    assert result.exit_code == 0, result.output
    pages = {p.relative_to(in_tmp / "site").as_posix() for p in (in_tmp / "site").rglob("index.html")}
    assert "roles/index.html" in pages and len([p for p in pages if p.startswith("roles/")]) >= 5
    assert "sales" not in " ".join(pages)


def test_sample_framework_builds_strict(runner, tmp_path, monkeypatch):
    """`make site`: the repository's own mkdocs.yml and framework/, with --strict."""
    monkeypatch.chdir(REPO)
    site = tmp_path / "site"
    result = runner.invoke(cli, ["build", "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    assert (site / "roles/account-executive/index.html").is_file()
    shutil.rmtree(site)


def test_alignment_page_shows_findings_waivers_and_coverage(runner, make_framework, in_tmp):
    """Warnings do not stop the build: they are published where reviewers and HR can see them."""
    from test_cli import LOWERED

    measures = make_framework().joinpath("measures/sales.yml").read_text()
    # Win rate loses its data source (SPM116 measure-incomplete), accepted on purpose with a reason.
    root = make_framework({**LOWERED, "measures/sales.yml": measures.replace(
        "    source: CRM opportunity report\n",
        "    waivers:\n      - rule: SPM116\n        reason: The new CRM report ships in March.\n", 1)})
    result = build(runner, root, in_tmp / "site")
    assert result.exit_code == 0, result.output
    page = html.unescape((in_tmp / "site/alignment/index.html").read_text())
    assert "SPM106 imposed-measure" in page
    assert "role Account executive ('account-executive') is held to measure Qualified leads ('qualified-leads')" in page
    assert "SPM116 measure-incomplete" in page and "The new CRM report ships in March." in page
    assert "Coverage: objectives against functions and roles" in page
    measure = html.unescape((in_tmp / "site/measures/win-rate/index.html").read_text())
    assert "The new CRM report ships in March." in measure  # shown beside the item too
    home = (in_tmp / "site/index.html").read_text()
    assert 'href="alignment/"' in home  # in the navigation


def test_alignment_page_can_be_left_out(runner, make_framework, in_tmp):
    root = make_framework({"spm.yml": "alignment_page: false\n"})
    result = build(runner, root, in_tmp / "site")
    assert result.exit_code == 0, result.output
    assert not (in_tmp / "site/alignment").exists()
    assert "alignment/" not in (in_tmp / "site/index.html").read_text()


def test_plugin_options_set_rule_severity(runner, make_framework, in_tmp):
    """The `spm` plugin's options in mkdocs.yml win over framework/spm.yml: here a warning becomes an error."""
    from test_cli import LOWERED

    root = make_framework(LOWERED)  # framework/spm.yml lowers SPM106 to a warning; the plugin raises it again
    (in_tmp / "docs").mkdir()
    (in_tmp / "mkdocs.yml").write_text(
        "site_name: T\ntheme:\n  name: material\n  font: false\n"
        f"plugins:\n  - spm:\n      framework: {root}\n      alignment_page: false\n"
        "      rules:\n        SPM106: error\n")
    result = build(runner, root, in_tmp / "site")
    assert result.exit_code == 1
    assert "error[SPM106 imposed-measure]" in result.output
    assert not (in_tmp / "site").exists()
