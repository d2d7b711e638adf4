"""Hostile and careless input never breaks `spm-site check`: seeded mutations of the sample.

Each case is the sample framework changed at the text, file or data level by bench/fuzz.py (see its
docstring), checked in process as JSON and as text. Whatever the input, the check exits 0, 1 or 2
without an exception, every finding points at a line and column of a file of the framework, no
message carries raw control characters, the text output has only its known line shapes and no
line of a file outside the framework is ever printed. `python -m bench.fuzz` runs thousands more.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench import fuzz

SEED = 7
COUNT = 220
SAMPLE = fuzz.Sample.read()
CASES = list(fuzz.cases(SAMPLE, SEED, COUNT))

#: Cases that fail through a bug already reported, by case name; the fix removes the entry.
KNOWN: dict[str, str] = {}


def _param(case: fuzz.Case) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN[case.name])] if case.name in KNOWN else []
    return pytest.param(case, id=case.slug, marks=marks)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fuzz.pristine_copy(tmp_path_factory.mktemp("pristine"), SAMPLE)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_check_answers_every_mutation(case: fuzz.Case, pristine: Path, tmp_path: Path, runner: CliRunner) -> None:
    outcome = fuzz.run_case(case, pristine, tmp_path, runner, timeout=20)
    assert not outcome.failures, fuzz.report(outcome)


def test_cases_are_the_same_every_time() -> None:
    again = [fuzz.make_case(fuzz.Sample.read(), SEED, i) for i in (0, 1, 99, COUNT - 1)]
    assert again == [CASES[0], CASES[1], CASES[99], CASES[-1]]
    other = [fuzz.make_case(SAMPLE, SEED + 1, i) for i in (0, 1, 99)]
    assert [c.files for c in other] != [c.files for c in (CASES[0], CASES[1], CASES[99])]


def test_every_mutator_has_cases_in_the_suite() -> None:
    used = {step.split(":", 1)[0] for case in CASES for step in case.steps}
    assert used == set(fuzz.MUTATORS)
    assert all(case.files for case in CASES), "a case that changes nothing tests nothing"


def test_the_mutations_reach_the_checks(pristine: Path, tmp_path: Path, runner: CliRunner) -> None:
    """Most cases are rejected, for many different reasons: the fuzzer is not just feeding valid files."""
    outcomes = [fuzz.run_case(c, pristine, tmp_path / c.name, runner) for c in CASES[:16]]
    assert sum(o.exit_codes == (1, 1) for o in outcomes) >= 9
    assert len({f["rule"] for o in outcomes for f in o.findings}) >= 8


# --- the oracle: a check of the checker must itself be able to fail ---------------------------------


def _runs(finding: dict, extra_text: str = "") -> tuple[fuzz.Run, fuzz.Run]:
    """The JSON and text answers `check` would give with this one finding (plus lines of text)."""
    stdout = json.dumps([finding])
    text = (f"{extra_text}{fuzz.finding_line(finding)}\n     3 | function: sales\n       |           ^\n"
            f"  help: {finding['hint']}\nFound 1 error.\n")
    return (fuzz.Run(("check", "x", "--format", "json"), 1, None, stdout, stdout),
            fuzz.Run(("check", "x", "--format", "text"), 1, None, "", text))


#: name -> (changes to a good finding, a line to put in the text output, changes to the JSON run).
BROKEN: dict[str, tuple[dict, str, dict]] = {
    "exit code 3": ({}, "", {"exit_code": 3}),
    "an exception": ({}, "", {"error": "Traceback (most recent call last):\n  KeyError: 'x'"}),
    "no file": ({"file": "?"}, "", {}),
    "a file outside": ({"file": "/etc/hostname"}, "", {}),
    "a missing file": ({"file": "nobody.yml"}, "", {}),
    "line 0": ({"line": 0}, "", {}),
    "past the last line": ({"line": 10_000}, "", {}),
    "past every column": ({"column": 5_000}, "", {}),
    "a newline in the message": ({"message": "x\nfake.yml:1:1: error[forged]: y"}, "", {}),
    "an escape in the hint": ({"hint": "\x1b[2J cleared"}, "", {}),
    "a forged finding line": ({}, "fake.yml:1:1: error[forged]: not in the JSON\n", {}),
    "an unknown line": ({}, "something else\n", {}),
    "a reordering character in a quoted line": ({}, "     3 | name: \u202eevil\n", {}),
    "a leaked secret": ({}, f"  help: {fuzz.CANARY}\n", {}),
}


@pytest.mark.parametrize("breakage", list(BROKEN))
def test_the_oracle_rejects_a_broken_answer(breakage: str, pristine: Path, tmp_path: Path) -> None:
    root = fuzz.materialise(fuzz.Case(SEED, 0, (), {}), pristine, tmp_path)
    good = {"file": os.path.relpath(root / "roles" / "head-of-sales.yml"), "line": 3, "column": 11,
            "rule": "unknown-reference", "code": None, "severity": "error",
            "message": "function 'sale' does not exist", "hint": "use the id of an existing function"}
    assert fuzz.verify(root, *_runs(good)) == ([good], [])
    change, extra_text, run_change = BROKEN[breakage]
    if "file" in change and not change["file"].startswith(("/", "?")):
        change = {"file": os.path.relpath(root / change["file"])}
    json_run, text_run = _runs({**good, **change}, extra_text)
    _, failures = fuzz.verify(root, dataclasses.replace(json_run, **run_change), text_run)
    assert failures, f"{breakage} passed the oracle"
