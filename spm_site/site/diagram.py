"""The line-of-sight diagram: a static SVG from a role to its measures, objectives and pillars.

It is built here, at build time, as plain inline SVG: no script draws it, nothing is fetched, and it
prints. Every node is a link to its page; the URLs are final, relative ones (raw HTML is not
rewritten by MkDocs the way Markdown links are). Author text reaches the SVG only through
`sanitize.html_text()`, which escapes it for HTML; it never lands in an attribute. Colours come from the CSS
(`.spm-los` in spm.css), through Material's variables, so the light and dark palettes both work.

For assistive technology the SVG is a named group (`<title>`) with a description (`<desc>`) that
says the whole line of sight in a sentence; its links stay reachable by keyboard and screen reader.
It is not `role="img"`: an image's children are presentational, so links inside one are hidden
from screen readers yet still focusable, which axe reports as nested-interactive (serious). The
"Line of sight" table right below it is the full text equivalent.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable, Iterator

from ..framework.model import Role
from ..framework.resolve import Framework
from .labels import ENGLISH, Labels, N_
from .sanitize import html_text


#: `url(target_md)` gives the final URL of a generated page relative to the page being rendered.
Url = Callable[[str], str]


# --- layout -------------------------------------------------------------------------------------

FONT = 13          # px in the SVG's own units; the SVG scales with the page
LINE = 16          # line height
PAD_X, PAD_Y = 12, 8
NODE_GAP = 8       # between two nodes of a column
COL_GAP = 30       # between two columns, where the connectors run
MARGIN = 2         # round the whole drawing, so that strokes on the edge are not cut
TOP = 28           # room for the column headings
#: (kind, heading, column width)
COLUMNS = (("role", N_("Role"), 124), ("measure", N_("Measures"), 164), ("objective", N_("Objectives"), 204),
           ("pillar", N_("Strategy pillars"), 150))
MAX_LINES = 3

# Rough advance widths (in em) of a sans-serif font, to wrap text without a browser.
_NARROW = set("fijlrtI.,:;'!|()[] ")
_WIDE = set("mwMW@%")


def _char_width(c: str) -> float:
    return 0.3 if c in _NARROW else 0.85 if c in _WIDE else 0.68 if c.isupper() or c.isdigit() else 0.56


def _char_units(c: str) -> int:
    """A character's advance in hundredths of an em: whole numbers add up exactly, in any order."""
    return round(_char_width(c) * 100)


_UNITS = {chr(i): _char_units(chr(i)) for i in range(128)}
_SPACE = _UNITS[" "]
_ELLIPSIS = _char_units("…")


def _advances(s: str) -> Iterator[int]:
    """The advance of each character of `s`, lazily: the one place text is measured."""
    units = _UNITS
    return (units.get(c) or _char_units(c) for c in s)


def _fits(units: int, width: float) -> bool:
    return units * FONT <= width * 100


@functools.lru_cache(maxsize=65536)  # the same names recur on many role pages
def wrap(label: str, width: float, max_lines: int = MAX_LINES) -> tuple[str, ...]:
    """Split a label into lines that fit `width` px; the last line ends with … if it had to be cut.

    Linear in the label: each word is measured once and a line's width is kept as it grows, so a
    name of a megabyte costs no more per character than a short one.
    """
    lines: list[str] = []
    widths: list[int] = []
    current: list[str] = []
    used = 0
    for word in label.split():
        units = sum(_advances(word))
        if not current:
            current, used = [word], units
        elif _fits(used + _SPACE + units, width):
            current.append(word)
            used += _SPACE + units
        else:
            lines.append(" ".join(current))
            widths.append(used)
            current, used = [word], units
    if current:
        lines.append(" ".join(current))
        widths.append(used)
    if len(lines) > max_lines:
        last = " ".join(lines[max_lines - 1:])
        last = last[:_fitting(last, width)].rstrip(" ,;:-") + "…"
        lines = lines[: max_lines - 1] + [last]
        widths = widths[: max_lines - 1] + [sum(_advances(last))]
    # A single word wider than the box is cut too.
    return tuple(ln if _fits(w, width) else _cut(ln, width) for ln, w in zip(lines, widths)) or ("",)


