"""The handbook in two languages, in a real Chromium: the sample as written (English) and the same
framework with `locale: de-DE` (German), each built in its own process and served on 127.0.0.1.

The German pages say German things everywhere a reader looks, the scripts' words included (the
catalogue's filter count, the role finder, the comparison page), Material's own labels match, and
no request leaves the machine. Screenshots of the main pages in both languages go to test-artifacts/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from served import build_site, guarded_page, serve_folder

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "languages"
#: The main pages: home, a role, a measure, the measures catalogue, the levels page.
PAGES = {"home": "", "role": "roles/account-executive/", "measure": "measures/win-rate/",
         "catalogue": "measures/", "levels": "levels/"}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    folder = tmp_path_factory.mktemp("languages")
    (folder / "en").mkdir()
    german = folder / "de" / "framework"
    shutil.copytree(REPO / "framework", german)
    org = german / "organisation.yml"
    org.write_text(org.read_text(encoding="utf-8").replace("locale: en-GB", "locale: de-DE"), encoding="utf-8")
    return {"en": build_site(REPO / "framework", folder / "en" / "site"),
            "de": build_site(german, folder / "de" / "site")}


@pytest.mark.parametrize("language", ["en", "de"])
def test_main_pages_in_each_language_with_screenshots(browser, sites, language):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serve_folder(sites[language]) as base, guarded_page(browser) as page:
        for name, path in PAGES.items():
            page.goto(base + path)
            assert page.locator("html").get_attribute("lang") == language
            page.screenshot(path=str(ARTIFACTS / f"{name}-{language}.png"), full_page=False)
        page.goto(base + PAGES["role"])
        headings = page.locator("article h2").all_inner_texts()
        wanted = ("Auf einen Blick", "Aufgaben", "Kennzahlen") if language == "de" else ("Responsibilities", "Measures")
        assert [w for w in wanted[1:] if not any(w in h for h in headings)] == []
        assert page.locator(".md-search__input").get_attribute("placeholder") == ("Suche" if language == "de" else "Search")


def test_the_scripts_speak_german(browser, sites):
    with serve_folder(sites["de"]) as base, guarded_page(browser) as page:
        page.goto(base + PAGES["catalogue"])
        page.locator("form[data-spm-filters] input[name=q]").fill("rate")
        count = page.locator(".spm-filters__count")
        count.wait_for()
        assert count.inner_text().endswith("Kennzahlen werden gezeigt.") and "von" in count.inner_text()
        page.goto(base)
        page.locator("form[data-spm-finder] input[name=q]").fill("zzzz")
        assert page.locator("form[data-spm-finder] [role=status]").inner_text().startswith("Keine Rolle passt")
        page.goto(base + "compare/")
        page.locator("form.spm-compare select[name=a]").select_option("account-executive")
        page.locator("form.spm-compare select[name=b]").select_option("sales-manager")
        result = page.locator("#spm-compare-result")
        result.locator("table").wait_for()
        rows = result.locator("th[scope=row]").all_inner_texts()
        assert "Bereich" in rows and "Zweck" in rows and "Erwartungen" in rows
        page.screenshot(path=str(ARTIFACTS / "compare-de.png"), full_page=False)
