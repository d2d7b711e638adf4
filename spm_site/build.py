"""Build the handbook with MkDocs, atomically: a failed build never touches the published site.

This module and `plugin.py` are the only places that know about MkDocs. The site is built into a
sibling folder and swapped into place at the end, so the previous `site/` stays exactly as it
was until a complete new one exists.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner about MkDocs 2.0: not for our users

from mkdocs.commands.build import build as mkdocs_build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import Abort, ConfigurationError, PluginError  # noqa: E402

from .pipeline import CheckResult  # noqa: E402
from .plugin import FRAMEWORK_ENV, SpmPlugin  # noqa: E402

DEFAULT_CONFIG = Path(__file__).parent / "defaults" / "mkdocs.yml"


class BuildFailed(Exception):
    """The build stopped; the message says why in the author's terms."""


@contextlib.contextmanager
def site_config(config_file: Path | None, framework_dir: Path | None, **overrides: object) -> Iterator[MkDocsConfig]:
    """The MkDocs config: the repository's mkdocs.yml, or spm-site's defaults with an empty docs folder."""
    with contextlib.ExitStack() as stack:
        if framework_dir is not None:
            stack.enter_context(_env(FRAMEWORK_ENV, str(framework_dir.resolve())))
        if config_file is None:
            empty_docs = stack.enter_context(tempfile.TemporaryDirectory(prefix="spm-docs-"))
            overrides.setdefault("docs_dir", empty_docs)
            config_file = DEFAULT_CONFIG
        config = load_config(str(config_file), **overrides)
        yield config


@contextlib.contextmanager
def _env(name: str, value: str) -> Iterator[None]:
    old = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = old


def spm_plugin(config: MkDocsConfig) -> SpmPlugin:
    plugin = config.plugins.get("spm")
    if not isinstance(plugin, SpmPlugin):
        raise BuildFailed(f"{config.config_file_path} does not enable the 'spm' plugin: add '- spm' under 'plugins:'")
    return plugin


def build_site(config: MkDocsConfig, site_dir: Path, checked: CheckResult | None = None) -> None:
    """Build into a sibling folder, then swap it in place of `site_dir`."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    config.site_dir = str(staging)
    if checked is not None:
        spm_plugin(config).preloaded = checked
    try:
        mkdocs_build(config)
    except (Abort, PluginError, ConfigurationError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(str(exc)) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    os.chmod(staging, 0o755)  # mkdtemp makes it private; a published site is readable
    old = site_dir.with_name(f".{site_dir.name}-old")
    if old.exists():
        shutil.rmtree(old)
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
