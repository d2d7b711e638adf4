"""`check` passes => the strict build passes, for links in author text, shown on real builds.

Two parts: the cases found by hand (links to a part of a page, links laid out so that the sanitiser
could not rewrite them, the page meant by `/x/` or `../x.md`), each located at its YAML value and
each agreeing with a real `spm-site build`; then a property test that writes author text from an
alphabet of Markdown link forms that authors plausibly type, drops the texts `check` calls errors,
and builds the rest with `--strict` (a few builds, each with many texts).
"""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pytest

from conftest import MINIMAL, themed_clinic, write_framework
from spm_site.cli import cli
from spm_site.site import sanitize

ROLE = "roles/account-executive.yml"


@pytest.fixture
def in_tmp(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def with_purpose(text: str) -> dict[str, str]:
    """MINIMAL with the account executive's purpose (line 4, value at column 10) replaced."""
    old = "purpose: Win new customers who will succeed with us.\n"
    return {ROLE: MINIMAL[ROLE].replace(old, f"purpose: {json.dumps(text)}\n")}


def findings(runner, root: Path) -> tuple[int, list[dict]]:  # noqa: ANN001
    result = runner.invoke(cli, ["check", str(root), "--format", "json"])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, json.loads(result.stdout or "[]")


def build(runner, root: Path, site: Path):  # noqa: ANN001, ANN201
    return runner.invoke(cli, ["build", str(root), "--strict", "--site-dir", str(site)])


def where(found: list[dict], root: Path) -> list[tuple[str, int, str]]:
    return sorted((Path(os.path.abspath(d["file"])).relative_to(root).as_posix(), d["line"], d["rule"]) for d in found)


# --- links to a part of a page --------------------------------------------------------------------

@pytest.mark.parametrize(("text", "found"), [
    ("See [its measures](roles/head-of-sales.md#measures) and [growth](strategy.md#growth).", []),
    ("See [targets](roles/head-of-sales.md#measurez).", [(ROLE, 4, "missing-anchor")]),
    ("See [growth](strategy.md#grwth).", [(ROLE, 4, "missing-anchor")]),
    # The purpose is shown on the role's page (which has #measures) and on other pages (which do not).
    ("See [below](#measures).", [(ROLE, 4, "missing-anchor")]),
    ("See [nowhere](#nowhere).", [(ROLE, 4, "missing-anchor")]),
    ("An empty part [here](roles/head-of-sales.md#) and [there](#) is no part at all.", []),
])
def test_a_link_to_a_part_of_a_page_is_checked_against_the_page_as_built(runner, make_framework, in_tmp, text,
                                                                           found):
    root = make_framework(with_purpose(text))
    code, diagnostics = findings(runner, root)
    assert [f for f in where(diagnostics, root) if f[2] != "link-notation"] == found
    assert code == (1 if found else 0)
    result = build(runner, root, in_tmp / "site")
    assert result.exit_code == code, result.output
    if found:  # the build's own message names the YAML file, not a generated page
        assert f"{ROLE}:4:10: error[missing-anchor]" in result.output, result.output
        assert "Doc file" not in result.output


def test_the_hint_names_the_parts_the_page_has_and_a_page_that_has_the_part(runner, make_framework, in_tmp):
    root = make_framework(with_purpose("[a](roles/head-of-sales.md#measurez) [b](#measures)"))
    _, diagnostics = findings(runner, root)
    by_url = {d["message"].split("'")[1]: d for d in diagnostics if d["rule"] == "missing-anchor"}
    assert "did you mean '#measures'?" in by_url["roles/head-of-sales.md#measurez"]["hint"]
    inpage = by_url["#measures"]
    assert "roles/account-executive.md#measures" in inpage["hint"]  # the role's own page has that part
    assert "roles/index.md" in inpage["message"] and "roles/account-executive.md," not in inpage["message"]


def test_a_heading_the_author_writes_is_a_part_of_the_page(runner, make_framework, in_tmp):
    """An objective's description is a block of its own on the objective's page: its headings are parts there."""
    text = "## Onboarding\n\nRead [the onboarding notes](objectives/grow-revenue.md#onboarding) first."
    old = "description: More of the right customers choose us this year.\n"
    objective = MINIMAL["objectives/grow-revenue.yml"].replace(old, f"description: {json.dumps(text)}\n")
    root = make_framework({"objectives/grow-revenue.yml": objective})
    assert findings(runner, root)[0] == 0
    assert build(runner, root, in_tmp / "site").exit_code == 0


def test_an_overridden_template_decides_the_parts(runner, make_framework, in_tmp):
    """The check renders the pages with the organisation's templates, as the build does."""
    root = make_framework(with_purpose("See [the checklist](roles/head-of-sales.md#checklist)."))
    assert [d["rule"] for d in findings(runner, root)[1]] == ["missing-anchor"]
    folder = in_tmp / "theme/templates"
    folder.mkdir(parents=True)
    built_in = (Path(sanitize.__file__).parent / "templates/role.md.j2").read_text()
    (folder / "role.md.j2").write_text(built_in + "\n## Checklist\n\nAsk your manager.\n")
    (in_tmp / "mkdocs.yml").write_text(
        f"site_name: T\ntheme:\n  name: material\n  font: false\nplugins:\n  - spm:\n      framework: {root}\n")
    assert findings(runner, root) == (0, [])
    assert build(runner, root, in_tmp / "site").exit_code == 0


# --- links the build could not rewrite for every page --------------------------------------------

@pytest.mark.parametrize(("text", "rule"), [
    ("A [link over\ntwo lines](roles/head-of-sales.md).", None),
    ("A [reference][r] whose destination is on the next line.\n\n[r]:\n    roles/head-of-sales.md", None),
    ("Brackets [nested [twice [over]]](roles/head-of-sales.md).", "link-layout"),
    ("A [link over\n\na blank line](/roles/head-of-sales/) reads as one link in a table cell.", "link-layout"),
])
def test_a_link_laid_out_so_it_cannot_be_rewritten_is_an_error(runner, make_framework, in_tmp, text, rule):
    root = make_framework(with_purpose(text))
    code, diagnostics = findings(runner, root)
    errors = [f for f in where(diagnostics, root) if f[2] not in ("link-notation",)]
    assert errors == ([(ROLE, 4, rule)] if rule else [])
    result = build(runner, root, in_tmp / "site")
    assert result.exit_code == code, result.output


@pytest.mark.parametrize(("written", "meant"), [
    ("/roles/head-of-sales/", "roles/head-of-sales.md"),
    ("../roles/head-of-sales.md#measures", "roles/head-of-sales.md#measures"),
    ("./strategy.md", "strategy.md"),
    ("/roles/", "roles/index.md"),
])
def test_a_page_written_another_way_gets_its_path_in_the_hint(runner, make_framework, in_tmp, written, meant):
    root = make_framework(with_purpose(f"See [it]({written})."))
    (finding,) = findings(runner, root)[1]
    assert finding["rule"] == "link-notation" and f"write '{meant}' instead" in finding["hint"]


# --- the property: check passes => the strict build passes -----------------------------------------

#: Destinations as authors type them: pages, parts of pages, other sites, and the usual mistakes.
DESTINATIONS = [
    "roles/account-executive.md", "measures/win-rate.md", "strategy.md#growth", "roles/head-of-sales.md#measures",
    "index.md", "roles/index.md", "reference.md", "alignment.md", "https://example.org/guide", "mailto:a@example.org",
    "#measures", "#values-in-action", "roles/nope.md", "../roles/account-executive.md", "/roles/account-executive/",
    "//evil.example/x", "javascript:alert(1)", "roles/account-executive/", "roles/account-executive",
    "strategy.md#nope", "#nowhere", "roles/account-executive.md#", "?q=1", "measures/win-rate.md?x=1#y",
    "%2e%2e/x.md", "roles\\account-executive.md", "<roles/account-executive.md>", "data:text/html,x",
    'roles/account-executive.md "a title"', "roles/account-executive.md 'a(b'", "measures/win%2Drate.md",
    "roles/account-executive.md#Measures", "strategy.md#people", "https://example.org/a(b)",
]
#: Labels, with the characters that change how Markdown reads a link.
LABELS = ["x", "Win *rate*", "a|b", "`code`", "a [b] c", "a [b [c]] d", "two\nlines", "over\n\nblank", "{: #id}"]
#: Ways to write a link around a label (L) and a destination (D).
FORMS = [
    "[L](D)", "![L](D)", "[L][r]\n\n[r]: D", "[L][r]\n\n[r]:\n  D", "[L]( D )", "[L](\nD)", "- item [L](D)\n- more",
    "> [L](D)", "<D>", "[L](D){: .x}", "`[L](D)`", "    [L](D)", "[r]: D", "- [r]: D\n\n[L][r]", "[L][]\n\n[L]: D",
    "1. [L](D)", "## [L](D)", "[L] (D)", "[L](D)[L](D)", "*[L](D)*",
]
PROSE = ["See", "Read more in", "", "Ask first.", "Costs < 5 days and > 2;"]


def author_text(rng: random.Random) -> str:
    """One author text: prose and one to three links in the forms above."""
    parts = []
    for _ in range(rng.randint(1, 3)):
        form = rng.choice(FORMS)
        parts.append(rng.choice(PROSE) + " " + form.replace("L", rng.choice(LABELS)).replace("D", rng.choice(DESTINATIONS)))
    return rng.choice([" ", "\n", "\n\n"]).join(parts)


def plant(texts: list[str]) -> tuple[dict[str, str], dict[tuple[str, int], int]]:
    """MINIMAL with each text in a field of its own (value statements, objective descriptions, role
    responsibilities, measure definitions), and {(file, line): the text's index} to read findings back."""
    files = dict(MINIMAL)
    where: dict[tuple[str, int], int] = {}
    role = "roles/head-of-sales.yml"
    lines = []
    measures = ["measures:"]
    for i, text in enumerate(texts):
        quoted = json.dumps(text)
        kind = i % 4
        if kind == 0:
            files[f"values/fuzz-{i}.yml"] = (f"name: Value {i}\nstatement: {quoted}\nbehaviours:\n  - id: b\n"
                                             "    looks_like: Asks first.\n    not_like: Guesses.\n")
            where[(f"values/fuzz-{i}.yml", 2)] = i
        elif kind == 1:
            files[f"objectives/fuzz-{i}.yml"] = (f"name: Objective {i}\ndescription: {quoted}\npillar: growth\n"
                                                 "owner: head-of-sales\n")
            where[(f"objectives/fuzz-{i}.yml", 2)] = i
        elif kind == 2:
            where[(role, 5 + len(lines))] = i
            lines.append(f"  - {quoted}\n")
        else:
            where[("measures/fuzz.yml", len(measures) + 3)] = i
            measures += [f"  - id: fuzz-{i}", f"    name: Measure {i}", f"    definition: {quoted}", '    unit: "%"',
                         "    direction: higher", "    owner: sales", "    objectives: [grow-revenue]",
                         "    kind: outcome", "    timing: lagging", "    frequency: monthly", "    source: CRM"]
    old = "responsibilities:\n  - Set the sales plan and coach the team.\n"
    files[role] = files[role].replace(old, "responsibilities:\n" + "".join(lines) if lines else old)
    if len(measures) > 1:
        files["measures/fuzz.yml"] = "\n".join(measures) + "\n"
    return files, where


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_check_passes_implies_the_strict_build_passes(runner, in_tmp, seed):
    rng = random.Random(seed)
    texts = [author_text(rng) for _ in range(28)]
    dropped: set[int] = set()
    for attempt in range(5):  # drop every text with an error (the anchor check runs once the others pass)
        kept = [t for i, t in enumerate(texts) if i not in dropped]
        index = [i for i in range(len(texts)) if i not in dropped]
        files, lines = plant(kept)
        root = write_framework(in_tmp / f"framework-{attempt}", files)
        code, diagnostics = findings(runner, root)
        errors = [d for d in diagnostics if d["severity"] == "error"]
        if code == 0:
            break
        for rel, line, _rule in where(errors, root):
            assert (rel, line) in lines, f"an error not at a planted text: {rel}:{line} {errors}"
            dropped.add(index[lines[(rel, line)]])
    assert code == 0, errors
    assert 3 <= len(dropped) <= len(texts) - 8, "the alphabet should give both errors and clean texts"
    result = build(runner, root, in_tmp / "site")
    assert result.exit_code == 0, (result.output, kept)
    assert (in_tmp / "site/index.html").is_file()


# --- the project's own links: mkdocs.yml's nav and the hand-written pages of docs/ -------------------

def project(root: Path, folder: Path, nav: str, guide: str) -> None:
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "docs/guide.md").write_text(guide, encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: T\ntheme:\n  name: material\n  font: false\n"
        f"nav:\n  - Home: index.md\n  - Roles: roles/index.md\n  - Guide: guide.md\n{nav}"
        f"plugins:\n  - spm:\n      framework: {root}\n", encoding="utf-8")


