"""The ladder diagram: a static SVG of one career ladder, its shared levels and the tracks it branches into.

Built like the line of sight (`diagram`): plain inline SVG made at build time, no script, nothing
fetched, deterministic. Levels climb from the bottom; the shared levels stand in one column and,
at the branch point, the ladder forks into a column per track, side by side, so no track's level
sits above another's. Every level is a link to its section of the career levels page. Author text
(level and track names) reaches the SVG only through `sanitize.html_text()`, as element text and
in `<title>`; the only attribute values are numbers, fixed class names, ids made of level ids and
the URLs `url()` gives. Colours come from the CSS (`.spm-ladder` in spm.css). The levels listed
right below the figure say the same in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..framework.ladders import Ladder
from ..framework.model import Level
from .diagram import Url, wrap
from .labels import ENGLISH, Labels
from .sanitize import html_text

FONT = 13
LINE = 16
PAD_X, PAD_Y = 12, 8
NODE_W = 178            # a level's box
NODE_H = 2 * PAD_Y + 2 * LINE - (LINE - FONT)   # room for two lines of a name
COL_GAP = 28            # between two tracks' columns
ROW_GAP = 22            # between two levels, where the rungs run
MARGIN = 2
TOP = 28                # room for the tracks' names


@dataclass
class _Node:
    level: Level
    x: int
    y: int
    lines: tuple[str, ...]
    branch: bool = False

    @property
    def top(self) -> tuple[int, int]:
        return self.x + NODE_W // 2, self.y

    @property
    def bottom(self) -> tuple[int, int]:
        return self.x + NODE_W // 2, self.y + NODE_H


def _layout(ladder: Ladder) -> tuple[list[_Node], list[tuple[_Node, _Node]], list[tuple[int, str]], int, int]:
    """Nodes, edges (lower, higher), track headings (x, name), width and height of the drawing."""
    shared = list(ladder.shared) if ladder.tracks else list(ladder.levels)
    columns = [list(ladder.of_track(t.id)) for t in ladder.tracks]
    n_cols = max(len(columns), 1)
    width = MARGIN * 2 + n_cols * NODE_W + (n_cols - 1) * COL_GAP
    rows = len(shared) + max((len(c) for c in columns), default=0)
    top = TOP if ladder.tracks else MARGIN
    height = top + rows * NODE_H + max(rows - 1, 0) * ROW_GAP + MARGIN

    def y_of(row: int) -> int:  # row 0 is the lowest level, drawn at the bottom
        return top + (rows - 1 - row) * (NODE_H + ROW_GAP)

    def node(level: Level, x: int, row: int) -> _Node:
        return _Node(level, x, y_of(row), wrap(level.name, NODE_W - 2 * PAD_X - 4, 2))

    nodes: list[_Node] = []
    edges: list[tuple[_Node, _Node]] = []
    middle = (width - NODE_W) // 2
    below: _Node | None = None
    for row, level in enumerate(shared):
        current = node(level, middle, row)
        if below is not None:
            edges.append((below, current))
        nodes.append(current)
        below = current
    branch_point = below if ladder.tracks else None
    if branch_point is not None:
        branch_point.branch = True
    heads = []
    for i, (track, levels) in enumerate(zip(ladder.tracks, columns)):
        x = MARGIN + i * (NODE_W + COL_GAP)
        heads.append((x, track.name))
        lower = branch_point
        for j, level in enumerate(levels):
            current = node(level, x, len(shared) + j)
            if lower is not None:
                edges.append((lower, current))
            nodes.append(current)
            lower = current
    return nodes, edges, heads, width, height


def _edge(lower: _Node, higher: _Node) -> str:
    (x1, y1), (x2, y2) = lower.top, higher.bottom
    if x1 == x2:
        return f'<path class="spm-ladder__rung" d="M{x1} {y1}V{y2}" fill="none" stroke="currentColor"/>'
    mid = (y1 + y2) // 2
    return (f'<path class="spm-ladder__rung spm-ladder__rung--branch" d="M{x1} {y1}C{x1} {mid} {x2} {mid} {x2} {y2}" '
            f'fill="none" stroke="currentColor"/>')


def _node(n: _Node, url: Url) -> str:
    lines = n.lines
    first = n.y + NODE_H // 2 - (len(lines) - 1) * LINE // 2 + FONT // 2 - 2
    tspans = "".join(f'<tspan x="{n.x + PAD_X + 4}" y="{first + i * LINE}">{html_text(line)}</tspan>'
                     for i, line in enumerate(lines))
    kind = " spm-ladder__level--branch" if n.branch else " spm-ladder__level--track" if n.level.track else ""
    # `xlink:href`, not `href`: Material's instant navigation sets every `[href]` element's href to
    # itself, which throws on an SVG link (a getter only) and stops it; browsers follow either.
    return (f'<a class="spm-ladder__level{kind}" xlink:href="{html_text(url("levels.md") + "#" + n.level.id)}">'
            f"<title>{html_text(n.level.name)}</title>"
            f'<rect class="spm-ladder__box" x="{n.x}" y="{n.y}" width="{NODE_W}" height="{NODE_H}" rx="6" '
            f'fill="none" stroke="currentColor"/>'
            f'<rect class="spm-ladder__bar" x="{n.x}" y="{n.y}" width="5" height="{NODE_H}" rx="2" fill="currentColor"/>'
            f'<text fill="currentColor">{tspans}</text></a>')


def _names(levels: tuple[Level, ...]) -> str:
    return ", ".join(lv.name for lv in levels)


def summary(ladder: Ladder, t: Labels = ENGLISH) -> str:
    """The whole ladder in a sentence (escaped), for the SVG's description."""
    name = ladder.name or t.raw("The shared ladder")
    if not ladder.tracks:
        return html_text(t.raw("%(ladder)s, from the first level up: %(levels)s.", ladder=name,
                               levels=_names(ladder.levels)))
    shared = ladder.shared
    tracks = "; ".join(f"{tr.name}: {_names(ladder.of_track(tr.id))}" for tr in ladder.tracks)
    return html_text(t.raw("%(ladder)s: %(shared)s (%(names)s), then a choice of %(tracks)s, side by side: %(each)s.",
                           ladder=name, names=_names(shared), each=tracks,
                           shared=t.raw_n("%(num)s shared level", "%(num)s shared levels", len(shared)),
                           tracks=t.raw_n("%(num)s track", "%(num)s tracks", len(ladder.tracks))))


