"""`spm-site export --audience` (issue 10 for spreadsheets and JSON): a file to share holds nothing hidden.

The planted framework of `test_audiences` (a word and a number found nowhere else in every
restricted item, sensitive field and draft), plus a group of measures that are all restricted and a
waiver that names a restricted measure, is exported as JSON, CSV and XLSX for each audience. The
raw bytes of every file are searched (every member of the workbook, unzipped; every CSV file and
its name): nothing the audience may not see is there, and everything it may see is.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import write_framework
from test_audiences import PLANTED, SECRETS, found_in
from test_exchange import export, files, import_, settled
from spm_site.cli import cli

AUDIENCES = ("public", "internal", "leadership", "people-team")
from spm_site.pipeline import check_framework

EXTRA = {
    "measures/vulture-secret.yml": """\
measures:
  - id: vulture-measure
    visibility: leadership
    name: Measure VULTURE
    definition: Vulture definition 737373 of a pilot.
    unit: points
    direction: higher
    owner: sales
    objectives: [grow-revenue]
    kind: outcome
    timing: lagging
""",
    "retired.yml": """\
retired:
  - kind: role
    id: old-seller
    name: Old seller
    edition: "2026"
    replaced_by: account-executive
    visibility: public
  - kind: measure
    id: shrew-retired
    name: Retired measure SHREW
    edition: "2026"
    reason: Shrew reason 626262 for leaders.
    visibility: leadership
""",
    "roles/gecko-head.yml": PLANTED["roles/gecko-head.yml"] + """\
waivers:
  - rule: SPM110
    reason: Development waits until the Pilot measure JACKAL ends.
