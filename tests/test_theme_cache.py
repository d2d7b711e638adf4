"""The preview keeps each page's theme output between rebuilds (engine/theme_cache.py): a rebuild after
an edit gives, byte for byte, the site a fresh preview of the edited project gives, and anything
the theme shows that changed (an override of the theme, a setting) renders every page again.

Real rebuilds of `serve.Preview` on a copy of the sample project, each run in a process of its own
(tests/preview_rebuilds.py), because `serve` keeps its plugin for the rest of a process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import Environment
from mkdocs.structure.pages import Page

from spm_site.engine import theme_cache
from spm_site.engine.page_cache import THEME, PageCache

REPO = Path(__file__).resolve().parents[1]
ROLE = "framework/roles/account-executive.yml"
PURPOSE = "Win new customers who are a genuine fit for Dispatch"
OVERRIDE = "theme/overrides/main.html"


def override(words: str) -> str:
    return '{% extends "base.html" %}\n{% block content %}{{ super() }}<p class="probe">' + words + "</p>{% endblock %}\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for name in ("framework", "theme"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()
    return root


def rebuilds(project: Path, out: Path, *steps: dict[str, str]) -> list[tuple[Path, dict]]:
    """Each step's site and the page cache's counts of that build."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600",
           "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, str(REPO / "tests/preview_rebuilds.py"), str(project), str(out),
                           json.dumps(list(steps))], env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return [(out / str(n), json.loads((out / f"{n}.json").read_text())) for n in range(len(steps))]


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and p.name != ".spm-site"}


def pages(site: Path) -> list[Path]:
    """The pages rendered for a page of the site (the 404 page is rendered on its own, never kept)."""
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def test_a_rebuild_after_an_edit_reuses_the_theme_output_and_gives_what_a_fresh_preview_gives(project, tmp_path):
    role = (project / ROLE).read_text(encoding="utf-8")
    edited = role.replace(PURPOSE, "Bring in new customers who truly suit Dispatch")
    assert edited != role
    (_, cold), (warm_site, warm) = rebuilds(project, tmp_path / "warm", {}, {ROLE: edited})
    assert cold["hits"][THEME] == 0 and cold["misses"][THEME] > 100
    # the edited role's page (and the few that show its purpose) rendered again; every other page kept
    assert 1 <= warm["misses"][THEME] <= 8, warm
    assert warm["hits"][THEME] == cold["misses"][THEME] - warm["misses"][THEME]
    ((fresh_site, _),) = rebuilds(project, tmp_path / "fresh", {})  # the project now holds the edit
    assert files(warm_site) == files(fresh_site)
    assert "Bring in new customers who truly suit Dispatch" in (warm_site / "roles/account-executive/index.html").read_text()


GUIDE = "docs/guide.md"
PAGE_COUNT = ('{% extends "base.html" %}{% block content %}{{ super() }}'
              '<p class="probe">{{ pages|length }} pages</p>{% endblock %}\n')


def test_what_the_menu_shows_of_another_page_is_in_every_key(project, tmp_path):
    """Material's menu prints each menu page's `status` and `subtitle` from its front matter: an edit of
    them renders every page again."""
    steps = ({GUIDE: "# Guide\n\nHow to read this handbook.\n"},
             {GUIDE: "---\nstatus: new\nsubtitle: Fresh subtitle\n---\n"
                     "# Guide\n\nHow to read this handbook.\n"})
    (_, _), (warm_site, warm) = rebuilds(project, tmp_path / "warm", *steps)
    ((fresh_site, _),) = rebuilds(project, tmp_path / "fresh", {})
    assert files(warm_site) == files(fresh_site)
    home = (warm_site / "index.html").read_text(encoding="utf-8")
    assert "Fresh subtitle" in home and "md-status--new" in home
    assert warm["hits"][THEME] == 0 and warm["misses"][THEME] > 100  # every page's menu changed


