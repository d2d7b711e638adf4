"""The one-way flow from files to a checked framework: load, validate, resolve.

Each stage returns values; nothing here prints or exits. Both the CLI and the MkDocs plugin call
`check_framework` and decide for themselves how to show the findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, Location, has_errors, sort_diagnostics
from .documents import Documents, display_path, read_documents
from .resolve import Framework, resolve


@dataclass
class CheckResult:
    """The framework (None when it has errors) and every finding, sorted."""

    framework: Framework | None
    diagnostics: list[Diagnostic]
    documents: Documents

    @property
    def ok(self) -> bool:
        return self.framework is not None and not has_errors(self.diagnostics)


def check_framework(root: Path) -> CheckResult:
    """Everything `spm-site check` knows about the framework under `root`."""
    if not root.is_dir():
        missing = Diagnostic(Location(display_path(root)), "missing-file", f"framework folder '{root}' does not exist",
                             hint="pass the folder that holds organisation.yml, roles/, measures/ ...")
        return CheckResult(None, [missing], Documents())
    docs, problems = read_documents(root)
    framework, found = resolve(docs)
    problems.extend(found)
    if problems:
        framework = None
    return CheckResult(framework, sort_diagnostics(problems), docs)
