"""The framework folder is a closed world, and a finding is one line of ours.

Hostile and careless input, planted in real folders: links that lead out of the framework (to a
token file, to /proc/self/environ), folders behind links, named pipes, values that try to print
lines of their own, capitalised suffixes, ids that take a generated page's place, YAML tags,
invisible characters, look-alike ids and names, duplicates with broken references, oversized
files and names. Every assertion is on what `spm-site check` prints or returns.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import MINIMAL
from spm_site.cli import cli
from spm_site.diagnostic_docs import DIAGNOSTIC_DOCS
from spm_site.diagnostics import format_text
from spm_site.pipeline import check_framework
from spm_site.site.render import Renderer

TOKEN = "SPM-TOKEN-5f2c9a71e0"
FORMATS = ("text", "json", "github", "markdown")


# --- helpers ------------------------------------------------------------------------------------


def rel(file: str, root: Path) -> str:
    return Path(os.path.abspath(file)).relative_to(root).as_posix()


def findings(runner, root: Path, *args: str, exit_code: int = 1) -> list[tuple[str, int, int, str]]:
    """`spm-site check --format json` as (file, line, col, rule), with the exit code checked."""
    result = runner.invoke(cli, ["check", str(root), "--format", "json", *args])
    assert "Traceback" not in result.output
    assert result.exit_code == exit_code, result.output
    return [(rel(d["file"], root), d["line"], d["column"], d["rule"]) for d in json.loads(result.stdout)]


def spm_site(*args: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """The real command in a process of its own (its own /proc/self/environ; a hang is a failure)."""
    command = [sys.executable, "-c", "from spm_site.cli import main; main()", *args]
    return subprocess.run(command, capture_output=True, timeout=timeout, env={**os.environ, **(env or {})})


def changed(path: str, old: str, new: str) -> str:
    text = MINIMAL[path]
    assert text.count(old) == 1, f"{old!r} must occur once in {path}"
    return text.replace(old, new)


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A token file outside the framework, written as YAML so that a reader would quote its lines."""
    path = tmp_path / "outside" / "token.yml"
    path.parent.mkdir()
    path.write_text(f"name: {TOKEN}\ntoken: {TOKEN}\n")
    return path


# --- links, pipes and the closed world --------------------------------------------------------------


