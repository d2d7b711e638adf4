"""The site folder is spm-site's alone: no `-d` value makes a build touch the author's files.

Every test works in a real git repository (framework, mkdocs.yml, docs/, theme/, a commit, an
untracked file and an uncommitted change) and compares a digest of the whole tree, .git included,
before and after.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import MINIMAL, write_framework

from spm_site.cli import cli
from spm_site.engine.sitedir import LOCK_TEXT, MARKER, marker_text

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "spm_site/site/templates"
SPM_SITE = Path(sys.executable).with_name("spm-site")

MKDOCS_YML = """\
site_name: T
docs_dir: docs
theme:
  name: material
  font: false
  custom_dir: theme/overrides
extra_css:
  - assets/org.css
  - assets/team.css
plugins:
  - spm:
      framework: framework
      templates: theme/templates
"""


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Author", "-c", "user.email=author@example.com", *args],
                   cwd=repo, check=True, capture_output=True)


def tree_digest(root: Path, skip: Path | None = None) -> str:
    """Every folder, file (path, mode, bytes) and link (path, target) under `root`, except `skip`."""
    digest = hashlib.sha256()
    for top, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if Path(top, d) != skip)
        digest.update(b"D" + os.fsencode(os.path.relpath(top, root)) + b"\0")
        for name in sorted(files + [d for d in dirs if Path(top, d).is_symlink()]):
            path = Path(top, name)
            rel = os.fsencode(path.relative_to(root))
            if path.is_symlink():
                digest.update(b"L" + rel + b"\0" + os.fsencode(os.readlink(path)) + b"\0")
            else:
                digest.update(b"F" + rel + b"\0" + oct(path.lstat().st_mode).encode() + path.read_bytes() + b"\0")
    return digest.hexdigest()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """A git work tree as an organisation keeps it, as the current folder; HOME is a folder of its own."""
    root = tmp_path / "repo"
    write_framework(root / "framework", MINIMAL)
    write_framework(root, {
        "mkdocs.yml": MKDOCS_YML,
        "docs/assets/team.css": ".team { color: teal; }\n",
        "theme/overrides/assets/org.css": ":root { --md-primary-fg-color: #334; }\n",
        "theme/templates/home.md.j2": (PACKAGE_TEMPLATES / "home.md.j2").read_text(),
        "notes/plan.txt": "not a site\n",
    })
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "The handbook")
    (root / "draft.txt").write_text("uncommitted work\n")
    (root / "docs/assets/team.css").write_text(".team { color: navy; }\n")
    (root / "link-to-root").symlink_to(root)
    (root / "loop").symlink_to("loop")
    home = tmp_path / "home"
    home.mkdir()
    (home / ".profile").write_text("export EDITOR=vi\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(root)
    return root


def build(runner, site: str | Path, *args: str):
    return runner.invoke(cli, ["build", "framework", "-d", str(site), *args])


def assert_refused(result, needle: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "error[site-dir]: refusing to build the site here" in result.output
    assert needle in result.output
    assert "help: pass a new folder" in result.output and "--site-dir site" in result.output


@pytest.mark.parametrize(("site", "reason"), [
    (".", "it contains the framework folder"),
    ("REPO", "it contains the framework folder"),
    ("framework", "it is the framework folder"),
    ("framework/sub", "it lies inside the framework folder"),
    ("framework/roles", "it lies inside the framework folder"),
    ("docs", "it is the docs folder"),
    ("docs/site", "it lies inside the docs folder"),
    ("theme", "it contains the templates folder"),
    ("theme/templates", "it is the templates folder"),
    ("theme/overrides/site", "it lies inside the theme's custom_dir"),
    ("..", "it contains"),
    (".git", "it is a git repository's own .git folder"),
    (".git/site", "it lies inside a git repository's own .git folder"),
    ("notes", "it is not empty and spm-site did not build it"),
    ("draft.txt", "it is a file, not a folder"),
    ("mkdocs.yml", "it is a file, not a folder"),
    ("link-to-root", "it is a symbolic link"),
    ("link-to-root/", "it is a symbolic link"),
    ("link-to-root/framework", "it is the framework folder"),
    ("link-to-root/docs/../framework/roles", "it lies inside the framework folder"),
    ("loop", "it is a symbolic link"),
    ("loop/site", "spm-site cannot tell what it holds"),
    ("HOME", "it is your home folder"),
    ("HOME/..", "it contains your home folder"),
    ("/", "it is the root of the file system"),
])
def test_refused_site_folders_change_nothing(runner, repo, site, reason):
    site = site.replace("REPO", str(repo)).replace("HOME", os.environ["HOME"])
    before = tree_digest(repo.parent)
    result = build(runner, site)
    assert_refused(result, reason)
    assert tree_digest(repo.parent) == before


def test_an_empty_home_is_refused_as_home(runner, repo, tmp_path, monkeypatch):
    """The home rule stands on its own: an empty folder could otherwise be replaced."""
    home = tmp_path / "empty-home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    assert_refused(build(runner, home), "it is your home folder")
    assert list(home.iterdir()) == []


def test_the_current_folder_is_refused_without_mkdocs_yml(runner, tmp_path, monkeypatch):
    """With spm-site's own configuration the current folder is the project, even when it is empty."""
    framework = write_framework(tmp_path / "framework", MINIMAL)
    here = tmp_path / "elsewhere"
    here.mkdir()
    monkeypatch.chdir(here)
    result = runner.invoke(cli, ["build", str(framework), "-d", "."])
    assert_refused(result, "it is the current folder")
    result = runner.invoke(cli, ["build", str(framework), "-d", str(tmp_path)])
    assert_refused(result, "it contains the framework folder")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "framework"]


