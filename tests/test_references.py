"""Every id that names another item is checked, so a new reference field cannot slip through."""

from __future__ import annotations

import copy
import inspect
from pathlib import Path

import pytest

from conftest import MINIMAL, write_framework
from spm_site.framework import introspect, model
from spm_site.framework.documents import read_documents
from spm_site.framework.former_ids import NOT_REFERENCES
from spm_site.framework.kinds import ITEM_KIND, MODELS
from spm_site.framework.ladders import STRUCTURE_KINDS
from spm_site.framework.resolve import resolve
from spm_site.site.reference import REFERENCES as LISTED

REPO = Path(__file__).resolve().parent.parent
#: Kinds a reference may name besides the kinds table's: those that only exist within another item.
SCOPED_KINDS = {"behaviour"}
#: Kinds levels.yml defines that are the ladder's structure, not items with a visibility or a page.
LADDER_KINDS = set(STRUCTURE_KINDS)


def _id_fields() -> set[tuple[str, str]]:
    """(model, key) of every field typed as an id, other than an item's own `id` and the ids that name no
    item of one fixed kind (former ids, checked by framework/former_ids.py)."""
    found = set()
    for _, cls in inspect.getmembers(model, inspect.isclass):
        if issubclass(cls, model.Node) and cls is not model.Node:
            for key, field in cls.model_fields.items():
                if key != "id" and model.ID_PATTERN in f"{field.annotation} {field.metadata}" \
                        and (cls.__name__, key) not in NOT_REFERENCES:
                    found.add((cls.__name__, key))
    return found


def _declared() -> dict[tuple[str, str], model.Refers]:
    """(model, key) -> what it refers to, as the fields declare it."""
    return {(m.__name__, spec.key): spec.refers for m, spec in introspect.references(*MODELS.values())}


def test_every_id_field_is_resolved():
    # Resolve checks every field that declares what it refers to, so every id field must declare it.
    assert _id_fields() == set(_declared())


def test_every_reference_names_a_known_kind_or_lies_within_one():
    for (name, key), refers in _declared().items():
        assert refers.kind in ITEM_KIND or refers.kind in SCOPED_KINDS | LADDER_KINDS, (name, key)
        if refers.within:
            assert introspect.field(getattr(model, name), refers.within).refers, (name, key)
        else:
            assert refers.kind in ITEM_KIND or refers.kind in LADDER_KINDS, (name, key)


def test_the_reference_page_lists_every_reference():
    assert set(LISTED) == _id_fields()
    assert LISTED == {place: refers.kind for place, refers in _declared().items()}


# --- resolve checks each reference, as declared -----------------------------------------------


def _nodes(node: model.Node):
    """`node` and every mapping inside it."""
    yield node
    for spec in introspect.fields(type(node)):
        value = getattr(node, spec.key)
        if spec.model and value is not None:
            for child in value if spec.many else [value]:
                yield from _nodes(child)


def _documents(docs):
    for single in (docs.organisation, docs.principles, docs.levels, docs.feedback):
        if single is not None:
            yield single
    yield from [*docs.values, *docs.objectives, *docs.functions, *docs.roles, *docs.measures]


@pytest.fixture(scope="module")
def sample():
    docs, problems = read_documents(REPO / "framework")
    assert problems == []
    return docs


def _first_use(docs) -> dict[tuple[str, str], model.Node]:
    """The first node of the sample that fills each reference field."""
    found: dict[tuple[str, str], model.Node] = {}
    for document in _documents(docs):
        for node in _nodes(document):
            for spec in introspect.fields(type(node)):
                if spec.refers and getattr(node, spec.key):
                    found.setdefault((type(node).__name__, spec.key), node)
    return found


@pytest.fixture(scope="module")
def engineering():
    """The fixture with tracks and job families' ladders: it fills the fields the sample leaves out."""
    docs, problems = read_documents(REPO / "tests/fixtures/engineering")
    assert problems == []
    return docs


def test_the_sample_and_the_engineering_fixture_fill_every_reference_field(sample, engineering):
    assert set(_first_use(sample)) | set(_first_use(engineering)) == set(_declared())


@pytest.mark.parametrize("place", sorted(_declared()), ids="{0[0]}.{0[1]}".format)
def test_an_unknown_id_in_any_reference_field_is_reported_where_it_is_written(sample, engineering, place):
    if place not in _first_use(sample):
        sample = engineering
    node = _first_use(sample)[place]
    key = place[1]
    spec = introspect.field(type(node), key)
    kept = getattr(node, key)
    setattr(node, key, ["no-such-id"] if spec.many else "no-such-id")
    try:
        _, problems = resolve(sample)
    finally:
        setattr(node, key, kept)
    line, col = node.src.of(key, 0 if spec.many else None)
    found = [p for p in problems if p.rule == "unknown-reference" and "'no-such-id' does not exist" in p.message]
    assert [(p.location.file, p.location.line, p.location.col) for p in found] == [(node.src.file, line, col)]
    assert found[0].message.startswith(spec.refers.kind + " ")
    assert resolve(sample)[1] == []  # restored: the sample is clean again


# --- resolve reads its input and never changes it ---------------------------------------------


def _broken_role() -> dict:
    return {"roles/head-of-sales.yml": MINIMAL["roles/head-of-sales.yml"].replace("purpose:", "purpse:")}


VARIANTS = {
    "clean": {},
    "no organisation": {"organisation.yml": None},
    "a role file with errors": _broken_role(),
    "a measures file with errors": {"measures/sales.yml": "measures: [oops\n"},
    "unknown references": {"objectives/win-new-logos.yml": MINIMAL["objectives/win-new-logos.yml"].replace(
        "pillar: growth", "pillar: growht")},
}


@pytest.mark.parametrize("overrides", list(VARIANTS.values()), ids=list(VARIANTS))
def test_resolve_leaves_its_documents_as_they_were(tmp_path, overrides):
    root = write_framework(tmp_path / "fw", {**MINIMAL, **overrides})
    docs, _ = read_documents(root)
    before = copy.deepcopy(docs)
    first = resolve(docs)[1]
    assert docs == before
    assert resolve(docs)[1] == first  # the same answer twice: nothing left behind by the first run


def test_a_missing_organisation_still_hides_pillar_references(tmp_path):
    """With no organisation.yml the pillars are unknown: their references are not reported twice."""
    root = write_framework(tmp_path / "fw", {**MINIMAL, "organisation.yml": None})
    docs, _ = read_documents(root)
    _, problems = resolve(docs)
    assert not [p for p in problems if "pillar" in p.message]
    assert docs.unreadable_kinds == set()
