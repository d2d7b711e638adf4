"""The framework as tables, derived from the model: which sheets exist, their columns, and the rows.

Every file kind gets a table of its own (`roles`, `organisation`, ...), and every list of
mappings or of texts inside it becomes a table too, keyed by the row it belongs to: a role's
measures are the `role_measures` table, whose `role` column names the role. A mapping that is
not a list (a measure's `accepted`, the organisation's `commitment`) is spread over columns of
its parent's row, named with the key as a prefix (`accepted_by`, `accepted_reason`). Lists of
ids, choices, numbers or dates stay in one cell, separated by commas.

All of it is read from `kinds.FILE_KINDS` and `introspect.fields`, so a field added to the model
appears as a column (or a table) in the template, the export and the import with no change here.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from enum import Enum
from functools import cache
from typing import Any, get_args, get_origin

from pydantic import StringConstraints

from ..diagnostics import Diagnostic, Location, Severity
from ..framework import introspect
from ..framework.introspect import FieldSpec
from ..framework.kinds import FILE_KINDS, ITEM_KINDS, FileKind, Layout
from ..framework.loader import LocDict, LocList, Mark
from ..framework.model import ID_PATTERN, Item, Node
from .yaml_out import fact_text

#: Excel's limit on a sheet's name.
MAX_SHEET_NAME = 31
#: The column of a measure-like row that names the file (`measures/<group>.yml`) it is written to.
GROUP = "group"
#: Sheets an import reads past without a word: the template's explanation and the evidence tracker.
ABOUT_SHEET = "about"
EVIDENCE_SHEET = "evidence"
#: Sheets an export writes for people, which an import passes over.
NOT_IMPORTED = (ABOUT_SHEET, EVIDENCE_SHEET)
_LIST_SEPARATOR = re.compile(r"[,\s]+")


def singular(word: str) -> str:
    """`roles` -> `role`, `responsibilities` -> `responsibility`; other words as they are."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@dataclass(frozen=True)
class Column:
    """One column of a table: a field of the row's model, or of a mapping spread over the row."""

    name: str
    path: tuple[str, ...]
    spec: FieldSpec
    #: The field must have a value (it, and every mapping it lies in, is required).
    required: bool
    #: The field takes one value or a list of them (`visibility: public` or `[public, leadership]`).
    one_or_many: bool = False

    @property
    def in_cell(self) -> str:
        """What a cell of this column holds, in words, for the template."""
        if self.spec.many:
            return f"{self.spec.words.removeprefix('list of ')}, separated by commas"
        return self.spec.words


@dataclass(eq=False)
class Table:
    """One sheet: rows of one model (or of plain values), keyed by the row they belong to."""

    name: str
    kind: FileKind
    #: The model of a row; None when each row is one plain value (a text of a list of texts).
    model: type[Node] | None
    parent: Table | None
    #: Keys from the parent row's model down to the list this table holds (`("partnership", "employee")`).
    path: tuple[str, ...]
    #: Leading columns that name the row this one belongs to (`role`, or `role, level`).
    keys: tuple[str, ...]
    columns: tuple[Column, ...]
    #: The column that names a row to the tables below it, and the name they give it.
    identity: str | None = None
    child_key: str | None = None
    #: A row's own name for the tables below it: `keys` + `child_key` (only `child_key` for items with a global id).
    chain: tuple[str, ...] = ()
    children: list[Table] = field(default_factory=list)
    #: The lists in a row (of mappings or texts) that become the tables below this one.
    lists: list[tuple[tuple[str, ...], FieldSpec]] = field(default_factory=list, repr=False)
    #: Whether the table holds nothing but its keys: a sheet is written only for tables with columns.
    virtual: bool = False
    description: str = ""

    @property
    def headers(self) -> list[str]:
        return [*self.keys, *(c.name for c in self.columns)]

    @property
    def required_headers(self) -> list[str]:
        return [*self.keys, *(c.name for c in self.columns if c.required)]


