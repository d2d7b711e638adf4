"""My level in a real browser: the level picker on a role page, the link that opens it, its print.

Three strict builds, each served on 127.0.0.1 and read through Debian's Chromium: the sample
(levels on one ladder) built with Material's instant navigation switched on, so the picker is
proved to survive pages swapped without a reload; the engineering fixture (a ladder that branches
into tracks); the clinic with competencies by theme. Every request to another host is refused and
recorded, and so is every console error: each test ends by asserting there were none. Screenshots
and the printout land in `test-artifacts/` for a person to look at.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from conftest import themed_clinic
from test_reader import axe_script  # noqa: F401 - the fixture that fetches axe-core once

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
ROLE = "account-executive"
SPM = str(Path(sys.executable).with_name("spm-site"))


def _build(framework: Path, out: Path, config: Path | None = None) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    command = [SPM, "build", str(framework), "--strict", "--site-dir", str(out)]
    if config is not None:
        command += ["--config-file", str(config)]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def _instant_config(folder: Path, site_url: str) -> Path:
    """The sample's own mkdocs.yml with `navigation.instant` added, its paths made absolute. Material
    navigates instantly only to the pages its sitemap lists, at `site_url`: the served address."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_url"] = site_url
    config["docs_dir"] = str(REPO / "docs")
    config["theme"]["custom_dir"] = str(REPO / "theme/overrides")
    config["theme"]["features"].append("navigation.instant")
    spm = next(p for p in config["plugins"] if isinstance(p, dict) and "spm" in p)
    spm["spm"] = {"framework": str(REPO / "framework"), "templates": str(REPO / "theme/templates")}
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


class _Served:
    """A built site on 127.0.0.1 for the module's tests."""

    def __init__(self, folder: Path) -> None:
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        self.folder = folder

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """{name: served site}: the sample with instant navigation, the tracks, the themes."""
    root = tmp_path_factory.mktemp("my-level")
    served = {name: _Served(root / name) for name in ("sample", "tracks", "themes")}
    _build(REPO / "framework", root / "sample", _instant_config(root, served["sample"].url))
    _build(REPO / "tests/fixtures/engineering", root / "tracks")
    _build(themed_clinic(), root / "themes")
    yield served
    for s in served.values():
        s.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    problems: list[str] = []

    def route(r) -> None:  # noqa: ANN001 - a Playwright Route
        if urlparse(r.request.url).hostname == "127.0.0.1":
            r.continue_()
        else:
            problems.append(f"outside request: {r.request.url}")
            r.abort()

    context.route("**/*", route)
    p = context.new_page()
    p.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
    p.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    yield p
    context.close()
    assert problems == []


def sample_levels() -> list[str]:
    role = yaml.safe_load((REPO / f"framework/roles/{ROLE}.yml").read_text(encoding="utf-8"))
    return [rl["level"] for rl in role["levels"]]


#: Which marked parts of the page a reader sees: the level ids of shown per-level parts, in page
#: order, and whether any comparison of every level is shown.
SHOWN = """() => {
  const seen = el => el.checkVisibility();
  return {
    levels: [...document.querySelectorAll('article .spm-level')].filter(seen).map(e => e.dataset.spmLevel),
    steps: [...document.querySelectorAll('article .spm-level-step')].filter(seen).map(e => e.dataset.spmLevel),
    all: [...document.querySelectorAll('article [data-spm-all-levels]')].some(seen),
  };
}"""


def shown(page) -> dict:  # noqa: ANN001
    return page.evaluate(SHOWN)


def pick(page, level: str) -> None:  # noqa: ANN001
    page.locator("form.spm-level-picker select").select_option(level)


# --- the sample: one ladder -------------------------------------------------------------------------

def test_the_picker_shows_one_level_its_targets_and_the_step_to_the_next(page, sites):
    levels = sample_levels()
    page.goto(f"{sites['sample'].url}roles/{ROLE}/")
    form = page.locator("form.spm-level-picker")
    assert form.is_visible()
    assert shown(page) == {"levels": levels, "steps": levels[:-1], "all": True}  # every level to start with
    options = form.locator("option").evaluate_all("os => os.map(o => o.value)")
    assert options == ["", *levels]

    pick(page, levels[1])
    assert shown(page) == {"levels": [levels[1]], "steps": [levels[1]], "all": False}
    assert page.locator(f".spm-level[data-spm-level={levels[1]}] .spm-level-targets").is_visible()
    step = page.locator(f".spm-level-step[data-spm-level={levels[1]}]").inner_text()
    assert "→" in step and "Targets that change" in step
    assert urlparse(page.url).query == f"level={levels[1]}"
    link = form.locator("a.spm-level-picker__link")
    assert link.is_visible() and link.get_attribute("href") == f"?level={levels[1]}"

    pick(page, levels[-1])  # the top level has no next step
    assert shown(page) == {"levels": [levels[-1]], "steps": [], "all": False}

    pick(page, "")
    assert shown(page) == {"levels": levels, "steps": levels[:-1], "all": True}
    assert urlparse(page.url).query == "" and not link.is_visible()
    page.screenshot(path=str(ARTIFACTS / "my-level-all.png"), full_page=True)


