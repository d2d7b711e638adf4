"""What an audience may not see, as one record per hidden item or field.

The filter (`audience`) produces these; the leak scan after a build (`engine/leak_scan`) looks
for their texts in every output file. Kept in a module of its own so that both sides share one
definition and neither depends on the other's workings.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics import Location


@dataclass(frozen=True)
class Hidden:
    """An item, or one field of an item, that an audience may not see."""

    kind: str                  # item kind: "role", "measure", "level", ...
    item_id: str
    field: str | None          # None: the whole item is hidden; else the field ("formula", "targets", ...)
    #: The strings that must never appear in this audience's output: its id, its name and its
    #: distinctive text. Bare numbers are left to the filter: they are not distinctive in a page.
    texts: tuple[str, ...]
    where: Location | None     # where the item or field is written in YAML

    @property
    def label(self) -> str:
        """How a message names it: `measure 'pilot-nps'`, `field 'formula' of measure 'win-rate'`."""
        item = f"{self.kind} '{self.item_id}'"
        return item if self.field is None else f"field '{self.field}' of {item}"
