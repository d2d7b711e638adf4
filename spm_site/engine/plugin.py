"""The `spm` MkDocs plugin: a thin adapter from the checked framework to MkDocs pages.

`mkdocs build` and `mkdocs serve` work with it as they do with any plugin. Pages exist only in
memory (`File.generated`), so nothing is written into a watched folder, and each page's edit
link opens the YAML file that defines it.

Author text is escaped before Markdown (`sanitize`), the HTML of generated pages is sanitised after
it (`html_clean`), every value handed to the theme is made safe for where the theme prints it, and
the finished site is scanned before it is published (`output_scan`). Hand-written pages in docs/
are the site maintainers' own Markdown, where raw HTML is a feature: they are not sanitised, but the
scan covers them like everything else.

The plugin works without a docs/ folder under `spm-site build`, which lends MkDocs an empty one.
Plain `mkdocs build` needs the folder to exist: MkDocs declares `docs_dir` as a directory that must
exist (`c.DocsDir(exists=True)` in mkdocs/config/defaults.py), and `load_config` aborts on that
validation error before it returns the config, so before any plugin's `on_config` could step in.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment
from markupsafe import Markup, escape

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import meta as mkdocs_meta

from ..site import THEME_DIR, compare, html_clean, navigation, sanitize
from . import editions, leak_scan, output_scan, redirects, sitedir, theme_language, wayfinding
from . import page_cache, parallel, search_index, theme_cache, theme_titles
from .failures import FindingsFailed
from ..site.wayfinding import Way, scrollable_tables, ways
from ..site.labels import ENGLISH, Labels, N_, for_build
from ..site.author_links import docs_pages
from ..site.anchors import foresee_anchors
from ..site.docs_check import PUBLISHED_PAGES, check_docs, own_assets
from ..diagnostics import RULE_PAGES
from ..pipeline import CheckResult, check_framework
from ..site.render import Page, Renderer
from ..site.compiled_templates import CompiledTemplates
from ..site.urls import former_pages, page_path
from ..framework.resolve import Framework
from ..framework.audience import INTERNAL, PUBLIC, Filtered, visible_texts
from ..site.audience_links import UnknownAudience, audience_view
from ..site.audience_text import edition_line, empty_sections, for_audience, for_public
from ..site.template_check import located_template_error

log = logging.getLogger("mkdocs.plugins.spm")

#: spm-site's own configuration, used when a repository has none; its paths are the project's (the
#: current folder), not the folder it is stored in.
DEFAULT_CONFIG = Path(__file__).parent / "defaults" / "mkdocs.yml"

#: What MkDocs dates the sitemap by; each build sets it from its own framework (see `_Epoch`).
EPOCH_ENV = "SOURCE_DATE_EPOCH"

#: The theme's compiled templates (MkDocs sets up every build's theme environment alike).
THEME_TEMPLATES = CompiledTemplates()

#: The navigation when `mkdocs.yml` has none: sections and index pages only. Leaf pages (one per
#: role, measure, ...) are reached from the index tables, which keeps every page small and the build
#: linear in the number of roles.
DEFAULT_NAV = [
    {N_("Home"): "index.md"},
    {N_("Roles"): "roles/index.md"},
    {N_("Measures"): "measures/index.md"},
    {N_("Strategy"): "strategy.md"},
    {N_("Cascade"): "cascade.md"},
    {N_("Objectives"): "objectives/index.md"},
    {N_("Functions"): "functions/index.md"},
    {N_("Values"): "values/index.md"},
    {N_("Principles"): "principles.md"},
    {N_("Career levels"): "levels.md"},
    {N_("Feedback rhythm"): "feedback.md"},
]
# After these, the "For authors" section (site/navigation.py): the reference, the alignment report, the rules.

#: Added to the default nav, after Home, when the site compares with a previous edition.
CHANGES_NAV = {N_("What changed"): "changes.md"}

#: The site name in spm-site's default configuration, replaced by the organisation's own.
PLACEHOLDER_SITE_NAME = "Performance handbook"

#: What docs/ may publish besides Markdown pages: assets a page can show or a browser can use.
ASSET_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico", ".bmp",
                  ".css", ".js", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".pdf")

#: The Markdown extensions the generated pages are written for (admonitions, `{: .class }` and
#: `{ #id }` attributes, tables, heading anchors, Markdown inside the `<div markdown>` that holds one
#: level of a role), with the settings used when the user sets none.
PAGE_EXTENSIONS: dict[str, dict] = {"admonition": {}, "attr_list": {}, "tables": {}, "toc": {"permalink": True},
                                    "md_in_html": {}}


class SpmConfig(Config):
    framework = c.Type(str, default="framework")
    """Folder holding the framework YAML, relative to mkdocs.yml."""
    audience = c.Type(str, default=INTERNAL)
    """Who the site is for: `public`, `internal` or an audience named in spm.yml; it shows only what they may see."""
    templates = c.Type(str, default="theme/templates")
    """Folder of page templates that override the built-in ones, relative to mkdocs.yml."""
    rules = c.Type(dict, default={})
    """Rule settings, as under `rules:` in framework/spm.yml; these win over that file."""
    alignment_page = c.Optional(c.Type(bool))
    """Publish the alignment page (findings and coverage). Default: as in spm.yml, else true."""
    limits = c.Type(dict, default={})
    """Caps on name lengths and file sizes, as under `limits:` in framework/spm.yml; these win."""
    since = c.Optional(c.Type(str))
    """The previous edition, a git revision, to show what changed since; wins over `since:` in spm.yml."""
    as_of = c.Optional(c.Type((str, dt.date)))
    """The date (YYYY-MM-DD) the site is built as of. Default: the edition's effective date, else its approval."""
    workers = c.Optional(c.Type(int))
    """How many processes convert pages at once in a build. Default: one a core; 1: none besides MkDocs' own."""
    cache_dir = c.Optional(c.Type(str))
    """A folder where each build keeps its converted pages for the next one (a CI job keeps it between runs),
    relative to mkdocs.yml. Default: none; `serve` keeps its own in memory."""