LINKS = ["roles/leak.yml", "values/leak.yml", "measures/leak.yml", "spm.yml", "roles/notes.txt", "leak.yml"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_link_to_a_secret_is_reported_and_never_read(runner, make_framework, secret, fmt):
    """A link out of the folder must not put the token into a CI log, in any format."""
    root = make_framework()
    for link in LINKS:
        (root / link).symlink_to(secret)
    result = runner.invoke(cli, ["check", str(root), "--format", fmt])
    raw = result.stdout_bytes + result.stderr_bytes
    assert TOKEN.encode() not in raw
    assert result.exit_code == 1
    found = findings(runner, root)
    assert sorted(f for f in found if f[3] == "symlink") == sorted((link, 1, 1, "symlink") for link in LINKS)


def test_an_organisation_file_behind_a_link_is_not_read(runner, make_framework, tmp_path):
    """Even a valid file is refused behind a link: the site would depend on something outside the folder."""
    root = make_framework()
    real = tmp_path / "organisation.yml"
    (root / "organisation.yml").rename(real)
    (root / "organisation.yml").symlink_to(real)
    assert ("organisation.yml", 1, 1, "symlink") in findings(runner, root)


def test_a_link_that_stays_inside_is_refused_too(runner, make_framework):
    """A link inside gives one file a second name: the same role twice, under two ids."""
    root = make_framework()
    (root / "roles/sales-boss.yml").symlink_to("head-of-sales.yml")
    assert findings(runner, root) == [("roles/sales-boss.yml", 1, 1, "symlink")]


def test_a_folder_behind_a_link_is_reported_not_skipped(runner, make_framework, tmp_path):
    """A linked folder was silently skipped, and its roles vanished; now it is an error, and nothing in it is read."""
    outside = tmp_path / "more-roles"
    outside.mkdir()
    (outside / "spy.yml").write_text(f"name: {TOKEN}\n")
    root = make_framework()
    (root / "roles/more").symlink_to(outside, target_is_directory=True)
    measures = tmp_path / "measures-elsewhere"
    (root / "measures").rename(measures)
    (root / "measures").symlink_to(measures, target_is_directory=True)
    result = runner.invoke(cli, ["check", str(root)])
    assert TOKEN.encode() not in result.stdout_bytes + result.stderr_bytes
    found = findings(runner, root)
    assert ("roles/more", 1, 1, "symlink") in found and ("measures", 1, 1, "symlink") in found
    assert not any(f[0].startswith("roles/more/") for f in found)


def test_a_link_to_the_process_environment_is_not_read(make_framework):
    """/proc/self/environ holds every secret of a CI job; the check must never open it."""
    root = make_framework()
    (root / "roles/env.yml").symlink_to("/proc/self/environ")
    (root / "environ.yml").symlink_to("/proc/self/environ")
    for fmt in FORMATS:
        done = spm_site("check", str(root), "--format", fmt, env={"SPM_SECRET": TOKEN})
        assert TOKEN.encode() not in done.stdout + done.stderr
        assert done.returncode == 1
        assert b"symlink" in done.stdout + done.stderr


def test_a_named_pipe_is_reported_and_never_opened(make_framework):
    """Opening a pipe would wait for a writer forever: the check would hang in CI."""
    root = make_framework()
    for name in ("roles/pipe.yml", "values/pipe", "spm.yml"):
        os.mkfifo(root / name)
    done = spm_site("check", str(root), "--format", "json", timeout=60)
    assert done.returncode == 1, done.stderr
    found = {(rel(d["file"], root), d["rule"]) for d in json.loads(done.stdout)}
    assert found == {("roles/pipe.yml", "not-a-file"), ("values/pipe", "not-a-file"), ("spm.yml", "not-a-file")}


def test_a_finding_quotes_the_text_that_was_read(make_framework):
    """The quoted line comes from what the loader read, not from whatever the path names later."""
    role = changed("roles/account-executive.yml", "- measure: win-rate", "- measure: win-rat")
    root = make_framework({"roles/account-executive.yml": role})
    result = check_framework(root)
    (root / "roles/account-executive.yml").write_text(f"  - measure: {TOKEN}\n" * 40)
    text = format_text(result.diagnostics)
    assert TOKEN not in text
    assert "  - measure: win-rat" in text


def test_findings_from_plugin_options_do_not_quote_a_stray_mkdocs_yml(make_framework, monkeypatch, tmp_path):
    """Settings from mkdocs.yml options are located there, but the check read no such file: quote nothing."""
    root = make_framework()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(f"{TOKEN}: 1\n")
    result = check_framework(root, {"no_such_setting": "1"})
    assert any(d.location.file == "mkdocs.yml" for d in result.diagnostics)
    assert TOKEN not in format_text(result.diagnostics)


# --- messages are one line of ours --------------------------------------------------------------------

FORGED = "roles/x.yml:1:1: error[forged]: gotcha"
#: Values that try to print lines of their own, reorder a line, or drive the terminal.
HOSTILE = [
    f"x\\n{FORGED}",
    f"x\\r{FORGED}",
    f"x\\r\\n{FORGED}",
    "x\\e[2K\\e[1Grewritten",
    "x\\u202e\\u2066deifitnedi",
    "x\\u2028" + FORGED,
    "x\\x85" + FORGED,
]


def _plant(value: str) -> dict[str, str]:
    """The hostile value as an id, a key, an enum value, a number and a name, each echoed by a message."""
    return {
        "roles/account-executive.yml": changed("roles/account-executive.yml", "- measure: win-rate",
                                               f'- measure: "{value}"'),
        "objectives/grow-revenue.yml": MINIMAL["objectives/grow-revenue.yml"] + f'"{value}": FY2028\n',
        "measures/sales.yml": MINIMAL["measures/sales.yml"].replace("direction: higher", f'direction: "{value}"', 1)
                              .replace("target: 40", f'target: "{value}"'),
        "levels.yml": MINIMAL["levels.yml"].replace("name: Senior", f'name: "Senior{value}"'),
    }


_FINDING = re.compile(r"^(?P<file>.+?):\d+:\d+: (error|warning|info)\[(?P<rule>[A-Za-z0-9 -]+)\]: ")
_LINE_OF_OURS = re.compile(r"^(?:  +\d+ \| |       \| *\^$|  help: |  see: spm-site explain [a-zA-Z0-9-]+$|Found \d|"
                           r"No problems found)")
_SNEAKY = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


@pytest.mark.parametrize("value", HOSTILE)
def test_no_value_prints_a_line_of_its_own(runner, make_framework, value):
    """Every line of the text output is a finding of ours, a quoted line, a help line, where to read more
    or the summary."""
    root = make_framework(_plant(value))
    result = runner.invoke(cli, ["check", str(root)])
    assert result.exit_code == 1
    text = result.stdout_bytes.decode() + result.stderr_bytes.decode()
    assert not _SNEAKY.search(text.replace("\n", ""))
    lines = text.splitlines()
    assert len(lines) > 5
    for line in lines:
        if _LINE_OF_OURS.match(line):
            continue
        match = _FINDING.match(line)
        assert match, line
        assert os.path.abspath(match["file"]).startswith(str(root)) and match["rule"] != "forged", line


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("fmt", ["json", "github", "markdown"])
def test_no_value_escapes_its_quotes_in_machine_formats(runner, make_framework, value, fmt):
    """In JSON, in GitHub annotations and in a PR comment, author text stays escaped, one finding a line."""
    root = make_framework(_plant(value))
    result = runner.invoke(cli, ["check", str(root), "--format", fmt])
    out = result.stdout_bytes.decode()
    assert result.exit_code == 1
    assert not _SNEAKY.search(out.replace("\n", ""))
    assert "\r" not in out
    if fmt == "json":
        messages = [d["message"] for d in json.loads(out)]
        assert messages and not any("\n" in m or "\r" in m for m in messages)
    elif fmt == "github":
        assert all(line.startswith(("::error ", "::warning ", "::notice ", "Found ")) for line in out.splitlines())
    else:
        assert all(line.startswith(("### ", "Found ", "| ", "#### ", "- line ")) or not line
                   for line in out.splitlines())


def test_markdown_comment_makes_no_link_image_or_mention(runner, make_framework):
    """A pull-request comment must not turn an author's id into an image request, a link or a mention."""
    role = changed("roles/account-executive.yml", "- measure: win-rate",
                   '- measure: "![x](https://tracker.example/p.gif) [y](https://evil.example) @everyone <b>`"')
    root = make_framework({"roles/account-executive.yml": role})
    out = runner.invoke(cli, ["check", str(root), "--format", "markdown"]).stdout
    assert "![x](" not in out and "[y](" not in out and "<b>" not in out and " @everyone" not in out
    assert r"\!\[x\](https://tracker.example/p.gif)" in out


# --- file names ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["roles/sales-rep.YML", "roles/sales-rep.Yaml", "values/x.yML", "organisation.YAML",
                                  "measures/more.YAML", "spm.YML"])
