"""The engine adapter as another organisation meets it: its own mkdocs.yml, no docs/ folder,
template overrides, a renamed config, other engines reading `spm-site render`'s output."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import MINIMAL, write_framework

REPO = Path(__file__).resolve().parent.parent
ROLE = "roles/account-executive/index.html"

#: What the pages show when their Markdown extensions are missing.
RAW_MARKDOWN = ("!!! abstract", "{: .spm-level-targets }", "{: .spm-step }", "{ #")

PLAIN_CONFIG = "site_name: T\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - spm:\n      framework: framework\n"

#: MINIMAL with a target at one level, so the role page has a `{: .spm-level-targets }` paragraph.
WITH_LEVEL_TARGETS = {"roles/account-executive.yml": MINIMAL["roles/account-executive.yml"].replace(
    "      - Runs a clean discovery call.\n",
    "      - Runs a clean discovery call.\n    targets:\n      - measure: win-rate\n        target: 30\n")}


@pytest.fixture
def project(tmp_path, monkeypatch, make_framework) -> Path:
    """An organisation's repository: the MINIMAL framework in framework/, run from its root."""
    make_framework(WITH_LEVEL_TARGETS)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def mkdocs(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Real `python -m mkdocs build --strict` in `folder`, as an organisation's CI runs it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *args],
                          cwd=folder, capture_output=True, text=True, env=env)


def assert_no_raw_markdown(page: str) -> None:
    body = page[page.index("<article"):page.index("</article>")]
    for raw in RAW_MARKDOWN:
        assert raw not in body, raw


@pytest.mark.parametrize("extensions", [
    "",
    "markdown_extensions:\n  - toc\n",
    "markdown_extensions:\n  - markdown.extensions.admonition\n  - attr_list\n",
])
def test_plain_mkdocs_yml_gets_the_extensions_the_pages_need(project, extensions):
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG + extensions)
    done = mkdocs(project)
    assert done.returncode == 0, done.stderr
    role = (project / "site" / ROLE).read_text()
    assert_no_raw_markdown(role)
    assert '<div class="admonition abstract">' in role
    assert 'class="spm-level-targets"' in role
    assert 'id="level-l1"' in role and 'class="headerlink"' in role


def test_a_users_own_toc_settings_are_kept(project):
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG + "markdown_extensions:\n  - toc:\n      permalink: false\n")
    assert mkdocs(project).returncode == 0
    role = (project / "site" / ROLE).read_text()
    assert 'id="level-l1"' in role
    assert 'class="headerlink"' not in role


def spm_site(runner, *args: str):
    from spm_site.cli import cli

    return runner.invoke(cli, list(args))


@pytest.mark.parametrize("docs_dir", ["", "docs_dir: handbook\n"])
def test_spm_site_build_needs_no_docs_folder(project, runner, docs_dir):
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG + docs_dir)
    done = spm_site(runner, "build", "-v")
    assert done.exit_code == 0, done.output
    assert "does not exist: building with an empty docs folder" in done.stderr
    assert_no_raw_markdown((project / "site" / ROLE).read_text())
    assert not (project / "docs").exists() and not (project / "handbook").exists()


def test_plain_mkdocs_build_still_needs_the_docs_folder(project):
    """MkDocs validates `docs_dir` before any plugin runs: the plugin cannot lend it a folder."""
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG)
    done = mkdocs(project)
    assert done.returncode == 1
    assert "isn't an existing directory" in done.stderr


@pytest.mark.parametrize("args", [(), ("framework",)])
def test_template_overrides_work_without_mkdocs_yml(project, runner, args):
    (project / "theme/templates").mkdir(parents=True)
    (project / "theme/templates/home.md.j2").write_text("# Welcome to {{ org.name|plain }}\n\nOur own front page.\n")
    done = spm_site(runner, "build", *args)
    assert done.exit_code == 0, done.output
    assert "Our own front page." in (project / "site/index.html").read_text()
    assert "At a glance" in (project / "site" / ROLE).read_text()


@pytest.mark.parametrize("name", ["mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml"])
def test_the_config_is_found_under_every_name_properdocs_reads(project, runner, name):
    (project / name).write_text(PLAIN_CONFIG.replace("site_name: T", "site_name: Renamed config"))
    done = spm_site(runner, "build")
    assert done.exit_code == 0, done.output
    assert f"Built the handbook into site/ with {name}" in done.stdout
    assert "Renamed config" in (project / "site/index.html").read_text()