def test_a_git_work_tree_is_refused_even_when_marked(runner, repo):
    """A site folder someone turned into a work tree (a gh-pages checkout) is not replaced."""
    assert build(runner, "site").exit_code == 0
    (repo / "site/.git").write_text("gitdir: ../.git/worktrees/site\n")
    before = tree_digest(repo)
    assert_refused(build(runner, "site"), "it is the root of a git work tree")
    (repo / "site/.git").unlink()
    (repo / "site/roles/.git").mkdir()
    before = tree_digest(repo)
    assert_refused(build(runner, "site"), f"it holds a git work tree at {repo / 'site/roles'}")
    assert tree_digest(repo) == before


def test_a_marker_must_be_a_real_marker(runner, repo):
    """A link named like the marker, or a file of that name with other text, does not make a folder ours."""
    (repo / "other").mkdir()
    (repo / "other/page.html").write_text("<p>mine</p>\n")
    (repo / "other" / MARKER).symlink_to(repo / "draft.txt")
    (repo / "another").mkdir()
    (repo / "another" / MARKER).write_text("my own settings\n")
    before = tree_digest(repo)
    assert_refused(build(runner, "other"), "spm-site did not build it")
    assert_refused(build(runner, "another"), "spm-site did not build it")
    assert tree_digest(repo) == before


def test_first_build_rebuild_and_empty_folder(runner, repo):
    """The folders a build may use; nothing outside the site folder changes, nothing is left beside it."""
    outside = tree_digest(repo, skip=repo / "site")
    first = build(runner, "site")
    assert first.exit_code == 0, first.output
    assert (repo / "site" / MARKER).read_bytes() == marker_text(repo / "site")
    assert (repo / "site/roles/account-executive/index.html").is_file()
    assert (repo / "site/assets/team.css").read_text() == ".team { color: navy; }\n"
    (repo / "site/stale.html").write_text("from an earlier build\n")
    again = build(runner, "site")
    assert again.exit_code == 0, again.output
    assert not (repo / "site/stale.html").exists()
    assert tree_digest(repo, skip=repo / "site") == outside
    (repo / "empty").mkdir()
    assert build(runner, "empty").exit_code == 0
    assert (repo / "empty" / MARKER).read_bytes() == marker_text(repo / "empty")
    assert sorted(p.name for p in repo.iterdir() if p.name.startswith(".")) == [".git"]


def test_the_marker_keeps_builds_byte_identical(runner, repo):
    """Every published file of two builds is the same; only the marker says which folder it is."""
    assert build(runner, "a").exit_code == 0
    assert build(runner, "b").exit_code == 0
    markers = [(repo / f / MARKER).read_bytes() for f in ("a", "b")]
    assert markers == [marker_text(repo / "a"), marker_text(repo / "b")]
    for f in ("a", "b"):
        (repo / f / MARKER).unlink()
    assert tree_digest(repo / "a") == tree_digest(repo / "b")


