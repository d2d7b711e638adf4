"""The facts the SPM12x rules read never name, to an audience, an item it may not see: a hand-off to
a hidden function, a key result or a reviewed measure it may not see, a level it may not see among
those that gave input. What is left out is counted, as for every other reference."""

from __future__ import annotations

import shutil
from pathlib import Path

from spm_site.framework.audience import filter_framework
from spm_site.pipeline import check_framework

SAMPLE = Path(__file__).resolve().parent.parent / "framework"


def _hide(root: Path, rel: str, anchor: str) -> None:
    """Put `visibility: leadership` right after `anchor` (the item's first line) in `rel`."""
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(anchor) == 1, anchor
    indent = " " * (len(anchor) - len(anchor.lstrip(" -")))
    path.write_text(text.replace(anchor, f"{anchor}\n{indent}visibility: leadership"), encoding="utf-8")


def test_hidden_items_leave_the_new_references_and_are_counted(tmp_path):
    root = tmp_path / "framework"
    shutil.copytree(SAMPLE, root)
    _hide(root, "measures/revenue.yml", "  - id: new-arr-booked")        # a key result's measure
    _hide(root, "measures/forecasting.yml", "  - id: commit-slippage")   # reviewed in the pipeline review
    (root / "functions/finance.yml").write_text("visibility: leadership\n" + (root / "functions/finance.yml").read_text())
    result = check_framework(root)
    assert result.framework is not None, result.diagnostics
    full = result.framework
    assert [kr.measure for kr in full.objectives["grow-new-arr"].key_results] == ["new-arr-booked"]
    fw = filter_framework(full, "internal", result.settings.audiences).framework
    assert fw.objectives["grow-new-arr"].key_results == []
    assert fw.omitted[("objective", "grow-new-arr")]["key_results"] == 1
    assert "commit-slippage" not in fw.rhythms["pipeline-review"].reviews
    assert fw.omitted[("feedback rhythm", "pipeline-review")]["reviews"] == 1
    assert [h.to for h in fw.functions["sales"].handoffs] == ["customer-success"]  # the one to finance is left out
    assert fw.omitted[("function", "sales")]["handoffs"] == 1
    leadership = filter_framework(full, "leadership", result.settings.audiences).framework
    assert [h.to for h in leadership.functions["sales"].handoffs] == ["customer-success", "finance"]
    assert leadership.objectives["grow-new-arr"].key_results == full.objectives["grow-new-arr"].key_results


def test_a_hidden_level_leaves_input_levels(tmp_path):
    root = tmp_path / "framework"
    shutil.copytree(SAMPLE, root)
    _hide(root, "levels.yml", "  - id: l5")
    result = check_framework(root)
    assert result.framework is not None, result.diagnostics
    fw = filter_framework(result.framework, "public", result.settings.audiences).framework
    assert fw.organisation.commitment.input_levels == ["l1", "l2", "l3", "l4"]
    assert fw.omitted[("organisation", "")]["input_levels"] == 1
