"""The page cache (engine/page_cache.py) on real builds: the same site with or without it, no stale
page, every check still made, its folder kept apart from the author's, and damage only ever slower.

Builds run in one process (`-j 1`), so that the counts say what this build converted itself
(tests/test_parallel_build.py covers the workers). Each test builds a copy of the sample project (mkdocs.yml, framework/, docs/, theme/) or of a
fixture in a temporary folder with `spm-site build --cache DIR`, and reads how much was reused from
the cache's own INFO line ("page cache: markdown N reused, M new, ...").
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import Result

from spm_site.cli import cli
from spm_site.engine import page_cache, sitedir

REPO = Path(__file__).resolve().parent.parent
CLINIC = REPO / "tests/fixtures/clinic"
ROLE = "framework/roles/account-executive.yml"
PURPOSE = "Win new customers who are a genuine fit for Dispatch"
#: A fixed date for the sitemap, so that builds compared byte for byte share it whatever the framework says.
EPOCH = "1767225600"
#: What the cache folder holds after a good build: its marker, a file per stage, the site kept last and its key.
STAGE_FILES = [page_cache.MARKER, "markdown.json", "scan.json", "search.json", "site", "site.key"]
COUNTS = re.compile(r"page cache: markdown (\d+) reused, (\d+) new, search (\d+) reused, (\d+) new, "
                    r"scan (\d+) reused, (\d+) new")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the sample project, the current folder; the cache's INFO line is shown, nothing else
    of MkDocs' below a warning (verbose output would turn MkDocs' anchor checks off)."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("framework", "docs", "theme"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    spm_log = logging.getLogger("mkdocs.plugins.spm")
    monkeypatch.setattr(spm_log, "level", logging.INFO)
    return root


def build(runner, *args: str) -> Result:  # noqa: ANN001
    result = runner.invoke(cli, ["build", "-j", "1", *args])
    assert "Traceback" not in result.output, result.output
    return result


#: `spm-site build` in a process of its own (as CI runs it: the cache comes from its folder, not from the
#: plugin that MkDocs keeps for the life of a process), showing the cache's INFO line.
IN_A_PROCESS = ("import logging, sys; from spm_site.cli import cli; "
                "logging.getLogger('mkdocs.plugins.spm').setLevel(logging.INFO); sys.argv[0] = 'spm-site'; cli()")


class Built(NamedTuple):
    """What a build in a process of its own said, as much of a click Result as the tests read."""

    exit_code: int
    output: str


def build_alone(*args: str) -> Built:
    """`spm-site build ARGS` in a new process in the current folder."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", IN_A_PROCESS, "build", "-j", "1", *args], env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    return Built(done.returncode, done.stdout + done.stderr)


def counts(result: Result | Built) -> dict[str, tuple[int, int]]:
    """{stage: (reused, new)} from the build's "page cache:" line (exactly one)."""
    found = COUNTS.findall(result.output)
    assert len(found) == 1, result.output
    n = [int(x) for x in found[0]]
    return {"markdown": (n[0], n[1]), "search": (n[2], n[3]), "scan": (n[4], n[5])}


