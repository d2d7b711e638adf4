"""Find the framework's files, read them and validate each against its model.

The place of a file decides its kind: `roles/account-executive.yml` is a role whose id is
`account-executive`. Single files (`organisation.yml`, `principles.yml`, ...) sit at the top.

The framework folder is a closed world. Discovery never follows a symbolic link, to a file or to
a folder, even one that points back inside: a link is reported where it stands and nothing is
read through it. A link that stays inside would only give one file a second name (a role twice,
under two ids); telling "inside" from "outside" means resolving paths, which a link changed
between the check and the read defeats; git keeps links as links, and web editors cannot make
them. Pipes, sockets and devices are reported, never opened (a pipe would block the check).
Hidden files and folders (`.git`, `.DS_Store`) belong to tools and are skipped, unless the
file is YAML. In the item folders (`roles/` ...) every other file is a warning: a `notes.txt`
or `x.yml.bak` there is never published, and the author should know it.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from ..characters import escape
from ..diagnostics import Diagnostic, Location, Severity
from .limits import Limits
from .loader import LocDict, SourceFile, load_bytes, load_file, symlink_problem, too_large
from .locate import validation_diagnostics
from .kinds import DEFINES, FOLDERS, MODELS, ONE_ITEM_FOLDERS, SINGLE_FILES
from .model import (
    ID_PATTERN,
    FeedbackFile,
    Function,
    LevelsFile,
    MeasureGroup,
    Node,
    Objective,
    Organisation,
    PrinciplesFile,
    RetiredFile,
    Role,
    Value,
)

YAML_SUFFIXES = (".yml", ".yaml")
#: Files at the top of `framework/` that are not content (tool configuration).
CONFIG_FILES = ("spm.yml", "spm.yaml")


@dataclass
class Documents:
    """Every validated file, grouped by kind, in a stable order (sorted paths)."""

    organisation: Organisation | None = None
    principles: PrinciplesFile | None = None
    levels: LevelsFile | None = None
    feedback: FeedbackFile | None = None
    retired: RetiredFile | None = None
    values: list[Value] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    measures: list[MeasureGroup] = field(default_factory=list)
    #: The files read: real paths for a folder, display paths for `Blobs`.
    paths: list[Path] = field(default_factory=list)
    #: Ids defined in files that failed validation: not errors to refer to, just not resolvable.
    unreadable_ids: set[str] = field(default_factory=set)
    #: Kinds of item some of which could not be read at all (ids unknown): references to them are not checked.
    unreadable_kinds: set[str] = field(default_factory=set)
    #: The text of every file read, by display path: the only text findings ever quote.
    sources: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Blob:
    """One entry of a framework held in memory: a file of `size` bytes, a symbolic link, or neither."""

    kind: str  # "file", "link" or "other" (a git submodule)
    size: int = 0


@dataclass(frozen=True)
class Blobs:
    """A framework folder held as bytes, not files: a git revision's tree (see `changes.revision`).

    It is read by the same code as a folder on disk, so both sides of a diff are checked alike.
    `entries` are by path inside the folder (`roles/x.yml`); `fetch` returns the bytes of the
    files asked for, all at once (one `git cat-file --batch`), and is only asked for files within
    the size limit. `label` is the folder as findings name it: `origin/main:framework`.
    """

    label: str
    entries: Mapping[str, Blob]
    fetch: Callable[[Sequence[str]], Mapping[str, bytes]]

    def display(self, rel: str) -> str:
        joint = "" if not self.label or self.label.endswith((":", "/")) else "/"
        return f"{self.label}{joint}{rel}"


#: Where a framework is read from: a folder on disk, or its files held in memory.
Tree = Path | Blobs


def display_path(path: Path) -> str:
    """Paths as the author sees them: relative to the working directory when possible."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)


def _where(display: str, rule: str, message: str, hint: str, severity: Severity = Severity.ERROR) -> Diagnostic:
    return Diagnostic(Location(display), rule, message, hint=hint, severity=severity)


