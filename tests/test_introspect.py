"""The one reading of the models that resolve, the schemas and the reference page share."""

from __future__ import annotations

import inspect
from typing import Annotated

import pytest

from spm_site.framework import introspect, model
from spm_site.framework.introspect import FieldSpec
from spm_site.framework.kinds import MODELS
from spm_site.schema import json_schemas
from spm_site.framework.former_ids import NOT_REFERENCES
from spm_site.site.reference import TARGET_ANCHORS, reference_context

ALL_MODELS = introspect.models(*MODELS.values())


def _spec(cls: type[model.Node], key: str) -> FieldSpec:
    return introspect.field(cls, key)


@pytest.mark.parametrize(("cls", "key", "words"), [
    (model.Role, "name", "text"),
    (model.Role, "responsibilities", "list of text"),
    (model.Role, "function", "id of a function"),
    (model.Role, "reports_to", "id of a role"),
    (model.Role, "feedback", "list of ids of feedback rhythms"),
    (model.Role, "measures", "list of role measures"),
    (model.Role, "partnership", "partnership"),
    (model.Role, "last_reviewed", "date"),
    (model.Role, "id", "id"),
    (model.Objective, "owner", "id of a role"),
    (model.Objective, "pillar", "id of a pillar"),
    (model.Measure, "objectives", "list of ids of objectives"),
    (model.Measure, "target", "number or text"),
    (model.Measure, "direction", "one of higher, lower"),
    (model.RoleValue, "behaviours", "list of ids of behaviours of the item its `value` names"),
    (model.RoleMeasure, "accepted", "acceptance"),
])
def test_each_field_is_described_in_plain_words(cls, key, words):
    assert _spec(cls, key).words == words


def test_required_optional_and_defaults_are_the_models():
    assert _spec(model.Role, "function").required and _spec(model.Role, "function").default is None
    reports_to = _spec(model.Role, "reports_to")
    assert not reports_to.required and reports_to.optional and reports_to.default is None
    feedback = _spec(model.Role, "feedback")
    assert not feedback.required and feedback.many and feedback.default == []
    assert _spec(model.Role, "partnership").model is model.Partnership
    assert _spec(model.Measure, "kind").choices == ("activity", "effectiveness", "outcome")
    assert _spec(model.Role, "last_reviewed").title == "Last reviewed"


def test_a_reference_says_what_it_names_and_where_it_lies():
    assert _spec(model.Acceptance, "by").refers == model.Refers("role")
    assert _spec(model.RoleValue, "behaviours").refers == model.Refers("behaviour", within="value")
    assert _spec(model.Role, "name").refers is None


def test_a_new_reference_field_is_seen_without_any_table():
    class Sponsorship(model.Node):
        """A made-up model, as a new file kind would add it."""

        sponsor: model.RoleRef
        backers: list[model.FunctionRef] = []
        reviewer: model.MeasureRef | None = None
        note: Annotated[model.Text, "not a reference"] | None = None

    found = {spec.key: spec.refers.kind for _, spec in introspect.references(Sponsorship)}
    assert found == {"sponsor": "role", "backers": "function", "reviewer": "measure"}


def test_every_model_is_reached_once_each_root_before_what_it_holds():
    assert [cls for cls in ALL_MODELS if cls in MODELS.values()] == list(MODELS.values())
    assert introspect.models(model.Role)[:3] == [model.Role, model.Waiver, model.RoleLevel]
    assert len(ALL_MODELS) == len(set(ALL_MODELS))
    declared = {cls for _, cls in inspect.getmembers(model, inspect.isclass)
                if issubclass(cls, model.Node) and cls not in (model.Node, model.Item)}
    assert set(ALL_MODELS) == declared


def test_every_id_typed_field_is_a_reference_or_the_items_own_id():
    for cls in ALL_MODELS:
        for spec in introspect.fields(cls):
            if spec.scalar == "id":
                assert spec.refers is not None or spec.key == "id" or (cls.__name__, spec.key) in NOT_REFERENCES, \
                    f"{cls.__name__}.{spec.key}"
            else:
                assert spec.refers is None, f"{cls.__name__}.{spec.key}"


def test_every_field_is_described():
    for cls in ALL_MODELS:
        for spec in introspect.fields(cls):
            assert spec.description, f"{cls.__name__}.{spec.key}"


# --- what the schemas and the reference page take from it -------------------------------------


def _schema_node(kind: str, cls: type[model.Node]) -> dict:
    schema = json_schemas()[kind]
    return schema if MODELS[kind] is cls else schema["$defs"][cls.__name__]


def _kind_of(cls: type[model.Node]) -> str:
    return next(kind for kind, root in MODELS.items() if cls in introspect.models(root))


def test_the_schemas_name_the_target_of_every_reference():
    for cls, spec in introspect.references(*MODELS.values()):
        prop = _schema_node(_kind_of(cls), cls)["properties"][spec.key]
        scalar = prop["items"] if spec.many else prop
        assert scalar["pattern"] == model.ID_PATTERN, f"{cls.__name__}.{spec.key}"
        assert f"Use the id of {spec.target}:" in scalar["patternErrorMessage"], f"{cls.__name__}.{spec.key}"
        assert prop["title"] == spec.title


def test_the_reference_page_lists_each_reference_with_its_kind():
    ctx = reference_context()
    tables = {k.anchor: k.fields for k in ctx["kinds"]} | {n.anchor: n.fields for k in ctx["kinds"] for n in k.nested}
    root_anchor = {root: kind for kind, root in MODELS.items()}
    for cls, spec in introspect.references(*MODELS.values()):
        anchor = root_anchor.get(cls) or introspect.human(cls.__name__).lower().replace(" ", "-")
        (row,) = [f for f in tables[anchor] if f.key == f"`{spec.key}`"]
        link = f"[{spec.refers.kind}](#{TARGET_ANCHORS[spec.refers.kind]}) id"
        assert link in row.type, (cls.__name__, spec.key, row.type)
        assert row.type.startswith("list of ") is spec.many
