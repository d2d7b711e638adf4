"""Empty and degenerate frameworks read well: real `--strict` builds, checked on the HTML they publish.

Each framework here is smaller than MINIMAL in one way (only organisation.yml; one role and its
function; no measures; no feedback rhythm; a level title that repeats the level's name; objectives
with no pillar), and the sample too. Every page of every build is read for the states that read
badly: a table with headers and no rows, a heading that repeats itself ("Associate: Associate"), a
heading with nothing under it, "— (higher is better)" for a target nobody set, and a navigation
entry to a section the framework does not have, or to a page that does not exist.
"""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import MINIMAL, write_framework
from spm_site.cli import cli
from spm_site.site.urls import INDEX_PAGES
from spm_site.rules import RULES

REPO = Path(__file__).resolve().parent.parent

#: The rules a framework this small cannot satisfy, as warnings, so that it builds and its pages can be read.
RELAXED = "rules:\n" + "".join(f"  {code}: warning\n" for code in ("SPM102", "SPM103", "SPM108", "SPM111", "SPM119"))

ORGANISATION_ONLY = """\
name: Tiny Co
mission: Make small things well.
pillars: []
commitment:
  statement: We stand behind this.
  edition: "1"
  approved_on: 2026-10-01
"""


def _without(pattern: str, *paths: str) -> dict[str, str]:
    return {path: re.sub(pattern, "", MINIMAL[path]) for path in paths}


ROLES = ("roles/head-of-sales.yml", "roles/account-executive.yml")
FRAMEWORKS: dict[str, dict[str, str | None]] = {
    "organisation only": {"organisation.yml": ORGANISATION_ONLY},
    "one role": {"organisation.yml": ORGANISATION_ONLY,
                 "functions/making.yml": "name: Making\npurpose: Make things.\nleader: maker\n",
                 "roles/maker.yml": "name: Maker\nfunction: making\npurpose: Makes things.\n"},
    "no measures": {**MINIMAL, "measures/sales.yml": None,
                    **_without(r"measures:\n(  - measure:.*\n(    .*\n)*)+", *ROLES)},
    "no feedback rhythm": {**MINIMAL, "feedback.yml": None, **_without(r"feedback: \[.*\]\n", *ROLES)},
    "a level title that is the level's name": {**MINIMAL, "roles/account-executive.yml": MINIMAL[ROLES[1]].replace(
        "  - level: l1\n", "  - level: l1\n    title: associate \n")},
    "objectives without a pillar": {**MINIMAL, **{path: MINIMAL[path].replace("pillar: growth\n", "")
                                                  for path in ("objectives/grow-revenue.yml",
                                                               "objectives/win-new-logos.yml")}},
}

#: The menu entries of a site whose framework has only organisation.yml: home, the findings, the reference.
#: Home and the "For authors" section (the reference, the alignment report and every rule's page).
ORGANISATION_ONLY_NAV = {"index.md", "alignment.md", "reference.md",
                         *(f"reference/rules/{code.lower()}.md" for code in RULES)}