def test_without_a_config_the_message_says_spm_sites_own_was_used(project, runner):
    done = spm_site(runner, "build")
    assert done.exit_code == 0, done.output
    assert "with spm-site's own configuration" in done.stdout


@pytest.mark.parametrize("names", [("mkdocs.yml", "properdocs.yml"), ("mkdocs.yml", "mkdocs.yaml"),
                                   ("properdocs.yaml", "mkdocs.yaml", "properdocs.yml")])
@pytest.mark.parametrize("command", ["build", "serve"])
def test_two_configs_at_once_are_refused(project, runner, names, command):
    for name in names:
        (project / name).write_text(PLAIN_CONFIG)
    done = spm_site(runner, command)
    assert done.exit_code == 2, done.output
    assert "are both here" in done.stderr and "--config-file" in done.stderr
    for name in names:
        assert name in done.stderr
    assert "Traceback" not in done.output and not (project / "site").exists()


def test_config_file_option_chooses_between_two(project, runner):
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG)
    (project / "properdocs.yml").write_text(PLAIN_CONFIG.replace("site_name: T", "site_name: Chosen"))
    done = spm_site(runner, "build", "--config-file", "properdocs.yml")
    assert done.exit_code == 0, done.output
    assert "Chosen" in (project / "site/index.html").read_text()


def test_properdocs_builds_the_handbook(project):
    """ProperDocs (MkDocs' continuation) reads properdocs.yml and runs the spm plugin unchanged."""
    (project / "docs").mkdir()
    (project / "properdocs.yml").write_text(PLAIN_CONFIG)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict"],
                          cwd=project, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    role = (project / "site" / ROLE).read_text()
    assert "At a glance" in role
    assert_no_raw_markdown(role)


def figure(page: str) -> str:
    """The line-of-sight diagram of a built page."""
    start = page.index('<figure class="spm-los"')
    return page[start:page.index("</figure>", start)]


def test_render_writes_files_that_plain_mkdocs_builds(project, runner):
    done = spm_site(runner, "render", "-o", "out")
    assert done.exit_code == 0, done.output
    out = project / "out"
    assert (out / ".spm-site").is_file() and (out / "docs/assets/spm.css").is_file()
    config = yaml.safe_load((out / "mkdocs.yml").read_text())
    assert "plugins" not in config
    assert {"Roles": "roles/index.md"} in config["nav"]
    built = mkdocs(out)
    assert built.returncode == 0, built.stderr
    role = (out / "site" / ROLE).read_text()
    assert "At a glance" in role and "Runs a clean discovery call." in role
    assert 'href="../../measures/win-rate/"' in role
    assert '<link rel="stylesheet" href="../../assets/spm.css">' in role
    assert_no_raw_markdown(role)
    assert "data-spm-fragment" not in role
    # The diagram is the one the plugin's own build shows.
    assert spm_site(runner, "build").exit_code == 0
    assert figure(role) == figure((project / "site" / ROLE).read_text())


def test_render_output_builds_with_properdocs(project, runner):
    assert spm_site(runner, "render", "-o", "out").exit_code == 0
    (project / "out/properdocs.yml").write_bytes((project / "out/mkdocs.yml").read_bytes())
    (project / "out/mkdocs.yml").unlink()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "properdocs", "build", "--strict"],
                          cwd=project / "out", capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "At a glance" in (project / "out/site" / ROLE).read_text()


@pytest.mark.parametrize(("out", "reason"), [
    (".", "it contains the framework folder"),
    ("framework", "it is the framework folder"),
    ("framework/roles", "it lies inside the framework folder"),
    ("theme", "it contains the templates folder"),
])
def test_render_refuses_the_authors_folders(project, runner, out, reason):
    (project / "theme/templates").mkdir(parents=True)
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    done = spm_site(runner, "render", "-o", out)
    assert done.exit_code == 2, done.output
    assert "refusing to build the site here" in done.stderr and reason in done.stderr
    assert "--output-dir" in done.stderr and "Traceback" not in done.output
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_render_refuses_a_folder_it_did_not_write_and_replaces_its_own(project, runner):
    (project / "notes").mkdir()
    (project / "notes/todo.txt").write_text("mine\n")
    assert spm_site(runner, "render", "-o", "notes").exit_code == 2
    assert (project / "notes/todo.txt").read_text() == "mine\n"
    assert spm_site(runner, "render", "-o", "out").exit_code == 0
    (project / "out/docs/stale.md").write_text("# Stale\n")
    assert spm_site(runner, "render", "-o", "out").exit_code == 0
    assert not (project / "out/docs/stale.md").exists()