def published(site: Path) -> dict[str, bytes]:
    """Every file of a built site but its marker (which names the folder it is in)."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.name != sitedir.MARKER}


def tree(root: Path, *skip: Path) -> dict[str, object]:
    """Each folder, file (mode and digest) and link under `root`, but those under `skip`."""
    out: dict[str, object] = {}
    for top, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if Path(top, d) not in skip]
        for name in dirs + files:
            path = Path(top, name)
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                out[rel] = ("link", os.readlink(path))
            elif path.is_dir():
                out[rel] = ("dir", path.stat().st_mode)
            else:
                out[rel] = (path.stat().st_mode, hashlib.sha256(path.read_bytes()).hexdigest())
    return out


def touch(framework: Path) -> None:
    """A change to the framework that changes no page (a YAML comment): the build's input is new, so
    the cache's copy of the last site (engine/site_memo.py) does not stand in, and pages are reused."""
    path = framework / "organisation.yml"
    path.write_text(path.read_text(encoding="utf-8") + "# touched\n", encoding="utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- 1. the same site, and the work really reused ------------------------------------------------

def test_a_cold_and_a_warm_cache_give_the_site_a_build_without_cache_gives(runner, project, tmp_path):
    assert build(runner, "--site-dir", str(tmp_path / "plain")).exit_code == 0
    plain = published(tmp_path / "plain")
    before = tree(tmp_path, tmp_path / "plain")

    cold = build(runner, "--site-dir", str(tmp_path / "site"), "--cache", ".cache/spm-site")
    assert cold.exit_code == 0, cold.output
    assert published(tmp_path / "site") == plain
    pages = counts(cold)["markdown"][1]
    assert pages > 100  # every generated page of the sample
    assert counts(cold) == {"markdown": (0, pages), "search": (0, pages), "scan": (0, counts(cold)["scan"][1])}

    touch(project / "framework")
    before = tree(tmp_path, tmp_path / "plain", tmp_path / "site", project / ".cache")
    warm = build_alone("--site-dir", str(tmp_path / "site"), "--cache", ".cache/spm-site")
    assert warm.exit_code == 0, warm.output
    assert published(tmp_path / "site") == plain
    scanned = counts(cold)["scan"][1]
    assert counts(warm) == {"markdown": (pages, 0), "search": (pages, 0), "scan": (scanned, 0)}
    # Nothing changed at all: the site the last build kept is copied, the same again.
    same = build_alone("--site-dir", str(tmp_path / "site"), "--cache", ".cache/spm-site")
    assert same.exit_code == 0 and "nothing changed since the last build" in same.output, same.output
    assert published(tmp_path / "site") == plain
    # Nothing else was written: only the site and the cache folder are new.
    after = tree(tmp_path, tmp_path / "plain", tmp_path / "site", project / ".cache")
    assert after == before
    assert sorted(p.name for p in (project / ".cache/spm-site").iterdir()) == STAGE_FILES


def test_the_clinic_is_the_same_with_a_warm_cache(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(logging.getLogger("mkdocs.plugins.spm"), "level", logging.INFO)
    shutil.copytree(CLINIC, tmp_path / "clinic")
    assert build(runner, "clinic", "--site-dir", "plain").exit_code == 0
    cold = build(runner, "clinic", "--site-dir", "site", "--cache", "cache")
    touch(tmp_path / "clinic")
    warm = build_alone("clinic", "--site-dir", "site", "--cache", "cache")
    assert cold.exit_code == warm.exit_code == 0, cold.output + warm.output
    pages = counts(cold)["markdown"][1]
    assert pages > 20 and counts(warm)["markdown"] == (pages, 0)
    assert published(tmp_path / "site") == published(tmp_path / "plain")


# --- 2. no stale page ------------------------------------------------------------------------------

def test_an_edited_purpose_shows_and_only_its_pages_are_converted_again(runner, project, tmp_path):
    site = tmp_path / "site"
    pages = warm(runner, site)["markdown"][0]
    edit(project / ROLE, PURPOSE, "Bring in new customers who truly suit Dispatch")
    result = build(runner, "--site-dir", str(site), "--cache", "c")
    assert result.exit_code == 0, result.output
    page = (site / "roles/account-executive/index.html").read_text(encoding="utf-8")
    assert "Bring in new customers who truly suit Dispatch" in page and PURPOSE not in page
    reused, new = counts(result)["markdown"]
    # The role's page, the pages that list roles with their purpose, and little else.
    assert 1 <= new <= 6 and reused == pages - new, result.output
    assert counts(result)["search"][1] == new
    assert published(site) == published_without_cache(runner, tmp_path)


def published_without_cache(runner, tmp_path: Path) -> dict[str, bytes]:  # noqa: ANN001
    """The site of the project as it stands, built without a cache."""
    plain = tmp_path / "plain"
    result = build(runner, "--site-dir", str(plain))
    assert result.exit_code == 0, result.output
    return published(plain)


# --- 3. links and anchors are still checked ------------------------------------------------------

def warm(runner, site: Path, *args: str) -> dict[str, tuple[int, int]]:  # noqa: ANN001
    """Build twice with the cache `c`; the second build's counts, once every page came from the cache."""
    first = build(runner, "--site-dir", str(site), "--cache", "c", *args)
    assert first.exit_code == 0, first.output
    touch(Path.cwd() / "framework")
    second = build(runner, "--site-dir", str(site), "--cache", "c")
    assert second.exit_code == 0, second.output
    assert counts(second)["markdown"][1] == 0
    return counts(second)


def test_a_hand_written_link_to_a_part_a_cached_page_lacks_fails(runner, project, tmp_path):
    """MkDocs checks the anchors a docs page links to against the pages' own anchors: a page from the
    cache must bring its anchors back (`present_anchor_ids`), or no link to it would be checked."""
    (project / "docs/notes.md").write_text("# Notes\n\nSee [the measures](roles/account-executive.md#measures).\n")
    site = tmp_path / "site"
    pages = warm(runner, site)["markdown"][0]
    edit(project / "docs/notes.md", "#measures", "#measurez")
    result = build(runner, "--site-dir", str(site), "--cache", "c")
    assert result.exit_code == 1
    assert "'roles/account-executive.md' does not contain an anchor '#measurez'" in result.output, result.output
    assert "in strict mode" in result.output
    # The same build without --strict: the same warning, with every generated page from the cache.
    lenient = build(runner, "--site-dir", str(site), "--cache", "c", "--no-strict")
    assert lenient.exit_code == 0
    assert "does not contain an anchor '#measurez'" in lenient.output
    assert counts(lenient)["markdown"] == (pages, 0)


ANCHORED = "# Notes\n\n## Plans\n\nWhat we plan.\n"


@pytest.mark.parametrize("verbose", [False, True], ids=["quiet", "filled-by-a-verbose-build"])
def test_a_cached_page_linking_to_a_part_a_docs_page_lost_fails(runner, project, tmp_path, verbose):
    """A generated page's links to parts of other pages are checked after all pages are converted:
    a page from the cache must bring them back (`links_to_anchors`). MkDocs does not collect them
    in a verbose build, so a cache that build filled must not serve a quiet one."""
    (project / "docs/notes.md").write_text(ANCHORED)
    edit(project / ROLE, PURPOSE, f"See [our plans](notes.md#plans). {PURPOSE}")
    site = tmp_path / "site"
    first = build(runner, "--site-dir", str(site), "--cache", "c", *(["-v"] if verbose else []))
    assert first.exit_code == 0, first.output
    edit(project / "docs/notes.md", "## Plans", "## Outlook")
    result = build(runner, "--site-dir", str(site), "--cache", "c")
    assert result.exit_code == 1, result.output
    assert "'notes.md' does not contain an anchor '#plans'" in result.output, result.output
    if not verbose:
        lenient = build(runner, "--site-dir", str(site), "--cache", "c", "--no-strict")
        assert "does not contain an anchor '#plans'" in lenient.output
        assert counts(lenient)["markdown"] == (counts(first)["markdown"][1], 0)


def test_a_site_a_verbose_build_kept_does_not_stand_in_for_a_quiet_one(runner, project, tmp_path):
    """Under -v MkDocs checks no anchors, so a verbose build passes with a link to a missing part; the
    quiet build of the same input must check it, not copy what the verbose one kept."""
    (project / "docs/notes.md").write_text("# Notes\n\nSee [nothing](roles/account-executive.md#nowhere).\n")
    site = tmp_path / "site"
    assert build(runner, "--site-dir", str(site), "--cache", "c", "-v").exit_code == 0
    result = build(runner, "--site-dir", str(site), "--cache", "c")
    assert result.exit_code == 1
    assert "does not contain an anchor '#nowhere'" in result.output, result.output


def test_a_removed_page_fails_as_it_does_without_cache_and_coming_back_reuses_the_pages(runner, project, tmp_path):
    (project / "docs/notes.md").write_text("# Notes\n\nSee [the plan](plan.md).\n")
    (project / "docs/plan.md").write_text("# Plan\n")
    site = tmp_path / "site"
    pages = warm(runner, site)["markdown"][0]
    (project / "docs/plan.md").unlink()
    cached = build(runner, "--site-dir", str(site), "--cache", "c")
    plain = build(runner, "--site-dir", str(site))
    assert cached.exit_code == plain.exit_code == 1
    assert "contains a link 'plan.md', but the target is not found" in cached.output
    # Word for word what the build without cache says (the cache's line aside: MkDocs' strict mode
    # stops after the post-build event, so the cache has had its say).
    assert [line for line in cached.output.splitlines() if "page cache:" not in line] == plain.output.splitlines()
    (project / "docs/plan.md").write_text("# Plan\n")
    touch(project / "framework")
    back = build(runner, "--site-dir", str(site), "--cache", "c")
    assert back.exit_code == 0, back.output
    assert counts(back)["markdown"] == (pages, 0)


# --- 4. warnings are not lost ----------------------------------------------------------------------

def test_a_page_whose_conversion_warns_is_not_kept_and_warns_on_every_build(runner, project, tmp_path):
    home = (REPO / "spm_site/site/templates/home.md.j2").read_text(encoding="utf-8")
    (project / "theme/templates/home.md.j2").write_text(home + "\n[Gone](nowhere.md)\n", encoding="utf-8")
    site, warning = tmp_path / "site", "contains a link 'nowhere.md', but the target is not found"
    first = build(runner, "--site-dir", str(site), "--cache", "c", "--no-strict")
    assert first.exit_code == 0 and first.output.count(warning) == 1, first.output
    pages = counts(first)["markdown"][1]
    stored = json.loads((project / "c/markdown.json").read_bytes())["entries"]
    assert len(stored) == pages - 1
    assert not any("nowhere.md" in entry["content"] for entry in stored.values())
    second = build(runner, "--site-dir", str(site), "--cache", "c", "--no-strict")
    assert second.exit_code == 0 and second.output.count(warning) == 1, second.output
    assert counts(second)["markdown"] == (pages - 1, 1)
    strict = build(runner, "--site-dir", str(site), "--cache", "c")
    assert strict.exit_code == 1 and warning in strict.output
    stored = json.loads((project / "c/markdown.json").read_bytes())["entries"]
    assert len(stored) == pages - 1


class Counted(logging.Handler):
    """Counts the warnings MkDocs logs."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def test_convert_with_cache_keeps_a_clean_conversion_and_never_a_warning_one(tmp_path):
    """The same at the level of one real MkDocs page: what converted with a warning is converted
    (and warns) again; what converted cleanly comes back as MkDocs made it."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nmarkdown_extensions: [toc]\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    cache = page_cache.PageCache()

    def convert(markdown: str) -> tuple[Page, int]:
        config.plugins._current_plugin = "test"  # noqa: SLF001 (set by MkDocs while a plugin runs)
        file = File.generated(config, "page.md", content=markdown)
        files = Files([file])
        page = Page(None, file, config)
        page.read_source(config)
        warnings = Counted()
        logging.getLogger("mkdocs").addHandler(warnings)
        try:
            page_cache.convert_with_cache(page, cache, "base")
            page.render(config, files)
        finally:
            logging.getLogger("mkdocs").removeHandler(warnings)
        return page, warnings.count

    cache.begin()
    for _ in range(2):
        assert convert("# Title\n\n[gone](nowhere.md)\n")[1] == 1
    assert cache.keys(page_cache.MARKDOWN) == set() and cache.misses[page_cache.MARKDOWN] == 2
    fresh, _ = convert("# Title\n\n## Part\n\nText.\n")
    again, _ = convert("# Title\n\n## Part\n\nText.\n")
    assert cache.hits[page_cache.MARKDOWN] == 1
    assert (again.content, again.title, again.present_anchor_ids, [i.id for i in again.toc.items[0].children]) == \
        (fresh.content, "Title", {"title", "part"}, ["part"])


# --- 5. the folder is spm-site's -------------------------------------------------------------------

@pytest.mark.parametrize(("folder", "reason"), [
    ("framework", "it is the framework folder"),
    ("docs", "it is the docs folder"),
    ("framework/roles", "it lies inside the framework folder"),
    ("theme/templates", "it is the templates folder"),
    (".", "it contains the framework folder"),
    ("notes", "it is not empty and holds no .spm-site-cache file"),
    ("link", "it is a symbolic link"),
    ("cache.txt", "it is a file, not a folder"),
    ("site", "it is the site folder"),
    ("new-site", "it is the site folder"),
    ("new-site/cache", "it lies inside the site folder"),
    (".git/spm-site", "it is in or holds a git repository's own folder"),
])
def test_a_folder_not_the_caches_own_is_refused_and_left_as_it_was(runner, project, tmp_path, folder, reason):
    (project / "notes").mkdir()
    (project / "notes/todo.txt").write_text("my own notes\n")
    (project / "real").mkdir()
    (project / "link").symlink_to(project / "real")
    (project / "cache.txt").write_text("not a folder\n")
    (project / ".git").mkdir()
    (project / ".git/HEAD").write_text("ref: refs/heads/main\n")
    site = "new-site" if folder.startswith("new-site") else "site"
    if folder == "site":  # a site built before
        assert build(runner, "--site-dir", "site").exit_code == 0
    before = tree(tmp_path)
    result = build(runner, "--site-dir", site, "--cache", folder)
    assert result.exit_code == 2  # refused before anything is checked, as a site folder would be
    assert "error[cache-dir]: refusing to keep the page cache here: " + reason in result.output, result.output
    assert tree(tmp_path) == before


def test_an_empty_folder_and_one_the_cache_made_are_accepted(runner, project, tmp_path):
    (project / "empty").mkdir()
    assert build(runner, "--site-dir", "site", "--cache", "empty").exit_code == 0
    assert (project / "empty" / page_cache.MARKER).read_bytes() == page_cache.MARKER_TEXT
    touch(project / "framework")
    again = build(runner, "--site-dir", "site", "--cache", "empty")
    assert again.exit_code == 0 and counts(again)["markdown"][1] == 0
    # A cache folder with a marker that is not spm-site's is not one.
    (project / "empty" / page_cache.MARKER).write_text("something else\n")
    refused = build(runner, "--site-dir", "site", "--cache", "empty")
    assert refused.exit_code != 0 and "refusing to keep the page cache here" in refused.output


def test_the_plugin_option_keeps_the_cache_beside_mkdocs_yml(runner, project, tmp_path, monkeypatch):
    edit(project / "mkdocs.yml", "      templates: theme/templates\n",
         "      templates: theme/templates\n      cache_dir: .cache/spm-site\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    args = ("--config-file", str(project / "mkdocs.yml"), "--site-dir", str(tmp_path / "site"))
    assert build(runner, *args).exit_code == 0
    touch(project / "framework")
    again = build(runner, *args)
    assert again.exit_code == 0 and counts(again)["markdown"][1] == 0
    assert (project / ".cache/spm-site" / page_cache.MARKER).is_file()
    assert list(elsewhere.iterdir()) == []


# --- 6. a damaged cache is a slower build, never a wrong one -----------------------------------------

def _truncate(data: dict, raw: bytes) -> bytes:
    return raw[: len(raw) // 2]


def _not_an_object(data: dict, raw: bytes) -> bytes:
    return b"[]"


def _entries_of_another_shape(data: dict, raw: bytes) -> bytes:
    return json.dumps({**data, "entries": dict.fromkeys(data["entries"], 1)}).encode()


def _entries_missing_a_field(data: dict, raw: bytes) -> bytes:
    entries = {key: ["text"] if isinstance(value, list) else {**value, "content": None} if isinstance(value, dict)
               else "yes" for key, value in data["entries"].items()}
    return json.dumps({**data, "entries": entries}).encode()


def _another_version(data: dict, raw: bytes) -> bytes:
    return json.dumps({**data, "code": "0" * 64}).encode()


def _used_not_numbers(data: dict, raw: bytes) -> bytes:
    return json.dumps({**data, "used": dict.fromkeys(data["used"], "soon"), "build": None}).encode()


def test_a_damaged_cache_gives_the_right_site(runner, project, tmp_path):
    site = tmp_path / "site"
    cold = build(runner, "--site-dir", str(site), "--cache", "c")
    assert cold.exit_code == 0
    right, pages = published(site), counts(cold)["markdown"][1]
    good = {stage: (project / f"c/{stage}.json").read_bytes() for stage in page_cache.SAVED}
    for damage in (_truncate, _not_an_object, _entries_of_another_shape, _entries_missing_a_field,
                   _another_version, _used_not_numbers):
        for stage, raw in good.items():
            (project / f"c/{stage}.json").write_bytes(damage(json.loads(raw), raw))
        touch(project / "framework")
        result = build_alone("--site-dir", str(site), "--cache", "c")
        assert result.exit_code == 0, f"{damage.__name__}: {result.output}"
        assert published(site) == right, damage.__name__
        if damage is not _used_not_numbers:  # nothing usable was left: a cold build
            assert counts(result)["markdown"] == (0, pages), damage.__name__
    # and the folder is whole again for the next build
    touch(project / "framework")
    assert counts(build_alone("--site-dir", str(site), "--cache", "c"))["markdown"] == (pages, 0)


# --- 7. memory stays bounded -----------------------------------------------------------------------

def test_an_entry_unused_for_kept_for_builds_is_dropped_in_memory_and_in_the_folder(tmp_path):
    for folder in (None, tmp_path / "cache"):
        cache = page_cache.PageCache(folder)
        cache.begin()
        cache.put(page_cache.MARKDOWN, "old", {"content": "<p>x</p>", "toc": [], "title": None, "anchors": [],
                                               "links": None})
        cache.put(page_cache.SEARCH, "kept", [])
        cache.end()
        for build_number in range(2, page_cache.KEPT_FOR + 2):
            if folder is not None:  # each build its own process, as in CI
                cache = page_cache.PageCache(folder)
            cache.begin()
            assert cache.get(page_cache.SEARCH, "kept") == []
            assert cache.get(page_cache.SEARCH, "never") is None
            cache.end()
            dropped = build_number - 1 >= page_cache.KEPT_FOR
            assert cache.keys(page_cache.MARKDOWN) == (set() if dropped else {"old"}), build_number
            assert cache.keys(page_cache.SEARCH) == {"kept"}
            assert cache.hits[page_cache.SEARCH] == 1 and cache.misses[page_cache.SEARCH] == 1
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == \
        [page_cache.MARKER, "markdown.json", "scan.json", "search.json"]


def test_the_folder_holds_only_the_marker_and_the_stages_after_builds(runner, project, tmp_path):
    (project / "docs/notes.md").write_text("# Notes\n")
    site = tmp_path / "site"
    for _ in range(2):
        assert build(runner, "--site-dir", str(site), "--cache", "c").exit_code == 0
        (project / "docs/notes.md").write_text("# Notes\n\nMore.\n")
    assert sorted(p.name for p in (project / "c").iterdir()) == STAGE_FILES
    # No more entries than the two builds made (the second reused all generated pages).
    stored = json.loads((project / "c/markdown.json").read_bytes())["entries"]
    touch(project / "framework")
    assert len(stored) == counts(build(runner, "--site-dir", str(site), "--cache", "c"))["markdown"][0]


# --- 8. the output scan still sees a hostile file ---------------------------------------------------

@pytest.mark.parametrize("page", ["notes.md", "new.md"])
def test_the_scan_fails_on_a_script_with_a_warm_memo(runner, project, tmp_path, page):
    (project / "docs/notes.md").write_text("# Notes\n\nPlain words.\n")
    site = tmp_path / "site"
    assert warm(runner, site)["scan"][1] == 0
    before = published(site)
    (project / "docs" / page).write_text("# Notes\n\n<script>alert(1)</script>\n")
    result = build(runner, "--site-dir", str(site), "--cache", "c")
    assert result.exit_code == 1, result.output
    assert f"{page[:-3]}/index.html" in result.output and "script" in result.output, result.output
    assert published(site) == before
    # and again: a file the scan refused is never taken as clean
    assert build(runner, "--site-dir", str(site), "--cache", "c").exit_code == 1


# --- 9. several audiences share the cache -------------------------------------------------------------

def test_two_audiences_in_one_run_share_the_cache_and_each_site_is_as_without_it(runner, project, tmp_path):
    """Leadership sees a page more than everyone (a pilot measure), so every page's links may resolve
    differently and its conversion is its own; its search entries are shared. The next run finds
    both audiences' pages in the cache."""
    def sites(prefix: str, *more: str) -> list[dict[str, tuple[int, int]]]:
        result = build(runner, "--audience", f"internal={tmp_path / prefix}-internal",
                       "--audience", f"leadership={tmp_path / prefix}-leadership", *more)
        assert result.exit_code == 0, result.output
        return [dict(zip(("markdown", "search", "scan"), zip(*[iter(map(int, m))] * 2)))
                for m in COUNTS.findall(result.output)]

    assert sites("plain") == []
    internal, leadership = sites("cold", "--cache", "c")
    assert internal["markdown"][0] == 0 and leadership["search"][0] > 100, leadership
    internal, leadership = sites("cold", "--cache", "c")
    assert internal["markdown"][1] == leadership["markdown"][1] == 0
    assert internal["scan"][1] == leadership["scan"][1] == 0
    for audience in ("internal", "leadership"):
        assert published(tmp_path / f"cold-{audience}") == published(tmp_path / f"plain-{audience}")
    assert published(tmp_path / "cold-internal") != published(tmp_path / "cold-leadership")


# --- 10. the preview keeps its cache in memory ---------------------------------------------------------

def test_the_preview_reuses_the_pages_an_edit_did_not_change(project):
    from preview_server import serve

    with serve(project) as served:
        seen = served.wait_for(" new\n", served.wait_for(" new, scan "))
        (cold,) = COUNTS.findall(served.terminal[:seen])
        pages = int(cold[1])
        assert int(cold[0]) == 0 and pages > 100
        edit(project / ROLE, PURPOSE, "Bring in new customers who truly suit Dispatch")
        seen = served.wait_for(" new\n", served.wait_for(" new, scan ", seen))
        (_, second) = COUNTS.findall(served.terminal[:seen])
        reused, new = int(second[0]), int(second[1])
        assert 1 <= new <= 6 and reused == pages - new, second
        served.wait_for("Reloading browsers", seen)
        status, _, body = served.get("roles/account-executive/")
        assert status == 200 and b"Bring in new customers who truly suit Dispatch" in body
    assert not any(project.glob("**/" + page_cache.MARKER))  # serve's cache is memory only
