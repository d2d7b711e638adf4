"""Spreadsheets and JSON in and out: the framework as tables (XLSX, CSV) and as resolved JSON.

A layer beside `framework`: it reads and writes files of its own formats and hands located
findings back; it knows nothing of pages, templates, MkDocs or the command line. Sheets and
columns are derived from the model (`framework.introspect`, `framework.kinds`), so a field added
to the model appears in the template, the export and the import without a change here.
"""
