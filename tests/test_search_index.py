"""The search index of the sample's build: role pages by their top section, no diagram text, and still
every role's purpose, every measure's name and short forms and every behaviour in it.

One real `spm-site build` of the repository's sample; what is expected is read from the sample's YAML.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from spm_site.engine.search_index import top_sections_only

REPO = Path(__file__).resolve().parents[1]


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("search") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([str(Path(sys.executable).with_name("spm-site")), "build", "--site-dir", str(site)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return site


@pytest.fixture(scope="module")
def index(site) -> list[dict]:
    return json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]


def sample(kind: str) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((REPO / "framework" / kind).glob("*.yml"))}


def test_role_pages_are_indexed_by_their_top_section_with_the_purpose(index):
    roles = sample("roles")
    by_location = {d["location"]: d for d in index}
    for ident, role in roles.items():
        top = by_location[f"roles/{ident}/"]
        assert words(role["purpose"])[:80] in words(top["text"]), ident
        assert not [d for d in index if d["location"].startswith(f"roles/{ident}/#")], ident
    assert "roles/" in by_location  # the roles index page is not a role page: kept whole


def test_the_line_of_sight_diagram_is_not_in_the_index(index):
    text = " ".join(d["text"] for d in index)
    assert "Line of sight of the role" not in text  # the diagram's <title>
    assert "which show progress on" not in text  # its description


def test_every_measure_name_and_short_form_and_every_behaviour_is_still_indexed(site, index):
    titles = {d["location"]: d for d in index}
    published = [m for group in sample("measures").values() for m in group["measures"]
                 if (site / "measures" / m["id"] / "index.html").is_file()]  # not the measures still to come
    assert len(published) > 10
    for measure in published:
        entry = titles[f"measures/{measure['id']}/"]
        assert words(measure["name"]) in entry["title"]
        assert set(measure.get("abbreviations", [])) <= set(entry.get("tags", []))
    text = " ".join(words(d["text"]) for d in index if d["location"].startswith("values/"))
    for ident, value in sample("values").items():
        for b in value.get("behaviours", []):
            assert words(b["looks_like"]) in text, (ident, b["id"])


def test_a_role_is_found_by_its_title_at_a_level(index):
    """The role's level sections and the levels page's table are not indexed: the titles a role has at
    its levels are filed with the role's page as tags, so a reader finds it by their job title."""
    by_location = {d["location"]: d for d in index}
    titled = 0
    for ident, role in sample("roles").items():
        for rl in role.get("levels", []):
            if rl.get("title") and rl["title"].lower() != role["name"].lower():
                titled += 1
                assert rl["title"] in by_location[f"roles/{ident}/"].get("tags", []), (ident, rl["title"])
    assert titled >= 3


def test_listings_of_what_other_pages_define_are_left_out_but_their_headings_stay(site, index):
    """A measure's "Roles held to it", a function's roles, a value's roles, an objective's measures, the
    roles at each career level and the cascade list names that have pages of their own: the section stays findable by its heading, the list
    does not fill the index, and the page still shows it."""
    by_location = {d["location"]: d for d in index}
    listings = {"measures/": "#roles-held-to-it", "functions/": "#roles", "values/": "#roles-that-emphasise-it"}
    listed = 0
    for prefix, anchor in listings.items():
        sections = [d for loc, d in by_location.items() if loc.startswith(prefix) and loc.endswith(anchor)]
        assert sections, prefix
        for d in sections:
            page = HTMLParser((site / d["location"].split("#")[0] / "index.html").read_text(encoding="utf-8"))
            names = [a.text().strip() for a in page.css(f'h2[id="{anchor[1:]}"] ~ .spm-listing a')]
            listed += len(names)
            assert d["title"] and not any(name in d["text"] for name in names), (d["location"], names)
    assert listed > 20
    page = (site / "measures/win-rate/index.html").read_text(encoding="utf-8")
    held = page.split('id="roles-held-to-it"', 1)[1]
    assert 'class="spm-listing"' in held and "Account executive" in held  # shown on the page, not indexed
    assert "data-search-" not in page  # Material strips the marker once it has indexed the page
    levels = " ".join(d["text"] for loc, d in by_location.items() if loc.startswith("levels/"))
    assert any(loc.startswith("levels/#") for loc in by_location)  # each level's heading and summary
    assert "Account executive" not in levels  # the table of roles at each level repeats the role pages
    text = " ".join(d["text"] for d in index)
    for control in ("printed on", "Show one level", "Link to this level", "All functions", "Your role title"):
        assert control not in text  # the printout's heading and the forms' labels and options
    cascade = " ".join(d["text"] for loc, d in by_location.items() if loc.startswith("cascade/"))
    objective_names = [o["name"] for f in sample("objectives").values() for o in f.get("objectives", [f])]
    assert not any(name in cascade for name in objective_names if name)
    assert any(d["location"].startswith("cascade/#") for d in index)  # its pillars' headings


def test_sections_of_other_pages_stay_and_the_rewritten_index_is_as_material_writes_it(tmp_path):
    index = {"config": {"lang": ["en"]}, "docs": [
        {"location": "roles/ae/", "title": "AE", "text": "Win"},
        {"location": "roles/ae/#measures", "title": "Measures", "text": "x"},
        {"location": "roles/#by-function", "title": "By function", "text": "y"},
        {"location": "measures/nrr/#details", "title": "Details", "text": "z \u00e9"}]}
    (tmp_path / "search").mkdir()
    (tmp_path / "search/search_index.json").write_text(json.dumps(index), encoding="utf-8")
    top_sections_only(tmp_path, {"roles/ae/"})
    written = (tmp_path / "search/search_index.json").read_text(encoding="utf-8")
    assert [d["location"] for d in json.loads(written)["docs"]] == ["roles/ae/", "roles/#by-function",
                                                                     "measures/nrr/#details"]
    assert written == json.dumps(json.loads(written), separators=(",", ":"))  # compact, ASCII, like Material's
    top_sections_only(tmp_path / "nothing-here", {"roles/ae/"})  # no index (search off): nothing to do
