"""What `spm-site export` writes as sheets: the tables, the template's explanation, the evidence tracker.

The same sheets go to XLSX (one workbook) and CSV (one file each), so the two formats never
differ in content. `about` explains every sheet and column (read from the model, like the
sheets themselves); `evidence` lists, for one role at one level, what the person is asked to
show, with empty columns for their evidence and its date.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..framework.documents import Documents
from ..framework.model import Measure
from ..framework.resolve import Framework, is_number
from ..framework.kinds import Layout
from ..framework.model import Expectation
from .tables import GROUP, Cell, Table, files_of, rows, sheets

Sheet = tuple[list[str], list[list[Cell]]]
#: Sheets an import passes over: they explain or track, they do not define the framework.
ABOUT_HEADER = ["sheet", "column", "required", "holds", "meaning"]
EVIDENCE_HEADER = ["role", "level", "kind", "id", "what", "target", "evidence", "date"]


def table_sheets(docs: Documents | None) -> dict[str, Sheet]:
    """Every sheet of the template, with the rows of `docs` (none for an empty template)."""
    found = rows(files_of(docs)) if docs is not None else {}
    out: dict[str, Sheet] = {}
    for t in sheets():
        header = t.headers
        out[t.name] = (header, [[row.get(h) for h in header] for row in found.get(t.name, [])])
    return out


def about_sheet() -> Sheet:
    """One row per sheet and column: what it holds and what it means, from the model's descriptions."""
    out: list[list[Cell]] = []
    for t in sheets():
        out.append([t.name, None, None, None, f"{t.description} ({_rows_are(t)})".strip()])
        for key in t.keys:
            out.append([t.name, key, "yes", "id", f"the {key} this row belongs to"])
        for c in t.columns:
            out.append([t.name, c.name, "yes" if c.required else "no", c.in_cell, c.spec.description or None])
    return ABOUT_HEADER, out


def _rows_are(t: Table) -> str:
    """What one row of a sheet stands for, in words."""
    if t.parent is None:
        if t.kind.layout is Layout.SINGLE:
            return f"one row: {t.kind.key}.yml"
        return f"one row per file: {t.kind.key}/<id>.yml"
    if t.kind.layout is Layout.GROUP and t.parent.parent is None:
        return f"one row each; '{GROUP}' names the file, {t.kind.key}/<{GROUP}>.yml"
    if not t.keys:
        return f"one row each, in {t.kind.key}.yml"
    columns = " and ".join(t.keys) + (" columns" if len(t.keys) > 1 else " column")
    return f"one row each, under the row of '{t.parent.name}' named in its {columns}"


@dataclass(frozen=True)
class UnknownChoice(Exception):
    """A role or level named on the command line that the framework does not have."""

    what: str
    given: str
    known: tuple[str, ...]


def _facts(measure: Measure) -> str:
    """`%, higher is better`, with what the measure does not state said so (never guessed)."""
    unit = measure.unit or "unit not stated"
    better = f"{measure.direction.value} is better" if measure.direction else "direction not stated"
    return f"{unit}, {better}"


def evidence_sheet(fw: Framework, role_id: str, level_id: str) -> Sheet:
    """What `role_id` at `level_id` is asked to show, one row each, with room for evidence and a date.

    Targets are the effective ones, from `Framework.target`: the level's, else the role's, else the measure's.
    """
    role = fw.roles.get(role_id)
    if role is None:
        raise UnknownChoice("role", role_id, tuple(fw.roles))
    role_level = next((rl for rl in role.levels if rl.level == level_id), None)
    on_ladder = tuple(lv.id for lv in fw.ladder_of(role).levels)  # a level of another ladder is not the role's
    if level_id not in on_ladder or (role.levels and role_level is None):
        raise UnknownChoice("level", level_id, tuple(rl.level for rl in role.levels) or on_ladder)
    out: list[list[Cell]] = []

    def add(kind: str, ident: str | None, what: str, target: Cell = None) -> None:
        out.append([role.id, level_id, kind, ident, what, target, None, None])

    for n, expectation in enumerate(role_level.expectations if role_level else [], start=1):
        if isinstance(expectation, Expectation):  # its id, and its theme and proficiency before the text
            grade = [fw.themes[expectation.theme].name if expectation.theme in fw.themes else None,
                     fw.scale[expectation.proficiency].name if expectation.proficiency in fw.scale else None]
            said = ", ".join(g for g in grade if g)
            add("expectation", expectation.id, f"{said}: {expectation.text}" if said else expectation.text)
        else:
            add("expectation", str(n), expectation)
    for held in role.measures:
        measure = fw.measures[held.measure]
        target = fw.target(role, held.measure, level_id)
        shown = target if not is_number(target) else (int(target) if float(target).is_integer() else target)
        add("measure", measure.id, f"{measure.name} ({_facts(measure)})", shown)
    for asked in role.values:
        value = fw.values[asked.value]
        for behaviour in fw.behaviours_asked(asked):
            add("behaviour", f"{value.id}/{behaviour.id}", f"{value.name}: {behaviour.looks_like}")
    return EVIDENCE_HEADER, out