def test_the_list_of_pages_is_in_the_key(project, tmp_path):
    """An override may print `pages`: a role more (a page outside the menu) renders every page again.
    Front matter that JSON cannot sort (a number as a key) leaves a build without keys: every page
    is rendered as usual."""
    extra = (project / ROLE).read_text(encoding="utf-8").replace("name: Account executive", "name: Second account executive", 1)
    steps = ({OVERRIDE: PAGE_COUNT}, {"framework/roles/second-account-executive.yml": extra},
             {GUIDE: "---\n2024: the year it started\n---\n# Guide\n\nHow to read it.\n"})
    (_, _), (added_site, added), (warm_site, _) = rebuilds(project, tmp_path / "warm", *steps)
    ((fresh_site, _),) = rebuilds(project, tmp_path / "fresh", {})
    assert files(warm_site) == files(fresh_site)
    count = len(pages(added_site))
    assert f"{count} pages" in (added_site / "principles/index.html").read_text(encoding="utf-8")
    assert added["hits"][THEME] == 0


def test_an_edited_theme_override_renders_every_page_again(project, tmp_path):
    (_, first), (site, second) = rebuilds(project, tmp_path / "out", {OVERRIDE: override("first words")},
                                          {OVERRIDE: override("second words")})
    assert first["misses"][THEME] > 100
    assert second["hits"][THEME] == 0
    shown = [p for p in pages(site) if "second words" in p.read_text(encoding="utf-8")]
    assert len(shown) == len(pages(site)) == second["misses"][THEME]
    assert not any("first words" in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


def test_a_changed_setting_renders_every_page_again(project, tmp_path):
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\ncopyright:" not in config
    (_, _), (site, second) = rebuilds(project, tmp_path / "out", {},
                                      {"mkdocs.yml": config + "copyright: Brackenfold, printed for the test\n"})
    assert second["hits"][THEME] == 0
    with_it = [p for p in pages(site) if "printed for the test" in p.read_text(encoding="utf-8")]
    assert len(with_it) == len(pages(site)) == second["misses"][THEME] > 100


class _Unstable:
    """A value whose text names where it is in memory: no key can be made of it."""


def test_no_key_for_a_value_without_stable_text_or_a_page_of_another_kind(tmp_path):
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File
    from mkdocs.structure.nav import Navigation

    config = MkDocsConfig()
    (tmp_path / "docs").mkdir()
    config.load_dict({"site_name": "Test", "docs_dir": str(tmp_path / "docs"), "site_dir": str(tmp_path / "site")})
    assert not config.validate()[0]
    page = Page("Home", File("index.md", str(tmp_path / "docs"), str(tmp_path / "site"), True), config)
    page.content, page.toc = "<p>Hello</p>", []
    nav = Navigation([page], [page])
    outputs = theme_cache._Outputs(config, PageCache())
    context = {"page": page, "nav": nav, "config": config, "pages": [], "base_url": "."}
    key = outputs.key("main.html", context)
    assert key is not None and key == outputs.key("main.html", dict(context))
    assert outputs.key("main.html", {**context, "base_url": ".."}) != key
    page.content = "<p>Hello again</p>"
    assert outputs.key("main.html", context) != key
    assert outputs.key("main.html", {**context, "extra_thing": _Unstable()}) is None

    class Post(Page):
        """A page of a plugin's own (a blog post) may carry more than MkDocs' pages do."""

    post = Post("Post", File("post.md", str(tmp_path / "docs"), str(tmp_path / "site"), True), config)
    assert outputs.key("main.html", {**context, "page": post}) is None

    env = Environment()
    cache = PageCache()
    cache.begin()
    theme_cache.remember(env, config, cache)
    from jinja2 import DictLoader
    env.loader = DictLoader({"main.html": "{{ page.content }} {{ base_url }}"})
    template = env.get_template("main.html")
    assert template.render(context) == "<p>Hello again</p> ."
    assert template.render({**context, "extra_thing": _Unstable()}) == "<p>Hello again</p> ."
    assert cache.hits[THEME] == 0 and len(cache.keys(THEME)) == 1
    assert env.get_template("main.html").render(dict(context)) == "<p>Hello again</p> ."
    assert cache.hits[THEME] == 1


def test_only_installed_theme_folders_are_known_by_their_path(tmp_path):
    """The theme's own templates change only with its version (in the code's fingerprint); a folder of
    the author's is known by its files, wherever it is (even under the interpreter's prefix, /usr)."""
    import material

    material_dir = str(Path(material.__file__).parent / "templates")
    assert theme_cache._folder_state(material_dir) == material_dir
    assert not theme_cache._installed("/usr/src/app/theme/overrides")
    (tmp_path / "main.html").write_text("x")
    assert theme_cache._folder_state(str(tmp_path))[0][:2] == ["main.html", 1]