class _Page(HTMLParser):
    """What a built page shows in its article, in order, and the links of its primary navigation."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, int, str]] = []  # ("h", level, text) or ("content", 0, tag)
        self.tables: list[int] = []  # for each table: how many body cells hold something
        self.nav: list[str] = []
        self._article = self._nav = 0
        self._heading: list | None = None
        self._cell: str | None = None
        self._filled = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "nav" and "md-nav--primary" in (a.get("class") or ""):
            self._nav = 1
        elif tag == "nav" and self._nav:
            self._nav += 1
        if self._nav and tag == "a" and "md-nav__link" in (a.get("class") or "") and a.get("href"):
            self.nav.append(a["href"] or "")
        if tag == "article":
            self._article += 1
        if not self._article:
            return
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = [int(tag[1]), ""]
        elif tag == "td":
            self._cell = ""
        elif tag in ("p", "li", "img", "details", "table") or (tag == "div" and (
                "data-spm-fragment" in a or "admonition" in (a.get("class") or ""))):
            if self._heading is None:
                self.events.append(("content", 0, tag))
            if tag == "table":
                self._filled = 0

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._nav:
            self._nav -= 1
        if tag == "article":
            self._article -= 1
        if self._heading is not None and tag == f"h{self._heading[0]}":
            self.events.append(("h", self._heading[0], self._heading[1].replace("¶", "").strip()))
            self._heading = None
        elif tag == "td" and self._cell is not None:
            self._filled += bool(self._cell.strip())
            self._cell = None
        elif tag == "table" and self._article:
            self.tables.append(self._filled)

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading[1] += data
        if self._cell is not None:
            self._cell += data


def degenerate_states(html: str) -> list[str]:
    """Every state on the page that reads badly, in words."""
    page = _Page()
    page.feed(html)
    found = ["a table with headers and no rows" for filled in page.tables if not filled]
    headings = [e for e in page.events if e[0] == "h"]
    for _, _, text in headings:
        first, sep, rest = text.partition(": ")
        if sep and first.strip().lower() == rest.strip().lower():
            found.append(f"a heading that repeats itself: {text!r}")
    events = [*page.events, ("h", 0, "the end of the page")]
    for here, after in zip(events, events[1:]):
        if here[0] == "h" and after[0] == "h" and after[1] <= here[1]:
            found.append(f"a heading with nothing under it: {here[2]!r}")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    found += [f"{bad!r}" for bad in ("— (higher is better)", "— (lower is better)", "target —") if bad in text]
    return found


def nav_pages(site: Path, page: Path) -> set[str]:
    """The pages the primary navigation of `page` links to, as Markdown paths (`roles/index.md`)."""
    parser = _Page()
    parser.feed(page.read_text(encoding="utf-8"))
    here = page.parent.relative_to(site).as_posix()
    out = set()
    for href in parser.nav:
        if href.startswith("#") or "://" in href:
            continue
        path = posixpath.normpath(posixpath.join(here, href.split("#")[0]))
        built = site / path / "index.html"
        assert built.is_file(), f"the menu of {page} links to {href}, which was not built"
        out.add("index.md" if path == "." else (f"{path}/index.md" if f"{path}/index.md" in INDEX_PAGES else f"{path}.md"))
    return out


def built(runner, tmp_path: Path, name: str, files: dict[str, str | None]) -> Path:  # noqa: ANN001
    root = write_framework(tmp_path / "framework", {k: v for k, v in files.items() if v is not None})
    (root / "spm.yml").write_text(RELAXED, encoding="utf-8")
    check = runner.invoke(cli, ["check", str(root)])
    assert check.exit_code == 0, check.output
    site = tmp_path / "site"
    result = runner.invoke(cli, ["build", str(root), "--strict", "--site-dir", str(site)])
    assert result.exit_code == 0, f"{name}: {result.output}"
    return site


def all_states(site: Path) -> dict[str, list[str]]:
    return {p.relative_to(site).as_posix(): found for p in sorted(site.rglob("index.html"))
            if (found := degenerate_states(p.read_text(encoding="utf-8")))}


@pytest.fixture
def in_tmp(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("name", sorted(FRAMEWORKS))
def test_a_degenerate_framework_builds_pages_that_read_well(runner, in_tmp, name):
    site = built(runner, in_tmp, name, FRAMEWORKS[name])
    assert all_states(site) == {}


def test_the_sample_reads_well(runner, in_tmp):
    """The sample has a measure with no target: its page said '— (higher is better)' before; now it says
    the target is not stated, and keeps the direction the author did state."""
    site = in_tmp / "site"
    result = runner.invoke(cli, ["build", str(REPO / "framework"), "--strict", "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    assert all_states(site) == {}
    page = (site / "measures/weekly-active-engineers/index.html").read_text(encoding="utf-8")
    assert "<td>not stated (higher is better)</td>" in page and "— (higher" not in page


def test_the_menu_offers_only_sections_the_framework_has(runner, in_tmp):
    site = built(runner, in_tmp, "organisation only", FRAMEWORKS["organisation only"])
    assert nav_pages(site, site / "index.html") == ORGANISATION_ONLY_NAV
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "your role" not in home and "measures catalogue" not in home  # the home page points to none either
    # The pages of the empty sections are still built (a bookmark or a link still answers), each saying so.
    assert "No measure is defined yet" in (site / "measures/index.html").read_text(encoding="utf-8")
    assert "No feedback conversation is described yet" in (site / "feedback/index.html").read_text(encoding="utf-8")


def test_the_menu_of_minimal_keeps_every_section(runner, in_tmp):
    site = built(runner, in_tmp, "minimal", MINIMAL)
    assert nav_pages(site, site / "roles/index.html") >= {
        "index.md", "roles/index.md", "measures/index.md", "strategy.md", "cascade.md", "objectives/index.md",
        "functions/index.md", "values/index.md", "principles.md", "levels.md", "feedback.md", "reference.md"}


def test_a_level_title_that_is_the_level_name_is_not_said_twice(runner, in_tmp):
    site = built(runner, in_tmp, "same title", FRAMEWORKS["a level title that is the level's name"])
    page = (site / "roles/account-executive/index.html").read_text(encoding="utf-8")
    assert re.search(r'<h3 id="level-l1">Associate<a class="headerlink"', page), page


def test_objectives_without_a_pillar_are_on_the_strategy_page(runner, in_tmp):
    site = built(runner, in_tmp, "no pillar", FRAMEWORKS["objectives without a pillar"])
    page = (site / "strategy/index.html").read_text(encoding="utf-8")
    assert 'id="no-pillar"' in page and "Grow new annual recurring revenue" in page


@pytest.mark.parametrize("html", [
    "<article><h1>T</h1><table><thead><tr><th>A</th></tr></thead><tbody><tr><td></td></tr></tbody></table></article>",
    "<article><h1>T</h1><p>x</p><h3>Junior engineer: Junior engineer</h3><p>y</p></article>",
    "<article><h1>T</h1><p>x</p><h2>Strategy</h2><h2>Next</h2><p>y</p></article>",
    "<article><h1>T</h1><table><tbody><tr><td>Target</td><td>— (higher is better)</td></tr></tbody></table></article>",
])
def test_the_reader_finds_each_degenerate_state(html):
    """The page reader must see what it looks for, or the tests above prove nothing."""
    assert len(degenerate_states(html)) == 1
