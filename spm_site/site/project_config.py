"""What the build reads from the project's config (mkdocs.yml, properdocs.yml), read without MkDocs.

`spm-site check` must look where the build looks: the spm plugin's `framework` and `templates`
folders, its `rules`, `limits` and `alignment_page` settings, and MkDocs' `docs_dir` and
`use_directory_urls`. Importing MkDocs to read them would slow every pre-commit run, and the site
layer may not import it, so the file is read here as YAML, leniently (finding the file is
`engine.config_files.find_config`'s job).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

#: The spm plugin's options that are settings of the framework, in the shape of framework/spm.yml.
SETTING_OPTIONS = {"rules": dict, "limits": dict, "alignment_page": bool}


class _Lenient(yaml.SafeLoader):
    """Reads a config without running anything: `!!python/name:` and `!ENV` values become None."""


_Lenient.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class ProjectConfig:
    """What the build takes from the project's config, read without MkDocs; paths are the build's
    (relative ones from the config's folder), so the check looks where the build looks."""

    framework: Path
    templates: Path
    #: None under spm-site's own configuration, which builds with an empty docs folder.
    docs_dir: Path | None
    use_directory_urls: bool = True
    #: MkDocs' `site_url`: where the handbook is published, which makes the URLs in findings absolute.
    site_url: str | None = None
    #: The plugin's `rules`, `limits` and `alignment_page`, as `SpmPlugin.settings_overrides` returns them.
    overrides: dict = field(default_factory=dict)


def read_config(config: Path | None) -> ProjectConfig:
    """The project's settings from `config`; without a config file to read, the defaults, from the
    current folder, and no docs folder (spm-site's own config builds with an empty one).

    Lenient: a value of the wrong type, or a file that does not parse, counts as absent, since the
    build reports those itself.
    """
    folder = config.parent if config is not None else Path(".")
    found = config is not None and config.is_file()
    data = _load(config) if found else {}
    options = _spm_options(data.get("plugins"))
    framework, templates, docs = (value if isinstance(value, str) else default for value, default in (
        (options.get("framework"), "framework"), (options.get("templates"), "theme/templates"),
        (data.get("docs_dir"), "docs")))
    urls = data.get("use_directory_urls")
    overrides = {key: options[key] for key, kind in SETTING_OPTIONS.items()
                 if isinstance(options.get(key), kind) and (kind is bool or options[key])}
    site_url = data.get("site_url")
    return ProjectConfig(folder / framework, folder / templates, folder / docs if found else None,
                         urls if isinstance(urls, bool) else True, site_url if isinstance(site_url, str) and site_url
                         else None, overrides)


def _load(config: Path) -> dict:
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_Lenient)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _spm_options(plugins: object) -> dict:
    """The spm plugin's options, whether `plugins` is a list (`- spm: {...}`) or a mapping."""
    entries = plugins if isinstance(plugins, list) else [plugins] if isinstance(plugins, dict) else []
    for entry in entries:
        options = entry.get("spm") if isinstance(entry, dict) else None
        if isinstance(options, dict):
            return options
    return {}
