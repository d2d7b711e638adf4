"""Every setting is declared once; the editor's schema, `spm-site explain` and the reference page say what it says.

Each rule option and limit is a field made with `setting()` (framework/options.py): its default,
what it accepts and a sentence on what it does. The tests below read the three places an author
meets a setting (the committed `schemas/spm.schema.json`, the output of `spm-site explain`, the
built reference page) and look for each declared fact there, so a setting documented by hand
anywhere, or a fact that drifts from its declaration, fails here.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from spm_site import rules as rule_registry
from spm_site.cli import cli
from spm_site.framework.limits import Limits
from spm_site.framework.options import Day, RuleOptions, Setting, Whole, YesNo, setting
from spm_site.pipeline import check_framework
from spm_site.schema import settings_schema
from spm_site.settings import ALIGNMENT_PAGE, declarations
from spm_site.site.reference import option_docs

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "spm.schema.json"

#: (where spm.yml holds it: a rule code or "limits", the declaration) for every option and limit.
DECLARED = [(section, one) for section, group in declarations().items() for one in group.settings().values()]
IDS = [f"{section}.{one.name}" for section, one in DECLARED]


def flat(text: str) -> str:
    """Text with every run of white space as one space, so wrapped lines compare as one."""
    return re.sub(r"\s+", " ", text).strip()


def schema_node(schema: dict, section: str, name: str) -> dict:
    props = schema["properties"]
    if section == "limits":
        return props["limits"]["properties"][name]
    return props["rules"]["properties"][section]["else"]["properties"][name]


def facts(one: Setting) -> list[str]:
    """What an author must be told about a setting, wherever it is documented."""
    return [one.description, one.accepts.describe(), one.default_text]


def test_every_option_and_limit_is_declared_with_a_meaning():
    assert {s for s, _ in DECLARED} == {"SPM111", "SPM118", "SPM121", "SPM123", "limits"}
    for _, one in DECLARED:
        assert one.description.endswith(".") and one.accepts.parse(one.default) == one.default
    assert {one.finding for one in Limits.settings().values()} == {"too-long", "file-too-large"}


@pytest.mark.parametrize(("section", "one"), DECLARED, ids=IDS)
def test_the_schema_says_what_the_declaration_says(section, one):
    committed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    node = schema_node(committed, section, one.name)
    assert node == schema_node(settings_schema(), section, one.name)
    assert node["default"] == one.default
    for fact in facts(one):
        assert fact in node["description"] and fact in node["markdownDescription"], fact
    if isinstance(one.accepts, Whole):
        assert (node["minimum"], node["maximum"]) == (one.accepts.low, one.accepts.high)


def test_the_schema_of_alignment_page_comes_from_its_declaration():
    node = json.loads(SCHEMA.read_text(encoding="utf-8"))["properties"]["alignment_page"]
    assert node["default"] is True and node["enum"][:2] == [True, False]
    for fact in facts(ALIGNMENT_PAGE):
        assert fact in node["description"], fact


@pytest.mark.parametrize(("section", "one"), DECLARED, ids=IDS)
def test_explain_says_what_the_declaration_says(runner, section, one):
    """A rule's options under `explain CODE`; a limit under the finding it raises."""
    result = runner.invoke(cli, ["explain", one.finding if section == "limits" else section])
    assert result.exit_code == 0, result.output
    text = flat(result.output)
    assert f"{one.name}: {flat(one.explained())}" in text
    for fact in facts(one):
        assert flat(fact) in text


def test_explain_of_a_rule_without_options_lists_none(runner):
    result = runner.invoke(cli, ["explain", "SPM106"])
    assert result.exit_code == 0 and "Options" not in result.output and "Limit (" not in result.output


def _row(page: str, section_id: str, key: str) -> str:
    """The text of the table row for `key` in the part of the page that starts at `section_id`."""
    start = page.index(f'id="{section_id}"')
    end = min((i for i in (page.find("<h2", start), page.find("<h3", start + 1)) if i != -1), default=len(page))
    rows = re.findall(r"<tr>.*?</tr>", page[start:end], flags=re.DOTALL)
    (row,) = [r for r in rows if f"<td><code>{key}</code></td>" in r]
    return flat(html.unescape(re.sub(r"<[^>]+>", " ", row)))


