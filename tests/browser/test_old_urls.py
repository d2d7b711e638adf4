"""Old URLs in a real browser: a renamed role's bookmark lands on its new page, a retired one explains.

Two builds of a small framework whose account executive was once `sales-rep` (and `ae`) and whose
sales engineer was retired: with directory URLs (the default) and without (`.html` pages). Each is
served on 127.0.0.1 and opened in Debian's Chromium through Playwright; every request to another
host is refused and recorded, so a redirect that reached out would fail its test.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import MINIMAL, write_framework

pytestmark = pytest.mark.browser

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--no-first-run", "--disable-sync"]
FILES = {
    "roles/account-executive.yml": MINIMAL["roles/account-executive.yml"].replace(
        "name: Account executive\n", "name: Account executive\nprevious_ids: [sales-rep, ae]\n"),
    "retired.yml": "retired:\n  - kind: role\n    id: sales-engineer\n    name: Sales engineer\n"
                   "    edition: '2027'\n    replaced_by: account-executive\n"
                   "    reason: Account executives now run their own demonstrations.\n",
}


def unavailable(message: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def chromium() -> str:
    path = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
    if not path:
        unavailable("Chromium is not installed: `apt-get install chromium` (Debian) to run the browser tests")
    try:
        import playwright  # noqa: F401
    except ImportError:
        unavailable("Playwright is not installed: `pip install -e '.[test]'`")
    return path


@pytest.fixture(scope="module")
def browser(chromium: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        yield b
        b.close()


def build(folder: Path, directory_urls: bool) -> Path:
    """`spm-site build` in a separate process, with a mkdocs.yml that sets use_directory_urls."""
    write_framework(folder / "framework", {**MINIMAL, **FILES})
    (folder / "mkdocs.yml").write_text(
        f"site_name: T\nuse_directory_urls: {'true' if directory_urls else 'false'}\n"
        "theme:\n  name: material\n  font: false\nplugins:\n  - search\n  - spm\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([str(Path(sys.executable).with_name("spm-site")), "build"], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return folder / "site"


@pytest.fixture(scope="module", params=[True, False], ids=["directory-urls", "html-urls"])
def served(request, tmp_path_factory):
    site = build(tmp_path_factory.mktemp("editions"), request.param)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/", request.param
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    outside: list[str] = []

    def route(r) -> None:  # noqa: ANN001 - a Playwright Route
        if urlparse(r.request.url).hostname == "127.0.0.1":
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.outside = outside
    yield tab
    context.close()


def url_of(base: str, directory_urls: bool, path: str) -> str:
    return base + (f"{path}/" if directory_urls else f"{path}.html")


@pytest.mark.parametrize("old", ["sales-rep", "ae"])
def test_a_bookmark_of_a_former_id_lands_on_the_new_page(served, page, old):
    base, directory_urls = served
    page.goto(url_of(base, directory_urls, f"roles/{old}"))
    page.wait_for_url(url_of(base, directory_urls, "roles/account-executive"))
    assert page.locator("article h1").inner_text().strip().rstrip("¶").strip() == "Account executive"
    assert page.outside == []


def test_the_anchor_of_an_old_link_is_kept(served, page):
    base, directory_urls = served
    page.goto(url_of(base, directory_urls, "roles/sales-rep") + "#level-l1")
    page.wait_for_url(url_of(base, directory_urls, "roles/account-executive") + "#level-l1")
    assert page.locator("#level-l1").is_visible()


def test_a_retired_role_s_old_url_says_what_became_of_it(served, page):
    base, directory_urls = served
    page.goto(url_of(base, directory_urls, "roles/sales-engineer"))
    article = page.locator("article")
    assert "Retired in edition 2027" in article.inner_text()
    article.get_by_role("link", name="Account executive").click()
    page.wait_for_url(url_of(base, directory_urls, "roles/account-executive"))
    assert page.outside == []
