"""The authoring workflow: editor schemas, the reference page, the pre-commit hook and the CI examples."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator, Draft202012Validator

from conftest import MINIMAL, write_framework
from spm_site import rules as rule_registry
from spm_site.cli import cli
from spm_site.framework.documents import ONE_ITEM_FOLDERS, discover, read_documents
from spm_site.framework.kinds import MODELS as FILE_KINDS
from spm_site.framework.model import ID_PATTERN, Role
from spm_site.framework.former_ids import NOT_REFERENCES
from spm_site.site.reference import EXAMPLES, REFERENCES, TARGET_ANCHORS, reference_context
from spm_site.schema import SETTINGS_KIND, dumps, file_globs, json_schemas, schema_file
from spm_site.settings import load_settings

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = json_schemas()


class EditorLoader(yaml.SafeLoader):
    """PyYAML's safe loader, reading scalars as the YAML language server does (YAML 1.2 core schema).

    PyYAML follows YAML 1.1, where `2026-09-24` is a date and `no` is false; in the editor the
    first is text (a date-formatted string) and the second the word "no".
    """


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
EditorLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                   list("tTfF"))


def editor_load(text: str):
    return yaml.load(text, Loader=EditorLoader)  # noqa: S506 - a SafeLoader subclass


def schema_errors(kind: str, text: str) -> list[str]:
    validator = Draft202012Validator(SCHEMAS[kind], format_checker=Draft202012Validator.FORMAT_CHECKER)
    data = editor_load(text)
    return [f"{e.json_path}: {e.message}" for e in validator.iter_errors(data)]


def tool_problems(tmp_path: Path, rel: str, text: str) -> list[str]:
    """What `spm-site` itself says about one file (loading and model validation, not references)."""
    root = write_framework(tmp_path / "fw", {"organisation.yml": MINIMAL["organisation.yml"], rel: text})
    _, problems = read_documents(root)
    return [p.message for p in problems]


# --- the schemas ------------------------------------------------------------------------------


def test_committed_schemas_are_up_to_date():
    """`schemas/` is generated: after changing the model or the rules, run `spm-site schema`."""
    folder = REPO / "schemas"
    for kind, schema in SCHEMAS.items():
        path = folder / schema_file(kind)
        assert path.is_file(), f"{path} is missing: run `spm-site schema`"
        assert path.read_text(encoding="utf-8") == dumps(schema), f"{path} is out of date: run `spm-site schema`"
    assert sorted(p.name for p in folder.glob("*.schema.json")) == sorted(schema_file(k) for k in SCHEMAS)


def test_one_schema_per_file_kind_and_one_for_settings():
    assert list(SCHEMAS) == [*FILE_KINDS, SETTINGS_KIND]


@pytest.mark.parametrize("kind", list(SCHEMAS))
def test_schemas_are_valid_for_2020_12_and_for_the_yaml_language_server(kind):
    """The YAML language server checks a schema against the draft-07 meta-schema; it must pass both."""
    schema = SCHEMAS[kind]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    Draft7Validator.check_schema(schema)
    assert json.loads(dumps(schema)) == schema


def _walk(node, path=""):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}/{i}")


@pytest.mark.parametrize("kind", list(FILE_KINDS))
def test_every_mapping_is_closed_and_every_key_documented(kind):
    for path, node in _walk(SCHEMAS[kind]):
        if "properties" in node and not path.endswith("/properties"):
            assert node.get("additionalProperties") is False, path
            assert node.get("title"), path
            for key, prop in node["properties"].items():
                assert prop.get("description"), f"{path}/{key}"
                assert prop["markdownDescription"] == prop["description"], f"{path}/{key}"
                title = prop["title"]  # human: "Last reviewed", not pydantic's "Last Reviewed"
                assert title[1:] == title[1:].lower() and "_" not in title, f"{path}/{key}"
        assert "default" not in node or node["default"] is not None, path  # `default: null` would be inserted


@pytest.mark.parametrize("kind", list(FILE_KINDS))
def test_id_is_optional_exactly_where_the_file_name_is_the_id(kind):
    schema = SCHEMAS[kind]
    if kind in ONE_ITEM_FOLDERS:
        assert "id" in schema["properties"] and "id" not in schema["required"]
    else:
        assert "id" not in schema.get("required", [])  # list files hold ids in their entries
    measure = SCHEMAS["measures"]["$defs"]["Measure"]
    assert "id" in measure["required"]


def _framework_files():
    for root in (REPO / "framework", REPO / "tests/fixtures/clinic", REPO / "tests/fixtures/engineering"):
        found, _ = discover(root)
        for kind, path in found:
            yield pytest.param(kind, path, id=path.relative_to(REPO).as_posix())
        for name in ("spm.yml", "spm.yaml"):
            if (root / name).is_file():
                yield pytest.param(SETTINGS_KIND, root / name, id=(root / name).relative_to(REPO).as_posix())


@pytest.mark.parametrize(("kind", "path"), list(_framework_files()))
def test_every_real_framework_file_passes_its_schema(kind, path):
    assert schema_errors(kind, path.read_text(encoding="utf-8")) == []


def test_a_misspelt_key_in_a_role_is_rejected():
    text = MINIMAL["roles/head-of-sales.yml"].replace("purpose:", "purpse:")
    errors = schema_errors("roles", text)
    assert any("'purpse' was unexpected" in e for e in errors), errors
    assert any("'purpose' is a required property" in e for e in errors), errors


def test_a_wrong_direction_in_a_measure_is_rejected():
    text = MINIMAL["measures/sales.yml"].replace("direction: higher", "direction: up", 1)
    errors = schema_errors("measures", text)
    assert errors == ["$.measures[0].direction: 'up' is not one of ['higher', 'lower', None]"]


def test_minimal_framework_passes_its_schemas():
    for rel, text in MINIMAL.items():
        kind = rel.split("/")[0].removesuffix(".yml")
        assert schema_errors(kind, text) == [], rel


#: (file, a change to MINIMAL): the schema and `spm-site` must agree on each.
PARITY = [
    ("roles/head-of-sales.yml", "name: Head of sales", "name: Head of sales", True),
    ("roles/head-of-sales.yml", "purpose:", "purpse:", False),
    ("roles/head-of-sales.yml", "    weight: 60", "    weight: sixty", False),
    ("roles/head-of-sales.yml", "    weight: 60", "    weight: 60.5", True),
    ("roles/head-of-sales.yml", "name: Head of sales", "name: Head of sales\nid: head-of-sales", True),
    ("roles/head-of-sales.yml", "  - value: customer-first", "  - value: Customer-First", False),
    ("roles/head-of-sales.yml", "name: Head of sales", "name: Head of sales\nlast_reviewed: 2026-02-28", True),
    ("roles/head-of-sales.yml", "name: Head of sales", "name: Head of sales\nlast_reviewed: 2026-02-30", False),
    ("roles/head-of-sales.yml", "name: Head of sales", "name: Head of sales\nlast_reviewed: 28/02/2026", False),
    ("roles/head-of-sales.yml", "name: Head of sales", "name: Head of sales\nwaivers:\n  - rule: SPM106\n    reason: Agreed.", True),
    ("roles/head-of-sales.yml", "feedback: [weekly-one-to-one, annual-review]", "feedback: weekly-one-to-one", False),
    ("organisation.yml", 'edition: "2027"', "edition: 2027", True),  # text: a YAML number is fine
    ("organisation.yml", "mission:", "misson:", False),
    ("measures/sales.yml", "direction: higher", "direction: up", False),
    ("measures/sales.yml", "kind: effectiveness", "kind: outcome", True),
    ("measures/sales.yml", "    kind: effectiveness\n", "", True),  # optional: SPM116 reports it
    ("measures/sales.yml", "    definition: Deals won as a share of deals closed, won or lost.\n", "", False),
    ("measures/sales.yml", "target: 25", "target: TBD", True),
    ("measures/sales.yml", "target: 25", "target: 25%", False),
    ("feedback.yml", "cadence: weekly", "cadence: daily", False),
    ("levels.yml", "id: l1", "id: 1", True),  # an id may be a whole number
    ("levels.yml", "id: l1", "id: L1", False),
]


@pytest.mark.parametrize(("rel", "old", "new", "valid"), PARITY, ids=[f"{p[0]}:{p[2][:30]}" for p in PARITY])
def test_the_editor_and_spm_site_agree(tmp_path, rel, old, new, valid):
    text = MINIMAL[rel]
    assert old in text
    text = text.replace(old, new, 1)
    kind = rel.split("/")[0].removesuffix(".yml")
    in_editor = schema_errors(kind, text)
    in_tool = tool_problems(tmp_path, rel, text)
    assert (in_editor == []) is valid, in_editor
    assert (in_tool == []) is valid, in_tool


def test_settings_schema_knows_every_rule_by_code_and_name():
    rules = SCHEMAS[SETTINGS_KIND]["properties"]["rules"]
    for rule in rule_registry.RULES.values():
        assert rule.CODE in rules["properties"] and rule.NAME in rules["properties"]
        for option in rule_registry.options(rule).settings():
            assert option in rules["properties"][rule.CODE]["else"]["properties"]

    def errors(text: str) -> list[str]:
        return schema_errors(SETTINGS_KIND, text)

    assert errors("rules:\n  SPM106: error\n  imposed-measure: warning\n  spm111: info\nalignment_page: false\n") == []
    assert errors("rules:\n  SPM118:\n    max_age_days: 400\n    severity: warning\n") == []
    assert errors("rules:\n  SPM118:\n    max_age: 400\n") != []
    assert errors("rules:\n  SPM999: error\n") != []
    assert errors("rules:\n  SPM106: loud\n") != []
    assert errors("alignment: true\n") != []


# --- editor setup -----------------------------------------------------------------------------


def _glob_regex(glob: str) -> re.Pattern[str]:
    """A workspace glob as VS Code reads it: `**/` is any number of folders, `*` stays in one."""
    out = re.escape(glob).replace(r"\*\*/", "(?:[^/]+/)*").replace(r"\*", "[^/]*")
    return re.compile(out + "$")


def test_vscode_maps_every_framework_file_to_its_schema():
    settings = json.loads((REPO / ".vscode/settings.json").read_text())
    mapping = settings["yaml.schemas"]
    assert mapping == {f"./schemas/{schema_file(k)}": file_globs(k) for k in SCHEMAS}
    for target in mapping:
        assert (REPO / target).is_file(), target
    found, _ = discover(REPO / "framework")
    assert found
    for kind, path in found:
        rel = path.relative_to(REPO).as_posix()
        matching = [s for s, globs in mapping.items() if any(_glob_regex(g).match(rel) for g in globs)]
        assert matching == [f"./schemas/{schema_file(kind)}"], rel
    for rel, kind in (("framework/roles/sales/deep.yaml", "roles"), ("framework/spm.yml", SETTINGS_KIND),
                      ("framework/organisation.yaml", "organisation")):
        matching = [s for s, globs in mapping.items() if any(_glob_regex(g).match(rel) for g in globs)]
        assert matching == [f"./schemas/{schema_file(kind)}"], rel


def test_vscode_recommends_the_yaml_extension():
    extensions = json.loads((REPO / ".vscode/extensions.json").read_text())
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_authoring_guide_modeline_points_at_a_schema():
    guide = (REPO / "AUTHORING.md").read_text()
    modelines = re.findall(r"# yaml-language-server: \$schema=(\S+)", guide)
    assert modelines
    for target in modelines:
        assert (REPO / "framework/roles" / target).resolve().is_file() or (REPO / "framework" / target).resolve().is_file(), target


def test_schema_command_writes_every_schema_and_is_stable(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    first = runner.invoke(cli, ["schema"])
    assert first.exit_code == 0, first.output
    written = sorted((tmp_path / "schemas").iterdir())
    assert [p.name for p in written] == sorted(schema_file(k) for k in SCHEMAS)
    assert first.output.splitlines() == [f"wrote {Path('schemas') / schema_file(k)}" for k in SCHEMAS]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in written}
    again = runner.invoke(cli, ["schema", "-o", "schemas"])
    assert again.exit_code == 0
    assert all(line.startswith("unchanged ") for line in again.output.splitlines())
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in written} == before
    for p in written:
        assert p.read_bytes() == (REPO / "schemas" / p.name).read_bytes()


# --- the reference page -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(EXAMPLES))
def test_reference_examples_are_valid(kind, tmp_path):
    rel, text = EXAMPLES[kind]
    rel = rel.removeprefix("framework/")
    if kind == SETTINGS_KIND:
        root = write_framework(tmp_path / "fw", {rel: text})
        _, problems = load_settings(root)
        assert problems == []
    else:
        assert tool_problems(tmp_path, rel, text) == []
    assert schema_errors(kind, text) == []


def test_every_kind_has_an_example():
    assert set(EXAMPLES) == {*FILE_KINDS, SETTINGS_KIND}


def test_every_reference_key_says_what_it_points_at():
    """A new key holding an id must be added to REFERENCES, so the page can say what it names."""
    id_keys = set()
    for kind in FILE_KINDS:
        schema = SCHEMAS[kind]
        models = {FILE_KINDS[kind].__name__: schema, **schema.get("$defs", {})}
        for name, model in models.items():
            for key, prop in model.get("properties", {}).items():
                item = prop.get("items", prop)
                if item.get("pattern") == ID_PATTERN and key != "id":
                    id_keys.add((name, key))
    assert id_keys - NOT_REFERENCES == set(REFERENCES)  # former ids are checked by framework/former_ids.py
    assert set(REFERENCES.values()) <= set(TARGET_ANCHORS)


def test_reference_anchors_are_unique_and_every_link_target_exists():
    ctx = reference_context()
    anchors = [k.anchor for k in ctx["kinds"]] + [n.anchor for k in ctx["kinds"] for n in k.nested] + ["settings"]
    assert len(anchors) == len(set(anchors))
    assert set(TARGET_ANCHORS.values()) <= set(anchors)


@pytest.fixture
def in_tmp(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_reference_page_documents_every_key_of_a_role(runner, make_framework, in_tmp):
    result = runner.invoke(cli, ["build", str(make_framework()), "--site-dir", str(in_tmp / "site")])  # --strict
    assert result.exit_code == 0, result.output
    html = (in_tmp / "site/reference/index.html").read_text()
    for key in Role.model_fields:
        assert f"<code>{key}</code>" in html, key
    for model in ("role-measure", "role-level", "level-target", "acceptance", "role-value", "partnership", "waiver"):
        assert f'id="{model}"' in html, model
    for rule in rule_registry.RULES.values():
        assert rule.CODE in html and rule.NAME in html
    assert "framework/roles/&lt;id&gt;.yml" in html
    # Each reference says, as a link, what kind of item it names (read from the field's declaration).
    for target, anchor in (("function", "functions"), ("role", "roles"), ("measure", "measure"), ("level", "level"),
                           ("feedback rhythm", "rhythm"), ("value", "values"), ("behaviour", "behaviour")):
        assert f'<a href="#{anchor}">{target}</a> id' in html, target
    assert "<pre><code>name: Account executive" in html  # the example, as a code block
    home = (in_tmp / "site/index.html").read_text()
    assert 'href="reference/"' in home  # in the navigation


# --- pre-commit and CI ------------------------------------------------------------------------


def _console_scripts() -> dict[str, str]:
    return tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]


def test_pre_commit_hook():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    (hook,) = [h for h in hooks if h["id"] == "spm-site-check"]
    assert hook["entry"] == "spm-site check"
    assert shlex.split(hook["entry"])[0] in _console_scripts()
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False and hook["always_run"] is False
    files = re.compile(hook["files"])
    for path in ("framework/organisation.yml", "framework/roles/account-executive.yml", "framework/spm.yaml"):
        assert files.search(path), path
    for path in ("docs/index.md", "mkdocs.yml", "framework/notes.txt", "tests/fixtures/clinic/levels.yml"):
        assert not files.search(path), path


CI_FILES = [REPO / "examples/ci/github-actions.yml", REPO / "examples/ci/gitlab-ci.yml",
            REPO / "examples/ci/github-actions-audiences.yml"]
_SHELL_OPERATORS = {">", ">>", "<", "|", "||", "&&", ";", "&", "2>", "2>&1"}


def _shell_lines(ci: dict) -> list[str]:
    lines: list[str] = []
    for job in (ci.get("jobs") or ci).values():
        if not isinstance(job, dict):
            continue
        for step in job.get("steps", []):
            lines.extend(str(step.get("run", "")).splitlines())
        for key in ("before_script", "script", "after_script"):
            lines.extend(job.get(key, []))
    return [line.strip() for line in lines if line.strip()]


def spm_site_commands(path: Path) -> list[list[str]]:
    """Every `spm-site ...` command in a CI file, as arguments, without redirections or `|| true`."""
    out = []
    for line in _shell_lines(yaml.safe_load(path.read_text())):
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        words = list(lexer)
        if words and words[0] == "spm-site":
            cut = next((i for i, w in enumerate(words) if w in _SHELL_OPERATORS), len(words))
            out.append(words[1:cut])
    return out


@pytest.mark.parametrize("path", CI_FILES, ids=lambda p: p.name)
def test_ci_example_parses_and_uses_spm_site(path):
    ci = yaml.safe_load(path.read_text())
    assert isinstance(ci, dict)
    commands = spm_site_commands(path)
    assert any(c[0] == "check" for c in commands) and any(c[0] == "build" for c in commands)


def test_github_workflow_checks_pull_requests_and_publishes_main():
    path = REPO / "examples/ci/github-actions.yml"
    ci = yaml.safe_load(path.read_text())
    triggers = ci[True]  # `on:` is a YAML 1.1 boolean to PyYAML
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    uses = [s.get("uses", "") for job in ci["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert ["check", "framework", "--format", "github"] in spm_site_commands(path)
    upload = next(s for job in ci["jobs"].values() for s in job["steps"] if "upload-pages" in s.get("uses", ""))
    assert ["build", "framework", "-d", upload["with"]["path"]] in spm_site_commands(path)


def test_audiences_workflow_publishes_internal_and_public_sites_from_one_build():
    path = REPO / "examples/ci/github-actions-audiences.yml"
    ci = yaml.safe_load(path.read_text())
    (build,) = [c for c in spm_site_commands(path) if c[0] == "build"]
    assert build == ["build", "framework", "--audience", "internal=site", "--audience", "public=public-site"]
    steps = [s for job in ci["jobs"].values() for s in job["steps"]]
    assert any(s.get("with", {}).get("path") == "site" for s in steps if "upload-pages" in s.get("uses", ""))
    assert any(s.get("with", {}).get("path") == "public-site" for s in steps if "upload-artifact" in s.get("uses", ""))
    assert ci["jobs"]["deploy-internal"]["needs"] == ci["jobs"]["deploy-public"]["needs"] == "build"


def test_gitlab_pages_job_builds_into_public():
    path = REPO / "examples/ci/gitlab-ci.yml"
    ci = yaml.safe_load(path.read_text())
    assert ci["pages"]["artifacts"]["paths"] == ["public"]
    assert ["build", "framework", "-d", "public"] in spm_site_commands(path)
    assert "merge_request_event" in ci["check"]["rules"][0]["if"]


@pytest.mark.parametrize("args", sorted({tuple(c) for p in CI_FILES for c in spm_site_commands(p)}), ids=" ".join)
def test_every_ci_command_runs_on_a_valid_framework(args, runner, tmp_path, monkeypatch):
    """Each command line of the examples is accepted by the CLI and succeeds on MINIMAL.

    The framework is committed as CI sees it: a pull request into `main`, fetched as `origin/main`,
    with the variables GitHub and GitLab set, expanded as the shell would.
    """
    command = cli.commands[args[0]]
    command.make_context(f"spm-site {args[0]}", list(args[1:]))  # raises on any unknown option or bad value
    write_framework(tmp_path / "framework", MINIMAL)
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"):
        monkeypatch.setenv(name, "main")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    env = {**os.environ, "GIT_AUTHOR_NAME": "CI", "GIT_AUTHOR_EMAIL": "ci@example.com", "GIT_COMMITTER_NAME": "CI",
           "GIT_COMMITTER_EMAIL": "ci@example.com", "GIT_CONFIG_GLOBAL": os.devnull}
    for git in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "framework"],
                ["update-ref", "refs/remotes/origin/main", "HEAD"]):
        subprocess.run(["git", *git], cwd=tmp_path, env=env, check=True, capture_output=True)
    result = runner.invoke(cli, [os.path.expandvars(a) for a in args])
    assert result.exit_code == 0, result.output
