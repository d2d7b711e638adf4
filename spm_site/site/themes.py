"""Views of competencies by theme for the role page: the theme × level grid, and each step up the
ladder compared theme by theme ("this theme at my level and at the next").

Plain data for the templates, as in `views`: a template shows these values and never decides them.
A level's plain expectations (sentences, as before themes existed) and mappings without a theme
sit in one row of their own after the themes, so nothing an author wrote is left off the grid.
An expectation is followed from one level to the next by its id (a mapping) or its text (a
sentence): the same id at a higher proficiency is a raised bar, not a new expectation.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

import jinja2

from . import sanitize
from ..framework.competencies import text_of, uses_themes
from ..framework.model import (
    CompetencyBehaviour,
    Expectation,
    KeyCompetency,
    Level,
    Proficiency,
    Role,
    RoleLevel,
    SupportingLink,
    Theme,
    Track,
)
from ..framework.resolve import Framework
from .labels import ENGLISH, Labels, N_

#: The row of expectations that name no theme.
OTHER = N_("Other expectations")


@dataclass(frozen=True)
class Shown:
    """One expectation as a page shows it: its text, theme and proficiency looked up."""

    entry: str | Expectation
    theme: Theme | None
    proficiency: Proficiency | None

    @property
    def text(self) -> str:
        return text_of(self.entry)

    @property
    def key(self) -> tuple[str, str]:
        """What follows it from level to level: its id, or its text for a plain sentence."""
        return ("id", self.entry.id) if isinstance(self.entry, Expectation) else ("text", self.entry)

    @property
    def examples(self) -> list[str]:
        return self.entry.examples if isinstance(self.entry, Expectation) else []

    @property
    def links(self) -> list[SupportingLink]:
        return self.entry.links if isinstance(self.entry, Expectation) else []


def shown(fw: Framework, entry: str | Expectation) -> Shown:
    if not isinstance(entry, Expectation):
        return Shown(entry, None, None)
    return Shown(entry, fw.themes.get(entry.theme) if entry.theme else None,
                 fw.scale.get(entry.proficiency) if entry.proficiency else None)


@dataclass
class ThemeRow:
    """One theme (None: expectations with no theme) and its expectations at each of the role's levels."""

    theme: Theme | None
    cells: list[list[Shown]]

    @property
    def name(self) -> str:
        return self.theme.name if self.theme else OTHER

    def carried_from(self, i: int, grid: ThemeGrid, cumulative: bool | None) -> Level | None:
        """For an empty cell of a cumulative framework, the nearest lower level on the same path (a
        shared level, or one of the same track) whose expectations still apply."""
        if not cumulative or self.cells[i]:
            return None
        track = grid.tracks[i].id if grid.tracks and grid.tracks[i] else None
        below = [j for j in range(i - 1, -1, -1) if not grid.tracks or grid.tracks[j] is None
                 or grid.tracks[j].id == track]
        return next((grid.levels[j] for j in below if self.cells[j]), None)


@dataclass
class ThemeGrid:
    levels: list[Level]
    role_levels: list[RoleLevel]
    rows: list[ThemeRow]
    #: The track of each level (None: shared by every track), for the column headings.
    tracks: list[Track | None] = field(default_factory=list)

    def paths(self) -> list[tuple[Track | None, ThemeGrid]]:
        """One grid per track the role's levels lie on (its shared levels, then the track's), so a
        reader reads one path up the ladder; the grid itself when there is one path."""
        on = list({t.id: t for t in self.tracks if t is not None}.values())
        if len(on) < 2:
            return [(on[0] if on else None, self)]
        out = []
        for track in on:
            keep = [i for i, t in enumerate(self.tracks) if t is None or t.id == track.id]
            rows = [ThemeRow(r.theme, [r.cells[i] for i in keep]) for r in self.rows]
            out.append((track, ThemeGrid([self.levels[i] for i in keep], [self.role_levels[i] for i in keep],
                                         [r for r in rows if any(r.cells)], [self.tracks[i] for i in keep])))
        return out


