"""Spreadsheets and JSON in and out (issue 11): `spm-site export` and `spm-site import`.

Round trips run the real commands on the sample, the clinic and MINIMAL: export, import into a
new folder, `check` that folder, and compare the files' models (equality ignores where a value
was written). Errors are asserted at their cells; author text that looks like a formula is
followed into the workbook's XML.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import zipfile
from pathlib import Path

import jsonschema
import openpyxl
import pytest
import yaml
from conftest import MINIMAL, themed_clinic
from pydantic import Field

from spm_site.cli import cli
from spm_site.exchange import csv_files, json_export, tables, xlsx
from spm_site.exchange.cells import csv_in, csv_out
from spm_site.exchange.export import table_sheets
from spm_site.exchange.import_ import import_sheets
from spm_site.exchange.yaml_out import dump
from spm_site.framework import introspect
from spm_site.framework.documents import read_documents
from spm_site.framework.kinds import FILE_KINDS, FileKind
from spm_site.framework.loader import load_bytes
from spm_site.framework.model import Level, LevelsFile, Text
from spm_site.pipeline import check_framework
from spm_site.settings import load_settings

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "framework"
CLINIC = REPO / "tests/fixtures/clinic"
THEMES = themed_clinic()  # the clinic with tests/fixtures/themes laid over it
#: Tracks, job families' own ladders (levels inside a list inside levels.yml) and roles naming both.
ENGINEERING = REPO / "tests/fixtures/engineering"
KPI = REPO / "tests/fixtures/kpi"  # targets in words, parents, key indicators, health, facts not stated


def files(root: Path) -> dict[str, object]:
    """Every framework file's model by its path: what a round trip must give back."""
    docs, problems = read_documents(root, load_settings(root)[0].limits)
    assert not [p for p in problems if p.severity.value == "error"], problems
    return {entry.path: entry.node for entry in tables.files_of(docs)}


def export(runner, root: Path, out: Path, *extra: str) -> None:
    result = runner.invoke(cli, ["export", str(root), "-o", str(out), *extra])
    assert result.exit_code == 0, result.output
    return result


def settled(root: Path, folder: Path) -> Path:
    """A new folder holding `root`'s spm.yml, if any: the framework's settings are the folder's, not the sheets'."""
    folder.mkdir()
    if (root / "spm.yml").is_file():
        shutil.copyfile(root / "spm.yml", folder / "spm.yml")
    return folder


def import_(runner, source: Path, out: Path, *extra: str, code: int = 0):
    result = runner.invoke(cli, ["import", str(source), "-o", str(out), *extra])
    assert result.exit_code == code, result.output
    return result


# --- round trips ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("root", [SAMPLE, CLINIC, THEMES, ENGINEERING, KPI],
                         ids=["sample", "clinic", "themes", "engineering", "kpi"])
def test_export_then_import_gives_the_same_framework(runner, tmp_path, root, fmt):
    out = tmp_path / ("book.xlsx" if fmt == "xlsx" else "sheets")
    export(runner, root, out, "--format", fmt)
    import_(runner, out, settled(root, tmp_path / "back"))
    assert check_framework(tmp_path / "back").ok
    assert files(tmp_path / "back") == files(root)
    # and once more: the framework that came back exports to the very same bytes
    again = tmp_path / ("again.xlsx" if fmt == "xlsx" else "again")
    export(runner, tmp_path / "back", again, "--format", fmt)
    if fmt == "xlsx":
        assert again.read_bytes() == out.read_bytes()
    else:
        assert {p.name: p.read_bytes() for p in again.iterdir()} == {p.name: p.read_bytes() for p in out.iterdir()}


