"""Where a page sits in the handbook: its breadcrumb trail, its section, its previous and next page.

About 80 of the sample's 94 pages (one per role, measure, objective, ...) are left out of the
navigation on purpose: every built page embeds the whole menu, so a menu of every page makes the
build quadratic. Those pages still need to say where the reader is. This module is the one place
that knows each page's section and parent; the engine hands the result to the theme, which shows
it (the breadcrumb, the highlighted section in the menu, previous and next at the foot of the page).

Everything is computed once per build, in one pass over the framework: linear in its size.
Every word it puts on a page is in `LABELS`, as plain text (the theme escapes it).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..framework.kinds import SECTIONS
from ..framework.resolve import Framework
from . import subpages
from .labels import ENGLISH, Labels, N_
from .urls import page_path

#: Every word the wayfinding puts on a page, in one place (in English: the catalogue's message ids).
LABELS = {
    "home": N_("Home"),
    "trail": N_("You are here"),
    "toc": N_("On this page"),
    "scroll": N_("Scroll sideways for more columns"),
    "table": N_("Table"),
    "roles": N_("Roles"),
    "measures": N_("Measures"),
    "objectives": N_("Objectives"),
    "functions": N_("Functions"),
    "values": N_("Values"),
    "levels": N_("Career levels"),
    "cascade": N_("Cascade"),
}

#: The pages a large page is split into (site/subpages.py), by the start of their path: the page they
#: belong to, and its name in `LABELS`.
PART_SECTIONS = {"levels/": ("levels.md", "levels"), "cascade/": ("cascade.md", "cascade"),
                 "measures/owned-by/": ("measures/index.md", "measures")}


def label(t: Labels, key: str) -> str:
    """One of the words above in the page's language (by key: a literal inside `t.raw(...)` would be
    taken for a label by Babel's older extractors)."""
    return t.raw(LABELS[key])

HOME = "index.md"


@dataclass(frozen=True)
class Crumb:
    """One step of a trail: what it is called and the page (a path in the site) it links to."""

    label: str
    path: str


@dataclass(frozen=True)
class Way:
    """A generated page's place: the trail above it (Home first, the page itself not included),
    the section index it belongs to, and its neighbours in that section (None at either end)."""

    trail: tuple[Crumb, ...]
    section: str | None = None
    previous: str | None = None
    next: str | None = None


def section_index(kind: str) -> str:
    """The index page of a kind's section: `roles/index.md` for a role."""
    return f"{SECTIONS[kind]}/index.md"


def _parent(fw: Framework, kind: str, item: object) -> Crumb | None:
    """The page one step above an item inside its section, if it has one: a role's function, a
    measure's owning function, a broader objective."""
    if kind == "role":
        fn = fw.functions.get(getattr(item, "function", None) or "")
        return Crumb(fn.name, page_path("function", fn.id)) if fn else None
    if kind == "measure":
        fn = fw.functions.get(getattr(item, "owner", None) or "")
        return Crumb(fn.name, page_path("function", fn.id)) if fn else None
    if kind == "objective":
        parent = fw.objectives.get(getattr(item, "parent", None) or "")
        return Crumb(parent.name, page_path("objective", parent.id)) if parent else None
    return None


def ways(fw: Framework, t: Labels = ENGLISH) -> dict[str, Way]:
    """{page path: its Way} for every item page and section index; other pages get `way_of`'s default.

    Neighbours are the items of the same kind under the same parent (the roles of one function, the
    measures one function owns), in the order the framework lists them: reading on stays on topic.
    """
    home = Crumb(label(t, "home"), HOME)
    out: dict[str, Way] = {}
    groups: dict[tuple[str, str | None], list[str]] = {}
    for kind, item in fw.items():
        if kind not in SECTIONS:
            continue
        index = section_index(kind)
        parent = _parent(fw, kind, item)
        section = Crumb(label(t, SECTIONS[kind]) if SECTIONS[kind] in LABELS else SECTIONS[kind].capitalize(), index)
        path = page_path(kind, item.id)
        out[path] = Way((home, section) + ((parent,) if parent else ()), index)
        out.setdefault(index, Way((home,), index))
        groups.setdefault((kind, parent.path if parent else None), []).append(path)
    for part in subpages.part_pages(fw):  # under the page that lists them, beside the other parts
        index, key = next(v for k, v in PART_SECTIONS.items() if part.startswith(k))
        out[part] = Way((home, Crumb(label(t, key), index)), index)
        groups.setdefault(("part", index), []).append(part)
    for paths in groups.values():
        for i, path in enumerate(paths):
            way = out[path]
            out[path] = Way(way.trail, way.section, paths[i - 1] if i else None,
                            paths[i + 1] if i + 1 < len(paths) else None)
    return out


def way_of(ways_by_path: dict[str, Way], path: str, t: Labels = ENGLISH) -> Way:
    """A page's Way; a page the framework does not place (the home page, strategy, a hand-written
    page) sits directly under Home, and the home page has no trail at all."""
    if path == HOME:
        return Way(())
    return ways_by_path.get(path) or Way((Crumb(label(t, "home"), HOME),))


# --- tables on a phone ------------------------------------------------------------------------------

_HEADING_OR_TABLE = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>|<table\b[^>]*(?=>)", re.S)
_TAGS = re.compile(r"<[^>]+>")


def scrollable_tables(page_html: str, t: Labels = ENGLISH) -> str:
    """Every table of a page's HTML labelled for the script that makes it scroll on a narrow screen.

    Material's script wraps each table in a scrolling box (`.md-typeset__scrollwrap`); spm.js makes
    that box a named region (`data-spm-label`: "Table: " and the heading above the table) that the
    keyboard can focus, adds the hint (`data-spm-hint`) under it when the table is wider than the
    screen, and spm.css shades the edge with more columns beyond it and keeps the first column, which
    names the row, in view. The words stay here, with every other label; the page keeps the
    structure Material gives it. One pass over the page's HTML.
    """
    heading = ""
    out: list[str] = []
    last = 0
    for match in _HEADING_OR_TABLE.finditer(page_html):
        if match.group(1):
            heading = html.unescape(_TAGS.sub("", match.group(2))).replace("¶", "").strip()
            continue
        name = t.raw("Table: %(heading)s", heading=heading) if heading else label(t, "table")
        out.append(page_html[last:match.end()])
        out.append(f' data-spm-label="{html.escape(name)}" data-spm-hint="{html.escape(label(t, "scroll"))} →"')
        last = match.end()
    out.append(page_html[last:])
    return "".join(out)
