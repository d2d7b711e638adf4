"""Career paths, the comparison page, the unit-aware target sort and shared catalogue filters, in a
real browser (issue 13).

The sample is built with `--strict` in a separate process, served on 127.0.0.1 and driven through
Playwright with Debian's Chromium; every request to another host is refused and recorded, and a
script error fails the test. Screenshots land in `test-artifacts/` (never committed).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from conftest import sample_with_paths
from served import build_site, guarded_page, serve_folder

from spm_site.pipeline import check_framework

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="module")
def framework_dir(tmp_path_factory) -> Path:
    """The sample, with career paths on its sales and success roles."""
    return sample_with_paths(tmp_path_factory.mktemp("paths-browser") / "framework")


@pytest.fixture(scope="module")
def base_url(framework_dir):
    with serve_folder(build_site(framework_dir, framework_dir.parent / "site")) as url:
        yield url


@pytest.fixture(scope="module")
def fw(framework_dir):
    return check_framework(framework_dir).framework


@pytest.fixture
def page(browser):
    with guarded_page(browser) as tab:
        yield tab


def shot(page, name: str) -> None:  # noqa: ANN001
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"paths-{name}.png"), full_page=True)


def _one_target(fw, role, measure: str, level: str | None) -> str:  # noqa: ANN001
    """The target at one level as the role page writes it: the sample's numbers (en-GB, GBP), the period."""
    value = fw.target(role, measure, level)
    if value is None or isinstance(value, str):
        return "—" if value is None else value
    shown = fw.numbers.amount(value, fw.measures[measure].unit)
    period = fw.measures[measure].period
    return f"{shown} a {period.value}" if period else shown


def target_text(fw, role, measure: str, level: str | None) -> str:  # noqa: ANN001
    """What the comparison shows: the target at a level; for a role with levels and none picked, each
    level's (one, when they agree), never the role's own default."""
    if level is not None or not role.levels:
        return _one_target(fw, role, measure, level)
    shown = [(fw.levels[rl.level].name, _one_target(fw, role, measure, rl.level)) for rl in role.levels]
    if len({text for _, text in shown}) == 1:
        return shown[0][1]
    return "; ".join(f"{name}: {text}" for name, text in shown)


def compared(page) -> dict[str, list[str]]:  # noqa: ANN001
    rows = page.locator("#spm-compare-result tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent.trim()))")
    return {row[0]: row[1:] for row in rows}


def test_the_role_page_links_a_comparison_with_the_next_role(page, base_url, fw):
    page.goto(base_url + "roles/account-executive/")
    paths = page.locator("article .spm-paths")
    assert "typically go next: Sales manager (compare), Account manager (compare)" in paths.inner_text()
    assert "typically come from: Sales development representative" in paths.inner_text()
    paths.get_by_role("link", name="compare").first.click()
    page.wait_for_selector("#spm-compare-result table")
    assert parse_qs(urlparse(page.url).query) == {"a": ["account-executive"], "b": ["sales-manager"]}
    heads = page.locator("#spm-compare-result thead th").all_inner_texts()
    assert heads[1:] == ["Account executive (every level)", "Sales manager (every level)"]
    rows = compared(page)
    ae, sm = fw.roles["account-executive"], fw.roles["sales-manager"]
    for rm in ae.measures:
        name = fw.measures[rm.measure].name
        expected = target_text(fw, sm, rm.measure, None) if rm.measure in {m.measure for m in sm.measures} else "Not held to it"
        assert rows[name] == [target_text(fw, ae, rm.measure, None), expected]
    assert rows["Purpose"][0].startswith(ae.purpose.split()[0])
    assert page.locator(".spm-compare__static").is_hidden()
    shot(page, "compare-roles")


