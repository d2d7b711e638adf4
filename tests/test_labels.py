"""Every word spm-site puts on a reader's page comes from the gettext catalogue (site/labels.py).

The proof that no word escapes it: the sample and the clinic are built with a pseudo-translation
(every label wrapped in ⟦ ⟧), and every word left on a reader page once the marked labels are taken
out must be the organisation's own (a word of its YAML), a number, a date or punctuation. A word
added to a template without `_()` fails it. Then: the German handbook speaks German, the catalogues
are complete and in step with the sources, and an organisation's own wording of a label is shown,
escaped, and checked.
"""

from __future__ import annotations

import gettext
import html
import re
import shutil
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from spm_site.cli import cli
from spm_site.pipeline import check_framework
from spm_site.site import labels
from spm_site.site.catalogue import SHIPPED, extract
from spm_site.site.navigation import rule_entries

REPO = Path(__file__).resolve().parent.parent
OPEN, CLOSE = "⟦", "⟧"
#: Pages for the framework's authors, in English by decision: the reference and the rules' own pages
#: are spm-site's documentation of its YAML and checks, not labels.
AUTHOR_PAGES = ("reference/",)
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"}
WORD = re.compile(r"[^\W\d_]+")
MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
#: The sample, the clinic, and the shapes that use other templates: ladders and tracks (engineering),
#: measures as they come (kpi), competencies by theme (the clinic with tests/fixtures/themes).
SCANNED = ("sample", "clinic", "engineering", "kpi", "themes")


def pseudo() -> gettext.GNUTranslations:
    """Every label of spm.pot translated to itself between ⟦ ⟧ (placeholders kept, so they still fill in)."""
    with (labels.LOCALE_DIR / "spm.pot").open("rb") as fh:
        template = read_po(fh)
    out = Catalog(locale="en")
    for m in template:
        if not m.id:
            continue
        if isinstance(m.id, tuple):
            out.add(m.id, tuple(f"{OPEN}{s}{CLOSE}" for s in m.id))
        else:
            out.add(m.id, f"{OPEN}{m.id}{CLOSE}")
    buffer = BytesIO()
    write_mo(buffer, out)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


class _Visible(HTMLParser):
    """The text a reader sees of a built page: the article (its SVG titles and descriptions too, and the
    attributes that are read out or shown: title, placeholder, aria-label, the table labels), the
    breadcrumb and the titles in the menu. Material's own chrome (search, footer) is Material's."""

    SHOWN_ATTRS = ("title", "placeholder", "aria-label", "data-spm-label", "data-spm-hint", "data-spm-words")
    #: Material's own labels inside those regions ("Edit this page", "Permanent link", "Navigation", "Go to
    #: repository"), and the menu's copy of the page's headings (the article has them).
    MATERIAL = {"md-content__button", "headerlink", "md-nav__title", "md-source", "md-nav__source", "md-nav--secondary"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside a region we read
        self.stack: list[bool] = []
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        region = (tag == "article" or "spm-path" in classes or "md-nav--primary" in classes)
        material = bool(self.MATERIAL & set(classes))
        if tag in ("script", "style"):
            self.skip += 1
        if tag not in ("br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base"):
            self.stack.append((region, material))
            self.depth += region
            self.skip += material
        if self.depth and not self.skip and "md-nav--primary" not in classes:  # its aria-label is Material's
            self.parts.extend(html.unescape(a[k] or "") for k in self.SHOWN_ATTRS if a.get(k))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        if self.stack and tag not in ("br", "img", "input"):
            region, material = self.stack.pop()
            self.depth -= region
            self.skip -= material

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)


def visible_text(page: Path) -> str:
    parser = _Visible()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(parser.parts)


def unmarked(text: str) -> str:
    """The text with every marked label taken out, innermost first (labels fill in other labels)."""
    while True:
        out = MARKED.sub(" ", text)
        if out == text:
            return out
        text = out


def author_words(root: Path) -> set[str]:
    """Every word the organisation wrote: its YAML and Markdown, ids and file names included; and the
    rules' names in the "For authors" menu, which name spm-site's checks for authors, in English."""
    words = {w.casefold() for entry in rule_entries() for title in entry for w in WORD.findall(title)}
    for path in root.rglob("*"):
        if path.is_file() and path.suffix in (".yml", ".yaml", ".md"):
            words.update(w.casefold() for w in WORD.findall(path.read_text(encoding="utf-8")))
            words.update(w.casefold() for w in WORD.findall(str(path.relative_to(root))))
    return words


def finding_words(root: Path) -> set[str]:
    """The words of the check's findings, which the alignment page quotes: the rules' messages are
    author-facing English by decision (the page's own headings and labels are in the catalogue)."""
    found = check_framework(root).diagnostics
    return {w.casefold() for d in found for w in WORD.findall(f"{d.location.file} {d.message} {d.rule or ''}")}


def build(runner, root: Path, site: Path) -> Path:
    result = runner.invoke(cli, ["build", str(root), "--site-dir", str(site)])
    assert result.exit_code == 0, result.output
    return site


