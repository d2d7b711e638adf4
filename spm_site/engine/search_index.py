"""The search index without the sections of role pages: a role is found by its top section.

Material's search plugin writes one index entry per section of every page, and the browser loads
and indexes all of it on every page load. A role page's sections (responsibilities, expectations
by level, measures and line-of-sight tables, values, development, feedback, partnership) are two
thirds of the index, and nearly all of it is said again on the pages a reader searches for: the
measure, value and level pages, where the same words lead to the page that defines them. The top
section of a role page (its name, purpose, "At a glance", function and reporting line) stays, so a
word of a role's purpose still finds the role, and the page's other names (`abbreviations:`,
`synonyms:`) stay as its tags.

This runs after Material has written `search/search_index.json` (the spm plugin's `on_post_build`,
before the output scan reads the file) and writes it back in Material's own compact form, so a
build stays byte-identical from one run to the next.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path

INDEX = Path("search") / "search_index.json"


def top_sections_only(site: Path, pages: Collection[str]) -> None:
    """Keep only the top entry of each page whose URL (relative, as the index has it) is in `pages`."""
    index = site / INDEX
    if not pages or not index.is_file():  # search disabled or another search plugin: nothing of Material's
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    docs = data.get("docs")
    if not isinstance(docs, list):
        return
    data["docs"] = [d for d in docs if not _section_of(d.get("location", ""), pages)]
    index.write_text(json.dumps(data, separators=(",", ":"), default=str), encoding="utf-8")


def _section_of(location: str, pages: Collection[str]) -> bool:
    page, hash_, anchor = location.partition("#")
    return bool(hash_ and anchor) and page in pages