def _fitting(line: str, width: float) -> int:
    """How many leading characters of `line` fit in `width` px with an ellipsis after them.

    It measures only up to the first character that does not fit, so it never reads more of a long
    line than fits in the box.
    """
    used = _ELLIPSIS
    if not _fits(used, width):
        return 0
    for count, units in enumerate(_advances(line)):
        used += units
        if not _fits(used, width):
            return count
    return len(line)


def _cut(line: str, width: float) -> str:
    return line[:_fitting(line, width)] + "…"


@dataclass
class Node:
    kind: str
    ident: str
    label: str
    href: str
    lines: tuple[str, ...] = ()
    x: int = 0
    y: int = 0
    w: int = 0
    h: int = 0

    @property
    def mid(self) -> int:
        return self.y + self.h // 2


@dataclass
class Diagram:
    role: Role
    columns: list[list[Node]]
    edges: list[tuple[Node, Node]]
    width: int = 0
    height: int = 0


def build(fw: Framework, role: Role, url: Url) -> Diagram:
    """Nodes and edges of a role's line of sight, in an order that keeps lines from crossing much."""
    def node(kind: str, ident: str, label: str, target: str) -> Node:
        return Node(kind, ident, label, url(target))

    me = node("role", role.id, role.name, f"roles/{role.id}.md")
    measures: dict[str, Node] = {}
    objectives: dict[str, Node] = {}
    pillars: dict[str, Node] = {}
    edges: list[tuple[Node, Node]] = []
    for rm in role.measures:
        ms = fw.measures.get(rm.measure)
        if ms is None or ms.id in measures:
            continue
        measures[ms.id] = node("measure", ms.id, ms.name, f"measures/{ms.id}.md")
        edges.append((me, measures[ms.id]))
    for mid, mnode in measures.items():
        for oid in dict.fromkeys(fw.measures[mid].objectives):
            obj = fw.objectives.get(oid)
            if obj is None:
                continue
            if oid not in objectives:
                objectives[oid] = node("objective", oid, obj.name, f"objectives/{oid}.md")
            edges.append((mnode, objectives[oid]))
    for oid, onode in objectives.items():
        pid = fw.objectives[oid].pillar
        if pid is None or pid not in fw.pillars:
            continue
        if pid not in pillars:
            pillars[pid] = node("pillar", pid, fw.pillars[pid].name, f"strategy.md#{pid}")
        edges.append((onode, pillars[pid]))
    diagram = Diagram(role, [[me], list(measures.values()), list(objectives.values()), list(pillars.values())], edges)
    _layout(diagram)
    return diagram


def _layout(d: Diagram) -> None:
    x = MARGIN
    heights = []
    for (_, _, width), column in zip(COLUMNS, d.columns):
        y = TOP
        for n in column:
            n.lines = wrap(n.label, width - 2 * PAD_X - 4)
            n.x, n.w = x, width
            n.h = 2 * PAD_Y + len(n.lines) * LINE - (LINE - FONT)
            n.y = y
            y += n.h + NODE_GAP
        heights.append(y - NODE_GAP)
        x += width + COL_GAP
    d.width = x - COL_GAP + MARGIN
    d.height = max(heights + [TOP + 40]) + MARGIN
    # Centre each column against the tallest one.
    for column, h in zip(d.columns, heights):
        shift = (d.height - h) // 2
        for n in column:
            n.y += shift


# --- SVG ------------------------------------------------------------------------------------------

def _edge(a: Node, b: Node) -> str:
    x1, y1, x2, y2 = a.x + a.w, a.mid, b.x, b.mid
    cx = (x1 + x2) // 2
    return f'<path class="spm-los__edge" d="M{x1} {y1}C{cx} {y1} {cx} {y2} {x2} {y2}" fill="none" stroke="currentColor"/>'


