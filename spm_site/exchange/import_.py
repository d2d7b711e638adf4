"""`spm-site import`: a workbook or a folder of CSV files in, framework YAML out, every error at its cell.

The sheets are turned into located data (`tables.build`), and that data goes through the same
models, reference checks and rules as YAML does, in memory: so a wrong type, an unknown
reference or a broken rule is reported at `book.xlsx:role_measures!C4` (or `roles.csv:7:2`), all
in one run. Only a framework without errors is written, as YAML (`yaml_out`), into a staging
folder; the caller checks that folder with `spm-site check` before anything is moved into place
(`place`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError

from ..characters import escape
from ..diagnostics import Diagnostic, Location, has_errors, sort_diagnostics
from ..framework.documents import CONFIG_FILES, Documents, discover, display_path
from ..framework.kinds import DEFINES, FILE_KINDS, Layout
from ..framework.limits import Limits
from ..framework.loader import LocDict, LocList
from ..framework.locate import untagged, validation_diagnostics
from ..framework.resolve import Framework, resolve
from ..rules.engine import run_rules
from ..settings import Settings
from . import csv_files, xlsx
from .tables import FileEntry, SheetRows, build
from .yaml_out import dump, plain

XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class ImportResult:
    """What an import found: the YAML of each file to write (by path in the framework folder), and findings."""

    files: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    framework: Framework | None = None
    #: Sheet names (as findings name them: `book.xlsx:roles`) of a workbook, whose findings print as cells.
    workbook_sheets: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return self.framework is not None and not has_errors(self.diagnostics)


def read_source(source: Path, display: str) -> tuple[dict[str, SheetRows], list[Diagnostic]]:
    """The sheets of an .xlsx file or of a folder of CSV files."""
    if source.is_dir():
        sheets, problems = csv_files.read_folder(source, display)
    elif source.suffix.lower() in XLSX_SUFFIXES:
        sheets, problems = xlsx.read(source, display)
    else:
        return {}, [Diagnostic(Location(display), "unreadable-file", "spm-site imports an .xlsx workbook or a folder of .csv files",
                               hint="pass the workbook, or the folder that holds roles.csv, measures.csv ...")]
    if not sheets and not has_errors(problems):
        problems.append(Diagnostic(Location(display), "missing-file", "there is no sheet to import here",
                                   hint="a folder needs <sheet>.csv files such as organisation.csv and roles.csv; "
                                        "`spm-site export --template` writes every sheet"))
    return sheets, problems


def import_sheets(sheets: dict[str, SheetRows], limits: Limits = Limits(), settings: Settings | None = None,
                  read_problems: Iterable[Diagnostic] = ()) -> ImportResult:
    """Check the framework the sheets describe, as `check` checks YAML, and render its files as YAML.

    `read_problems` are the findings of reading the source (`read_source`): they are reported with
    the rest, and a file that could not be read is not reported again as missing content.
    """
    imported = build(sheets)
    problems = [*read_problems, *imported.problems]
    docs = Documents()
    context = {"limits": limits}
    written: dict[str, FileEntry] = {}
    for path in sorted(imported.files, key=Path):
        kind, data = imported.files[path]
        try:
            node = kind.model.model_validate(data, context=context)
        except ValidationError as exc:
            problems += [d for d, key in _located(exc, data, kind.model)
                         if not (d.rule == "missing-key" and (d.location.file, key) in imported.missing)]
            docs.unreadable_ids |= _ids(data)
            if kind.key in DEFINES:
                docs.unreadable_kinds.update(DEFINES[kind.key])
            continue
        if kind.layout is Layout.SINGLE:
            setattr(docs, kind.key, node)
        else:
            getattr(docs, kind.key).append(node)
        written[path] = FileEntry(kind, None if kind.layout is Layout.SINGLE else Path(path).stem, node)
    if docs.organisation is None and not has_errors(problems):
        problems.append(Diagnostic(Location(next(iter(sheets.values())).where if sheets else "organisation"), "missing-file",
                                   "there is no organisation: the 'organisation' sheet is missing or empty",
                                   hint="every framework needs one row in 'organisation' with its name, mission and commitment"))
    framework, found = resolve(docs)
    problems += found
    result = ImportResult(diagnostics=[], workbook_sheets={s.where for s in sheets.values() if ".csv" not in s.where})
    if framework is not None and not has_errors(problems):
        findings, _ = run_rules(framework, settings or Settings())
        problems += findings
        result.framework = framework
    result.diagnostics = sort_diagnostics(problems)
    if result.ok:
        result.files = yaml_files(written.values())
    return result


def yaml_files(entries: Iterable[FileEntry]) -> dict[str, str]:
    """The YAML text of each file, by its path in the framework folder."""
    out: dict[str, str] = {}
    for entry in entries:
        skip = ("id",) if entry.kind.layout is Layout.ONE_ITEM else ()  # the file name is the id
        out[entry.path] = dump(plain(entry.node, skip))
    return out


def _located(exc: ValidationError, data: LocDict, model: type) -> list[tuple[Diagnostic, object]]:
    """Validation findings at the sheet of the row each one is about (a file's rows span several
    sheets), each with the last key of its path."""
    found = validation_diagnostics(exc, data, model)
    out = []
    for error, diagnostic in zip(exc.errors(include_url=False), found):
        node, where = data, data.file
        for part in untagged(tuple(error["loc"])):
            found_key = isinstance(node, LocDict) and isinstance(part, str) and part in node
            found_index = isinstance(node, LocList) and isinstance(part, int) and 0 <= part < len(node)
            if not (found_key or found_index):
                break
            where, node = node.file, node[part]
        if isinstance(node, (LocDict, LocList)):
            where = node.file
        loc = diagnostic.location
        key = error["loc"][-1] if error["loc"] else None
        out.append((replace(diagnostic, location=Location(where, loc.line, loc.col)), key))
    return out


def _ids(data: LocDict) -> set[str]:
    """Ids a file that failed validation defines, read loosely, so references to them are not errors too."""
    ids = {data["id"]} if isinstance(data.get("id"), str) else set()
    for value in data.values():
        if isinstance(value, list):
            ids |= {i["id"] for i in value if isinstance(i, dict) and isinstance(i.get("id"), str)}
    return ids


def format_findings(result: ImportResult) -> str:
    """Each finding as `book.xlsx:roles!B7: error[rule]: message` (CSV: `roles.csv:7:2: ...`), with its hint."""
    lines = []
    for d in result.diagnostics:
        loc = d.location
        where = xlsx.address(escape(loc.file), loc.line, loc.col) if loc.file in result.workbook_sheets else str(loc)
        lines.append(f"{where}: {d.severity.value}[{d.rule_label}]: {d.message}")
        if d.hint:
            lines.append(f"  help: {d.hint}")
    return "\n".join(lines)


# --- writing into place ------------------------------------------------------------------------


class OutputRefused(Exception):
    """The output folder holds an author's framework (or is not a folder), and no --replace was given."""


