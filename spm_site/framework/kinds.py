"""The one table of kinds: every kind of file and of item spm-site knows, and where it lives.

Discovery (which file holds what), validation (which model reads it), the reference page and the
JSON Schemas (titles, where files go) and page paths (which items get a page, in which folder)
all read this table, so adding a kind is one entry here and one model.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .model import (
    CompetenciesFile,
    FeedbackFile,
    Function,
    LevelsFile,
    MeasureGroup,
    Node,
    Objective,
    Organisation,
    PrinciplesFile,
    RetiredFile,
    Role,
    Value,
)


class Layout(Enum):
    """How files of a kind are laid out in the framework folder."""

    #: One file at the top: `organisation.yml`.
    SINGLE = "single"
    #: A folder with one item per file, the file name being the item's id: `roles/<id>.yml`.
    ONE_ITEM = "one-item"
    #: A folder of files that each hold a list of items: `measures/<group>.yml`.
    GROUP = "group"


@dataclass(frozen=True)
class FileKind:
    """A kind of framework file."""

    key: str                 # `roles`: the file or folder name
    model: type[Node]
    layout: Layout
    title: str               # `Role`: a file of this kind, in words
    required: bool = False

    @property
    def where(self) -> str:
        """Where files of this kind live, from the repository root, as an author writes it."""
        if self.layout is Layout.SINGLE:
            return f"framework/{self.key}.yml"
        return f"framework/{self.key}/<{'id' if self.layout is Layout.ONE_ITEM else 'group'}>.yml"


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("organisation", Organisation, Layout.SINGLE, "Organisation", required=True),
    FileKind("principles", PrinciplesFile, Layout.SINGLE, "Principles"),
    FileKind("levels", LevelsFile, Layout.SINGLE, "Career levels"),
    FileKind("competencies", CompetenciesFile, Layout.SINGLE, "Competencies"),
    FileKind("feedback", FeedbackFile, Layout.SINGLE, "Feedback rhythm"),
    FileKind("values", Value, Layout.ONE_ITEM, "Value"),
    FileKind("objectives", Objective, Layout.ONE_ITEM, "Objective"),
    FileKind("functions", Function, Layout.ONE_ITEM, "Function"),
    FileKind("roles", Role, Layout.ONE_ITEM, "Role"),
    FileKind("measures", MeasureGroup, Layout.GROUP, "Measure group"),
    FileKind("retired", RetiredFile, Layout.SINGLE, "Retired items"),
)
FILE_KIND: dict[str, FileKind] = {k.key: k for k in FILE_KINDS}
#: The model of each file kind, in the order they are documented.
MODELS: dict[str, type[Node]] = {k.key: k.model for k in FILE_KINDS}
SINGLE_FILES = tuple(k.key for k in FILE_KINDS if k.layout is Layout.SINGLE)
FOLDERS = tuple(k.key for k in FILE_KINDS if k.layout is not Layout.SINGLE)
#: Folders whose files each hold one item named after the file.
ONE_ITEM_FOLDERS = tuple(k.key for k in FILE_KINDS if k.layout is Layout.ONE_ITEM)


@dataclass(frozen=True)
class ItemKind:
    """A kind of item that other items refer to by id."""

    name: str                # `role`, as messages and references say it
    file: str                # the file kind that defines it
    collection: str          # the Framework attribute holding them by id
    #: The URL folder of its pages (`roles/<id>/`), or None when it has no page of its own.
    section: str | None = None


ITEM_KINDS: tuple[ItemKind, ...] = (
    ItemKind("pillar", "organisation", "pillars"),
    ItemKind("principle", "principles", "principles"),
    ItemKind("level", "levels", "levels"),
    ItemKind("theme", "competencies", "themes"),
    ItemKind("proficiency", "competencies", "scale"),
    ItemKind("feedback rhythm", "feedback", "rhythms"),
    ItemKind("value", "values", "values", section="values"),
    ItemKind("objective", "objectives", "objectives", section="objectives"),
    ItemKind("function", "functions", "functions", section="functions"),
    ItemKind("role", "roles", "roles", section="roles"),
    ItemKind("measure", "measures", "measures", section="measures"),
)
ITEM_KIND: dict[str, ItemKind] = {k.name: k for k in ITEM_KINDS}
#: What the files that hold lists of items define, as reference kinds: `measures` -> (`measure`,),
#: `competencies` -> (`theme`, `proficiency`).
DEFINES: dict[str, tuple[str, ...]] = {}
for _kind in ITEM_KINDS:
    if FILE_KIND[_kind.file].layout is not Layout.ONE_ITEM:
        DEFINES[_kind.file] = (*DEFINES.get(_kind.file, ()), _kind.name)
#: The URL folder of each kind of item that has a page of its own: `role` -> `roles`.
SECTIONS = {k.name: k.section for k in ITEM_KINDS if k.section}
