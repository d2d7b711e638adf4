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
from spm_site.site.author_links import LinkChecker, check_links, page_paths, texts
from spm_site.cli import cli
from spm_site.diagnostics import Severity
from spm_site.pipeline import check_framework
from spm_site.site.render import Renderer

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
    "[Win rate](measures/win-rate.md?tab=1) and [text](measures/win-rate.md \"a title\")",
    "[dot](measures/./win-rate.md) and [encoded](measures/win%2Drate.md)",
    # Raw HTML is shown as text by the build: it makes no link and no request.
    '<a href="javascript:alert(1)">raw</a> <img src="https://evil.example/p.gif"> <img src=x onerror=alert(2)>',
    '<img srcset="a.png 1x, https://evil.example/p.gif 2x"> <a href="nope.md">x</a>',
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
    ("See [dash](-measures/win-rate.md).", "link-notation", "warning"),
    ("See [pct](%2e%2e/x.md).", "link-notation", "warning"),
    ("[nested](&amp;amp;amp;amp;amp;amp;amp;amp;amp;#106;avascript:alert(1))", "link-notation", "warning"),
    ("![anchor](#measures)", "link-notation", "warning"),
    ("[angle brackets](<measures/win-rate.md>)", "link-notation", "warning"),
    ("See [q](?tab=1).", "link-notation", "warning"),
    ("[js](javascript:alert(1))", "unsafe-link", "warning"),
    ("[js](JaVaScRiPt:alert(1))", "unsafe-link", "warning"),
    ("[js]( \tjava\nscript:alert(1))", "unsafe-link", "warning"),
    ("[js](&#106;avascript:alert(1))", "unsafe-link", "warning"),
    ("[d](data:text/html;base64,PHNjcmlwdD4=)", "unsafe-link", "warning"),
    ("[v](vbscript:msgbox)", "unsafe-link", "warning"),
    ("[f](file:///etc/passwd)", "unsafe-link", "warning"),
    ("[x][r]\n\n[r]: javascript:alert(1)", "unsafe-link", "warning"),
    ("![pixel](https://evil.example/p.gif)", "external-image", "warning"),
    ("![pixel](//evil.example/p.gif)", "external-image", "warning"),
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


# --- template overrides ------------------------------------------------------------------------

ROLE_HEAD = '{% import "_macros.md.j2" as m with context %}\n# {{ role.name|plain }}\n\n'


def overrides(folder: Path, templates: dict[str, str | bytes]) -> Path:
    for name, text in templates.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return folder


def template_errors(runner, root: Path, *args: str) -> tuple[int, list[str]]:  # noqa: ANN001
    result = runner.invoke(cli, ["check", str(root), *args])
    assert "Traceback" not in result.output and isinstance(result.exception, (SystemExit, type(None))), result.output
    return result.exit_code, [ln for ln in result.output.splitlines() if "error[template]" in ln]


@pytest.mark.parametrize(("name", "text", "line", "words"), [
    ("home.md.j2", "# {{ org.name|plain }}\n\n{{ org.name \n", 3, "syntax error"),
    ("home.md.j2", "# Home\n{% if org.about %}\nabout\n", 3, "syntax error"),
    ("home.md.j2", "# Home\n\n{% endfi %}\n", 3, "syntax error"),
    ("home.md.j2", "# Home\n{{ org.name|no_such_filter }}\n", 2, "syntax error"),
    ("partials/extra.md.j2", "ok\n{% for x in %}\n", 2, "syntax error"),
    ("role.md.j2", ROLE_HEAD + "{{ role.nmae }}\n", 4, "undefined name"),
    ("measure.md.j2", "# {{ measure.name|plain }}\n\n\n{{ measures.owner }}\n", 4, "undefined name"),
    ("roles.md.j2", "# Roles\n{% for r in fw.roles.values() %}\n- {{ r.titel }}\n{% endfor %}\n", 3, "undefined name"),
    ("strategy.md.j2", "# Strategy\n{% include 'nope.md.j2' %}\n", 2, "no template is called 'nope.md.j2'"),
    ("home.md.j2", "# Home\n{{ 1 // 0 }}\n", 2, "ZeroDivisionError"),
    ("home.md.j2", b"# Home \xff\xfe\n", 1, "not UTF-8"),
])
def test_a_template_error_is_located_in_the_override(runner, make_framework, tmp_path, name, text, line, words):
    folder = overrides(tmp_path / "templates", {name: text})
    code, errors = template_errors(runner, make_framework(), "--templates", str(folder))
    assert code == 1 and len(errors) == 1, errors
    assert errors[0].startswith(f"{os.path.relpath(folder / name)}:{line}:1: error[template]:"), errors
    assert words in errors[0]


def test_an_error_in_an_overridden_partial_is_found_through_the_pages_that_use_it(runner, make_framework, tmp_path):
    folder = overrides(tmp_path / "templates", {
        "role.md.j2": ROLE_HEAD + "{% include 'partials/card.md.j2' %}\n",
        "partials/card.md.j2": "Card\n\n{{ role.purpse }}\n",
    })
    code, errors = template_errors(runner, make_framework(), "--templates", str(folder))
    assert code == 1 and [e.split(": error")[0] for e in errors] == [f"{os.path.relpath(folder)}/partials/card.md.j2:3:1"]


