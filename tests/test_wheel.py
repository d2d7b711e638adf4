"""spm-site installed from a wheel, in another organisation's repository, away from this source tree."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "-w", str(out), str(REPO)], check=True, capture_output=True)
    (found,) = out.glob("spm_site-*.whl")
    return found


def test_wheel_carries_templates_theme_and_defaults(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "spm_site/site/templates/role.md.j2" in names
    assert "spm_site/site/theme/assets/spm.css" in names
    assert "spm_site/engine/defaults/mkdocs.yml" in names
    # the catalogues are source, compiled when a build needs them: no .mo file is shipped
    assert {"spm_site/locale/spm.pot", "spm_site/locale/de/LC_MESSAGES/spm.po",
            "spm_site/locale/en/LC_MESSAGES/spm.po"} <= names
    assert not any(n.endswith(".mo") for n in names)
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "spm = spm_site.engine.plugin:SpmPlugin" in entry_points and "spm-site = spm_site.cli:main" in entry_points


def test_installed_wheel_builds_another_organisations_handbook(wheel, tmp_path):
    """A fresh environment with only the wheel (dependencies borrowed from ours) builds the clinic."""
    env_dir = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    py = env_dir / "bin" / "python"
    purelib = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  check=True, capture_output=True, text=True).stdout.strip())
    # Dependencies come from the test environment; spm-site itself only from the wheel.
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (purelib / "deps.pth").write_text("\n".join(deps) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(purelib), str(wheel)],
                   check=True, capture_output=True)
    repo = tmp_path / "their-repo"
    shutil.copytree(REPO / "tests/fixtures/clinic", repo / "framework")
    env = {**os.environ, "PYTHONPATH": "", "NO_MKDOCS_2_WARNING": "1"}
    script = "import spm_site, sys; from spm_site.cli import main; sys.argv = ['spm-site', 'build']; main()"
    done = subprocess.run([str(py), "-c", script], cwd=repo, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    check = subprocess.run([str(py), "-c", "import spm_site; print(spm_site.__file__)"], cwd=repo, env=env,
                           capture_output=True, text=True)
    assert str(purelib) in check.stdout  # not the source tree
    assert (repo / "site/roles/index.html").is_file()
    assert (repo / "site/assets/spm.css").is_file()
