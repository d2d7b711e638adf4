"""Old URLs in a real browser: a renamed role's bookmark lands on its new page, a retired one explains.

Two builds of a small framework whose account executive was once `sales-rep` (and `ae`) and whose
sales engineer was retired: with directory URLs (the default) and without (`.html` pages). Each is
served on 127.0.0.1 and opened in Debian's Chromium through Playwright; every request to another
host is refused and recorded, so a redirect that reached out would fail its test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MINIMAL, write_framework
from served import build_site, guarded_page, serve_folder

pytestmark = pytest.mark.browser

FILES = {
    "roles/account-executive.yml": MINIMAL["roles/account-executive.yml"].replace(
        "name: Account executive\n", "name: Account executive\nprevious_ids: [sales-rep, ae]\n"),
    "retired.yml": "retired:\n  - kind: role\n    id: sales-engineer\n    name: Sales engineer\n"
                   "    edition: '2027'\n    replaced_by: account-executive\n"
                   "    reason: Account executives now run their own demonstrations.\n",
}








def build(folder: Path, directory_urls: bool) -> Path:
    """`spm-site build` in a separate process, with a mkdocs.yml that sets use_directory_urls."""
    write_framework(folder / "framework", {**MINIMAL, **FILES})
    (folder / "mkdocs.yml").write_text(
        f"site_name: T\nuse_directory_urls: {'true' if directory_urls else 'false'}\n"
        "theme:\n  name: material\n  font: false\nplugins:\n  - search\n  - spm\n")
    return build_site(None, folder / "site", cwd=folder)


@pytest.fixture(scope="module", params=[True, False], ids=["directory-urls", "html-urls"])
def served(request, tmp_path_factory):
    with serve_folder(build(tmp_path_factory.mktemp("editions"), request.param)) as url:
        yield url, request.param


@pytest.fixture
def page(browser):
    with guarded_page(browser) as tab:
        yield tab


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
