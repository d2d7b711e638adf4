"""My level without a browser: the markup the level picker reads, as the plugin's Markdown makes it.

Each role page is rendered and converted with the site's own Markdown extensions and sanitiser
(what the build does), then read: every level of a role has one part marked `data-spm-level` that
holds its heading, every step to the next level is marked with its lower level, the comparisons of
every level are marked `data-spm-all-levels`, and the picker lists the levels in ladder order. A
role without levels has no picker. The browser proof is tests/browser/test_my_level.py.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import markdown

from spm_site.engine.plugin import PAGE_EXTENSIONS
from spm_site.pipeline import check_framework
from spm_site.site import html_clean
from spm_site.site.my_level import level_picker
from spm_site.site.render import Renderer
from spm_site.site.views import compare_levels
from conftest import themed_clinic

REPO = Path(__file__).resolve().parent.parent


class _Parts(HTMLParser):
    """The marked parts of a page: (attribute, value, ids of the headings inside), in page order;
    the picker's option values; any marked part nested in another (there must be none)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[tuple[str, str, list[str]]] = []
        self.options: list[str] = []
        self.nested: list[str] = []
        self._stack: list[tuple[str, int | None]] = []  # (tag, index of the part it opens)
        self._in_picker = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        opened = None
        if tag == "div" and ("data-spm-level" in a or "data-spm-all-levels" in a):
            if any(i is not None for _, i in self._stack):
                self.nested.append(str(a))
            key = "data-spm-level" if "data-spm-level" in a else "data-spm-all-levels"
            self.parts.append((key, a.get(key) or "", []))
            opened = len(self.parts) - 1
        if tag == "form" and "spm-level-picker" in (a.get("class") or ""):
            self._in_picker = True
        if tag == "option" and self._in_picker:
            self.options.append(a.get("value") or "")
        if tag[0] == "h" and tag[1:].isdigit() and a.get("id"):
            for _, i in reversed(self._stack):
                if i is not None:
                    self.parts[i][2].append(a["id"])
                    break
        if tag not in ("br", "input", "img", "hr"):
            self._stack.append((tag, opened))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_picker = False
        while self._stack:
            t, _ = self._stack.pop()
            if t == tag:
                break


def _html(page) -> str:  # noqa: ANN001 - a render.Page
    md = markdown.Markdown(extensions=list(PAGE_EXTENSIONS), extension_configs={k: v for k, v in PAGE_EXTENSIONS.items() if v})
    return html_clean.restore(html_clean.clean(md.convert(page.markdown)), page.fragments)


def _parts(page) -> _Parts:  # noqa: ANN001
    parser = _Parts()
    parser.feed(_html(page))
    return parser


def _check(root: Path):  # noqa: ANN202
    result = check_framework(root)
    assert result.ok, result.diagnostics
    return result.framework


def _role_pages(fw):  # noqa: ANN001, ANN202
    return {p.path: p for p in Renderer(fw).pages() if p.path.startswith("roles/") and p.path != "roles/index.md"}


def _assert_marked(fw, role, page) -> None:  # noqa: ANN001
    parts = _parts(page)
    assert parts.nested == []
    levels = [(v, ids) for k, v, ids in parts.parts if k == "data-spm-level" and ids and ids[0].startswith("level-")]
    picker = level_picker(fw, role)
    ladder = [lv.id for lv in fw.ladder_of(role).levels]
    assert [v for v, _ in levels] == [rl.level for rl in role.levels]  # on the page as the author wrote them
    assert [o.id for o in picker.options] == sorted((rl.level for rl in role.levels), key=ladder.index)
    assert all(ids[0] == f"level-{v}" for v, ids in levels)  # each level's heading sits in its own part
    assert parts.options == ["", *(o.id for o in picker.options)]
    cmp = compare_levels(fw, role)
    if cmp is not None:
        steps = [v for k, v, ids in parts.parts if k == "data-spm-level" and not (ids and ids[0].startswith("level-"))]
        expected = [s.lower.id for s in cmp.steps]
        if cmp.branch:
            expected += ([cmp.branch.at.id] if cmp.branch.at else []) + [s.lower.id for c in cmp.branch.choices for s in c.steps]
        assert sorted(steps) == sorted(expected)
        # one table of targets by level, or, on tracks, one per track (role_tracks.md.j2)
        tables = sum(1 for c in cmp.branch.choices if c.rows) if cmp.branch else int(bool(cmp.rows))
        grids = 1 if "themes-by-level" in page.markdown else 0
        assert sum(k == "data-spm-all-levels" for k, _, _ in parts.parts) == tables + grids