def build_timestamp(fw: Framework) -> int:
    """The newest date written in the framework, as a Unix time: stable across rebuilds of the same input."""
    org = fw.organisation
    dates = [d for d in (org.commitment.approved_on, org.last_reviewed) if d]
    dates.extend(item.last_reviewed for _, item in fw.items() if item.last_reviewed)
    newest = max(dates, default=dt.date(2000, 1, 1))
    return int(dt.datetime.combine(newest, dt.time(), tzinfo=dt.timezone.utc).timestamp())


class SpmPlugin(BasePlugin[SpmConfig]):
    """Checks the framework when the config loads, then adds its pages to the build."""

    def __init__(self) -> None:
        #: A check handed over by the caller (`use`), for the next build only.
        self._handed: CheckResult | None = None
        self._epoch = _Epoch()
        #: What this build's audience may not see (None when it sees everything): the leak scan reads it.
        self.filtered: Filtered | None = None
        #: False only under `serve`, which builds into a temporary folder of its own. Every other way
        #: in (`mkdocs build`, `gh-deploy`, MkDocs' Python API, which announces no command at all)
        #: writes into `site_dir`, so the folder is checked unless we know better: fail closed.
        self._writes_site_dir = True
        self.pages: list[Page] = []
        self.root = Path()
        #: generated pages by their path in docs/, for the hooks that only touch our own pages
        self.generated: dict[str, Page] = {}
        #: The framework the pages show (filtered for the audience), for the comparison page's data
        self.framework_shown: Framework | None = None
        #: True when spm-site supplies the navigation (mkdocs.yml has no `nav`)
        self.own_nav = False
        #: The build's files, for the redirect pages the post-build scan accepts
        self.files: Files | None = None
        #: {a former id's page: the page it redirects to}, from the framework (site/urls.py)
        self.former: dict[str, str] = {}
        #: every page's place (breadcrumb, section, neighbours), and the section page marked active now
        self.ways: dict[str, Way] = {}
        self._section: MkDocsPage | None = None
        #: the words of this build's pages (set from the framework in on_config; site/labels.py)
        self.labels: Labels = ENGLISH
        #: work earlier builds did that this one may reuse (engine/page_cache.py): kept in memory by
        #: `serve`, in `cache_dir` when one is set, none for a one-off build
        self.cache: page_cache.PageCache | None = None
        self._serving = False
        #: the digest of what every page's conversion reads besides the page itself (set in on_nav)
        self._converts: str | None = None
        #: the search index's entries, from the cache or made at the end of the build (set in on_files)
        self._search: page_cache.SearchEntries | None = None
        #: the folders the sites of this run are published to, which the cache keeps clear of: each is
        #: built in a staging folder beside it (config.site_dir), so engine/audiences.py names them all
        self.published: tuple[Path, ...] = ()

    def use(self, checked: CheckResult) -> None:
        """Build the next site from a check the caller already ran of this plugin's framework folder,
        so the YAML is not read twice; later builds (serve's rebuilds) read it afresh."""
        self._handed = checked

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so that MkDocs keeps this one plugin across `serve`'s rebuilds instead of making a
        new one each time; every rebuild still computes its pages afresh in `on_config`."""
        self._writes_site_dir = command != "serve"
        self._serving = command == "serve"

    def framework_dir(self, config: MkDocsConfig) -> Path:
        return (project_root(config) / self.config.framework).resolve()

    def templates_dir(self, config: MkDocsConfig) -> Path:
        """The organisation's template overrides, found from its project like every other path."""
        return (project_root(config) / self.config.templates).resolve()

    def settings_overrides(self) -> dict:
        """The plugin's own rule settings, in the shape of framework/spm.yml."""
        overrides: dict = {}
        if self.config.rules:
            overrides["rules"] = self.config.rules
        if self.config.alignment_page is not None:
            overrides["alignment_page"] = self.config.alignment_page
        if self.config.limits:
            overrides["limits"] = self.config.limits
        return overrides

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.config.workers is not None and self.config.workers < 1:
            raise PluginError(f"the spm plugin's workers must be 1 or more, not {self.config.workers}")
        if self._writes_site_dir:  # MkDocs empties site_dir next: it must be a folder spm-site may replace
            from .build import check_site_dir  # build imports this module

            try:
                check_site_dir(config, Path(config.site_dir))
            except sitedir.SiteDirRefused as exc:
                raise PluginError(str(exc)) from None
            # Marked before MkDocs writes (its cleaning keeps dot files), so even a build that fails
            # part-way leaves a folder the next build may replace.
            site = Path(config.site_dir)
            site.mkdir(parents=True, exist_ok=True)
            if not sitedir.is_ours(site):  # spm-site's own staging folder is marked for its site already
                sitedir.mark(site)
        self.root = project_root(config)
        folder = self.framework_dir(config)
        result, self._handed = self._handed, None
        hand_written = docs_pages(Path(config.docs_dir))
        result = result or check_framework(folder, self.settings_overrides(), hand_written)
        if not result.ok or result.framework is None:
            raise FindingsFailed("the framework has errors:\n", result.diagnostics)
        fw, result = self._for_audience(result, hand_written)
        self.labels = for_build(fw.organisation.locale, result.settings.labels)
        config.copyright = edition_line(fw.audience or INTERNAL, self.labels) + (f"<br>{config.copyright}" if config.copyright else "")
        enable_page_extensions(config)
        if config.theme.name == "material" and config.theme.get("font") is not False:
            # Material's web fonts come from Google: the handbook makes no request to outside hosts.
            log.info("theme.font is set to false: the handbook loads no web fonts from outside hosts")
            config.theme["font"] = False
        theme_language.keep_in_step(config, fw)
        theme_language.theme_words(config, self.labels)
        config.watch.append(str(folder))
        templates = self.templates_dir(config)
        if templates.is_dir():
            config.watch.append(str(templates))
        # Our look sits between the organisation's own overrides (custom_dir) and Material itself.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        config.extra_css.insert(0, "assets/spm.css")
        config.extra_javascript.append("assets/spm.js")
        config.extra_javascript.append("assets/spm-finder.js")
        self.own_nav = config.nav is None
        edition = editions.edition(result, folder, self.config.since, self.config.as_of,
                                   self.settings_overrides(), Path(config.docs_dir), fw.audience or INTERNAL)
        if self.own_nav:
            config.nav = [*DEFAULT_NAV, navigation.for_authors(result.settings.alignment_page)]
            if edition.compared:
                config.nav.insert(1, CHANGES_NAV)
            config.nav = navigation.in_language(config.nav, self.labels)
        if config.site_name == PLACEHOLDER_SITE_NAME:
            config.site_name = theme_text(self.labels.raw("%(organisation)s handbook", organisation=fw.organisation.name))
        try:
            self.pages = for_audience(Renderer(fw, [templates], result, directory_urls=config.use_directory_urls,
                                               edition=edition, labels=self.labels).pages(), fw.audience)
            self.generated = {page.path: page for page in self.pages}
            self.framework_shown = fw
        except Exception as exc:  # any error a template raises is the template's: say where it is
            raise FindingsFailed("", [located_template_error(exc, [templates])]) from None
        missing = foresee_anchors(fw, self.pages, config.markdown_extensions, config.mdx_configs)
        if missing:  # MkDocs would name the generated page; this names the YAML line
            raise FindingsFailed("", missing)
        self.former = former_pages(fw)
        self.ways = ways(fw, self.labels)
        wayfinding.enable(config)
        redirects.configure(config, self.former)
        self._epoch.enter(build_timestamp(fw))
        self._narrow_to_audience(config, fw)
        self._open_cache(config)
        return config

    def cache_folder(self, config: MkDocsConfig, site_dir: Path) -> Path | None:
        """The configured cache folder, resolved, once it is known to be clear of the author's folders
        and of `site_dir` (else CacheDirRefused); None when none is configured."""
        if not self.config.cache_dir:
            return None
        from .build import protected_folders  # build imports this module

        protected = [*protected_folders(config), *(sitedir.Protected(Path(site), "the site folder")
                                                   for site in (site_dir, *self.published))]
        return page_cache.check_folder(project_root(config) / self.config.cache_dir, protected)

    def _open_cache(self, config: MkDocsConfig) -> None:
        """The cache this build reads and fills: the folder configured (checked against the author's
        folders), else serve's memory, else none."""
        if self.config.cache_dir:
            try:
                folder = self.cache_folder(config, Path(config.site_dir))
            except page_cache.CacheDirRefused as exc:
                raise PluginError(str(exc)) from None
            if self.cache is None or self.cache.folder != folder:
                self.cache = page_cache.PageCache(folder)
        elif not self._serving:
            # A one-off build has nothing to reuse and nothing to keep; its workers hand their pages over in one.
            self.cache = page_cache.PageCache() if self._workers() > 1 else None
        elif self.cache is None or self.cache.folder is not None:
            self.cache = page_cache.PageCache()
        if self.cache is not None:
            self.cache.begin()

    def _narrow_to_audience(self, config: MkDocsConfig, fw: Framework) -> None:
        """Leave out the menu entries this site has nothing under: sections the framework (or what this
        audience may see of it) does not have. Their pages are still built, with their empty state."""
        if self.own_nav:
            left_out = empty_sections(fw)
            config.nav = navigation.narrow(config.nav, lambda page: page not in left_out
                                           and (fw.audience != PUBLIC or for_public(page)))

    def _for_audience(self, result: CheckResult, hand_written: list[str]) -> tuple[Framework, CheckResult]:
        """The framework this build's audience may see, and the check as its alignment page may show it.

        A link in visible text to a page this audience's site will not have fails here, at its YAML line."""
        try:
            filtered, shown, broken = audience_view(result, self.config.audience, hand_written)
        except UnknownAudience as exc:
            raise PluginError(f"the spm plugin's {exc}") from None
        if broken:
            raise FindingsFailed(f"the {filtered.audience} handbook would have broken links:\n", broken)
        self.filtered = filtered if filtered.hidden else None
        return filtered.framework, shown

    @event_priority(-100)  # after other plugins, so our pages win and nobody changes them afterwards
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the generated pages; a docs/ file that would replace one of ours, or a link, fails the build."""
        sources = {page.path: self._repo_path(page.source) if page.source else None for page in self.pages}
        sources.update({old: sources.get(new) for old, new in self.former.items()})  # redirect pages, written last
        found = check_docs(Path(config.docs_dir).resolve(), sources, config.use_directory_urls, own_assets(),
                           shown=self._docs_path)
        if found:  # raised before anything is copied: a linked file is never published
            raise FindingsFailed("", found)
        hand_written = self._docs_to_publish(files, config)
        # The comparison page's data, one file for every pair of roles (site/compare.py).
        if self.framework_shown is not None:
            files.append(File.generated(config, compare.DATA, content=compare.data_json(
                self.framework_shown, config.use_directory_urls, self.labels)))
        generated = [self._generated_file(page, config) for page in self.pages]
        for page, file in zip(self.pages, generated):
            existing = files.get_file_from_path(page.path)
            if existing is not None:  # added by another plugin
                log.warning(f"{page.path} is replaced by the page generated from the framework")
                files.remove(existing)
            files.append(file)
        if self.own_nav:  # nothing is published unseen: hand-written pages follow the generated sections
            pages = sorted(f.src_uri for f in hand_written if f.is_documentation_page())
            config.nav = [*config.nav, *pages]
        redirects.refresh(files, config)
        self.files = files
        self._converts = None
        self._search = None
        if self.cache is not None:
            index = page_cache.search_index_of(config.plugins.values())
            self._search = page_cache.SearchEntries(index, self.cache) if index is not None else None
        return files

    def _workers(self) -> int:
        """How many processes this build converts in: one under serve, whose server runs threads."""
        return 1 if self._serving else parallel.workers_wanted(self.config.workers)

    @event_priority(-100)  # the last event before MkDocs reads the pages
    def on_nav(self, nav, *, config: MkDocsConfig, files: Files):  # noqa: ANN001, ANN201 (MkDocs' Navigation)
        """Convert our pages in worker processes, into the cache MkDocs' own conversion then reads.

        The files are final here (every plugin's `on_files` has run): what a conversion reads of them
        is fingerprinted now."""
        if self.cache is not None:
            self._converts = page_cache.files_fingerprint(files, config)
        if self.cache is not None and self._converts is not None and self._workers() > 1:
            pages = []
            for page in self.pages:
                file = files.get_file_from_path(page.path)
                if file is not None and file.generated_by:
                    pages.append((file, mkdocs_meta.get_data(page.markdown)[0]))  # as Page.read_source reads it
            started = time.perf_counter()
            done = parallel.convert_ahead(pages, config, files, self._converts, self.cache, self._workers())
            if done:
                log.debug(f"converted {done} pages in {self._workers()} processes in {time.perf_counter() - started:.2f} s")
        return nav

    @event_priority(-100)  # after other plugins: the Markdown they leave is what is converted
    def on_page_markdown(self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        """Let our pages' conversion come from the cache when nothing that goes into it changed."""
        if self.cache is not None and self._converts is not None and self._generated(page) is not None:
            page_cache.convert_with_cache(page, self.cache, self._converts)
        return markdown

    def _generated(self, page: MkDocsPage) -> Page | None:
        """The page spm-site generated for this MkDocs page; None for a hand-written one."""
        return self.generated.get(page.file.src_uri) if page.file.generated_by else None

    def _generated_file(self, page: Page, config: MkDocsConfig) -> File:
        file = File.generated(config, page.path, content=page.markdown)
        if page.leaf:  # reached from index tables, left out of the nav on purpose: no "not in nav" notice
            file.inclusion = InclusionLevel.NOT_IN_NAV
        if page.source:
            file.edit_uri = self._repo_path(page.source)
        return file

    def _docs_path(self, path: Path) -> str:
        """A docs/ file's path from the repository root, its links not followed (unlike `_repo_path`)."""
        return os.path.relpath(path, self.root)

    def _docs_to_publish(self, files: Files, config: MkDocsConfig) -> list[File]:
        """The files of docs/ that are pages or assets; the rest (YAML, backups, dotfiles) are left out."""
        docs_dir = os.path.normpath(config.docs_dir)
        kept: list[File] = []
        left_out: list[str] = []
        for file in list(files):
            if file.generated_by is not None or os.path.normpath(file.src_dir or "") != docs_dir:
                continue
            if publishable(file.src_uri) and not file.inclusion.is_excluded():
                kept.append(file)
            else:
                left_out.append(file.src_uri)
                files.remove(file)
        if left_out:
            log.info(f"not published from {docs_dir} (only Markdown pages and asset files are): {', '.join(left_out)}")
        return kept

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Keep the theme's compiled templates for the next build in this process (serve's rebuilds),
        and hand the theme every page's title marked as the HTML it is (engine/theme_titles.py)."""
        if env.bytecode_cache is None:
            env.bytecode_cache = THEME_TEMPLATES
        theme_titles.mark_page_titles(files)
        if self._serving and self.cache is not None:  # the preview: a page the theme rendered before, unchanged, is kept
            theme_cache.remember(env, config, self.cache)
        return env

    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        """Sanitise our pages' HTML and give every page a title that is safe where the theme prints it."""
        generated = self._generated(page)
        if generated is not None:
            html = html_clean.clean(html)  # its trusted fragments (the diagram) go in after search indexing: on_post_page
            if generated.terms:  # Material's search boosts `tags` far above the text: `NRR` finds its measure first
                # The search box puts each tag into the result as HTML (innerHTML), like the indexed
                # text, which the search plugin stores escaped: author words go in escaped too.
                page.meta["tags"] = [str(escape(term)) for term in generated.terms]
        html = scrollable_tables(html, self.labels)
        if page.title and "title" not in page.meta and not page.is_homepage:
            # The theme prints `meta.title` as it is in <title>, where it would put `page.title` through
            # `striptags`, which turns `&lt;/title&gt;` back into a tag.
            page.meta["title"] = html_title(page.title)
        return html

    def on_page_context(self, context: dict, *, page: MkDocsPage, config: MkDocsConfig, nav) -> dict:  # noqa: ANN001
        """The page's breadcrumb, section and neighbours, for the theme (engine/wayfinding.py)."""
        self._section = wayfinding.place(context, page, nav, self.files or Files([]), self.ways, self.labels)
        return context

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        """Put our pages' trusted fragments (the line-of-sight SVG) in place, once search has indexed
        the page without them: their text is excluded from search anyway, and parsing it cost a
        third of the search plugin's time on a role page."""
        wayfinding.leave(self._section)
        self._section = None
        generated = self._generated(page)
        if generated is not None and generated.fragments:
            output = html_clean.restore(output, generated.fragments)
        return output

    def on_build_error(self, *, error: Exception) -> None:
        self._epoch.leave()

    @event_priority(100)  # before the search plugin writes its index
    def _index_for_search(self, *, config: MkDocsConfig) -> None:
        """Index the pages the cache had no search entries for, in worker processes where there are cores."""
        if self._search is not None:
            workers = self._workers()
            self._search.finish(lambda function, count: parallel.map_forked(function, count, workers))

    @event_priority(-100)  # after other plugins' (the redirects plugin writes its pages in its own)
    def _scan_built_site(self, *, config: MkDocsConfig) -> None:
        """Scan the built site (the staging folder) and fail the build on anything it should not hold."""
        self._epoch.leave()  # the sitemap is written: the next build, in this process too, dates its own
        search_index.top_sections_only(Path(config.site_dir), self.role_urls())
        started = time.perf_counter()
        trust = replace(self.scan_trust(config), redirect_pages=redirects.expected_pages(config, self.files))
        memo = page_cache.ScanMemo(self.cache) if self.cache is not None else None
        workers = self._workers()
        findings = output_scan.scan(Path(config.site_dir), trust, memo,
                                    lambda function, count: parallel.map_forked(function, count, workers))
        log.debug(f"scanned the built site in {time.perf_counter() - started:.2f} s")
        if findings:
            raise PluginError(output_scan.report(findings))
        filtered = self.filtered  # set for an audience build; None when nothing is hidden
        if filtered is not None:
            started = time.perf_counter()
            leaks = leak_scan.scan_for_leaks(Path(config.site_dir), filtered.hidden,
                                             self.visible_texts(config, filtered.framework))
            log.debug(f"scanned the built site for hidden texts in {time.perf_counter() - started:.2f} s")
            if leaks:
                raise PluginError(leak_scan.report(leaks))
        if self.cache is not None:
            self.cache.end()

    on_post_build = CombinedEvent(_index_for_search, _scan_built_site)

    def role_urls(self) -> set[str]:
        """The URLs of this build's role pages, as the search index names them (engine/search_index.py)."""
        if self.framework_shown is None or self.files is None:
            return set()
        paths = {page_path("role", ident) for ident in self.framework_shown.roles}
        return {file.url for file in self.files if file.src_uri in paths}

    def visible_texts(self, config: MkDocsConfig, fw: Framework) -> Iterator[str]:
        """What this audience may see anyway, so a hidden text that is also here proves no leak: the
        filtered framework's strings, the theme's own templates (not the organisation's overrides) and
        the Reference page and the rules' own pages, whose worked examples (`win-rate`, `chief-executive`)
        are spm-site's own."""
        yield from visible_texts(fw)
        reference = self.generated.get("reference.md")
        if reference is not None:
            yield reference.markdown
        yield from (page.markdown for path, page in self.generated.items() if path.startswith(RULE_PAGES))
        yield from leak_scan.theme_texts(Path(d) for d in config.theme.dirs if d != config.theme.custom_dir)

    @staticmethod
    def scan_trust(config: MkDocsConfig) -> output_scan.Trust:
        """The theme's own folders (not the organisation's overrides), configured scripts, the site's host."""
        theme = [Path(d) for d in config.theme.dirs if d != config.theme.custom_dir]
        scripts = [str(getattr(s, "path", s)) for s in config.extra_javascript]
        site = urlsplit(config.site_url or "")
        return output_scan.Trust.of_theme(theme, scripts, [site.hostname] if site.hostname else [], site.path or "/")

    def _repo_path(self, source: str) -> str:
        """The YAML file's path from the repository root (the folder of mkdocs.yml, else the current one)."""
        path = Path(source).resolve()
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.name


