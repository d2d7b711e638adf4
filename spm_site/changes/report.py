"""A diff, printed: for a terminal, a pull-request comment, tools, and GitHub Actions.

Every report groups the changes by who sees them: a function, then each of its roles (its own
changes and the ripples of what it is held to), then what changed across the organisation,
then the alignment findings the change introduces or resolves. Every sentence comes from
`wording.describe`; here it is only escaped for where it goes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..characters import escape
from ..diagnostics import Diagnostic, github_escape, markdown_text
from .diff import Change, FrameworkDiff
from .wording import describe, summary

FORMATS = ("text", "markdown", "json", "github")
TITLE = "What changed, for whom"
#: How many affected roles a change across the organisation names before it counts the rest.
NAMED_ROLES = 8


@dataclass
class Group:
    """A heading (a function, a role within it, or a section) and the changes under it."""

    title: str
    changes: list[Change]
    level: int  # 1: a function or a section, 2: a role
    note: str = ""


def groups(diff: FrameworkDiff) -> list[Group]:
    """Functions by name, each with its own changes and then its roles by name; then the rest."""
    names = _RoleNames(diff)
    by_function: dict[str, list[str]] = {}
    for role_id in diff.roles_affected():
        by_function.setdefault(names.function_of(role_id), []).append(role_id)
    for change in diff.changes:
        if change.scope == "function":
            by_function.setdefault(change.item_id, [])
    out: list[Group] = []
    for function_id in sorted(by_function, key=lambda f: (names.function(f).casefold(), f)):
        own = [c for c in diff.changes if c.scope == "function" and c.item_id == function_id]
        out.append(Group(names.function(function_id), own, 1))
        for role_id in sorted(by_function[function_id], key=lambda r: (names.role(r).casefold(), r)):
            out.append(Group(names.role(role_id), _for_role(diff, role_id), 2, names.status(role_id)))
    rest = [c for c in diff.changes if c.scope not in ("role", "function")]
    if rest:
        out.append(Group("Across the organisation", rest, 1))
    return out


def _for_role(diff: FrameworkDiff, role_id: str) -> list[Change]:
    """A role's changes; a measure's new default target is left out: the role's own lines say it, level by level."""
    return [c for c in diff.for_role(role_id) if not (c.scope == "measure" and c.aspect == "target")]


class _RoleNames:
    """Names and functions of roles and functions, from HEAD, else BASE (for what was removed)."""

    def __init__(self, diff: FrameworkDiff) -> None:
        self.sides = [fw for fw in (diff.head, diff.base) if fw is not None]
        self.added = {c.item_id for c in diff.changes if c.scope == "role" and c.aspect == "added"}
        self.removed = {c.item_id for c in diff.changes if c.scope == "role" and c.aspect == "removed"}

    def _find(self, collection: str, item_id: str) -> Any:
        for fw in self.sides:
            found = getattr(fw, collection).get(item_id)
            if found is not None:
                return found
        return None

    def role(self, role_id: str) -> str:
        found = self._find("roles", role_id)
        return found.name if found is not None else role_id

    def function_of(self, role_id: str) -> str:
        found = self._find("roles", role_id)
        return found.function if found is not None else ""

    def function(self, function_id: str) -> str:
        found = self._find("functions", function_id)
        return found.name if found is not None else (function_id or "No function")

    def status(self, role_id: str) -> str:
        return "new role" if role_id in self.added else "removed role" if role_id in self.removed else ""


def _sentence(change: Change, diff: FrameworkDiff) -> str:
    return describe(change, diff.base, diff.head)


def _affected(change: Change, diff: FrameworkDiff) -> str:
    """`; affects Account executive, Sales manager and 3 more roles`, for a change across the organisation."""
    if not change.affects:
        return ""
    names = _RoleNames(diff)
    shown = [names.role(r) for r in sorted(change.affects, key=lambda r: (names.role(r).casefold(), r))]
    more = len(shown) - NAMED_ROLES
    listed = ", ".join(shown[:NAMED_ROLES]) + (f" and {more} more role{'s' if more != 1 else ''}" if more > 0 else "")
    return f" (affects {listed})"


