"""Pages converted, indexed and scanned in worker processes (engine/parallel.py) give the same site.

Workers are forked only in a process with no other threads, which a pytest-xdist worker is not, so
every build here runs `spm-site build` in a process of its own, as an author or a CI job would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from spm_site.engine import parallel

REPO = Path(__file__).resolve().parent.parent
SPM_SITE = str(Path(sys.executable).with_name("spm-site"))


def build(cwd: Path, site: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run([SPM_SITE, "build", "--site-dir", str(site), "-v", *options], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a site but its marker, which names the folder it belongs to."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".spm-site"}


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The sample built in one process and with two workers, and what the second build said."""
    out = tmp_path_factory.mktemp("parallel")
    one = build(REPO, out / "one", "-j", "1")
    assert one.returncode == 0, one.stdout + one.stderr
    two = build(REPO, out / "two", "-j", "2")
    assert two.returncode == 0, two.stdout + two.stderr
    return out / "one", out / "two", two.stderr


def test_two_workers_build_the_same_bytes_as_one_process(sites):
    one, two, _ = sites
    a, b = files(one), files(two)
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []
    assert len(a) > parallel.MIN_PAGES  # enough pages that the workers really ran


def test_the_workers_really_converted_the_pages(sites):
    _, _, said = sites
    assert "in 2 processes" in said  # engine/plugin.py on_nav's debug line
    # MkDocs then found every page of ours in the cache, and converted none itself
    line = next(line for line in said.splitlines() if "page cache:" in line)
    assert " 0 new, search" in line, line


def test_a_hostile_page_fails_the_scan_in_workers(tmp_path):
    shutil.copytree(REPO / "framework", tmp_path / "framework")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.md").write_text("# Notes\n\n<img src=x onerror=alert(1)>\n")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\ntheme:\n  name: material\nplugins:\n  - search\n  - spm\n")
    done = build(tmp_path, tmp_path / "site", "-j", "2")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "notes/index.html" in done.stderr and "onerror" in done.stderr
    assert not (tmp_path / "site").exists()  # nothing half-built is left where the site would be


def test_one_worker_is_asked_for_where_forking_is_unsafe():
    # pytest-xdist's worker runs threads of its own: this process must not fork a build
    import threading

    if threading.active_count() > 1:
        assert parallel.workers_wanted(4) == 1
    else:
        assert parallel.workers_wanted(4) == 4
    assert parallel.workers_wanted(1) == 1


def test_map_forked_keeps_the_order_and_the_values():
    squares = parallel.map_forked(lambda i: i * i, 200, 1)
    assert squares == [i * i for i in range(200)]
