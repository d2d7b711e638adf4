"""Several sites from one check: one per audience (`spm-site build --audience public=public-site ...`).

The framework is read and checked once; each audience's site is then built from that check, each
one atomically as `build_site` does, so a failed build leaves that site's previous version in place.
Every site folder is checked before anything is built, so a refused folder wastes no build.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..pipeline import CheckResult, check_framework
from ..since import verify as verify_since
from ..site.author_links import docs_pages
from . import sitedir
from .build import (
    BuildFailed,
    build_site,
    check_site_dir,
    config_label,
    site_config,
    spm_plugin,
)


class UnknownAudience(BuildFailed):
    """An audience on the command line that spm.yml does not define: a usage mistake."""


def build_handbooks(framework_dir: Path | None, targets: Sequence[tuple[str | None, Path]],
                    config_file: Path | None = None, *, strict: bool = True,
                    lock_timeout: float = sitedir.LOCK_TIMEOUT, since: str | None = None,
                    as_of: str | None = None, cache_dir: Path | None = None,
                    workers: int | None = None) -> tuple[CheckResult, str]:
    """Check the framework once and build one site per (audience, folder); None is the plugin's own audience.

    Returns the check's result (nothing is built when it is not `ok`) and which config was used.
    `since`, `as_of`, `cache_dir` and `workers` set the plugin's options of those names for every site, as
    `build_handbook` does; the sites share the cache, so a page two audiences see alike converts once.
    """
    if config_file is None and framework_dir is None:
        framework_dir = Path("framework")
    with site_config(config_file, framework_dir, strict=strict) as config:
        for _, folder in targets:
            check_site_dir(config, folder)
        plugin = spm_plugin(config)
        if cache_dir is not None:
            plugin.config["cache_dir"] = str(cache_dir.absolute())
            for _, folder in targets:  # refused before the check, as a site folder would be
                plugin.cache_folder(config, folder)
        if since is not None:
            verify_since(since, plugin.framework_dir(config))
        result = check_framework(plugin.framework_dir(config), plugin.settings_overrides(),
                                 docs_pages(Path(config.docs_dir)))
        label = config_label(config)
    if not result.ok:
        return result, label
    known = result.settings.audiences
    for audience, _ in targets:
        if audience is not None and not known.known(audience):
            raise UnknownAudience(f"unknown audience '{audience}': the audiences are {', '.join(known.all)} "
                                  "(name your own under audiences: names: in framework/spm.yml)")
    for audience, folder in targets:
        with site_config(config_file, framework_dir, strict=strict) as config:  # a fresh config per site
            plugin = spm_plugin(config)
            plugin.published = tuple(site for _, site in targets)  # the cache keeps clear of every site
            options = plugin.config
            if audience is not None:
                options["audience"] = audience
            if since is not None:
                options["since"] = since
            if as_of is not None:
                options["as_of"] = as_of
            if cache_dir is not None:
                options["cache_dir"] = str(cache_dir.absolute())
            if workers is not None:
                options["workers"] = workers
            build_site(config, folder, result, lock_timeout=lock_timeout)
    return result, label