def test_a_copy_of_a_site_is_not_spm_site_s_to_replace(runner, repo):
    """Publishing by copying `site/` (marker and all) into a web root must not make the web root ours."""
    import shutil

    assert build(runner, "site").exit_code == 0
    shutil.copytree(repo / "site", repo / "webroot")
    (repo / "webroot/other-app.html").write_text("not the handbook")
    before = tree_digest(repo)
    result = build(runner, "webroot")
    assert result.exit_code == 2 and "it is a copy of a site" in result.output, result.output
    assert tree_digest(repo) == before


def test_leftovers_of_a_killed_build_are_removed_look_alikes_are_not(runner, repo):
    assert build(runner, "site").exit_code == 0
    for name in (".site-new-abcd1234", ".site-old-0f1e2d3c"):  # what a killed run leaves: marked
        (repo / name / "roles").mkdir(parents=True)
        (repo / name / "roles/index.html").write_text("partial\n")
        (repo / name / MARKER).write_bytes(marker_text(repo / "site"))
    kept = {
        ".site-new-user0001": "unmarked",          # our name, not our marker
        ".site-new-empty123": None,                # our name, empty
        ".site-backup": "marked",                  # our marker, not our name
        ".other-new-abcd1234": "marked",           # another site's name
    }
    for name, kind in kept.items():
        (repo / name).mkdir()
        if kind == "unmarked":
            (repo / name / "keep.txt").write_text("mine\n")
        if kind == "marked":
            (repo / name / MARKER).write_bytes(marker_text(repo / name))
    (repo / ".site-new-link1234").symlink_to(repo / ".site-backup")  # a link is never followed
    before = tree_digest(repo, skip=repo / "site")
    result = build(runner, "site")
    assert result.exit_code == 0, result.output
    assert not (repo / ".site-new-abcd1234").exists() and not (repo / ".site-old-0f1e2d3c").exists()
    assert {p.name for p in repo.iterdir() if p.name.startswith(".s") or p.name.startswith(".o")} == {
        *kept, ".site-new-link1234"}
    removed = tree_digest(repo, skip=repo / "site")
    for name in (".site-new-abcd1234", ".site-old-0f1e2d3c"):
        (repo / name / "roles").mkdir(parents=True)
        (repo / name / "roles/index.html").write_text("partial\n")
        (repo / name / MARKER).write_bytes(marker_text(repo / "site"))
    assert tree_digest(repo, skip=repo / "site") == before != removed


