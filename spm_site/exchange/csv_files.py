"""A folder of CSV files, one per sheet (`roles.csv`, `role_measures.csv` ...), in and out.

UTF-8 (a byte-order mark is accepted on the way in, as spreadsheet programs write one), comma
separated (semicolons are read too, as some locales save them), a header row of column names,
`\\n` line endings. Findings point at `roles.csv:7:2`:
the line where the record starts and the column's position.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..diagnostics import Diagnostic, Location
from .cells import csv_in, csv_out
from .tables import Cell, SheetCell, SheetRows
from .yaml_out import fact_text

SUFFIX = ".csv"


def text_of(value: Cell) -> str:
    """A cell as CSV text: numbers without a needless `.0`, dates as YYYY-MM-DD, text safe from formulas."""
    if value is None:
        return ""
    fact = fact_text(value)
    return fact if fact is not None else csv_out(str(value))


def dumps(header: list[str], rows: list[list[Cell]]) -> str:
    """One sheet as CSV text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([text_of(v) for v in row])
    return out.getvalue()


def read_folder(folder: Path, display: str) -> tuple[dict[str, SheetRows], list[Diagnostic]]:
    """Every `<sheet>.csv` directly in `folder`, by sheet name; unreadable files are findings."""
    sheets: dict[str, SheetRows] = {}
    problems: list[Diagnostic] = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() != SUFFIX or not path.is_file() or path.is_symlink():
            continue
        where = f"{display.rstrip('/')}/{path.name}"
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            problems.append(Diagnostic(Location(where), "encoding", f"the file is not UTF-8 text (byte {exc.start + 1})",
                                       hint="save the sheet as 'CSV UTF-8' from your spreadsheet program"))
            continue
        except OSError as exc:
            problems.append(Diagnostic(Location(where), "unreadable-file", f"cannot read the file: {exc.strerror or exc}",
                                       hint="check that the file exists and that you may read it"))
            continue
        sheet, found = parse(text, path.stem, where)
        problems += found
        sheets[path.stem] = sheet
    return sheets, problems


def _delimiter(text: str) -> str:
    """`;` when the header row uses it and no comma (spreadsheet programs in many locales save so), else `,`.

    Column names hold neither, so the header row tells the two apart without guessing from the data.
    """
    header = text.split("\n", 1)[0]
    return ";" if ";" in header and "," not in header else ","


def parse(text: str, name: str, where: str) -> tuple[SheetRows, list[Diagnostic]]:
    """One CSV text as a sheet: the header, then every non-empty record with the line it starts on."""
    problems: list[Diagnostic] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header: dict[str, int] = {}
    rows: list[dict[str, SheetCell]] = []
    line = 1
    try:
        for number_, record in enumerate(reader):
            start, line = line, reader.line_num + 1
            if number_ == 0:
                for col, title in enumerate(record, start=1):
                    title = title.strip()
                    if not title:
                        continue
                    if title in header:
                        problems.append(Diagnostic(Location(where, start, col), "duplicate-column",
                                                   f"the column '{title}' appears twice",
                                                   hint="keep one column of each name"))
                    header.setdefault(title, col)
                continue
            cells = {title: SheetCell(csv_in(record[col - 1]), start, col)
                     for title, col in header.items() if col <= len(record) and record[col - 1] != ""}
            if any(str(c.value).strip() for c in cells.values()):
                rows.append(cells)
    except csv.Error as exc:
        problems.append(Diagnostic(Location(where, line), "csv-syntax", f"the file is not valid CSV: {exc}",
                                   hint="save the sheet again as CSV from your spreadsheet program"))
    return SheetRows(name, where, header, rows), problems