def test_a_menu_entry_or_a_docs_link_to_no_page_is_found_where_it_is_written(runner, make_framework, in_tmp):
    root = make_framework()
    project(root, in_tmp, "  - Onboarding: onboarding.md\n  - Elsewhere: https://example.org/\n",
            "# Guide\n\nSee [the roles](roles/index.md), [a role](roles/head-of-sales.md)\n"
            "and [the notes](notes.md).\n")
    code, diagnostics = findings(runner, root)
    assert code == 1
    assert sorted((d["file"], d["line"], d["column"], d["rule"]) for d in diagnostics) == [
        ("docs/guide.md", 4, 17, "missing-page"), ("mkdocs.yml", 9, 17, "missing-page")]
    result = runner.invoke(cli, ["build", "--strict", "--site-dir", str(in_tmp / "site")])
    assert result.exit_code == 1 and "onboarding.md" in result.output and "notes.md" in result.output
    project(root, in_tmp, "  - Elsewhere: https://example.org/\n",
            "# Guide\n\nSee [the roles](roles/index.md) and [a role](roles/head-of-sales.md#measures).\n")
    assert findings(runner, root) == (0, [])
    result = runner.invoke(cli, ["build", "--strict", "--site-dir", str(in_tmp / "site")])
    assert result.exit_code == 0, result.output


