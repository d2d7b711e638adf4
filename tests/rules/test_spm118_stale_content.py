"""SPM118 stale-content: content is reviewed within the review period (365 days by default)."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import MINIMAL
from rule_helpers import changed, findings, only, position, where

#: Pin the date the rule measures from, so the tests mean the same thing every day.
AS_OF = {"rules": {"SPM118": {"as_of": "2027-06-01"}}}


def reviewed(path: str, when: str) -> dict[str, str]:
    return {path: MINIMAL[path] + f"last_reviewed: {when}\n"}


def test_item_not_reviewed_for_over_a_year_is_a_warning(make_framework):
    files = reviewed("roles/head-of-sales.yml", "2026-05-31")
    root = make_framework(files)
    d = only(root, "SPM118", AS_OF)
    assert where(d, root) == ("SPM118", "stale-content", "warning", "roles/head-of-sales.yml",
                              *position(files["roles/head-of-sales.yml"], "2026-05-31"))
    assert ("role Head of sales ('head-of-sales') was last reviewed on 2026-05-31 ('last_reviewed:'), 366 days ago "
            "(more than 365): people may be held to what no longer describes how things are") == d.message


def test_exactly_the_review_period_is_not_stale_yet(make_framework):
    assert findings(make_framework(reviewed("roles/head-of-sales.yml", "2026-06-01")), "SPM118", AS_OF) == []


@pytest.mark.parametrize(("path", "label"), [
    ("organisation.yml", "organisation 'Acme Field Services'"),
    ("values/customer-first.yml", "value Customer first ('customer-first')"),
    ("objectives/grow-revenue.yml", "objective Grow new annual recurring revenue by 30% ('grow-revenue')"),
    ("functions/sales.yml", "function Sales ('sales')"),
])
def test_every_kind_of_item_is_checked(make_framework, path, label):
    root = make_framework(reviewed(path, "2025-01-01"))
    assert only(root, "SPM118", AS_OF).message.startswith(f"{label} was last reviewed on 2025-01-01")


def test_measures_are_checked_too(make_framework):
    text = changed("measures/sales.yml", "    timing: lagging\n  - id: new-arr",
                   "    timing: lagging\n    last_reviewed: 2025-01-01\n  - id: new-arr")
    root = make_framework({"measures/sales.yml": text})
    d = only(root, "SPM118", AS_OF)
    assert where(d, root)[3:] == ("measures/sales.yml", *position(text, "2025-01-01"))


def test_max_age_days_is_an_option(make_framework):
    root = make_framework(reviewed("roles/head-of-sales.yml", "2027-03-01"))
    assert findings(root, "SPM118", AS_OF) == []
    tight = {"rules": {"SPM118": {"as_of": "2027-06-01", "max_age_days": 90}}}
    assert "(more than 90)" in only(root, "SPM118", tight).message


def test_as_of_defaults_to_today(make_framework):
    long_ago = (dt.date.today() - dt.timedelta(days=400)).isoformat()
    recently = (dt.date.today() - dt.timedelta(days=30)).isoformat()
    assert len(findings(make_framework(reviewed("roles/head-of-sales.yml", long_ago)), "SPM118")) == 1
    assert findings(make_framework(reviewed("roles/head-of-sales.yml", recently)), "SPM118") == []


def test_items_without_a_review_date_are_not_flagged(make_framework):
    """MINIMAL has no `last_reviewed:` anywhere: missing dates are not this rule's business."""
    assert findings(make_framework(), "SPM118", {"rules": {"SPM118": {"as_of": "2100-01-01"}}}) == []