def framework_files(folder: Path) -> list[Path]:
    """The YAML files spm-site reads in `folder`: the only files `--replace` may remove."""
    found, _ = discover(folder)
    return [path for _, path in found]


def prepare(output: Path, replace: bool) -> None:
    """Refuse an output folder that holds anything but spm.yml, unless told to replace its framework files."""
    if output.is_symlink() or (output.exists() and not output.is_dir()):
        raise OutputRefused(f"{output} is not a folder: spm-site writes a framework folder there")
    # A folder holding only spm.yml holds settings for the framework to come, not a framework.
    if output.is_dir() and any(p.name not in CONFIG_FILES for p in output.iterdir()) and not replace:
        raise OutputRefused(f"{output} is not empty: pass --replace to replace the framework files in it "
                            "(other files are kept), or choose a new folder")


def stage(output: Path, files: dict[str, str]) -> tuple[Path, Path | None]:
    """Write `files` into a hidden staging folder inside `output` (made if missing), with the
    folder's spm.yml so the check reads the same settings.

    Returns the staging folder, and the outermost folder this made (`output` or a missing parent), if any.
    """
    made: Path | None = None
    if not output.exists():
        made = output
        while not made.parent.exists():
            made = made.parent
    output.mkdir(parents=True, exist_ok=True)
    staging = output / f".spm-import-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    for rel, text in files.items():
        path = staging / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    for name in CONFIG_FILES:
        if (output / name).is_file() and not (output / name).is_symlink():
            shutil.copyfile(output / name, staging / name)
    return staging, made


def discard(staging: Path, made: Path | None) -> None:
    """Undo `stage`: the staging folder goes, and the folders `stage` made (which hold nothing else)."""
    shutil.rmtree(staging, ignore_errors=True)
    folder = staging.parent
    while made is not None and folder != made.parent:
        folder.rmdir()
        folder = folder.parent


def place(staging: Path, output: Path, files: dict[str, str]) -> None:
    """Move the staged framework into `output`: its old framework files go, every other file stays."""
    for path in framework_files(output):
        path.unlink()
    for kind in FILE_KINDS:
        folder = output / kind.key
        if kind.layout is not Layout.SINGLE and folder.is_dir() and not folder.is_symlink() and not any(folder.iterdir()):
            folder.rmdir()
    for rel in files:
        target = output / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging / rel, target)
    shutil.rmtree(staging)


def staged_as_output(diagnostics: list[Diagnostic], staging: Path, output: Path) -> list[Diagnostic]:
    """Findings of the check of the staging folder, naming the files as they would be in `output`."""
    inside = display_path(staging)
    out = []
    for d in diagnostics:
        file = d.location.file
        if file == inside or file.startswith(inside + os.sep):
            file = display_path(output) + file[len(inside):]
        out.append(replace(d, location=replace(d.location, file=file)))
    return out
