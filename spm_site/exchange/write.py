"""Where exports go: never over a file the person did not ask to replace, and never half written.

A spreadsheet that was exported and then edited is the author's work: exporting again over it
is refused unless `--replace` says so. Each file is written beside its place and renamed over
it, so a failure leaves the old file whole. A CSV folder with `--replace` loses only the .csv
files of sheets spm-site writes; every other file in it stays.
"""

from __future__ import annotations

import os
from pathlib import Path

from .csv_files import SUFFIX
from .tables import NOT_IMPORTED
from .tables import sheets


class OutputExists(Exception):
    """The export's destination already holds something and `--replace` was not given."""


def _atomic(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_file(path: Path, data: bytes, replace: bool) -> None:
    """Write one file (a workbook, a JSON document); an existing one only with `replace`."""
    if path.is_dir() or path.is_symlink():
        raise OutputExists(f"{path} is a folder or a link: name the file to write")
    if path.exists() and not replace:
        raise OutputExists(f"{path} exists: pass --replace to overwrite it, or choose another name")
    path.parent.mkdir(parents=True, exist_ok=True)
    _atomic(path, data)


def write_sheets_folder(folder: Path, texts: dict[str, str], replace: bool) -> None:
    """Write `<sheet>.csv` for each sheet into `folder`; a non-empty folder only with `replace`."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise OutputExists(f"{folder} is not a folder: the csv format writes a folder of .csv files")
    if folder.is_dir() and any(folder.iterdir()) and not replace:
        raise OutputExists(f"{folder} is not empty: pass --replace to replace its sheets' .csv files "
                           "(other files are kept), or choose a new folder")
    folder.mkdir(parents=True, exist_ok=True)
    ours = {t.name for t in sheets()} | set(NOT_IMPORTED)
    for name in sorted(ours - set(texts)):
        stale = folder / f"{name}{SUFFIX}"
        if stale.is_file() and not stale.is_symlink():
            stale.unlink()
    for name, text in texts.items():
        target = folder / f"{name}{SUFFIX}"
        if target.is_symlink() or target.is_dir():
            raise OutputExists(f"{target} is a link or a folder: spm-site does not write through it")
        _atomic(target, text.encode("utf-8"))