def test_minimal_round_trip_keeps_every_kind_of_value(runner, make_framework, tmp_path):
    """MINIMAL uses every file kind and reference; the YAML that comes back reads as hand-written YAML."""
    root = make_framework()
    export(runner, root, tmp_path / "book.xlsx")
    import_(runner, tmp_path / "book.xlsx", tmp_path / "back")
    assert files(tmp_path / "back") == files(root)
    role = (tmp_path / "back/roles/account-executive.yml").read_text()
    assert role.startswith("name: Account executive\nfunction: sales\n")  # the id is the file name
    assert "    accepted:\n      by: head-of-sales\n" in role
    organisation = (tmp_path / "back/organisation.yml").read_text()
    assert '  edition: "2027"\n' in organisation  # a number-like text stays text for every reader
    assert "  approved_on: 2026-10-01\n" in organisation
    assert sorted(p.relative_to(tmp_path / "back").as_posix() for p in (tmp_path / "back").rglob("*.yml")) == sorted(MINIMAL)


def test_export_and_import_are_deterministic(runner, tmp_path):
    for n in (1, 2):
        export(runner, SAMPLE, tmp_path / f"{n}.xlsx")
        export(runner, SAMPLE, tmp_path / f"{n}.json", "--format", "json")
    assert (tmp_path / "1.xlsx").read_bytes() == (tmp_path / "2.xlsx").read_bytes()
    assert (tmp_path / "1.json").read_bytes() == (tmp_path / "2.json").read_bytes()
    with zipfile.ZipFile(tmp_path / "1.xlsx") as book:
        assert {i.date_time for i in book.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        assert b"2000-01-01T00:00:00Z" in book.read("docProps/core.xml")


def test_a_new_optional_field_flows_through_with_no_code_change(monkeypatch):
    """A `pay_band` on levels (as another branch adds it) becomes a column, is exported and imported back."""

    class BandedLevel(Level):
        grade_code: Text | None = Field(None, description="The grade code of the level.")

    class BandedLevels(LevelsFile):
        levels: list[BandedLevel] = Field(description="The levels, lowest first.")

    kinds = tuple(FileKind(k.key, BandedLevels, k.layout, k.title, k.required) if k.key == "levels" else k
                  for k in FILE_KINDS)
    before = tables.table("levels").headers
    monkeypatch.setattr(tables, "FILE_KINDS", kinds)
    tables.tables.cache_clear()
    try:
        assert tables.table("levels").headers == [*before, "grade_code"]
        node = BandedLevels(levels=[BandedLevel(id="l1", name="Associate", summary="Learns.", grade_code="B2")])
        found = tables.rows([tables.FileEntry(next(k for k in kinds if k.key == "levels"), None, node)])
        assert found["levels"][0]["grade_code"] == "B2"
        header = tables.table("levels").headers
        sheet = _sheet("levels", header, [[found["levels"][0][h] for h in header]])
        built = tables.build({"levels": sheet})
        assert built.problems == []
        kind, data = built.files["levels.yml"]
        assert kind.model.model_validate(data) == node
    finally:
        monkeypatch.undo()
        tables.tables.cache_clear()


def _sheet(name: str, header: list[str], rows: list[list]) -> tables.SheetRows:
    return tables.SheetRows(name, f"{name}.csv", {h: i for i, h in enumerate(header, start=1)},
                            [{h: tables.SheetCell(v, r, c) for c, (h, v) in enumerate(zip(header, row), start=1) if v is not None}
                             for r, row in enumerate(rows, start=2)])


def test_every_field_of_every_model_has_a_column_or_a_sheet():
    placed = {(t.model, c.path[0]) for t in tables.tables() if t.model for c in t.columns}
    placed |= {(t.parent.model, t.path[0]) for t in tables.tables() if t.parent and t.parent.model}
    for model in introspect.models(*(k.model for k in FILE_KINDS)):
        for spec in introspect.fields(model):
            in_a_row = any(_reaches(t.model, model) for t in tables.tables() if t.model)
            assert in_a_row and _placed(model, spec.key, placed), f"{model.__name__}.{spec.key} has no place in the sheets"


def _reaches(root, model) -> bool:
    return root is model or any(s.model and not s.many and _reaches(s.model, model) for s in introspect.fields(root))


def _placed(model, key, placed) -> bool:
    """The field is a column (or a sheet) of a table whose rows hold `model`, directly or spread over columns."""
    for t in tables.tables():
        if t.model is None:
            continue
        for root_model in [t.model]:
            if root_model is model and ((model, key) in placed):
                return True
            for spec in introspect.fields(root_model):
                if spec.model is model and not spec.many:
                    prefixed = f"{spec.key}_{key}"
                    if any(c.name == prefixed for c in t.columns) or any(c.path[:2] == (spec.key, key) for c in t.columns) \
                            or any(ch.path == (spec.key, key) for ch in t.children):
                        return True
    return False


def test_the_sheets_are_keyed_by_their_parent():
    assert tables.table("role_measures").headers == ["role", "measure", "target", "weight", "why", "accepted_by", "accepted_reason",
                                                     "levels_reason"]
    assert tables.table("role_level_targets").headers == ["role", "level", "measure", "target"]
    # an expectation is a sentence (only `expectation` filled in) or a mapping: its text, then its own keys
    assert tables.table("role_level_expectations").headers == ["role", "level", "expectation", "id", "theme", "proficiency"]
    assert tables.table("role_level_expectation_links").headers == ["role", "level", "expectation_id", "title", "url"]
    assert tables.table("value_behaviours").headers == ["value", "id", "looks_like", "not_like"]
    assert tables.table("measures").headers[:2] == ["group", "id"]
    assert tables.table("measure_waivers").keys == ("measure",)  # measure ids are unique across groups
    assert all(len(t.name) <= 31 for t in tables.tables())  # Excel's limit on sheet names


# --- located errors -------------------------------------------------------------------------------


def _edit_book(path: Path, edits) -> None:
    book = openpyxl.load_workbook(path)
    edits(book)
    book.save(path)


def _column(sheet, name: str) -> int:
    return next(c.column for c in sheet[1] if c.value == name)


def _letter(sheet: str, column: str) -> str:
    """The letter of a column in the exported sheet (the columns follow the model, which grows)."""
    return tables.cell_address(tables.table(sheet).headers.index(column) + 1, 1)[:-1]


def test_bad_cells_are_reported_at_their_cells_all_in_one_run(runner, make_framework, tmp_path):
    book = tmp_path / "book.xlsx"
    export(runner, make_framework(), book)

    def break_it(wb):
        measures = wb["role_measures"]
        measures.cell(row=2, column=_column(measures, "weight")).value = "fifty"  # wrong type
        functions = wb["functions"]
        functions.cell(row=2, column=_column(functions, "leader")).value = "head-of-sale"  # unknown reference
        levels = wb["levels"]
        levels.delete_cols(_column(levels, "summary"))  # a required column gone
    _edit_book(book, break_it)
    result = import_(runner, book, tmp_path / "out", code=1)
    out = result.stdout
    weight, leader = _letter("role_measures", "weight"), _letter("functions", "leader")
    assert f"book.xlsx:role_measures!{weight}2: error[not-a-number]: 'weight': expected a number, found 'fifty'" in out, out
    assert (f"book.xlsx:functions!{leader}2: error[unknown-reference]: role 'head-of-sale' does not exist "
            "(did you mean 'head-of-sales'?)") in out
    assert "book.xlsx:levels!A1: error[missing-column]: the sheet 'levels' has no column 'summary'" in out
    assert "'summary' is required" not in out  # said once for the column, not again for every row
    assert out.count("error[") == 3, out
    assert "  help: " in out and "Traceback" not in result.output
    assert "Nothing was written" in result.stderr
    assert not (tmp_path / "out").exists()


def test_csv_errors_name_the_file_line_and_column(runner, make_framework, tmp_path):
    sheets = tmp_path / "sheets"
    export(runner, make_framework(), sheets, "--format", "csv")
    records = list(csv.reader((sheets / "role_measures.csv").open(newline="")))
    weight = records[0].index("weight")
    assert records[3][:2] == ["head-of-sales", "new-arr"] and records[3][weight] == "60"
    records[3][weight] = "sixty"
    with (sheets / "role_measures.csv").open("w", newline="") as out_file:
        csv.writer(out_file, lineterminator="\n").writerows(records)
    (sheets / "role_level_targets.csv").write_text("role,level,measure,target\nnobody,l1,win-rate,3\n")
    (sheets / "Roles.csv").write_text("id\n")
    (sheets / "levels.csv").write_text((sheets / "levels.csv").read_text().replace("summary", "sumary"))
    result = import_(runner, sheets, tmp_path / "out", code=1)
    out = result.stdout
    assert f"sheets/role_measures.csv:4:{weight + 1}: error[not-a-number]: 'weight': expected a number, found 'sixty'" in out, out
    assert "role_level_targets.csv:2:2: error[orphan-row]: no row of 'role_levels' is nobody / l1" in out
    summary = tables.table("levels").headers.index("summary") + 1
    assert (f"levels.csv:1:{summary}: error[unknown-column]: the sheet 'levels' has no column 'sumary' "
            "(did you mean 'summary'?)") in out
    assert "Roles.csv:1:1: warning[unknown-sheet]: spm-site does not know the sheet 'Roles' (did you mean 'roles'?)" in out
    assert not (tmp_path / "out").exists()


def test_a_formula_in_a_workbook_is_refused_not_run(runner, make_framework, tmp_path):
    book = tmp_path / "book.xlsx"
    export(runner, make_framework(), book)

    def add_formula(wb):
        measures = wb["role_measures"]
        measures.cell(row=2, column=_column(measures, "weight")).value = "=30+30"
    _edit_book(book, add_formula)
    result = import_(runner, book, tmp_path / "out", code=1)
    assert f"book.xlsx:role_measures!{_letter('role_measures', 'weight')}2: error[formula-cell]: the cell holds a formula (=30+30), not a value" in result.stdout


def test_a_file_that_is_no_workbook_is_one_finding(runner, tmp_path):
    (tmp_path / "book.xlsx").write_bytes(b"not a zip")
    result = import_(runner, tmp_path / "book.xlsx", tmp_path / "out", code=1)
    assert "book.xlsx:1:1: error[unreadable-file]: cannot read the workbook: it is not an .xlsx file" in result.stdout
    assert result.stdout.count("error[") == 1 and "Traceback" not in result.output


# --- author text stays text -----------------------------------------------------------------------

TRAPS = ["=HYPERLINK(\"https://evil.example\",\"click\")", "+1 555 0100", "-2 days", "@SUM(A1:A2)", "'quoted",
         "#N/A", "no", "1.10", "012", "a: b", "ends with #hash"]


def test_formula_like_text_is_exported_as_text_and_imported_back(runner, make_framework, tmp_path):
    expectations = "".join(f"      - {json.dumps(t)}\n" for t in TRAPS)
    role = MINIMAL["roles/head-of-sales.yml"].replace(
        "      - Builds a team that hits its number without heroics.\n", expectations)
    root = make_framework({"roles/head-of-sales.yml": role})
    assert check_framework(root).ok
    export(runner, root, tmp_path / "book.xlsx")
    export(runner, root, tmp_path / "sheets", "--format", "csv")
    book = openpyxl.load_workbook(tmp_path / "book.xlsx")
    cells = [row[2] for row in book["role_level_expectations"].iter_rows(min_row=2) if row[0].value == "head-of-sales"]
    assert [c.value for c in cells] == TRAPS
    assert all(c.data_type == "s" for c in cells)
    assert [c.quotePrefix for c in cells[:4]] == [True] * 4
    with zipfile.ZipFile(tmp_path / "book.xlsx") as z:
        assert not [n for n in z.namelist() if n.startswith("xl/worksheets/") and b"<f>" in z.read(n)]
    csv_text = (tmp_path / "sheets/role_level_expectations.csv").read_text()
    assert "'=HYPERLINK" in csv_text and "\n" + "head-of-sales,l2,'+1 555 0100" in csv_text and "''quoted" in csv_text
    for source, out in ((tmp_path / "book.xlsx", "a"), (tmp_path / "sheets", "b")):
        import_(runner, source, tmp_path / out)
        assert files(tmp_path / out) == files(root)


@pytest.mark.parametrize("text", ["=1+1", "'x", "''", "'", "-", "plain", "'=x", "@", "\tx"])
def test_the_csv_apostrophe_is_removed_exactly_where_it_was_added(text):
    assert csv_in(csv_out(text)) == text


@pytest.mark.parametrize("text", [
    "no", "No", "on", "off", "yes", "y", "n", "~", "null", "", "1.10", "012", "0x1f", "1e3", "12:30", ".inf",
    "2026-01-01", "2026-01-01 10:00", "#x", "a #b", "a: b", "a:b", "ends:", " lead", "trail ", "- x", "-x", "? x",
    "[x]", "{x}", "*a", "&a", "!t", "|", ">", "%x", "@x", "`x", "'q'", '"q"', "x\ny", "x\n", "\ny", "line\n\n",
    "tab\tin", "é ñ 中", "\u2028sep", "\x85", "zero\u200bwidth", "back\\slash", "=", "<<", "a" * 130,
    "Word " * 40 + "end", "colon: then " + "long " * 30,
])
def test_yaml_written_reads_back_the_same_in_every_reader(text):
    written = dump({"key": text, "list": [text]})
    assert yaml.safe_load(written) == {"key": text, "list": [text]}  # PyYAML: a YAML 1.1 reader
    source, problems = load_bytes(Path("x.yml"), "x.yml", written.encode("utf-8"))
    if not problems:  # spm-site's own loader refuses some characters outright (reported, not misread)
        assert source.data == {"key": text, "list": [text]}


def test_yaml_quotes_only_what_needs_it():
    assert dump({"a": "plain text", "b": "no", "c": 25.0, "d": 0.5, "e": 1e-05}) == (
        'a: plain text\nb: "no"\nc: 25\nd: 0.5\ne: 0.00001\n')


# --- the output folder ------------------------------------------------------------------------------


def test_import_refuses_a_folder_that_holds_files(runner, make_framework, tmp_path):
    book = tmp_path / "book.xlsx"
    export(runner, make_framework(), book)
    target = tmp_path / "target"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    result = import_(runner, book, target, code=2)
    assert "is not empty: pass --replace" in result.stderr
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_replace_swaps_the_framework_files_and_keeps_every_other_file(runner, make_framework, tmp_path):
    book = tmp_path / "book.xlsx"
    expected = files(make_framework())
    export(runner, tmp_path / "framework", book)
    target = tmp_path / "target"
    shutil.copytree(make_framework({"roles/old-role.yml": MINIMAL["roles/account-executive.yml"]}), target)
    (target / "notes.txt").write_text("mine")
    (target / "roles/readme.md").write_text("mine too")
    (target / "spm.yml").write_text("rules:\n  SPM113: off\n")
    import_(runner, book, target, "--replace")
    assert (target / "notes.txt").read_text() == "mine" and (target / "roles/readme.md").read_text() == "mine too"
    assert (target / "spm.yml").read_text() == "rules:\n  SPM113: off\n"
    assert not (target / "roles/old-role.yml").exists()
    assert not [p for p in target.iterdir() if p.name.startswith(".")]
    assert files(target) == expected


def test_export_refuses_to_overwrite_unless_told(runner, make_framework, tmp_path):
    root = make_framework()
    (tmp_path / "book.xlsx").write_bytes(b"edited by hand")
    result = runner.invoke(cli, ["export", str(root), "-o", str(tmp_path / "book.xlsx")])
    assert result.exit_code == 2 and "exists: pass --replace" in result.output
    assert (tmp_path / "book.xlsx").read_bytes() == b"edited by hand"
    export(runner, root, tmp_path / "book.xlsx", "--replace")
    assert zipfile.is_zipfile(tmp_path / "book.xlsx")
    inside = runner.invoke(cli, ["export", str(root), "-o", str(root / "book.xlsx")])
    assert inside.exit_code == 2 and not (root / "book.xlsx").exists()


def test_export_of_a_broken_framework_writes_nothing(runner, make_framework, tmp_path):
    root = make_framework({"roles/head-of-sales.yml": MINIMAL["roles/head-of-sales.yml"].replace("function: sales", "function: sale")})
    result = runner.invoke(cli, ["export", str(root), "-o", str(tmp_path / "book.xlsx")])
    assert result.exit_code == 1 and "unknown-reference" in result.output
    assert not (tmp_path / "book.xlsx").exists()


# --- the template, the evidence sheet and the JSON ----------------------------------------------------


def test_the_template_has_every_sheet_and_explains_every_column(runner, tmp_path):
    export(runner, SAMPLE, tmp_path / "template.xlsx", "--template")
    book = openpyxl.load_workbook(tmp_path / "template.xlsx")
    assert book.sheetnames == ["about", *(t.name for t in tables.sheets())]
    assert [c.value for c in book["role_measures"][1]] == tables.table("role_measures").headers
    assert book["role_measures"].max_row == 1
    about = [[c.value for c in row] for row in book["about"].iter_rows(min_row=2)]
    assert ["role_measures", "weight", "no", "number",
            "Weight in percent; if any measure of a role has one, all should add up to 100."] in about
    assert ["roles", "feedback", "no", "ids of feedback rhythms, separated by commas",
            "The conversations (ids from `feedback.yml`) this role takes part in."] in about
    # the empty template imports as a framework with nothing in it: an error that says so
    result = import_(runner, tmp_path / "template.xlsx", tmp_path / "out", code=1)
    assert "error[missing-file]: there is no organisation" in result.stdout


def test_the_evidence_sheet_lists_what_a_role_is_asked_to_show_at_a_level(runner, tmp_path):
    export(runner, SAMPLE, tmp_path / "ae.xlsx", "--role", "account-executive", "--level", "l1")
    fw = check_framework(SAMPLE).framework
    role = fw.roles["account-executive"]
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(tmp_path / "ae.xlsx")["evidence"].iter_rows()]
    assert rows[0] == ["role", "level", "kind", "id", "what", "target", "evidence", "date"]
    kinds = [r[2] for r in rows[1:]]
    assert kinds.count("expectation") == len(role.levels[0].expectations)
    assert kinds.count("measure") == len(role.measures)
    assert kinds.count("behaviour") == sum(len(fw.behaviours_asked(v)) for v in role.values)
    win = next(r for r in rows if r[3] == "win-rate")
    assert win[5] == fw.target(role, "win-rate", "l1") == 22
    assert all(r[6] is None and r[7] is None for r in rows[1:])
    # the workbook still imports: the evidence sheet is passed over
    import_(runner, tmp_path / "ae.xlsx", settled(SAMPLE, tmp_path / "back"))
    bad = runner.invoke(cli, ["export", str(SAMPLE), "-o", str(tmp_path / "x.xlsx"), "--role", "account-executive", "--level", "l9"])
    assert bad.exit_code == 2 and "no level 'l9'" in bad.output


