"""My level: the data behind the level picker on a role page and the heading of its printout.

A role page shows every level, readable with no script. Each part that belongs to one level is
marked `data-spm-level="<level id>"` (its expectations, its targets, the step from it to the next
level, and any per-level cell another template marks the same way); parts that compare all levels
are marked `data-spm-all-levels`. `assets/spm.js` builds nothing of its own: it un-hides the picker
form rendered here and, when a level is picked (from the form, `?level=<id>` or `#level-<id>`),
hides the other levels' parts and the comparisons, on screen and on paper.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..framework.model import Role
from ..framework.resolve import Framework

#: The query parameter that opens a role page at one level: `roles/account-executive/?level=senior`.
LEVEL_PARAMETER = "level"


@dataclass(frozen=True)
class LevelOption:
    """One level the reader can pick: its id (for the link and the data attributes) and its label."""

    id: str
    name: str
    #: The track the level is on, when the role's ladder has tracks and the level is not shared.
    track: str | None = None


@dataclass(frozen=True)
class LevelPicker:
    """The levels of one role in the order of its ladder, and what its printout says at the top."""

    options: list[LevelOption]
    #: The role's conversations with their cadence, most frequent first: the feedback rhythm on paper.
    rhythm: list[tuple[str, str]]
    parameter: str = LEVEL_PARAMETER


def level_picker(fw: Framework, role: Role) -> LevelPicker | None:
    """The picker of a role with levels, in ladder order; None for a role with none (no picker)."""
    ladder = fw.ladder_of(role)
    order = {lv.id: i for i, lv in enumerate(ladder.levels)}
    described = sorted((rl for rl in role.levels if rl.level in fw.levels),
                       key=lambda rl: order.get(rl.level, len(order)))
    if not described:
        return None
    options = []
    for rl in described:
        track = ladder.track_of(rl.level)
        options.append(LevelOption(rl.level, fw.levels[rl.level].name, track.name if track else None))
    rhythm = [(r.name, r.cadence.value) for r in fw.rhythms_of(role)]
    return LevelPicker(options, rhythm)


GLOBALS = {"level_picker": level_picker}
