"""SPM117 orphan-measure: some role is held to every measure."""

from __future__ import annotations

from conftest import MINIMAL
from rule_helpers import findings, only, position, where

PILOT = MINIMAL["measures/sales.yml"] + """\
  - id: demo-show-rate
    name: Demo show rate
    definition: Booked demos the prospect attended.
    unit: "%"
    direction: higher
    target: 80
    frequency: monthly
    source: CRM activity report
    owner: sales
    objectives: [win-new-logos]
    kind: effectiveness
    timing: leading
"""


def test_measure_no_role_is_held_to_is_a_warning(make_framework):
    root = make_framework({"measures/sales.yml": PILOT})
    d = only(root, "SPM117")
    assert where(d, root) == ("SPM117", "orphan-measure", "warning", "measures/sales.yml",
                              *position(PILOT, "demo-show-rate"))
    assert d.message.endswith("is an orphan: no role lists it under 'measures:', so nobody is accountable for "
                              "moving it while readers assume someone is")
    assert "('demo-show-rate')" in d.message


def test_a_pilot_measure_can_waive_it(make_framework):
    waived = PILOT + "    waivers:\n      - rule: SPM117\n        reason: In pilot until the end of the quarter.\n"
    assert findings(make_framework({"measures/sales.yml": waived}), "SPM117") == []


def test_measures_roles_are_held_to_pass(make_framework):
    assert findings(make_framework(), "SPM117") == []