def test_json_export_is_the_resolved_framework_and_follows_its_schema(runner, tmp_path):
    export(runner, SAMPLE, tmp_path / "fw.json", "--format", "json")
    data = json.loads((tmp_path / "fw.json").read_text())
    jsonschema.Draft202012Validator(json_export.export_schema()).validate(data)
    fw = check_framework(SAMPLE).framework
    assert [r["id"] for r in data["roles"]] == list(fw.roles)
    for t in data["targets"]:
        assert t["target"] == fw.target(fw.roles[t["role"]], t["measure"], t["level"])
    assert {"role": "account-executive", "measure": "win-rate", "level": "l1", "target": 22.0} in data["targets"]
    # a role with levels is held to its targets level by level: no row for the role as a whole
    assert not [t for t in data["targets"] if t["level"] is None and fw.roles[t["role"]].levels]
    assert {(t["role"], t["measure"], t["level"]) for t in data["targets"]} == {
        (r.id, rm.measure, lv) for r in fw.roles.values() for rm in r.measures for lv in [rl.level for rl in r.levels] or [None]}
    broken = dict(data, roles=[{"id": 3}])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(json_export.export_schema()).validate(broken)


def test_the_committed_export_schema_is_up_to_date(runner, tmp_path):
    """`schemas/export/framework.schema.json` is generated: `spm-site export --json-schema -o ...` rewrites it."""
    committed = REPO / "schemas/export/framework.schema.json"
    assert committed.read_text(encoding="utf-8") == json_export.schema_text(), "run: spm-site export --json-schema " \
        "--replace -o schemas/export/framework.schema.json"
    export(runner, SAMPLE, tmp_path / "s.json", "--json-schema")
    assert (tmp_path / "s.json").read_bytes() == committed.read_bytes()


