"""What the strict build would reject, `check` reports first, located in the YAML or the template file.

Links in author text: a link to a page that does not exist fails the build (naming a generated page);
the check reports it at the YAML value. Template overrides: a syntax error or an undefined name
fails the build; the check reports the template's file and line.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import MINIMAL
from spm_site.author_links import LinkChecker, check_links, page_paths, texts
from spm_site.cli import cli
from spm_site.diagnostics import Severity
from spm_site.pipeline import check_framework
from spm_site.render import Renderer

REPO = Path(__file__).resolve().parent.parent
ROLE = "roles/account-executive.yml"


def checked(root: Path):  # noqa: ANN201
    result = check_framework(root)
    assert result.framework is not None, result.diagnostics
    return result


def link_findings(root: Path, **kwargs: object) -> list[tuple[str, int, int, str, str]]:
    """(file from the framework folder, line, col, rule, severity) of every link finding."""
    out = []
    for d in check_links(checked(root).framework, **kwargs):
        rel = Path(os.path.abspath(d.location.file)).relative_to(root).as_posix()
        out.append((rel, d.location.line, d.location.col, d.rule, d.severity.value))
    return out


def with_purpose(text: str) -> dict[str, str]:
    """MINIMAL with the account executive's purpose (line 4, value at column 10) replaced."""
    old = "purpose: Win new customers who will succeed with us.\n"
    assert old in MINIMAL[ROLE]
    return {ROLE: MINIMAL[ROLE].replace(old, f"purpose: {json.dumps(text)}\n")}


# --- the set of pages ------------------------------------------------------------------------------

@pytest.mark.parametrize("alignment_page", [True, False])
@pytest.mark.parametrize("sample", [False, True])
def test_page_paths_are_the_pages_the_renderer_writes(make_framework, alignment_page, sample):
    """`page_paths` is cheap (no rendering); it must never drift from what `Renderer.pages` writes."""
    result = checked(REPO / "framework" if sample else make_framework())
    result.settings.alignment_page = alignment_page
    rendered = {p.path for p in Renderer(result.framework, checked=result).pages()}
    assert page_paths(result.framework, alignment_page) == rendered


# --- which destinations are findings ------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "See [Win rate](measures/win-rate.md).",
    "See [growth](strategy.md#growth) and [the team](roles/head-of-sales.md#measures).",
    "Read [the cascade](cascade.md), [home](index.md) and [roles](roles/index.md).",
    "Ask [the lead](mailto:lead@example.org) or read <https://example.org/guide>.",
    "Write to <lead@example.org>, see [below](#measures) or [the guide](https://example.org/a(b)).",
    "A [reference link][r] to a page.\n\n[r]: functions/sales.md",
    "Costs < 5 days and > 2; a ]( that is no link, and [brackets] alone.",
    "[Win rate](measures/win-rate.md?tab=1) and [text](<measures/win-rate.md> \"a title\")",
])
def test_links_the_build_keeps_are_not_findings(make_framework, text):
    assert link_findings(make_framework(with_purpose(text))) == []


@pytest.mark.parametrize(("text", "rule", "severity"), [
    ("See [Win rate](measures/win-rat.md).", "missing-page", "error"),
    ("See [Win rate](measures/win-rate).", "missing-page", "error"),
    ("See [Win rate](measures/win-rate/).", "missing-page", "error"),
    ("See [x](roles/nobody.md#measures).", "missing-page", "error"),
    ("A [reference][r].\n\n  [r]: objectives/nothing.md", "missing-page", "error"),
    ("- item\n\n    > [r]: values/nothing.md\n\n[a][r]", "missing-page", "error"),
    ("[a [nested [link]]](levels/l1.md)", "missing-page", "error"),
    ("![logo](assets/logo.png)", "missing-page", "error"),
    ("See [up](../measures/win-rate.md).", "link-notation", "warning"),
    ("See [root](/measures/win-rate.md).", "link-notation", "warning"),
    ("See [here](./measures/win-rate.md).", "link-notation", "warning"),
    ("See [host](//evil.example/x).", "link-notation", "warning"),
    ("See [win](measures\\win-rate.md).", "link-notation", "warning"),
    ("See [q](?tab=1).", "link-notation", "warning"),
    ("[js](javascript:alert(1))", "unsafe-link", "warning"),
    ("[js](JaVaScRiPt:alert(1))", "unsafe-link", "warning"),
    ("[js]( \tjava\nscript:alert(1))", "unsafe-link", "warning"),
    ("[js](&#106;avascript:alert(1))", "unsafe-link", "warning"),
    ("[d](data:text/html;base64,PHNjcmlwdD4=)", "unsafe-link", "warning"),
    ("[v](vbscript:msgbox)", "unsafe-link", "warning"),
    ("[f](file:///etc/passwd)", "unsafe-link", "warning"),
    ("[x][r]\n\n[r]: javascript:alert(1)", "unsafe-link", "warning"),
    ('<a href="javascript:alert(1)">raw</a>', "unsafe-link", "warning"),
    ("![pixel](https://evil.example/p.gif)", "external-image", "warning"),
    ("![pixel](//evil.example/p.gif)", "external-image", "warning"),
    ('<img src="https://evil.example/p.gif">', "external-image", "warning"),
    ('<img srcset="a.png 1x, https://evil.example/p.gif 2x">', "external-image", "warning"),
])
def test_each_destination_the_build_rejects_or_drops_is_located_at_the_yaml_value(make_framework, text, rule,
                                                                                  severity):
    found = link_findings(make_framework(with_purpose(text)))
    assert (ROLE, 4, 10, rule, severity) in found, found