#: The measures table's level columns a reader sees, by their headers' level ids.
LEVEL_COLUMNS = """() => [...document.querySelectorAll('article th .spm-level-col')]
  .filter(span => span.closest('th').checkVisibility()).map(span => span.dataset.level)"""


def test_the_picked_level_keeps_only_its_own_column_of_targets(page, sites):
    levels = sample_levels()
    page.goto(f"{sites['sample'].url}roles/{ROLE}/")
    assert page.evaluate(LEVEL_COLUMNS) == levels
    pick(page, levels[1])
    assert page.evaluate(LEVEL_COLUMNS) == [levels[1]]
    table = page.locator("article table", has=page.locator("th .spm-level-col"))
    widths = table.locator("tbody tr").first.evaluate(
        "tr => [...tr.cells].filter(c => c.checkVisibility()).length")
    assert widths == 5  # the measure, the picked level's target, weight, kind, why
    pick(page, "")
    assert page.evaluate(LEVEL_COLUMNS) == levels


def test_the_picker_is_used_with_the_keyboard(page, sites):
    levels = sample_levels()
    page.goto(f"{sites['sample'].url}roles/{ROLE}/")
    for _ in range(80):  # Tab through the page until the picker has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('form.spm-level-picker select')"):
            break
    else:
        pytest.fail("the level picker cannot be reached with Tab")
    page.keyboard.press("ArrowDown")
    assert shown(page)["levels"] == [levels[0]]
    page.keyboard.press("ArrowDown")
    assert shown(page)["levels"] == [levels[1]]
    assert urlparse(page.url).query == f"level={levels[1]}"


def test_a_link_opens_the_page_at_a_level(page, sites):
    levels = sample_levels()
    base = f"{sites['sample'].url}roles/{ROLE}/"
    page.goto(f"{base}?level={levels[2]}")
    assert shown(page)["levels"] == [levels[2]]
    assert page.locator("form.spm-level-picker select").input_value() == levels[2]

    page.goto(f"{base}#level-{levels[1]}")  # the headings' own anchors, as the levels page links them
    assert shown(page)["levels"] == [levels[1]]
    assert page.locator(f"#level-{levels[1]}").is_visible()
    assert page.evaluate(f"document.getElementById('level-{levels[1]}').getBoundingClientRect().top") < 900

    page.locator(f".spm-level-step[data-spm-level={levels[1]}] a[href$='#level-{levels[2]}']").click()
    page.wait_for_function(f"(document.querySelector('form.spm-level-picker select') || {{}}).value === '{levels[2]}'")
    assert shown(page)["levels"] == [levels[2]]

    page.goto(f"{base}?level=no-such-level")  # an unknown level shows them all
    assert shown(page)["levels"] == levels


def test_the_picker_survives_instant_navigation(page, sites):
    """Material swaps the page without a reload: the picker works on a page reached that way, and
    going back to a page opened at a level finds it at that level again."""
    levels = sample_levels()
    page.goto(f"{sites['sample'].url}roles/")
    page.evaluate("window.spmNoReload = true")
    page.locator(f"article a[href$='{ROLE}/']").first.click()
    page.wait_for_url(re.compile(rf"/roles/{ROLE}/$"))
    page.locator("form.spm-level-picker").wait_for(state="visible")
    assert page.evaluate("window.spmNoReload") is True  # instant navigation is on: no reload happened
    pick(page, levels[1])
    assert shown(page)["levels"] == [levels[1]]

    page.locator("article .spm-level:not([hidden]) .spm-level-targets a").first.click()  # on to a measure, instantly
    page.wait_for_url(re.compile(r"/measures/[a-z0-9-]+/$"))
    page.go_back()
    page.wait_for_url(re.compile(rf"/roles/{ROLE}/\?level={levels[1]}$"))
    page.wait_for_function(f"(document.querySelector('form.spm-level-picker select') || {{}}).value === '{levels[1]}'")
    assert shown(page)["levels"] == [levels[1]]
    assert page.evaluate("window.spmNoReload") is True


def test_without_javascript_every_level_is_on_the_page(browser, sites):
    context = browser.new_context(java_script_enabled=False)
    p = context.new_page()
    p.goto(f"{sites['sample'].url}roles/{ROLE}/?level={sample_levels()[1]}")
    assert not p.locator("form.spm-level-picker").is_visible()
    assert [e.get_attribute("data-spm-level") for e in p.locator(".spm-level").all() if e.is_visible()] == sample_levels()
    assert p.locator("[data-spm-all-levels]").first.is_visible()
    context.close()


# --- print -------------------------------------------------------------------------------------------