def escapes(site: Path, allowed: set[str]) -> dict[str, set[str]]:
    """{page: the words on it that are neither marked labels nor the organisation's own}."""
    found: dict[str, set[str]] = {}
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        rel = page.relative_to(site).as_posix()
        if rel.startswith(AUTHOR_PAGES) or rel in ("404.html",) or "refresh" in page.read_text(encoding="utf-8")[:600]:
            continue
        left = {w for w in WORD.findall(unmarked(visible_text(page))) if w.casefold() not in allowed}
        if left:
            found[rel] = left
    return found


@pytest.fixture(scope="module")
def pseudo_sites(tmp_path_factory):
    """The sample and the clinic, built with every label pseudo-translated."""
    from click.testing import CliRunner

    out = {}
    translated = pseudo()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(labels, "translations", lambda language: translated)
        for name in SCANNED:
            folder = tmp_path_factory.mktemp(f"pseudo-{name}")
            root = folder / "framework"
            if name == "themes":
                shutil.copytree(REPO / "tests/fixtures/clinic", root)
                shutil.copytree(REPO / "tests/fixtures/themes", root, dirs_exist_ok=True)
            else:
                shutil.copytree(REPO / ("framework" if name == "sample" else f"tests/fixtures/{name}"), root)
            out[name] = (root, build(CliRunner(), root, folder / "site"))
    return out


@pytest.mark.parametrize("name", SCANNED)
def test_no_word_on_a_reader_page_escapes_the_catalogue(pseudo_sites, name):
    root, site = pseudo_sites[name]
    allowed = author_words(root) | finding_words(root) | MONTHS
    assert escapes(site, allowed) == {}


def test_the_scan_finds_a_word_that_is_not_a_label(pseudo_sites, tmp_path):
    """The check above must be able to fail: a page with one word outside ⟦ ⟧ is caught."""
    root, site = pseudo_sites["sample"]
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "roles/account-executive/index.html"
    text = page.read_text(encoding="utf-8")
    assert f"{OPEN}Responsibilities{CLOSE}" in text  # the pseudo-translation reached the page
    page.write_text(text.replace(f"{OPEN}Responsibilities{CLOSE}", "Zuständigkeiten"), encoding="utf-8")
    assert escapes(copy, author_words(root) | MONTHS) == {"roles/account-executive/index.html": {"Zuständigkeiten"}}


# --- the German handbook --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def german_site(tmp_path_factory):
    from click.testing import CliRunner

    folder = tmp_path_factory.mktemp("german")
    root = folder / "framework"
    shutil.copytree(REPO / "framework", root)
    org = root / "organisation.yml"
    org.write_text(org.read_text(encoding="utf-8").replace("locale: en-GB", "locale: de-DE"), encoding="utf-8")
    return build(CliRunner(), root, folder / "site")


