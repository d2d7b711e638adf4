"""A large organisation's split pages in a real browser (issue 14): the sample built with every split
threshold at its lowest (site/subpages.py), so that its pages split as a 5,000-role handbook's do.

Built in process (the thresholds are module settings, lowered here), with MkDocs' strict validation
of links and anchors; served on 127.0.0.1 and driven through Playwright with Debian's Chromium,
every request to another host refused.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from served import guarded_page, serve_folder

from spm_site.engine.build import build_handbook
from spm_site.site import subpages

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
THRESHOLDS = ("LEVEL_ROWS", "CASCADE_ROLE_LINKS", "COVERAGE_CELLS", "INDEX_ROLES", "CATALOGUE_MEASURES", "FINDINGS")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    root = tmp_path_factory.mktemp("split-browser")
    shutil.copytree(REPO / "framework", root / "framework")
    with pytest.MonkeyPatch.context() as patch:
        for name in THRESHOLDS:
            patch.setattr(subpages, name, 0)
        result, _ = build_handbook(root / "framework", root / "site")
    assert result.ok
    with serve_folder(root / "site") as url:
        yield url


@pytest.fixture
def page(browser):
    with guarded_page(browser) as tab:
        yield tab


def test_the_levels_page_leads_to_a_function_s_roles_at_that_level(page, base_url):
    page.goto(base_url + "levels/")
    senior = page.locator("article p", has_text="describe this level").nth(2)
    senior.get_by_role("link", name="Sales").click()
    assert page.url.endswith("levels/sales/#l3")
    assert page.locator("h1").inner_text().startswith("Career levels in Sales")
    table = page.locator("h2#l3 + table, h2#l3 ~ div table").first
    assert "Account executive" in table.inner_text()
    table.get_by_role("link", name="Account executive").click()
    assert page.url.endswith("roles/account-executive/#level-l3")


def test_a_function_s_catalogue_sorts_and_filters_like_the_whole_one(page, base_url):
    page.goto(base_url + "measures/")
    page.get_by_role("link", name="Sales", exact=True).click()
    assert page.url.endswith("measures/owned-by/sales/")
    page.wait_for_selector("form.spm-filters:not([hidden])")
    rows = page.locator("#spm-catalogue tbody tr")
    total = rows.count()
    assert total > 1
    page.fill("input[name=q]", "win rate")
    page.wait_for_function(f"document.querySelectorAll('#spm-catalogue tbody tr:not([hidden])').length < {total}")
    shown = page.locator("#spm-catalogue tbody tr:not([hidden])").all_inner_texts()
    assert shown and any(text.startswith("Win rate") for text in shown)


def test_the_comparison_lists_its_roles_from_the_data_when_the_page_has_none(page, base_url):
    html = page.request.get(base_url + "compare/").text()
    assert 'value="account-executive"' not in html  # the page itself lists no role
    page.goto(base_url + "compare/")
    page.wait_for_selector("form.spm-compare:not([hidden])")
    names = page.locator("select[name=a] option").all_inner_texts()
    assert names[0] == "Choose a role" and "Account executive" in names and names[1:] == sorted(names[1:], key=str.lower)
    assert page.locator("select[name=b] option").all_inner_texts() == names
    page.select_option("select[name=a]", "account-executive")
    page.select_option("select[name=b]", "sales-manager")
    page.wait_for_selector("#spm-compare-result table")
    heads = page.locator("#spm-compare-result thead th").all_inner_texts()
    assert heads[1:] == ["Account executive (every level)", "Sales manager (every level)"]
    page.goto(base_url + "compare/?a=account-executive&b=sales-manager")  # a shared link still opens the pair
    page.wait_for_selector("#spm-compare-result table")
    assert page.locator("select[name=b]").input_value() == "sales-manager"


def test_the_alignment_page_counts_functions_against_pillars(page, base_url):
    page.goto(base_url + "alignment/")
    heading = page.locator("h2", has_text="Coverage")
    assert heading.count() == 1
    table = page.locator("table", has_text="Function").last
    assert "Sales" in table.inner_text()
    page.goto(base_url + "cascade/")
    page.locator("article table").first.get_by_role("link").first.click()
    assert page.url.startswith(base_url + "cascade/") and page.url != base_url + "cascade/"
    page.wait_for_selector("article table")
    assert "Roles that move it" in page.locator("article table").first.inner_text()
