"""The facts the alignment rules read are shown to readers too: an objective's key results, a
function's hand-offs and whose result a measure is. Nothing is shown where the author said nothing."""

from __future__ import annotations

import re
from pathlib import Path

from spm_site.pipeline import check_framework
from spm_site.site.render import Renderer

REPO = Path(__file__).resolve().parent.parent


def pages(root: Path) -> dict[str, str]:
    result = check_framework(root)
    assert result.framework is not None, result.diagnostics
    return {p.path: p.markdown for p in Renderer(result.framework, checked=result).pages()}


def test_the_sample_shows_key_results_hand_offs_and_scope():
    shown = pages(REPO / "framework")
    objective = shown["objectives/grow-new-arr.md"]
    assert "## Key results" in objective
    row = next(line for line in objective.splitlines() if "New ARR booked" in line and "2027-09-30" in line)
    assert re.search(r"£8\.4[mM]\b", row)  # the organisation's currency, compact (CLDR writes m or M by version)
    marketing = shown["functions/marketing.md"]
    assert "## Hand-offs" in marketing
    assert "Marketing qualified leads accepted by sales" in marketing.split("## Hand-offs")[1].split("## Roles")[0]
    assert "| Measured for | each person |" in shown["measures/win-rate.md"]


def test_nothing_is_shown_where_the_author_said_nothing(make_framework):
    shown = pages(make_framework())
    assert not any("## Key results" in text or "## Hand-offs" in text or "Measured for" in text
                   for text in shown.values())
