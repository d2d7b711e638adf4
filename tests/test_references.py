"""Every id that names another item is checked, so a new reference field cannot slip through."""

from __future__ import annotations

import inspect

from spm_site.framework import model
from spm_site.site.reference import REFERENCES as LISTED
from spm_site.framework.resolve import REFERENCES


def _id_fields() -> set[tuple[str, str]]:
    """(model, key) of every field typed as an id, other than an item's own `id`."""
    found = set()
    for _, cls in inspect.getmembers(model, inspect.isclass):
        if issubclass(cls, model.Node) and cls is not model.Node:
            for key, field in cls.model_fields.items():
                if key != "id" and model.ID_PATTERN in f"{field.annotation} {field.metadata}":
                    found.add((cls.__name__, key))
    return found


def test_every_id_field_is_resolved():
    # A role's behaviours name behaviours of the value beside them; resolve checks them apart.
    assert _id_fields() - {("RoleValue", "behaviours")} == set(REFERENCES)


def test_the_reference_page_lists_every_reference():
    assert set(LISTED) == _id_fields()
