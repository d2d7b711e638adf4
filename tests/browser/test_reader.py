"""The sample handbook in a real browser: what a reader sees, clicks, prints and hears.

One build of the repository's own site (mkdocs.yml + framework/) is served on 127.0.0.1 and driven
through Playwright with Debian's Chromium (`apt-get install chromium`; Playwright cannot download a
browser here). Every request to any other host is recorded and refused, so a page that reaches
out fails its test. axe-core comes from the npm registry at test time into `.cache/npm/` and is
never committed. Screenshots land in `test-artifacts/` for a person to look at.

Without Chromium or npm these tests are skipped with a hint; under `CI=true` they fail instead.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml

from spm_site.framework.numbers import Numbers
from spm_site.site.measure_text import target_text

from conftest import unavailable
from served import serve_folder

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
AXE = REPO / ".cache/npm/node_modules/axe-core/axe.min.js"
ROLE = "account-executive"




# --- fixtures: one build, one server, one browser for the whole module ---------------------------



@pytest.fixture(scope="module")
def site(sample_site: Path) -> Path:
    """`spm-site build` of the sample, in a separate process, exactly as `make site` runs it (conftest)."""
    return sample_site


@pytest.fixture(scope="module")
def base_url(site: Path):
    with serve_folder(site) as url:
        yield url




class Watch:
    """What a page did that it must not: requests off 127.0.0.1 (refused) and console errors."""

    def __init__(self) -> None:
        self.outside: list[str] = []
        self.errors: list[str] = []

    def clear(self) -> None:
        self.outside.clear()
        self.errors.clear()


def open_context(browser, **options):
    """A fresh context that refuses and records every request to another host."""
    context = browser.new_context(**options)
    watch = Watch()

    def route(r) -> None:  # noqa: ANN001 - a Playwright Route
        url = r.request.url
        if urlparse(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            watch.outside.append(url)
            r.abort()

    context.route("**/*", route)

    def on_page(page) -> None:  # noqa: ANN001
        page.on("console", lambda m: watch.errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: watch.errors.append(f"{page.url}: {e}"))

    context.on("page", on_page)
    return context, watch


@pytest.fixture
def desktop(browser):
    context, watch = open_context(browser, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.watch = watch
    yield page
    context.close()


def all_pages(site: Path) -> list[str]:
    """Every page of the built site, as URL paths relative to the root."""
    return sorted(p.parent.relative_to(site).as_posix() + "/" if p.parent != site else ""
                  for p in site.rglob("index.html"))


def heading(locator) -> str:  # noqa: ANN001
    """A heading's text without its permalink mark."""
    return locator.inner_text().strip().rstrip("¶").strip()


def sample_role() -> dict:
    return yaml.safe_load((REPO / f"framework/roles/{ROLE}.yml").read_text(encoding="utf-8"))


def sample_measures() -> dict[str, dict]:
    """The sample's measures the internal site shows: not the pilot restricted to leadership (spm.yml)."""
    out = {}
    for f in sorted((REPO / "framework/measures").glob("*.yml")):
        for m in yaml.safe_load(f.read_text(encoding="utf-8"))["measures"]:
            if m.get("visibility", "internal") in ("public", "internal"):
                out[m["id"]] = m
    return out


