"""`spm-site export --format json`: the resolved framework, for tools, with a JSON Schema of its own.

Every item of every kind, as the model holds it (defaults filled in, references as ids), plus
`targets`: for each role, each measure it is held to at each of its levels (or once, for a role
without levels), the target that applies, as `Framework.target` decides it (the one place targets are decided). The export's
shape is a pydantic model built from the kinds (`ITEM_KINDS`) and the `Framework`'s fields, so
a new kind or field appears in the JSON and its schema without a change here; the schema is
generated from that model (`export_schema`), never written by hand. `audience` says whose copy it
is: for an audience's copy, `fw` is the filtered framework (`exchange.audience.exported`).
"""

from __future__ import annotations

import json
import typing
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, create_model

from ..framework.kinds import ITEM_KINDS
from ..framework.model import Organisation, Track
from ..framework.resolve import Framework

FORMAT = "spm-site-framework"
VERSION = 1


class EffectiveTarget(BaseModel):
    """The target a role is held to on a measure: at one of its levels, or for the role as a whole."""

    model_config = ConfigDict(extra="forbid")
    role: str = Field(description="The role (id).")
    measure: str = Field(description="The measure (id).")
    level: str | None = Field(description=(
        "The level (id); null for a role without levels. A role with levels has no target as a whole: "
        "what it is held to is its target at each level."))
    target: float | str | None = Field(description=(
        "The target that applies: the level's, else the role's, else the measure's. A number, or the "
        "target in words (`TBD`); null when none is stated."))


class LadderExport(BaseModel):
    """A career ladder as readers climb it: its levels (ids, lowest first) and the tracks they branch into."""

    model_config = ConfigDict(extra="forbid")
    id: str | None = Field(description="The ladder (id) of a job family; null for the shared ladder (`levels:`).")
    name: str | None = Field(description="Its name; null for the shared ladder.")
    levels: list[str] = Field(description="Its levels (ids, in `levels`), in the order levels.yml lists them; each level says its track.")
    tracks: list[str] = Field(description="The tracks (ids, in `tracks`) that have levels on it.")
    roles: list[str] = Field(description="The roles (ids) that climb it.")


def ladder_exports(fw: Framework) -> list[LadderExport]:
    """Every ladder with a level, as `Framework.all_ladders` gives them, and the roles on each."""
    roles: dict[str | None, list[str]] = {}
    for role in fw.roles.values():
        roles.setdefault(fw.ladder_of(role).ident, []).append(role.id)
    return [LadderExport(id=ladder.ident, name=ladder.name, levels=[lv.id for lv in ladder.levels],
                         tracks=[t.id for t in ladder.tracks], roles=roles.get(ladder.ident, []))
            for ladder in fw.all_ladders()]


def _item_type(collection: str) -> Any:
    """The model of the items in `Framework.<collection>` (a dict by id or a list), from its annotation."""
    hint = typing.get_type_hints(Framework)[collection]
    args = typing.get_args(hint)
    return args[-1]


@cache
def export_model() -> type[BaseModel]:
    """The shape of the JSON export: format, version, organisation, one list per kind of item, targets."""
    fields: dict[str, Any] = {
        # The constant's schema is spelt out: pydantic before 2.10 adds an `enum` beside `const`.
        "format": (Annotated[Literal[FORMAT], WithJsonSchema({"const": FORMAT, "type": "string"})],
                   Field(description="Always `spm-site-framework`.")),
        "version": (Annotated[Literal[VERSION], WithJsonSchema({"const": VERSION, "type": "integer"})],
                    Field(description="The version of this format.")),
        "audience": (str | None, Field(description="The audience this copy is for (`spm-site export --audience`): "
                                                   "it holds only what that audience may see. Null: the author's full copy.")),
        "organisation": (Organisation, Field(description="organisation.yml, as checked.")),
    }
    for kind in ITEM_KINDS:
        fields[kind.collection] = (list[_item_type(kind.collection)], Field(description=f"Every {kind.name}, by id order of the framework."))
    fields["cumulative"] = (bool | None, Field(description=(
        "competencies.yml's `cumulative`: whether a lower level's expectations still apply above it (null: not said).")))
    fields["tracks"] = (list[Track], Field(description="The tracks of levels.yml (`tracks:`), in its order."))
    fields["ladders"] = (list[LadderExport], Field(description="Every career ladder: the shared one, then each job family's."))
    fields["targets"] = (list[EffectiveTarget], Field(description="The effective target of every role, measure and level."))
    return create_model("FrameworkExport", __config__=ConfigDict(extra="forbid"), **fields)


def effective_targets(fw: Framework) -> list[EffectiveTarget]:
    """For every role: each measure it is held to, at each of its levels, or for the role as a whole
    when it has none (a default every level may override is held by nobody: pages never show it either)."""
    out = []
    for role in fw.roles.values():
        for held in role.measures:
            for level in [rl.level for rl in role.levels] or [None]:
                out.append(EffectiveTarget(role=role.id, measure=held.measure, level=level,
                                           target=fw.target(role, held.measure, level)))
    return out


def export_data(fw: Framework) -> dict[str, Any]:
    """The export as plain JSON values."""
    out: dict[str, Any] = {"format": FORMAT, "version": VERSION, "audience": fw.audience,
                           "organisation": fw.organisation.model_dump(mode="json")}
    for kind in ITEM_KINDS:
        found = getattr(fw, kind.collection)
        items = found.values() if isinstance(found, dict) else found
        out[kind.collection] = [item.model_dump(mode="json") for item in items]
    out["cumulative"] = fw.cumulative
    out["tracks"] = [t.model_dump(mode="json") for t in fw.tracks.values()]
    out["ladders"] = [ladder.model_dump(mode="json") for ladder in ladder_exports(fw)]
    out["targets"] = [t.model_dump(mode="json") for t in effective_targets(fw)]
    return out


def dumps(fw: Framework) -> str:
    """The export as JSON text: keys in the model's order, two-space indents, a final newline."""
    return json.dumps(export_data(fw), indent=2, ensure_ascii=False) + "\n"


def export_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) the export follows, generated from `export_model`."""
    schema = export_model().model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text() -> str:
    """The schema as committed in `schemas/export/` (keys sorted, as the other schemas are)."""
    return json.dumps(export_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