def test_the_german_handbook_speaks_german(german_site):
    role = (german_site / "roles/account-executive/index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in role
    text = html.unescape(visible_text(german_site / "roles/account-executive/index.html"))
    for heading in ("Auf einen Blick", "Aufgaben", "Erwartungen nach Stufe", "Kennzahlen", "Feedback und Coaching"):
        assert heading in text
    for english in ("At a glance", "Responsibilities", "Expectations by level", "Feedback and coaching"):
        assert english not in text
    # numbers as a German reader writes them, through the one Numbers formatter
    assert "300.000\xa0£" in text and "22\xa0%" in text and "14 calls pro Monat" in text
    # periods in German in every table and step (the author's own reason for a falling target says
    # "discovery calls a month" in English: the only such words left)
    assert text.count("calls a month") == 1 and "calls a month." in text and " a quarter" not in text
    assert "Sie sind hier" in role and ">Start<" in role.replace("</span>", "<")  # the breadcrumb and its label
    # the theme's words that spm-site's own configuration sets: the colour toggle, the headings' links
    assert 'title="Dauerhafter Link"' in role and "Permanent link" not in role
    assert "Zum dunklen Modus wechseln" in role and "Switch to dark mode" not in role
    # dates as German writes them, in the review line, the edition table and key results
    assert re.search(r"Zuletzt geprüft am \d{1,2}\. \w+ 20\d\d", text) and not re.search(r"\b20\d\d-\d\d-\d\d\b", text)
    home = visible_text(german_site / "index.html")
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", home)
    assert "30. September 2027" in visible_text(german_site / "objectives/grow-new-arr/index.html")
    measures = visible_text(german_site / "measures/index.html")
    assert "Kennzahlenkatalog" in measures and "Häufigkeit" in measures
    levels = visible_text(german_site / "levels.html" if (german_site / "levels.html").exists()
                          else german_site / "levels/index.html")
    assert "Karrierestufen" in levels
    assert "Leistungshandbuch von" in visible_text(german_site / "index.html")
    compared = (german_site / "assets/compare.json").read_text(encoding="utf-8")
    assert "14 calls pro Monat" in compared and re.search(r"300\.000\s£", compared) and "a month" not in compared
    objective = visible_text(german_site / "objectives/improve-win-rate/index.html")
    assert "pro Monat" in objective and " a month" not in objective


# --- the catalogues -------------------------------------------------------------------------------


def _ids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    return {m.id for m in catalog if m.id}


def test_the_template_catalogue_is_in_step_with_the_sources():
    """`make messages` was run after the last change to a label: re-extracting finds the same labels."""
    with (labels.LOCALE_DIR / "spm.pot").open("rb") as fh:
        committed = read_po(fh)
    assert _ids(extract()) == _ids(committed)


@pytest.mark.parametrize("language", SHIPPED)
def test_every_label_is_translated_with_its_placeholders(language):
    catalog = labels.catalogue(language)
    with (labels.LOCALE_DIR / "spm.pot").open("rb") as fh:
        assert _ids(catalog) == _ids(read_po(fh))
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        assert all(strings), f"{language}: {ids[0]!r} is not translated"
        wanted = labels.placeholders(ids[-1])
        for s in strings:
            # a singular may say "one" instead of %(num)s; every other placeholder is kept
            assert set(labels.placeholders(s)) <= set(wanted) and set(wanted) - {"num"} <= set(labels.placeholders(s)), \
                f"{language}: {ids[0]!r} -> {s!r}"


def test_a_locale_without_a_catalogue_reads_in_english_and_one_place_decides():
    assert labels.language_for("de-AT") == "de" and labels.language_for("de") == "de"
    assert labels.language_for("fr-FR") == "en" and labels.language_for(None) == "en"
    assert labels.for_build("de-DE").gettext("Measures") == "Kennzahlen"
    assert labels.for_build("fr-FR").gettext("Measures") == "Measures"


# --- the organisation's own wording ----------------------------------------------------------------


def test_an_override_is_shown_escaped_everywhere_the_label_is(runner, make_framework, tmp_path):
    root = make_framework()
    (root / "spm.yml").write_text('labels:\n  "Measures": "KPIs <b>*now*</b>"\n  "Part of %(function)s": "In %(function)s"\n'
                                  '  "Name or definition": \'Type" onfocus="alert(1)\'\n', encoding="utf-8")
    site = build(runner, root, tmp_path / "site")
    page = next(p for p in (site / "roles").rglob("index.html") if p.parent != site / "roles")
    text = page.read_text(encoding="utf-8")
    assert "KPIs &lt;b&gt;*now*&lt;/b&gt;" in text  # the heading and the menu: shown as typed, never HTML
    assert "<b>" not in text.split("<article", 1)[1]
    assert re.search(r">\s*In <a ", text)
    catalogue = (site / "measures/index.html").read_text(encoding="utf-8")
    assert 'placeholder="Type&quot; onfocus=&quot;alert(1)"' in catalogue and "onfocus=\"" not in catalogue
    labelled = labels.for_build(None, {"Measures": "KPIs"})
    assert labelled.gettext("Measures") == "KPIs" and labels.ENGLISH.gettext("Measures") == "Measures"


def test_an_unknown_label_is_a_located_error_that_check_foresees(runner, make_framework):
    root = make_framework()
    (root / "spm.yml").write_text('labels:\n  "Measure catalogue": "KPI list"\n  "Part of %(function)s": "In the team"\n',
                                  encoding="utf-8")
    result = runner.invoke(cli, ["check", str(root)])
    assert result.exit_code == 1
    assert re.search(r"spm\.yml:2:3: error\[unknown-label\]: .*'Measure catalogue'.*did you mean 'Measures catalogue'",
                     result.output), result.output
    assert re.search(r"spm\.yml:3:\d+: error\[bad-label\]: .*%\(function\)s", result.output), result.output


def test_material_speaks_the_language_of_the_labels(make_framework, caplog):
    """One place decides: a locale spm-site has no labels for reads in English, Material's labels too."""
    from mkdocs.config.defaults import MkDocsConfig

    from spm_site.engine.theme_language import keep_in_step
    from spm_site.pipeline import check_framework as checked

    def language(locale: str) -> str:
        root = make_framework()
        org = root / "organisation.yml"
        org.write_text(org.read_text(encoding="utf-8").replace("name: Acme Field Services\n",
                                                               f"name: Acme Field Services\nlocale: {locale}\n"))
        config = MkDocsConfig()
        config.load_dict({"site_name": "x", "theme": {"name": "material"}})
        assert config.validate() == ([], [])
        keep_in_step(config, checked(root).framework)
        return config.theme["language"]

    import logging

    spm_log = logging.getLogger("mkdocs.plugins.spm")
    spm_log.addHandler(caplog.handler)  # some MkDocs versions stop the `mkdocs` loggers propagating to the root
    try:
        with caplog.at_level("INFO", logger="mkdocs.plugins.spm"):
            assert language("fr-FR") == "en"
    finally:
        spm_log.removeHandler(caplog.handler)
    assert "no labels in the language of locale fr-FR" in caplog.text
    assert language("de-AT") == "de"