def test_a_capitalised_suffix_is_an_error_not_silence(runner, make_framework, path):
    """`roles/x.YML` used to vanish from the site with exit 0."""
    root = make_framework({path: MINIMAL["roles/head-of-sales.yml"]})
    if path == "organisation.YAML":
        (root / "organisation.yml").unlink()
    found = findings(runner, root)
    assert (path, 1, 1, "suffix-case") in found
    result = runner.invoke(cli, ["check", str(root)])
    assert f"rename it to '{Path(path).stem}.yml'" in result.output


@pytest.mark.parametrize("path", ["roles/notes.txt", "roles/account-executive.yml.bak", "values/draft.json",
                                  "measures/sales.yml~", "roles/old/README.md"])
def test_a_stray_file_in_an_item_folder_is_a_warning(runner, make_framework, path):
    """Not read, never published: the author should hear about it, but the check still passes."""
    root = make_framework({path: "name: forgotten\n"})
    assert findings(runner, root, exit_code=0) == [(path, 1, 1, "stray-file")]
    assert findings(runner, root, "--strict") == [(path, 1, 1, "stray-file")]


@pytest.mark.parametrize("path", ["README.md", "roles/.DS_Store", ".git/config", ".vscode/settings.json", "logo.png"])
def test_hidden_files_and_files_beside_the_framework_are_ignored(runner, make_framework, path):
    root = make_framework({path: "x\n"})
    assert findings(runner, root, exit_code=0) == []