def _columns(model: type[Node], prefix: tuple[str, ...] = (), required: bool = True
             ) -> tuple[list[Column], list[tuple[tuple[str, ...], FieldSpec]]]:
    """The columns of a row of `model`, and the lists (of mappings or texts) that become tables."""
    columns: list[Column] = []
    lists: list[tuple[tuple[str, ...], FieldSpec]] = []
    for spec in introspect.fields(model):
        path = (*prefix, spec.key)
        if spec.model and not spec.many:
            more, deeper = _columns(spec.model, path, required and spec.required)
            columns += more
            lists += deeper
        elif spec.many and (spec.model or (spec.scalar == "text" and not _patterned(model, spec.key))):
            lists.append((path, spec))
        else:
            columns.append(Column("_".join(path), path, spec, required and spec.required, _one_or_many(model, spec.key)))
    return columns, lists


def _annotations(annotation: Any) -> Iterator[Any]:
    """`annotation` and every type inside it (union members, list items, `Annotated` metadata)."""
    yield annotation
    for arg in get_args(annotation):
        yield from _annotations(arg)


def _patterned(model: type[Node], key: str) -> bool:
    """Whether the field's texts must match a pattern (ids, audience names): short tokens that fit in one cell."""
    info = model.model_fields[key]
    found = [*info.metadata, *_annotations(info.annotation)]
    return any(isinstance(m, StringConstraints) and m.pattern for m in found)


def _one_or_many(model: type[Node], key: str) -> bool:
    """Whether the field takes a value or a list of values (`X | list[X]`), as `visibility` does."""
    members = [a for a in get_args(model.model_fields[key].annotation) if a is not type(None)]
    return any(get_origin(a) is list for a in members) and any(get_origin(a) is not list for a in members)


def _identity(model: type[Node]) -> str | None:
    """The field that tells one row of `model` from its siblings: `id`, else its first required single value."""
    specs = introspect.fields(model)
    if any(s.key == "id" for s in specs):
        return "id"
    return next((s.key for s in specs if s.required and not s.many and not s.model), None)


def _collections(kind: FileKind) -> set[str]:
    return {k.collection for k in ITEM_KINDS if k.file == kind.key}


def _make(name: str, kind: FileKind, model: type[Node] | None, parent: Table | None, path: tuple[str, ...],
          keys: tuple[str, ...], value: FieldSpec | None = None, description: str = "") -> Table:
    if model is None:
        assert value is not None
        columns: tuple[Column, ...] = (Column(singular(path[-1]), (), value, True),)
        lists: list = []
    else:
        found, lists = _columns(model)
        # A field named like a key column (a measure's waiver names a `measure`) is told apart by its row's name.
        columns = tuple(replace(c, name=f"{singular(path[-1])}_{c.name}") if c.name in keys else c for c in found)
    table = Table(name, kind, model, parent, path, keys, columns, lists=lists, virtual=not columns,
                  description=" ".join(description.split()))
    assert len(name) <= MAX_SHEET_NAME, f"sheet name {name!r} is longer than Excel allows"
    assert len(set(table.headers)) == len(table.headers), f"columns of {name} repeat: {table.headers}"
    return table


def _grow(table: Table, out: list[Table], stem: str, names: dict[tuple[str, ...], str] | None = None) -> None:
    """Add `table` and, depth first, a table for every list in its rows."""
    out.append(table)
    if not table.lists:
        return
    if table.model is not None and table.child_key is None:
        table.identity = _identity(table.model)
        assert table.identity, f"rows of {table.name} need an id or a required value to key their lists on"
        table.child_key = table.identity if table.identity != "id" else singular(table.path[-1] if table.path else table.kind.key)
        is_item = issubclass(table.model, Item)
        table.chain = (table.child_key,) if is_item else (*table.keys, table.child_key)
    for path, spec in table.lists:
        name = (names or {}).get(path) or f"{stem}_{'_'.join(path)}"
        child = _make(name, table.kind, spec.model, table, path, table.chain,
                      value=None if spec.model else spec, description=spec.description)
        _grow(child, out, singular(name))
        table.children.append(child)