# --- every page -----------------------------------------------------------------------------------

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = el => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (p.matches('.md-typeset__scrollwrap, .spm-los') || ['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true; }
    return false; };
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const r = el.getBoundingClientRect(); return r.width > 0 && r.right > width + 1 && !scrolls(el); });
  return {scrollWidth: document.documentElement.scrollWidth,
          wide: wide.slice(0, 5).map(el => el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className ? '.' + el.className : ''))};
}"""
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="module")
def crawl(browser, site, base_url) -> dict[str, dict]:
    """Every page loaded once, on a phone-sized screen: what each one requested, logged and measured.

    One pass serves two tests (offline and without errors; no sideways overflow on a phone),
    because loading ~100 pages is most of the time these tests take. Desktop-sized pages are
    loaded by the other tests.
    """
    context, watch = open_context(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    out = {}
    for path in all_pages(site):
        watch.clear()
        response = page.goto(base_url + path, wait_until="load")
        out[path] = {"status": response.status if response else None, "outside": list(watch.outside),
                     "errors": list(watch.errors), "overflow": page.evaluate(OVERFLOW)}
    context.close()
    return out


def test_every_page_loads_offline_without_errors(crawl):
    assert len(crawl) > 50 and f"roles/{ROLE}/" in crawl and "measures/" in crawl and "cascade/" in crawl
    problems = {path: seen for path, seen in crawl.items()
                if seen["status"] != 200 or seen["outside"] or seen["errors"]}
    assert problems == {}


def test_no_page_is_wider_than_a_phone(crawl):
    """At 375 px nothing widens the page; wide tables and the diagram scroll inside themselves."""
    too_wide = {path: seen["overflow"] for path, seen in crawl.items()
                if seen["overflow"]["scrollWidth"] > PHONE["width"] + 1 or seen["overflow"]["wide"]}
    assert too_wide == {}


def test_links_written_as_raw_html_reach_real_pages(site):
    """The diagram and the catalogue are raw HTML, which MkDocs neither rewrites nor checks."""
    checked = 0
    for page in [site / "measures/index.html", *sorted((site / "roles").glob("*/index.html"))]:
        html = page.read_text(encoding="utf-8")
        raw = re.findall(r'<figure class="spm-los".*?</figure>', html, re.S)
        raw += re.findall(r'<table id="spm-catalogue".*?</table>', html, re.S)
        page_url = "http://x/" + page.parent.relative_to(site).as_posix() + "/"
        for href in re.findall(r'href="([^"]+)"', "".join(raw)):
            target = urlparse(urljoin(page_url, href))
            path = site / target.path.lstrip("/") / "index.html"
            assert path.is_file(), (page, href)
            if target.fragment:
                assert f'id="{target.fragment}"' in path.read_text(encoding="utf-8"), (page, href)
            checked += 1
    assert checked > 100


# --- reading a role -------------------------------------------------------------------------------

def test_search_finds_a_role_by_a_word_of_its_purpose(desktop, base_url):
    word = "showing"
    assert word in sample_role()["purpose"]
    desktop.goto(base_url)
    search = desktop.locator("input.md-search__input")
    search.click()
    search.press_sequentially(word, delay=20)
    result = desktop.locator(f'.md-search-result__item a[href*="roles/{ROLE}/"]').first
    result.wait_for(state="visible", timeout=10_000)
    result.click()
    desktop.wait_for_url(re.compile(rf"/roles/{ROLE}/"))
    assert heading(desktop.locator("h1").first) == sample_role()["name"]
    assert desktop.watch.outside == [] and desktop.watch.errors == []


def test_at_a_glance_comes_first(desktop, base_url):
    desktop.goto(f"{base_url}roles/{ROLE}/")
    first = desktop.locator("article.md-content__inner > :not(h1):not(a):not(.spm-print-only)").first
    assert "At a glance" in first.inner_text()


@pytest.mark.parametrize("kind", ["measure", "objective", "pillar"])
def test_line_of_sight_links_reach_each_kind_of_page(desktop, base_url, kind):
    role_url = f"{base_url}roles/{ROLE}/"
    desktop.goto(role_url)
    figure = desktop.locator("figure.spm-los")
    svg = figure.locator("svg")
    # A named, described group (not role=img, which would hide its links from screen readers).
    assert svg.get_attribute("role") == "group"
    assert "Line of sight" in svg.locator("title").first.text_content()
    assert svg.locator("desc").first.text_content().strip()
    assert svg.get_attribute("viewBox")
    node = figure.locator(f"a.spm-los__node--{kind}").first
    name = node.locator("title").text_content().strip()
    href = node.get_attribute("xlink:href")
    node.click()
    if kind == "pillar":
        pillar = href.split("#", 1)[1]
        desktop.wait_for_url(re.compile(rf"/strategy/#{pillar}$"))
        assert heading(desktop.locator(f"h2#{pillar}")) == name
    else:
        desktop.wait_for_url(re.compile(rf"/{kind}s/[a-z0-9-]+/$"))
        assert heading(desktop.locator("h1").first) == name


def test_level_comparison_shows_a_changed_target(desktop, base_url):
    role = sample_role()
    measures = sample_measures()
    lo, hi = role["levels"][0], role["levels"][1]
    targets_lo = {t["measure"]: t["target"] for t in lo["targets"]}
    changed = next(t for t in hi["targets"] if targets_lo.get(t["measure"]) not in (None, t["target"]))
    measure = measures[changed["measure"]]
    org = yaml.safe_load((REPO / "framework/organisation.yml").read_text(encoding="utf-8"))
    numbers = Numbers(org.get("locale", "en"), org.get("currency"))  # as the sample writes numbers

    def with_unit(value: float, unit: str | None) -> str:
        return target_text(value, unit, measure.get("period"), numbers)

    before = with_unit(float(targets_lo[changed["measure"]]), measure["unit"])
    after = with_unit(float(changed["target"]), measure["unit"])
    desktop.goto(f"{base_url}roles/{ROLE}/")
    section = desktop.locator("#level-changes")
    assert section.is_visible()
    step = desktop.locator("p.spm-step").first
    text = " ".join(step.inner_text().split())
    assert f"{measure['name']} {before} → {after}" in text, text
    row = desktop.locator("#level-changes ~ .spm-all-levels tr", has_text=measure["name"]).first
    cells = [c.strip() for c in row.locator("td").all_inner_texts()]
    assert cells[1].startswith(before) and cells[2].startswith(after), cells
    assert "raised" in cells[2] or "lowered" in cells[2]


def test_levels_page_links_each_role_to_its_level(desktop, base_url):
    desktop.goto(f"{base_url}levels/")
    level = sample_role()["levels"][0]["level"]
    link = desktop.locator(f'#{level} ~ .spm-listing a[href$="roles/{ROLE}/#level-{level}"]').first
    link.click()
    desktop.wait_for_url(re.compile(rf"/roles/{ROLE}/#level-{level}$"))
    assert desktop.locator(f"#level-{level}").is_visible()


# --- the measures catalogue -----------------------------------------------------------------------

def visible_names(page) -> list[str]:  # noqa: ANN001
    return page.locator("#spm-catalogue tbody tr:visible td:first-child").all_inner_texts()


def test_catalogue_sorts_by_a_column(desktop, base_url):
    desktop.goto(f"{base_url}measures/")
    before = visible_names(desktop)
    assert before == sorted(before, key=str.lower)  # alphabetical to start with, even without the script
    owner = desktop.locator("#spm-catalogue th", has_text="Owner")
    owner.locator("button").click()
    assert owner.get_attribute("aria-sort") == "ascending"
    owners = desktop.locator("#spm-catalogue tbody tr td:nth-child(2)").all_inner_texts()
    assert owners == sorted(owners, key=str.lower) and visible_names(desktop) != before
    heading = desktop.locator("#spm-catalogue th", has_text="Measure")
    heading.locator("button").click()
    assert heading.get_attribute("aria-sort") == "ascending" and owner.get_attribute("aria-sort") is None
    assert visible_names(desktop) == before
    heading.locator("button").click()
    assert heading.get_attribute("aria-sort") == "descending"
    assert visible_names(desktop) == before[::-1]
    target = desktop.locator("#spm-catalogue th", has_text="Target")
    target.locator("button").click()
    values = [(unit.lower(), float(v)) for unit, v in desktop.locator("#spm-catalogue tbody tr td:nth-child(4)").evaluate_all(
        "cells => cells.map(c => [c.dataset.unit || '', c.dataset.value]).filter(([, v]) => v !== '')")]
    assert values == sorted(values)  # unit by unit, then by number (test_paths.py goes further)


def test_catalogue_filters_by_function_kind_objective_and_text(desktop, base_url):
    measures = sample_measures()
    desktop.goto(f"{base_url}measures/")
    rows = desktop.locator("#spm-catalogue tbody tr")
    assert rows.count() == len(measures) and len(visible_names(desktop)) == len(measures)
    form = desktop.locator("form.spm-filters")
    assert form.is_visible()

    form.locator("select[name=function]").select_option("finance")
    finance = sorted(m["name"] for m in measures.values() if m["owner"] == "finance")
    assert sorted(visible_names(desktop)) == finance
    assert f"Showing {len(finance)} of {len(measures)}" in form.locator(".spm-filters__count").inner_text()

    form.locator("select[name=kind]").select_option("outcome")
    assert sorted(visible_names(desktop)) == sorted(
        m["name"] for m in measures.values() if m["owner"] == "finance" and m["kind"] == "outcome")

    form.locator("button[type=reset]").click()
    desktop.wait_for_function(f"document.querySelectorAll('#spm-catalogue tbody tr:not([hidden])').length === {len(measures)}")

    form.locator("select[name=objective]").select_option("grow-new-arr")
    assert sorted(visible_names(desktop)) == sorted(
        m["name"] for m in measures.values() if "grow-new-arr" in m.get("objectives", []))

    form.locator("button[type=reset]").click()
    form.locator("input[name=q]").fill("win rate")
    shown = visible_names(desktop)
    assert "Win rate" in shown and len(shown) < len(measures)
    texts = desktop.locator("#spm-catalogue tbody tr:visible").evaluate_all("rows => rows.map(r => r.dataset.text)")
    assert all("win" in t and "rate" in t for t in texts)


def test_catalogue_works_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}measures/")
    assert page.locator("#spm-catalogue tbody tr:visible").count() == len(sample_measures())
    assert not page.locator("form.spm-filters").is_visible()  # controls that need the script stay hidden
    assert page.locator("figure.spm-los").count() == 0
    page.goto(f"{base_url}roles/{ROLE}/")
    assert page.locator("figure.spm-los svg a").count() > 5 and page.locator("figure.spm-los").is_visible()
    context.close()


# --- print ----------------------------------------------------------------------------------------

def count_pdf_pages(pdf: bytes) -> int:
    """Page objects in a PDF (`/Type /Page`, not `/Pages`); Chromium writes them uncompressed."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_role_page_prints_on_at_most_two_pages_without_navigation(desktop, base_url):
    desktop.goto(f"{base_url}roles/{ROLE}/")
    desktop.emulate_media(media="print")
    hidden = desktop.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer',
        '.md-search', '.md-content__button'].map(s => [s, [...document.querySelectorAll(s)].every(e => !e.checkVisibility())])""")
    assert all(ok for _, ok in hidden), hidden
    assert desktop.evaluate("getComputedStyle(document.querySelector('.md-sidebar--primary')).display") == "none"
    assert not desktop.locator("nav.md-nav--primary").first.is_visible()
    assert desktop.locator("figure.spm-los svg").is_visible()
    assert desktop.locator(".admonition.abstract").is_visible()
    pdf = desktop.pdf(format="A4", print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "role-print.pdf").write_bytes(pdf)
    pages = count_pdf_pages(pdf)
    assert 1 <= pages <= 2, f"the role page prints on {pages} pages"


# --- accessibility --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.is_file():
        npm = shutil.which("npm")
        if not npm:
            unavailable("npm is not installed: `apt-get install npm` to fetch axe-core for the accessibility audit")
        done = subprocess.run([npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix",
                               str(REPO / ".cache/npm"), "axe-core@4"], capture_output=True, text=True, timeout=300)
        if done.returncode != 0 or not AXE.is_file():
            unavailable(f"could not install axe-core from the npm registry: {done.stderr.strip()[-500:]}")
    return AXE


#: Pages audited in each palette: the home page, a role, a measure, the catalogue, and the new
#: cascade and levels pages; the dark palette is checked where colours differ most.
AUDITED = {"light": ["", f"roles/{ROLE}/", "measures/win-rate/", "measures/", "cascade/", "levels/"],
           "dark": ["", f"roles/{ROLE}/", "measures/"]}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation(browser, base_url, axe_script, scheme):
    context, _ = open_context(browser, viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    found = {}
    for path in AUDITED[scheme]:
        page.goto(base_url + path)
        page.add_script_tag(path=str(axe_script))
        result = page.evaluate("async () => JSON.stringify((await axe.run(document, {resultTypes: ['violations']})).violations)")
        serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in json.loads(result)
                   if v["impact"] in ("serious", "critical")]
        if serious:
            found[path or "home"] = serious
    context.close()
    assert found == {}


def test_headings_do_not_skip_levels(site):
    """Read from the built HTML (no browser needed): h1 first, then no jump of more than one level."""
    skipped = []
    for page in sorted(site.rglob("index.html")):
        html = page.read_text(encoding="utf-8")
        start = html.index('<article class="md-content__inner')
        levels = [int(n) for n in re.findall(r"<h([1-6])\b", html[start: html.index("</article>", start)])]
        jumps = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        if not levels or levels[0] != 1 or levels.count(1) != 1 or jumps:
            skipped.append((page.relative_to(site).as_posix(), levels[:12]))
    assert skipped == []


# --- screenshots for a person ---------------------------------------------------------------------

def test_screenshots_for_review(browser, base_url):
    ARTIFACTS.mkdir(exist_ok=True)
    shots = [("home.png", "", 1280, "light"), ("role-desktop.png", f"roles/{ROLE}/", 1280, "light"),
             ("role-375.png", f"roles/{ROLE}/", 375, "light"), ("catalogue.png", "measures/", 1280, "light"),
             ("role-dark.png", f"roles/{ROLE}/", 1280, "dark"), ("cascade.png", "cascade/", 1280, "light")]
    for name, path, width, scheme in shots:
        context, _ = open_context(browser, viewport={"width": width, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        page.goto(base_url + path)
        page.screenshot(path=str(ARTIFACTS / name), full_page=True)
        context.close()
        assert (ARTIFACTS / name).stat().st_size > 10_000