@pytest.fixture(scope="module")
def built_site(sample_site: Path) -> Path:
    """A real build (MkDocs and Material) of the sample framework (conftest's, shared)."""
    return sample_site


@pytest.fixture(scope="module")
def reference_page(built_site) -> str:
    return (built_site / "reference/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(("section", "one"), DECLARED, ids=IDS)
def test_the_reference_page_says_what_the_declaration_says(built_site, reference_page, section, one):
    """Limits on the reference page; a rule's options on the rule's own page (`reference/rules/spm118/`)."""
    if section == "limits":
        row = _row(reference_page, "limits", one.name)
    else:
        page = (built_site / "reference/rules" / section.lower() / "index.html").read_text(encoding="utf-8")
        row = _row(page, "options", one.name)
    for fact in facts(one):
        assert flat(fact.replace("`", "")) in row, (fact, row)


def test_the_reference_page_documents_alignment_page_from_its_declaration(reference_page):
    row = _row(reference_page, "settings", ALIGNMENT_PAGE.name)
    for fact in facts(ALIGNMENT_PAGE):
        assert fact in row, (fact, row)
    assert "mapping of limit names to numbers" in _row(reference_page, "settings", "limits")


# --- a new declaration reaches every place by itself -----------------------------------------


@dataclass(frozen=True)
class Planted(RuleOptions):
    window_days: int = setting(14, Whole(2, 90), "A planted option, to see it travel.")
    since: str = setting("", Day(dt.date(2000, 1, 1)), "A planted date.")


def test_a_new_declaration_is_documented_and_schemad_without_more_code():
    from spm_site.schema import _group_schema

    schema = _group_schema(Planted)
    assert schema["window_days"]["minimum"] == 2 and schema["window_days"]["maximum"] == 90
    assert schema["window_days"]["default"] == 14 and "A planted option, to see it travel." in schema["window_days"]["description"]
    assert "from 2000-01-01" in schema["since"]["description"]
    (window, since) = option_docs(Planted)
    assert (window.key, window.default, window.accepts) == ("`window_days`", "`14`", "a whole number from 2 to 90")
    assert since.default == "`''`" and since.description == "A planted date."
    assert Planted().window_days == 14


# --- reading values: one declaration, spm.yml text and native plugin values alike ----------------


@pytest.mark.parametrize("value", ["yes", "on", "1", "'  '", "[true]", "tru"])
def test_a_bad_alignment_page_is_a_located_error_in_the_declarations_words(make_framework, value):
    root = make_framework({"spm.yml": f"alignment_page: {value}\n"})
    (d,) = check_framework(root).diagnostics
    assert (d.location.line, d.location.col, d.rule) == (1, 17, "bad-setting")
    assert d.message.startswith("setting 'alignment_page' expects a value like true: true or false; found ")


@pytest.mark.parametrize(("given", "expected"), [("False", False), ("TRUE", True), ("'false'", False), ("true", True)])
def test_alignment_page_takes_every_yaml_1_2_spelling(make_framework, given, expected):
    result = check_framework(make_framework({"spm.yml": f"alignment_page: {given}\n"}))
    assert result.ok and result.settings.alignment_page is expected


@pytest.mark.parametrize(("value", "ok"), [(False, True), (True, True), ("FALSE", True), (0, False), (None, False)])
def test_alignment_page_from_the_plugin_is_read_by_the_same_declaration(make_framework, value, ok):
    result = check_framework(make_framework(), {"alignment_page": value})
    assert result.ok is ok
    assert isinstance(ALIGNMENT_PAGE.accepts, YesNo)


def test_a_rule_receives_its_options_typed_and_filled_with_defaults(make_framework):
    from spm_site.rules import spm118_stale_content as spm118

    result = check_framework(make_framework({"spm.yml": "rules:\n  SPM118:\n    max_age_days: '400'\n"}))
    conf = result.settings.for_rule(spm118)
    assert conf.options == spm118.Options(max_age_days=400, as_of="")
    assert isinstance(result.settings.for_rule(rule_registry.get("SPM106")).options, RuleOptions)
