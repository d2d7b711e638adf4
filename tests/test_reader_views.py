"""The reader-facing views without a browser: the line-of-sight SVG, level comparison, cascade, URLs.

The browser tests (tests/browser/) prove the same features in Chromium; these pin the details
quickly and run everywhere.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from spm_site.cli import cli
from spm_site.site.diagram import wrap
from spm_site.site.urls import page_url
from spm_site.pipeline import check_framework
from spm_site.site.render import Renderer
from spm_site.site.views import cascade, compare_levels


def framework(root: Path):  # noqa: ANN201
    result = check_framework(root)
    assert result.framework is not None, result.diagnostics
    return result.framework


@pytest.mark.parametrize(("target", "here", "directory_urls", "expected"), [
    ("measures/win-rate.md", "roles/ae.md", True, "../../measures/win-rate/"),
    ("measures/win-rate.md", "roles/ae.md", False, "../measures/win-rate.html"),
    ("strategy.md#growth", "roles/ae.md", True, "../../strategy/#growth"),
    ("strategy.md#growth", "roles/ae.md", False, "../strategy.html#growth"),
    ("roles/ae.md", "roles/ae.md", True, "./"),
    ("index.md", "roles/ae.md", True, "../../"),
    ("roles/ae.md", "index.md", True, "roles/ae/"),
    ("measures/x.md", "measures/index.md", True, "x/"),
    ("roles/index.md", "cascade.md", True, "../roles/"),
    ("roles/index.md", "cascade.md", False, "roles/index.html"),
])
def test_page_url_is_the_final_url_relative_to_the_page(target, here, directory_urls, expected):
    assert page_url(target, here, directory_urls) == expected


def test_long_labels_wrap_and_are_cut_with_an_ellipsis():
    lines = wrap("Start every quarter with three times coverage of qualified pipeline " * 3, 180)
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert wrap("Short", 180) == ("Short",)


HOSTILE = """\
name: "Engineer <script>alert(1)</script> & \\"quoted\\" {: onclick=alert(1) }"
function: sales
reports_to: head-of-sales
purpose: Win new customers.
measures:
  - measure: win-rate
    weight: 100
"""


def test_diagram_escapes_author_text_and_keeps_it_out_of_attributes(make_framework):
    fw = framework(make_framework({
        "roles/account-executive.yml": HOSTILE,
        "objectives/win-new-logos.yml": "name: Win <b>120</b> new & \"happy\" customers\n"
                                        "description: d\npillar: growth\nowner: head-of-sales\n",
    }))
    page = next(p for p in Renderer(fw).pages() if p.path == "roles/account-executive.md")
    assert '<div data-spm-fragment="1"></div>' in page.markdown  # the SVG stays out of Markdown and nh3
    figure = re.search(r'<figure class="spm-los".*?</figure>', page.fragments["1"], re.S).group(0)
    assert "\n" not in figure  # one raw HTML block: a blank line would end it early
    assert "<script" not in figure and "<b>" not in figure
    assert "Engineer &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;" in figure
    assert "Win &lt;b&gt;120&lt;/b&gt; new &amp; &quot;happy&quot; customers" in figure
    attributes = re.findall(r'\s[\w:-]+="([^"]*)"', figure)
    assert not [a for a in attributes if "alert" in a or "Engineer" in a or "happy" in a]
    assert 'role="group"' in figure and "<title id=" in figure and "<desc id=" in figure
    hrefs = re.findall(r'href="([^"]+)"', figure)
    assert hrefs == ["./", "../../measures/win-rate/", "../../objectives/win-new-logos/", "../../strategy/#growth"]


LEVELLED = """\
name: Account executive
function: sales
reports_to: head-of-sales
purpose: Win new customers who will succeed with us.
levels:
  - level: l1
    expectations: [Runs a clean discovery call., Keeps the CRM current.]
    targets:
      - measure: win-rate
        target: 20
      - measure: qualified-leads
        target: 50
  - level: l2
    expectations: [Keeps the CRM current., Coaches a new colleague.]
    targets:
      - measure: qualified-leads
        target: 40