def test_one_role_at_two_levels_side_by_side_and_the_choice_is_a_link(page, base_url, fw):
    page.goto(base_url + "compare/")
    page.wait_for_selector("form.spm-compare:not([hidden])")
    assert page.locator("#spm-compare-result").inner_text() == "Choose a role on each side to compare them."
    page.select_option("select[name=a]", "account-executive")
    page.select_option("select[name=al]", "l1")
    page.select_option("select[name=b]", "account-executive")
    page.select_option("select[name=bl]", "l3")
    role = fw.roles["account-executive"]
    rows = compared(page)
    for rm in role.measures:
        assert rows[fw.measures[rm.measure].name] == [target_text(fw, role, rm.measure, lv) for lv in ("l1", "l3")]
    assert rows[fw.measures["win-rate"].name][0] != rows[fw.measures["win-rate"].name][1]  # the bar rises
    level = {rl.level: rl for rl in role.levels}
    assert rows["Expectations"][0].startswith(str(level["l1"].expectations[0])[:20])
    shared = page.url
    assert parse_qs(urlparse(shared).query) == {"a": ["account-executive"], "al": ["l1"],
                                                "b": ["account-executive"], "bl": ["l3"]}
    shot(page, "compare-levels")
    page.goto(shared)  # opening the link shows the same comparison
    page.wait_for_selector("#spm-compare-result table")
    assert compared(page) == rows
    assert page.locator("select[name=bl]").input_value() == "l3"


def test_sorting_by_target_groups_units_and_puts_words_after_numbers(page, base_url, fw):
    page.goto(base_url + "measures/")
    target = page.locator("#spm-catalogue th", has_text="Target")
    for direction in ("ascending", "descending"):
        target.locator("button").click()
        assert target.get_attribute("aria-sort") == direction
        cells = page.locator("#spm-catalogue tbody tr").evaluate_all(
            "rows => rows.map(r => [r.id.slice(2), r.cells[3].getAttribute('data-unit') || '', "
            "r.cells[3].getAttribute('data-value') || ''])")
        numbers = [(unit, float(v)) for _, unit, v in cells if v]
        assert cells[:len(numbers)] == [c for c in cells if c[2]]  # numbers first
        units = [u.lower() for u, _ in numbers]
        assert units == sorted(units) and len(set(units)) > 3  # one block per unit, in one order
        for unit in set(units):
            values = [n for u, n in numbers if u == unit]
            assert values == sorted(values, reverse=direction == "descending")
        by_id = {ident: unit for ident, unit, _ in cells}
        percent, times = [i for i, u, v in cells if u == "%" and v], [i for i, u, v in cells if u == "x" and v]
        assert percent and times and by_id[percent[-1]] == "%"  # never 3% < 3x < 4 hours in one run
    shot(page, "catalogue-by-target")


def test_a_filtered_catalogue_is_a_link_that_opens_filtered(page, base_url, fw):
    page.goto(base_url + "measures/")
    page.wait_for_selector("form.spm-filters:not([hidden])")
    page.select_option("select[name=function]", "sales")
    page.select_option("select[name=kind]", "outcome")
    page.fill("input[name=q]", "rate")
    page.wait_for_function("new URLSearchParams(window.location.search).get('q') === 'rate'")  # kept as typed
    shared = page.url
    assert parse_qs(urlparse(shared).query) == {"function": ["sales"], "kind": ["outcome"], "q": ["rate"]}
    expected = sorted(m.id for m in fw.measures.values() if m.owner == "sales" and m.kind and m.kind.value == "outcome"
                      and "rate" in " ".join([m.name, *m.abbreviations, *m.synonyms, m.definition or "", m.why or ""]).lower())
    assert expected and len(expected) < len(fw.measures)

    fresh = page.context.new_page()
    fresh.goto(shared)
    fresh.wait_for_selector("form.spm-filters:not([hidden])")
    assert fresh.locator("select[name=function]").input_value() == "sales"
    assert fresh.locator("select[name=kind]").input_value() == "outcome"
    assert fresh.locator("input[name=q]").input_value() == "rate"
    shown = fresh.locator("#spm-catalogue tbody tr:visible").evaluate_all("rows => rows.map(r => r.id.slice(2))")
    assert sorted(shown) == expected
    shot(fresh, "catalogue-shared-filter")
    fresh.locator(".spm-filters__reset").focus()
    fresh.keyboard.press("Enter")
    fresh.wait_for_function("!window.location.search")
    fresh.close()
