"""Pages stay a readable size as the organisation grows (issue 14): the pages that list every role,
objective, measure or finding split into parts once they are large (site/subpages.py).

Sizes are counted on the Markdown the renderer writes for bench frameworks of two sizes (the HTML is
that plus the theme), so no test builds a 5,000-role site: `bench/README.md` has the measured
HTML. A real strict MkDocs build of the sample with the thresholds lowered proves that every part
page is built, linked and its anchors found.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path

import pytest

from bench.generate import generate
from spm_site.engine.build import build_handbook
from spm_site.pipeline import CheckResult, check_framework
from spm_site.site import subpages
from spm_site.site.render import Page, Renderer, part_renders
from spm_site.site.urls import former_pages, generated_pages

REPO = Path(__file__).resolve().parent.parent
#: The pages that list something for every role, objective, measure or finding, and their parts.
GROWING = ("levels.md", "cascade.md", "alignment.md", "roles/index.md", "measures/index.md")
PARTS = ("levels/", "cascade/", "measures/owned-by/", "alignment/")
SMALL, LARGE = 300, 900


def _size(page: Page) -> int:
    return len(page.markdown.encode()) + sum(len(f.encode()) for f in page.fragments.values())


def _render(root: Path) -> tuple[CheckResult, dict[str, Page]]:
    result = check_framework(root)
    assert result.framework is not None
    return result, {p.path: p for p in Renderer(result.framework, checked=result).pages()}


@pytest.fixture(scope="module")
def sizes(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[CheckResult, dict[str, Page]]]:
    out = {}
    for n in (SMALL, LARGE):
        root = tmp_path_factory.mktemp(f"bench-{n}") / "framework"
        generate(n, root)
        out[n] = _render(root)
    return out


def _links(page: Page) -> set[str]:
    """The site pages a page links to (Markdown and raw HTML links), as page paths without the part."""
    here = posixpath.dirname(page.path)
    found = set()
    for target in re.findall(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)", page.markdown):
        found.add(posixpath.normpath(posixpath.join(here, target)))
    return found


def test_the_pages_that_list_everything_do_not_grow_with_the_roles(sizes):
    small, large = sizes[SMALL][1], sizes[LARGE][1]
    for path in GROWING:
        # three times the roles: at most a third more (the count tables grow with functions and pillars only)
        assert _size(large[path]) <= max(1.35 * _size(small[path]), 40_000), path
    for prefix in PARTS:
        grown = max(_size(p) for p in large.values() if p.path.startswith(prefix))
        before = [_size(p) for p in small.values() if p.path.startswith(prefix)]
        # a part holds one function's, one pillar's or one rule's share (200 findings at most)
        assert grown <= max(1.5 * max(before, default=0), 120_000), prefix


def test_no_page_is_large_at_three_times_the_roles(sizes):
    small, large = sizes[SMALL][1], sizes[LARGE][1]
    biggest = max(large.values(), key=_size)
    # the HTML of the largest page at 1,000 roles was 1.2 MB before; now no page's Markdown nears 200 KB
    assert _size(biggest) < 200_000, biggest.path
    assert len(large) > len(small)  # the parts are there


def test_every_part_is_linked_from_its_index_page(sizes):
    result, pages = sizes[LARGE]
    parts = [p for p in pages if p.startswith(PARTS)]
    assert {p.split("/")[0] for p in parts} == {"levels", "cascade", "measures", "alignment"}
    index = {"levels": "levels.md", "cascade": "cascade.md", "measures": "measures/index.md", "alignment": "alignment.md"}
    for part in parts:
        assert part in _links(pages[index[part.split("/")[0]]]), part
        assert pages[part].leaf  # reached from the index, not from the nav
    assert set(parts) - {p for p in parts if p.startswith("alignment/")} <= set(generated_pages(result.framework))


def test_nothing_is_lost_when_a_page_is_split(sizes):
    result, pages = sizes[LARGE]
    fw = result.framework
    held = {(r.id, rl.level) for r in fw.roles.values() for rl in r.levels if rl.level in fw.levels}
    shown = set()
    for path, page in pages.items():
        if path.startswith("levels/"):
            shown |= set(re.findall(r"\]\(\.\./roles/([a-z0-9-]+)\.md#level-([a-z0-9-]+)\)", page.markdown))
    assert shown == held
    catalogued = [m for p, page in pages.items() if p.startswith("measures/owned-by/")
                  for m in re.findall(r'<tr id="m-([a-z0-9-]+)"', page.markdown)]
    assert sorted(catalogued) == sorted(fw.measures)
    listed = [o for p, page in pages.items() if p.startswith("cascade/")
              for o in re.findall(r"\]\(\.\./objectives/([a-z0-9-]+)\.md\) \|", page.markdown)]
    assert sorted(listed) == sorted(fw.objectives)
    findings = sum(page.markdown.count("\n| `") for p, page in pages.items() if p.startswith("alignment/"))
    assert findings == len(result.diagnostics) > subpages.FINDINGS


def test_the_index_pages_keep_their_anchors_and_say_what_is_where(sizes):
    fw, pages = sizes[LARGE][0].framework, sizes[LARGE][1]
    levels = pages["levels.md"].markdown
    for level in fw.levels:
        assert f"{{ #{level} }}" in levels  # ladder diagrams and role pages link to levels.md#<level>
    for part in subpages.level_parts(fw):
        for level, roles in part.levels:
            assert f"({part.path}#{level.id}) ({len(roles)})" in levels
            assert f"{{ #{level.id} }}" in pages[part.path].markdown
    cascade = pages["cascade.md"].markdown
    for pillar in fw.pillars:
        assert f"{{ #{pillar} }}" in cascade
    alignment = pages["alignment.md"].markdown
    assert "## Coverage: objectives against functions and roles" in alignment
    assert "| Function |" in alignment and "✓" not in alignment  # functions against pillars, not the matrix
    roles = pages["roles/index.md"].markdown
    for f in fw.functions.values():
        if f.id in fw.roles_by_function:
            assert f"## {f.name}" in roles and f"](../functions/{f.id}.md)" in roles


@pytest.mark.parametrize("framework", ["framework", "tests/fixtures/clinic", "tests/fixtures/engineering"])
def test_a_small_organisation_keeps_its_pages_whole(framework):
    result, pages = _render(REPO / framework)
    assert part_renders(result.framework, result) == []
    assert not [p for p in pages if p.startswith(PARTS)]
    assert "| Role at this level | What is expected |" in pages["levels.md"].markdown
    assert '<table id="spm-catalogue">' in pages["measures/index.md"].markdown
    assert "| Objective | Accountable functions | Measures | Roles that move it |" in pages["cascade.md"].markdown


def test_a_renamed_function_keeps_its_pages_of_the_levels_and_catalogue(tmp_path, monkeypatch):
    root = tmp_path / "framework"
    shutil.copytree(REPO / "framework", root)
    sales = root / "functions" / "sales.yml"
    sales.write_text(sales.read_text(encoding="utf-8").replace("name: Sales\n", "name: Sales\nprevious_ids: [selling]\n", 1),
                     encoding="utf-8")
    monkeypatch.setattr(subpages, "LEVEL_ROWS", 1)
    monkeypatch.setattr(subpages, "CATALOGUE_MEASURES", 1)
    fw = check_framework(root).framework
    moved = former_pages(fw)
    assert moved["levels/selling.md"] == "levels/sales.md"
    assert moved["measures/owned-by/selling.md"] == "measures/owned-by/sales.md"


def test_the_split_sample_builds_strictly_with_every_link_and_anchor_found(tmp_path, monkeypatch):
    """Every threshold at its lowest: the sample's pages all split, and MkDocs' strict build (links and
    anchors validated) passes, with each part page written where its index links."""
    for name in ("LEVEL_ROWS", "CASCADE_ROLE_LINKS", "COVERAGE_CELLS", "INDEX_ROLES", "CATALOGUE_MEASURES", "FINDINGS"):
        monkeypatch.setattr(subpages, name, 0)
    root = tmp_path / "framework"
    shutil.copytree(REPO / "framework", root)
    site = tmp_path / "site"
    result, _ = build_handbook(root, site)
    assert result.ok
    assert (site / "levels" / "sales" / "index.html").is_file()
    assert (site / "cascade" / "customer-growth" / "index.html").is_file()
    assert (site / "measures" / "owned-by" / "sales" / "index.html").is_file()
    trail = (site / "levels" / "sales" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="\.\./"[^>]*>Career levels</a>', trail)  # the breadcrumb leads back to its page
    levels = (site / "levels" / "index.html").read_text(encoding="utf-8")
    assert 'href="sales/#l3"' in levels
    part = (site / "levels" / "sales" / "index.html").read_text(encoding="utf-8")
    assert 'id="l3"' in part and 'href="../../roles/account-executive/#level-l3"' in part
    if result.diagnostics:
        assert list(site.glob("alignment/*/1/index.html"))
