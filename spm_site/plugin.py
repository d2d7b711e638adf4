"""The `spm` MkDocs plugin: a thin adapter from the checked framework to MkDocs pages.

`mkdocs build` and `mkdocs serve` work with it as they do with any plugin. Pages exist only in
memory (`File.generated`), so nothing is written into a watched folder, and each page's edit
link opens the YAML file that defines it.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

import jinja2

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from .diagnostics import format_text
from .pipeline import CheckResult, check_framework
from .render import Page, Renderer
from .resolve import Framework

log = logging.getLogger("mkdocs.plugins.spm")

THEME_DIR = Path(__file__).parent / "theme"
#: Environment variable that points the plugin at another framework folder (used by `spm-site serve DIR`).
FRAMEWORK_ENV = "SPM_SITE_FRAMEWORK"

#: The navigation when `mkdocs.yml` has none: sections and index pages only. Leaf pages (one per
#: role, measure, ...) are reached from the index tables, which keeps every page small and the build
#: linear in the number of roles.
DEFAULT_NAV = [
    {"Home": "index.md"},
    {"Roles": "roles/index.md"},
    {"Measures": "measures/index.md"},
    {"Strategy": "strategy.md"},
    {"Cascade": "cascade.md"},
    {"Objectives": "objectives/index.md"},
    {"Functions": "functions/index.md"},
    {"Values": "values/index.md"},
    {"Principles": "principles.md"},
    {"Career levels": "levels.md"},
    {"Feedback rhythm": "feedback.md"},
    {"Reference": "reference.md"},
]


#: Added to the default nav unless the organisation leaves the alignment page out.
ALIGNMENT_NAV = {"Alignment": "alignment.md"}

#: The site name in spm-site's default configuration, replaced by the organisation's own.
PLACEHOLDER_SITE_NAME = "Performance handbook"


class SpmConfig(Config):
    framework = c.Type(str, default="framework")
    """Folder holding the framework YAML, relative to mkdocs.yml."""
    templates = c.Type(str, default="theme/templates")
    """Folder of page templates that override the built-in ones, relative to mkdocs.yml."""
    rules = c.Type(dict, default={})
    """Rule settings, as under `rules:` in framework/spm.yml; these win over that file."""
    alignment_page = c.Optional(c.Type(bool))
    """Publish the alignment page (findings and coverage). Default: as in spm.yml, else true."""


def build_timestamp(fw: Framework) -> int:
    """The newest date written in the framework, as a Unix time: stable across rebuilds of the same input."""
    org = fw.organisation
    dates = [d for d in (org.commitment.approved_on, org.last_reviewed) if d]
    for items in (fw.values, fw.objectives, fw.functions, fw.roles, fw.measures):
        dates.extend(i.last_reviewed for i in items.values() if i.last_reviewed)
    newest = max(dates, default=dt.date(2000, 1, 1))
    return int(dt.datetime.combine(newest, dt.time(), tzinfo=dt.timezone.utc).timestamp())


class SpmPlugin(BasePlugin[SpmConfig]):
    """Checks the framework when the config loads, then adds its pages to the build."""

    def __init__(self) -> None:
        #: A check already run by the caller (the CLI), so the YAML is not read twice.
        self.preloaded: CheckResult | None = None
        self.pages: list[Page] = []
        self.root = Path()

    def framework_dir(self, config: MkDocsConfig) -> Path:
        base = Path(config.config_file_path or ".").parent
        return (base / os.environ.get(FRAMEWORK_ENV, self.config.framework)).resolve()

    def settings_overrides(self) -> dict:
        """The plugin's own rule settings, in the shape of framework/spm.yml."""
        overrides: dict = {}
        if self.config.rules:
            overrides["rules"] = self.config.rules
        if self.config.alignment_page is not None:
            overrides["alignment_page"] = self.config.alignment_page
        return overrides

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(config.config_file_path or ".").parent.resolve()
        folder = self.framework_dir(config)
        result = self.preloaded or check_framework(folder, self.settings_overrides())
        if not result.ok or result.framework is None:
            raise PluginError("the framework has errors:\n" + format_text(result.diagnostics, quote_source=False))
        fw = result.framework
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(build_timestamp(fw)))
        config.watch.append(str(folder))
        templates = (self.root / self.config.templates).resolve()
        if templates.is_dir():
            config.watch.append(str(templates))
        # Our look sits between the organisation's own overrides (custom_dir) and Material itself.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        config.extra_css.insert(0, "assets/spm.css")
        config.extra_javascript.append("assets/spm.js")
        if config.nav is None:
            config.nav = DEFAULT_NAV + ([ALIGNMENT_NAV] if result.settings.alignment_page else [])
        if config.site_name == PLACEHOLDER_SITE_NAME:
            config.site_name = f"{fw.organisation.name} handbook"
        try:
            self.pages = Renderer(fw, [templates], result, directory_urls=config.use_directory_urls).pages()
        except jinja2.TemplateError as exc:
            where = f"{exc.filename}:{exc.lineno}: " if isinstance(exc, jinja2.TemplateSyntaxError) else ""
            raise PluginError(f"{where}error[template]: a page template failed: {exc}") from None
        return config

    @event_priority(-100)  # after other plugins, so our pages win and nobody changes them afterwards
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for page in self.pages:
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                log.warning(f"docs/{page.path} is replaced by the page generated from the framework")
                files.remove(existing)
            file = File.generated(config, page.path, content=page.markdown)
            if page.leaf:  # reached from index tables, left out of the nav on purpose: no "not in nav" notice
                file.inclusion = InclusionLevel.NOT_IN_NAV
            if page.source:
                file.edit_uri = self._repo_path(page.source)
            files.append(file)
        return files

    def _repo_path(self, source: str) -> str:
        """The YAML file's path from the repository root (the folder of mkdocs.yml)."""
        path = Path(source).resolve()
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.name
