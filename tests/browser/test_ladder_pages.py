"""The engineering fixture in a real browser: tracks read as a choice, ladders as job families.

One strict build of `tests/fixtures/engineering` (three job families on ladders of their own, the
engineering ladder branching into individual-contributor and manager tracks after Senior engineer)
is served on 127.0.0.1 and read through Debian's Chromium. What a reader sees is asserted on the
rendered page: the branch is an admonition offering both tracks, no sentence presents one track's
level as the step after the other's, and the career levels page groups the levels by ladder and
track with a diagram whose rungs fork. Requests to other hosts are refused and recorded. Screenshots
land in `test-artifacts/` (not committed) for a person to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from served import build_site, guarded_page, serve_folder


pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests/fixtures/engineering"
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with serve_folder(build_site(FIXTURE, tmp_path_factory.mktemp("ladders") / "site")) as url:
        yield url


@pytest.fixture
def page(browser):
    with guarded_page(browser) as tab:
        yield tab


def _levels() -> dict:
    return yaml.safe_load((FIXTURE / "levels.yml").read_text(encoding="utf-8"))


def test_the_role_page_offers_the_branch_as_a_choice_not_a_step(page, base_url):
    page.goto(base_url + "roles/engineer/")
    branch = page.locator(".admonition.spm-branch")
    assert branch.count() == 1
    assert branch.locator(".admonition-title").inner_text() == "After Senior engineer: choose a track"
    choices = [li.inner_text() for li in branch.locator("li").all()]
    assert [c.split(":")[0] for c in choices] == ["Individual contributor", "People manager"]
    assert "next, Staff engineer" in choices[0] and "next, Engineering manager" in choices[1]
    steps = [s.inner_text().splitlines()[0] for s in page.locator("p.spm-step").all()]
    # Within a track only: the shared steps, then each track from the branch point up.
    assert steps == [
        "Graduate engineer → Engineer.", "Engineer → Senior engineer.",
        "Senior engineer → Staff engineer.", "Staff engineer → Senior staff engineer.",
        "Senior staff engineer → Principal engineer.",
        "Senior engineer → Engineering manager.", "Engineering manager → Senior engineering manager.",
        "Senior engineering manager → Director of engineering."]
    text = page.locator("article").inner_text()
    for ic in ("Staff engineer", "Senior staff engineer", "Principal engineer"):
        for manager in ("Engineering manager", "Senior engineering manager", "Director of engineering"):
            assert f"{ic} → {manager}" not in text and f"{manager} → {ic}" not in text
    # Each track's table runs along its own path: the manager levels are not columns of the IC table.
    ic_table = page.locator("xpath=//h3[@id='track-ic']/following::table[1]")
    assert [h.inner_text() for h in ic_table.locator("th").all()][1:] == [
        "Graduate engineer", "Engineer", "Senior engineer", "Staff engineer", "Senior staff engineer",
        "Principal engineer"]
    ARTIFACTS.mkdir(exist_ok=True)
    branch.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "ladders-role-branch.png"), full_page=False)


def test_a_role_on_one_track_is_compared_along_it(page, base_url):
    page.goto(base_url + "roles/site-reliability-engineer/")
    assert page.locator(".admonition.spm-branch").count() == 0
    steps = [s.inner_text().splitlines()[0] for s in page.locator("p.spm-step").all()]
    assert steps == ["Engineer → Senior engineer.", "Senior engineer → Staff engineer."]
    assert page.locator("#level-staff ~ p.spm-level-track").first.inner_text() == "On the Individual contributor track."


def test_the_levels_page_groups_levels_by_ladder_and_track(page, base_url):
    page.goto(base_url + "levels/")
    ladders = _levels()["ladders"]
    h2 = [h.inner_text().rstrip("¶").strip() for h in page.locator("article h2").all()]
    # the fixture has competencies.yml (themes helper): its themes and scale close the page
    assert h2 == ["Shared ladder", *(ladder["name"] for ladder in ladders), "Competencies"]
    engineering = ladders[0]
    h3 = page.locator("#ladder-engineering ~ h3")
    assert [h.inner_text().rstrip("¶").strip() for h in h3.all()][:3] == [
        "Shared levels", "Individual contributor track", "People manager track"]
    # Under each track heading, that track's levels and only those, in order.
    for track in ("ic", "manager"):
        ids = page.eval_on_selector(
            f"#ladder-engineering-track-{track}",
            "h => { const out = []; for (let e = h.nextElementSibling; e && !/^H[23]$/.test(e.tagName);"
            " e = e.nextElementSibling) if (e.tagName === 'H4') out.push(e.id); return out; }")
        assert ids == [lv["id"] for lv in engineering["levels"] if lv.get("track") == track]
    # The diagram: one figure per ladder, the engineering one forking at Senior engineer.
    assert page.locator("figure.spm-ladder").count() == 1 + len(ladders)
    figure = page.locator("#spm-ladder-engineering")
    assert figure.locator(".spm-ladder__rung--branch").count() == 2
    assert figure.locator(".spm-ladder__level--branch title").text_content() == "Senior engineer"
    heads = [t.text_content() for t in figure.locator(".spm-ladder__head").all()]
    assert heads == ["Individual contributor", "People manager"]
    # Side by side: the first level of each track stands at the same height, above the branch point.
    box = {n: figure.locator(f'a[*|href$="#{n}"] rect.spm-ladder__box').bounding_box()
           for n in ("eng-3", "staff", "engineering-manager")}
    assert box["staff"]["y"] == box["engineering-manager"]["y"] < box["eng-3"]["y"]
    assert box["staff"]["x"] < box["eng-3"]["x"] < box["engineering-manager"]["x"]
    # A level in the diagram is a link to its section.
    figure.locator('a[*|href$="#principal"]').click()
    page.wait_for_url("**/levels/#principal")
    figure.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    figure.screenshot(path=str(ARTIFACTS / "ladders-engineering-diagram.png"))
