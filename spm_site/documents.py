"""Find the framework's files, read them and validate each against its model.

The place of a file decides its kind: `roles/account-executive.yml` is a role whose id is
`account-executive`. Single files (`organisation.yml`, `principles.yml`, ...) sit at the top.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .diagnostics import Diagnostic, Location
from .loader import LocDict, load_file
from .locate import validation_diagnostics
from .model import (
    FILE_KINDS,
    ID_PATTERN,
    FeedbackFile,
    Function,
    LevelsFile,
    MeasureGroup,
    Node,
    Objective,
    Organisation,
    PrinciplesFile,
    Role,
    Value,
)

SINGLE_FILES = ("organisation", "principles", "levels", "feedback")
FOLDERS = ("values", "objectives", "functions", "roles", "measures")
#: Folders whose files each hold one item named after the file.
ONE_ITEM_FOLDERS = ("values", "objectives", "functions", "roles")
YAML_SUFFIXES = (".yml", ".yaml")
#: What the files that hold lists define, as reference kinds (see resolve.py).
DEFINES = {"organisation": "pillar", "levels": "level", "feedback": "feedback rhythm", "measures": "measure"}
#: Files at the top of `framework/` that are not content (tool configuration).
CONFIG_FILES = ("spm.yml", "spm.yaml")


@dataclass
class Documents:
    """Every validated file, grouped by kind, in a stable order (sorted paths)."""

    organisation: Organisation | None = None
    principles: PrinciplesFile | None = None
    levels: LevelsFile | None = None
    feedback: FeedbackFile | None = None
    values: list[Value] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    measures: list[MeasureGroup] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)
    #: Ids defined in files that failed validation: not errors to refer to, just not resolvable.
    unreadable_ids: set[str] = field(default_factory=set)
    #: Kinds of item some of which could not be read at all (ids unknown): references to them are not checked.
    unreadable_kinds: set[str] = field(default_factory=set)


def display_path(path: Path) -> str:
    """Paths as the author sees them: relative to the working directory when possible."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


def discover(root: Path) -> tuple[list[tuple[str, Path]], list[Diagnostic]]:
    """(kind, path) for every YAML file under `root`, sorted; unknown places are errors."""
    found: list[tuple[str, Path]] = []
    problems: list[Diagnostic] = []
    for path in sorted(p for p in root.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file()):
        rel = path.relative_to(root)
        if len(rel.parts) == 1 and rel.stem in SINGLE_FILES:
            found.append((rel.stem, path))
        elif len(rel.parts) > 1 and rel.parts[0] in FOLDERS:
            found.append((rel.parts[0], path))
        elif len(rel.parts) == 1 and rel.name in CONFIG_FILES:
            continue
        else:
            problems.append(Diagnostic(
                Location(display_path(path)), "unknown-file",
                f"spm-site does not know what '{rel}' holds",
                hint="top-level files are " + ", ".join(f"{k}.yml" for k in SINGLE_FILES)
                + "; folders are " + ", ".join(f"{k}/" for k in FOLDERS),
            ))
    if not any(kind == "organisation" for kind, _ in found):
        problems.append(Diagnostic(Location(display_path(root / "organisation.yml")), "missing-file",
                                   "organisation.yml is missing",
                                   hint="every framework needs organisation.yml with its name, mission, pillars and commitment"))
    return found, problems


def _add_file_id(kind: str, path: Path, display: str, data: LocDict) -> list[Diagnostic]:
    """One-item files take their id from the file name, so the two can never disagree."""
    if kind not in ONE_ITEM_FOLDERS:
        return []
    stem = path.stem
    if not re.match(ID_PATTERN, stem):
        return [Diagnostic(Location(display), "invalid-id", f"the file name '{path.name}' is not a valid id",
                           hint="rename the file using lower-case letters, digits and hyphens, like 'account-executive.yml'")]
    if "id" in data and data["id"] != stem:
        line, col = data.marks["id"]
        return [Diagnostic(Location(display, line, col), "id-mismatch",
                           f"id '{data['id']}' differs from the file name '{path.name}'",
                           hint="the file name is the id: remove the 'id:' line or rename the file")]
    data["id"] = stem
    data.marks.setdefault("id", data.mark)
    return []


def _ids_in(data: LocDict) -> set[str]:
    """Ids a file defines, read loosely from data that failed validation."""
    ids = {data["id"]} if isinstance(data.get("id"), str) else set()
    for key in ("measures", "pillars", "levels", "rhythms", "principles"):
        items = data.get(key)
        if isinstance(items, list):
            ids |= {i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)}
    return ids


def read_documents(root: Path) -> tuple[Documents, list[Diagnostic]]:
    """Read and validate every file under `root`; a file with errors is left out of `Documents`."""
    docs = Documents()
    files, problems = discover(root)
    for kind, path in files:
        display = display_path(path)
        docs.paths.append(path)
        source, found = load_file(path, display)
        problems.extend(found)
        if source.data is None:
            if kind in ONE_ITEM_FOLDERS:  # its id is its name: references to it are not errors too
                docs.unreadable_ids.add(path.stem)
            elif kind in DEFINES:
                docs.unreadable_kinds.add(DEFINES[kind])
            continue
        id_problems = _add_file_id(kind, path, display, source.data)
        if id_problems:
            problems.extend(id_problems)
            continue
        model: type[Node] = FILE_KINDS[kind]
        try:
            item = model.model_validate(source.data)
        except ValidationError as exc:
            problems.extend(validation_diagnostics(exc, source.data, model))
            docs.unreadable_ids |= _ids_in(source.data)
            continue
        if kind in SINGLE_FILES:
            setattr(docs, kind, item)
        else:
            getattr(docs, kind).append(item)
    return docs, problems
