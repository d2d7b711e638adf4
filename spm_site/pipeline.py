"""The one-way flow from files to a checked framework: load, validate, resolve, check.

Each stage returns values; nothing here prints or exits. Both the CLI and the MkDocs plugin call
`check_framework` and decide for themselves how to show the findings.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .alignment import Waived, run_rules
from .diagnostics import Diagnostic, Location, has_errors, sort_diagnostics
from .documents import display_path, read_documents
from .resolve import Framework, resolve
from .settings import Settings, load_settings


@dataclass
class CheckResult:
    """The framework (None when it could not be resolved) and every finding, sorted."""

    framework: Framework | None
    diagnostics: list[Diagnostic]
    settings: Settings = field(default_factory=Settings)
    waived: list[Waived] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the framework resolved and no finding is an error (warnings are allowed)."""
        return self.framework is not None and not has_errors(self.diagnostics)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many long-lived objects.

    Checking allocates millions of small containers that all stay alive; each automatic
    collection walks all of them again, which made checking 5,000 roles twice as slow (bench/).
    If the caller has already turned the collector off, it stays off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check_framework(root: Path, overrides: dict | None = None) -> CheckResult:
    """Everything `spm-site check` knows about the framework under `root`.

    `overrides` are settings from outside the framework folder (the MkDocs plugin's options).
    """
    with paused_gc():
        return _check(root, overrides)


def _check(root: Path, overrides: dict | None) -> CheckResult:
    if not root.is_dir():
        missing = Diagnostic(Location(display_path(root)), "missing-file", f"framework folder '{root}' does not exist",
                             hint="pass the folder that holds organisation.yml, roles/, measures/ ...")
        return CheckResult(None, [missing])
    settings, problems = load_settings(root, overrides)
    docs, found = read_documents(root)
    problems.extend(found)
    framework, found = resolve(docs)
    problems.extend(found)
    if problems or framework is None:
        return CheckResult(None, sort_diagnostics(problems), settings)
    findings, waived = run_rules(framework, settings)
    return CheckResult(framework, sort_diagnostics(findings), settings, waived)