def test_messages_say_what_to_write_instead(make_framework):
    root = make_framework(with_purpose("[a](measures/win-rat.md) [b](measures/win-rate/) [c](../x.md)"))
    by_rule = {}
    for d in check_links(checked(root).framework):
        by_rule.setdefault(d.rule, []).append(d)
    missing = sorted(by_rule["missing-page"], key=lambda d: d.message)
    assert "did you mean 'measures/win-rate.md'?" in missing[0].hint
    assert "write the page's file: 'measures/win-rate.md'" in missing[1].hint
    (notation,) = by_rule["link-notation"]
    assert "path from the site root" in notation.hint and "'../x.md'" in notation.message


def test_extra_pages_from_docs_may_be_named(make_framework):
    root = make_framework(with_purpose("Read [the guide](guide/onboarding.md) ![map](assets/map.png)."))
    assert [f[3] for f in link_findings(root)] == ["missing-page", "missing-page"]
    assert link_findings(root, extra_pages={"guide/onboarding.md", "assets/map.png"}) == []


def test_the_alignment_page_is_a_target_only_when_it_is_built(make_framework):
    root = make_framework(with_purpose("See [the findings](alignment.md)."))
    assert link_findings(root) == []
    assert [f[3] for f in link_findings(root, alignment_page=False)] == ["missing-page"]


#: (file, text to find, replacement): a broken link planted in text fields of every kind of file.
PLANTED = [
    ("organisation.yml", "mission: Help", "mission: See [m](nope/mission.md) Help"),
    ("organisation.yml", "    description: Grow", "    description: See [p](nope/pillar.md) Grow"),
    ("organisation.yml", "  statement: We", "  statement: See [c](nope/commitment.md) We"),
    ("principles.yml", "    in_practice: Every", "    in_practice: See [i](nope/principle.md) Every"),
    ("levels.yml", "    summary: Learns", "    summary: See [l](nope/level.md) Learns"),
    ("feedback.yml", "    purpose: Coach", "    purpose: See [f](nope/rhythm.md) Coach"),
    ("values/customer-first.yml", "    not_like: Pitches", "    not_like: See [v](nope/behaviour.md) Pitches"),
    ("objectives/grow-revenue.yml", "description: More", "description: See [o](nope/objective.md) More"),
    ("functions/sales.yml", "  - statement: New", "  - statement: See [a](nope/accountability.md) New"),
    ("measures/sales.yml", "    source: CRM opportunity", "    source: See [s](nope/measure.md) CRM opportunity"),
    ("roles/head-of-sales.yml", "      - Builds a team", "      - See [e](nope/expectation.md) Builds a team"),
    ("roles/head-of-sales.yml", "  - Forecast", "  - See [d](nope/development.md) Forecast"),
    ("roles/head-of-sales.yml", "    - Prepares", "    - See [w](nope/partnership.md) Prepares"),
    (ROLE, "      reason: Self-sourced", "      reason: See [r](nope/acceptance.md) Self-sourced"),
]


def test_every_text_field_of_every_kind_is_checked(make_framework):
    files = dict(MINIMAL)
    expected = []
    for path, old, new in PLANTED:
        assert old in files[path], old
        files[path] = files[path].replace(old, new, 1)
        line = files[path][: files[path].index(new)].count("\n") + 1
        expected.append((path, line, new.index("See") + 1, "missing-page", "error"))
    root = make_framework(files)
    assert sorted(link_findings(root)) == sorted(expected)


def test_only_text_that_may_hold_a_link_is_converted(make_framework, monkeypatch):
    fw = checked(REPO / "framework").framework
    checker = LinkChecker(page_paths(fw))
    converted = []
    original = checker._md.convert
    monkeypatch.setattr(checker._md, "convert", lambda text: converted.append(text) or original(text))
    checker.check(fw)
    total = sum(1 for _ in texts(fw))
    assert total > 1000 and all(any(m in t for m in ("](", "]:", "<")) for t in converted)
    assert len(converted) < total / 10


# --- the check and the build agree -------------------------------------------------------------

@pytest.fixture
def in_tmp(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build(runner, root: Path, site: Path):  # noqa: ANN201
    return runner.invoke(cli, ["build", str(root), "--site-dir", str(site)])


def test_a_link_the_check_rejects_fails_the_build(runner, make_framework, in_tmp):
    root = make_framework(with_purpose("See [Win rate](measures/win-rat.md)."))
    assert [f[3:] for f in link_findings(root)] == [("missing-page", "error")]
    result = build(runner, root, in_tmp / "site")
    assert result.exit_code == 1 and "win-rat.md" in result.output


def test_links_the_check_accepts_or_warns_about_build_strict(runner, make_framework, in_tmp):
    text = ("See [Win rate](measures/win-rate.md), [growth](strategy.md#growth), [up](../x.md), "
            "[js](javascript:alert(1)) and ![pixel](https://evil.example/p.gif).")
    root = make_framework(with_purpose(text))
    assert {f[4] for f in link_findings(root)} == {"warning"}
    result = build(runner, root, in_tmp / "site")
    assert result.exit_code == 0, result.output
    page = (in_tmp / "site/roles/account-executive/index.html").read_text()
    assert 'href="../../measures/win-rate/"' in page and "javascript:" not in page and "evil.example" not in page


def test_findings_are_diagnostics_with_a_severity(make_framework):
    root = make_framework(with_purpose("[a](nope.md) [b](javascript:x)"))
    severities = {d.rule: d.severity for d in check_links(checked(root).framework)}
    assert severities == {"missing-page": Severity.ERROR, "unsafe-link": Severity.WARNING}