def _walk(root: Path, problems: list[Diagnostic]) -> list[Path]:
    """Every regular file under `root`, without following a link or opening anything else."""
    files: list[Path] = []
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as exc:
            problems.append(_where(display_path(folder), "unreadable-file", f"cannot list the folder: {exc.strerror or exc}",
                                   "check that the folder exists and that you may read it"))
            continue
        for entry in listed:
            path = Path(entry.path)
            if entry.name.startswith(".") and not _yaml_like(entry.name):
                continue
            if escape(entry.name) != entry.name:
                problems.append(_where(display_path(path), "bad-file-name",
                                       "the name holds a control or invisible character",
                                       "rename it using visible characters only"))
            elif entry.is_symlink():
                problems.append(symlink_problem(display_path(path)))
            elif entry.is_dir(follow_symlinks=False):
                folders.append(path)
            elif entry.is_file(follow_symlinks=False):
                files.append(path)
            else:
                problems.append(_where(display_path(path), "not-a-file", "this is not a regular file (a pipe, socket or device)",
                                       "framework files are plain text files: remove it from the framework folder"))
    return sorted(files)


def _yaml_like(name: str) -> bool:
    """Whether the name ends in .yml or .yaml, in any case."""
    return Path(name).suffix.lower() in YAML_SUFFIXES


def _listed_blobs(blobs: Blobs, problems: list[Diagnostic]) -> list[tuple[PurePosixPath, str]]:
    """Every file of `blobs`, as `_walk` lists a folder: hidden entries skipped, links and others reported."""
    files = []
    for rel in sorted(blobs.entries):
        path = PurePosixPath(rel)
        display = blobs.display(rel)
        if any(part.startswith(".") and not _yaml_like(part) for part in path.parts):
            continue
        entry = blobs.entries[rel]
        if any(escape(part) != part for part in path.parts):
            problems.append(_where(display, "bad-file-name", "the name holds a control or invisible character",
                                   "rename it using visible characters only"))
        elif entry.kind == "link":
            problems.append(symlink_problem(display))
        elif entry.kind == "file":
            files.append((path, display))
        else:
            problems.append(_where(display, "not-a-file", "this is not a regular file (a git submodule)",
                                   "framework files are plain text files: remove it from the framework folder"))
    return files


def _listed(root: Tree, problems: list[Diagnostic]) -> list[tuple[PurePosixPath, str]]:
    """(path inside the framework folder, display path) of every regular file in it, sorted."""
    if isinstance(root, Blobs):
        return _listed_blobs(root, problems)
    return [(PurePosixPath(path.relative_to(root).as_posix()), display_path(path)) for path in _walk(root, problems)]


def _place(rel: PurePosixPath, display: str) -> tuple[str | None, Diagnostic | None]:
    """The kind a file holds by where it is, or the finding that says why it holds none."""
    path = rel
    if _yaml_like(path.name) and path.suffix not in YAML_SUFFIXES:
        return None, _where(display, "suffix-case", f"'{path.name}' ends in '{path.suffix}', which spm-site does not read",
                            f"rename it to '{path.stem}.yml': spm-site reads files ending in lower-case .yml or .yaml")
    if path.suffix not in YAML_SUFFIXES:
        if len(rel.parts) > 1 and rel.parts[0] in FOLDERS:
            return None, _where(display, "stray-file", f"'{rel.as_posix()}' is not a YAML file, so nothing in it is read",
                                f"only .yml files belong in {rel.parts[0]}/: rename it to .yml if it is content, "
                                "or move it out of the framework folder", Severity.WARNING)
        return None, None  # a README or an image beside the framework: not its business
    if len(rel.parts) == 1 and rel.stem in SINGLE_FILES:
        return rel.stem, None
    if len(rel.parts) > 1 and rel.parts[0] in FOLDERS:
        return rel.parts[0], None
    if len(rel.parts) == 1 and rel.name in CONFIG_FILES:
        return None, None
    known = [f"{k}.yml" for k in SINGLE_FILES] + [f"{k}/" for k in FOLDERS]
    close = difflib.get_close_matches(rel.parts[0].lower(), known, n=1, cutoff=0.8)
    return None, _where(
        display, "unknown-file", f"spm-site does not know what '{rel.as_posix()}' holds"
        + (f" (did you mean '{close[0]}'?)" if close else ""),
        "top-level files are " + ", ".join(f"{k}.yml" for k in SINGLE_FILES)
        + "; folders are " + ", ".join(f"{k}/" for k in FOLDERS))


