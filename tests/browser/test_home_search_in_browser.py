"""The sample's home page and search in real Chromium: find my role, find a measure by its short form.

One build of the repository's own site, served on 127.0.0.1; requests to any other host are refused
and recorded. What the tests expect is read from the sample's YAML, not copied into them.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from served import guarded_page, serve_folder

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"


def sample_roles() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / "framework/roles").glob("*.yml"))}


def sample_measures() -> dict[str, dict]:
    out = {}
    for p in sorted((REPO / "framework/measures").glob("*.yml")):
        for m in yaml.safe_load(p.read_text(encoding="utf-8"))["measures"]:
            out[m["id"]] = m
    return out


@pytest.fixture(scope="module")
def base_url(sample_site):
    with serve_folder(sample_site) as url:  # `make site`'s build of the sample (conftest)
        yield url


@pytest.fixture
def page(browser):
    with guarded_page(browser) as tab:
        tab.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
        yield tab


def finder_roles(page) -> list[str]:  # noqa: ANN001
    """The role names the finder's list shows now (a visible line starts with the role's link)."""
    return page.locator("article p.spm-finder__function + ul > li:visible > a").all_inner_texts()


def test_home_starts_with_your_role(page, base_url):
    page.goto(base_url)
    headings = [h.strip().rstrip("¶").strip() for h in page.locator("article h2").all_inner_texts()]
    assert headings[0] == "Start with your role"
    assert headings.index("Our strategy") < headings.index("Our leaders' commitment")


def test_role_finder_by_title_short_form_and_function(page, base_url):
    roles = sample_roles()
    page.goto(base_url)
    form = page.locator("form[data-spm-finder]")
    form.wait_for(state="visible")
    assert sorted(finder_roles(page)) == sorted(r["name"] for r in roles.values())
    query = form.locator("input[name=q]")

    query.fill("manager")
    expected = sorted(r["name"] for r in roles.values() if "manager" in r["name"].lower())
    assert sorted(finder_roles(page)) == expected and len(expected) > 1
    form.locator("select[name=function]").select_option("sales")
    assert finder_roles(page) == [r["name"] for r in roles.values()
                                  if "manager" in r["name"].lower() and r["function"] == "sales"]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home-role-finder.png"))

    form.locator("select[name=function]").select_option("")
    query.fill("no such role anywhere")
    assert finder_roles(page) == [] and "No role matches" in form.locator("[role=status]").inner_text()

    (ident, role), = [(i, r) for i, r in roles.items() if "AE" in r.get("abbreviations", [])]
    query.fill("ae")  # a short form, typed in lower case
    assert finder_roles(page) == [role["name"]]
    query.press("Enter")  # the one role left opens
    page.wait_for_url(re.compile(rf"/roles/{ident}/$"))


def test_role_finder_without_javascript_is_a_list_by_function(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    p = context.new_page()
    p.goto(base_url)
    assert not p.locator("form[data-spm-finder]").is_visible()
    assert sorted(finder_roles(p)) == sorted(r["name"] for r in sample_roles().values())
    assert p.locator("p.spm-finder__function:visible").count() == len({r["function"] for r in sample_roles().values()})
    context.close()


@pytest.mark.parametrize("short", ["NRR", "DSO", "CAC"])
def test_search_by_abbreviation_puts_the_measure_first_with_its_definition(page, base_url, short):
    (ident, measure), = [(i, m) for i, m in sample_measures().items() if short in m.get("abbreviations", [])]
    page.goto(base_url)
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(short, delay=30)
    first = page.locator(".md-search-result__item").first
    first.wait_for(state="visible", timeout=15_000)
    assert urlparse(first.locator("a").first.get_attribute("href")).path.rstrip("/").endswith(f"measures/{ident}")
    teaser = " ".join(first.locator(".md-search-result__article p").first.inner_text().split())
    definition = " ".join(measure["definition"].split())
    assert teaser and definition.startswith(teaser.rstrip(".…").rstrip()[:60])
    assert "About this measure" not in teaser and "Details" not in teaser
    if short == "NRR":
        page.screenshot(path=str(ARTIFACTS / "search-nrr.png"))