def test_a_file_name_with_an_invisible_character_is_an_error(runner, make_framework):
    """`measures/\u202egpj.yml` would show as something else in every listing and link."""
    root = make_framework({"measures/\u202egpj.yml": MINIMAL["measures/sales.yml"].replace("id: ", "id: x"),
                           "roles/a\u200bb.yml": MINIMAL["roles/head-of-sales.yml"]})
    found = findings(runner, root)
    assert ("measures/\u202egpj.yml", 1, 1, "bad-file-name") in found  # JSON keeps the real path, for tools
    assert ("roles/a\u200bb.yml", 1, 1, "bad-file-name") in found
    text = runner.invoke(cli, ["check", str(root)]).output
    assert "\u202e" not in text and "\u200b" not in text
    assert "measures/\\u202egpj.yml:1:1: error[bad-file-name]" in text


def test_a_file_name_that_is_not_utf8_is_reported_in_every_format(make_framework):
    """Bytes that are not UTF-8 in a name must neither crash a strict UTF-8 output nor pass unseen."""
    root = make_framework()
    with open(os.fsencode(root / "roles") + b"/bad\xff.yml", "wb") as fh:
        fh.write(b"name: x\n")
    for fmt in FORMATS:
        done = spm_site("check", str(root), "--format", fmt, env={"PYTHONIOENCODING": "utf-8"})
        assert done.returncode == 1, done.stderr
        assert b"Traceback" not in done.stderr
        out = done.stdout + done.stderr
        assert b"udcff.yml" in out and b"\xff" not in out  # escaped (JSON doubles the backslash)


# --- ids the build could not give a page ------------------------------------------------------------


@pytest.mark.parametrize(("path", "content"), [
    ("roles/index.yml", MINIMAL["roles/account-executive.yml"].replace("Account executive", "Index role")),
    ("values/index.yml", MINIMAL["values/customer-first.yml"].replace("Customer first", "Index value")),
    ("objectives/index.yml", MINIMAL["objectives/win-new-logos.yml"].replace("Win 120", "Index")),
    ("functions/index.yml", MINIMAL["functions/marketing.yml"].replace("Marketing", "Index")),
])
def test_index_is_a_reserved_id_for_every_kind_with_pages(runner, make_framework, path, content):
    """`roles/index.yml` passed the check, then failed the build on `roles/index.md`."""
    assert findings(runner, make_framework({path: content})) == [(path, 1, 1, "reserved-id")]


def test_index_is_a_reserved_measure_id(runner, make_framework):
    text = MINIMAL["measures/sales.yml"].replace("id: qualified-leads", "id: index")
    text = text.replace("name: Qualified leads", "name: Index leads")
    root = make_framework({"measures/sales.yml": text,
                           "roles/account-executive.yml": MINIMAL["roles/account-executive.yml"]
                           .replace("measure: qualified-leads", "measure: index")})
    line = text[: text.index("id: index")].count("\n") + 1
    assert findings(runner, root) == [("measures/sales.yml", line, 9, "reserved-id")]


