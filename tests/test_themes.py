"""Competencies by theme (issue 11): competencies.yml, expectations with a theme and a proficiency,
key competencies of values, the theme × level grid and the comparison by theme, and what `check`,
`diff`, the audience filter and a real strict build make of them.

The fixture (the clinic with `tests/fixtures/themes` laid over it, `conftest.themed_clinic`) has a
proficiency scale, three themes, `cumulative: true`, a practice nurse whose expectations are themed
(one sentence left plain) and a value with a key competency whose behaviours differ by level.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import os
from pathlib import Path

import pytest

from spm_site.changes.diff import diff_frameworks
from spm_site.changes.wording import describe
from spm_site.framework.audience import filter_framework, visible_texts
from spm_site.framework.model import Expectation
from spm_site.framework.visibility import Audiences
from spm_site.pipeline import check_framework
from spm_site.site import themes
from spm_site.site.render import Renderer
from conftest import themed_clinic

REPO = Path(__file__).resolve().parent.parent
THEMES = themed_clinic()  # the clinic with tests/fixtures/themes laid over it
NURSE = "roles/practice-nurse.yml"


@pytest.fixture
def fixture(tmp_path: Path) -> Path:
    root = tmp_path / "framework"
    shutil.copytree(THEMES, root)
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    text = (root / rel).read_text()
    assert old in text, f"{old!r} not in {rel}"
    (root / rel).write_text(text.replace(old, new, 1))


def line_of(root: Path, rel: str, needle: str) -> int:
    return next(i for i, line in enumerate((root / rel).read_text().splitlines(), 1) if needle in line)


def errors(result) -> list:
    return [d for d in result.diagnostics if d.severity.value == "error"]


# --- the fixture and the sample --------------------------------------------------------------------

def test_the_fixture_checks_clean_and_reads_its_competencies():
    result = check_framework(THEMES)
    assert result.ok and not [d for d in result.diagnostics if d.severity.value != "info"], result.diagnostics
    fw = result.framework
    assert list(fw.scale) == ["aware", "capable", "assured"]  # lowest first, as written
    assert list(fw.themes) == ["clinical-practice", "communication", "learning"]
    assert fw.cumulative is True
    nurse = fw.roles["practice-nurse"]
    entries = nurse.levels[0].expectations
    assert isinstance(entries[0], Expectation) and entries[0].links[0].url.startswith("https://")
    assert entries[-1] == "Keeps a development log and brings it to supervision."  # plain text stays text
    assert fw.values["safety-first"].competencies[0].behaviours[1].level == "experienced"


def test_a_framework_without_competencies_says_nothing_about_them():
    fw = check_framework(REPO / "framework").framework
    assert fw.themes == {} and fw.scale == {} and fw.cumulative is None
    assert themes.cumulative_note(fw) is None
    assert all(themes.theme_grid(fw, role) is None for role in fw.roles.values())


# --- located errors ------------------------------------------------------------------------------

def test_every_wrong_reference_is_reported_at_its_line_in_one_run(fixture):
    edit(fixture, NURSE, "theme: communication", "theme: comunication")
    edit(fixture, NURSE, "proficiency: aware", "proficiency: expert")
    edit(fixture, NURSE, "      - id: mentor\n", "      - id: long-term-conditions\n")
    edit(fixture, "values/safety-first.yml", "      - level: leading\n", "      - level: experienced\n")
    result = check_framework(fixture)
    found = {(d.rule, d.location.file.rsplit("framework/", 1)[-1], d.location.line): d.message for d in errors(result)}
    assert found[("unknown-reference", NURSE, line_of(fixture, NURSE, "comunication"))] == \
        "theme 'comunication' does not exist (did you mean 'communication'?)"
    assert found[("unknown-reference", NURSE, line_of(fixture, NURSE, "proficiency: expert"))] == \
        "proficiency 'expert' does not exist"
    dup_line = [i for i, line in enumerate((fixture / NURSE).read_text().splitlines(), 1) if "id: long-term-conditions" in line][1]
    assert found[("duplicate-id", NURSE, dup_line)].startswith("expectation id 'long-term-conditions' is already used at this level")
    value_line = [i for i, line in enumerate((fixture / "values/safety-first.yml").read_text().splitlines(), 1)
                  if "level: experienced" in line][1]
    assert found[("duplicate-id", "values/safety-first.yml", value_line)] == \
        "key competency 'raising-concerns' already says what it looks like for level 'experienced'"
    assert len(found) == 4


def test_themes_without_competencies_yml_are_unknown(fixture):
    (fixture / "competencies.yml").unlink()
    result = check_framework(fixture)
    messages = {d.message for d in errors(result)}
    assert "theme 'clinical-practice' does not exist" in messages
    hints = {d.hint for d in errors(result) if d.message.startswith("proficiency")}
    assert hints == {"use the id of an existing proficiency; no proficiency is defined yet"}


def test_a_mapping_needs_an_id_and_a_well_formed_address(fixture):
    edit(fixture, NURSE, "      - id: explain-plan\n        text:", "      - text:")
    edit(fixture, NURSE, "url: https://example.org/immunisation-checklist", "url: https://example.org/a checklist")
    edit(fixture, "competencies.yml", "cumulative: true", "cumulative: yes")
    result = check_framework(fixture)
    found = {(d.rule, d.location.line): d.message for d in errors(result)}
    assert found[("missing-key", line_of(fixture, NURSE, "Explains each step"))] == "'id' is required here but missing"
    assert found[("wrong-type", line_of(fixture, NURSE, "a checklist"))].startswith(
        "'url' should be one address, without spaces, quotes, brackets or parentheses")
    assert ("not-a-boolean", 2) in found


def test_a_supporting_link_is_checked_like_any_link_in_author_text(fixture):
    edit(fixture, NURSE, "url: measures/did-not-attend-rate.md", "url: measures/attendance.md")
    edit(fixture, NURSE, "url: https://example.org/immunisation-checklist", "url: javascript:alert")
    edit(fixture, "competencies.yml", "description: Keeping our skills current and passing them on.",
         "description: Keeping our skills current ([guide](guides/missing.md)).")
    result = check_framework(fixture)
    by_name = {(d.rule, d.location.file.rsplit("framework/", 1)[-1], d.location.line) for d in result.diagnostics}
    assert ("missing-page", NURSE, line_of(fixture, NURSE, "measures/attendance.md")) in by_name
    assert ("unsafe-link", NURSE, line_of(fixture, NURSE, "javascript:")) in by_name
    assert ("missing-page", "competencies.yml", line_of(fixture, "competencies.yml", "guides/missing.md")) in by_name


# --- the views ---------------------------------------------------------------------------------

def test_the_grid_has_a_row_per_theme_in_order_and_a_row_for_plain_sentences():
    fw = check_framework(THEMES).framework
    grid = themes.theme_grid(fw, fw.roles["practice-nurse"])
    assert [level.id for level in grid.levels] == ["foundation", "experienced"]
    assert [row.name for row in grid.rows] == ["Clinical practice", "Communication", "Learning and teaching",
                                               themes.OTHER]
    clinical = grid.rows[0]
    assert [[(s.entry.id, s.proficiency.name) for s in cell] for cell in clinical.cells] == [
        [("core-clinics", "Aware")], [("core-clinics", "Capable"), ("long-term-conditions", "Capable")]]
    assert grid.rows[1].carried_from(1, grid, fw.cumulative).id == "foundation"  # cumulative: still applies
    assert grid.rows[2].carried_from(0, grid, fw.cumulative) is None  # nothing below to carry
    assert themes.theme_grid(fw, fw.roles["clinic-director"]) is None  # plain sentences only: the page as before


def test_the_comparison_follows_an_expectation_by_its_id_theme_by_theme():
    fw = check_framework(THEMES).framework
    lower, higher = fw.roles["practice-nurse"].levels
    steps = {s.name: s for s in themes.compare_expectations(fw, lower, higher)}
    clinical = steps["Clinical practice"]
    assert [s.entry.id for s in clinical.new] == ["long-term-conditions"]
    assert [(s.entry.id, was.id) for s, was in clinical.raised] == [("core-clinics", "aware")]
    assert clinical.summary(True, "Foundation") == "1 new, 1 at a higher proficiency"
    assert steps["Communication"].summary(True, "Foundation") == "1 still expected from Foundation"
    assert steps["Communication"].summary(False, "Foundation") == "1 no longer listed"
    assert steps["Learning and teaching"].summary(True, "Foundation") == "1 new"


def test_a_lower_proficiency_and_an_unchanged_one_are_told_apart(fixture):
    edit(fixture, NURSE, "        theme: clinical-practice\n        proficiency: capable\n      - id: long",
         "        theme: clinical-practice\n        proficiency: aware\n      - id: long")
    edit(fixture, NURSE, "        proficiency: aware\n        examples:\n          - Runs a Tuesday",
         "        proficiency: assured\n        examples:\n          - Runs a Tuesday")
    fw = check_framework(fixture).framework
    lower, higher = fw.roles["practice-nurse"].levels
    clinical = themes.compare_expectations(fw, lower, higher)[0]
    assert [(s.entry.id, was.id, s.proficiency.id) for s, was in clinical.lowered] == [("core-clinics", "assured", "aware")]
    assert clinical.summary(True, "Foundation") == "1 new, 1 at a lower proficiency"


# --- pages --------------------------------------------------------------------------------------

def pages(root: Path) -> dict[str, str]:
    result = check_framework(root)
    return {p.path: p.markdown for p in Renderer(result.framework, checked=result).pages()}


def test_the_role_page_shows_the_grid_levels_by_theme_and_the_step_by_theme():
    page = pages(THEMES)["roles/practice-nurse.md"]
    assert "### Themes by level { #themes-by-level }" in page
    assert "| Communication | • Explains each step of care in words the patient uses. _(Capable)_ | _As at Foundation_ |" in page
    assert "Expectations are cumulative: what a level asks still applies" in page
    assert "    - See: [Immunisation clinic checklist](https://example.org/immunisation-checklist)" in page
    assert "    - See: [Measures the reviews count towards](../measures/did-not-attend-rate.md)" in page
    assert ("| Clinical practice | • Runs core clinics (immunisations, wound care, smears) safely. _(Aware)_ | "
            "• Runs core clinics (immunisations, wound care, smears) safely. _(Aware → Capable)_<br>"
            "• **New:** Runs long-term condition reviews independently. _(Capable)_ | 1 new, 1 at a higher proficiency |") in page
    assert "expectations are new at this level" not in page
    assert "### Foundation: Practice nurse (new to primary care) { #level-foundation }" in page


def test_levels_and_value_pages_show_the_scale_and_the_key_competencies():
    rendered = pages(THEMES)
    assert "### Proficiency scale { #proficiency-scale }" in rendered["levels.md"]
    assert "| **Assured** | Does it in unusual or difficult situations and teaches others to do it. |" in rendered["levels.md"]
    value = rendered["values/safety-first.md"]
    assert "## Key competencies" in value and "| Experienced | Stops a procedure that looks unsafe and records why. |" in value
    nurse = rendered["roles/practice-nurse.md"]  # only the nurse's own levels, in ladder order
    assert ("- **Raising concerns:** Foundation: Tells the nurse in charge about a concern the same day.; "
            "Experienced: Stops a procedure that looks unsafe and records why.") in nurse


def test_author_text_in_the_new_fields_is_escaped(fixture):
    edit(fixture, NURSE, "title: Immunisation clinic checklist", "title: \"Checklist <img src=x onerror=alert(1)> {: onclick=x }\"")
    edit(fixture, "competencies.yml", "name: Communication", "name: \"Comms | <b>talk</b>\"")
    page = pages(fixture)["roles/practice-nurse.md"]
    assert "<img" not in page and "<b>" not in page and "{: onclick" not in page
    assert "Comms &#124; &lt;b>talk&lt;/b>" in page


def test_an_unsafe_supporting_link_keeps_only_its_title(fixture):
    edit(fixture, NURSE, "url: https://example.org/immunisation-checklist", "url: javascript:alert")
    page = pages(fixture)["roles/practice-nurse.md"]
    assert "    - See: Immunisation clinic checklist\n" in page and "javascript" not in page


def test_the_sample_and_the_clinic_pages_are_unchanged_by_themes():
    """A framework that does not opt in renders as before: no theme section, no cumulative sentence."""
    for root in (REPO / "framework", REPO / "tests/fixtures/clinic"):
        for path, text in pages(root).items():
            if path != "reference.md":
                assert "Themes by level" not in text and "cumulative" not in text.lower(), path


# --- diff --------------------------------------------------------------------------------------

def test_an_expectation_that_moves_theme_or_proficiency_is_one_change_matched_by_id(fixture, tmp_path):
    head = tmp_path / "head"
    shutil.copytree(fixture, head)
    edit(head, NURSE, "      - id: core-clinics\n        text: Runs core clinics (immunisations, wound care, smears) safely.\n"
                      "        theme: clinical-practice\n        proficiency: capable",
         "      - id: core-clinics\n        text: Runs core clinics (immunisations, wound care, smears) safely.\n"
         "        theme: communication\n        proficiency: assured")
    edit(head, NURSE, "      - Keeps a development log and brings it to supervision.\n",
         "      - id: dev-log\n        text: Keeps a development log and brings it to supervision.\n        theme: learning\n")
    edit(head, "competencies.yml", "cumulative: true", "cumulative: false")
    diff = diff_frameworks(check_framework(fixture), check_framework(head))
    said = {(c.aspect, c.level, c.subject): describe(c, diff.base, diff.head) for c in diff.changes}
    core = "“Runs core clinics (immunisations, wound care, smears) safely.”"
    assert said[("expectation theme", "experienced", "core-clinics")] == \
        f"Expectation {core} at Experienced moves to the theme Communication (it was Clinical practice)"
    assert said[("expectation proficiency", "experienced", "core-clinics")] == \
        f"Expectation {core} at Experienced is now asked at Assured (it was Capable)"
    # a sentence given an id and a theme is the same expectation, not one dropped and one added
    assert ("expectations", "foundation", None) not in said and ("expectation", "foundation", "dev-log") not in said
    assert said[("expectation theme", "foundation", "dev-log")].endswith("moves to the theme Learning and teaching (it was none)")
    assert said[("cumulative", None, None)].startswith("Expectations are now not cumulative")
    theme_change = next(c for c in diff.changes if c.aspect == "expectation theme" and c.subject == "core-clinics")
    assert theme_change.affects == ("practice-nurse",)
    assert theme_change.where.line == [i for i, line in enumerate((head / NURSE).read_text().splitlines(), 1)
                                       if "theme: communication" in line][1]
    assert len(diff.changes) == 4


def test_a_renamed_theme_reaches_the_roles_that_use_it(fixture, tmp_path):
    head = tmp_path / "head"
    shutil.copytree(fixture, head)
    edit(head, "competencies.yml", "name: Learning and teaching", "name: Growing others")
    diff = diff_frameworks(check_framework(fixture), check_framework(head))
    (change,) = diff.changes
    assert (change.scope, change.aspect, change.affects) == ("theme", "name", ("practice-nurse",))


# --- audiences ---------------------------------------------------------------------------------

def test_visible_texts_cover_every_new_author_string():
    fw = check_framework(THEMES).framework
    texts = set(visible_texts(fw))
    nurse = fw.roles["practice-nurse"]
    mapped = [e for rl in nurse.levels for e in rl.expectations if isinstance(e, Expectation)]
    wanted = {e.text for e in mapped} | {x for e in mapped for x in e.examples} | \
        {link.title for e in mapped for link in e.links} | {link.url for e in mapped for link in e.links}
    wanted |= {t.name for t in fw.themes.values()} | {t.description for t in fw.themes.values()}
    wanted |= {p.description for p in fw.scale.values()}
    competency = fw.values["safety-first"].competencies[0]
    wanted |= {competency.name, competency.description} | {b.looks_like for b in competency.behaviours}
    assert wanted - texts == set()


def test_a_public_site_keeps_the_definitions_and_leaves_hidden_roles_out(fixture, tmp_path):
    for rel in ("roles/practice-nurse.yml", "functions/clinical.yml", "values/safety-first.yml",
                "measures/care-and-team.yml", "measures/access.yml", "levels.yml"):
        text = (fixture / rel).read_text()
        if rel.startswith(("measures/", "levels")):
            text = text.replace("\n    name:", "\n    visibility: public\n    name:")
        else:
            text = "visibility: public\n" + text
        (fixture / rel).write_text(text)
    result = check_framework(fixture)
    filtered = filter_framework(result.framework, "public", result.settings.audiences or Audiences())
    assert filtered.framework.themes == result.framework.themes and filtered.framework.cumulative is True
    assert not [h for h in filtered.hidden if h.kind in ("theme", "proficiency")]
    site = tmp_path / "public"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([str(Path(sys.executable).with_name("spm-site")), "build", str(fixture), "--strict",
                           "--audience", "public", "--site-dir", str(site)], env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    nurse = (site / "roles/practice-nurse/index.html").read_text()
    assert "Themes by level" in nurse and "Mentors nurses who are new to primary care." in nurse
    assert not (site / "roles/clinic-director").exists()


# --- a real strict build -------------------------------------------------------------------------

def test_the_fixture_builds_strict_and_deterministic(tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    outs = []
    for n in (1, 2):
        site = tmp_path / f"site{n}"
        done = subprocess.run([str(Path(sys.executable).with_name("spm-site")), "build", str(THEMES), "--strict",
                               "--site-dir", str(site)], env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        outs.append({p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
                     if p.is_file() and p.name != ".spm-site"})
    assert outs[0] == outs[1]
    html = outs[0]["roles/practice-nurse/index.html"].decode()
    assert 'id="themes-by-level"' in html and 'href="https://example.org/immunisation-checklist"' in html
    assert 'href="../../measures/did-not-attend-rate/"' in html


def test_the_evidence_sheet_names_a_themed_expectation_by_its_id():
    from spm_site.exchange.export import evidence_sheet

    fw = check_framework(THEMES).framework
    _, rows = evidence_sheet(fw, "practice-nurse", "foundation")
    expectations = [(r[3], r[4]) for r in rows if r[2] == "expectation"]
    assert expectations == [
        ("core-clinics", "Clinical practice, Aware: Runs core clinics (immunisations, wound care, smears) safely."),
        ("explain-plan", "Communication, Capable: Explains each step of care in words the patient uses."),
        ("3", "Keeps a development log and brings it to supervision.")]
