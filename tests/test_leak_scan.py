"""The leak scan after every audience build: hidden ids, names and texts are found in any form.

Unit cases plant one hidden text, written one way, in one file of a folder that stands for a built
site and scan it; the real build at the end injects a hidden name through an organisation's own
template override, the way a leak really happens, and the build must fail and keep the old site.

The seam to the audience filter: the plugin scans when `self.filtered` is set, reading its
`.hidden` (the `Hidden` records) and its `.framework` (what the audience may see). Until the
filter sets it, the build test sets it itself, from a small object with those two attributes.
"""

from __future__ import annotations

import gzip
import html
import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import MINIMAL
from spm_site.cli import cli
from spm_site.diagnostics import Location
from spm_site.engine import leak_scan
from spm_site.engine.leak_scan import Leak, report, scan_for_leaks, words
from spm_site.framework.audience import own_strings, visible_texts
from spm_site.engine.plugin import SpmPlugin
from spm_site.framework.hidden import Hidden
from spm_site.pipeline import check_framework

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "spm_site" / "site" / "templates"

PILOT = Hidden("measure", "pilot-nps", None,
               ("pilot-nps", "Pilot NPS", "Net promoter score asked of the pilot customers only, every quarter "
                                          "after their onboarding call with the launch team"),
               Location("framework/measures/pilot.yml", 3, 7))
#: a field of a visible measure: its formula is hidden, the measure is not
FORMULA = Hidden("measure", "win-rate", "formula", ("Closed won deals divided by qualified opportunities",),
                 Location("framework/measures/sales.yml", 12, 14))


def scan(tmp_path: Path, files: dict[str, str | bytes], hidden=(PILOT,), visible=()) -> list[Leak]:
    """Write `files` into a folder standing for a built site and scan it."""
    site = tmp_path / "site"
    for rel, content in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return scan_for_leaks(site, list(hidden), list(visible))


def found(leaks: list[Leak]) -> set[tuple[str, str, str]]:
    return {(leak.hidden.item_id, leak.text, leak.file) for leak in leaks}


# --- every encoding a page, a script or the search can give a text --------------------------------
PLANTED = {
    "plain": "<p>The Pilot NPS is new.</p>",
    "name across tags": "<p><b>Pilot</b> NPS</p>",
    "tags and attributes between": '<td><a href="x"><span>Pilot</span></a></td> <em>NPS</em>',
    "syntax highlighting": '<code><span class="n">pilot</span><span class="o">-</span><span class="n">nps</span></code>',
    "table cells": '<tr><td class="a">Pilot</td>\n<td class="b">NPS</td></tr>',
    "line break and spaces": "<p>Pilot\n      NPS</p>",
    "decimal entity": "<p>Pilot&#32;NPS</p>",
    "hex entity": "<p>&#x50;ilot &#x4e;&#x50;&#x53;</p>",
    "named entity": "<p>Pilot&nbsp;NPS</p>",
    "double escaped": "<p>Pilot&amp;nbsp;NPS</p>",
    "url in href": '<a href="../measures/pilot%2Dnps/">a measure</a>',
    "url, space as %20": '<a href="search?q=Pilot%20NPS">find</a>',
    "json unicode escape": '{"text": "\\u0050ilot \\u004eP\\u0053"}',
    "json escaped slash": '{"location": "measures\\/pilot-nps\\/"}',
    "json escaped line break": '{"text": "Pilot\\nNPS"}',
    "upper case": "<h1>PILOT NPS</h1>",
    "full-width letters (NFKC)": "<p>ＰＩＬＯＴ ＮＰＳ</p>",
    "non-breaking hyphen": "<p>pilot\u2011nps</p>",
    "soft hyphen": "<p>Pi&shy;lot NPS</p>",
    "zero-width space": "<p>Pi\u200blot N\u200bPS</p>",
    "search tokens (hyphen split)": "<p>pilot nps</p>",
    "inline svg": '<svg viewBox="0 0 9 9"><text x="1" y="2">Pilot NPS</text></svg>',
    "attribute value": '<div title="Pilot NPS"></div>',
    "html comment": "<!-- Pilot NPS -->",
}