def test_every_generated_page_in_a_section_is_named_by_a_reserved_id(make_framework):
    """If a new generated page joins `roles/` and the rest, its name must become a reserved id too."""
    from spm_site.framework.resolve import PAGED_KINDS, RESERVED_IDS
    from spm_site.framework.kinds import SECTIONS

    assert set(PAGED_KINDS) == set(SECTIONS)
    fw = check_framework(make_framework()).framework
    item_pages = {f"{SECTIONS[kind]}/{ident}.md" for kind in SECTIONS for ident in getattr(fw, SECTIONS[kind])}
    for page in Renderer(fw).pages():
        folder, _, name = page.path.rpartition("/")
        if folder in SECTIONS.values() and page.path not in item_pages:
            assert name.removesuffix(".md") in RESERVED_IDS, page.path


# --- YAML tags -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("tagged", ["!secret Acme", "!!binary QWNtZQ==", "!include other.yml", "!!str Acme",
                                    "!!python/object:os.system {}", "!<tag:yaml.org,2002:str> Acme", "!!int 5"])
def test_every_explicit_tag_is_an_error(runner, make_framework, tagged):
    """Tags were silently dropped: `!secret x` read as 'x', `!!binary` as its base64 text."""
    org = changed("organisation.yml", "name: Acme Field Services", f"name: {tagged}")
    found = findings(runner, make_framework({"organisation.yml": org}))
    assert ("organisation.yml", 1, 7, "yaml-tag") in found


def test_tags_on_keys_lists_and_mappings_are_errors(runner, make_framework):
    role = MINIMAL["roles/head-of-sales.yml"].replace("responsibilities:\n", "!!str responsibilities: !!seq\n")
    role = role.replace("partnership:\n", "partnership: !!map\n")
    found = findings(runner, make_framework({"roles/head-of-sales.yml": role}))
    assert [f for f in found if f[3] == "yaml-tag"] == [
        ("roles/head-of-sales.yml", 4, 1, "yaml-tag"),
        ("roles/head-of-sales.yml", 4, 25, "yaml-tag"),
        ("roles/head-of-sales.yml", 20, 14, "yaml-tag"),
    ]


# --- invisible and reordering characters ---------------------------------------------------------


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
                                  "\u2069", "\u200b", "\u2060", "\ufeff", "\u00ad", "\U000e0041", "\x1b", "\n"])
def test_hidden_characters_in_names_are_errors(runner, make_framework, char):
    escaped = char.encode("unicode_escape").decode()
    root = make_framework({
        "levels.yml": MINIMAL["levels.yml"].replace("name: Senior", f'name: "Sen{escaped}ior"'),
        "roles/account-executive.yml": MINIMAL["roles/account-executive.yml"]
        .replace("  - level: l1\n", f'  - level: l1\n    title: "Junior{escaped} AE"\n'),
    })
    found = findings(runner, root)
    assert ("levels.yml", 6, 11, "hidden-character") in found
    assert ("roles/account-executive.yml", 7, 12, "hidden-character") in found


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\u2066", "\u200d"])
def test_hidden_characters_in_ids_are_errors_that_name_the_character(runner, make_framework, char):
    escaped = char.encode("unicode_escape").decode()
    text = MINIMAL["measures/sales.yml"].replace("id: new-arr", f'id: "new{escaped}-arr"')
    root = make_framework({"measures/sales.yml": text})
    result = check_framework(root)
    [d] = [d for d in result.diagnostics if d.rule == "invalid-id"]
    assert f"U+{ord(char):04X}" in d.hint
    assert char not in d.message and escaped.replace("\\u", "\\u") in d.message