measures:
  - measure: win-rate
    target: 30
    weight: 50
  - measure: qualified-leads
    weight: 50
    accepted:
      by: head-of-sales
      reason: Self-sourced leads are part of every account executive's pipeline.
  - measure: new-arr
"""


def test_level_comparison_falls_back_to_the_role_then_the_measure_target(make_framework):
    fw = framework(make_framework({"roles/account-executive.yml": LEVELLED}))
    cmp = compare_levels(fw, fw.roles["account-executive"])
    assert [lvl.id for lvl in cmp.levels] == ["l1", "l2"]
    rows = {row.measure.id: row.targets for row in cmp.rows}
    assert rows == {"win-rate": [20, 30],          # l2 sets none: the role's own target
                    "qualified-leads": [50, 40],
                    "new-arr": [1200000, 1200000]}  # neither level nor role: the measure's default
    step = cmp.steps[0]
    assert [m.id for m, _, _ in step.raised] == ["win-rate"]
    assert [m.id for m, _, _ in step.lowered] == ["qualified-leads"]
    assert [m.id for m, _ in step.unchanged] == ["new-arr"]
    assert step.new_expectations == ["Coaches a new colleague."]
    assert step.kept_expectations == ["Keeps the CRM current."]
    page = next(p for p in Renderer(fw).pages() if p.path == "roles/account-executive.md")
    assert "## What changes from level to level { #level-changes }" in page.markdown
    assert "Win rate](../measures/win-rate.md) 20% → 30%" in page.markdown
    assert "Expectations that stay: Keeps the CRM current." in page.markdown


def test_one_level_has_nothing_to_compare(make_framework):
    fw = framework(make_framework())
    assert compare_levels(fw, fw.roles["account-executive"]) is None
    page = next(p for p in Renderer(fw).pages() if p.path == "roles/account-executive.md")
    assert "level-changes" not in page.markdown


def test_cascade_puts_roles_under_the_objectives_their_measures_serve(make_framework):
    fw = framework(make_framework())
    pillars = {p.ident: p for p in cascade(fw)}
    growth = pillars["growth"]
    assert [(r.objective.id, r.depth) for r in growth.rows] == [("grow-revenue", 0), ("win-new-logos", 1)]
    logos = growth.rows[1]
    assert {f: [r.id for r in rs] for f, rs in logos.roles.items()} == {
        "sales": ["account-executive", "head-of-sales"]}
    assert pillars["people"].rows == []


def test_levels_page_lists_roles_by_level_with_links_to_their_level(make_framework):
    fw = framework(make_framework())
    page = next(p for p in Renderer(fw).pages() if p.path == "levels.md")
    assert "[Account executive](roles/account-executive.md#level-l1)" in page.markdown
    assert "[Head of sales](roles/head-of-sales.md#level-l2)" in page.markdown


def test_links_in_raw_html_work_without_directory_urls(runner, make_framework, tmp_path, monkeypatch):
    """The diagram and the catalogue follow `use_directory_urls: false` too."""
    root = make_framework()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\nuse_directory_urls: false\ntheme:\n  name: material\n  font: false\n"
        f"plugins:\n  - spm:\n      framework: {root}\nmarkdown_extensions: [attr_list, admonition, tables, toc]\n")
    result = runner.invoke(cli, ["build", str(root), "--site-dir", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    site = tmp_path / "site"
    checked = 0
    for page in (site / "roles/account-executive.html", site / "measures/index.html"):
        html = page.read_text()
        raw = "".join(re.findall(r'<figure class="spm-los".*?</figure>|<table id="spm-catalogue".*?</table>', html, re.S))
        base = "http://x/" + page.relative_to(site).as_posix()
        for href in re.findall(r'href="([^"]+)"', raw):
            target = urlparse(urljoin(base, href)).path.lstrip("/")
            assert (site / target).is_file(), (page.name, href)
            checked += 1
    assert checked >= 8
    assert Path(site / "assets/spm.js").is_file()