def _node(n: Node) -> str:
    ty = n.y + PAD_Y + FONT - 2
    tspans = "".join(
        f'<tspan x="{n.x + PAD_X + 4}" y="{ty + i * LINE}">{html_text(line)}</tspan>' for i, line in enumerate(n.lines))
    current = ' aria-current="page"' if n.kind == "role" else ""
    # `xlink:href`, not `href`: Material's instant navigation sets every `[href]` element's href to
    # itself, which throws on an SVG link (a getter only) and stops it; browsers follow either.
    return (f'<a class="spm-los__node spm-los__node--{n.kind}" xlink:href="{html_text(n.href)}"{current}>'
            f"<title>{html_text(n.label)}</title>"
            f'<rect class="spm-los__box" x="{n.x}" y="{n.y}" width="{n.w}" height="{n.h}" rx="6" '
            f'fill="none" stroke="currentColor"/>'
            f'<rect class="spm-los__bar" x="{n.x}" y="{n.y}" width="5" height="{n.h}" rx="2" fill="currentColor"/>'
            f'<text fill="currentColor">{tspans}</text></a>')


def svg(d: Diagram, tall: Diagram | None = None, t: Labels = ENGLISH) -> str:
    """The diagram as one line of HTML: a <figure> holding an accessible, scalable <svg>, and with
    `tall` the same line of sight laid out top to bottom for narrow screens (the CSS shows one)."""
    role = d.role
    uid = f"spm-los-{role.id}"
    figure = _svg(d, uid, "wide", _column_starts(d), "".join(_edge(a, b) for a, b in d.edges), t)
    # The tall layout follows the figure, not inside it: the figure keeps one drawing and its caption,
    # and the tall one sits between them and the table that says the same in words. Search indexes
    # neither: the table below and the measure and objective pages say the same in words.
    after = "" if tall is None else (
        '<div class="spm-los spm-los--tall" data-search-exclude="">'
        + _svg(tall, uid + "-tall", "tall", _tier_starts(tall), "".join(_tall_edges(tall)), t) + "</div>")
    caption = html_text(t.raw("Each measure links to its definition, each objective to its page and each pillar to the "
                              "strategy. The table below says the same in words."))
    return (f'<figure class="spm-los" id="{uid}" data-search-exclude="">' + figure
            + f'<figcaption class="spm-los__caption">{caption}</figcaption></figure>' + after)


def _svg(d: Diagram, uid: str, variant: str, starts: list[tuple[int, int, str]], edges: str,
         t: Labels = ENGLISH) -> str:
    """One layout of the diagram as an <svg> element, its ids made unique by `uid`."""
    role = d.role
    n_measures, n_objectives, n_pillars = (len(c) for c in d.columns[1:])
    summary = (html_text(t.raw("%(role)s is held to %(measures)s, which show progress on %(objectives)s serving %(pillars)s:",
                               role=role.name,
                               measures=t.raw_n("%(num)s measure", "%(num)s measures", n_measures),
                               objectives=t.raw_n("%(num)s objective", "%(num)s objectives", n_objectives),
                               pillars=t.raw_n("%(num)s strategy pillar", "%(num)s strategy pillars", n_pillars)))
               + " " + "; ".join(f"{html_text(a.label)} → {html_text(b.label)}" for a, b in d.edges if a.kind != "role") + ".")
    title = html_text(t.raw("Line of sight of the role %(role)s", role=role.name))
    heads = "".join(
        f'<text class="spm-los__head" x="{x}" y="{y}" fill="currentColor">{html_text(t.raw(title))}</text>'
        for x, y, title in starts)
    parts = [
        f'<svg class="spm-los__svg spm-los__svg--{variant}" viewBox="0 0 {d.width} {d.height}" width="{d.width}" height="{d.height}" '
        f'role="group" aria-labelledby="{uid}-t" aria-describedby="{uid}-d" xmlns="http://www.w3.org/2000/svg" '
        f'font-size="{FONT}" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{uid}-t">{title}</title>',
        f'<desc id="{uid}-d">{summary}</desc>',
        heads,
        edges,
        "".join(_node(n) for column in d.columns for n in column),
        "</svg>",
    ]
    return "".join(parts)