def _discover(root: Tree) -> tuple[list[tuple[str, PurePosixPath, str]], list[Diagnostic]]:
    """(kind, path inside the folder, display path) of every YAML file of `root`, sorted."""
    found: list[tuple[str, PurePosixPath, str]] = []
    problems: list[Diagnostic] = []
    for rel, display in _listed(root, problems):
        kind, problem = _place(rel, display)
        if kind is not None:
            found.append((kind, rel, display))
        if problem is not None:
            problems.append(problem)
    if not any(kind == "organisation" for kind, _, _ in found):
        where = root.display("organisation.yml") if isinstance(root, Blobs) else display_path(root / "organisation.yml")
        problems.append(Diagnostic(Location(where), "missing-file", "organisation.yml is missing",
                                   hint="every framework needs organisation.yml with its name, mission, pillars and commitment"))
    return found, problems


def discover(root: Path) -> tuple[list[tuple[str, Path]], list[Diagnostic]]:
    """(kind, path) for every YAML file under `root`, sorted; unknown places and links are errors."""
    found, problems = _discover(root)
    return [(kind, root / rel) for kind, rel, _ in found], problems


def _loader(root: Tree, wanted: Sequence[PurePosixPath], limits: Limits
            ) -> Callable[[PurePosixPath, str], tuple[SourceFile, list[Diagnostic]]]:
    """How to read one file of `root` into located data: from disk, or from bytes fetched at once."""
    if not isinstance(root, Blobs):
        return lambda rel, display: load_file(root / rel, display, limits)
    small = [str(rel) for rel in wanted if root.entries[str(rel)].size <= limits.max_file_bytes]
    fetched = root.fetch(small) if small else {}

    def load(rel: PurePosixPath, display: str) -> tuple[SourceFile, list[Diagnostic]]:
        raw = fetched.get(str(rel))
        if raw is None:  # never fetched: larger than the limit
            return SourceFile(Path(rel), display, None, None), [too_large(display, root.entries[str(rel)].size, limits)]
        return load_bytes(Path(rel), display, raw, limits)

    return load


def read_config_file(root: Tree, name: str) -> tuple[SourceFile, list[Diagnostic]] | None:
    """`spm.yml` (or another file at the top of `root`) read into located data, None if there is none."""
    if isinstance(root, Blobs):
        entry = root.entries.get(name)
        if entry is None or entry.kind != "file":
            return None
        return _loader(root, [PurePosixPath(name)], Limits())(PurePosixPath(name), root.display(name))
    path = root / name
    return load_file(path, display_path(path)) if path.is_file() else None


def _add_file_id(kind: str, path: PurePosixPath, display: str, data: LocDict) -> list[Diagnostic]:
    """One-item files take their id from the file name, so the two can never disagree."""
    if kind not in ONE_ITEM_FOLDERS:
        return []
    stem = path.stem
    if not re.fullmatch(ID_PATTERN, stem):
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
    ladders = data.get("ladders")  # levels.yml's job families, each with levels of its own
    for ladder in ladders if isinstance(ladders, list) else ():
        if isinstance(ladder, LocDict):
            ids |= _ids_in(ladder)
    return ids


def read_documents(root: Tree, limits: Limits = Limits()) -> tuple[Documents, list[Diagnostic]]:
    """Read and validate every file of `root` (a folder, or `Blobs`); a file with errors is left out of `Documents`."""
    docs = Documents()
    files, problems = _discover(root)
    context = {"limits": limits}
    load = _loader(root, [rel for _, rel, _ in files], limits)
    for kind, path, display in files:
        docs.paths.append(root / path if isinstance(root, Path) else Path(display))
        source, found = load(path, display)
        problems.extend(found)
        if source.text is not None:
            docs.sources[display] = source.text
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
        model: type[Node] = MODELS[kind]
        try:
            item = model.model_validate(source.data, context=context)
        except ValidationError as exc:
            problems.extend(validation_diagnostics(exc, source.data, model))
            docs.unreadable_ids |= _ids_in(source.data)
            continue
        if kind in SINGLE_FILES:
            setattr(docs, kind, item)
        else:
            getattr(docs, kind).append(item)
    return docs, problems
