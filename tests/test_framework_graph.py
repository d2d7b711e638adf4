"""The checked framework as a value: equal by content, one list of items, one answer for a target."""

from __future__ import annotations

import shutil

from conftest import MINIMAL

from spm_site.framework.kinds import FILE_KINDS, ITEM_KINDS, MODELS, SECTIONS
from spm_site.pipeline import check_framework


def test_the_same_framework_loaded_twice_compares_equal(make_framework, tmp_path):
    root = make_framework()
    moved = tmp_path / "elsewhere"
    shutil.copytree(root, moved)
    # A blank line shifts every location in the role's file; the content is the same.
    role = moved / "roles" / "account-executive.yml"
    role.write_text("\n" + role.read_text())
    first, second = check_framework(root).framework, check_framework(moved).framework
    assert first is not None and second is not None
    assert first.roles["account-executive"].src.mark != second.roles["account-executive"].src.mark
    assert first == second
    assert first.roles["account-executive"] == second.roles["account-executive"]


def test_a_changed_value_makes_them_differ(make_framework, tmp_path):
    first = check_framework(make_framework()).framework
    other = tmp_path / "other"
    shutil.copytree(make_framework(), other)
    role = other / "roles" / "account-executive.yml"
    role.write_text(role.read_text().replace("weight: 50\n  - measure: qualified-leads", "weight: 60\n  - measure: qualified-leads"))
    role.write_text(role.read_text().replace("weight: 50\n    accepted", "weight: 40\n    accepted"))
    second = check_framework(other).framework
    assert second is not None and first != second


def test_items_list_every_item_with_a_page(make_framework):
    fw = check_framework(make_framework()).framework
    listed = [(kind, item.id) for kind, item in fw.items()]
    expected = [(kind.name, ident) for kind in ITEM_KINDS if kind.section
                for ident in getattr(fw, kind.collection)]
    assert listed == expected
    assert {kind for kind, _ in listed} == set(SECTIONS) == {"value", "objective", "function", "role", "measure"}


def test_the_kinds_table_names_every_file_kind_once():
    keys = [k.key for k in FILE_KINDS]
    assert len(keys) == len(set(keys)) and list(MODELS) == keys
    top = {path.split("/")[0].removesuffix(".yml") for path in MINIMAL}
    assert top <= set(keys)


def test_a_target_comes_from_the_level_then_the_role_then_the_measure(make_framework):
    role = MINIMAL["roles/account-executive.yml"].replace(
        "    expectations:\n      - Runs a clean discovery call.\n",
        "    expectations:\n      - Runs a clean discovery call.\n    targets:\n      - measure: win-rate\n        target: 20\n",
    ).replace("  - measure: win-rate\n    weight: 50\n", "  - measure: win-rate\n    target: 22\n    weight: 50\n")
    fw = check_framework(make_framework({"roles/account-executive.yml": role})).framework
    ae = fw.roles["account-executive"]
    assert fw.target(ae, "win-rate", "l1") == 20      # the level's own
    assert fw.target(ae, "win-rate") == 22            # the role's
    assert fw.target(ae, "qualified-leads", "l1") == 40  # the measure's default
    assert fw.target(ae, "no-such-measure") is None


def test_a_file_loads_the_same_from_a_git_blob_as_from_disk(make_framework, tmp_path):
    """The loader reads bytes, so a revision in git loads like the working tree (for diffs of versions)."""
    import subprocess

    from spm_site.framework.loader import load_bytes, load_file
    from spm_site.framework.model import Role

    root = make_framework()
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-qm", "framework"], check=True)
    blob = subprocess.run([*git, "show", "HEAD:roles/account-executive.yml"], check=True, capture_output=True).stdout
    path = root / "roles/account-executive.yml"
    path.write_text(path.read_text().replace("Win new customers", "Win new customers fast"))  # the tree moves on
    from_git, problems = load_bytes(path, "roles/account-executive.yml", blob)
    from_disk, _ = load_file(path, "roles/account-executive.yml")
    assert problems == [] and from_git.data is not None
    assert from_git.data["purpose"] == "Win new customers who will succeed with us."
    assert from_disk.data["purpose"] == "Win new customers fast who will succeed with us."
    from_git.data["id"] = from_disk.data["id"] = "account-executive"
    assert Role.model_validate(from_git.data) != Role.model_validate(from_disk.data)


def test_the_behaviours_asked_of_a_role_and_why_it_is_held_to_a_measure(make_framework):
    value = MINIMAL["values/customer-first.yml"] + (
        "  - id: follow-up\n    looks_like: Follows up within a day.\n    not_like: Lets a request wait.\n")
    role = MINIMAL["roles/account-executive.yml"].replace(
        "  - measure: win-rate\n    weight: 50\n", "  - measure: win-rate\n    weight: 50\n    why: Quality of selling.\n")
    fw = check_framework(make_framework({"values/customer-first.yml": value,
                                         "roles/account-executive.yml": role})).framework
    named, everything = fw.roles["account-executive"].values[0], fw.roles["head-of-sales"].values[0]
    assert [b.id for b in fw.behaviours_asked(named)] == ["listen-first"]       # the ones it names
    assert [b.id for b in fw.behaviours_asked(everything)] == ["listen-first", "follow-up"]  # none named: all
    held = {rm.measure: rm for rm in fw.roles["account-executive"].measures}
    assert fw.why_held(held["win-rate"]) == "Quality of selling."
    assert fw.why_held(held["qualified-leads"]) is None