@pytest.mark.parametrize("name", [
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",      # Persian: a zero-width non-joiner inside a word
    "\u0915\u094d\u200d\u0937 team",                          # Devanagari: a joiner in a conjunct
    "Developers \U0001f469\u200d\U0001f4bb",                  # an emoji sequence joined by ZWJ
    "\u05e6\u05d5\u05d5\u05ea (R&D)\u200f",                   # Hebrew with a right-to-left mark after the bracket
    "Scotland \U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # a flag tag sequence
])
def test_joiners_and_marks_are_allowed_where_scripts_need_them(make_framework, name):
    root = make_framework({"levels.yml": MINIMAL["levels.yml"].replace("name: Senior", f"name: {name}")})
    result = check_framework(root)
    assert result.ok, result.diagnostics
    assert result.framework.levels["l2"].name == name


@pytest.mark.parametrize("name", ["\u200dSenior", "Senior\u200c", "Sen\u200d\u200dior", "Senior \u200d team"])
def test_a_joiner_with_nothing_to_join_is_an_error(runner, make_framework, name):
    escaped = name.encode("unicode_escape").decode()
    root = make_framework({"levels.yml": MINIMAL["levels.yml"].replace("name: Senior", f'name: "{escaped}"')})
    assert findings(runner, root) == [("levels.yml", 6, 11, "hidden-character")]


# --- look-alikes ------------------------------------------------------------------------------------


def _measure(ident: str, name: str) -> str:
    return (f"  - id: {ident}\n    name: {name}\n    unit: \"%\"\n    direction: higher\n    owner: sales\n"
            "    objectives: [win-new-logos]\n    kind: outcome\n    definition: Deals won, counted again.\n")


@pytest.mark.parametrize(("ident", "name"), [
    ("wln-rate", "Win rate of deals"),     # l for i
    ("w1n-rate", "Win ratio"),             # 1 for i
    ("vvin-rate", "Wins"),                 # vv for w
    ("new-am", "New ARR"),                 # m for rn (new-arr has rr, not rn: see below)
])
def test_look_alike_ids_are_a_warning(runner, make_framework, ident, name):
    text = MINIMAL["measures/sales.yml"].replace("id: new-arr", "id: new-arn") + _measure(ident, name)
    root = make_framework({"measures/sales.yml": text,
                           "roles/head-of-sales.yml": MINIMAL["roles/head-of-sales.yml"].replace("new-arr", "new-arn")})
    found = findings(runner, root, exit_code=0)
    line = text.count("\n") - 7
    assert ("measures/sales.yml", line, 9, "look-alike") in found, found


@pytest.mark.parametrize("name", ["ＷＩＮ RATE", "win  rate", "Win\u200e rate", "WIN RATE", "Win rate"])
def test_look_alike_names_are_a_warning(runner, make_framework, name):
    text = MINIMAL["measures/sales.yml"] + _measure("close-rate", name)
    found = findings(runner, make_framework({"measures/sales.yml": text}), exit_code=0)
    line = text.count("\n") - 6
    assert [f for f in found if f[3] == "look-alike"] == [("measures/sales.yml", line, 11, "look-alike")]


def test_look_alikes_are_found_in_linear_time(make_framework):
    """Bucketing by folded form: 4,000 measures, one pair of look-alikes, found once."""
    many = "".join(_measure(f"m{i}-x", f"Measure {i}") for i in range(4000))
    text = MINIMAL["measures/sales.yml"] + many + _measure("m1o-x", "Another")
    result = check_framework(make_framework({"measures/sales.yml": text}))
    looks = [d for d in result.diagnostics if d.rule == "look-alike"]
    assert [d.message.split("'")[1] for d in looks] == ["m1o-x"]


# --- duplicates are checked in full --------------------------------------------------------------