def count_pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def test_print_shows_the_picked_level_only_with_the_organisation_edition_date_and_rhythm(page, sites):
    levels = sample_levels()
    organisation = yaml.safe_load((REPO / "framework/organisation.yml").read_text(encoding="utf-8"))
    role = yaml.safe_load((REPO / f"framework/roles/{ROLE}.yml").read_text(encoding="utf-8"))
    rhythms = {r["id"]: r["name"] for r in yaml.safe_load((REPO / "framework/feedback.yml").read_text())["rhythms"]}
    page.goto(f"{sites['sample'].url}roles/{ROLE}/?level={levels[1]}")
    page.emulate_media(media="print")
    assert shown(page) == {"levels": [levels[1]], "steps": [levels[1]], "all": False}
    head = page.locator(".spm-print-head")
    assert head.is_visible()
    text = head.inner_text()
    assert organisation["name"] in text and f"Edition {organisation['commitment']['edition']}" in text
    assert re.search(r"as of \d{1,2} [A-Z][a-z]+ \d{4}", text), text
    printed = page.locator(".spm-print-date").inner_text()
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", printed), printed  # the day printed, as the site writes dates
    rhythm = page.locator(".spm-print-head .spm-print-rhythm")
    assert rhythm.is_visible() and all(rhythms[r] in rhythm.inner_text() for r in role["feedback"])
    assert page.locator(f".spm-level[data-spm-level={levels[1]}] .spm-level-targets").is_visible()
    assert page.locator(f".spm-level-step[data-spm-level={levels[1]}] .spm-step").is_visible()
    assert page.locator(".spm-notes").is_visible()
    assert not page.locator("form.spm-level-picker").is_visible()
    # instant navigation makes every link absolute: the site's own still print as plain text
    written_out = page.evaluate("""() => [...document.querySelectorAll('article a[href]')]
        .filter(a => a.checkVisibility() && getComputedStyle(a, '::after').content.includes('127.0.0.1')).length""")
    assert written_out == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "my-level-print.png"), full_page=True)
    one = page.pdf(format="A4", print_background=True)
    (ARTIFACTS / "role-print-one-level.pdf").write_bytes(one)
    page.goto(f"{sites['sample'].url}roles/{ROLE}/")
    assert shown(page)["levels"] == levels  # on paper too, with no level picked
    every = page.pdf(format="A4", print_background=True)
    assert 1 <= count_pdf_pages(one) <= 2 and count_pdf_pages(one) <= count_pdf_pages(every)


def test_a_role_page_without_a_picked_level_still_prints_its_heading(page, sites):
    page.goto(f"{sites['sample'].url}roles/{ROLE}/")
    assert not page.locator(".spm-print-head").is_visible()  # paper only
    page.emulate_media(media="print")
    assert page.locator(".spm-print-head").is_visible() and page.locator(".spm-print-rhythm").is_visible()
    assert not page.locator(".spm-notes").is_visible()  # notes go with a conversation about one level


# --- tracks and themes -------------------------------------------------------------------------------

def test_tracks_the_branch_level_shows_the_choice_and_each_track_next_step(page, sites):
    page.goto(f"{sites['tracks'].url}roles/engineer/")
    options = page.locator("form.spm-level-picker option").all_inner_texts()
    assert any("track)" in o for o in options), options  # a level on a track says which
    pick(page, "eng-3")  # Senior engineer: the ladder branches after it
    seen = shown(page)
    assert seen["levels"] == ["eng-3"] and not seen["all"]
    assert page.locator(".spm-branch").is_visible()
    steps = [s.inner_text() for s in page.locator(".spm-level-step[data-spm-level=eng-3] .spm-step").all() if s.is_visible()]
    assert len(steps) == 2 and any("Staff engineer" in s for s in steps) and any("Engineering manager" in s for s in steps)
    pick(page, "staff")
    assert shown(page)["levels"] == ["staff"] and not page.locator(".spm-branch").is_visible()
    page.screenshot(path=str(ARTIFACTS / "my-level-tracks.png"), full_page=True)


def test_themes_one_level_by_theme_and_no_grid(page, sites):
    page.goto(f"{sites['themes'].url}roles/practice-nurse/")
    everything = shown(page)
    assert len(everything["levels"]) >= 2 and everything["all"]
    level = everything["levels"][1]
    pick(page, level)
    assert shown(page) == {"levels": [level], "steps": [level] if level in everything["steps"] else [], "all": False}
    section = page.locator(f".spm-level[data-spm-level={level}]")
    assert section.locator("strong").count() >= 1  # the level's expectations, grouped by theme


def test_a_role_page_with_a_picked_level_is_accessible(page, sites, axe_script):  # noqa: F811
    for url in (f"{sites['sample'].url}roles/{ROLE}/?level={sample_levels()[1]}",
                f"{sites['tracks'].url}roles/engineer/?level=eng-3"):
        page.goto(url)
        page.add_script_tag(path=str(axe_script))
        result = json.loads(page.evaluate(
            "async () => JSON.stringify((await axe.run(document, {resultTypes: ['violations']})).violations)"))
        serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result if v["impact"] in ("serious", "critical")]
        assert serious == [], url