def _finding(d: Diagnostic) -> str:
    """An alignment finding in words: the rule's name read out, its code after it, and the message."""
    words = d.rule.replace("-", " ")
    return f"{words[:1].upper()}{words[1:]} ({d.code}): {d.message}"


# --- text ------------------------------------------------------------------------------------


def format_text(diff: FrameworkDiff, base: str, head: str) -> str:
    """For a terminal: the summary line, then each group's changes, indented."""
    out = [f"Changes from {escape(base)} to {escape(head)}: {escape(summary(diff))}"]
    for group in groups(diff):
        note = f" ({group.note})" if group.note else ""
        out += ["", ("  " if group.level == 2 else "") + escape(group.title) + note]
        indent = "    " if group.level == 2 else "  "
        for change in group.changes:
            extra = _affected(change, diff) if group.title == "Across the organisation" else ""
            out.append(f"{indent}- {escape(_sentence(change, diff) + extra)}")
    out += _findings_text(diff)
    return "\n".join(out)


def _findings_text(diff: FrameworkDiff) -> list[str]:
    out = []
    for title, found in (("New alignment findings", diff.introduced), ("Alignment findings resolved", diff.resolved)):
        if found:
            out += ["", title]
            out += [f"  - {escape(_finding(d))} ({d.location})" for d in found]
    return out


# --- markdown ------------------------------------------------------------------------------

def md(text: str) -> str:
    """Author text as a pull-request comment shows it: on one line, with no markup of its own."""
    return markdown_text(escape(text))


def format_markdown(diff: FrameworkDiff, base: str, head: str) -> str:
    """For a pull-request comment: the summary line first, then the changes by function and role."""
    out = [f"### {TITLE}", "", f"**{md(summary(diff))}**", "", f"From {md(base)} to {md(head)}."]
    for group in groups(diff):
        note = f" ({group.note})" if group.note else ""
        out += ["", f"{'####' if group.level == 1 else '#####'} {md(group.title)}{md(note)}"]
        if group.changes:
            out.append("")
        for change in group.changes:
            extra = _affected(change, diff) if group.title == "Across the organisation" else ""
            out.append(f"- {md(_sentence(change, diff) + extra)}")
    for title, found in (("New alignment findings", diff.introduced), ("Alignment findings resolved", diff.resolved)):
        if found:
            out += ["", f"#### {title}", ""]
            out += [f"- {md(_finding(d))}" for d in found]
    return "\n".join(out)


# --- json ------------------------------------------------------------------------------------


def format_json(diff: FrameworkDiff, base: str, head: str) -> str:
    """For tools: every change with its sentence, the renames and the findings introduced or resolved."""
    return json.dumps({
        "base": base, "head": head, "summary": summary(diff),
        "changes": [{**c.as_dict(), "text": _sentence(c, diff)} for c in diff.changes],
        "renames": [{"kind": kind, "old": old, "new": new} for (kind, old), new in diff.renames.items()],
        "lost_sight": {role: list(objectives) for role, objectives in diff.lost_sight.items()},
        "introduced": [d.as_dict() for d in diff.introduced],
        "resolved": [d.as_dict() for d in diff.resolved],
    }, indent=2, ensure_ascii=False)


# --- github ---------------------------------------------------------------------------------


def annotations(diff: FrameworkDiff, head_prefix: str = "") -> str:
    """A `::notice` on the line of HEAD where each change was made (removals have no line in HEAD).

    `head_prefix` (`HEAD:` when HEAD is a revision) is cut from file names: GitHub wants paths in
    the repository.
    """
    out = []
    for change in diff.changes:
        where = change.where
        if where is None:
            continue
        file = where.file.removeprefix(head_prefix)
        title = f"{change.item_name}: {change.aspect}"
        props = f"file={github_escape(escape(file), True)},line={where.line},col={where.col},title={github_escape(escape(title), True)}"
        out.append(f"::notice {props}::{github_escape(escape(_sentence(change, diff)))}")
    return "\n".join(out)


FORMATTERS: dict[str, Callable[[FrameworkDiff, str, str], str]] = {
    "text": format_text, "markdown": format_markdown, "json": format_json}
