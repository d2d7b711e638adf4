"""Career ladders: the shared one, the job families' own, and the tracks they branch into.

`levels.yml` holds the shared ladder (`levels:`), the tracks (`tracks:`) and the job families'
ladders (`ladders:`). A level without a track is shared by every track of its ladder; a level with
one belongs to that track only. A ladder lists its shared levels first: the tracks branch after the
last of them (the branch point) and run on side by side, so a manager level is never one step
above an individual contributor's.

This module is the one place that answers "which ladder does this role climb" (`ladder_of`) and
"which sequences of levels can someone climb on it" (`Ladder.paths`); pages, the diagram and the
comparison on a role page all ask here. It also checks what `levels.yml` and the roles must
respect beyond their references (`check`), located where the author wrote it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..diagnostics import Diagnostic, Location
from .model import Function, Ladder as LadderItem, Level, LevelsFile, Node, Role, Track

#: Kinds of reference that name a part of levels.yml's structure, not an item of the kinds table:
#: they have no page and no visibility of their own (a track or ladder shows with its levels).
STRUCTURE_KINDS = ("track", "ladder")


@dataclass(frozen=True)
class Path:
    """One way up a ladder: the shared levels, then one track's (or every level, when it has no tracks)."""

    track: Track | None
    levels: tuple[Level, ...]


@dataclass(frozen=True)
class Ladder:
    """A ladder as readers climb it: its levels in order and the tracks it branches into.

    `ident` is None for the shared ladder (`levels:` in levels.yml), which has no name of its own.
    """

    ident: str | None
    name: str | None
    summary: str | None
    levels: tuple[Level, ...]
    #: The tracks that have levels on this ladder, in the order `tracks:` lists them.
    tracks: tuple[Track, ...] = ()

    @property
    def shared(self) -> tuple[Level, ...]:
        """The levels every track shares, lowest first."""
        return tuple(lv for lv in self.levels if lv.track is None)

    def of_track(self, track_id: str) -> tuple[Level, ...]:
        """A track's own levels, lowest first."""
        return tuple(lv for lv in self.levels if lv.track == track_id)

    @property
    def branch_point(self) -> Level | None:
        """The highest shared level, after which the tracks diverge; None on a ladder without tracks."""
        return self.shared[-1] if self.tracks and self.shared else None

    def paths(self) -> list[Path]:
        """Every sequence of levels someone can climb: the shared levels then one track's, track by track.

        A ladder without tracks has one path, every level in order.
        """
        if not self.tracks:
            return [Path(None, self.levels)]
        return [Path(t, self.shared + self.of_track(t.id)) for t in self.tracks]

    def track_of(self, level_id: str) -> Track | None:
        """The track a level of this ladder belongs to; None for a shared level."""
        for t in self.tracks:
            if any(lv.id == level_id for lv in self.of_track(t.id)):
                return t
        return None


def build(ident: str | None, name: str | None, summary: str | None, levels: Iterable[Level],
          tracks: Mapping[str, Track]) -> Ladder:
    """A ladder from its levels (the visible ones, for an audience's framework)."""
    levels = tuple(levels)
    used = {lv.track for lv in levels if lv.track is not None}
    return Ladder(ident, name, summary, levels, tuple(t for tid, t in tracks.items() if tid in used))


def shared(levels: Mapping[str, Level], family: Mapping[str, LadderItem], tracks: Mapping[str, Track]) -> Ladder:
    """The shared ladder: every level of `levels` that no job family's ladder lists."""
    theirs = {lv.id for ladder in family.values() for lv in ladder.levels}
    return build(None, None, None, (lv for lid, lv in levels.items() if lid not in theirs), tracks)


def family(item: LadderItem, levels: Mapping[str, Level], tracks: Mapping[str, Track]) -> Ladder:
    """A job family's ladder, with the levels `levels` holds (an audience may not see them all)."""
    return build(item.id, item.name, item.summary, (levels[lv.id] for lv in item.levels if lv.id in levels), tracks)


def ladder_id(role: Role, functions: Mapping[str, Function]) -> str | None:
    """The id of the ladder `role` climbs: its own `ladder:`, else its function's, else None (the shared one)."""
    if role.ladder is not None:
        return role.ladder
    function = functions.get(role.function) if role.function else None
    return function.ladder if function is not None else None


# --- what levels.yml and the roles must respect ---------------------------------------------------

def _at(node: Node, key: str | None = None, index: int | None = None) -> Location:
    src = node.src
    if src is None:  # pragma: no cover - every node comes from a file
        return Location("?")
    return Location(src.file, *src.of(key, index))


def check_file(levels_file: LevelsFile) -> list[Diagnostic]:
    """Each ladder lists its shared levels before any track's, and starts with a shared level."""
    problems: list[Diagnostic] = []
    ladders: list[tuple[str, list[Level]]] = [("the shared ladder", levels_file.levels)]
    ladders += [(f"ladder '{ladder.id}'", ladder.levels) for ladder in levels_file.ladders]
    for label, levels in ladders:
        first_track: Level | None = None
        for lv in levels:
            if lv.track is not None:
                if first_track is None and lv is levels[0]:
                    problems.append(Diagnostic(
                        _at(lv, "track"), "track-before-shared-level",
                        f"level '{lv.id}' is on track '{lv.track}' but {label} has no shared level below it",
                        hint="tracks branch from a shared level: list at least one level without `track:` first, "
                             "or give this track a ladder of its own under `ladders:`"))
                first_track = first_track or lv
            elif first_track is not None:
                problems.append(Diagnostic(
                    _at(lv, "id"), "shared-level-after-track",
                    f"level '{lv.id}' is shared by every track, but {label} lists it after level "
                    f"'{first_track.id}' of track '{first_track.track}'",
                    hint="tracks share the levels up to the branch point only: move this level above the "
                         "first track level, or give it a `track:`"))
    return problems


def check_role(role: Role, ladder: Ladder, ladder_names: Mapping[str | None, str],
               level_ladder: Mapping[str, str | None]) -> list[Diagnostic]:
    """A role describes only levels of its own ladder, and, on one track, only that track's and the shared ones."""
    problems: list[Diagnostic] = []
    mine = {lv.id for lv in ladder.levels}
    where = ladder_names[ladder.ident]
    if role.track is not None and role.track not in {t.id for t in ladder.tracks}:
        problems.append(Diagnostic(
            _at(role, "track"), "track-not-on-ladder",
            f"role '{role.id}' is on track '{role.track}', but {where} has no level on that track",
            hint="name a track that has levels on the role's ladder, or remove `track:`"))
    for rl in role.levels:
        if rl.level not in level_ladder:
            continue  # an unknown level: reported as an unknown reference
        if rl.level not in mine:
            problems.append(Diagnostic(
                _at(rl, "level"), "level-of-another-ladder",
                f"level '{rl.level}' is on {ladder_names[level_ladder[rl.level]]}, but role '{role.id}' climbs {where}",
                hint="describe a level of the role's own ladder, or set the role's `ladder:` (or its function's)"))
            continue
        track = next((lv.track for lv in ladder.levels if lv.id == rl.level), None)
        if role.track is not None and track is not None and track != role.track:
            problems.append(Diagnostic(
                _at(rl, "level"), "level-of-another-track",
                f"level '{rl.level}' is on track '{track}', but role '{role.id}' is on track '{role.track}'",
                hint="describe shared levels and levels of the role's own track, or remove the role's `track:`"))
    return problems
