"""Authors and readers apart, and search by the names people use (issue 13), without a browser.

The sample is built once; the navigation's "For authors" section and every employee page are read
from the HTML it writes. The role finder and search themselves are in tests/browser/test_home_search.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from spm_site.cli import cli
from spm_site.rules import RULES

REPO = Path(__file__).resolve().parent.parent
#: Pages for the people who write the framework: rule codes belong there.
AUTHOR_PAGES = ("reference/", "alignment/")


@pytest.fixture(scope="module")
def site(sample_site: Path) -> Path:
    return sample_site  # `spm-site build` of the sample at the repository's root (conftest)


def primary_nav(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return html[html.index("md-sidebar--primary"): html.index("md-sidebar--secondary")]


def text_of(html: str) -> str:
    """What a reader can read: no scripts, no tags, no attribute values (a link's URL names a rule page)."""
    html = re.sub(r"<script\b.*?</script>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_for_authors_is_one_section_after_the_readers_pages(site):
    nav = primary_nav(site / "index.html")
    assert nav.count("For authors") >= 1
    readers, authors = nav.split("For authors", 1)
    rules = [f'href="reference/rules/{code.lower()}/"' for code in RULES]
    for link in ['href="reference/"', 'href="alignment/"', *rules]:
        assert link in authors and link not in readers, link
    assert 'href="roles/"' in readers and 'href="roles/"' not in authors
    assert "Imposed measure" in authors  # a rule is named in words in the menu, not by its code


def test_no_rule_code_on_any_employee_page(site):
    pages = [p for p in site.rglob("*.html") if p.name == "index.html"]
    employee = [p for p in pages if not p.relative_to(site).as_posix().startswith(AUTHOR_PAGES)]
    assert len(employee) > 80  # every role, measure, function, objective, value and index page
    coded = {p.relative_to(site).as_posix(): sorted(set(re.findall(r"SPM1\d\d", text_of(p.read_text(encoding="utf-8")))))
             for p in employee}
    assert {page: codes for page, codes in coded.items() if codes} == {}
    # An accepted finding still shows, as its reason in words.
    role = text_of((site / "roles/marketing-operations-manager/index.html").read_text(encoding="utf-8"))
    assert "Accepted exceptions" in role and "attribution, scoring and routing" in role
    assert re.findall(r"SPM1\d\d", text_of((site / "alignment/index.html").read_text(encoding="utf-8")))


def test_abbreviations_are_shown_and_filed_for_search(site):
    import json

    page = text_of((site / "measures/net-revenue-retention/index.html").read_text(encoding="utf-8"))
    assert re.search(r"Also called: +NRR, net dollar retention", page)
    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    first = next(d for d in docs if d["location"] == "measures/net-revenue-retention/")
    assert first["tags"] == ["NRR", "net dollar retention"]
    assert first["text"].startswith("<p>Revenue today from the customers")  # the snippet is the definition
    assert not any("Also called" in d["text"] for d in docs)
    catalogue = (site / "measures/index.html").read_text(encoding="utf-8")
    row = re.search(r'<tr id="m-net-revenue-retention"[^>]*>', catalogue).group()
    assert re.search(r'data-text="net revenue retention nrr net dollar retention ', row)  # the word filter finds NRR


def test_an_abbreviation_written_twice_is_a_located_error(runner, tmp_path):
    root = tmp_path / "framework"
    shutil.copytree(REPO / "framework", root)
    path = root / "measures/customer.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("abbreviations: [NRR]", "abbreviations: [NRR, nrr]"),
                    encoding="utf-8")
    result = runner.invoke(cli, ["check", str(root)])
    assert result.exit_code == 1
    assert re.search(r"measures/customer\.yml:\d+:\d+: error\[.*\]: .*names 'nrr' twice", result.output), result.output
