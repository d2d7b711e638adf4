"""docs/ and the project's config, as `spm-site check` sees them and as the build does: every file the
build refuses (a page at a generated URL, a file at spm-site's own asset path, a symbolic link) is
found by the check first, with the same finding, and the check reads the config the build reads."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from mkdocs.structure.files import File

from spm_site.cli import cli
from spm_site.site.docs_check import output_path, own_assets

from conftest import MINIMAL

ROLE = "roles/account-executive.yml"
CONFIG = "site_name: T\ntheme:\n  name: material\n  font: false\n{extra}plugins:\n  - search\n  - spm:\n" \
         "      framework: framework\n{options}"


@pytest.fixture
def project(tmp_path, monkeypatch, make_framework) -> Path:
    """An organisation's repository with the MINIMAL framework and a docs/ folder, run from its root."""
    make_framework()
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def configure(project: Path, extra: str = "", options: str = "") -> None:
    (project / "mkdocs.yml").write_text(CONFIG.format(extra=extra, options=options))


def write(project: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(text)


def check_and_build(runner, project: Path) -> tuple:
    """`spm-site check` and `spm-site build`, both with no framework argument: the config decides."""
    checked = runner.invoke(cli, ["check"])
    built = runner.invoke(cli, ["build", "--site-dir", str(project / "site")])
    assert "Traceback" not in checked.output + built.output
    return checked, built


def finding(output: str, prefix: str) -> str:
    """The one finding at `prefix` (MkDocs' log puts `ERROR   -  ` before the build's)."""
    lines = [line[line.index(prefix + ":"):] for line in output.splitlines() if prefix + ":" in line]
    assert len(lines) == 1, output
    return lines[0]


def assert_same_refusal(runner, project: Path, prefix: str) -> tuple[str, str]:
    """Check and build both fail on the file, with the same finding; nothing is published."""
    checked, built = check_and_build(runner, project)
    assert checked.exit_code == 1 and built.exit_code == 1, checked.output + built.output
    in_check, in_build = finding(checked.stdout, prefix), finding(built.output, prefix)
    assert in_build.startswith(in_check)
    assert not (project / "site").exists()
    return in_check, in_build


@pytest.mark.parametrize(("rel", "extra", "generated"), [
    ("docs/index.md", "", "index.md"),
    ("docs/roles/head-of-sales/index.md", "", "roles/head-of-sales.md from framework/roles/head-of-sales.yml"),
    ("docs/roles/README.md", "", "roles/index.md"),
    ("docs/strategy.markdown", "", "strategy.md"),
    ("docs/measures.md", "", "measures/index.md"),
    ("docs/reference/rules/spm106.md", "", "reference/rules/spm106.md"),
    ("docs/values/README.md", "use_directory_urls: false\n", "values/index.md"),
    ("docs/roles/head-of-sales.markdown", "use_directory_urls: false\n",
     "roles/head-of-sales.md from framework/roles/head-of-sales.yml"),
])
def test_a_page_at_a_generated_url_fails_check_and_build_alike(runner, project, rel, extra, generated):
    configure(project, extra)
    write(project, {rel: "# Mine\n", "docs/guide.md": "# Guide\n"})
    in_check, _ = assert_same_refusal(runner, project, rel)
    assert in_check.startswith(f"{rel}:1:1: error[docs-collision]: ")
    assert in_check.endswith(f"spm-site generates as {generated}")


@pytest.mark.parametrize("rel", ["docs/strategy/index.md", "docs/roles/head-of-sales/index.md"])
def test_without_directory_urls_a_folder_index_is_another_url(runner, project, rel):
    configure(project, "use_directory_urls: false\n")
    write(project, {rel: "# Mine\n"})
    checked, built = check_and_build(runner, project)
    assert checked.exit_code == 0 and built.exit_code == 0, checked.output + built.output
    assert (project / "site" / rel.removeprefix("docs/").replace(".md", ".html")).is_file()


@pytest.mark.parametrize("asset", own_assets())
def test_a_file_at_spm_sites_own_asset_path_fails_check_and_build_alike(runner, project, asset):
    assert asset in ("assets/spm.css", "assets/spm.js", "assets/spm-finder.js")
    configure(project)
    write(project, {f"docs/{asset}": "/* replaced */\n"})
    in_check, _ = assert_same_refusal(runner, project, f"docs/{asset}")
    assert in_check.startswith(f"docs/{asset}:1:1: error[docs-collision]: ")


@pytest.mark.parametrize("link", ["leak.css", "notes/leak.md", "more", "gone.png"])
def test_a_symbolic_link_fails_check_and_build_alike_and_nothing_is_published(runner, project, tmp_path_factory,
                                                                             link):
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret").write_text("TOP-SECRET-CONTENT\n")
    (outside / "folder").mkdir()
    (outside / "folder/page.md").write_text("# TOP-SECRET-CONTENT\n")
    target = {"more": outside / "folder", "gone.png": outside / "missing"}.get(link, outside / "secret")
    configure(project)
    write(project, {"docs/guide.md": "# Guide\n", "docs/notes/plain.md": "# Plain\n"})
    os.symlink(target, project / "docs" / link)
    in_check, in_build = assert_same_refusal(runner, project, f"docs/{link}")
    assert in_check == in_build
    assert in_check.startswith(f"docs/{link}:1:1: error[docs-symlink]: ")
    checked, built = check_and_build(runner, project)
    assert "TOP-SECRET-CONTENT" not in checked.output + built.output and str(outside) not in checked.output


def test_clean_docs_pass_check_and_build(runner, project):
    configure(project)
    write(project, {"docs/guide.md": "# Guide\n", "docs/roles-faq.md": "# FAQ\n", "docs/assets/mine.css": "p {}\n",
                    "docs/img/logo.png": "png"})
    checked, built = check_and_build(runner, project)
    assert checked.exit_code == 0 and built.exit_code == 0, checked.output + built.output
    assert (project / "site/guide/index.html").is_file() and (project / "site/assets/mine.css").is_file()


# --- the config, read as the build reads it ---------------------------------------------------------

def test_the_plugins_limits_fail_the_check_as_they_fail_the_build(runner, project):
    configure(project, options="      limits:\n        max_name_length: 20\n")
    checked, built = check_and_build(runner, project)
    assert checked.exit_code == 1 and built.exit_code == 1, checked.output + built.output
    first = next(line for line in checked.stdout.splitlines() if ": error[" in line)
    assert first.startswith("framework/") and first in built.output
    configure(project)
    assert runner.invoke(cli, ["check"]).exit_code == 0  # the cap, not the framework, made the difference


def test_the_plugins_alignment_page_reaches_the_check(runner, project):
    """With the alignment page left out, docs/alignment.md is the organisation's own; with it, a collision."""
    configure(project, options="      alignment_page: false\n")
    write(project, {"docs/alignment.md": "# Ours\n"})
    checked, built = check_and_build(runner, project)
    assert checked.exit_code == 0 and built.exit_code == 0, checked.output + built.output
    shutil.rmtree(project / "site")
    configure(project)
    assert_same_refusal(runner, project, "docs/alignment.md")


def with_link(project: Path) -> None:
    role = MINIMAL[ROLE].replace("purpose: Win new customers who will succeed with us.\n",
                                 f"purpose: {json.dumps('See [the page](p.md).')}\n")
    (project / "framework" / ROLE).write_text(role)


def test_docs_dir_is_the_configs_for_check_and_build(runner, project):
    configure(project, "docs_dir: content\n")
    with_link(project)
    write(project, {"content/p.md": "# P\n"})
    checked, built = check_and_build(runner, project)
    assert checked.exit_code == 0 and built.exit_code == 0, checked.output + built.output
    assert (project / "site/p/index.html").is_file()


def test_a_page_only_in_docs_does_not_count_when_docs_dir_is_another(runner, project):
    configure(project, "docs_dir: content\n")
    with_link(project)
    write(project, {"docs/p.md": "# P\n", "content/other.md": "# O\n"})
    checked, built = check_and_build(runner, project)
    assert checked.exit_code == 1 and built.exit_code == 1
    assert "error[missing-page]" in checked.stdout and "p.md" in built.output


def test_a_collision_in_docs_dir_is_found_there(runner, project):
    configure(project, "docs_dir: content\n")
    write(project, {"content/index.md": "# Mine\n", "docs/index.md": "# Not read\n"})
    assert_same_refusal(runner, project, "content/index.md")


# --- output URLs, as MkDocs computes them ---------------------------------------------------------

@pytest.mark.parametrize("src", ["x.md", "a/index.md", "a/README.md", "a/b.markdown", "README.md", "a/x.mdown",
                                 "a/readme.md", "assets/spm.js", "a/b.md.bak", "img/x.png"])
@pytest.mark.parametrize("directory_urls", [True, False])
def test_output_path_is_mkdocs_own(src, directory_urls):
    file = File(src, "/docs", "/site", directory_urls)
    assert output_path(src, directory_urls) == file.dest_uri
