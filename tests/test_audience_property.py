"""Random visibility on a generated framework: whatever is hidden is in no output file, whatever is
visible is there (issue 10). Seeded, so a failure can be run again; small, so it takes seconds."""

from __future__ import annotations

import html
import json
import random
import re
import shutil
from pathlib import Path

import pytest

from bench.generate import generate
from spm_site.engine.audiences import build_handbooks
from spm_site.framework.audience import filter_framework, visible_texts
from spm_site.framework.kinds import SECTIONS
from spm_site.pipeline import check_framework

CHOICES = ("public", "public", "internal", "leadership", "draft")
#: Shorter texts (a level's id, a unit) are not distinctive enough to look for.
MIN_LENGTH = 6
#: Where the items without a page of their own are listed, by kind.
LISTED_ON = {"pillar": "strategy/index.html", "principle": "principles/index.html", "level": "levels/index.html",
             "feedback rhythm": "feedback/index.html"}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("generated") / "framework"
    generate(8, root)
    return root


def assign(root: Path, rng: random.Random) -> dict[str, str]:
    """Give every item of the framework under `root` a random visibility (or make it a draft).

    Returns the choice for each item with a page, by its page's folder and id (`roles/x`): the
    test's own expectation of who sees what, independent of the filter.
    """
    chosen: dict[str, str] = {}

    def mark(indent: str, page: str | None) -> str:
        choice = rng.choice(CHOICES)
        if page:
            chosen[page] = choice
        return f"{indent}status: draft\n" if choice == "draft" else f"{indent}visibility: {choice}\n"

    for folder in ("values", "objectives", "functions", "roles"):
        for path in sorted((root / folder).glob("*.yml")):
            path.write_text(mark("", f"{folder}/{path.stem}") + path.read_text())
    grouped = [root / "organisation.yml", root / "principles.yml", root / "levels.yml", root / "feedback.yml",
               *sorted((root / "measures").glob("*.yml"))]
    for path in grouped:
        def one(found: re.Match) -> str:
            extra, page = "", None
            if "measures" in path.parts:
                extra = f"    field_visibility:\n      formula: {rng.choice(('public', 'internal'))}\n"
                page = f"measures/{found.group(1)}"
            return found.group(0) + mark("    ", page) + extra
        path.write_text(re.sub(r"^  - id: (.+)\n", one, path.read_text(), flags=re.M))
    with open(root / "spm.yml", "a", encoding="utf-8") as spm:
        spm.write("audiences:\n  names: [leadership]\n")
    return chosen


def expected_to_see(audience: str, choice: str) -> bool:
    """Who sees what, as the issue states it: public ⊂ internal ⊂ leadership; drafts are in no build."""
    return choice == "public" or (choice == "internal" and audience != "public") or choice == audience


def encodings(text: str) -> set[bytes]:
    return {form.encode() for form in (text, html.escape(text), html.escape(text, quote=False), json.dumps(text)[1:-1])}


@pytest.mark.parametrize(("seed", "audience"), [(1, "public"), (2, "internal"), (3, "leadership")])
def test_random_visibility_hides_every_hidden_text_and_shows_every_visible_item(generated, tmp_path, seed, audience):
    root = tmp_path / "framework"
    shutil.copytree(generated, root)
    chosen = assign(root, random.Random(seed))
    result = check_framework(root)
    assert result.ok, [d for d in result.diagnostics if d.severity.value == "error"]
    targets = [(audience, tmp_path / audience)]
    built, _ = build_handbooks(root, targets, strict=True)
    assert built.ok
    for audience, site in targets:
        filtered = filter_framework(result.framework, audience, result.settings.audiences)
        assert filtered.hidden, "the random assignment should hide something"
        files = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
        names = "\n".join(files).encode()
        everything = b"\0".join(files.values())
        visible = list(visible_texts(filtered.framework))
        # The reference page and the rules' own pages under it (not on public sites) are rendered
        # from spm-site's models, docstrings and worked examples, never from the framework: the
        # generator's level and rhythm names (and `chief-executive`) are among them.
        reference = b"\0".join(data for f, data in files.items() if f.startswith("reference/") and f.endswith(".html"))
        for h in filtered.hidden:
            for text in h.texts:
                if len(text) < MIN_LENGTH or any(text in v for v in visible) or text.encode() in reference:
                    continue  # also written in something the audience may see
                if any(e in everything for e in encodings(text)):  # one search of all the bytes, then say where
                    leaks = [f for f, data in files.items() if any(e in data for e in encodings(text))]
                    pytest.fail(f"{audience}: {h.label} text {text!r} in {leaks[:3]}")
                assert text.encode() not in names
        fw = filtered.framework
        for kind, item in fw.items():
            assert f"{SECTIONS[kind]}/{item.id}/index.html" in files, f"{audience}: {kind} {item.id}"
        pages = {page for page, choice in chosen.items() if expected_to_see(audience, choice)}
        assert {p for p in chosen if f"{p}/index.html" in files} == pages
        for kind, page in LISTED_ON.items():
            items = {"pillar": fw.pillars.values(), "principle": fw.principles, "level": fw.levels.values(),
                     "feedback rhythm": fw.rhythms.values()}[kind]
            for item in items:
                assert html.escape(item.name).encode() in files[page], f"{audience}: {kind} {item.id}"
