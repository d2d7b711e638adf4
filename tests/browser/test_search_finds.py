"""Search in real Chromium, with role pages indexed by their top section: a role is found by a word
of its purpose, a measure by its name and by its short form, a behaviour by a phrase of it.

One build of the repository's sample, served on 127.0.0.1; every request elsewhere is refused and
recorded. The words typed are read from the sample's YAML: a word of a role's purpose that no other
role's purpose has, each measure's name, a behaviour's first words.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from served import build_site, guarded_page, serve_folder

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]


def sample(kind: str) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / "framework" / kind).glob("*.yml"))}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    site = tmp_path_factory.mktemp("search-finds") / "site"
    build_site(None, site, "--site-dir", str(site), cwd=REPO)  # the repository's mkdocs.yml, as authors build
    with serve_folder(site) as url:
        yield url


def results(page, base_url: str, query: str) -> list[str]:  # noqa: ANN001 - a Playwright Page
    """The paths of the pages the search lists for `query`, best first."""
    page.goto(base_url)
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(query, delay=10)  # Material reads the box on keyup
    first = page.locator(".md-search-result__item").first
    first.wait_for(state="visible", timeout=20_000)
    page.wait_for_timeout(200)  # the list is replaced as the last keys arrive
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
    return list(dict.fromkeys(urlparse(h).path for h in hrefs))  # a page, then its sections: pages in order


def unique_purpose_words() -> dict[str, str]:
    """role id -> a word of its purpose (7+ letters) that no other role's purpose or name has."""
    roles = sample("roles")
    seen: dict[str, set[str]] = {}
    for ident, role in roles.items():
        for w in re.findall(r"[a-z]{7,}", (role["purpose"] + " " + role["name"]).lower()):
            seen.setdefault(w, set()).add(ident)
    out = {}
    for ident, role in roles.items():
        mine = [w for w in re.findall(r"[a-z]{7,}", role["purpose"].lower()) if seen[w] == {ident}]
        if mine:
            out[ident] = max(mine, key=len)
    return out


def test_a_word_of_its_purpose_finds_the_role(browser, base_url):
    found = unique_purpose_words()
    assert len(found) >= 5
    with guarded_page(browser) as page:
        for ident, word in list(found.items())[:5]:
            listed = results(page, base_url, word)
            assert f"/roles/{ident}/" in listed[:5], (word, listed)


def test_a_measure_by_its_name_and_by_its_short_form(browser, base_url):
    measures = {m["id"]: m for group in sample("measures").values() for m in group["measures"]}
    with guarded_page(browser) as page:
        # a role whose synonyms share a word with the name can come first (tags weigh most): top three
        for ident, m in list(measures.items())[:4]:
            assert f"/measures/{ident}/" in results(page, base_url, m["name"])[:3], m["name"]
        short = [(i, m["abbreviations"][0]) for i, m in measures.items() if m.get("abbreviations")]
        for ident, abbreviation in short[:2]:
            assert results(page, base_url, abbreviation)[0] == f"/measures/{ident}/", abbreviation


def telling_phrase(text: str, frequency: dict[str, int]) -> str:
    """The three words in a row of `text` that the sample's files use least: what a reader remembers."""
    words = re.findall(r"[A-Za-z][a-z]{3,}", text)
    windows = [words[i:i + 3] for i in range(len(words) - 2)]
    return " ".join(min(windows, key=lambda w: sum(frequency.get(x.lower(), 0) for x in w)))


def test_a_phrase_of_a_behaviour_finds_its_value(browser, base_url):
    frequency: dict[str, int] = {}
    for path in (REPO / "framework").rglob("*.yml"):
        for word in set(re.findall(r"[a-z]{4,}", path.read_text(encoding="utf-8").lower())):
            frequency[word] = frequency.get(word, 0) + 1
    with guarded_page(browser) as page:
        for ident, value in sample("values").items():
            phrase = telling_phrase(value["behaviours"][0]["looks_like"], frequency)
            listed = results(page, base_url, phrase)
            assert f"/values/{ident}/" in listed[:5], (phrase, listed)
