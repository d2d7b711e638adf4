"""Formatted numbers on a role page of the sample handbook, in a real Chromium.

The sample states `locale: en-GB` and `currency: GBP`: the account executive's page must read
£300,000 (not 300000 GBP), `14 calls a month` where the measure states its period, and the reason
its discovery-call target falls by level, in the table and the sentences alike. The sample is built
in a separate process, served on 127.0.0.1; requests to other hosts are refused and recorded.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from served import guarded_page, serve_folder

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="module")
def base_url(sample_site):
    with serve_folder(sample_site) as url:  # `make site`'s build of the sample (conftest)
        yield url


def test_the_role_page_writes_money_percentages_and_periods_as_people_do(browser, base_url):
    with guarded_page(browser) as page:
        _the_role_page_writes_numbers(page, base_url)


def _the_role_page_writes_numbers(page, base_url: str) -> None:  # noqa: ANN001
    page.goto(base_url + "roles/account-executive/")
    table = page.locator("table", has=page.locator("th", has_text="Measure")).filter(has_text="Discovery calls held").first
    row = table.locator("tr", has_text="New ARR booked").first
    cells = [c.split("\n")[0].strip() for c in row.locator("td").all_inner_texts()]  # not the screen-reader word
    assert cells[1:4] == ["£300,000", "£400,000 ↑", "£520,000 ↑"], cells
    calls = [c.strip() for c in table.locator("tr", has_text="Discovery calls held").first.locator("td").all_inner_texts()]
    assert calls[1] == "14 calls a month", calls
    body = page.locator("article").inner_text()
    assert ("Targets at this level: New ARR booked £300,000, Win rate 22%, Pipeline coverage 3x, Discovery calls held "
            "14 calls a month, Forecast accuracy 95%, Average discount rate 12%.") in body
    assert "Senior account executives lead fewer, larger and slower deals" in body
    assert "300000" not in body and " GBP" not in body.split("Expectations")[0]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "numbers-account-executive.png"), full_page=True)