def _column_starts(d: Diagram) -> list[tuple[int, int, str]]:
    out, x = [], MARGIN
    for _, title, width in COLUMNS:
        out.append((x, 16, title))
        x += width + COL_GAP
    return out


# --- the tall layout, for narrow screens --------------------------------------------------------------
# The four columns become four tiers, one box per line. The links between two tiers run in a gutter
# beside the boxes, one lane per box above: role -> measures and objectives -> pillars on the left,
# measures -> objectives on the right, so no two sets of links share a gutter where they overlap.

TALL_WIDTH = 340   # the drawing's width in its own units; it scales to the screen
LANE = 7           # between two lanes of a gutter
TIER_GAP = 30      # between the last box of a tier and the next tier's heading


def _gutters(d: Diagram) -> tuple[int, int]:
    """The widths of the left and right gutters: one lane per box that links down to the next tier."""
    lanes = [len({a.ident for a, _ in d.edges if a.kind == kind}) for kind, _, _ in COLUMNS[:3]]
    return (MARGIN + 8 + LANE * max(lanes[0], lanes[2], 1), MARGIN + 8 + LANE * max(lanes[1], 1))


def tall(d: Diagram) -> Diagram:
    """The same nodes and edges as `d`, laid out as tiers from top to bottom."""
    out = Diagram(d.role, [[Node(n.kind, n.ident, n.label, n.href) for n in col] for col in d.columns], [])
    by_id = {(n.kind, n.ident): n for col in out.columns for n in col}
    out.edges = [(by_id[(a.kind, a.ident)], by_id[(b.kind, b.ident)]) for a, b in d.edges]
    left, right = _gutters(out)
    width = TALL_WIDTH - left - right
    y = 0
    for column in out.columns:
        y += TOP
        for n in column:
            n.lines = wrap(n.label, width - 2 * PAD_X - 4, 2)
            n.x, n.w, n.y = left, width, y
            n.h = 2 * PAD_Y + len(n.lines) * LINE - (LINE - FONT)
            y += n.h + NODE_GAP
        y += TIER_GAP - NODE_GAP
    out.width, out.height = TALL_WIDTH, y - TIER_GAP + MARGIN + 4
    return out


def _tier_starts(d: Diagram) -> list[tuple[int, int, str]]:
    return [(d.columns[0][0].x if d.columns[0] else MARGIN, (column[0].y if column else 0) - 10, title)
            for (_, title, _), column in zip(COLUMNS, d.columns) if column]


def _tall_edges(d: Diagram) -> Iterator[str]:
    """Each box with links down gets a lane in its gutter: a stub out of the box, the lane down to
    its last child, and a stub into each child."""
    parents: dict[int, list[Node]] = {}
    order: list[Node] = []
    for a, b in d.edges:
        if id(a) not in parents:
            parents[id(a)] = []
            order.append(a)
        parents[id(a)].append(b)
    lanes: dict[str, int] = {}
    for a in order:
        on_left = a.kind != "measure"
        lane = lanes.get(a.kind, 0)
        lanes[a.kind] = lane + 1
        if on_left:
            x, side = a.x - 8 - LANE * lane, a.x
        else:
            x, side = a.x + a.w + 8 + LANE * lane, a.x + a.w
        children = parents[id(a)]
        bottom = max(c.mid for c in children)
        stubs = "".join(f"M{x} {c.mid}H{side}" for c in children)
        yield (f'<path class="spm-los__edge" d="M{side} {a.mid}H{x}V{bottom}{stubs}" '
               f'fill="none" stroke="currentColor"/>')


def line_of_sight(fw: Framework, role: Role, url: Url, t: Labels = ENGLISH) -> str:
    """The role's line-of-sight figure as raw HTML, or "" when the role has no measures to draw."""
    if not role.measures:
        return ""
    wide = build(fw, role, url)
    return svg(wide, tall(wide), t)
