"""Material's footer names the previous and next page in an aria-label: each name read out once
escaped, for names with `&`, `<` and quotes, and nothing else the theme prints changes.

The sample handbook is built twice with real MkDocs and Material: as it is, and with the titles
left as they were before `engine/theme_titles.py` (the control, which reads out "amp"). The two
builds may differ only in the footer links' aria-labels.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from click.testing import CliRunner
from jinja2 import Environment
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from spm_site.cli import cli
from spm_site.engine import theme_titles
from spm_site.engine.theme_titles import ThemeTitle

REPO = Path(__file__).resolve().parent.parent

#: Names as authors type them, each with an ampersand, angle brackets and quotes.
FUNCTION = 'Sales & Marketing <Ops> "Q" it\'s'
ROLE = 'Director & Lead <b>x</b> "M"'
VALUE = 'Say it & mean it <no> "straight"'
LABEL = 'Roles & <jobs> "all"'  # the organisation's own word for a menu entry (spm.yml labels)
#: A hand-written page whose title is its own first heading (an entity for the angle brackets,
#: which Markdown would otherwise take for a tag).
DOC = "# Tools & tips &lt;for&gt; \"you\" it's\n\nWritten by hand.\n"
DOC_TITLE = 'Tools & tips <for> "you" it\'s'
#: A hand-written page titled in its front matter, which the theme prints as it is.
LAST = "---\ntitle: Last & least \"page\"\n---\n\n# Last\n\nAfter the tools page, so that one has a next page.\n"
#: The page each name is the title of (site paths) and its name as a reader should hear it.
NAMED = {"functions/marketing/": FUNCTION, "roles/marketing-director/": ROLE,
         "values/say-it-straight/": VALUE, "roles/": LABEL, "tools/": DOC_TITLE,
         "zz-last/": 'Last & least "page"'}
FRONT_MATTER = "zz-last/"
ARIA = re.compile(rb'(class="md-footer__link md-footer__link--(?:prev|next)" aria-label=")[^"]*"')


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _project(root: Path) -> Path:
    """The sample repository (mkdocs.yml, theme/, framework/) with the hostile names and a docs/ page."""
    for part in ("framework", "theme"):
        shutil.copytree(REPO / part, root / part)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for rel, old, new in (("functions/marketing.yml", "Marketing", FUNCTION),
                          ("roles/marketing-director.yml", "Marketing director", ROLE),
                          ("values/say-it-straight.yml", "Say it straight", VALUE)):
        path = root / "framework" / rel
        text = path.read_text()
        assert f"\nname: {old}\n" in text
        path.write_text(text.replace(f"\nname: {old}\n", f"\nname: {_quoted(new)}\n"))
    spm = root / "framework/spm.yml"
    assert "\nlabels:" not in spm.read_text()
    spm.write_text(spm.read_text() + f"labels:\n  Roles: {_quoted(LABEL)}\n")
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs/tools.md").write_text(DOC)
    (root / "docs/zz-last.md").write_text(LAST)
    return root


def _build(project: Path, site: Path) -> None:
    here = os.getcwd()
    os.chdir(project)
    try:
        result = CliRunner().invoke(cli, ["build", "framework", "--site-dir", str(site)])
    finally:
        os.chdir(here)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the control build, titles as before the fix; the build as it is), same input, same date."""
    tmp = tmp_path_factory.mktemp("footer")
    project = _project(tmp / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        _build(project, tmp / "after")
        patch.setattr(theme_titles, "mark_page_titles", lambda files: None)
        _build(project, tmp / "before")
    return tmp / "before", tmp / "after"


def _footer_links(site: Path) -> list[tuple[str, str, str, str]]:
    """(page, the link's target, its aria-label, its visible direction and title) for every footer link."""
    found = []
    for path in sorted(site.rglob("index.html")):
        page = path.parent.relative_to(site).as_posix()
        page = "" if page == "." else page + "/"
        for link in HTMLParser(path.read_text()).css("a.md-footer__link"):
            target = urljoin("/" + page, link.attributes["href"] or "").lstrip("/")
            direction = link.css_first(".md-footer__direction").text(strip=True)
            title = link.css_first(".md-ellipsis").text(strip=True)
            found.append((page, target, link.attributes["aria-label"] or "", f"{direction}: {title}"))
    return found


def test_footer_reads_each_name_once_escaped(sites):
    _, after = sites
    links = _footer_links(after)
    named = {target for _, target, _, _ in links if target in NAMED}
    assert named == set(NAMED), "every hostile page is some page's previous or next page"
    for page, target, aria, shown in links:
        assert aria == shown, f"{page}: the footer link to {target} reads {aria!r} but shows {shown!r}"
        if target in NAMED:
            assert aria.split(": ", 1)[1] == NAMED[target], page


def test_the_control_build_shows_the_defect(sites):
    """Without the fix the links to the titles that reach the theme as HTML read out `&amp;` (the test
    above would catch it coming back); a front-matter title, printed as typed, was right already."""
    before, _ = sites
    links = _footer_links(before)
    wrong = [aria for _, target, aria, _ in links if target in NAMED and target != FRONT_MATTER]
    assert wrong and all("&amp;" in aria for aria in wrong)
    assert {aria.split(": ", 1)[1] for _, target, aria, _ in links if target == FRONT_MATTER} == {NAMED[FRONT_MATTER]}


def test_only_the_footer_aria_labels_change(sites):
    """The menu, the header, <title>, the h1, the breadcrumb, the footer's visible text, search and
    the sitemap are byte for byte what they were; only the footer links' aria-labels differ."""
    before, after = sites
    files = sorted(p.relative_to(before) for p in before.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(after) for p in after.rglob("*") if p.is_file())
    changed = []
    for rel in files:
        if rel.name == ".spm-site":  # names its own folder
            continue
        old, new = (before / rel).read_bytes(), (after / rel).read_bytes()
        if old != new:
            assert ARIA.sub(rb"\1\"", old) == ARIA.sub(rb"\1\"", new), rel
            changed.append(rel.parent.as_posix())
    assert changed, "the hostile names' neighbours changed"


def test_title_marks_itself_as_html_for_the_theme():
    """What each way the theme prints a title gives: as it is, `|e`, `|striptags`, in an attribute."""
    title = ThemeTitle('Sales &amp; Marketing &lt;Ops&gt; "Q" x" onmouseover="alert(1) <b>bold</b>')
    out = Environment().from_string(
        "{{ t }}|{{ t | e }}|{{ t | striptags }}|{{ t | urlencode }}").render(t=title)
    shown, escaped, stripped, encoded = out.split("|")
    assert shown == str(title)
    assert escaped == "Sales &amp; Marketing &lt;Ops&gt; &#34;Q&#34; x&#34; onmouseover=&#34;alert(1) bold"
    assert stripped == 'Sales & Marketing <Ops> "Q" x" onmouseover="alert(1) bold'
    assert encoded == Environment().from_string("{{ t | urlencode }}").render(t=str(title))
