"""The previous edition: read at its git revision, checked, and compared with this one.

`since` comes from `spm-site build --since REV`, from the spm plugin's `since` option or from
`since:` in spm.yml, in that order. The previous edition is read straight from git (no checkout,
`changes.revision`) and checked like any framework; it must load for the comparison to mean
anything, so its errors are this build's errors, located in the revision (`v2026:framework/...`).
A revision git does not know is a usage mistake on the command line (`RevisionError`), and a
located error when spm.yml names it. `check` runs the same comparison, so it foresees the build.
"""

from __future__ import annotations

import json
from pathlib import Path

from .changes.diff import FrameworkDiff, diff_frameworks
from .changes.revision import RevisionError, check_side, repository_of, resolve_revision
from .diagnostics import Diagnostic, Location, Severity
from .framework.documents import display_path
from .framework.kinds import ITEM_KIND, SECTIONS
from .pipeline import CheckResult
from .site.audience_links import audience_result

#: A page of the previous edition that this one would drop.
LOST_URL = "lost-url"

__all__ = ["RevisionError", "compare", "lost_urls", "previous_edition", "problems", "verify"]


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
    """What `check` reports of spm.yml's `since:`: the errors the build would stop on, located, and
    the old URLs the previous edition had that would lead nowhere (warnings)."""
    revision, where = previous_edition(result)
    if revision is None or result.framework is None:
        return []
    diff, found = compare(result, framework_dir, revision, where, overrides, docs_dir)
    return found if diff is None else lost_urls(diff, revision, framework_dir)


#: The last previous edition checked, by (repository, commit, framework folder, settings, docs folder):
#: a run that builds several audiences' sites compares each with the same edition, checked once.
_LAST: dict[tuple, CheckResult] = {}


def _previous(since: str, framework_dir: Path, overrides: dict | None, docs_dir: Path | None) -> CheckResult:
    """The previous edition, checked. A commit's content never changes, so a revision is checked once
    per process (the newest only); a folder can change, so it is read every time."""
    if Path(since).is_dir():
        return check_side(since, framework_dir, overrides, docs_dir)
    repo = repository_of(framework_dir)
    if docs_dir is not None and not docs_dir.resolve().is_relative_to(repo.resolve()):
        docs_dir = None  # a folder outside the repository (a build's empty stand-in) has no files at any revision
    key = (repo, resolve_revision(repo, since), framework_dir.resolve(), json.dumps(overrides or {}, sort_keys=True,
                                                                                     default=str), docs_dir)
    if key not in _LAST:
        _LAST.clear()
        _LAST[key] = check_side(since, framework_dir, overrides, docs_dir)
    return _LAST[key]


def lost_urls(diff: FrameworkDiff, revision: str, framework_dir: Path) -> list[Diagnostic]:
    """Pages of the previous edition whose address this one drops: a rename without the old id in
    `previous_ids`, or a removal that retired.yml does not record."""
    head = diff.head
    if head is None:
        return []
    retired = {(r.kind.value, r.id) for r in head.retired}
    out: list[Diagnostic] = []
    for (kind, old), new in diff.renames.items():
        if kind not in SECTIONS:
            continue
        item = getattr(head, ITEM_KIND[kind].collection)[new]
        if old not in item.previous_ids and item.src is not None:
            out.append(Diagnostic(Location(item.src.file, *item.src.of("id")), LOST_URL,
                                  f"this {kind} was '{old}' in {revision}: its old address would lead nowhere",
                                  hint=f"add `previous_ids: [{old}]` to keep the old address working",
                                  severity=Severity.WARNING))
    for change in diff.changes:
        if change.aspect == "removed" and change.scope in SECTIONS and (change.scope, change.item_id) not in retired:
            out.append(Diagnostic(Location(display_path(framework_dir / "retired.yml")), LOST_URL,
                                  f"{change.scope} '{change.item_id}' ({change.item_name}) is gone since {revision}: "
                                  "its old address would lead nowhere",
                                  hint="record it in retired.yml (kind, id, name, edition, replaced_by), or list "
                                       "its id under previous_ids of the item that took its place",
                                  severity=Severity.WARNING))
    return out


def compare(result: CheckResult, framework_dir: Path, since: str, where: Location | None,
            overrides: dict | None = None, docs_dir: Path | None = None,
            audience: str | None = None) -> tuple[FrameworkDiff | None, list[Diagnostic]]:
    """The diff from the edition at `since` to this one, or the errors that stop it.

    With `audience`, both editions are compared as that audience's site shows them (`result` is
    already this edition's view): nothing hidden from it can appear as added, removed or changed.
    Raises RevisionError for an unknown revision given on the command line (`where` is None).
    """
    try:
        base = _previous(since, framework_dir, overrides, docs_dir)
    except RevisionError as exc:
        if where is None:
            raise
        return None, [Diagnostic(where, "unknown-revision", str(exc),
                                 hint="name a tag, a branch or a commit of this repository, or remove 'since'")]
    if not base.ok:  # a framework that does not load has at least one error
        return None, [d for d in base.diagnostics if d.severity is Severity.ERROR]
    if audience is not None:
        base = audience_result(base, audience)
    return diff_frameworks(base, result), []
