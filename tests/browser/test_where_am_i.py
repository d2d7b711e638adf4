"""Where am I, and a phone: the breadcrumb, the highlighted section, the contents and the tables.

One build of the sample (mkdocs.yml + framework/), served on 127.0.0.1 and read by real Chromium.
Most pages are left out of the menu on purpose (spm_site/site/wayfinding.py); these tests prove a
reader still sees where they are, and that on a 375 px phone nothing is cut off without a sign.
Screenshots land in `test-artifacts/`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from served import guarded_page, serve_folder

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="module")
def base_url(sample_site):
    with serve_folder(sample_site) as url:
        yield url


@pytest.fixture
def desktop(browser):  # noqa: ANN001
    with guarded_page(browser) as page:
        yield page


@pytest.fixture
def phone(browser):  # noqa: ANN001
    with guarded_page(browser, viewport=PHONE) as page:
        yield page


def _yaml(path: str) -> dict:
    return yaml.safe_load((REPO / "framework" / path).read_text(encoding="utf-8"))


def _trail(page) -> list[str]:  # noqa: ANN001
    return [t.strip() for t in page.locator("nav.spm-path li").all_inner_texts()]


def _shot(page, name: str) -> None:  # noqa: ANN001
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"wayfinding-{name}.png"), full_page=False)


# --- where am I -------------------------------------------------------------------------------------

def test_breadcrumbs_name_section_parent_and_page(desktop, base_url: str) -> None:
    role = _yaml("roles/account-executive.yml")
    functions = {role["function"]: _yaml(f"functions/{role['function']}.yml")["name"]}
    desktop.goto(base_url + "roles/account-executive/")
    assert _trail(desktop) == ["Home", "Roles", functions[role["function"]], role["name"]]
    _shot(desktop, "role-desktop")
    # every crumb but the page itself is a link that leads where it says
    desktop.locator("nav.spm-path a", has_text="Roles").click()
    desktop.wait_for_url(base_url + "roles/")
    desktop.wait_for_selector("nav.spm-path li")
    assert _trail(desktop) == ["Home", "Roles"]

    desktop.goto(base_url + "measures/win-rate/")
    trail = _trail(desktop)
    assert trail[:2] == ["Home", "Measures"] and trail[-1] == desktop.locator("h1").inner_text().strip().rstrip("¶").strip()

    desktop.goto(base_url + f"functions/{role['function']}/")
    assert _trail(desktop) == ["Home", "Functions", functions[role["function"]]]
    assert desktop.locator("nav.spm-path [aria-current=page]").count() == 1


def test_section_of_a_page_outside_the_menu_is_highlighted(desktop, base_url: str) -> None:
    for url, section in (("roles/account-executive/", "Roles"), ("measures/win-rate/", "Measures"),
                         ("functions/sales/", "Functions")):
        desktop.goto(base_url + url)
        active = desktop.locator(".md-sidebar--primary .md-nav__item--active > .md-nav__link")
        assert active.count() == 1, url
        assert active.inner_text().strip() == section
        other = desktop.locator(".md-sidebar--primary .md-nav__item:not(.md-nav__item--active) > .md-nav__link",
                                has_text="Strategy").first
        assert active.evaluate("e => getComputedStyle(e).color") != other.evaluate("e => getComputedStyle(e).color")
    _shot(desktop, "section-highlighted")


def test_previous_and_next_stay_in_the_section(desktop, base_url: str) -> None:
    desktop.goto(base_url + "roles/account-executive/")
    nxt = desktop.locator("a.md-footer__link--next")
    assert nxt.count() == 1
    nxt.click()
    desktop.wait_for_selector("a.md-footer__link--prev")
    assert "/roles/" in desktop.url and desktop.url != base_url + "roles/account-executive/"
    prev = desktop.locator("a.md-footer__link--prev")
    prev.click()
    desktop.wait_for_url(base_url + "roles/account-executive/")


# --- a phone ----------------------------------------------------------------------------------------

def test_table_of_contents_is_reachable_on_a_phone(phone, base_url: str) -> None:
    phone.goto(base_url + "roles/account-executive/")
    toc = phone.locator("details.spm-toc")
    assert toc.is_visible()
    toc.locator("summary").click()
    links = toc.locator("a")
    assert links.count() >= 3
    target = links.nth(links.count() - 1)
    anchor = target.get_attribute("href")
    _shot(phone, "toc-phone")
    target.click()
    assert phone.url.endswith(anchor)
    heading = phone.locator(anchor.replace("#", "#", 1))
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < PHONE["height"]


TABLE_PAGES = ("roles/account-executive/", "measures/win-rate/", "measures/", "functions/sales/", "roles/",
               "levels/", "cascade/", "objectives/")


@pytest.mark.parametrize("url", TABLE_PAGES)
def test_no_table_is_cut_off_without_a_sign_on_a_phone(phone, base_url: str, url: str) -> None:
    phone.goto(base_url + url)
    phone.wait_for_selector("article table[data-spm-label]")
    phone.wait_for_function("document.querySelectorAll('article table').length === document.querySelectorAll('.spm-scroll').length")
    tables = phone.locator("article table")
    assert tables.count() > 0
    report = phone.evaluate("""() => Array.from(document.querySelectorAll('article table')).map(t => {
        const box = t.closest('.md-typeset__scrollwrap.spm-scroll');
        const r = t.getBoundingClientRect();
        const hint = box && box.nextElementSibling;
        return {
          fits: r.left >= -1 && r.right <= window.innerWidth + 1 && t.scrollWidth <= t.clientWidth + 1,
          box: !!box,
          overflows: !!box && box.scrollWidth > box.clientWidth + 1,
          boxFits: !!box && box.getBoundingClientRect().right <= window.innerWidth + 1,
          focusable: !!box && box.tabIndex === 0 && box.getAttribute('role') === 'region' && !!box.getAttribute('aria-label'),
          hint: !!hint && hint.classList.contains('spm-scroll__hint') && getComputedStyle(hint).display !== 'none',
          shade: !!box && getComputedStyle(box).backgroundImage.includes('gradient'),
        };
    })""")
    for i, t in enumerate(report):
        if t["fits"] and not t["overflows"]:
            continue
        assert t["box"] and t["boxFits"], (url, i, t)
        assert t["overflows"] and t["focusable"] and t["hint"] and t["shade"], (url, i, t)
    assert not phone.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"), "the page scrolls sideways"
    _shot(phone, "tables-" + url.strip("/").replace("/", "-"))


def test_a_wide_table_scrolls_from_the_keyboard(phone, base_url: str) -> None:
    phone.goto(base_url + "roles/account-executive/")
    box = phone.locator(".spm-scroll[data-spm-overflows]").first
    box.focus()
    before = box.evaluate("e => e.scrollLeft")
    phone.keyboard.press("ArrowRight")
    phone.keyboard.press("ArrowRight")
    phone.wait_for_function("e => e.scrollLeft > 0", arg=box.element_handle())
    assert box.evaluate("e => e.scrollLeft") > before


def test_line_of_sight_is_vertical_with_every_pillar_reachable_on_a_phone(phone, base_url: str) -> None:
    phone.goto(base_url + "roles/account-executive/")
    figure = phone.locator(".spm-los--tall")
    tall = figure.locator("svg.spm-los__svg--tall")
    assert tall.is_visible() and not phone.locator("svg.spm-los__svg--wide").is_visible()
    box = tall.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1
    assert box["height"] > box["width"]
    pillars = tall.locator("a.spm-los__node--pillar")
    assert pillars.count() >= 1
    for i in range(pillars.count()):
        pillar = pillars.nth(i)
        pillar.scroll_into_view_if_needed()
        r = pillar.bounding_box()
        assert r is not None and r["x"] >= 0 and r["x"] + r["width"] <= PHONE["width"] + 1
    figure.scroll_into_view_if_needed()
    _shot(phone, "diagram-phone")


def test_line_of_sight_stays_wide_on_a_desktop(desktop, base_url: str) -> None:
    desktop.goto(base_url + "roles/account-executive/")
    assert desktop.locator("svg.spm-los__svg--wide").is_visible()
    assert not desktop.locator("svg.spm-los__svg--tall").is_visible()
