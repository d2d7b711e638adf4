"""Old URLs that still lead somewhere: the `mkdocs-redirects` plugin, configured by ours.

An item's former ids (`previous_ids`) become entries of the plugin's `redirect_maps`, from the old
page to the new one. The plugin is added to the build when the config does not list it (so plain
`mkdocs build` with only `spm` gets it too); a config that lists it keeps its own entries, which win
over ours for the same old page.

The plugin writes small HTML pages with an inline script and a meta refresh, which the post-build
scan refuses anywhere else. `expected_pages` computes, with the plugin's own functions, exactly what
it writes for each entry that leads to a page of this site, so the scan accepts those files, byte
for byte at their paths, and nothing else of that shape.
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs_redirects.plugin import HTML_TEMPLATE, RedirectPlugin, get_html_path, get_relative_html_path

log = logging.getLogger("mkdocs.plugins.spm")

#: The name the plugin is registered under when spm-site adds it.
NAME = "redirects"


def plugin_of(config: MkDocsConfig) -> RedirectPlugin | None:
    """The config's redirects plugin, whatever name it was listed under; None if there is none."""
    return next((p for p in config.plugins.values() if isinstance(p, RedirectPlugin)), None)


def configure(config: MkDocsConfig, ours: dict[str, str]) -> None:
    """Add `ours` (old page -> new page) to the redirects plugin, adding the plugin if needed.

    Without former ids and without the plugin nothing changes, so such sites build as before.
    """
    plugin = plugin_of(config)
    if plugin is None:
        if not ours:
            return
        plugin = RedirectPlugin()
        errors, _ = plugin.load_config({"redirect_maps": {}})
        if errors:  # pragma: no cover - an empty map is always valid
            raise PluginError(f"could not set up the redirects plugin: {errors}")
        config.plugins[NAME] = plugin
    theirs = dict(plugin.config.get("redirect_maps") or {})
    for old in sorted(set(ours) & set(theirs)):
        if theirs[old] != ours[old]:
            log.info(f"redirect_maps in the config sends {old} to {theirs[old]}, not to {ours[old]} (a former id)")
    plugin.config["redirect_maps"] = {**ours, **theirs}


def refresh(files: Files, config: MkDocsConfig) -> None:
    """Let the redirects plugin see the generated pages: it lists the site's pages in its `on_files`,
    which runs before ours adds them (ours runs last, so that our pages win)."""
    plugin = plugin_of(config)
    if plugin is not None:
        plugin.on_files(files, config=config)


def expected_pages(config: MkDocsConfig, files: Files | None) -> dict[str, str]:
    """{site path: the exact HTML} of every redirect page the plugin writes to a page of this site."""
    plugin = plugin_of(config)
    if plugin is None or files is None:
        return {}
    pages = {f.src_uri: f for f in files.documentation_pages()}
    directory_urls = config.use_directory_urls
    out: dict[str, str] = {}
    for old, new in (plugin.config.get("redirect_maps") or {}).items():
        path, hash_, fragment = str(new).partition("#")
        if path not in pages:
            continue  # another host, or no such page: not a page of ours to vouch for
        url = get_relative_html_path(old, pages[path].url + hash_ + fragment, directory_urls)
        out[get_html_path(old, directory_urls)] = HTML_TEMPLATE.format(url=url)
    return out