def test_a_config_that_lowers_the_warnings_is_followed(runner, make_framework, in_tmp):
    root = make_framework()
    project(root, in_tmp, "  - Onboarding: onboarding.md\n", "# Guide\n\n[notes](notes.md)\n")
    with (in_tmp / "mkdocs.yml").open("a", encoding="utf-8") as fh:
        fh.write("validation:\n  nav:\n    not_found: info\n  links:\n    not_found: info\n")
    assert findings(runner, root) == (0, [])
    assert runner.invoke(cli, ["build", "--strict", "--site-dir", str(in_tmp / "site")]).exit_code == 0


# --- a supporting link's url (competencies by theme) ----------------------------------------------

@pytest.mark.parametrize(("url", "found"), [
    ("measures/did-not-attend-rate.md#why-it-matters", False),
    ("measures/did-not-attend-rate.md#nope", True),
    ("#nope", True),
])
def test_a_supporting_link_to_a_part_of_a_page_is_checked_too(runner, in_tmp, url, found):
    """A `links: - url:` is a destination as it is, not Markdown: its part of a page is checked all the same."""
    root = in_tmp / "framework"
    shutil.copytree(themed_clinic(), root)
    nurse = root / "roles/practice-nurse.yml"
    text = nurse.read_text(encoding="utf-8")
    assert "url: measures/did-not-attend-rate.md\n" in text
    nurse.write_text(text.replace("url: measures/did-not-attend-rate.md\n", f"url: {json.dumps(url)}\n"), encoding="utf-8")
    code, diagnostics = findings(runner, root)
    assert [d["rule"] for d in diagnostics if d["rule"] == "missing-anchor"] == (["missing-anchor"] if found else [])
    result = build(runner, root, in_tmp / "site")
    assert result.exit_code == code == (1 if found else 0), result.output
    assert "Doc file" not in result.output
