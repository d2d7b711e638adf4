"""The editor and `spm-site check` agree on every probe, or the difference is on a documented list.

Each probe is one change to one file of conftest's MINIMAL framework. The check judges the whole
framework in process (`check_framework`); the editor's side is `check-jsonschema`, which reads the
file as YAML 1.2 with ruamel.yaml (as the YAML language server reads it) and validates it with its
schema from `schemas/`. The truth for each kind of value, as an HR author would expect it:

| Written | Number field (`target`, `weight`) | Text field (`name`, `mission`) | Id (`level`, `id`) |
| --- | --- | --- | --- |
| `35`, `"35"`, `2.5`, `-0`, `+5` | the number | the text | `35`: an id; `+5`, `2.5`: not an id |
| `035`, `0x23`, `0o35`, `1e3`, `1_000` | 35, 35, 29, 1000, 1000 (YAML 1.2) | the text as written | an id when it is lower-case letters and digits |
| `.inf`, `.nan`, `1e400`, `25%`, `" 35"` | refused: no one is held to it | the text | refused |
| `true`, `True`, `FALSE` | refused | the text as written | refused: it reads as yes/no |
| `yes`, `no`, `on`, `off` | refused | the text | an id (lower-case) |
| `" "`, `""` | refused | refused: empty | refused |
| empty, `~`, `null` | nothing (where optional) | nothing (where optional) | nothing (where optional) |
| `[a]`, `{a: b}` | refused | refused | refused |

Dates are `YYYY-MM-DD` days that exist (`2028-02-29` yes, `2026-02-29`, `2100-02-29`, `2026-13-01`
no); a time of day, `28/02/2026` and `20260228` are refused. A yes/no (`alignment_page`) is
`true`/`false` in any of YAML 1.2's spellings (`True`, `FALSE`), quoted or not; `yes`, `on`, `1` are
refused. In `spm.yml`, a rule is a severity (`off`, `error`, `warning`, `info`, lower case) or a
mapping of its options; options and limits are whole numbers in their declared range, quoted or
not. Unknown keys are refused everywhere.

What the schema of one file cannot know is left to the check, listed in CHECK_ONLY, each with the
diagnostic code the check must give (so the list itself is tested).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import MINIMAL, write_framework
from spm_site.diagnostics import Severity
from spm_site.framework.options import Whole, whole_text_pattern
from spm_site.framework.scalars import DATE_PATTERN
from spm_site.pipeline import check_framework
from spm_site.settings import declarations

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")

#: Why the editor accepts what the check refuses, by the code the check reports.
CHECK_ONLY = {
    # Checks across files, or against the file's name or spm.yml: one file's schema cannot see them.
    "unknown-reference": "the id names nothing in the other files",
    "duplicate-id": "two files define the same id",
    "former-id-reused": "a former id is the id of an item in another file",
    "id-mismatch": "the id differs from the file name",
    "weights-not-100": "a role's weights are added up across its measures",
    "too-long": "the limit on a name's length can be raised in spm.yml",
    # What the editor's YAML 1.2 reading erases: it sees the number, not how it was spelt.
    "invalid-id": "an id written as a number the editor rounds off (`+5`, `1_000`, `1.0` all read as whole numbers)",
    "bad-setting": "a whole-number setting written `0x190` or `4e2` reads as 400 in the editor",
    # What a JSON Schema pattern cannot express in reasonable size.
    "hidden-character": "names may hold joiners between letters but no direction overrides",
}


@dataclass(frozen=True)
class Probe:
    file: str
    old: str | None  # None: `new` is the whole file
    new: str
    valid: bool
    check_only: str | None = None  # a CHECK_ONLY code: the editor accepts it, the check refuses with it

    @property
    def id(self) -> str:
        return f"{self.file}:{self.new.strip()[:40]}"

    def text(self) -> str:
        if self.old is None:
            return self.new
        original = MINIMAL[self.file]
        assert original.count(self.old) == 1, f"{self.old!r} must occur once in {self.file}"
        return original.replace(self.old, self.new)


def _target(value: str, valid: bool) -> Probe:
    return Probe("measures/sales.yml", "    target: 25\n", f"    target: {value}\n", valid)


def _text(key: str, value: str, valid: bool, check_only: str | None = None) -> Probe:
    old = next(line for line in MINIMAL["organisation.yml"].splitlines(keepends=True) if line.startswith(f"{key}:"))
    return Probe("organisation.yml", old, f"{key}: {value}\n", valid, check_only)


def _reviewed(value: str, valid: bool) -> Probe:
    return Probe("objectives/grow-revenue.yml", "horizon: FY2027\n", f"horizon: FY2027\nlast_reviewed: {value}\n", valid)


def _principle_id(value: str, valid: bool, check_only: str | None = None) -> Probe:
    return Probe("principles.yml", "  - id: clarity\n", f"  - id: {value}\n", valid, check_only)


def _spm(text: str, valid: bool, check_only: str | None = None) -> Probe:
    return Probe("spm.yml", None, text, valid, check_only)


PROBES = [
    # Numbers
    *(_target(v, True) for v in ["35", '"35"', "'35'", "0x23", "035", "0o35", "1e3", '"1e3"', "2.5", "-0", "+5",
                                 "1_000", "~", "", "1200000"]),
    *(_target(v, False) for v in [".inf", "-.inf", ".nan", '".nan"', "1e400", "25%", '"25 %"', '" 35"', "true",
                                  "True", "yes", "[25]", "{value: 25}", "2026-02-28", "12:30", '""']),
    Probe("roles/head-of-sales.yml", "    weight: 60\n", '    weight: "60"\n', True),
    Probe("roles/head-of-sales.yml", "    weight: 60\n", "    weight: 0x3C\n", True),
    Probe("roles/head-of-sales.yml", "    weight: 60\n", "    weight: sixty\n", False),
    # Text
    *(_text("name", v, True) for v in ["true", "True", "2027", "0x23", ".nan", "yes", "'  Acme  '"]),
    *(_text("name", v, False) for v in ['" "', '""', "", "~", "null", "[Acme]", "{short: Acme}", "Acme: Field"]),
    _text("mission", '"\\t "', False),
    _text("mission", "|\n  Many lines\n  of mission.", True),
    Probe("organisation.yml", '  edition: "2027"\n', "  edition: 2027\n", True),
    Probe("organisation.yml", '  edition: "2027"\n', "  edition: off\n", True),
    Probe("organisation.yml", '  edition: "2027"\n', "  edition:\n", False),
    Probe("organisation.yml", "  communicated: Presented at the October all-hands meeting.\n", "  communicated:\n", True),
    Probe("roles/head-of-sales.yml", "purpose: Lead the sales team to win the right customers.\n",
          "purpose: [Lead, Win]\n", False),
    Probe("roles/head-of-sales.yml", "  - Set the sales plan and coach the team.\n", "  - 42\n", True),
    Probe("roles/head-of-sales.yml", "  - Set the sales plan and coach the team.\n", "  -\n", False),
    Probe("roles/head-of-sales.yml", "  - Set the sales plan and coach the team.\n", "  - [Set the plan]\n", False),
    Probe("roles/head-of-sales.yml", "responsibilities:\n  - Set the sales plan and coach the team.\n",
          "responsibilities: Set the sales plan\n", False),
    Probe("values/customer-first.yml", "    looks_like: Asks what the customer needs before proposing anything.\n",
          '    looks_like: "  "\n', False),
    Probe("values/customer-first.yml", "    not_like: Pitches the product before understanding the problem.\n",
          "    not_like: ~\n", True),
    Probe("feedback.yml", "    participants: Employee and manager\n  - id: annual-review\n",
          "    participants: Employee and manager\n    prepared_by: 2\n  - id: annual-review\n", True),
    _text("name", "'" + "x" * 201 + "'", True, check_only="too-long"),
    _text("name", '"Acme \\u202e Services"', True, check_only="hidden-character"),
    # Dates
    *(_reviewed(v, True) for v in ["2026-02-28", "2028-02-29", "2000-02-29", '"2026-02-28"', "~", "0001-01-01"]),
    *(_reviewed(v, False) for v in ["2026-02-29", "2100-02-29", "2026-02-30", "2026-13-01", "2026-04-31", "2026-00-10",
                                    "0000-01-01", "2026-02-28T10:00:00", "2026-02-28 10:00", "28/02/2026",
                                    "20260228", "2026-2-8", "yesterday", "true"]),
    # Ids
    *(_principle_id(v, True) for v in ["clear-2", "7", "0x23", "035", "1e3", "yes", "no", "off", '"null"']),
    *(_principle_id(v, False) for v in ["Clarity", "clear_2", "clárity", "clear--2", "-clear", "true", "True",
                                        '"true"', "false", "1.5", "-1", "~", "", "[clarity]", ".inf"]),
    *(_principle_id(v, True, "invalid-id") for v in ["+5", "1_000", "1.0"]),
    Probe("roles/head-of-sales.yml", "  - level: l2\n", "  - level: L2\n", False),
    Probe("roles/head-of-sales.yml", "  - value: customer-first\n", "  - value: true\n", False),
    Probe("roles/head-of-sales.yml", "function: sales\n", "function: sale\n", True, "unknown-reference"),
    Probe("roles/account-executive.yml", "name: Account executive\n", "name: Account executive\nid: account-exec\n",
          True, "id-mismatch"),
    Probe("roles/head-of-sales.yml", "    weight: 60\n", "    weight: 70\n", True, "weights-not-100"),
    Probe("measures/more.yml", None, MINIMAL["measures/sales.yml"].split("  - id: new-arr")[0], True, "duplicate-id"),
    Probe("functions/sales.yml", "    objectives: [grow-revenue, win-new-logos]\n", "    objectives: grow-revenue\n",
          False),
    # Former ids and retired items
    Probe("retired.yml", None, "retired:\n  - kind: role\n    id: sales-engineer\n    name: Sales engineer\n"
          "    edition: 2026\n    replaced_by: account-executive\n", True),
    Probe("retired.yml", None, "retired:\n  - kind: team\n    id: x\n    name: X\n    edition: 2026\n", False),
    Probe("retired.yml", None, "retired:\n  - kind: role\n    id: head-of-sales\n    name: Old head\n"
          "    edition: 2026\n", True, "former-id-reused"),
    Probe("roles/head-of-sales.yml", "function: sales\n", "function: sales\nprevious_ids: [sales-lead]\n", True),
    Probe("roles/head-of-sales.yml", "function: sales\n", "function: sales\nprevious_ids: [account-executive]\n",
          True, "former-id-reused"),
    Probe("roles/head-of-sales.yml", "function: sales\n", "function: sales\nprevious_ids: sales-lead\n", False),
    Probe("roles/head-of-sales.yml", "function: sales\n", "function: sales\neffective_from: 2027-04-01\n", True),
    Probe("roles/head-of-sales.yml", "function: sales\n", "function: sales\neffective_from: 2027-04-31\n", False),
    Probe("functions/marketing.yml", "    objectives: [win-new-logos]\n", "    objectives: [Win-New-Logos]\n", False),
    # Unknown keys and enums, in each kind of file
    Probe("roles/head-of-sales.yml", "purpose:", "purpse:", False),
    Probe("organisation.yml", "mission:", "colour: blue\nmission:", False),
    Probe("organisation.yml", "    name: Win the right customers\n", "    name: Win the right customers\n    owner: x\n", False),
    Probe("levels.yml", "    summary: Learns the role with close support.\n",
          "    summary: Learns the role with close support.\n    salary: 10\n", False),
    Probe("objectives/win-new-logos.yml", "pillar: growth\n", "pilar: growth\n", False),
    Probe("feedback.yml", "    cadence: weekly\n", "    cadence: Weekly\n", False),
    Probe("feedback.yml", "    cadence: weekly\n", "    cadence: daily\n", False),
    # A measure need not state its direction (SPM116 reports it); a target may be words.
    Probe("measures/sales.yml", "    direction: higher\n    target: 25\n", "    direction: ~\n    target: 25\n", True),
    *(_target(v, True) for v in ["TBD", "At or above the industry median", '"N/A"', "≥ 95% of calls"]),
    *(_target(v, False) for v in ["'yes'", "5x", '"£40"', "1,000", "'.inf'"]),
    Probe("measures/sales.yml", "    frequency: monthly\n    source: CRM opportunity report\n",
          "    frequency:\n    source: CRM opportunity report\n", True),
    # spm.yml: severities, options, limits, the alignment page
    *(_spm(t, True) for t in ["rules:\n  SPM106: warning\n", "rules:\n  imposed-measure: off\n", "rules:\n  spm106: info\n",
                              "rules:\n  SPM118:\n    max_age_days: 400\n", 'rules:\n  SPM118:\n    max_age_days: "400"\n',
                              "rules:\n  SPM118:\n    max_age_days: '0400'\n", "rules:\n  SPM118:\n    severity: warning\n",
                              "rules:\n  SPM118:\n    as_of: 2026-02-28\n", "rules:\n  SPM118:\n    as_of: ''\n",
                              "limits:\n  max_name_length: 300\n", 'limits:\n  max_file_kb: "2048"\n',
                              "alignment_page: true\n", "alignment_page: false\n", 'alignment_page: "true"\n']),
    *(_spm(t, False) for t in ["rules:\n  SPM106: warn\n", "rules:\n  SPM106: Warning\n", "rules:\n  SPM999: error\n",
                               "rules:\n  SPM106: ~\n", "rules:\n  SPM106: false\n", "rules:\n  SPM106: 3\n",
                               "rules:\n  SPM118:\n    max_age_day: 400\n", "rules:\n  SPM118:\n    severity: warn\n",
                               "rules:\n  SPM118:\n    max_age_days: 0\n", "rules:\n  SPM118:\n    max_age_days: 36501\n",
                               'rules:\n  SPM118:\n    max_age_days: "36501"\n', "rules:\n  SPM118:\n    max_age_days: 400.5\n",
                               "rules:\n  SPM118:\n    max_age_days: true\n", "rules:\n  SPM118:\n    max_age_days: -400\n",
                               "rules:\n  SPM118:\n    as_of: 2026-02-30\n", "rules:\n  SPM118:\n    as_of: 2026-02-28T10:00\n",
                               "rules:\n  SPM111:\n    min_per_year: 366\n", "limits:\n  max_name_length: 19\n",
                               "limits:\n  max_name: 300\n", "limits: 300\n", "alignment: true\n",
                               "alignment_page: yes\n", "alignment_page: on\n", "alignment_page: 1\n", "alignment_page: ~\n",
                               "rules: [SPM106]\n"]),
    *(_spm(t, True, "bad-setting") for t in ["rules:\n  SPM118:\n    max_age_days: 0x190\n",
                                             "rules:\n  SPM118:\n    max_age_days: 4e2\n"]),
]

COMPETENCIES = ("cumulative: true\nscale:\n  - id: aware\n    name: Aware\n    description: Does it with help.\n"
                "themes:\n  - id: selling\n    name: Selling\n")
EXPECTATION = "      - Builds a team that hits its number without heroics.\n"


def _expectation(text: str, valid: bool, check_only: str | None = None) -> Probe:
    return Probe("roles/head-of-sales.yml", EXPECTATION, text, valid, check_only)


#: competencies.yml, and a level's expectations written as mappings (issue 11).
PROBES += [
    Probe("competencies.yml", None, COMPETENCIES, True),
    Probe("competencies.yml", None, COMPETENCIES.replace("cumulative: true", "cumulative: yes"), False),
    Probe("competencies.yml", None, COMPETENCIES.replace("    name: Aware\n", "    name: Aware\n    rank: 1\n"), False),
    Probe("competencies.yml", None, COMPETENCIES.replace("    description: Does it with help.\n", ""), False),
    _expectation(EXPECTATION + "      - id: coach\n        text: Coaches the team.\n", True),
    _expectation("      - id: coach\n        text: Coaches.\n        theme: selling\n", False, "unknown-reference"),
    _expectation("      - text: Coaches the team.\n", False),
    _expectation("      - id: coach\n        text: Coaches.\n        links:\n          - title: Guide\n"
                 "            url: https://example.org/a guide\n", False),
    _expectation("      - id: coach\n        text: Coaches.\n        links:\n          - title: Guide\n"
                 "            url: https://example.org/guide\n", True),
    _expectation("      - id: coach\n        text: Coaches.\n        proficiency: [aware]\n", False),
]

#: Every YAML 1.2 spelling of yes/no in spm.yml, which settings.py reads with `scalars.BOOLEANS`.
BOOLEAN_SETTINGS = [_spm(t, True) for t in ["alignment_page: True\n", "alignment_page: FALSE\n", 'alignment_page: "False"\n']]


def _kind(rel: str) -> str:
    return rel.split("/")[0].removesuffix(".yml")


def _editor_verdicts(probes: list[Probe], folder: Path) -> dict[Probe, bool]:
    """check-jsonschema on every probe's file, one run per schema: is the file valid?"""
    files: dict[str, list[tuple[Probe, Path]]] = {}
    for n, probe in enumerate(probes):
        path = folder / f"{n}.yml"
        path.write_text(probe.text(), encoding="utf-8")
        files.setdefault(_kind(probe.file), []).append((probe, path))
    verdicts = {}
    for kind, written in files.items():
        run = subprocess.run([str(CHECK_JSONSCHEMA), "--schemafile", str(SCHEMAS / f"{kind}.schema.json"), "-o", "json",
                              *(str(p) for _, p in written)], capture_output=True, text=True, check=False)
        report = json.loads(run.stdout)
        failed = {e["filename"] for e in [*report.get("errors", []), *report.get("parse_errors", [])]}
        verdicts.update({probe: str(path) not in failed for probe, path in written})
    return verdicts