def test_help_texts_describe_both_commands(runner):
    listed = runner.invoke(cli, ["--help"]).output
    assert re.search(r"^\s+import\s+Import a framework from SOURCE", listed, re.MULTILINE)
    assert re.search(r"^\s+export\s+Check FRAMEWORK_DIR and export it", listed, re.MULTILINE)
    assert "--replace" in runner.invoke(cli, ["import", "--help"]).output
    assert "--template" in runner.invoke(cli, ["export", "--help"]).output


def test_in_memory_import_matches_the_check_of_the_yaml(make_framework, tmp_path):
    """The import's own check (at cells) and `check` of the YAML it writes agree on a warning."""
    # A behaviour with no opposite: a warning (it was an imposed measure, an error since issue 12).
    text = MINIMAL["values/customer-first.yml"].replace(
        "    not_like: Pitches the product before understanding the problem.\n", "")
    root = make_framework({"values/customer-first.yml": text})
    docs, _ = read_documents(root)
    sheets = {name: _sheet(name, header, rows) for name, (header, rows) in table_sheets(docs).items()}
    result = import_sheets(sheets)
    assert result.ok, result.diagnostics
    assert [(d.rule, d.location.file, d.location.line) for d in result.diagnostics] == [
        ("behaviour-without-opposite", "value_behaviours.csv", 2)]
    written = {path: load_bytes(Path(path), path, text.encode())[0] for path, text in result.files.items()}
    assert all(source.data is not None for source in written.values())
    assert [d.rule for d in check_framework(root).diagnostics] == ["behaviour-without-opposite"]


