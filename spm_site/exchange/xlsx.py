"""One XLSX workbook with a sheet per table, in and out, through openpyxl.

Out: text is always stored as text (see `cells`), numbers as numbers, dates as dates shown
YYYY-MM-DD, the header row bold and frozen. Two exports of the same framework are byte for byte
the same: openpyxl stamps the save time into the document properties and into every zip entry,
so the workbook is saved to memory, and then written again with fixed dates (`FIXED_TIME`).

In: formulas are never evaluated and never taken as values; a cell that holds one is an error,
located `book.xlsx:roles!B7`.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from defusedxml import DefusedXmlException
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from ..diagnostics import Diagnostic, Location
from .cells import risky
from .tables import Cell, SheetCell, SheetRows, cell_address

#: The date written into the workbook's properties and zip entries, so that exports are reproducible.
FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
DATE_FORMAT = "yyyy-mm-dd"
#: The widest a column is made, in characters: long texts stay readable without filling the screen.
MAX_WIDTH = 60
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def dumps(sheets: dict[str, tuple[list[str], list[list[Cell]]]]) -> bytes:
    """A workbook holding each sheet (header row, then rows), as reproducible bytes."""
    book = Workbook()
    book.remove(book.active)
    book.properties.creator = "spm-site"
    book.properties.created = FIXED_TIME
    bold = Font(bold=True)
    for name, (header, rows) in sheets.items():
        sheet = book.create_sheet(name)
        for col, title in enumerate(header, start=1):
            _put(sheet.cell(row=1, column=col), title).font = bold
        for r, row in enumerate(rows, start=2):
            for col, value in enumerate(row, start=1):
                if value is not None:
                    _put(sheet.cell(row=r, column=col), value)
        sheet.freeze_panes = "A2"
        for col, title in enumerate(header, start=1):
            longest = max((len(str(row[col - 1])) for row in rows if row[col - 1] is not None), default=0)
            sheet.column_dimensions[get_column_letter(col)].width = min(MAX_WIDTH, max(len(title), longest) + 2)
    raw = io.BytesIO()
    book.save(raw)
    return _reproducible(raw.getvalue())


def _put(cell, value: Cell):
    """Store `value` in `cell`; text stays text, whatever it starts with."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would make `=...` a formula and `#N/A` an error value
        if risky(value):
            cell.quotePrefix = True
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    return cell


def _reproducible(data: bytes) -> bytes:
    """The same zip with every entry dated `FIXED_TIME` and the save time in the properties fixed too."""
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(lambda m: m.group(1) + stamp + m.group(2), content)
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()


def read(path: Path, display: str) -> tuple[dict[str, SheetRows], list[Diagnostic]]:
    """Every sheet of the workbook at `path`; a file that is no workbook is one finding."""
    sheets: dict[str, SheetRows] = {}
    problems: list[Diagnostic] = []
    try:
        book = load_workbook(path, read_only=True, data_only=False)
        try:
            for sheet in book.worksheets:
                found, more = _sheet(sheet, display)
                sheets[sheet.title] = found
                problems += more
        finally:
            book.close()
    # A damaged or hostile file can fail anywhere in openpyxl's parsing, with any exception:
    # the person gets one finding about the file, never a traceback.
    except Exception as exc:  # noqa: BLE001
        return {}, [Diagnostic(Location(display), "unreadable-file", f"cannot read the workbook: {_reason(exc)}",
                               hint="save it from your spreadsheet program as an Excel workbook (.xlsx)")]
    return sheets, problems


def _reason(exc: Exception) -> str:
    """Why a workbook could not be read, in a few words (openpyxl wraps the cause in a ValueError)."""
    cause = exc.__cause__ or exc
    if isinstance(cause, (zipfile.BadZipFile, InvalidFileException)):
        return "it is not an .xlsx file (not a zip archive of a workbook)"
    if isinstance(cause, DefusedXmlException):
        return "its XML declares entities or a document type, which spm-site never expands"
    return f"{type(cause).__name__}: {str(cause)[:200]}"


def _sheet(sheet, display: str) -> tuple[SheetRows, list[Diagnostic]]:
    where = f"{display}:{sheet.title}"
    problems: list[Diagnostic] = []
    header: dict[str, int] = {}
    rows: list[dict[str, SheetCell]] = []
    for r, row in enumerate(sheet.iter_rows(), start=1):
        if r == 1:
            for col, one in enumerate(row, start=1):
                title = str(one.value).strip() if one.value is not None else ""
                if not title:
                    continue
                if title in header:
                    problems.append(Diagnostic(Location(where, r, col), "duplicate-column",
                                               f"the column '{title}' appears twice", hint="keep one column of each name"))
                header.setdefault(title, col)
            continue
        cells: dict[str, SheetCell] = {}
        for title, col in header.items():
            if col > len(row):
                continue
            one = row[col - 1]
            if one.value is None:
                continue
            if one.data_type in ("f", "e"):
                problems.append(Diagnostic(
                    Location(where, r, col), "formula-cell",
                    f"the cell holds {'a formula' if one.data_type == 'f' else 'a spreadsheet error'} "
                    f"({str(one.value)[:40]}), not a value",
                    hint="type the value itself: spm-site never runs formulas; to keep text starting with '=', "
                         "type an apostrophe before it"))
                continue
            cells[title] = SheetCell(one.value, r, col)
        if any(c.value is not None and str(c.value).strip() for c in cells.values()):
            rows.append(cells)
    return SheetRows(sheet.title, where, header, rows), problems


def address(where: str, line: int, col: int) -> str:
    """`book.xlsx:roles!B7`: a finding's place as a spreadsheet names it."""
    return f"{where}!{cell_address(col, line)}"