def _kind_tables(kind: FileKind) -> list[Table]:
    out: list[Table] = []
    model = kind.model
    if kind.layout is Layout.ONE_ITEM:
        root = _make(kind.key, kind, model, None, (), (), description=model.__doc__ or "")
        root.identity, root.child_key = "id", singular(kind.key)
        root.chain = (root.child_key,)
        _grow(root, out, singular(kind.key))
    elif kind.layout is Layout.SINGLE:
        root = _make(kind.key, kind, model, None, (), (), description=model.__doc__ or "")
        names = {(spec.key,): spec.key for spec in introspect.fields(model)
                 if spec.key in _collections(kind) or spec.key == kind.key}
        if kind.key in names.values():  # `principles` names the list: the file's own row is `principles_file`
            root.name = f"{kind.key}_file"
        _grow_single(root, out, names)
    else:
        root = _make(f"{singular(kind.key)}_{GROUP}s", kind, model, None, (), (GROUP,), description=model.__doc__ or "")
        root.child_key, root.chain = GROUP, (GROUP,)
        names = {(spec.key,): spec.key for spec in introspect.fields(model) if spec.key in _collections(kind)}
        _grow(root, out, f"{singular(kind.key)}_{GROUP}", names)
    return out


def _grow_single(root: Table, out: list[Table], names: dict[tuple[str, ...], str]) -> None:
    """A single file's tables: its own row, and its lists, which name no parent (there is one file)."""
    out.append(root)
    for path, spec in root.lists:
        name = names.get(path) or f"{root.kind.key}_{'_'.join(path)}"
        child = _make(name, root.kind, spec.model, root, path, (), value=None if spec.model else spec,
                      description=spec.description)
        _grow(child, out, singular(name))
        root.children.append(child)


@cache
def tables() -> tuple[Table, ...]:
    """Every table, file kind by file kind in the table of kinds' order, each parent before its children."""
    out: list[Table] = []
    for kind in FILE_KINDS:
        out += _kind_tables(kind)
    names = [t.name for t in out]
    assert len(set(names)) == len(names), f"two tables share a name: {names}"
    return tuple(out)


def table(name: str) -> Table:
    return next(t for t in tables() if t.name == name)


def sheets() -> list[Table]:
    """The tables that are written as sheets: those with columns of their own."""
    return [t for t in tables() if not t.virtual]


# --- model -> rows ---------------------------------------------------------------------------------

Cell = str | int | float | bool | dt.date | None