@pytest.mark.parametrize("content", PLANTED.values(), ids=PLANTED.keys())
def test_a_planted_name_or_id_is_found_in_every_encoding(tmp_path, content):
    leaks = scan(tmp_path, {"measures/index.html": f"<html><body>{content}</body></html>"})
    assert leaks, content
    assert {leak.file for leak in leaks} == {"measures/index.html"}
    assert all(leak.hidden is PILOT and not leak.in_name for leak in leaks)


@pytest.mark.parametrize("content", PLANTED.values(), ids=PLANTED.keys())
def test_the_same_words_are_no_leak_when_the_audience_sees_them(tmp_path, content):
    """A visible measure called `Pilot NPS results` (its id `pilot-nps-results`): the words prove nothing."""
    visible = ["pilot-nps-results", "Pilot NPS results"]
    page = f"<html><body>{content}</body></html>"
    assert scan(tmp_path, {"measures/index.html": page}, hidden=[Hidden("measure", "pilot-nps", None,
                                                                        ("pilot-nps", "Pilot NPS"), None)],
                visible=visible) == []


def test_case_is_folded_as_unicode_does(tmp_path):
    """`ß` folds to `ss` and a ligature to its letters: the same name however it is typed."""
    key_accounts = Hidden("role", "grosskunden-pilot", None, ("grosskunden-pilot", "Großkunden-Pilot ﬁnance"), None)
    leaks = scan(tmp_path, {"a.html": "<p>GROSSKUNDEN PILOT FINANCE</p>"}, hidden=[key_accounts])
    assert found(leaks) == {("grosskunden-pilot", "Großkunden-Pilot ﬁnance", "a.html")}


@pytest.mark.parametrize("rel, content", [
    ("search/search_index.json", json.dumps({"docs": [{"location": "measures/pilot-nps/", "text": "x"}]})),
    ("search/search_index.json", json.dumps({"docs": [{"title": "Pilot NPS", "text": "<p>x</p>"}]},
                                            ensure_ascii=True)),
    ("sitemap.xml", '<?xml version="1.0"?><urlset><url><loc>https://h/measures/pilot-nps/</loc></url></urlset>'),
    ("assets/data.js", 'var measures = ["win-rate", "pilot-nps"];'),
    ("robots.txt", "Disallow: /measures/pilot-nps/\n"),
    ("feed.xml", "<feed><title>Pilot NPS</title></feed>"),
], ids=["search index location", "search index title", "sitemap", "javascript", "text file", "xml"])
def test_every_kind_of_file_is_read(tmp_path, rel, content):
    assert {leak.file for leak in scan(tmp_path, {rel: content})} == {rel}


def test_the_gzip_sitemap_is_read_decompressed(tmp_path):
    sitemap = b"<urlset><url><loc>https://h/measures/pilot-nps/</loc></url></urlset>"
    leaks = scan(tmp_path, {"sitemap.xml.gz": gzip.compress(sitemap, mtime=0)})
    assert found(leaks) == {("pilot-nps", "pilot-nps", "sitemap.xml.gz")}


def test_an_image_or_a_font_is_not_read_as_text_but_its_name_is(tmp_path):
    """Bytes no reader sees as text hold short ids by chance (`g1` in a PNG): not a leak."""
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR pilot-nps \xff\xd8"
    leaks = scan(tmp_path, {"assets/images/favicon.png": png, "assets/pilot-nps.woff2": b"wOF2\xff\xfe"})
    assert {(leak.file, leak.in_name) for leak in leaks} == {("assets/pilot-nps.woff2", True)}


def test_file_and_folder_names_are_read(tmp_path):
    leaks = scan(tmp_path, {"measures/pilot-nps/index.html": "<p>nothing here</p>",
                            "assets/Pilot%20NPS.pdf": b"%PDF-1.4"})
    named = {(leak.file, leak.in_name) for leak in leaks}
    assert named == {("measures/pilot-nps", True), ("assets/Pilot%20NPS.pdf", True)}