""",
}
MORE_SECRETS = {"VULTURE": {"leadership"}, "vulture-measure": {"leadership"}, "737373": {"leadership"}}
#: What only the sheets write: a file's name (the `group` column; the group goes with its only
#: measure) and retired items (retired.yml, which the JSON of live items does not hold).
GROUP_SECRET = {"vulture-secret": {"leadership"}, "SHREW": {"leadership"}, "shrew-retired": {"leadership"},
                "626262": {"leadership"}, "old-seller": set(AUDIENCES)}
ALL_SECRETS = {**SECRETS, **MORE_SECRETS}


def secrets(fmt: str) -> dict[str, set[str]]:
    return ALL_SECRETS if fmt == "json" else {**ALL_SECRETS, **GROUP_SECRET}
PALETTE = re.compile(rb'<rgbColor rgb="[0-9A-F]{8}" ?/>')
FORMATS = ("json", "csv", "xlsx")


def output_bytes(out: Path) -> dict[str, bytes]:
    """The raw bytes an export wrote: the JSON file, each CSV file (and their names), each member of the workbook."""
    if out.is_dir():
        found = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
        found["(file names)"] = "\n".join(sorted(found)).encode()
        return found
    if zipfile.is_zipfile(out):
        with zipfile.ZipFile(out) as book:
            members = {name: book.read(name) for name in book.namelist()}
        members["(member names)"] = "\n".join(members).encode()
        # the colour palette every workbook carries (`<rgbColor rgb="00808080"/>`) is not author text:
        # taken out, so that a grey is not taken for a planted number; the rest of the styles is searched
        members["xl/styles.xml"] = PALETTE.sub(b"", members["xl/styles.xml"])
        return members
    return {out.name: out.read_bytes()}


def target(tmp: Path, name: str, fmt: str) -> Path:
    return tmp / (name if fmt == "csv" else f"{name}.{fmt}")


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> Path:
    return write_framework(tmp_path_factory.mktemp("planted") / "framework", {**PLANTED, **EXTRA})


@pytest.fixture(scope="module")
def exports(planted, tmp_path_factory) -> dict[tuple[str | None, str], tuple[dict[str, bytes], str]]:
    """(audience or None, format) -> (every output file's bytes, what the command said on stderr)."""
    from click.testing import CliRunner

    tmp = tmp_path_factory.mktemp("exports")
    out: dict = {}
    for audience in (None, *AUDIENCES):
        for fmt in FORMATS:
            path = target(tmp, audience or "full", fmt)
            extra = ["--audience", audience] if audience else []
            result = CliRunner().invoke(cli, ["export", str(planted), "--format", fmt, "-o", str(path), *extra])
            assert result.exit_code == 0, result.output
            out[audience, fmt] = (output_bytes(path), result.stderr)
    return out


def test_the_planted_framework_checks_and_the_full_copy_holds_every_secret(planted, exports):
    """The search can fail: the author's full copy does hold every marker, in every format."""
    assert check_framework(planted).ok
    for fmt in FORMATS:
        written, _ = exports[None, fmt]
        missing = [m for m in secrets(fmt) if not found_in(written, m)]
        assert not missing, (fmt, missing)
    # every part of the workbook is searched
    assert {"xl/styles.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml"} <= set(exports[None, "xlsx"][0])


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_an_audience_export_holds_nothing_it_may_not_see(exports, audience, fmt):
    written, _ = exports[audience, fmt]
    leaked = {m: found_in(written, m) for m, who in secrets(fmt).items() if audience not in who}
    assert not {m: where for m, where in leaked.items() if where}, f"{audience} {fmt} export leaks"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("audience", AUDIENCES)
def test_an_audience_export_holds_everything_it_may_see(exports, audience, fmt):
    written, _ = exports[audience, fmt]
    missing = [m for m, who in secrets(fmt).items() if audience in who and not found_in(written, m)]
    assert not missing, f"{audience} {fmt} export lacks {missing}"
    # and the items every audience may see
    for marker in ("account-executive", "Account executive", "qualified-leads", "customer-first", "grow-revenue",
                   "weekly-one-to-one", "clarity", "Associate"):
        assert found_in(written, marker), (audience, fmt, marker)


def test_the_json_says_whose_copy_it_is_and_redacts_targets_as_the_site_does(exports):
    full = json.loads(exports[None, "json"][0]["full.json"])
    public = json.loads(exports["public", "json"][0]["public.json"])
    assert full["audience"] is None and public["audience"] == "public"
    assert {r["id"] for r in public["roles"]} == {"account-executive"}
    ae = public["roles"][0]
    assert ae["reports_to"] is None  # the head of sales is internal: no id of it in the public copy
    assert all(m["target"] is None and m["weight"] is None for m in ae["measures"])
    assert {t["target"] for t in public["targets"]} == {None}  # targets are for leadership only
    assert [lv["pay_band"] for lv in public["levels"]] == [None, None]
    internal = json.loads(exports["internal", "json"][0]["internal.json"])
    assert next(lv for lv in internal["levels"] if lv["id"] == "l1")["pay_band"] == "Payband OTTER 123456"
    gecko = next(r for r in internal["roles"] if r["id"] == "gecko-head")
    assert gecko["waivers"] == []  # its waiver names the restricted pilot measure
    leaders = json.loads(exports["leadership", "json"][0]["leadership.json"])
    assert next(r for r in leaders["roles"] if r["id"] == "gecko-head")["waivers"][0]["rule"] == "SPM110"


def test_the_full_copy_warns_without_naming_anything(exports, make_framework, runner, tmp_path):
    for fmt in FORMATS:
        said = exports[None, fmt][1]
        assert "warning: this is the author's full copy" in said and "--audience internal" in said
        assert "2 drafts" in said and "restricted item" in said and "restricted field" in said
        assert not [m for m in ALL_SECRETS if m in said]
        for audience in AUDIENCES:
            assert "warning" not in exports[audience, fmt][1]
    # a framework with nothing restricted and no draft exports without a word of warning
    result = export(runner, make_framework(), tmp_path / "plain.xlsx")
    assert "warning" not in result.stderr


def test_the_full_copy_still_round_trips_with_drafts_and_visibility(planted, runner, tmp_path):
    export(runner, planted, tmp_path / "book.xlsx")
    import_(runner, tmp_path / "book.xlsx", settled(planted, tmp_path / "back"))
    assert files(tmp_path / "back") == files(planted)


def test_the_evidence_sheet_is_for_the_internal_audience_by_default(planted, runner, tmp_path):
    out = tmp_path / "ae.xlsx"
    result = export(runner, planted, out, "--role", "account-executive", "--level", "l1")
    assert "for the internal audience" in result.stderr and "warning" not in result.stderr
    written = output_bytes(out)
    assert not {m for m, who in ALL_SECRETS.items() if "internal" not in who and found_in(written, m)}
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(out)["evidence"].iter_rows()]
    measures = [r for r in rows if r[2] == "measure"]
    assert {r[3] for r in measures} == {"qualified-leads", "osprey-rate"}
    assert all(r[5] is None for r in measures)  # its targets are for leadership
    behaviours = {r[3] for r in rows if r[2] == "behaviour"}
    assert "pangolin-value/pangolin-behaviour" in behaviours  # internal may see this value
    # leadership, asked for, gets the targets
    led = export(runner, planted, tmp_path / "led.xlsx", "--role", "account-executive", "--level", "l1",
                 "--audience", "leadership")
    assert "for the leadership audience" in led.stderr
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(tmp_path / "led.xlsx")["evidence"].iter_rows()]
    assert next(r for r in rows if r[3] == "osprey-rate")[5] == 876543