def test_render_reports_framework_errors_and_writes_nothing(project, runner):
    (project / "framework/roles/head-of-sales.yml").write_text("name: Head\nnmae: typo\n")
    done = spm_site(runner, "render", "-o", "out")
    assert done.exit_code == 1
    assert "roles/head-of-sales.yml:2:1: error[unknown-key]" in done.stderr
    assert not (project / "out").exists()


#: The sitemap lists pages (with their dates) only when the site has a URL.
SITE_URL = "site_url: https://handbook.example.org/\n"


def lastmods(site: Path) -> set[str]:
    return set(re.findall(r"<lastmod>([^<]+)</lastmod>", (site / "sitemap.xml").read_text()))


def test_two_builds_in_one_process_each_date_their_own_sitemap(tmp_path, monkeypatch, runner):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    (tmp_path / "mkdocs.yml").write_text(PLAIN_CONFIG + SITE_URL)
    for name, approved in (("a", "2026-10-01"), ("b", "2025-03-04"), ("c", "2026-10-01")):
        org = MINIMAL["organisation.yml"].replace("approved_on: 2026-10-01", f"approved_on: {approved}")
        write_framework(tmp_path / name, {**MINIMAL, "organisation.yml": org})
        done = spm_site(runner, "build", name, "-d", f"site-{name}")
        assert done.exit_code == 0, done.output
        assert lastmods(tmp_path / f"site-{name}") == {approved}
        assert "SOURCE_DATE_EPOCH" not in os.environ


def test_a_source_date_epoch_the_user_set_wins_and_stays(project, runner, monkeypatch):
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG + SITE_URL)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "946771200")  # 2000-01-02
    assert spm_site(runner, "build").exit_code == 0
    assert lastmods(project / "site") == {"2000-01-02"}
    assert os.environ["SOURCE_DATE_EPOCH"] == "946771200"


def test_framework_dir_argument_reaches_the_plugin_through_its_config(project, runner):
    """FRAMEWORK_DIR wins over the `framework` option of the repository's mkdocs.yml, other options kept."""
    other = MINIMAL["organisation.yml"].replace("name: Acme Field Services", "name: Other Org")
    write_framework(project / "other", {**MINIMAL, "organisation.yml": other})
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG.replace("site_name: T", "site_name: Performance handbook")
                                        + "      alignment_page: false\n")
    done = spm_site(runner, "build", "other")
    assert done.exit_code == 0, done.output
    assert "Other Org handbook" in (project / "site/index.html").read_text()
    assert not (project / "site/alignment").exists()


def test_the_plugin_lives_across_rebuilds(project):
    """MkDocs keeps a plugin that defines on_startup: `serve` rebuilds with the same one."""
    from mkdocs.config import load_config

    from spm_site.engine.build import config_overrides
    from spm_site.engine.plugin import DEFAULT_CONFIG

    first, second = (load_config(str(DEFAULT_CONFIG), docs_dir=str(project), **config_overrides(None, Path("framework")))
                     for _ in range(2))
    assert first.plugins["spm"] is second.plugins["spm"]
    assert first.plugins["spm"].config.framework == str((project / "framework").resolve())


def test_no_side_channel_is_left_in_the_code():
    code = "\n".join(p.read_text() for p in (REPO / "spm_site").rglob("*.py"))
    for channel in ("SPM_SITE_FRAMEWORK", "preloaded", "setdefault(\"SOURCE_DATE_EPOCH\""):
        assert channel not in code


@pytest.mark.parametrize("config", [None, PLAIN_CONFIG, PLAIN_CONFIG.replace(
    "plugins:\n  - search\n  - spm:\n      framework: framework\n",
    "plugins:\n  search: {}\n  spm:\n    framework: elsewhere\n    alignment_page: false\n")])
