"""The KPI fixture's handbook in a real browser: targets in words, key indicators and health.

A district council's indicator set (`tests/fixtures/kpi`) is built with `--strict` in a separate
process, served on 127.0.0.1 and driven through Playwright with Debian's Chromium. Every request
to another host is refused and recorded. Screenshots land in `test-artifacts/` for a person to
look at (never committed).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from served import build_site, guarded_page, serve_folder

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
KPI = REPO / "tests/fixtures/kpi"
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with serve_folder(build_site(KPI, tmp_path_factory.mktemp("kpi-browser") / "site")) as url:
        yield url


@pytest.fixture
def page(browser):
    """A desktop page whose requests to other hosts are refused and recorded, as are script errors."""
    with guarded_page(browser) as tab:
        yield tab


def shot(page, name: str) -> None:  # noqa: ANN001
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"kpi-{name}.png"), full_page=True)


def visible(page) -> list[str]:  # noqa: ANN001
    return page.locator("#spm-catalogue tbody tr:visible").evaluate_all("rows => rows.map(r => r.id.slice(2))")


def test_catalogue_shows_words_key_indicators_and_health_and_filters_by_them(page, base_url):
    page.goto(base_url + "measures/")
    table = page.locator("#spm-catalogue")
    complaints = table.locator("tr#m-complaints-resolved-in-time")
    assert complaints.locator("td").nth(3).inner_text() == "TBD"
    assert complaints.locator("td").nth(2).inner_text() == "—"  # its kind is not stated: nothing invented
    benefits = table.locator("tr#m-benefit-processing-days")
    assert benefits.locator(".spm-key").inner_text() == "Key"
    assert benefits.locator("td").last.inner_text().split("\n") == ["Off track", "as of 2026-11-10"]
    assert len(visible(page)) == 13
    shot(page, "catalogue")

    page.select_option("select[name=key]", "true")
    assert sorted(visible(page)) == ["benefit-processing-days", "homes-let-days", "household-waste-recycled",
                                     "resident-satisfaction"]
    assert page.locator(".spm-filters__count").inner_text() == "Showing 4 of 13 measures."
    page.select_option("select[name=health]", "at-risk")
    assert sorted(visible(page)) == ["homes-let-days", "resident-satisfaction"]
    shot(page, "catalogue-key-at-risk")
    page.click(".spm-filters__reset")
    page.wait_for_function("document.querySelectorAll('#spm-catalogue tbody tr:not([hidden])').length === 13")


def test_catalogue_sorts_numbers_and_keeps_targets_in_words_last(page, base_url):
    page.goto(base_url + "measures/")
    target = page.locator("#spm-catalogue th", has_text="Target")
    for _ in range(2):  # ascending, then descending: words and empty cells stay at the end both times
        target.locator("button").click()
        cells = page.locator("#spm-catalogue tbody tr td:nth-child(4)").evaluate_all(
            "cells => cells.map(c => [c.getAttribute('data-value'), c.textContent, c.getAttribute('data-unit') || ''])")
        numbers = [(unit, float(v)) for v, _, unit in cells if v]
        tail = [text for v, text, _ in cells if not v]
        assert cells[:len(numbers)] == [c for c in cells if c[0]]  # every number before any words
        units = [unit for unit, _ in numbers]  # grouped by unit (3% and 3x are not one scale), then by number
        assert units == sorted(units)
        for unit in set(units):
            values = [n for u, n in numbers if u == unit]
            assert values == sorted(values, reverse=target.get_attribute("aria-sort") == "descending")
        assert sorted(tail) == ["At or above the national benchmark for district councils",
                                "At or above the national median for council landlords", "TBD", "TBD", "—"]


def test_a_measure_page_reads_well_with_words_health_and_parents(page, base_url):
    page.goto(base_url + "measures/resident-satisfaction/")
    article = page.locator("article")
    health = article.locator(".admonition.warning")
    assert health.locator(".admonition-title").inner_text() == "Health: At risk, as of 2026-11-03"
    assert "two points below the benchmark" in health.inner_text()
    row = article.locator("tr", has_text="Target")
    assert row.locator("td").last.inner_text() == "At or above the national benchmark for district councils (higher is better)"
    assert article.locator(".spm-key-indicator").inner_text().startswith("Key indicator:")
    shot(page, "measure-key-health")

    article.get_by_role("link", name="Residents satisfied after contacting us").click()
    page.wait_for_url("**/measures/contact-satisfaction/")
    assert page.locator("article .admonition.success .admonition-title").inner_text() == "Health: On track, as of 2026-11-05"
    up = page.locator("article tr", has_text="Rolls up to")
    assert up.locator("a").inner_text() == "Residents satisfied with the council"


def test_a_measure_with_facts_not_stated_says_so(page, base_url):
    page.goto(base_url + "measures/households-in-temporary-accommodation/")
    facts = dict(page.locator("article table").first.locator("tbody tr").evaluate_all(
        "rows => rows.map(r => [r.cells[0].textContent.trim(), r.cells[1].textContent.trim()])"))
    assert facts["Target"] == "not stated, nor whether higher or lower is better"
    assert facts["Kind"] == "outcome, lagging"  # stated by the author, so shown
    assert page.locator("article .admonition.note .admonition-title").inner_text() == "Health: No data, as of 2026-11-12"
    shot(page, "measure-not-stated")
