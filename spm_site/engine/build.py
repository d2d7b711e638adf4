"""Build the handbook with MkDocs, atomically: a failed build never touches the published site.

This module and `plugin.py` are the only places that know about MkDocs. The site is built into a
sibling folder and swapped into place at the end, so the previous `site/` stays exactly as it
was until a complete new one exists; `sitedir` decides which folder may be replaced at all.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner about MkDocs 2.0: not for our users

from mkdocs.commands.build import build as mkdocs_build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import Abort, ConfigurationError, PluginError  # noqa: E402
from mkdocs.utils.yaml import yaml_load  # noqa: E402

from . import site_memo, sitedir  # noqa: E402
from ..pipeline import CheckResult, check_framework  # noqa: E402
from ..since import verify as verify_since  # noqa: E402
from ..site.author_links import docs_pages  # noqa: E402
from .plugin import DEFAULT_CONFIG, SpmPlugin, project_root  # noqa: E402

log = logging.getLogger("mkdocs.plugins.spm")


class BuildFailed(Exception):
    """The build stopped; the message says why in the author's terms."""


def config_label(config: MkDocsConfig) -> str:
    """Which config a build used, in the words of a message."""
    path = Path(config.config_file_path or DEFAULT_CONFIG)
    return "spm-site's own configuration" if path.resolve() == DEFAULT_CONFIG.resolve() else os.path.relpath(path)


@contextlib.contextmanager
def site_config(config_file: Path | None, framework_dir: Path | None, **overrides: object) -> Iterator[MkDocsConfig]:
    """The MkDocs config: the repository's mkdocs.yml, or spm-site's defaults.

    A docs folder that does not exist is replaced by an empty temporary one: MkDocs refuses a missing
    `docs_dir`, though a handbook may well be made of generated pages only. `framework_dir` (the
    command line's) is handed to the plugin as its `framework` option.
    """
    with contextlib.ExitStack() as stack:
        overrides.update(config_overrides(config_file, framework_dir))
        if "docs_dir" not in overrides and needs_empty_docs(config_file):
            overrides["docs_dir"] = stack.enter_context(tempfile.TemporaryDirectory(prefix="spm-docs-"))
        config_file = config_file or DEFAULT_CONFIG
        config = load_config(str(config_file), **overrides)
        log.info(f"using {config_label(config)}")
        yield config


def needs_empty_docs(config_file: Path | None) -> bool:
    """True when the build needs an empty docs folder of its own: under spm-site's own config, or
    when the repository's config names a docs folder that does not exist (MkDocs would refuse it)."""
    if config_file is None:
        return True
    docs = _docs_dir(config_file)
    if docs is not None and not docs.is_dir():
        log.info(f"{docs} does not exist: building with an empty docs folder")
        return True
    return False


def config_overrides(config_file: Path | None, framework_dir: Path | None) -> dict[str, object]:
    """The `plugins` setting that names `framework_dir` as the spm plugin's `framework` option: the
    config's own plugins (spm-site's defaults without one), only that option changed."""
    if framework_dir is None:
        return {}
    plugins = _raw_config(config_file or DEFAULT_CONFIG).get("plugins")
    folder = {"framework": str(framework_dir.resolve())}
    named = _by_name(plugins)
    if named is None or "spm" not in named:
        return {}  # no spm plugin to point anywhere: `spm_plugin` says so
    return {"plugins": {**named, "spm": {**(named["spm"] or {}), **folder}}}


def _by_name(plugins: object) -> dict[str, object] | None:
    """`plugins` as a mapping of name to options. MkDocs empties the one-key mappings of the list
    form as it reads them, and `serve` loads the same overrides for every rebuild: the mapping form
    survives that. None for a list naming a plugin twice, which a mapping cannot say."""
    if isinstance(plugins, dict):
        return dict(plugins)
    if not isinstance(plugins, list):
        return None
    pairs = [(entry, None) if isinstance(entry, str) else next(iter(entry.items()))
             for entry in plugins if isinstance(entry, str) or (isinstance(entry, dict) and len(entry) == 1)]
    named = dict(pairs)
    return named if len(named) == len(plugins) else None


def _raw_config(config_file: Path) -> dict:
    """The config as MkDocs reads it (with `INHERIT` and `!ENV`); empty when it cannot be read, which
    MkDocs then reports in its own words."""
    try:
        with open(config_file, "rb") as fd:
            raw = yaml_load(fd)
    except (OSError, yaml.YAMLError, ConfigurationError):
        return {}
    return raw if isinstance(raw, dict) else {}


def _docs_dir(config_file: Path) -> Path | None:
    """The docs folder a config names; None when the config cannot be read."""
    raw = _raw_config(config_file)
    return config_file.parent / str(raw.get("docs_dir", "docs")) if raw else None


