"""SPM120 handoff-without-shared-measure: what crosses from one function to another is measured for quality."""

from __future__ import annotations

from rule_helpers import changed, findings, only, position, where

from spm_site.pipeline import check_framework

MARKETING = "functions/marketing.yml"


def handing(measures: str) -> str:
    return changed(MARKETING, "    objectives: [win-new-logos]\n", "    objectives: [win-new-logos]\nhandoffs:\n"
                   f"  - to: sales\n    what: Qualified leads for account executives\n{measures}")


def test_a_handoff_measured_only_by_volume_is_a_warning(make_framework):
    text = handing("    measures: [qualified-leads]\n")
    root = make_framework({MARKETING: text})
    d = only(root, "SPM120")
    assert where(d, root) == ("SPM120", "handoff-without-shared-measure", "warning", MARKETING,
                              *position(text, "measures: [qualified-leads]"))
    assert ("Marketing ('marketing') hands 'Qualified leads for account executives' to Sales ('sales'), but its "
            "measures, Qualified leads ('qualified-leads') (activity, held by sales), are neither held on both "
            "sides nor a measure of quality") in d.message
    assert "nobody on whether what is handed over is good enough" in d.message


def test_a_handoff_with_no_measure_names_the_missing_field(make_framework):
    text = handing("")
    root = make_framework({MARKETING: text})
    d = only(root, "SPM120")
    assert where(d, root)[3:] == (MARKETING, *position(text, "sales\n    what"))
    assert "it lists no measure under 'measures:'" in d.message


def test_a_quality_measure_spans_the_handoff(make_framework):
    text = handing("    measures: [qualified-leads, win-rate]\n")
    assert findings(make_framework({MARKETING: text}), "SPM120") == []


def test_an_outcome_measure_held_on_both_sides_spans_it(make_framework):
    """The trap: not a quality measure, but marketing and sales answer for it together."""
    text = handing("    measures: [new-arr]\n")
    marketer = ("name: Marketing manager\nfunction: marketing\nreports_to: head-of-sales\n"
                "purpose: Bring sales the leads it can close.\nmeasures:\n  - measure: new-arr\n")
    assert findings(make_framework({MARKETING: text, "roles/marketing-manager.yml": marketer}), "SPM120") == []


def test_minimal_without_handoffs_passes(make_framework):
    assert findings(make_framework(), "SPM120") == []


def test_a_handoff_to_the_function_itself_is_an_error_at_to(make_framework):
    """Work a function keeps is no hand-off: the framework does not resolve until it names another."""
    text = changed(MARKETING, "    objectives: [win-new-logos]\n", "    objectives: [win-new-logos]\nhandoffs:\n"
                   "  - to: marketing\n    what: Campaign briefs\n    measures: [qualified-leads]\n")
    root = make_framework({MARKETING: text})
    result = check_framework(root)
    found = [(d.rule, d.severity.value, d.location.line, d.location.col) for d in result.diagnostics if d.rule == "handoff-to-itself"]
    assert found == [("handoff-to-itself", "error", *position(text, "marketing\n    what"))]
    assert result.framework is None