@pytest.mark.parametrize("role, level, typed", [
    ("tapir-exec", "l1", "tapir-exec"),              # a restricted role
    ("walrus-draft", "l1", "walrus-draft"),          # a draft
    ("account-executive", "lynx-level", "lynx-level"),  # a level for the people team only
    ("no-such-role", "l1", "no-such-role"),          # and one that does not exist reads the same
])
def test_a_role_or_level_hidden_from_the_audience_is_a_usage_error_that_names_nothing_more(planted, runner, tmp_path,
                                                                                           role, level, typed):
    result = runner.invoke(cli, ["export", str(planted), "-o", str(tmp_path / "x.xlsx"), "--role", role, "--level", level])
    assert result.exit_code == 2, result.output
    what = "role" if typed == role else "level"
    assert f"the internal audience sees no {what} '{typed}'" in result.output
    told = [m for m, who in ALL_SECRETS.items() if "internal" not in who and m.casefold() in result.output.casefold()
            and m.casefold() not in typed]
    assert not told, told
    assert not (tmp_path / "x.xlsx").exists()


def test_an_unknown_audience_or_one_with_no_framework_is_a_usage_error(planted, runner, tmp_path):
    result = runner.invoke(cli, ["export", str(planted), "-o", str(tmp_path / "x.xlsx"), "--audience", "nobody"])
    assert result.exit_code == 2 and "'nobody' is not one of: public, internal, leadership, people-team" in result.output
    result = runner.invoke(cli, ["export", "--template", "-o", str(tmp_path / "t.xlsx"), "--audience", "public"])
    assert result.exit_code == 2 and not (tmp_path / "t.xlsx").exists()


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_audience_export_is_deterministic(planted, runner, tmp_path, fmt):
    one, two = target(tmp_path, "one", fmt), target(tmp_path, "two", fmt)
    export(runner, planted, one, "--format", fmt, "--audience", "public")
    export(runner, planted, two, "--format", fmt, "--audience", "public")
    if fmt == "csv":
        assert {p.name: p.read_bytes() for p in one.iterdir()} == {p.name: p.read_bytes() for p in two.iterdir()}
    else:
        assert one.read_bytes() == two.read_bytes()


def test_the_internal_copy_of_a_framework_with_nothing_hidden_is_the_full_copy(make_framework, runner, tmp_path):
    """One path for both: with nothing to leave out, the filter gives the very rows of the author's copy."""
    root = make_framework()
    export(runner, root, tmp_path / "full", "--format", "csv")
    export(runner, root, tmp_path / "internal", "--format", "csv", "--audience", "internal")
    assert output_bytes(tmp_path / "full") == output_bytes(tmp_path / "internal")