def _role_levels(fw: Framework, role: Role) -> list[RoleLevel]:
    """The role's levels in the order of its ladder (shared levels, then each track's), as
    `views.compare_levels` orders them."""
    ladder = fw.ladder_of(role)
    order = {lv.id: i for i, lv in enumerate(ladder.levels)}
    tracks = {t.id: i for i, t in enumerate(ladder.tracks)}

    def place(rl: RoleLevel) -> tuple[int, int]:  # shared levels first, then each track's, each in ladder order
        track = ladder.track_of(rl.level)
        return (-1 if track is None else tracks.get(track.id, len(tracks)), order[rl.level])

    return sorted((rl for rl in role.levels if rl.level in order), key=place)


def _rows(fw: Framework, levels: list[list[Shown]]) -> list[ThemeRow]:
    """Rows for every theme that has an expectation at one of `levels`, in competencies.yml's order."""
    order = {tid: i for i, tid in enumerate(fw.themes)}
    themes: dict[str | None, Theme | None] = {}
    for cell in levels:
        for s in cell:
            themes.setdefault(s.theme.id if s.theme else None, s.theme)
    ids = sorted(themes, key=lambda t: order[t] if t is not None else len(order))
    return [ThemeRow(themes[t], [[s for s in cell if (s.theme.id if s.theme else None) == t] for cell in levels])
            for t in ids]


def theme_grid(fw: Framework, role: Role) -> ThemeGrid | None:
    """Themes down, the role's levels across; None when the role writes no expectation as a mapping."""
    if not uses_themes(role):
        return None
    role_levels = _role_levels(fw, role)
    cells = [[shown(fw, e) for e in rl.expectations] for rl in role_levels]
    ladder = fw.ladder_of(role)
    return ThemeGrid([fw.levels[rl.level] for rl in role_levels], role_levels, _rows(fw, cells),
                     [ladder.track_of(rl.level) for rl in role_levels])


@dataclass
class ThemeStep:
    """One theme from a level to the next: what each asks, and what is new, graded differently or left."""

    theme: Theme | None
    lower: list[Shown]
    higher: list[Shown]
    new: list[Shown] = field(default_factory=list)
    #: (at the higher level, the proficiency it had below), for a proficiency that moved up the scale.
    raised: list[tuple[Shown, Proficiency | None]] = field(default_factory=list)
    lowered: list[tuple[Shown, Proficiency | None]] = field(default_factory=list)
    kept: list[Shown] = field(default_factory=list)
    #: The same expectation (id) at the same proficiency, in other words: what it asks has grown or moved.
    reworded: list[Shown] = field(default_factory=list)
    #: At the lower level only: still expected when the framework is cumulative, else no longer asked.
    left: list[Shown] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.theme.name if self.theme else OTHER

    def before(self, s: Shown) -> Proficiency | None | bool:
        """The proficiency `s` had at the lower level when it changed, else False."""
        for after, was in (*self.raised, *self.lowered):
            if after is s:
                return was
        return False

    def is_new(self, s: Shown) -> bool:
        return any(n is s for n in self.new)

    def summary(self, cumulative: bool | None, lower: str, t: Labels = ENGLISH) -> str:
        """What changes in this theme, in words: `1 new, 1 at a higher proficiency` (plain text, to escape)."""
        parts = [t.raw("%(num)s new", num=len(self.new)) if self.new else "",
                 t.raw("%(num)s at a higher proficiency", num=len(self.raised)) if self.raised else "",
                 t.raw("%(num)s at a lower proficiency", num=len(self.lowered)) if self.lowered else "",
                 t.raw("%(num)s asked in new words", num=len(self.reworded)) if self.reworded else "",
                 (t.raw("%(num)s still expected from %(level)s", num=len(self.left), level=lower) if cumulative
                  else t.raw("%(num)s no longer listed", num=len(self.left)))
                 if self.left else ""]
        said = ", ".join(p for p in parts if p)
        return said or (t.raw("no change") if self.kept or not self.left else "")