def cell(value: Any) -> Cell:
    """A field's value as one cell: lists joined with commas, choices by their name, whole numbers as integers."""
    if value is None or value == []:
        return None
    if isinstance(value, list):
        return ", ".join(str(cell(v)) for v in value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _get(node: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if node is None:
            return None
        node = getattr(node, key)
    return node


@dataclass(frozen=True)
class FileEntry:
    """One framework file: its kind, its name (the id or group, for folders) and its model."""

    kind: FileKind
    stem: str | None
    node: Node

    @property
    def path(self) -> str:
        return f"{self.kind.key}.yml" if self.stem is None else f"{self.kind.key}/{self.stem}.yml"


def files_of(docs: Any) -> list[FileEntry]:
    """Every file of a `Documents` (or anything with an attribute per file kind), in a stable order."""
    out: list[FileEntry] = []
    for kind in FILE_KINDS:
        found = getattr(docs, kind.key, None)
        if kind.layout is Layout.SINGLE:
            if found is not None:
                out.append(FileEntry(kind, None, found))
        elif kind.layout is Layout.ONE_ITEM:
            out += [FileEntry(kind, node.id, node) for node in sorted(found or [], key=lambda n: n.id)]
        else:
            out += sorted((FileEntry(kind, _stem(node), node) for node in found or []), key=lambda e: e.stem or "")
    return out


def _stem(node: Node) -> str:
    """The group name of a file of a folder of groups: its file name without `.yml`."""
    name = node.src.file if node.src else "group"
    return re.sub(r"\.ya?ml$", "", name.replace("\\", "/").rsplit("/", 1)[-1])


def rows(files: list[FileEntry]) -> dict[str, list[dict[str, Cell]]]:
    """Every table's rows, by table name, for the given files."""
    out: dict[str, list[dict[str, Cell]]] = {t.name: [] for t in tables()}
    roots = {t.kind.key: t for t in tables() if t.parent is None}
    for entry in files:
        root = roots[entry.kind.key]
        keys = {GROUP: entry.stem} if entry.kind.layout is Layout.GROUP else {}
        _emit(root, entry.node, keys, out)
    return out


def _emit(table: Table, node: Any, keys: dict[str, Cell], out: dict[str, list[dict[str, Cell]]]) -> None:
    if table.model is None:
        out[table.name].append({**keys, table.columns[0].name: cell(node)})
        return
    row = {**keys, **{c.name: cell(_get(node, c.path)) for c in table.columns}}
    out[table.name].append(row)
    if not table.children:
        return
    mine = dict(keys)
    if table.child_key:
        mine[table.child_key] = cell(getattr(node, table.identity)) if table.identity else keys.get(table.child_key)
    below = {k: mine.get(k) for k in table.chain}
    for child in table.children:
        for item in _get(node, child.path) or []:
            _emit(child, item, below, out)


# --- rows -> located data -------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetCell:
    """A value read from a sheet, and where it stood (1-based row and column)."""

    value: Cell
    row: int
    col: int


@dataclass
class SheetRows:
    """One sheet as read: its header (column name -> position) and its rows of cells by column name."""

    name: str
    #: What findings name as the file: `framework.xlsx:roles` or `roles.csv`.
    where: str
    header: dict[str, int]
    rows: list[dict[str, SheetCell]]
    header_row: int = 1


@dataclass
class Imported:
    """The files built from the sheets (path in the framework folder -> kind and located data), and findings."""

    files: dict[str, tuple[FileKind, LocDict]] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    #: (sheet, key) of each required column a sheet lacks: reported once, not again for every row.
    missing: set[tuple[str, str]] = field(default_factory=set)


def as_text(value: Cell) -> str | None:
    """A cell as the YAML loader would hand the value over: text, or None when the cell is empty."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):  # a spreadsheet's date cell: a plain date when it has no time
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    fact = fact_text(value)
    if fact is not None:
        return fact
    text = str(value)
    return text if text.strip() else None


def _col_letter(col: int) -> str:
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class Data(LocDict):
    """Located data for one row's model, knowing which model it is for (to make nested mappings)."""

    __slots__ = ("model",)

    def __init__(self, model: type[Node], where: str, mark: Mark) -> None:
        super().__init__(where, mark)
        self.model = model
        for spec in introspect.fields(model):  # required lists are present, and empty, from the start
            if spec.required and spec.many:
                self[spec.key] = LocList(where, mark)
                self.marks[spec.key] = mark

    def nested(self, key: str, where: str, mark: Mark) -> Data:
        """The mapping under `key` (a field holding one mapping), made if it is not there yet."""
        found = self.get(key)
        if not isinstance(found, Data):
            spec = introspect.field(self.model, key)
            assert spec.model is not None
            found = self[key] = Data(spec.model, where, mark)
            self.marks[key] = mark
        return found


class _Builder:
    """Turns sheets into located data, one file per root row, reporting what cannot be placed."""

    def __init__(self, sheets: dict[str, SheetRows]) -> None:
        self.sheets = sheets
        self.out = Imported()
        #: For each table, its rows by the values that name them to the tables below.
        self.index: dict[str, dict[tuple, Data]] = {}
        #: Single files whose own row has been read (a second one is an error).
        self.rowed: set[str] = set()

    def error(self, where: str, mark: Mark, rule: str, message: str, hint: str,
              severity: Severity = Severity.ERROR) -> None:
        self.out.problems.append(Diagnostic(Location(where, *mark), rule, message, hint=hint, severity=severity))

    def run(self) -> Imported:
        known = {t.name: t for t in sheets()}
        for name, sheet in self.sheets.items():
            if name not in known and name not in NOT_IMPORTED:
                close = _close(name, known)
                self.error(sheet.where, (1, 1), "unknown-sheet", f"spm-site does not know the sheet '{name}'"
                           + (f" (did you mean '{close}'?)" if close else ""),
                           "its rows are not imported: rename it to one of the template's sheets, or remove it",
                           Severity.WARNING)
        usable = {name: sheet for name, sheet in self.sheets.items() if name in known}
        for name, sheet in usable.items():
            self._check_header(known[name], sheet)
        for t in tables():
            self.index[t.name] = {}
            sheet = usable.get(t.name)
            for row in sheet.rows if sheet is not None else []:
                self._row(t, sheet, row)
        return self.out

    def _check_header(self, t: Table, sheet: SheetRows) -> None:
        """Unknown columns are errors (their values would be lost); missing required ones are reported once."""
        for name, col in sheet.header.items():
            if name not in t.headers:
                close = _close(name, t.headers)
                self.error(sheet.where, (sheet.header_row, col), "unknown-column",
                           f"the sheet '{t.name}' has no column '{name}'" + (f" (did you mean '{close}'?)" if close else ""),
                           "columns of this sheet: " + ", ".join(t.headers))
        missing = [h for h in t.required_headers if h not in sheet.header]
        if missing and sheet.rows:
            self.error(sheet.where, (sheet.header_row, 1), "missing-column",
                       f"the sheet '{t.name}' has no column {', '.join(repr(m) for m in missing)}",
                       "add the column to the first row: every row needs a value there")
            columns = {c.name: c for c in t.columns}
            self.out.missing |= {(sheet.where, columns[m].path[-1]) for m in missing if m in columns}

    def _row(self, t: Table, sheet: SheetRows, row: dict[str, SheetCell]) -> None:
        if not row:
            return
        mark = (min(c.row for c in row.values()), 1)
        parent = self._parent(t, sheet, row, mark)
        if parent is None:
            return
        if t.model is None:  # one plain value per row
            one = row.get(t.columns[0].name)
            text = as_text(one.value) if one else None
            if one is None or text is None:
                self.error(sheet.where, mark, "missing-value", f"this row of '{t.name}' has no {t.columns[0].name}",
                           "write the text in the row, or delete the row")
                return
            target = self._list(parent, t.path, sheet.where, mark)
            target.append(text)
            target.marks.append((one.row, one.col))
            return
        if t.parent is None and t.kind.layout is Layout.GROUP:  # a group's own columns go in its file
            data = parent
        else:
            data = Data(t.model, sheet.where, mark)
        for column in t.columns:
            got = row.get(column.name)
            text = as_text(got.value) if got else None
            if got is not None and text is not None:
                self._put(data, column, text, sheet.where, (got.row, got.col))
        if t.parent is None and t.kind.layout is not Layout.GROUP:
            if not self._file(t, sheet, data, mark):
                return
        elif data is not parent:
            target = self._list(parent, t.path, sheet.where, mark)
            target.append(data)
            target.marks.append(mark)
        if t.children:
            self.index[t.name].setdefault(self._name(t, row, data), data)

    def _name(self, t: Table, row: dict[str, SheetCell], data: Data) -> tuple:
        """The values that name this row to the tables below it (`role`, `level`)."""
        values = []
        for key in t.chain:
            if key == t.child_key and t.identity:
                values.append(data.get(t.identity))
            else:
                got = row.get(key)
                text = as_text(got.value) if got else None
                values.append(text.strip() if text else None)
        return tuple(values)

    def _parent(self, t: Table, sheet: SheetRows, row: dict[str, SheetCell], mark: Mark) -> Data | None:
        """The data this row belongs in: a parent row, a file, or `_ROOT` for rows that are files."""
        holder = t.parent
        if holder is None:
            return self._group(t, sheet, row, mark) if t.kind.layout is Layout.GROUP else _ROOT
        if holder.parent is None and holder.kind.layout is Layout.SINGLE:
            return self._single(t, sheet, mark)
        if holder.parent is None and holder.kind.layout is Layout.GROUP:
            return self._group(t, sheet, row, mark)
        values = []
        for key in t.keys:
            got = row.get(key)
            text = as_text(got.value) if got else None
            if got is None or text is None:
                self.error(sheet.where, mark, "missing-value", f"this row of '{t.name}' has no {key}",
                           f"write the {key} this row belongs to")
                return None
            values.append(text.strip())
        found = self.index[holder.name].get(tuple(values))
        if found is None:
            got = row[t.keys[-1]]
            self.error(sheet.where, (got.row, got.col), "orphan-row",
                       f"no row of '{holder.name}' is {' / '.join(values)}, so this row has nowhere to go",
                       f"use the {t.keys[-1]} of a row of the sheet '{holder.name}', or add that row there")
        return found

    def _single(self, t: Table, sheet: SheetRows, mark: Mark) -> Data:
        """The one file of a single-file kind, made when the first of its rows turns up."""
        path = f"{t.kind.key}.yml"
        if path not in self.out.files:
            self.out.files[path] = (t.kind, Data(t.kind.model, sheet.where, mark))
        return self.out.files[path][1]

    def _group(self, t: Table, sheet: SheetRows, row: dict[str, SheetCell], mark: Mark) -> Data | None:
        """The file of a group (`measures/<group>.yml`), named by the row's `group` cell."""
        got = row.get(GROUP)
        text = as_text(got.value) if got else None
        if got is None or text is None:
            self.error(sheet.where, mark, "missing-value", f"this row of '{t.name}' has no {GROUP}",
                       f"write the name of the file it goes in: {GROUP} 'pipeline' puts it in {t.kind.key}/pipeline.yml")
            return None
        text = text.strip()
        if not re.fullmatch(ID_PATTERN, text):
            self.error(sheet.where, (got.row, got.col), "invalid-id", f"'{text[:60]}' cannot name a file",
                       "group names use lower-case letters, digits and single hyphens, like 'pipeline'")
            return None
        path = f"{t.kind.key}/{text}.yml"
        if path not in self.out.files:
            self.out.files[path] = (t.kind, Data(t.kind.model, sheet.where, mark))
        return self.out.files[path][1]

    def _file(self, t: Table, sheet: SheetRows, data: Data, mark: Mark) -> bool:
        """Place a root row: a single file (`organisation.yml`) or one item's file (`roles/<id>.yml`)."""
        if t.kind.layout is Layout.SINGLE:
            path = f"{t.kind.key}.yml"
            if path in self.rowed:
                self.error(sheet.where, mark, "extra-row", f"the sheet '{t.name}' holds one row; this is a second one",
                           f"{path} is one file: merge the two rows")
                return False
            self.rowed.add(path)
            self.out.files[path] = (t.kind, data)
            return True
        ident = data.get("id")
        if ident is None or not re.fullmatch(ID_PATTERN, ident):
            if ident is None:
                self.error(sheet.where, mark, "missing-value", f"this row of '{t.name}' has no id",
                           "every row needs an id: it becomes the file name and the page's address")
            else:
                self.error(sheet.where, data.marks["id"], "invalid-id", f"'{ident[:60]}' is not a valid id",
                           "ids use lower-case letters, digits and single hyphens, like 'account-executive'")
            return False
        path = f"{t.kind.key}/{ident}.yml"
        if path in self.out.files:
            first = self.out.files[path][1]
            self.error(sheet.where, data.marks["id"], "duplicate-id",
                       f"{singular(t.kind.key)} id '{ident}' is already used in {first.file}:{first.mark[0]}",
                       "ids must be unique: rename one of them")
            return False
        self.out.files[path] = (t.kind, data)
        return True

    def _list(self, parent: Data, path: tuple[str, ...], where: str, mark: Mark) -> LocList:
        """The list at `path` in `parent`, made (with the mappings on the way) if it is not there yet."""
        node = parent
        for key in path[:-1]:
            node = node.nested(key, where, mark)
        found = node.get(path[-1])
        if not isinstance(found, LocList):
            found = node[path[-1]] = LocList(where, mark)
        if not found:
            found.file, found.mark = where, mark
            node.marks[path[-1]] = mark
        return found

    def _put(self, data: Data, column: Column, text: str, where: str, mark: Mark) -> None:
        node = data
        for key in column.path[:-1]:
            node = node.nested(key, where, mark)
        key = column.path[-1]
        if column.spec.many:
            values = LocList(where, mark)
            for part in _LIST_SEPARATOR.split(text.strip()):
                if part:
                    values.append(part)
                    values.marks.append(mark)
            node[key] = values[0] if column.one_or_many and len(values) == 1 else values
        else:
            node[key] = text if column.spec.scalar == "text" else text.strip()
        node.marks[key] = mark
        node.key_marks[key] = mark


_ROOT = Data.__new__(Data)  # a marker: the row is a file of its own


def _close(name: str, known: Any) -> str | None:
    """The known name nearest to `name`, ignoring case (`ID` -> `id`), for a "did you mean"."""
    by_case = {k.lower(): k for k in known}
    found = difflib.get_close_matches(name.lower(), list(by_case), n=1, cutoff=0.7)
    return by_case[found[0]] if found else None


def build(sheets: dict[str, SheetRows]) -> Imported:
    """The framework files the sheets describe, as located data, and every problem placing the rows."""
    return _Builder(sheets).run()


def cell_address(col: int, row: int) -> str:
    """`B7`: a cell as a spreadsheet names it."""
    return f"{_col_letter(col)}{row}"