def test_every_sample_role_marks_each_level_and_each_step():
    fw = _check(REPO / "framework")
    pages = _role_pages(fw)
    assert len(pages) == len(fw.roles) >= 10
    for role in fw.roles.values():
        _assert_marked(fw, role, pages[f"roles/{role.id}.md"])


def test_roles_on_tracks_mark_the_branch_with_its_level():
    fw = _check(REPO / "tests/fixtures/engineering")
    pages = _role_pages(fw)
    engineer = fw.roles["engineer"]
    _assert_marked(fw, engineer, pages["roles/engineer.md"])
    picker = level_picker(fw, engineer)
    assert {o.track for o in picker.options} >= {None, "Individual contributor", "People manager"}
    html = _html(pages["roles/engineer.md"])
    # the choice of track is what changes after Senior engineer: shown with that level
    assert re.search(r'<div class="spm-level-step" data-spm-level="eng-3">\s*<div class="admonition question spm-branch">', html)


def test_themed_roles_mark_each_level_and_the_grid_as_all_levels():
    fw = _check(themed_clinic())
    pages = _role_pages(fw)
    nurse = fw.roles["practice-nurse"]
    _assert_marked(fw, nurse, pages["roles/practice-nurse.md"])
    parts = _parts(pages["roles/practice-nurse.md"])
    grid = [ids for k, _, ids in parts.parts if k == "data-spm-all-levels"]
    assert grid and not any(grid[0])  # the theme × level table: no heading inside, every level in it


def test_a_role_without_levels_has_no_picker_but_prints_its_heading():
    fw = _check(REPO / "tests/fixtures/kpi")
    pages = _role_pages(fw)
    bare = [r for r in fw.roles.values() if not r.levels]
    assert bare
    for role in bare:
        assert level_picker(fw, role) is None
        html = _html(pages[f"roles/{role.id}.md"])
        assert "spm-level-picker" not in html and "data-spm-level" not in html
        assert 'class="spm-print-only spm-print-head"' in html and fw.organisation.name.split()[0] in html


def test_the_print_heading_names_the_organisation_edition_date_and_rhythm():
    fw = _check(REPO / "framework")
    role = fw.roles["account-executive"]
    html = _html(_role_pages(fw)["roles/account-executive.md"])
    start = html.index('class="spm-print-only spm-print-head"')
    head = html[start: html.index("</p>", start)]
    assert fw.organisation.name in head and f"Edition {fw.organisation.commitment.edition}" in head
    assert "as of " in head and 'class="spm-print-date"' in head
    assert all(r.name in head and r.cadence.value in head for r in fw.rhythms_of(role))
    assert 'class="spm-print-only spm-notes"' in html


def test_the_sanitiser_keeps_the_level_marks_and_nothing_more():
    dirty = ('<div class="spm-level" data-spm-level="l2" onclick="x()"><p data-spm-level="l2" data-x="1">a</p></div>'
             '<div data-spm-all-levels=""><span data-spm-level="l1">b</span></div>')
    clean = html_clean.clean(dirty)
    assert clean.count('data-spm-level="l2"') == 2 and 'data-spm-level="l1"' in clean and "data-spm-all-levels" in clean
    assert "onclick" not in clean and "data-x" not in clean
