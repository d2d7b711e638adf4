"""What a spreadsheet cell may hold on the way out: author text never becomes a formula.

Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` as a formula (CSV
injection), and some also act on a leading tab or carriage return. Author text is untrusted, so:
- in XLSX, text is stored as text (never as a formula or an error value) and such cells carry
  Excel's quote prefix, so editing the cell keeps it text;
- in CSV, which has no cell types, such text is written with a leading apostrophe (`'=1+1`), as
  spreadsheet programs themselves do; the import removes exactly that apostrophe again. Text that
  itself starts with an apostrophe gets a second one, so every text comes back as it was.
"""

from __future__ import annotations

#: First characters that make a spreadsheet program read a cell as a formula or a command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


def risky(text: str) -> bool:
    """Whether a spreadsheet program could take `text` for a formula."""
    return text.startswith(FORMULA_STARTS)


def csv_out(text: str) -> str:
    """Text for a CSV cell that no spreadsheet program runs."""
    return _QUOTE + text if risky(text) or text.startswith(_QUOTE) else text


def csv_in(text: str) -> str:
    """The text `csv_out` was given: one apostrophe removed where `csv_out` added it."""
    if text.startswith(_QUOTE) and len(text) > 1 and (risky(text[1:]) or text[1] == _QUOTE):
        return text[1:]
    return text