def spm_plugin(config: MkDocsConfig) -> SpmPlugin:
    plugin = config.plugins.get("spm")
    if not isinstance(plugin, SpmPlugin):
        raise BuildFailed(f"{config.config_file_path} does not enable the 'spm' plugin: add '- spm' under 'plugins:'")
    return plugin


def protected_folders(config: MkDocsConfig) -> list[sitedir.Protected]:
    """The author's folders a site folder must keep clear of: what the build reads, and the project itself."""
    plugin = spm_plugin(config)
    folders = [
        sitedir.Protected(plugin.framework_dir(config), "the framework folder"),
        sitedir.Protected(Path(config.docs_dir), "the docs folder"),
    ]
    if plugin.templates_dir(config).is_dir():  # the plugin reads it only when it exists
        folders.append(sitedir.Protected(plugin.templates_dir(config), "the templates folder"))
    if config.theme.custom_dir:
        folders.append(sitedir.Protected(Path(config.theme.custom_dir), "the theme's custom_dir"))
    own = _own_config_dir(config)
    if own is not None:
        folders.append(sitedir.Protected(own, "the folder of mkdocs.yml", inside=False))
    folders.append(sitedir.Protected(Path.cwd(), "the current folder", inside=False))
    return folders


def _own_config_dir(config: MkDocsConfig) -> Path | None:
    """The folder of the repository's mkdocs.yml; None under spm-site's own configuration."""
    folder = Path(config.config_file_path or ".").parent
    return None if folder.resolve() == DEFAULT_CONFIG.parent.resolve() else folder


def check_site_dir(config: MkDocsConfig, site_dir: Path) -> Path:
    """`site_dir` resolved, or SiteDirRefused when a build must not replace it."""
    project = _own_config_dir(config) or Path.cwd()
    return sitedir.check(site_dir, protected_folders(config), os.path.relpath(project / "site"))


def build_handbook(framework_dir: Path | None, site_dir: Path, config_file: Path | None = None, *,
                   strict: bool = True, lock_timeout: float = sitedir.LOCK_TIMEOUT,
                   freeze_gc: bool = False, since: str | None = None,
                   as_of: str | None = None, cache_dir: Path | None = None,
                   workers: int | None = None) -> tuple[CheckResult | site_memo.Reused, str]:
    """Check the framework and, when it has no errors, build the handbook into `site_dir`.

    Returns the check's result (nothing is built when it is not `ok`) and which config was used.
    Raises as `build_site` does. `freeze_gc` moves the checked framework out of the collector's
    sight for the build: worth it in a one-shot command, not in a process that builds again.
    `since` and `as_of` set the plugin's options of those names (see engine/editions.py); an
    unknown `since` revision raises RevisionError before anything is checked. `cache_dir` and `workers`
    set the plugin's options of those names (engine/page_cache.py). With a cache folder, a build whose
    whole input is what the last one's was copies the site that one kept (engine/site_memo.py) and
    returns `Reused`.
    """
    if config_file is None and framework_dir is None:
        framework_dir = Path("framework")
    with site_config(config_file, framework_dir, strict=strict) as config:
        check_site_dir(config, site_dir)  # refuse before spending time on the check
        plugin = spm_plugin(config)
        if since is not None:
            verify_since(since, plugin.framework_dir(config))
            plugin.config["since"] = since
        if as_of is not None:
            plugin.config["as_of"] = as_of
        if cache_dir is not None:
            plugin.config["cache_dir"] = str(cache_dir.absolute())
        if workers is not None:
            plugin.config["workers"] = workers
        cache = plugin.cache_folder(config, site_dir)
        key = _input_key(config, plugin, config_file, strict) if cache is not None else None
        if cache is not None and key is not None and _reuse(config, site_dir, cache, key, lock_timeout):
            return site_memo.Reused(), config_label(config)
        result = check_framework(plugin.framework_dir(config), plugin.settings_overrides(),
                                 docs_pages(Path(config.docs_dir)))
        if result.ok:
            if freeze_gc:
                gc.freeze()
                gc.enable()
            kept = (lambda site: _keep(cache, key, site)) if cache is not None and key is not None else None
            build_site(config, site_dir, result, lock_timeout=lock_timeout, kept=kept)
        return result, config_label(config)


def _input_key(config: MkDocsConfig, plugin: SpmPlugin, config_file: Path | None, strict: bool) -> str | None:
    """The digest of everything this build reads (engine/site_memo.py), or None when it reads a
    previous edition from git, which no digest of the files sees."""
    framework = plugin.framework_dir(config)
    if plugin.config.get("since") or site_memo.names_a_previous_edition(framework):
        return None
    folders = {"framework": framework, "docs": Path(config.docs_dir), "templates": plugin.templates_dir(config)}
    if config.theme.custom_dir:
        folders["custom_dir"] = Path(config.theme.custom_dir)
    options = {name: value for name, value in plugin.config.items() if name not in ("cache_dir", "workers")}
    where = os.path.relpath(framework, project_root(config))
    return site_memo.input_key({k: v for k, v in folders.items() if v.is_dir()}, config_file,
                               {"plugin": options, "strict": strict, "framework": where,
                                "directory_urls": config.use_directory_urls, "anchors": _checks_anchors()})


