"""SPM116 measure-incomplete: a measure states its target, unit, direction, owner, kind, timing,
frequency and source; only its name and definition are required to load."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where
from spm_site.pipeline import check_framework

WIN_RATE_FACTS = ('    unit: "%"\n    direction: higher\n    target: 25\n    frequency: monthly\n'
                  "    source: CRM opportunity report\n    owner: sales\n")


def test_a_missing_source_is_one_warning_naming_it(make_framework):
    text = changed("measures/sales.yml", "    source: CRM opportunity report\n", "")
    root = make_framework({"measures/sales.yml": text})
    d = only(root, "SPM116")
    assert where(d, root) == ("SPM116", "measure-incomplete", "warning", "measures/sales.yml", *position(text, "win-rate"))
    assert d.message == ("measure Win rate ('win-rate') does not state its source: its numbers cannot be checked. "
                         "Readers see each as not stated")


def test_every_missing_fact_is_named_in_one_finding_with_what_it_costs(make_framework):
    """A measure as an inherited indicator set gives it: a name and a definition, nothing else."""
    text = changed("measures/sales.yml", WIN_RATE_FACTS, "")
    text = text.replace("    kind: effectiveness\n    timing: lagging\n", "", 1)
    root = make_framework({"measures/sales.yml": text})
    d = only(root, "SPM116")
    assert "does not state its target, unit, direction, owner, kind, timing, frequency or source:" in d.message
    for consequence in ("nobody knows what good is", "nobody can tell whether a rise is good news",
                        "nobody answers for its definition", "effort cannot be told from results"):
        assert consequence in d.message


def test_a_target_in_words_is_a_stated_target(make_framework):
    text = changed("measures/sales.yml", "    target: 25\n", "    target: At or above the industry median\n")
    assert findings(make_framework({"measures/sales.yml": text}), "SPM116") == []


def test_tbd_is_a_stated_target_too(make_framework):
    """The author said the target is not decided yet: that is stated, and shown as written."""
    text = changed("measures/sales.yml", "    target: 25\n", "    target: TBD\n")
    assert findings(make_framework({"measures/sales.yml": text}), "SPM116") == []


def test_a_missing_definition_does_not_load(make_framework):
    """The definition is the one fact besides the name that a measure cannot do without."""
    text = changed("measures/sales.yml", "    definition: Deals won as a share of deals closed, won or lost.\n", "")
    result = check_framework(make_framework({"measures/sales.yml": text}))
    assert [d.rule for d in result.diagnostics if d.severity.value == "error"] == ["missing-key"]
    assert "'definition' is required" in result.diagnostics[0].message


def test_severity_can_be_lowered_to_info_for_an_inherited_set(make_framework):
    text = changed("measures/sales.yml", "    source: CRM opportunity report\n", "")
    root = make_framework({"measures/sales.yml": text, "spm.yml": "rules:\n  SPM116: info\n"})
    assert only(root, "SPM116").severity.value == "info"


def test_complete_measures_pass(make_framework):
    assert findings(make_framework(), "SPM116") == []