def ladder_svg(ladder: Ladder, url: Url, t: Labels = ENGLISH) -> str:
    """The ladder's figure as one line of raw HTML, or "" when it has no level to draw."""
    if not ladder.levels:
        return ""
    nodes, edges, heads, width, height = _layout(ladder)
    uid = f"spm-ladder-{ladder.ident}" if ladder.ident else "spm-ladder--shared"  # no id has "--"
    title = html_text(t.raw("Career ladder %(ladder)s", ladder=ladder.name) if ladder.name
                      else t.raw("The shared career ladder"))
    parts = [
        f'<svg class="spm-ladder__svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="group" aria-labelledby="{uid}-t" aria-describedby="{uid}-d" xmlns="http://www.w3.org/2000/svg" '
        f'font-size="{FONT}" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{uid}-t">{title}</title>',
        f'<desc id="{uid}-d">{summary(ladder, t)}</desc>',
        "".join(f'<text class="spm-ladder__head" x="{x + 4}" y="16" fill="currentColor">{html_text(name)}</text>'
                for x, name in heads),
        "".join(_edge(a, b) for a, b in edges),
        "".join(_node(n, url) for n in nodes),
        "</svg>",
    ]
    caption = html_text(t.raw("Levels climb from the bottom. After the branch point the tracks run side by side: moving "
                              "from one to the other is a change of job, not a promotion. Each level links to its "
                              "description below.") if ladder.tracks
                        else t.raw("Levels climb from the bottom. Each level links to its description below."))
    return (f'<figure class="spm-ladder" id="{uid}">' + "".join(parts)
            + f'<figcaption class="spm-ladder__caption">{caption}</figcaption></figure>')
