"""Where a page sits (breadcrumb, section, neighbours), tables made scrollable, the tall diagram:
the page data and HTML without a browser. tests/browser/test_wayfinding.py shows them in Chromium."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from spm_site.pipeline import check_framework
from spm_site.site import diagram
from spm_site.site.urls import page_path
from spm_site.site.wayfinding import HOME, LABELS, Crumb, scrollable_tables, way_of, ways

SAMPLE = Path(__file__).resolve().parents[1] / "framework"


@pytest.fixture(scope="module")
def fw():  # noqa: ANN201
    result = check_framework(SAMPLE)
    assert result.framework is not None, result.diagnostics
    return result.framework


def test_a_role_sits_under_its_section_and_its_function(fw) -> None:  # noqa: ANN001
    role = fw.roles["account-executive"]
    way = way_of(ways(fw), page_path("role", role.id))
    assert way.trail == (Crumb("Home", HOME), Crumb("Roles", "roles/index.md"),
                         Crumb(fw.functions[role.function].name, page_path("function", role.function)))
    assert way.section == "roles/index.md"


def test_every_item_page_has_a_trail_that_starts_at_home_and_names_its_section(fw) -> None:  # noqa: ANN001
    found = ways(fw)
    for kind, item in fw.items():
        way = found.get(page_path(kind, item.id))
        if way is None:  # kinds without pages of their own (levels, pillars...)
            continue
        assert way.trail[0] == Crumb("Home", HOME)
        assert way.trail[1].path == way.section and way.section.endswith("/index.md")
        assert page_path(kind, item.id) not in [c.path for c in way.trail]


def test_neighbours_are_the_same_kind_under_the_same_parent_in_order(fw) -> None:  # noqa: ANN001
    found = ways(fw)
    for fn in fw.functions:
        roles = [page_path("role", r.id) for r in fw.roles.values() if r.function == fn]
        for before, after in zip(roles, roles[1:]):
            assert found[before].next == after and found[after].previous == before
        if roles:
            assert found[roles[0]].previous is None and found[roles[-1]].next is None


def test_a_broader_objective_is_the_parent_of_a_narrower_one(fw) -> None:  # noqa: ANN001
    child = next(o for o in fw.objectives.values() if o.parent)
    way = ways(fw)[page_path("objective", child.id)]
    assert way.trail[-1] == Crumb(fw.objectives[child.parent].name, page_path("objective", child.parent))


def test_pages_the_framework_does_not_place_sit_under_home_and_home_has_no_trail(fw) -> None:  # noqa: ANN001
    found = ways(fw)
    assert way_of(found, "strategy.md").trail == (Crumb(LABELS["home"], HOME),)
    assert way_of(found, "notes/hand-written.md").trail == (Crumb(LABELS["home"], HOME),)
    assert way_of(found, HOME).trail == ()


def test_every_table_is_labelled_by_the_heading_above_it_for_its_scroll_region() -> None:
    page = ('<h2 id="m">Measures &amp; &lt;targets&gt;<a class="headerlink" href="#m">¶</a></h2>'
            "<table>\n<tr><td>a</td></tr>\n</table><p>text</p><table id=\"x\"><tr><td>b</td></tr></table>")
    out = scrollable_tables(page)
    labels = re.findall(r'<table[^>]* data-spm-label="([^"]*)" data-spm-hint="([^"]*)">', out)
    assert labels == [("Table: Measures &amp; &lt;targets&gt;", f"{LABELS['scroll']} →")] * 2  # escaped, no ¶
    assert '<table id="x" data-spm-label="Table: Measures &amp; &lt;targets&gt;" data-spm-hint="' in out
    assert scrollable_tables("<p>no table</p>") == "<p>no table</p>"
    assert 'data-spm-label="Table"' in scrollable_tables("<table><tr><td>x</td></tr></table>")


def test_the_tall_line_of_sight_has_the_same_links_and_fits_a_narrow_width(fw) -> None:  # noqa: ANN001
    role = fw.roles["account-executive"]
    html = diagram.line_of_sight(fw, role, lambda target: target)
    xlink = "http://www.w3.org/1999/xlink"  # the links' namespace, which HTML declares by itself
    figure = ElementTree.fromstring(f'<div xmlns:xlink="{xlink}">{html}</div>')
    ns = "{http://www.w3.org/2000/svg}"
    wide, tall = figure.iter(f"{ns}svg")
    assert "spm-los__svg--wide" in wide.get("class") and "spm-los__svg--tall" in tall.get("class")
    links = [[a.get(f"{{{xlink}}}href") for a in svg.iter(f"{ns}a")] for svg in (wide, tall)]
    assert links[0] == links[1] and len(links[0]) > 4
    ids = [e.get("id") for e in figure.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    width, height = (int(v) for v in tall.get("viewBox").split()[2:])
    assert width == diagram.TALL_WIDTH and height > width
    for rect in tall.iter(f"{ns}rect"):  # every box inside the drawing, right of the left gutter
        x, w = int(rect.get("x")), int(rect.get("width"))
        assert 0 < x and x + w < width
    # the tiers go down the page: every measure below the role, every pillar below every objective
    boxes = {kind: [int(a.find(f"{ns}rect").get("y")) for a in tall.iter(f"{ns}a")
                    if f"spm-los__node--{kind}" in a.get("class")] for kind in ("role", "measure", "objective", "pillar")}
    assert max(boxes["role"]) < min(boxes["measure"]) and max(boxes["measure"]) < min(boxes["objective"])
    assert max(boxes["objective"]) < min(boxes["pillar"])