def test_xlsx_and_csv_hold_the_same_cells(runner, make_framework, tmp_path):
    root = make_framework()
    export(runner, root, tmp_path / "book.xlsx")
    export(runner, root, tmp_path / "sheets", "--format", "csv")
    book, _ = xlsx.read(tmp_path / "book.xlsx", "book.xlsx")
    folder, _ = csv_files.read_folder(tmp_path / "sheets", "sheets")
    assert set(book) == set(folder)
    for name in book:
        as_text = [{k: tables.as_text(c.value) for k, c in row.items()} for row in book[name].rows]
        assert as_text == [{k: tables.as_text(c.value) for k, c in row.items()} for row in folder[name].rows], name


def test_a_workbook_with_an_xml_entity_bomb_is_refused(runner, make_framework, tmp_path):
    """openpyxl parses with defusedxml (a dependency): entities in a sheet's XML never expand."""
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML
    book = tmp_path / "book.xlsx"
    export(runner, make_framework(), book)
    bomb = tmp_path / "bomb.xlsx"
    entities = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(bomb, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = entities.encode() + data.replace(b"<worksheet ", b"<worksheet x='&b;' ", 1)
            target.writestr(info, data)
    result = import_(runner, bomb, tmp_path / "out", code=1)
    assert "bomb.xlsx:1:1: error[unreadable-file]: cannot read the workbook: its XML declares entities" in result.stdout
    assert result.stdout.count("error[") == 1
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_a_folder_holding_only_spm_yml_is_imported_into_with_its_settings(runner, make_framework, tmp_path):
    """spm.yml is the framework's configuration, not content: the import's checks read it and keep it."""
    long_name = "Acme " * 50
    root = make_framework({"organisation.yml": MINIMAL["organisation.yml"].replace("name: Acme Field Services", f"name: {long_name}"),
                           "spm.yml": "limits:\n  max_name_length: 300\n"})
    export(runner, root, tmp_path / "book.xlsx")
    strict = import_(runner, tmp_path / "book.xlsx", tmp_path / "plain", code=1)
    assert "book.xlsx:organisation!A2: error[too-long]: 'name' is 249 characters long; the limit is 200" in strict.stdout
    target = tmp_path / "target"
    target.mkdir()
    (target / "spm.yml").write_text("limits:\n  max_name_length: 300\n")
    import_(runner, tmp_path / "book.xlsx", target)
    assert (target / "spm.yml").read_text() == "limits:\n  max_name_length: 300\n"
    assert files(target) == files(root)


def test_a_broken_link_in_a_cell_is_reported_at_the_cell(runner, make_framework, tmp_path):
    """Links in author text are checked as `check` checks them, before anything is written."""
    book = tmp_path / "book.xlsx"
    export(runner, make_framework(), book)

    def link(wb):
        roles = wb["roles"]
        roles.cell(row=2, column=_column(roles, "purpose")).value = "Wins [new logos](objectives/win-new-logo.md)."
    _edit_book(book, link)
    result = import_(runner, book, tmp_path / "out", code=1)
    assert f"book.xlsx:roles!{_letter('roles', 'purpose')}2: error[missing-page]" in result.stdout, result.output
    assert not (tmp_path / "out").exists()


def test_a_failed_final_check_removes_every_folder_the_import_made(tmp_path):
    from spm_site.exchange.import_ import discard, stage

    output = tmp_path / "a" / "b" / "framework"
    staging, made = stage(output, {"organisation.yml": "name: x\n"})
    assert made == tmp_path / "a" and (staging / "organisation.yml").is_file()
    discard(staging, made)
    assert list(tmp_path.iterdir()) == []


def test_findings_of_the_staged_check_name_the_files_the_import_would_write(tmp_path):
    from spm_site.exchange.import_ import staged_as_output
    from spm_site.framework.documents import display_path

    staging = tmp_path / "out" / ".spm-import-1"
    found = check_framework(staging)  # a folder that does not exist: one finding naming it
    moved = staged_as_output([replace_file(found.diagnostics[0], display_path(staging / "roles/x.yml"))],
                             staging, tmp_path / "out")
    assert moved[0].location.file == display_path(tmp_path / "out" / "roles/x.yml")


def replace_file(diagnostic, file: str):
    from dataclasses import replace

    return replace(diagnostic, location=replace(diagnostic.location, file=file))


def test_a_csv_saved_with_semicolons_reads_the_same(runner, make_framework, tmp_path):
    sheets = tmp_path / "sheets"
    export(runner, make_framework(), sheets, "--format", "csv")
    for path in sheets.glob("*.csv"):
        records = list(csv.reader(path.open(newline="")))
        with path.open("w", newline="", encoding="utf-8-sig") as out_file:  # as a spreadsheet program saves it
            csv.writer(out_file, delimiter=";").writerows(records)
    import_(runner, sheets, tmp_path / "back")
    assert files(tmp_path / "back") == files(tmp_path / "framework")


def test_a_header_in_other_case_is_an_error_with_the_right_name(runner, make_framework, tmp_path):
    sheets = tmp_path / "sheets"
    export(runner, make_framework(), sheets, "--format", "csv")
    text = (sheets / "levels.csv").read_text()
    assert text.startswith("id,")
    (sheets / "levels.csv").write_text("ID" + text[2:])
    result = import_(runner, sheets, tmp_path / "out", code=1)
    assert "levels.csv:1:1: error[unknown-column]: the sheet 'levels' has no column 'ID' (did you mean 'id'?)" in result.stdout


def test_a_folder_without_sheets_says_so(runner, tmp_path):
    (tmp_path / "empty").mkdir()
    result = import_(runner, tmp_path / "empty", tmp_path / "out", code=1)
    assert "empty:1:1: error[missing-file]: there is no sheet to import here" in result.stdout
    assert result.stdout.count("error[") == 1
