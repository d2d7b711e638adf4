"""The theme's output of each page, kept between the preview's rebuilds: a page whose every input to
the theme is what it was is not rendered through the theme again.

After the page cache, rendering each page with the theme's templates (Material's navigation on
every page, its header, its table of contents) is most of what a preview rebuild does, and an edit
of one role changes a handful of pages. MkDocs renders a page with `env.get_template(name).render(
context)`; `remember` makes the templates MkDocs asks for (never those a template includes, which
Jinja asks for with the including template's name) look up their output under a digest of the
whole context first:

- the build's part, once a build: the configuration (every plugin's settings too, and each hook's
  file), the menu (each entry's title and URL, and of its pages what Material prints there: their
  meta, such as `icon` or `status`, and headings), the list of pages, the files of every theme
  folder that is not in site-packages (`custom_dir`: an edited override is a new key), and
  spm-site's code and the installed versions, which cover the theme's own templates and filters;
- the page's part: its URL, source, title, meta, HTML, table of contents, edit link, neighbours and
  ancestors, and which menu entries are marked active while it renders (a role page marks its
  section's);
- everything else in the context (`base_url`, the page's CSS and script URLs, what plugins added),
  as it is: a value with no stable text (an object whose text names its address, meta that JSON
  cannot write) means no key, and the page is rendered as usual. So is a page of another kind
  than MkDocs' own (a blog post).

Only `serve` uses it (in memory, with the rest of its page cache, each output compressed: about a
sixth of its size): a one-off build has nothing to reuse, and a wrong key there would outlive the
session. `on_post_page` still runs on every page.
"""

from __future__ import annotations

import functools
import logging
import os
import site
import sysconfig
import types
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from jinja2 import Environment, Template
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from .page_cache import THEME, PageCache, Unstable, code_fingerprint, digest

log = logging.getLogger("mkdocs.plugins.spm")

#: Settings no theme shows: serve builds each rebuild into a new staging folder.
_NOT_SHOWN = frozenset({"site_dir"})

#: Context entries MkDocs itself sets, each taken into the key in its own way.
_OWN = frozenset({"nav", "pages", "config", "page", "build_date_utc", "mkdocs_version"})


def remember(env: Environment, config: MkDocsConfig, cache: PageCache) -> None:
    """Make the pages this build renders with `env` reuse, and fill, the cache's theme stage."""
    ask = env.get_template
    outputs = _Outputs(config, cache)

    def get_template(name: Any, parent: str | None = None, globals: Any = None) -> Any:
        template = ask(name, parent, globals)
        if parent is not None or not isinstance(template, Template):  # an include, an extends, an import
            return template
        return _Remembered(template, str(name), outputs)

    env.get_template = get_template  # type: ignore[method-assign]


class _Outputs:
    """The keys of one build's pages and where their output is kept."""

    def __init__(self, config: MkDocsConfig, cache: PageCache) -> None:
        self.config, self.cache = config, cache
        self._build: str | None | bool = False  # False: not worked out yet; None: this build has no key

    def key(self, name: str, context: Any) -> str | None:
        page = context.get("page")
        if type(page) is not Page:
            return None
        try:
            build = self._build_key(context)
            if build is None:
                return None
            rest = {k: v for k, v in context.items() if k not in _OWN}
            if self.uses_build_date:
                rest["build_date_utc"] = str(context.get("build_date_utc"))
            return digest(build, name, _page_state(page), _active(context["nav"]), rest)
        except (Unstable, TypeError, ValueError):  # no stable text, or meta JSON cannot write (keys 2024 and "title")
            return None

    def _build_key(self, context: Any) -> str | None:
        if self._build is False:
            try:
                self._build = digest(code_fingerprint(), _config_state(self.config), _nav_state(context["nav"]),
                                     _files_state(context.get("pages")),
                                     [_folder_state(d) for d in self.config.theme.dirs])
            except Exception as exc:  # noqa: BLE001 - a setting or plugin of a shape this key does not know
                log.debug(f"theme cache: no key for this build ({type(exc).__name__}: {exc}); every page is rendered")
                self._build = None
        return self._build if isinstance(self._build, str) else None

    @functools.cached_property
    def uses_build_date(self) -> bool:
        """Whether a template of the theme prints the build's date (Material's do not): then it is in the key."""
        return any(_mentions_build_date(d) for d in self.config.theme.dirs)


class _Remembered:
    """A page template whose `render` gives the kept output when the page's key was seen before."""

    def __init__(self, template: Template, name: str, outputs: _Outputs) -> None:
        self._template, self._name, self._outputs = template, name, outputs

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = dict(*args, **kwargs)
        key = self._outputs.key(self._name, context)
        if key is not None:
            kept = self._outputs.cache.get(THEME, key)
            if isinstance(kept, bytes):
                return zlib.decompress(kept).decode("utf-8")
        output = self._template.render(*args, **kwargs)
        if key is not None:  # compressed: a page's HTML is mostly the menu, said again on every page
            self._outputs.cache.put(THEME, key, zlib.compress(output.encode("utf-8"), 1))
        return output

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


