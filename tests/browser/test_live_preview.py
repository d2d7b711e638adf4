"""The live preview in a real browser: a save that breaks the framework turns the open page into the
list of what is wrong, and the save that fixes it brings the handbook back, with no manual reload.

A real `spm-site serve` runs on 127.0.0.1 over a temporary copy of the sample (framework/,
mkdocs.yml, theme/), and Debian's Chromium opens it through Playwright; every request to another
host is refused and recorded, and so is every console error (a script the page's policy blocks).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from preview_server import serve

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
ROLE_FILE = "framework/roles/account-executive.yml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO / "framework", root / "framework")
    shutil.copytree(REPO / "theme", root / "theme")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def test_a_broken_save_shows_the_findings_and_the_fix_brings_the_handbook_back(project, browser):
    role = project / ROLE_FILE
    good = role.read_text()
    outside: list[str] = []
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def route(r) -> None:  # noqa: ANN001 - a Playwright Route
        if urlparse(r.request.url).hostname == "127.0.0.1":
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    with serve(project) as served:
        try:
            page.goto(served.url + "roles/account-executive/")
            assert page.locator("h1").first.inner_text().strip().rstrip("¶").strip() == "Account executive"

            lines = good.splitlines()
            broken = "\n".join(lines[:2] + ["  purpose: [unclosed"] + lines[2:]) + "\n"
            role.write_text(broken)
            page.wait_for_selector("h1:has-text('The handbook could not be rebuilt')", timeout=30_000)
            where = page.locator("li.finding.error .where code").first.inner_text()
            assert where.startswith(f"{ROLE_FILE}:")
            assert int(where.split(":")[1]) in range(3, 5)
            assert "YAML" in page.locator("li.finding.error .message").first.inner_text()
            assert page.locator("li.finding.error .help").first.is_visible()
            # the page's own policy lets it ask this server, and assets still come from the last good build
            assert page.evaluate("fetch('/assets/spm.css').then(r => r.status)") == 200
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "preview-error-page.png"), full_page=True)

            role.write_text(good)
            page.wait_for_selector("h1:has-text('Account executive')", timeout=30_000)
            assert page.url == served.url + "roles/account-executive/"
            assert page.locator("li.finding").count() == 0
        finally:
            context.close()  # before the server stops: its reload poll is still open
    assert outside == []
    assert [e for e in errors if "status of 500" not in e] == []  # no script blocked, no script error
