"""The previous edition: read at its git revision, checked, and compared with this one.

`since` comes from `spm-site build --since REV`, from the spm plugin's `since` option or from
`since:` in spm.yml, in that order. The previous edition is read straight from git (no checkout,
`changes.revision`) and checked like any framework; it must load for the comparison to mean
anything, so its errors are this build's errors, located in the revision (`v2026:framework/...`).
A revision git does not know is a usage mistake on the command line (`RevisionError`), and a
located error when spm.yml names it. `check` runs the same comparison, so it foresees the build.
"""

from __future__ import annotations

from pathlib import Path

from .changes.diff import FrameworkDiff, diff_frameworks
from .changes.revision import RevisionError, check_side, repository_of, resolve_revision
from .diagnostics import Diagnostic, Location, Severity
from .pipeline import CheckResult

__all__ = ["RevisionError", "compare", "previous_edition", "problems", "verify"]


def previous_edition(result: CheckResult, given: str | None = None) -> tuple[str | None, Location | None]:
    """The revision to compare with and where it was named (None when given on the command line)."""
    if given:
        return given, None
    return result.settings.since, result.settings.since_at


def verify(since: str, framework_dir: Path) -> None:
    """RevisionError unless `since` is a folder or a revision of the repository holding `framework_dir`:
    checked before a build starts, so a mistyped `--since` is a usage error, not a failed build."""
    if not Path(since).is_dir():
        if not since or since.startswith("-"):
            raise RevisionError(f"'{since}' is neither a folder nor a git revision")
        resolve_revision(repository_of(framework_dir), since)


def problems(result: CheckResult, framework_dir: Path, overrides: dict | None = None,
             docs_dir: Path | None = None) -> list[Diagnostic]:
    """What `check` reports of spm.yml's `since:`: the errors the build would stop on, located."""
    revision, where = previous_edition(result)
    if revision is None or result.framework is None:
        return []
    return compare(result, framework_dir, revision, where, overrides, docs_dir)[1]


def compare(result: CheckResult, framework_dir: Path, since: str, where: Location | None,
            overrides: dict | None = None, docs_dir: Path | None = None) -> tuple[FrameworkDiff | None, list[Diagnostic]]:
    """The diff from the edition at `since` to this one, or the errors that stop it.

    Raises RevisionError for an unknown revision given on the command line (`where` is None).
    """
    try:
        base = check_side(since, framework_dir, overrides, docs_dir)
    except RevisionError as exc:
        if where is None:
            raise
        return None, [Diagnostic(where, "unknown-revision", str(exc),
                                 hint="name a tag, a branch or a commit of this repository, or remove 'since'")]
    if not base.ok:  # a framework that does not load has at least one error
        return None, [d for d in base.diagnostics if d.severity is Severity.ERROR]
    return diff_frameworks(base, result), []
