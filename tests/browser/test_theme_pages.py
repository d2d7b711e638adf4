"""Competencies by theme in a real browser: the theme × level grid and the comparison by theme.

A strict build of `tests/fixtures/themes` is served on 127.0.0.1 and opened in Debian's Chromium
through Playwright; every request to another host is refused and recorded. The tests read the
page as a reader does (the table cells under the headings) and follow the grid's links; the
screenshots land in `test-artifacts/` (not committed) for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import themed_clinic
from served import build_site, guarded_page, serve_folder

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
FIXTURE = themed_clinic()  # the clinic with tests/fixtures/themes laid over it
ARTIFACTS = REPO / "test-artifacts"
ROLE = "roles/practice-nurse/"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with serve_folder(build_site(FIXTURE, tmp_path_factory.mktemp("themes") / "site")) as url:
        yield url


@pytest.fixture(scope="module")
def engineering_url(tmp_path_factory):
    """The engineering organisation (tracks, job families' ladders) with its expectations by theme."""
    engineering = REPO / "tests/fixtures/engineering"
    with serve_folder(build_site(engineering, tmp_path_factory.mktemp("themes") / "site")) as url:
        yield url


@pytest.fixture
def page(browser):
    with guarded_page(browser) as tab:
        yield tab


def table_after(page, heading_id: str, nth: int = 0) -> list[list[str]]:  # noqa: ANN001
    """The rows (header first) of the `nth` table after the heading with this id, as a reader sees them."""
    table = page.locator(f"xpath=//*[@id='{heading_id}']/following::table[{nth + 1}]")
    table.wait_for()
    return [[cell.inner_text().strip() for cell in row.locator("th, td").all()] for row in table.locator("tr").all()]


def test_the_grid_shows_each_theme_at_each_level(page, base_url):
    page.goto(base_url + ROLE)
    rows = table_after(page, "themes-by-level")
    assert rows[0] == ["Theme", "Foundation", "Experienced"]
    by_theme = {row[0]: row[1:] for row in rows[1:]}
    assert list(by_theme) == ["Clinical practice", "Communication", "Learning and teaching", "Other expectations"]
    assert by_theme["Clinical practice"][0] == "• Runs core clinics (immunisations, wound care, smears) safely. (Aware)"
    assert by_theme["Clinical practice"][1].splitlines() == [
        "• Runs core clinics (immunisations, wound care, smears) safely. (Capable)",
        "• Runs long-term condition reviews independently. (Capable)"]
    assert by_theme["Communication"][1] == "As at Foundation"  # cumulative: the level below still applies
    assert by_theme["Learning and teaching"][0] == "—"
    assert page.get_by_text("Expectations are cumulative").is_visible()
    # a level's column heading leads to that level's expectations, grouped by theme
    page.locator("xpath=//*[@id='themes-by-level']/following::table[1]//th/a[text()='Experienced']").click()
    assert page.url.endswith("#level-experienced")
    assert page.locator("#level-experienced").is_visible()
    assert page.outside == []


def test_the_comparison_compares_theme_by_theme(page, base_url):
    page.goto(base_url + ROLE)
    rows = table_after(page, "level-changes", nth=1)  # the first table is the targets by level
    assert rows[0] == ["Theme", "Foundation", "Experienced", "What changes"]
    by_theme = {row[0]: row[1:] for row in rows[1:]}
    clinical = by_theme["Clinical practice"]
    assert clinical[1].splitlines() == [
        "• Runs core clinics (immunisations, wound care, smears) safely. (Aware → Capable)",
        "• New: Runs long-term condition reviews independently. (Capable)"]
    assert clinical[2] == "1 new, 1 at a higher proficiency"
    assert by_theme["Communication"][2] == "1 still expected from Foundation"
    assert by_theme["Learning and teaching"][2] == "1 new"
    assert not page.get_by_text("expectations are new at this level").count()
    assert page.outside == []


def test_supporting_links_and_the_scale_are_reachable(page, base_url):
    page.goto(base_url + ROLE)
    inside = page.get_by_role("link", name="Measures the reviews count towards")
    assert inside.get_attribute("href") == "../../measures/did-not-attend-rate/"
    assert page.get_by_role("link", name="Immunisation clinic checklist").get_attribute("href") == \
        "https://example.org/immunisation-checklist"
    page.get_by_role("link", name="what each means").click()
    page.wait_for_url("**/levels/#proficiency-scale")
    page.locator("#proficiency-scale").wait_for()
    scale = table_after(page, "proficiency-scale")
    assert [row[0] for row in scale[1:]] == ["Aware", "Capable", "Assured"]
    assert page.outside == []


def test_each_track_is_compared_theme_by_theme(page, engineering_url):
    page.goto(engineering_url + "roles/engineer/")
    # one grid per track: the shared levels, then the track's; an empty cell carries over on that path only
    ic_grid, manager_grid = table_after(page, "themes-by-level"), table_after(page, "themes-by-level", nth=1)
    assert ic_grid[0] == ["Theme", "Graduate engineer", "Engineer", "Senior engineer", "Staff engineer",
                          "Senior staff engineer", "Principal engineer"]
    assert manager_grid[0][4:] == ["Engineering manager", "Senior engineering manager", "Director of engineering"]
    assert next(row for row in ic_grid if row[0] == "Leadership")[-1] == "As at Senior staff engineer"
    assert next(row for row in manager_grid if row[0] == "Technical craft")[4] == "As at Senior engineer"
    ic = table_after(page, "track-ic", nth=1)  # after the track's target table, its first step
    assert ic[0] == ["Theme", "Senior engineer", "Staff engineer", "What changes"]
    steps = {row[0]: row[3] for row in ic[1:]}
    assert steps["Delivery"] == "1 new" and steps["Collaboration"] == "1 still expected from Senior engineer"
    manager = table_after(page, "track-manager", nth=1)
    assert manager[0] == ["Theme", "Senior engineer", "Engineering manager", "What changes"]
    assert {row[0]: row[3] for row in manager[1:]}["Leadership"] == "1 new, 1 still expected from Senior engineer"
    assert page.outside == []


def test_screenshots_for_review(browser, base_url, engineering_url):
    ARTIFACTS.mkdir(exist_ok=True)
    shots = [("themes-grid.png", base_url + ROLE + "#themes-by-level", 1280),
             ("themes-comparison.png", base_url + ROLE + "#level-changes", 1280),
             ("themes-role-375.png", base_url + ROLE, 375), ("themes-value.png", base_url + "values/safety-first/", 1280),
             ("themes-engineer-grid.png", engineering_url + "roles/engineer/#themes-by-level", 1280),
             ("themes-engineer-tracks.png", engineering_url + "roles/engineer/#track-ic", 1280)]
    for name, url, width in shots:
        context = browser.new_context(viewport={"width": width, "height": 900})
        tab = context.new_page()
        tab.goto(url)
        tab.screenshot(path=str(ARTIFACTS / name), full_page=name == "themes-role-375.png")
        context.close()
        assert (ARTIFACTS / name).stat().st_size > 10_000