def compare_expectations(fw: Framework, lower: RoleLevel, higher: RoleLevel) -> list[ThemeStep]:
    """Theme by theme, what changes from `lower` to `higher`: the comparison the level steps show."""
    below = [shown(fw, e) for e in lower.expectations]
    above = [shown(fw, e) for e in higher.expectations]
    rank = {pid: i for i, pid in enumerate(fw.scale)}
    by_key = {s.key: s for s in below}
    above_keys = {s.key for s in above}
    steps = []
    for row in _rows(fw, [below, above]):
        step = ThemeStep(row.theme, row.cells[0], row.cells[1])
        for s in row.cells[1]:
            was = by_key.get(s.key)
            if was is None:
                step.new.append(s)
                continue
            a = was.proficiency.id if was.proficiency else None
            b = s.proficiency.id if s.proficiency else None
            if a == b:
                (step.kept if s.text == was.text else step.reworded).append(s)
            elif a in rank and b in rank and rank[b] < rank[a]:
                step.lowered.append((s, was.proficiency))
            else:
                step.raised.append((s, was.proficiency))
        step.left = [s for s in row.cells[0] if s.key not in above_keys]
        steps.append(step)
    return steps


def cumulative_note(fw: Framework, t: Labels = ENGLISH) -> str | None:
    """What the framework says about lower levels' expectations, in words for readers; None if it says nothing."""
    if fw.cumulative is None:
        return None
    if fw.cumulative:
        return t.gettext("Expectations are cumulative: what a level asks still applies at every level above it, "
                         "so each level lists only what it adds or asks at a higher proficiency.")
    return t.gettext("Each level's expectations stand on their own: a lower level's expectations apply at a higher "
                     "level only where that level lists them again.")


def competency_behaviours(fw: Framework, competency: KeyCompetency, role: Role | None = None,
                          t: Labels = ENGLISH) -> list[tuple[str, CompetencyBehaviour]]:
    """(where, behaviour) of a key competency, every level's first then up the ladder; for a role,
    only those at its levels (and those for every level)."""
    ladder = {lid: i for i, lid in enumerate(fw.levels)}
    mine = {rl.level for rl in role.levels} if role is not None else None
    tracks = None
    if role is not None:  # the tracks the role's levels lie on (none: a role on the shared levels only)
        on = fw.ladder_of(role)
        tracks = {tr.id for rl in role.levels if (tr := on.track_of(rl.level)) is not None}
        tracks |= {role.track} if getattr(role, "track", None) else set()
    out = []
    for b in competency.behaviours:
        if b.level is not None and (b.level not in fw.levels or (mine is not None and b.level not in mine)):
            continue
        if b.track is not None and tracks is not None and b.track not in tracks:
            continue
        parts = [fw.levels[b.level].name if b.level else ""]
        if b.track:
            parts.append(t.raw("%(track)s track", track=fw.tracks[b.track].name if b.track in fw.tracks else b.track))
        out.append((", ".join(p for p in parts if p) or t.raw("Every level"), b))
    # every level's first, then each level's up the ladder, then each track's
    return sorted(out, key=lambda pair: (0 if pair[1].level is None and pair[1].track is None else
                                         1 if pair[1].level is not None else 2,
                                         ladder.get(pair[1].level or "", -1), pair[1].track or ""))


@jinja2.pass_context
def supporting_link(context: jinja2.runtime.Context, link: SupportingLink) -> str:
    """A supporting link as Markdown, its destination read as any author link is (`sanitize.destination`):
    one the build would drop is shown as its title only."""
    dest = sanitize.destination(link.url, posixpath.dirname(context["page_path"]))
    title = sanitize.plain(link.title)
    return f"[{title}]({dest})" if dest is not None else title


#: Names the templates can call (added to `views.GLOBALS`).
GLOBALS = {
    "theme_grid": theme_grid,
    "compare_expectations": compare_expectations,
    "cumulative_note": cumulative_note,
    "competency_behaviours": competency_behaviours,
    "supporting_link": supporting_link,
}