def _check_errors(probe: Probe, root: Path) -> set[str]:
    """The codes of the errors `spm-site check` reports on MINIMAL with the probe applied."""
    write_framework(root, {**MINIMAL, probe.file: probe.text()})
    return {d.rule for d in check_framework(root).diagnostics if d.severity is Severity.ERROR}


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory) -> dict[Probe, tuple[bool, set[str]]]:
    """(editor says valid, check's error codes) for every probe, computed once."""
    base = tmp_path_factory.mktemp("parity")
    (base / "editor").mkdir()
    probes = [*PROBES, *BOOLEAN_SETTINGS]
    editor = _editor_verdicts(probes, base / "editor")
    return {p: (editor[p], _check_errors(p, base / f"framework-{n}")) for n, p in enumerate(probes)}


def test_the_corpus_covers_every_file_kind_and_the_issue_s_probes():
    kinds = {_kind(p.file) for p in PROBES}
    assert kinds == {p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json")}
    assert len(PROBES) >= 54
    assert {p.check_only for p in PROBES} - {None} == set(CHECK_ONLY)


@pytest.mark.parametrize("probe", PROBES, ids=[p.id for p in PROBES])
def test_the_editor_and_the_check_agree(verdicts, probe):
    in_editor, errors = verdicts[probe]
    if probe.check_only:
        assert in_editor, "the editor refuses it: take it off the CHECK_ONLY list"
        assert probe.check_only in errors and errors <= set(CHECK_ONLY), errors
        return
    assert in_editor is probe.valid, f"editor: {'valid' if in_editor else 'invalid'}"
    assert (not errors) is probe.valid, f"check: {sorted(errors) or 'valid'}"


@pytest.mark.parametrize("probe", BOOLEAN_SETTINGS, ids=[p.id for p in BOOLEAN_SETTINGS])
def test_alignment_page_reads_every_yaml_1_2_boolean(verdicts, probe):
    in_editor, errors = verdicts[probe]
    assert in_editor and not errors, errors


def test_the_date_pattern_knows_the_calendar():
    """Every YYYY-MM-DD around four centuries (leap years, 1900, 2000, 2100) against Python's calendar."""
    pattern = re.compile(DATE_PATTERN)
    for year in [*range(1896, 2405), 1, 4, 9999]:
        for month in range(14):
            for day in range(33):
                text = f"{year:04d}-{month:02d}-{day:02d}"
                try:
                    exists = bool(dt.date.fromisoformat(text))
                except ValueError:
                    exists = False
                assert bool(pattern.fullmatch(text)) is exists, text
    assert not pattern.fullmatch("0000-01-01")


@pytest.mark.parametrize("accepts", [s.accepts for g in declarations().values() for s in g.settings().values()
                                     if isinstance(s.accepts, Whole)], ids=str)
def test_the_text_of_a_whole_number_setting_has_its_range(accepts):
    """A quoted `"400"` in spm.yml: the schema's pattern accepts exactly what `Whole.parse` accepts."""
    pattern = re.compile(whole_text_pattern(accepts.low, accepts.high))
    for n in range(accepts.high + 1000):
        for text in (str(n), f"0{n}", f"+{n}"):
            try:
                accepts.parse(text)
                taken = True
            except ValueError:
                taken = False
            assert bool(pattern.fullmatch(text)) is taken, text