def _run_until_staging(repo: Path, sig: signal.Signals) -> subprocess.CompletedProcess:
    """Start a real build, wait until it writes into its staging folder, then send `sig`."""
    proc = subprocess.Popen([str(SPM_SITE), "build", "framework", "-d", "site"], cwd=repo,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not any(p.name != MARKER for s in repo.glob(".site-new-*") for p in s.iterdir()):
        assert proc.poll() is None and time.monotonic() < deadline, "the build ended before writing"
        time.sleep(0.002)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_terminated_build_cleans_up_and_keeps_the_site(runner, repo, sig):
    assert build(runner, "site").exit_code == 0
    before = tree_digest(repo)
    done = _run_until_staging(repo, sig)
    assert done.returncode in (1, 128 + sig), done.stderr
    assert "Traceback" not in done.stderr
    assert tree_digest(repo) == before  # no staging folder, no lock file, the site as it was


def test_a_killed_build_is_cleaned_up_by_the_next_run(runner, repo):
    assert build(runner, "site").exit_code == 0
    index = (repo / "site/index.html").read_bytes()
    done = _run_until_staging(repo, signal.SIGKILL)
    assert done.returncode == -signal.SIGKILL
    assert [p.name for p in repo.glob(".site-new-*")] != []
    assert (repo / "site/index.html").read_bytes() == index
    assert build(runner, "site").exit_code == 0
    assert sorted(p.name for p in repo.iterdir() if p.name.startswith(".")) == [".git"]


def test_a_concurrent_build_waits_then_fails_cleanly(runner, repo):
    assert build(runner, "site").exit_code == 0
    before = tree_digest(repo)
    with open(repo / ".site.lock", "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        started = time.monotonic()
        result = build(runner, "site", "--lock-timeout", "0.3")
        waited = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"{repo / 'site'}: error[site-dir]: another spm-site build into this folder is still running" in result.output
    assert "waited 0.3 s" in result.output and "site is unchanged" in result.output
    assert waited >= 0.3
    (repo / ".site.lock").unlink()
    assert tree_digest(repo) == before


def test_a_second_build_waits_for_the_first(repo):
    """While the lock is held a real build makes no staging folder; once it is free the build completes."""
    with open(repo / ".site.lock", "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        proc = subprocess.Popen([str(SPM_SITE), "build", "framework", "-d", "site"], cwd=repo,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(2)
        assert proc.poll() is None
        assert list(repo.glob(".site-new-*")) == []
        released = time.time()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert (repo / "site" / MARKER).stat().st_mtime > released - 0.1  # file times lag the clock a little
    assert not (repo / ".site.lock").exists()


def test_a_file_in_the_way_of_the_lock_is_left_alone(runner, repo):
    (repo / ".site.lock").write_text("somebody's notes\n")
    before = tree_digest(repo)
    result = build(runner, "site")
    assert result.exit_code == 1
    assert f"{repo / '.site.lock'}: error[site-dir]: this file is in the way of spm-site's lock file" in result.output
    assert "Traceback" not in result.output
    assert tree_digest(repo) == before
    assert LOCK_TEXT not in (repo / ".site.lock").read_bytes()


@pytest.mark.parametrize("target", ["draft.txt/site", "draft.txt/deeper/site"])
def test_a_file_where_a_parent_folder_should_be(runner, repo, target):
    before = tree_digest(repo)
    result = build(runner, target)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"{repo / target.rsplit('/', 1)[0]}: error[site-dir]: " in result.output
    assert "a file is in the way where a folder is needed" in result.output
    assert tree_digest(repo) == before


def _immutable(path: Path, on: bool) -> bool:
    """chattr +i: a folder even root cannot change (chmod does not stop root)."""
    done = subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True)
    return done.returncode == 0


@pytest.mark.parametrize("locked_down", ["parent", "site"])
def test_a_read_only_place_gives_a_located_error(runner, repo, locked_down):
    """A parent folder no one may write into, or a site folder that cannot be moved aside."""
    parent = repo / "public"
    parent.mkdir()
    assert build(runner, parent / "site").exit_code == 0
    target = parent if locked_down == "parent" else parent / "site"
    before = tree_digest(repo)
    if shutil.which("chattr") is None or not _immutable(target, True):
        pytest.skip("chattr +i is not available here, and as root nothing else makes a folder read-only")
    try:
        result = build(runner, parent / "site")
    finally:
        _immutable(target, False)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "error[site-dir]: Operation not permitted" in result.output
    assert "help: spm-site may not write here" in result.output
    assert tree_digest(repo) == before


def test_a_full_disk_gives_a_located_error_and_keeps_the_site(repo):
    """A file-size limit makes writes fail as a full disk does, in a real build of a real process."""
    assert subprocess.run([str(SPM_SITE), "build", "framework", "-d", "site"], cwd=repo,
                          capture_output=True).returncode == 0
    before = tree_digest(repo)

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    done = subprocess.run([str(SPM_SITE), "build", "framework", "-d", "site"], cwd=repo, capture_output=True,
                          text=True, preexec_fn=small_files)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert f"{repo}/.site-new-" in done.stderr and ": error[site-dir]: File too large (from " in done.stderr
    assert "help: a file size limit was reached" in done.stderr
    assert tree_digest(repo) == before


def test_serve_writes_nothing_into_the_work_tree(repo):
    """`serve` keeps pages in memory and builds into a temporary folder outside the project."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    before = tree_digest(repo)
    proc = subprocess.Popen([str(SPM_SITE), "serve", "framework", "-a", f"127.0.0.1:{port}"], cwd=repo,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        page = _first_page(f"http://127.0.0.1:{port}/roles/account-executive/", proc)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=60)
    assert b"At a glance" in page
    assert tree_digest(repo) == before


def _first_page(url: str, proc: subprocess.Popen) -> bytes:
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None, "serve stopped"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            assert time.monotonic() < deadline, "serve never answered"
            time.sleep(0.1)
