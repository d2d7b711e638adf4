"""`spm-site build --cache DIR` copies the site the last build kept when nothing it reads has changed
(engine/site_memo.py), and builds afresh the moment anything has."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from spm_site.cli import cli
from spm_site.engine import site_memo

REPO = Path(__file__).resolve().parent.parent
KEPT = "nothing changed since the last build"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """The sample framework in a project of its own, built from there with spm-site's defaults."""
    shutil.copytree(REPO / "framework", tmp_path / "framework")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


def build(runner, site: str = "site", *options: str):
    return runner.invoke(cli, ["build", "framework", "--site-dir", site, "--cache", ".cache", *options])


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".spm-site"}


def test_an_unchanged_build_copies_the_kept_site_byte_for_byte(runner, project):
    first = build(runner, "one")
    assert first.exit_code == 0, first.output
    assert KEPT not in first.output
    again = build(runner, "two")
    assert again.exit_code == 0, again.output
    assert KEPT in again.output
    plain = runner.invoke(cli, ["build", "framework", "--site-dir", "plain"])
    assert plain.exit_code == 0, plain.output
    assert files(project / "two") == files(project / "one") == files(project / "plain")
    assert (project / "two" / ".spm-site").is_file()  # the copy is a site spm-site may replace again


@pytest.mark.parametrize("change", ["framework", "docs", "config", "template", "option"])
def test_any_change_of_input_builds_afresh(runner, project, change):
    assert build(runner).exit_code == 0
    options: tuple[str, ...] = ()
    role = project / "framework" / "roles" / "account-executive.yml"
    if change == "framework":
        role.write_text(role.read_text().replace("Win new customers", "Find and win new customers", 1))
    elif change == "docs":
        (project / "docs").mkdir()
        (project / "docs" / "notes.md").write_text("# Notes\n\nA page of our own.\n")
        (project / "mkdocs.yml").write_text("site_name: Notes\ntheme:\n  name: material\nplugins:\n  - search\n  - spm\n")
    elif change == "config":
        (project / "mkdocs.yml").write_text("site_name: Ours\ntheme:\n  name: material\nplugins:\n  - search\n  - spm\n")
    elif change == "template":
        (project / "theme" / "templates").mkdir(parents=True)
        (project / "theme" / "templates" / "feedback.md.j2").write_text("# Feedback\n\nOur own words.\n")
    else:
        options = ("--as-of", "2027-01-15")
    done = build(runner, "site", *options)
    assert done.exit_code == 0, done.output
    assert KEPT not in done.output
    shown = {"framework": ("roles/account-executive/index.html", "Find and win new customers"),
             "docs": ("notes/index.html", "A page of our own."),
             "config": ("index.html", "<title>Ours</title>"),
             "template": ("feedback/index.html", "Our own words."),
             "option": ("roles/account-executive/index.html", "as of 15 January 2027")}[change]
    assert shown[1] in (project / "site" / shown[0]).read_text()
    # and the next unchanged build copies this new site, not the first one
    kept = build(runner, "copy", *options)
    assert KEPT in kept.output
    assert files(project / "copy") == files(project / "site")


def test_a_variable_the_config_reads_is_part_of_the_input(runner, project, monkeypatch):
    (project / "mkdocs.yml").write_text("site_name: !ENV [HANDBOOK_NAME, Handbook]\ntheme:\n  name: material\n"
                                        "plugins:\n  - search\n  - spm\n")
    monkeypatch.setenv("HANDBOOK_NAME", "First")
    assert build(runner).exit_code == 0
    monkeypatch.setenv("HANDBOOK_NAME", "Second")
    done = build(runner)
    assert KEPT not in done.output
    assert "<title>Second</title>" in (project / "site" / "index.html").read_text()


def test_a_build_with_errors_keeps_nothing_and_the_last_site_stays_kept(runner, project):
    assert build(runner).exit_code == 0
    key = (project / ".cache" / site_memo.KEY).read_text()
    role = project / "framework" / "roles" / "account-executive.yml"
    good = role.read_text()
    role.write_text(good.replace("function: sales", "function: no-such-function", 1))
    failed = build(runner)
    assert failed.exit_code == 1, failed.output
    assert (project / ".cache" / site_memo.KEY).read_text() == key
    role.write_text(good)
    assert KEPT in build(runner).output


def test_a_comparison_with_a_previous_edition_is_always_built(runner, project):
    shutil.copytree(project / "framework", project / "before")
    first = build(runner, "site", "--since", "before")
    assert first.exit_code == 0, first.output
    again = build(runner, "site", "--since", "before")
    assert again.exit_code == 0, again.output
    assert KEPT not in again.output  # what `before` names can change without any file here changing


def test_the_key_covers_each_file_its_name_and_its_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a, b):
        (folder / "roles").mkdir(parents=True)
        (folder / "roles" / "one.yml").write_text("id: one\n")
    key = site_memo.input_key({"framework": a}, None, {})
    assert site_memo.input_key({"framework": b}, None, {}) == key  # where the folder is: in the options
    assert site_memo.input_key({"framework": a}, None, {"strict": False}) != key
    (b / "roles" / "one.yml").write_text("id: one \n")
    assert site_memo.input_key({"framework": b}, None, {}) != key
    (b / "roles" / "one.yml").write_text("id: one\n")
    (b / "roles" / "one.yml").rename(b / "roles" / "two.yml")
    assert site_memo.input_key({"framework": b}, None, {}) != key
    assert site_memo.input_key({"docs": a}, None, {}) != key  # the same files as docs are another input