def test_a_duplicate_ids_own_references_are_checked(runner, make_framework):
    """Fixing the duplicate must not reveal a second error that was there all along.

    `x.yaml` sorts before `x.yml`, so the `.yml` file is the duplicate; `zz-more.yml` comes after `sales.yml`.
    """
    root = make_framework({
        "roles/account-executive.yaml": MINIMAL["roles/account-executive.yml"],
        "roles/account-executive.yml": MINIMAL["roles/account-executive.yml"].replace("function: sales",
                                                                                      "function: nowhere"),
        "measures/zz-more.yml": "measures:\n" + _measure("win-rate", "Win rate again").replace("owner: sales",
                                                                                                "owner: nobody"),
        "objectives/win-new-logos.yaml": MINIMAL["objectives/win-new-logos.yml"],
        "objectives/win-new-logos.yml": MINIMAL["objectives/win-new-logos.yml"].replace("parent: grow-revenue",
                                                                                        "parent: missing"),
    })
    found = findings(runner, root)
    assert ("roles/account-executive.yml", 1, 1, "duplicate-id") in found
    assert ("roles/account-executive.yml", 2, 11, "unknown-reference") in found
    assert ("measures/zz-more.yml", 2, 9, "duplicate-id") in found
    assert ("measures/zz-more.yml", 6, 12, "unknown-reference") in found
    assert ("objectives/win-new-logos.yml", 1, 1, "duplicate-id") in found
    assert ("objectives/win-new-logos.yml", 4, 9, "unknown-reference") in found


# --- caps on size --------------------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_not_read(runner, make_framework):
    big = MINIMAL["measures/sales.yml"] + "# padding\n" * 110_000
    root = make_framework({"measures/sales.yml": big})
    assert findings(runner, root) == [("measures/sales.yml", 1, 1, "file-too-large")]
    result = runner.invoke(cli, ["check", str(root)])
    assert f"the file is {len(big) / 1024:,.0f} KiB; the limit for one framework file is 1,024 KiB" in result.output
    assert "max_file_kb" in result.output


def test_the_size_limit_can_be_raised(runner, make_framework):
    big = MINIMAL["measures/sales.yml"] + "# padding\n" * 110_000
    root = make_framework({"measures/sales.yml": big, "spm.yml": "limits:\n  max_file_kb: 2048\n"})
    assert findings(runner, root, exit_code=0) == []


def test_a_name_over_the_length_limit_is_an_error(runner, make_framework):
    long = "Senior " * 30
    role = MINIMAL["roles/account-executive.yml"].replace("  - level: l1\n", f"  - level: l1\n    title: {'T' * 201}\n")
    root = make_framework({"levels.yml": MINIMAL["levels.yml"].replace("name: Senior", f"name: {long}"),
                           "roles/account-executive.yml": role,
                           "organisation.yml": changed("organisation.yml", "name: Acme Field Services",
                                                       "name: " + "A" * 100_000)})
    found = findings(runner, root)
    assert found == [("levels.yml", 6, 11, "too-long"), ("organisation.yml", 1, 7, "too-long"),
                     ("roles/account-executive.yml", 7, 12, "too-long")]
    output = runner.invoke(cli, ["check", str(root)]).output
    assert "is 100000 characters long; the limit is 200" in output
    assert len(output) < 3000  # the 100 KB line is quoted as a window around the column


def test_the_name_limit_can_be_raised(runner, make_framework):
    long = "Senior " * 30
    root = make_framework({"levels.yml": MINIMAL["levels.yml"].replace("name: Senior", f"name: {long}"),
                           "spm.yml": "limits:\n  max_name_length: 300\n"})
    assert findings(runner, root, exit_code=0) == []


# --- every code is explained ------------------------------------------------------------------------


def test_every_loading_code_has_an_explanation():
    """`spm-site explain` reads these: every rule name the loading stages can print needs a paragraph."""
    sources = "".join((Path(__file__).parents[1] / "spm_site" / "framework" / name).read_text()
                      for name in ("loader.py", "documents.py", "locate.py", "resolve.py", "model.py"))
    used = set(re.findall(r'"([a-z]+(?:-[a-z]+)+|tab|encoding|cycle|symlink)"', sources))
    used -= {"half-yearly", "reports-to"}  # a cadence and a chain's label, not codes
    used -= {"on-track", "at-risk", "off-track", "no-data"}  # a measure's health statuses
    assert used <= set(DIAGNOSTIC_DOCS), used - set(DIAGNOSTIC_DOCS)
    assert all(len(text) > 80 for text in DIAGNOSTIC_DOCS.values())