def test_a_bad_call_into_a_built_in_macro_is_reported_where_the_override_makes_it(runner, make_framework, tmp_path):
    """`role_table` reads `.name` of what it is given: the error happens in the built-in macro, the mistake is here."""
    folder = overrides(tmp_path / "templates", {
        "roles.md.j2": '{% import "_macros.md.j2" as m with context %}\n# Roles\n\n{{ m.role_table([1, 2]) }}\n'})
    code, errors = template_errors(runner, make_framework(), "--templates", str(folder))
    assert code == 1 and [e.split(": error")[0] for e in errors] == [f"{os.path.relpath(folder)}/roles.md.j2:4:1"]


def test_good_overrides_pass(runner, make_framework, tmp_path):
    folder = overrides(tmp_path / "templates", {
        "home.md.j2": "# Welcome to {{ org.name|plain }}\n",
        "role.md.j2": ROLE_HEAD + "{{ role.purpose|md }}\n",
        "notes.txt": "{{ not a template: files other than .j2 are never asked for }}",
    })
    assert template_errors(runner, make_framework(), "--templates", str(folder)) == (0, [])


def test_the_folder_comes_from_mkdocs_yml_or_theme_templates(runner, make_framework, in_tmp):
    root = make_framework()
    broken = {"home.md.j2": "# {{ org.nmae }}\n"}
    overrides(in_tmp / "theme/templates", broken)
    assert template_errors(runner, root)[1][0].startswith("theme/templates/home.md.j2:1:1")
    (in_tmp / "mkdocs.yml").write_text(
        "site_name: T\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:x.y\n"
        f"plugins:\n  - spm:\n      framework: {root}\n      templates: custom/tpl\n")
    assert template_errors(runner, root) == (0, [])  # theme/templates is not the plugin's folder any more
    overrides(in_tmp / "custom/tpl", broken)
    assert template_errors(runner, root)[1][0].startswith("custom/tpl/home.md.j2:1:1")


def test_the_folder_comes_from_properdocs_yml_as_the_build_finds_it(runner, make_framework, in_tmp):
    """The check reads the same config file the build would: ProperDocs' name as well as MkDocs'."""
    root = make_framework()
    (in_tmp / "properdocs.yml").write_text(f"site_name: T\nplugins:\n  - spm:\n      framework: {root}\n"
                                           "      templates: pd/tpl\n")
    overrides(in_tmp / "pd/tpl", {"home.md.j2": "# {{ org.nmae }}\n"})
    assert template_errors(runner, root)[1][0].startswith("pd/tpl/home.md.j2:1:1")
    (in_tmp / "mkdocs.yml").write_text("site_name: T\n")
    result = runner.invoke(cli, ["check", str(root)])
    assert result.exit_code == 2 and "are both here" in result.output


def test_a_missing_templates_folder_is_a_usage_error(runner, make_framework, tmp_path):
    result = runner.invoke(cli, ["check", str(make_framework()), "--templates", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_the_template_the_check_rejects_fails_the_build(runner, make_framework, in_tmp):
    root = make_framework()
    (in_tmp / "docs").mkdir()
    overrides(in_tmp / "theme/templates", {"role.md.j2": ROLE_HEAD + "{{ role.nmae }}\n"})
    (in_tmp / "mkdocs.yml").write_text(
        f"site_name: T\ntheme:\n  name: material\n  font: false\nplugins:\n  - spm:\n      framework: {root}\n")
    code, errors = template_errors(runner, root)
    assert code == 1 and errors[0].startswith("theme/templates/role.md.j2:4:1: error[template]")
    result = build(runner, root, in_tmp / "site")
    assert result.exit_code == 1 and not (in_tmp / "site").exists()


def test_located_template_error_names_the_file_and_line_for_the_plugin(make_framework, tmp_path):
    from spm_site.site.template_check import located_template_error

    folder = overrides(tmp_path / "templates", {"role.md.j2": ROLE_HEAD + "\n{{ role.nmae }}\n"})
    result = checked(make_framework())
    renderer = Renderer(result.framework, [folder], result)
    with pytest.raises(Exception) as caught:
        renderer.pages()
    d = located_template_error(caught.value, [folder])
    assert (d.location.file, d.location.line, d.rule) == (os.path.relpath(folder / "role.md.j2"), 5, "template")


@pytest.mark.parametrize("value", [
    '"[evil](javascript:alert(1))"',
    '"[evil]\\u0028javascript:alert(1))"',          # a YAML escape spells the `(`
    '"[evil]\\\n  (javascript:alert(1))"',          # a line continuation joins `]` and `(`
])
def test_links_are_found_however_the_yaml_spells_them(make_framework, value):
    """The check skips files whose text holds no link; a YAML escape must not hide one from it."""
    role = MINIMAL["roles/account-executive.yml"].replace(
        "purpose: Win new customers who will succeed with us.", f"purpose: {value}")
    result = check_framework(make_framework({"roles/account-executive.yml": role}))
    assert [d.rule for d in result.diagnostics] == ["unsafe-link"], result.diagnostics