def _page_state(page: Page) -> list[Any]:
    return [page.file.src_uri, page.url, page.canonical_url, page.abs_url, page.title, page.meta, page.content,
            _toc(page.toc), page.edit_url, page.is_homepage, _neighbour(page.previous_page),
            _neighbour(page.next_page), [_neighbour(a) for a in page.ancestors],
            page.update_date]


def _neighbour(item: Any) -> list[Any] | None:
    if item is None:
        return None
    return [type(item).__name__, item.title, getattr(item, "url", None), bool(getattr(item, "active", False))]


def _toc(items: Any) -> list[Any]:
    return [[i.title, i.id, i.level, getattr(i, "typeset", None), _toc(i.children)] for i in items]


def _nav_state(nav: Navigation) -> list[Any]:
    def state(item: Any) -> list[Any]:
        kind = type(item).__name__
        if isinstance(item, Section):
            return [kind, item.title, [state(c) for c in item.children]]
        if isinstance(item, Page):  # Material's menu prints a page's meta (icon, status, subtitle) and more
            return [kind, item.title, item.url, item.meta, getattr(item, "typeset", None),
                    getattr(item, "encrypted", None), _toc(item.toc)]
        if isinstance(item, Link):
            return [kind, item.title, item.url]
        raise Unstable(kind)  # a nav item of a kind this key does not know
    return [state(item) for item in nav.items]


def _active(nav: Navigation) -> list[Any]:
    """The menu entries marked active while this page renders (its own, its sections', and the one
    spm-site marks for a page outside the menu)."""
    return [[type(i).__name__, i.title, getattr(i, "url", None)] for i in _walk(nav.items) if getattr(i, "active", False)]


def _walk(items: list[Any]) -> Iterator[Any]:
    for item in items:
        yield item
        if isinstance(item, Section):
            yield from _walk(item.children)


def _files_state(files: Any) -> list[Any]:
    """The context's `pages` (MkDocs' documentation files): each one's source, URL and page title."""
    return [[f.src_uri, f.url, getattr(f.page, "title", None)] for f in (files or [])]


def _config_state(config: MkDocsConfig) -> list[Any]:
    """Every setting, with each plugin's by name and class, and the theme's by its settings and folders."""
    out: list[Any] = []
    for name in sorted(config.keys() - _NOT_SHOWN):
        value = config[name]
        if name == "plugins":
            value = [_plugin_state(n, p) for n, p in value.items()]
        elif name == "theme":
            value = [value.name, list(value.dirs), _plain(value)]
        out.append([name, _plain(value)])
    return out


def _plugin_state(name: str, plugin: Any) -> list[Any]:
    """A plugin by its class and settings; a hook (`hooks:`, a module MkDocs loads again each build) by its file."""
    if isinstance(plugin, types.ModuleType):
        path = Path(getattr(plugin, "__file__", None) or name)
        stat = path.stat() if path.is_file() else None
        return [name, "hook", str(path), stat and [stat.st_size, stat.st_mtime_ns]]
    return [name, f"{type(plugin).__module__}.{type(plugin).__qualname__}", _plain(getattr(plugin, "config", {}))]


def _plain(value: Any) -> Any:
    """Settings as JSON sees them: MkDocs' config objects (mappings) as dicts, sequences as lists."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


@functools.lru_cache(maxsize=64)
def _installed(folder: str) -> bool:
    """A folder of an installed package (its files are in the code fingerprint), not the author's."""
    roots = {sysconfig.get_paths()[k] for k in ("purelib", "platlib")} | set(site.getsitepackages())
    package = str(Path(__file__).resolve().parents[1])
    real = os.path.realpath(folder)
    return any(real == r or real.startswith(r.rstrip(os.sep) + os.sep)
               for r in {os.path.realpath(r) for r in roots} | {package})


def _folder_state(folder: str) -> Any:
    """An installed theme folder by its path; the author's (`custom_dir`) by every file's name, size and time."""
    if _installed(folder):
        return folder
    return [[str(p.relative_to(folder)), stat.st_size, stat.st_mtime_ns]
            for p in sorted(Path(folder).rglob("*")) if p.is_file() and (stat := p.stat())]


def _mentions_build_date(folder: str) -> bool:
    """Whether a template in the folder prints the build's date; read once a process for an installed theme."""
    return (_installed_mentions if _installed(folder) else _any_template_mentions)(folder)


def _any_template_mentions(folder: str, word: bytes = b"build_date_utc") -> bool:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != ".icons"]  # Material's thousands of icons are SVG, not templates
        for name in files:
            if name.endswith((".html", ".htm", ".xml", ".j2", ".jinja", ".txt")) \
                    and word in Path(root, name).read_bytes():
                return True
    return False


_installed_mentions = functools.lru_cache(maxsize=64)(_any_template_mentions)