def test_a_long_text_is_found_whole_or_in_part(tmp_path):
    """A template that shortens a text (`truncate`) still leaks its beginning."""
    whole = scan(tmp_path / "a", {"a.html": f"<p>{html.escape(PILOT.texts[2])}</p>"})
    part = scan(tmp_path / "b", {"a.html": "<p>Net promoter score asked of the pilot…</p>"})
    # Any stretch of WINDOW + STRIDE - 1 words holds a whole run.
    middle = scan(tmp_path / "c", {"a.html": "<p>customers only, every quarter after their onboarding call "
                                             "with the launch</p>"})
    for leaks in (whole, part, middle):
        assert (PILOT.item_id, PILOT.texts[2], "a.html") in found(leaks)


def test_a_hidden_field_is_found_and_its_visible_item_is_not(tmp_path):
    page = "<h1>Win rate</h1><p>win-rate: Closed <em>won</em> deals divided by qualified opportunities</p>"
    leaks = scan(tmp_path, {"measures/win-rate/index.html": page}, hidden=[FORMULA])
    assert found(leaks) == {("win-rate", FORMULA.texts[0], "measures/win-rate/index.html")}


# --- what must not raise an alarm ---------------------------------------------------------------
def test_an_id_is_a_whole_word_not_part_of_one(tmp_path):
    nps = Hidden("measure", "nps", None, ("nps", "NPS"), None)
    assert scan(tmp_path, {"a.html": "<p>snpsx synopsis unps-x</p>"}, hidden=[nps]) == []
    assert scan(tmp_path / "b", {"a.html": "<p>the nps score</p>"}, hidden=[nps]) != []


def test_text_the_audience_also_sees_is_no_leak(tmp_path):
    visible = ["Results of the Pilot NPS programme", "We run a launch team for new customers."]
    page = "<p>Results of the <b>Pilot NPS</b> programme</p>"
    assert scan(tmp_path, {"a.html": page}, visible=visible) == []
    # The same page with the hidden text that is not visible anywhere: caught.
    planted = page + "<p>Net promoter score asked of the pilot customers only</p>"
    assert found(scan(tmp_path / "b", {"a.html": planted}, visible=visible)) == {
        ("pilot-nps", PILOT.texts[2], "a.html")}


def test_bare_numbers_and_short_common_texts_are_left_to_the_filter(tmp_path):
    targets = Hidden("role", "account-executive", "targets", ("26", "1 000", "12.5"), None)
    unit = Hidden("measure", "win-rate", "unit", ("days",), None)
    band = Hidden("level", "l2", "pay band", ("£45,000", "Band C"), None)
    page = "<p>26 days at 1 000 and 12.5; £45,000 in band c</p>"
    assert scan(tmp_path, {"a.html": page}, hidden=[targets, unit, band]) == []


def test_a_bare_number_id_is_not_looked_for_but_a_short_name_is(tmp_path):
    level = Hidden("level", "l7", None, ("l7", "Fellow"), None)
    leaks = scan(tmp_path, {"a.html": "<p>7 of 7 fellows; l7</p><p>A Fellow</p>"}, hidden=[level])
    assert {leak.text for leak in leaks} == {"l7", "Fellow"}


def test_the_theme_and_templates_count_as_visible():
    texts = leak_scan.theme_texts([REPO / "spm_site" / "site" / "theme"])
    corpus = " ".join(words(t) for t in texts)
    assert "at a glance" in corpus  # a heading of the role template
    assert " handbook " in f" {corpus} "  # the default site name's word, from the plugin


# --- what a leak looks like -------------------------------------------------------------------
def test_the_report_names_the_item_the_field_the_text_and_the_file(tmp_path):
    leaks = scan(tmp_path, {"measures/win-rate/index.html": "<p>Closed won deals divided by qualified opportunities</p>",
                            "index.html": "<p>Pilot NPS</p>"}, hidden=[PILOT, FORMULA])
    text = report(leaks)
    # The name `Pilot NPS` reads as the id `pilot-nps`: one phrase, named by the id.
    assert ("framework/measures/pilot.yml:3:7: error[leak]: measure 'pilot-nps': 'pilot-nps' is in index.html, "
            "which this audience may not see") in text
    assert ("framework/measures/sales.yml:12:14: error[leak]: field 'formula' of measure 'win-rate': "
            "'Closed won deals divided by qualified opportunities' is in measures/win-rate/index.html") in text
    assert text.startswith("the built site shows 2 hidden texts:")


