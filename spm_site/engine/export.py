"""`spm-site render`: the handbook as plain Markdown files, for engines that run no MkDocs plugin.

Material reaches its end of life on 2027-05-05 and Zensical runs no MkDocs plugins, so a handbook
that only the plugin can produce would be tied to one engine. This writes what the plugin hands
MkDocs (the pages, spm-site's CSS and script, the line-of-sight diagrams as raw HTML) into `docs/`,
beside a minimal `mkdocs.yml` that names the nav, the Markdown extensions and the assets.

Some safeguards live in the plugin's build and cannot travel with plain files: the HTML sanitiser
run after Markdown, the escaped page titles, edit links to the YAML, the scan of the built site.
Author text is still escaped before it reaches Markdown (`sanitize`), but a build of these files is
only as strict as the engine that builds it.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import yaml

from . import sitedir
from .build import replace_folder
from .plugin import DEFAULT_NAV, PAGE_EXTENSIONS, theme_text
from ..site import navigation
from ..diagnostics import format_text
from ..framework.audience import INTERNAL
from ..site.audience_links import UnknownAudience, audience_view
from ..site.audience_text import for_audience
from ..pipeline import CheckResult
from ..site import THEME_DIR, html_clean
from ..site.render import Page, Renderer
from ..site.template_check import located_template_error

#: The folder of pages inside the output; MkDocs refuses a docs folder that holds its own config.
DOCS = "docs"
ASSETS = ("assets/spm.css", "assets/spm.js", "assets/spm-finder.js")


class RenderFailed(Exception):
    """A template stopped the rendering; the message locates it."""


def render_folder(result: CheckResult, framework_dir: Path, out: Path, templates: Path | None,
                  lock_timeout: float = sitedir.LOCK_TIMEOUT, audience: str = INTERNAL) -> None:
    """Write the handbook's files into `out`, replaced only when complete, under the site folder's rules.

    `result` is a passed check of `framework_dir`; `templates` the organisation's overrides, if any;
    only what `audience` may see is written.
    """
    try:
        filtered, result, broken = audience_view(result, audience)
    except UnknownAudience as exc:
        raise RenderFailed(str(exc)) from None
    if broken:
        raise RenderFailed(format_text(broken, quote_source=False))
    result = dataclasses.replace(result, framework=filtered.framework)
    protected = [sitedir.Protected(framework_dir, "the framework folder"),
                 sitedir.Protected(Path(DOCS), "the docs folder"),
                 *([sitedir.Protected(templates, "the templates folder")] if templates else []),
                 sitedir.Protected(Path.cwd(), "the current folder", inside=False)]
    pages = _pages(result, templates)
    replace_folder(lambda: sitedir.check(out, protected, "handbook-md", option="--output-dir"),
                   lambda folder: write_files(result, pages, folder), lock_timeout)


def _pages(result: CheckResult, templates: Path | None) -> list[Page]:
    dirs = [templates] if templates else []
    try:
        fw = result.framework
        return for_audience(Renderer(fw, dirs, result).pages(), fw.audience)
    except Exception as exc:  # any error a template raises is the template's: say where it is
        raise RenderFailed(format_text([located_template_error(exc, dirs)], quote_source=False)) from None


def write_files(result: CheckResult, pages: list[Page], folder: Path) -> None:
    """The pages with their diagrams in place, the assets, and the config that builds them."""
    docs = folder / DOCS
    for page in pages:
        path = docs / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(complete_markdown(page), encoding="utf-8")
    for asset in ASSETS:
        (docs / asset).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(THEME_DIR / asset, docs / asset)
    config = engine_config(f"{result.framework.organisation.name} handbook", pages)
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")


def complete_markdown(page: Page) -> str:
    """The page's Markdown with spm-site's own HTML (the diagrams) where the plugin would restore it."""
    return html_clean.restore(page.markdown, page.fragments)


def engine_config(site_name: str, pages: list[Page]) -> str:
    """A minimal mkdocs.yml for these pages: what MkDocs, ProperDocs or Zensical need to build them."""
    paths = {page.path for page in pages}
    nav = navigation.narrow([*DEFAULT_NAV, navigation.for_authors(True)], lambda page: page in paths)
    config = {
        "site_name": str(theme_text(site_name)),  # the theme prints it unescaped
        "docs_dir": DOCS,
        "theme": {"name": "material", "font": False},
        "nav": nav,
        # Leaf pages are reached from the index tables, as in the plugin's build: no "not in nav" notices.
        "not_in_nav": "\n".join(f"/{page.path}" for page in pages if page.leaf),
        "markdown_extensions": [{name: settings} if settings else name for name, settings in PAGE_EXTENSIONS.items()],
        "extra_css": [ASSETS[0]],
        "extra_javascript": [*ASSETS[1:]],
    }
    return ("# Written by `spm-site render`: plain files that any engine reading mkdocs.yml can build.\n"
            + yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000))


class _Dumper(yaml.SafeDumper):
    """Safe YAML that writes text of several lines (`not_in_nav`) as a block, one path a line."""


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


_Dumper.add_representer(str, _text)

