"""One true target, in a real browser: every role, level and measure of the sample, on every page.

The sample handbook is built once and served on 127.0.0.1. The test walks every role page (its
measures table, a column per level; each level's "Targets at this level"; the level comparison),
every measure page ("Roles held to it", row per role and level) and the catalogue, reads the target
each shows for each role × level × measure, and finds one answer per triple: the same on every
page, and the one `Framework.target` decides for the framework this edition shows.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from served import guarded_page, serve_folder

from spm_site.pipeline import check_framework
from spm_site.site.audience_links import audience_view
from spm_site.site.targets import role_level_ids, target_text

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"

#: Reads a paragraph of `[measure link] target, ...` into {measure id: target text}.
READ_LIST = """p => { const out = {}; let id = null;
  for (const n of p.childNodes) {
    if (n.nodeName === 'A') { id = n.getAttribute('href').split('/').filter(Boolean).pop(); out[id] = ''; }
    else if (id !== null) { out[id] += n.textContent; }
  }
  for (const k in out) { out[k] = out[k].replace(/^\\s+/, '').replace(/[,.]\\s*$/, '').trim(); }
  return out; }"""

#: Reads the first table after a heading: header texts, the data-level of each header, and rows of
#: cells, each with its text and the last path segment (and hash) of its first link.
READ_TABLE = """h => { let el = h.nextElementSibling;
  while (el && !el.querySelector('table') && el.tagName !== 'TABLE') el = el.nextElementSibling;
  if (!el) return null; const t = el.tagName === 'TABLE' ? el : el.querySelector('table');
  const heads = [...t.querySelectorAll('thead th')].map(th => ({text: th.innerText.trim(),
    level: (th.querySelector('[data-level]') || {dataset: {}}).dataset.level || null}));
  const rows = [...t.querySelectorAll('tbody tr')].map(tr => [...tr.querySelectorAll('td')].map(td => {
    const a = td.querySelector('a'); let link = null, hash = null;
    if (a) { const u = new URL(a.href); link = u.pathname.split('/').filter(Boolean).pop(); hash = u.hash.slice(1); }
    return {text: td.innerText.trim(), link, hash}; }));
  return {heads, rows}; }"""


@pytest.fixture(scope="module")
def site(sample_site: Path) -> Path:
    return sample_site


@pytest.fixture(scope="module")
def base_url(site: Path):
    with serve_folder(site) as url:
        yield url


@pytest.fixture(scope="module")
def fw():
    """The framework the internal edition shows, filtered as the build filters it."""
    result = check_framework(REPO / "framework")
    return audience_view(result, "internal", [])[0].framework


@pytest.fixture(scope="module")
def page(browser):
    with guarded_page(browser) as tab:
        yield tab


def test_every_role_level_and_measure_shows_one_target_everywhere(page, base_url, fw):
    seen: dict[tuple[str, str, str | None], dict[str, str]] = defaultdict(dict)  # triple -> {where: text}
    level_of_name = {lv.name: lv.id for lv in fw.levels.values()}
    for role in fw.roles.values():
        page.goto(f"{base_url}roles/{role.id}/")
        levels = role_level_ids(fw, role)
        table = page.locator("h2#measures").evaluate(READ_TABLE)
        heads = table["heads"][1:1 + (len(levels) or 1)]
        assert [h["level"] for h in heads] == (levels or [None]), (role.id, table["heads"])
        assert len(table["rows"]) == len([rm for rm in role.measures if rm.measure in fw.measures])
        for row in table["rows"]:
            for lid, cell in zip(levels or [None], row[1:1 + len(heads)]):
                seen[(role.id, row[0]["link"], lid)]["role measures table"] = cell["text"]
        for lid in levels:
            section = page.locator(f"#level-{lid} ~ p.spm-level-targets").first
            for mid, text in section.evaluate(READ_LIST).items():
                seen[(role.id, mid, lid)][f"level section {lid}"] = text
        if page.locator("#level-changes").count():
            cmp = page.locator("#level-changes").evaluate(READ_TABLE)
            cols = [level_of_name[h["text"]] for h in cmp["heads"][1:]]
            for row in cmp["rows"]:
                for lid, cell in zip(cols, row[1:]):
                    text = cell["text"].replace("↑", "").replace("↓", "").replace("raised", "").replace("lowered", "")
                    seen[(role.id, row[0]["link"], lid)]["level comparison"] = text.strip()
    for measure in fw.measures.values():
        if measure.id not in fw.roles_by_measure:
            continue
        page.goto(f"{base_url}measures/{measure.id}/")
        table = page.locator("h2#roles-held-to-it").evaluate(READ_TABLE)
        by_level = table["heads"][1]["text"] == "Level"
        for row in table["rows"]:
            lid = row[1]["hash"].removeprefix("level-") if by_level and row[1]["link"] else None
            seen[(row[0]["link"], measure.id, lid)]["measure page"] = row[2 if by_level else 1]["text"]
    expected = {(r.id, rm.measure, lid) for r in fw.roles.values() for rm in r.measures if rm.measure in fw.measures
                for lid in role_level_ids(fw, r) or [None]}
    assert set(seen) == expected, set(seen) ^ expected
    for (rid, mid, lid), shown in seen.items():
        want = target_text(fw, fw.roles[rid], mid, lid)
        assert "\\" not in want  # the sample's targets need no Markdown escape: the page shows them as written
        assert set(shown.values()) == {want}, ((rid, mid, lid), shown, want)
        assert "role measures table" in shown and "measure page" in shown
        if lid is not None:
            assert f"level section {lid}" in shown
    # the worst case of the issue: the account executive's win rate is shown at 22%, 26% and 30%, never 28%
    assert {seen[("account-executive", "win-rate", lid)]["role measures table"] for lid in ("l1", "l2", "l3")} \
        == {"22%", "26%", "30%"}

    # the catalogue: beside a default, the targets roles are actually held to, from low to high
    page.goto(f"{base_url}measures/")
    for measure in fw.measures.values():
        cell = page.locator(f"#m-{measure.id} td").nth(3).inner_text().strip()
        held = [h for (rid, mid, lid), h in seen.items() if mid == measure.id]
        values = {fw.target(fw.roles[rid], mid, lid) for (rid, mid, lid) in seen if mid == measure.id} - {None}
        if not values or values == {measure.target}:
            assert "roles are held to" not in cell, (measure.id, cell)
            continue
        numbers = sorted(v for v in values if isinstance(v, (int, float)))
        texts = {fw.target(fw.roles[rid], mid, lid): h["measure page"] for (rid, mid, lid), h in seen.items()
                 if mid == measure.id}
        span = texts[numbers[0]] if numbers[0] == numbers[-1] else f"{texts[numbers[0]]} to {texts[numbers[-1]]}"
        assert f"roles are held to {span}" in " ".join(cell.split()), (measure.id, cell, held)
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{base_url}roles/account-executive/#measures")
    page.screenshot(path=str(ARTIFACTS / "one-target-role-measures.png"))
