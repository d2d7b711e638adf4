"""Helpers for the rule tests: plant one flaw in MINIMAL, then look at what one rule says and where.

Positions are computed from the YAML text itself (`position(text, needle)`), so a test states
where the author would look ("at `win-rate` in the role file") rather than a bare line number.
"""

from __future__ import annotations

import os
from pathlib import Path

from conftest import MINIMAL
from spm_site.diagnostics import Diagnostic
from spm_site.pipeline import check_framework


def changed(path: str, old: str, new: str) -> str:
    """MINIMAL's file at `path` with `old` replaced (exactly once) by `new`."""
    text = MINIMAL[path]
    assert text.count(old) == 1, f"{old!r} must occur once in {path}"
    return text.replace(old, new)


def position(text: str, needle: str) -> tuple[int, int]:
    """1-based (line, column) of the first `needle` in `text`, as an editor shows it."""
    offset = text.index(needle)
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def findings(root: Path, code: str, overrides: dict | None = None) -> list[Diagnostic]:
    """The open findings of one rule; the framework itself must have loaded and resolved."""
    result = check_framework(root, overrides)
    assert result.framework is not None, result.diagnostics
    return [d for d in result.diagnostics if d.code == code]


def only(root: Path, code: str, overrides: dict | None = None) -> Diagnostic:
    """The one finding of rule `code`."""
    found = findings(root, code, overrides)
    assert len(found) == 1, found
    return found[0]


def where(d: Diagnostic, root: Path) -> tuple[str, str, str, str, int, int]:
    """(code, name, severity, file relative to the framework folder, line, column)."""
    file = Path(os.path.abspath(d.location.file)).relative_to(root).as_posix()
    return d.code, d.rule, d.severity.value, file, d.location.line, d.location.col