class _Epoch:
    """`SOURCE_DATE_EPOCH` for one build: set from the framework's newest date, unless the user set it
    before the build, and put back as it was when the build ends, so the next build dates its own."""

    def __init__(self) -> None:
        self._before: str | None = None
        self._active = False

    def enter(self, timestamp: int) -> None:
        if not self._active:
            self._before, self._active = os.environ.get(EPOCH_ENV), True
        os.environ[EPOCH_ENV] = self._before if self._before is not None else str(timestamp)

    def leave(self) -> None:
        if not self._active:
            return
        if self._before is None:
            os.environ.pop(EPOCH_ENV, None)
        else:
            os.environ[EPOCH_ENV] = self._before
        self._active = False


def project_root(config: MkDocsConfig) -> Path:
    """The folder the plugin's paths are relative to: that of mkdocs.yml, or the current folder under
    spm-site's own configuration (whose folder is inside the installed package)."""
    folder = Path(config.config_file_path or ".").parent.resolve()
    return Path.cwd().resolve() if folder == DEFAULT_CONFIG.parent.resolve() else folder


def enable_page_extensions(config: MkDocsConfig) -> None:
    """Add the extensions our pages need to a config that lacks them: a plain mkdocs.yml has none of
    them, and without them the pages show raw `!!! abstract` and `{: ... }` text. The user's own
    settings of an extension are kept."""
    present = {extension_name(e) for e in config.markdown_extensions if isinstance(e, str)}
    configured = {extension_name(e) for e in config.mdx_configs}
    for name, settings in PAGE_EXTENSIONS.items():
        if name not in present:
            config.markdown_extensions.append(name)
        if settings and name not in configured:
            config.mdx_configs[name] = dict(settings)


def extension_name(entry: str) -> str:
    """`toc`, however it is spelt: `markdown.extensions.toc` and `markdown.extensions.toc:TocExtension` too."""
    return entry.split(":", 1)[0].rsplit(".", 1)[-1]


def publishable(src_uri: str) -> bool:
    """A page or an asset, not hidden: `notes.md.bak`, `x.yaml`, `.draft.md` and `drafts~` are not."""
    parts = src_uri.split("/")
    return (not any(p.startswith(".") for p in parts)
            and src_uri.lower().endswith(PUBLISHED_PAGES + ASSET_SUFFIXES))


def theme_text(text: str) -> Markup:
    """Author text for a value the theme prints unescaped (the site name): escaped for HTML text and
    attributes, and marked safe so that where the theme does escape it, it is not escaped twice."""
    return Markup(sanitize.html_text(text))


def html_title(title: str) -> str:
    """A page title as the theme means to show it in <title>: tags stripped, text escaped (not unescaped)."""
    return html.escape(Markup(title).striptags(), quote=False)