def test_the_framework_override_survives_every_rebuild(project, config):
    """`serve` loads its config with the same overrides for every rebuild: the second must name the folder too."""
    from mkdocs.config import load_config

    from spm_site.engine.build import config_overrides
    from spm_site.engine.plugin import DEFAULT_CONFIG

    (project / "docs").mkdir()
    if config is not None:
        (project / "mkdocs.yml").write_text(config)
    path = project / "mkdocs.yml" if config else DEFAULT_CONFIG
    overrides = config_overrides(path if config else None, Path("framework"))
    for _ in range(2):
        loaded = load_config(str(path), docs_dir=str(project / "docs"), **overrides)
        assert loaded.plugins["spm"].config.framework == str((project / "framework").resolve())
        assert any(name.endswith("search") for name in loaded.plugins)
    if config and "alignment_page" in config:
        assert loaded.plugins["spm"].config.alignment_page is False


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("site_dir", ["framework", "framework/out", ".git", "notes"])
def test_plain_mkdocs_build_refuses_a_site_dir_that_holds_the_author_s_files(project, site_dir):
    """MkDocs empties `site_dir` before it builds: the plugin refuses first, as `spm-site build` does.

    (A site_dir holding docs_dir MkDocs refuses by itself.)"""
    (project / ".git").mkdir()
    (project / ".git/HEAD").write_text("ref: refs/heads/main\n")
    (project / "notes").mkdir()
    (project / "notes/mine.txt").write_text("not spm-site's")
    (project / "docs").mkdir()
    (project / "docs/notes.md").write_text("# Notes\n")
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG + f"site_dir: {site_dir}\n")
    before = _tree(project)
    done = mkdocs(project)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "error[site-dir]" in done.stderr
    assert _tree(project) == before


def test_plain_mkdocs_build_marks_its_site_and_rebuilds_it(project):
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG)
    assert mkdocs(project).returncode == 0
    assert (project / "site/.spm-site").is_file()
    assert mkdocs(project).returncode == 0, "a marked site folder is ours to replace"
    (project / "other").mkdir()
    (project / "other/keep.txt").write_text("mine")
    done = mkdocs(project, "--site-dir", "other")
    assert done.returncode == 1 and "did not build it" in done.stderr
    assert (project / "other/keep.txt").read_text() == "mine"


def test_material_web_fonts_are_turned_off(project):
    """`theme: material` alone would load Google Fonts on every page: the handbook makes no outside request."""
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG.replace("theme:\n  name: material\n  font: false\n",
                                                             "theme: material\n"))
    done = mkdocs(project)
    assert done.returncode == 0, done.stderr
    page = (project / "site" / ROLE).read_text()
    assert "fonts.googleapis.com" not in page and "fonts.gstatic.com" not in page


def test_serve_works_without_the_docs_folder_its_config_names(project):
    """Like `spm-site build`, `serve` previews a handbook of generated pages only: no docs/ needed."""
    import signal
    import socket
    import time
    import urllib.request

    (project / "mkdocs.yml").write_text(PLAIN_CONFIG)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    spm_site = Path(sys.executable).parent / "spm-site"
    proc = subprocess.Popen([str(spm_site), "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else "serve stopped"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/roles/account-executive/", timeout=5) as r:
                    page = r.read()
                break
            except OSError:
                assert time.monotonic() < deadline, "serve never answered"
                time.sleep(0.1)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=60)
    assert b"At a glance" in page
    assert not (project / "docs").exists()


def test_mkdocs_python_api_refuses_a_folder_spm_site_did_not_build(project):
    """MkDocs' own `build()` announces no command to plugins: the guard must hold there too."""
    (project / "docs").mkdir()
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG)
    (project / "victim").mkdir()
    (project / "victim/keep.txt").write_text("mine")
    code = ("from mkdocs.config import load_config; from mkdocs.commands.build import build; "
            "build(load_config('mkdocs.yml', site_dir='victim'))")
    done = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode != 0 and "did not build it" in done.stderr, done.stderr
    assert (project / "victim/keep.txt").read_text() == "mine"


def test_render_reads_the_config_as_check_does_and_refuses_links_to_pages_it_does_not_copy(runner, project):
    """`render` takes the plugin's framework and settings; hand-written pages stay behind, so no link may name them."""
    role = project / "framework/roles/account-executive.yml"
    role.write_text(role.read_text().replace("Win new customers who will succeed with us.",
                                             "Win new customers; see [notes](notes.md)."))
    (project / "docs").mkdir()
    (project / "docs/notes.md").write_text("# Notes\n")
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG + "      limits:\n        max_file_kb: 16\n")
    assert spm_site(runner, "check").exit_code == 0
    done = spm_site(runner, "render", "-o", "out")
    assert done.exit_code == 1 and "error[missing-page]" in done.output, done.output
    assert not (project / "out").exists()
    (project / "docs/notes.md").unlink()
    role.write_text(role.read_text().replace("; see [notes](notes.md).", "."))
    role.write_text(role.read_text() + "# " + "x" * 17_000 + "\n")  # over the plugin's 16 KiB limit
    done = spm_site(runner, "render", "-o", "out")
    assert done.exit_code == 1 and "error[file-too-large]" in done.output, done.output