def test_the_report_escapes_the_text_and_counts_what_it_does_not_list(tmp_path):
    sly = Hidden("role", "ceo-successor", None, ("ceo-successor", "Next \u202eCEO\nsuccessor"), None)
    files = {f"p{i}/index.html": "<p>ceo-successor</p>" for i in range(leak_scan.SHOWN + 2)}
    files["a.html"] = "<p>Next CEO successor</p>"
    leaks = scan(tmp_path, files, hidden=[sly])
    # a.html holds the name, and the id within it: the longer phrase is the one reported.
    assert [(leak.file, leak.text) for leak in leaks[:2]] == [("a.html", sly.texts[1]), ("p0/index.html", sly.item_id)]
    text = report(leaks)
    assert "\u202e" not in text
    assert "'Next \\u202eCEO\\nsuccessor' is in a.html" in text
    assert text.count("error[leak]") == leak_scan.SHOWN
    assert "\n... and 3 more\n" in text


def test_a_planted_distinctive_text_of_any_sample_item_is_caught(tmp_path):
    """Hide each role and measure of the sample in turn and plant each of its texts, as a template
    would print it, in a page of its own: every id, name and distinctive text is caught, unless the
    rest of the framework or the templates show the same words anyway."""
    fw = check_framework(REPO / "framework").framework
    assert fw is not None
    templates = leak_scan.theme_texts([])
    checked = caught = 0
    for kind, items in (("role", fw.roles), ("measure", fw.measures)):
        for item_id, item in items.items():
            texts = [item_id, *(t for t in own_strings(item) if t != item_id)]
            record = Hidden(kind, item_id, None, tuple(texts), None)
            others = [*(t for _, i in fw.items() if i is not item for t in own_strings(i)), *templates]
            shown = " ".join(f" {words(t)} " for t in others)
            site = tmp_path / item_id
            site.mkdir()
            for n, text in enumerate(texts):
                (site / f"p{n}.html").write_text(f"<p>{html.escape(text)}</p>", encoding="utf-8")
            leaked = {leak.file for leak in scan_for_leaks(site, [record], others)}
            for n, text in enumerate(texts):
                text_words = words(text).split()
                distinctive = n < 2 or (len(text_words) >= 2 and len("".join(text_words)) >= leak_scan.MIN_CHARS)
                if distinctive and f" {' '.join(text_words)} " not in shown:
                    checked += 1
                    assert f"p{n}.html" in leaked, (item_id, text)
            caught += len(leaked)
    assert checked > 100 and caught >= checked


# --- a real build -------------------------------------------------------------------------------
@pytest.fixture
def project(tmp_path, monkeypatch, make_framework) -> Path:
    """An organisation's project: framework/, docs/, mkdocs.yml with the spm plugin; run from it."""
    monkeypatch.chdir(tmp_path)
    root = make_framework()
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: T\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - spm:\n      framework: {root}\n")
    return tmp_path


def filter_seam(monkeypatch, hidden: list[Hidden], framework_dir: Path) -> None:
    """Make the plugin build as the audience filter will: `self.filtered` set once the config is read."""
    seam = SimpleNamespace(hidden=hidden, framework=check_framework(framework_dir).framework)
    original = SpmPlugin.on_config

    def on_config(self, config):
        config = original(self, config)
        # MkDocs keeps one plugin instance per process (it defines on_startup): undone after the test.
        monkeypatch.setattr(self, "filtered", seam, raising=False)
        return config

    monkeypatch.setattr(SpmPlugin, "on_config", on_config)