def _checks_anchors() -> bool:
    """False under `-v`: MkDocs collects no links to anchors then (mkdocs/structure/pages.py), so a site
    a verbose build kept never had them checked, and must not stand in for a quiet build's."""
    return logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG


def _reuse(config: MkDocsConfig, site_dir: Path, cache: Path, key: str, lock_timeout: float) -> bool:
    """Put the kept site in place of `site_dir` when it was built from `key`; False when there is none."""
    if not site_memo.has(cache, key):
        return False
    restored = False

    def fill(staging: Path) -> None:
        nonlocal restored
        with sitedir.locked(cache / site_memo.SITE, lock_timeout):
            restored = site_memo.restore(cache, key, staging)
        if not restored:
            raise _Gone

    try:
        replace_folder(lambda: check_site_dir(config, site_dir), fill, lock_timeout)
    except _Gone:  # replaced by another build since we looked: build as usual
        return False
    log.info(f"nothing changed since the last build: copied the site kept in {cache}")
    return True


class _Warned(logging.Handler):
    """Counts the warnings logged while a site builds: `--no-strict` lets them through, and a copy of
    that site would not say them again."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _Gone(Exception):
    """The kept site changed between looking at it and copying it."""


def _keep(cache: Path, key: str, staging: Path) -> None:
    with sitedir.locked(cache / site_memo.SITE):
        site_memo.keep(cache, key, staging)


def build_site(config: MkDocsConfig, site_dir: Path, checked: CheckResult | None = None,
               lock_timeout: float = sitedir.LOCK_TIMEOUT, kept: Callable[[Path], None] | None = None) -> None:
    """Build into a marked sibling folder, then swap it in place of `site_dir`; `kept` sees the new
    site before the swap (the site memo copies it).

    Raises SiteDirRefused when `site_dir` is not ours to replace, SiteDirError for a file-system
    problem (the previous site is then untouched) and BuildFailed when MkDocs stops.
    """
    def fill(staging: Path) -> None:
        warned = _Warned()
        logging.getLogger("mkdocs").addHandler(warned)
        try:
            _build_into(config, staging, checked)
        finally:
            logging.getLogger("mkdocs").removeHandler(warned)
        if kept is not None and not warned.count:  # a build that warned is made again, and warns again
            kept(staging)

    replace_folder(lambda: check_site_dir(config, site_dir), fill, lock_timeout)


def replace_folder(checked_folder: Callable[[], Path], fill: Callable[[Path], None],
                   lock_timeout: float = sitedir.LOCK_TIMEOUT, in_place: Callable[[], None] = lambda: None) -> None:
    """Fill a marked sibling of the folder `checked_folder` approves, then swap it into place.

    The check runs again once the lock is held: the folder may have changed while we waited.
    `in_place` runs as soon as the new folder is in place (see `sitedir.swap`).
    """
    site = checked_folder()
    try:
        site.parent.mkdir(parents=True, exist_ok=True)
        with sitedir.locked(site, lock_timeout):
            site = checked_folder()
            sitedir.remove_leftovers(site)
            with sitedir.staging(site) as staging:
                fill(staging)
                os.chmod(staging, 0o755)  # mkdtemp makes it private; a published site is readable
                sitedir.swap(staging, site, in_place)
    except OSError as exc:
        raise sitedir.located(exc, _rule(exc, site)) from None


def _build_into(config: MkDocsConfig, folder: Path, checked: CheckResult | None) -> None:
    config.site_dir = str(folder)
    if checked is not None:
        spm_plugin(config).use(checked)
    try:
        mkdocs_build(config)
    except (Abort, PluginError, ConfigurationError) as exc:
        raise BuildFailed(str(exc)) from None


def _rule(exc: OSError, site: Path) -> str:
    """site-dir for a problem with the site folder, its parents or what a build puts beside it; else file-system."""
    names = [n for n in (exc.filename, exc.filename2) if n is not None]
    return "site-dir" if not names or any(_beside(Path(os.fsdecode(n)).absolute(), site) for n in names) else "file-system"


def _beside(path: Path, site: Path) -> bool:
    """True for `site`, its parents and anything under the site or a folder a build of it puts beside it."""
    if path in site.parents:
        return True
    try:
        top = path.relative_to(site.parent).parts[0]
    except (ValueError, IndexError):
        return False
    return top == site.name or top.startswith(f".{site.name}")