def test_a_template_override_that_leaks_fails_the_build_and_keeps_the_site(runner, project, monkeypatch):
    hidden = [Hidden("measure", "pilot-nps", None, ("pilot-nps", "Pilot NPS programme",
                                                    "Asked of pilot customers after onboarding"),
                     Location("framework/measures/pilot.yml", 1, 1))]
    filter_seam(monkeypatch, hidden, project / "framework")
    site = project / "site"
    first = runner.invoke(cli, ["build", "--site-dir", str(site)])
    assert first.exit_code == 0, first.output  # a real site, theme and all, raises no false alarm
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}

    override = project / "theme" / "templates"
    override.mkdir(parents=True)
    shutil.copy(TEMPLATES / "_macros.md.j2", override)
    page = (TEMPLATES / "measure.md.j2").read_text(encoding="utf-8")
    (override / "measure.md.j2").write_text(
        page.replace('## {{ _("Objectives it serves") }}',
                     'Compare with the Pilot NPS programme.\n\n## {{ _("Objectives it serves") }}'),
        encoding="utf-8")
    result = runner.invoke(cli, ["build", "--site-dir", str(site)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for page in ("measures/win-rate/index.html", "measures/qualified-leads/index.html", "search/search_index.json"):
        assert (f"framework/measures/pilot.yml:1:1: error[leak]: measure 'pilot-nps': 'Pilot NPS programme' is in "
                f"{page}") in result.output, result.output
    assert "site is unchanged" in result.output
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_without_a_filter_there_is_no_leak_scan(runner, project):
    """A build for everyone (nothing hidden) has nothing to look for: the hook stays out of the way."""
    override = project / "theme" / "templates"
    override.mkdir(parents=True)
    (override / "home.md.j2").write_text("# Home\n\nThe Pilot NPS programme.\n", encoding="utf-8")
    assert getattr(SpmPlugin(), "filtered", None) is None
    result = runner.invoke(cli, ["build", "--site-dir", str(project / "site")])
    assert result.exit_code == 0, result.output


def test_visible_texts_are_each_items_own_strings_not_its_references(make_framework):
    fw = check_framework(make_framework()).framework
    texts = set(visible_texts(fw))
    assert {"win-rate", "Acme Field Services", "Run discovery without a script.", "weekly",
            "Reviews two calls a week with the account executive."} <= texts
    # Hide the measure as a filter might, keeping the role's reference to it ("one further measure"):
    # its id is not something the audience sees, so it stays something to look for.
    del fw.measures["win-rate"]
    assert any(rm.measure == "win-rate" for rm in fw.roles["account-executive"].measures)
    assert "win-rate" not in set(visible_texts(fw))


def test_a_build_without_a_hidden_role_passes_and_its_text_in_an_override_fails(runner, project, monkeypatch,
                                                                               make_framework):
    """The realistic case: a role hidden from this audience. A site built without it raises no false
    alarm, though the theme, the navigation and the other roles' pages are full of ordinary words;
    an override that prints one of its responsibilities fails the build."""
    # (The sample's own purpose is the reference page's example, which every audience sees.)
    make_framework({"roles/account-executive.yml": MINIMAL["roles/account-executive.yml"].replace(
        "Win new customers who will succeed with us.", "Open the Nordic market before any rival hears of it.")})
    full = check_framework(project / "framework").framework
    role = full.roles["account-executive"]
    record = Hidden("role", role.id, None, (role.id, *(t for t in own_strings(role) if t != role.id)),
                    Location("framework/roles/account-executive.yml", 1, 1))
    # What the filter would hand the renderer: the framework without the role (nobody else names it then).
    make_framework({"roles/account-executive.yml": None,
                    "objectives/win-new-logos.yml": MINIMAL["objectives/win-new-logos.yml"].replace(
                        "owner: account-executive", "owner: head-of-sales")})
    filter_seam(monkeypatch, [record], project / "framework")
    site = project / "site"
    first = runner.invoke(cli, ["build", "--site-dir", str(site)])
    assert first.exit_code == 0, first.output
    assert not (site / "roles/account-executive").exists()

    secret = role.purpose
    override = project / "theme" / "templates"
    override.mkdir(parents=True)
    shutil.copy(TEMPLATES / "_macros.md.j2", override)
    (override / "home.md.j2").write_text(
        (TEMPLATES / "home.md.j2").read_text(encoding="utf-8") + f"\n\nComing soon: {secret}\n", encoding="utf-8")
    result = runner.invoke(cli, ["build", "--site-dir", str(site)])
    assert result.exit_code == 1, result.output
    assert (f"framework/roles/account-executive.yml:1:1: error[leak]: role 'account-executive': '{secret}' "
            "is in index.html") in result.output
